import { useState } from 'preact/hooks';
import { api, get, query, type JournalEntry, type Schemas } from '../api.js';
import { chinaTime } from '../format.js';
import { LIVE_MAX_PER_WRITE } from '../live.js';
import { journal, journalGaps, liveStatus, mergeEntries, replaceGap, say, useStore, type JournalGap } from '../store.js';

/** Fields every entry has or the table already shows; anything else is shown as it comes. */
const SHOWN = new Set([
  'id',
  'time',
  'vendor',
  'method',
  'path',
  'account',
  'action',
  'auth',
  'authError',
  'stringToSign',
  'status',
  'errorCode',
  'latencyMs',
  'fault',
]);
/** Names other developers may give the client's side of a signature comparison. */
const CLIENT_SIGNED = ['clientStringToSign', 'clientSigned', 'receivedStringToSign'];

/** The request journal as it happens (server-sent events), newest first, filtered here. */
export function LivePage() {
  const live = { entries: useStore(journal), gaps: useStore(journalGaps) };
  const status = useStore(liveStatus);
  const [filter, setFilter] = useState({ vendor: '', text: '', problems: false });
  const [open, setOpen] = useState<number>();
  const [paused, setPaused] = useState<{ entries: JournalEntry[]; gaps: JournalGap[] }>();
  const { entries, gaps } = paused ?? live;
  const notShown = gaps.reduce((sum, g) => sum + g.count, 0);
  /** A gap's requests read from the journal (the newest GAP_READ of them), into the feed and any paused view. */
  const showGap = async (gap: JournalGap) => {
    try {
      const range = { fromId: gap.fromId, toId: gap.toId };
      const { total } = await get<Schemas['JournalPage']>(`journal${query({ ...range, limit: 1 })}`);
      const page = await get<Schemas['JournalPage']>(
        `journal${query({ ...range, offset: Math.max(0, total - GAP_READ), limit: GAP_READ })}`,
      );
      const read = page.entries;
      // What the journal no longer holds (it keeps its newest entries only) is not coming back.
      const rest = total > read.length ? { count: total - read.length, fromId: gap.fromId, toId: read[0]!.id - 1 } : undefined;
      if (total < gap.count)
        say(`${(gap.count - total).toLocaleString('en-US')} of them are no longer in the journal (it keeps its newest entries)`);
      journal.set(mergeEntries(journal.value, read));
      journalGaps.set(replaceGap(journalGaps.value, gap, rest));
      if (paused) setPaused({ entries: mergeEntries(paused.entries, read), gaps: replaceGap(paused.gaps, gap, rest) });
    } catch (err) {
      say((err as Error).message, true);
    }
  };
  const shown = entries
    .filter(
      (e) =>
        (!filter.vendor || e.vendor === filter.vendor) &&
        (!filter.problems || e.status >= 400 || e.status === 0 || e.auth === 'failed') &&
        (!filter.text ||
          [e.action, e.account, e.errorCode, e.path, String(e.status)].some((v) => v?.toLowerCase().includes(filter.text.toLowerCase()))),
    )
    .slice()
    .reverse();
  return (
    <>
      <header class="section-head">
        <h1>Live requests</h1>
        <span class={`dot ${status}`} /> <span class="muted">{status === 'live' ? (paused ? 'paused' : 'live') : status}</span>
      </header>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Vendor
          <select value={filter.vendor} onChange={(e) => setFilter({ ...filter, vendor: e.currentTarget.value })}>
            <option value="">both</option>
            <option value="aliyun">Alibaba</option>
            <option value="huawei">Huawei</option>
          </select>
        </label>
        <label class="grow">
          Action, account, status or error code
          <input type="search" value={filter.text} onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })} />
        </label>
        <label class="inline">
          <input type="checkbox" checked={filter.problems} onChange={(e) => setFilter({ ...filter, problems: e.currentTarget.checked })} />{' '}
          Only failures
        </label>
        <button type="button" onClick={() => setPaused(paused ? undefined : live)}>
          {paused ? 'Resume feed' : 'Pause feed'}
        </button>
        <button
          type="button"
          class="ghost"
          onClick={async () => {
            try {
              const { removed } = await api<{ removed: number }>('DELETE', 'journal');
              journal.set([]);
              journalGaps.set([]);
              if (paused) setPaused({ entries: [], gaps: [] });
              say(`Journal cleared (${removed} entries)`);
            } catch (err) {
              say((err as Error).message, true);
            }
          }}
        >
          Clear journal
        </button>
      </form>
      <p class="muted">
        {shown.length} of the last {entries.length} requests
        {notShown > 0 && (
          <span data-testid="not-shown">
            {' '}
            ({notShown.toLocaleString('en-US')} more not shown live: under load the feed sends the newest {LIVE_MAX_PER_WRITE} every 50 ms)
          </span>
        )}
        . Times are simulated (China time). Click a row for its details.
      </p>
      <div class="table-wrap">
        <table class="journal">
          <thead>
            <tr>
              <th>Time</th>
              <th>Vendor</th>
              <th>Action</th>
              <th>Account</th>
              <th class="num">Status</th>
              <th>Error code</th>
              <th class="num">Latency</th>
            </tr>
          </thead>
          <tbody>
            {withGaps(shown, gaps).map((e) =>
              'count' in e ? (
                <tr class="gap" key={`gap-${e.fromId}`}>
                  <td colSpan={7}>
                    … {e.count.toLocaleString('en-US')} more {e.count === 1 ? 'request' : 'requests'} (#{e.fromId}–#{e.toId}){' '}
                    <button type="button" class="link" onClick={() => void showGap(e)}>
                      Show them
                    </button>
                  </td>
                </tr>
              ) : (
                [
                  <tr class={`entry ${e.status >= 400 || e.status === 0 ? 'failed' : ''}`} data-action={e.action} key={e.id}>
                    <td>
                      <button
                        type="button"
                        class="link"
                        aria-expanded={open === e.id}
                        onClick={() => setOpen(open === e.id ? undefined : e.id)}
                      >
                        {chinaTime(e.time, true)}
                      </button>
                    </td>
                    <td>{e.vendor}</td>
                    <td class="mono">
                      {e.action ?? (
                        <span class="muted" title="refused before the action was read">
                          {e.path}
                        </span>
                      )}
                    </td>
                    <td>{e.account ?? '–'}</td>
                    <td class="num">{e.status === 0 ? 'dropped' : e.status}</td>
                    <td class="mono">{e.errorCode ?? (e.auth === 'failed' ? 'auth failed' : '')}</td>
                    <td class="num">{e.latencyMs} ms</td>
                  </tr>,
                  open === e.id && (
                    <tr class="details" key={`${e.id}-details`}>
                      <td colSpan={7}>
                        <EntryDetails entry={e} />
                      </td>
                    </tr>
                  ),
                ]
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The most entries a gap's "Show them" reads (its newest): the page keeps 500 in all. */
const GAP_READ = 200;

/** Entries (newest first) with the gaps between them, each where its ids fall. */
function withGaps(entries: readonly JournalEntry[], gaps: readonly JournalGap[]): Array<JournalEntry | JournalGap> {
  const rows: Array<JournalEntry | JournalGap> = [];
  let g = gaps.length - 1;
  for (const e of entries) {
    for (; g >= 0 && gaps[g]!.fromId > e.id; g--) rows.push(gaps[g]!);
    rows.push(e);
  }
  for (; g >= 0; g--) rows.push(gaps[g]!);
  return rows;
}

function EntryDetails({ entry }: { entry: JournalEntry }) {
  const all = entry as unknown as Record<string, unknown>;
  const clientKey = CLIENT_SIGNED.find((k) => typeof all[k] === 'string');
  const extra = Object.entries(all).filter(([k]) => !SHOWN.has(k) && k !== clientKey);
  return (
    <div class="entry-details">
      <dl class="fields">
        <dt>Request</dt>
        <dd class="mono">
          #{entry.id} {entry.method} {entry.path}
        </dd>
        <dt>Auth</dt>
        <dd>
          {entry.auth ?? '–'}
          {entry.authError ? `: ${entry.authError}` : ''}
        </dd>
        {entry.fault && (
          <>
            <dt>Fault rule</dt>
            <dd class="mono">{entry.fault}</dd>
          </>
        )}
        {extra.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd class="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </>
        ))}
      </dl>
      {entry.stringToSign !== undefined && (
        <div class="sign-compare">
          <figure>
            <figcaption>The server's string-to-sign</figcaption>
            <pre data-testid="server-string-to-sign">{entry.stringToSign}</pre>
          </figure>
          <figure>
            <figcaption>What the client signed</figcaption>
            {clientKey ? (
              <pre>{markDifference(String(all[clientKey]), entry.stringToSign)}</pre>
            ) : (
              <p class="muted">
                The simulator cannot see the client's string (only its signature arrives): print it from your client and compare it line by
                line with this one.
              </p>
            )}
          </figure>
        </div>
      )}
    </div>
  );
}

/** The client's text with the first place it departs from the server's marked. */
function markDifference(client: string, server: string) {
  let i = 0;
  while (i < client.length && client[i] === server[i]) i++;
  if (i === client.length && i === server.length) return client;
  return (
    <>
      {client.slice(0, i)}
      <mark>{client.slice(i) || '⟂ (ends here)'}</mark>
    </>
  );
}
