import { get, type Schemas } from '../api.js';
import { BarChart } from '../chart.js';
import { count, percent, size, STATE_WORDS, stateTone } from '../format.js';
import { useData } from '../useData.js';
import { StateBadge } from './parts.js';

type Overview = Schemas['Overview'];
type AccountOverview = Schemas['AccountOverview'];

/** The bands a person looks for, each a link to the cards in it (ListCards `quota`). */
const QUOTA_LINKS: Array<[keyof AccountOverview['usage']['bands'], (near: number) => string]> = [
  ['under100', (near) => `Near quota (${Math.round(near * 100)}–100%)`],
  ['over', () => 'At or past quota'],
];

const TONE_COLOR = { ok: '--ok', wait: '--wait', stop: '--stop', gone: '--gone' } as const;
const VENDOR_VIEWS: Record<string, string> = { aliyun: 'Alibaba linkcard · Dyiotapi', huawei: 'Huawei GSL' };

/** The fleet at a glance: one section per account, from GET /_sim/overview (indexes only). */
export function OverviewPage() {
  const { data, error } = useData(() => get<Overview>('overview'), []);
  if (error) return <p class="error">Could not load the overview: {error.message}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  return (
    <>
      <h1>Overview</h1>
      <p class="lead">
        Scenario <strong>{data.scenario}</strong>: {count(data.cards)} cards in {data.accounts.length} account
        {data.accounts.length === 1 ? '' : 's'}.
      </p>
      {data.accounts.map((account) => (
        <AccountSection account={account} nearShare={data.nearQuotaShare} />
      ))}
    </>
  );
}

function AccountSection({ account, nearShare }: { account: AccountOverview; nearShare: number }) {
  const states = Object.entries(account.states);
  const usage = account.usage;
  const bands = usage.bands;
  return (
    <section class="account" aria-labelledby={`account-${account.id}`}>
      <header class="section-head">
        <h2 id={`account-${account.id}`}>
          {account.name} <span class="muted">({account.id})</span>
        </h2>
        <a class="button ghost" href={`#/cards?account=${encodeURIComponent(account.id)}`}>
          Browse its {count(account.cards)} cards →
        </a>
      </header>
      <div class="tiles">
        <div class="tile">
          <span class="tile-label">Cards</span>
          <span class="tile-value">{count(account.cards)}</span>
        </div>
        <div class="tile">
          <span class="tile-label">Seen by</span>
          <span class="tile-value small">{account.vendors.map((v) => VENDOR_VIEWS[v] ?? v).join(' and ') || 'no vendor API'}</span>
        </div>
        <div class="tile">
          <span class="tile-label">Carriers</span>
          <span class="tile-value small">
            {Object.entries(account.carriers).map(([carrier, n]) => (
              <a href={`#/cards?account=${encodeURIComponent(account.id)}&carrier=${carrier}`} class="chip">
                {carrier} {count(n)}
              </a>
            ))}
          </span>
        </div>
        <div class="tile">
          <span class="tile-label">Data this period</span>
          <span class="tile-value small">
            {size(usage.usedKb)} of {size(usage.allowanceKb)} ({percent(usage.usedKb, usage.allowanceKb)})
          </span>
          <meter
            min={0}
            max={Math.max(1, usage.allowanceKb)}
            value={usage.usedKb}
            high={usage.allowanceKb * nearShare}
            optimum={0}
            aria-label="data used against allowance"
          />
        </div>
      </div>
      <div class="grid2">
        <figure>
          <figcaption>Cards per state</figcaption>
          <BarChart
            title={`Cards per state, ${account.id}`}
            labels={states.map(([s]) => STATE_WORDS[s] ?? s)}
            values={states.map(([, n]) => n)}
            colors={states.map(([s]) => TONE_COLOR[stateTone(s)])}
          />
          <p class="chips">
            {states.map(([state, n]) => (
              <a class="chip" href={`#/cards?account=${encodeURIComponent(account.id)}&state=${state}`}>
                <StateBadge state={state} /> {count(n)}
              </a>
            ))}
          </p>
        </figure>
        <figure>
          <figcaption>Share of allowance used this period</figcaption>
          <BarChart
            title={`Share of allowance used, ${account.id}`}
            labels={['under 50%', '50–80%', `${Math.round(nearShare * 100)}–100%`, 'at or past quota', 'no allowance']}
            values={[bands.under50, bands.under80, bands.under100, bands.over, bands.unlimited]}
            colors={['--ok', '--ok', '--wait', '--stop', '--gone']}
          />
          <p class="chips">
            {QUOTA_LINKS.map(([band, label]) => (
              <a class="chip more" href={`#/cards?account=${encodeURIComponent(account.id)}&quota=${band}`}>
                {label(nearShare)}: {count(bands[band])} →
              </a>
            ))}
          </p>
        </figure>
      </div>
      <details>
        <summary>Cards per plan ({account.plans.length} plans)</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Plan</th>
                <th>Name</th>
                <th>Carrier</th>
                <th class="num">Cards</th>
              </tr>
            </thead>
            <tbody>
              {account.plans.map((plan) => (
                <tr>
                  <td>
                    <a href={`#/cards?account=${encodeURIComponent(account.id)}&plan=${encodeURIComponent(plan.id)}`} class="mono">
                      {plan.id}
                    </a>
                  </td>
                  <td>{plan.name}</td>
                  <td>{plan.carrier}</td>
                  <td class="num">{count(plan.cards)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
