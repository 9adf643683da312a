import { useState } from 'preact/hooks';
import { get, query, type Schemas } from '../api.js';
import { count, LIFECYCLE_STATES, size, STATE_WORDS } from '../format.js';
import { useData } from '../useData.js';
import { StateBadge } from './parts.js';

const PAGE = 25;
const FILTERS = ['account', 'state', 'carrier', 'plan', 'tag', 'quota'] as const;
const QUOTA: Array<[string, string]> = [
  ['under50', 'under 50%'],
  ['under80', '50–80%'],
  ['under100', 'near quota (80–100%)'],
  ['over', 'at or past quota'],
  ['under100,over', 'near or past quota'],
  ['unlimited', 'no allowance'],
];

/** Cards, searched by a whole ICCID, MSISDN or IMSI and filtered from the indexes, paged on the server. */
export function CardsPage({ params }: { params: URLSearchParams }) {
  const search = params.get('search') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const key = params.toString();
  const { data, error } = useData(() => get<Schemas['CardPage']>(`cards${query({ ...filters, search, offset, limit: PAGE })}`), [key]);
  const overview = useData(() => get<Schemas['Overview']>('overview'), []).data;
  const plans = [...new Map((overview?.accounts ?? []).flatMap((a) => a.plans).map((p) => [p.id, p])).values()];
  const [typed, setTyped] = useState(search);
  const go = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '' || value === 0) next.delete(name);
      else next.set(name, String(value));
    }
    location.hash = `#/cards${next.toString() ? `?${next}` : ''}`;
  };
  return (
    <>
      <h1>Cards</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ search: typed.trim(), offset: 0 });
        }}
      >
        <label class="grow">
          ICCID, MSISDN or IMSI <kbd title="press / anywhere">/</kbd>
          <input
            id="card-search"
            type="search"
            inputMode="numeric"
            placeholder="e.g. 89860012345678901234"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Find</button>
        <label>
          Account
          <select value={filters.account} onChange={(e) => go({ account: e.currentTarget.value, offset: 0 })}>
            <option value="">any</option>
            {overview?.accounts.map((a) => (
              <option value={a.id}>{a.id}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={filters.state} onChange={(e) => go({ state: e.currentTarget.value, offset: 0 })}>
            <option value="">any</option>
            {LIFECYCLE_STATES.map((s) => (
              <option value={s}>{STATE_WORDS[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Carrier
          <select value={filters.carrier} onChange={(e) => go({ carrier: e.currentTarget.value, offset: 0 })}>
            <option value="">any</option>
            {['CMCC', 'CUCC', 'CTCC'].map((c) => (
              <option value={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Plan
          <select value={filters.plan} onChange={(e) => go({ plan: e.currentTarget.value, offset: 0 })}>
            <option value="">any</option>
            {plans.map((p) => (
              <option value={p.id}>{p.id}</option>
            ))}
          </select>
        </label>
        <label>
          Allowance used
          <select value={filters.quota} onChange={(e) => go({ quota: e.currentTarget.value, offset: 0 })}>
            <option value="">any</option>
            {QUOTA.map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input type="text" value={filters.tag} size={10} onChange={(e) => go({ tag: e.currentTarget.value.trim(), offset: 0 })} />
        </label>
      </form>
      {error && <p class="error">{error.message}</p>}
      {data && (
        <>
          <p class="muted" aria-live="polite">
            {data.total === 0
              ? 'No card matches.'
              : `${count(data.offset + 1)}–${count(data.offset + data.items.length)} of ${count(data.total)} cards`}
          </p>
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th>ICCID</th>
                  <th>MSISDN</th>
                  <th>Account</th>
                  <th>Carrier</th>
                  <th>State</th>
                  <th>Plan</th>
                  <th class="num">Used this period</th>
                  <th>Tags</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((card) => (
                  <tr>
                    <td>
                      <a class="mono" href={`#/card/${card.iccid}`}>
                        {card.iccid}
                      </a>
                    </td>
                    <td class="mono">{card.msisdn}</td>
                    <td>{card.accountId}</td>
                    <td>{card.carrier}</td>
                    <td>
                      <StateBadge state={card.state} />
                    </td>
                    <td class="mono small">{card.planId}</td>
                    <td class="num">{size(card.usage.dataKb)}</td>
                    <td>{card.tags.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={offset === 0} onClick={() => go({ offset: Math.max(0, offset - PAGE) })}>
              ← Previous
            </button>
            <button type="button" disabled={offset + PAGE >= data.total} onClick={() => go({ offset: offset + PAGE })}>
              Next →
            </button>
          </nav>
        </>
      )}
    </>
  );
}
