import { useState } from 'preact/hooks';
import { api, type JournalEntry } from '../api.js';
import { chinaTime } from '../format.js';
import { journal, liveStatus, say, useStore } from '../store.js';

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
  const entries = useStore(journal);
  const status = useStore(liveStatus);
  const [filter, setFilter] = useState({ vendor: '', text: '', problems: false });
  const [open, setOpen] = useState<number>();
  const [paused, setPaused] = useState<JournalEntry[]>();
  const shown = (paused ?? entries)
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
        <button type="button" onClick={() => setPaused(paused ? undefined : entries)}>
          {paused ? 'Resume feed' : 'Pause feed'}
        </button>
        <button
          type="button"
          class="ghost"
          onClick={async () => {
            try {
              const { removed } = await api<{ removed: number }>('DELETE', 'journal');
              journal.set([]);
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
        {shown.length} of the last {entries.length} requests. Times are simulated (China time). Click a row for its details.
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
            {shown.map((e) => [
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
            ])}
          </tbody>
        </table>
      </div>
    </>
  );
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
