import { useState } from 'preact/hooks';
import { api, ApiError, get, query, type Schemas, type SimCard } from '../api.js';
import { TimeBars } from '../chart.js';
import { chinaDate, chinaTime, LIFECYCLE_STATES, size, STATE_WORDS } from '../format.js';
import { bumpWorld, say } from '../store.js';
import { useData } from '../useData.js';
import { Field, StateBadge } from './parts.js';

type Views = Schemas['CardViews'];
type History = Schemas['CardUsageHistory'];
type Activity = Schemas['CardActivity'];

/** One card: identities, plan, state and its story, usage history, vendor views, and its steering. */
export function CardPage({ iccid }: { iccid: string }) {
  const path = `cards/${encodeURIComponent(iccid)}`;
  const [months, setMonths] = useState(3);
  const card = useData(() => get<SimCard>(path), [iccid]);
  const views = useData(() => get<Views>(`${path}/views`), [iccid]);
  const history = useData(() => get<History>(`${path}/usage${query({ months })}`), [iccid, months]);
  const activity = useData(() => get<Activity>(`${path}/activity`), [iccid]);
  if (card.error) {
    return (
      <>
        <h1>Card {iccid}</h1>
        <p class="error">
          {card.error instanceof ApiError && card.error.status === 404
            ? 'No card has this ICCID (removed, or the world was reset).'
            : card.error.message}
        </p>
        <a href="#/cards">← Cards</a>
      </>
    );
  }
  const c = card.data;
  if (!c) return <p class="muted">Loading…</p>;
  return (
    <>
      <p class="crumbs">
        <a href="#/cards">Cards</a> / <span class="mono">{c.iccid}</span>
      </p>
      <header class="section-head">
        <h1 class="mono">{c.iccid}</h1>
        <StateBadge state={c.state} />
      </header>
      <Steer key={`${c.state}|${c.planId}|${c.tags.join()}`} card={c} />
      <section aria-labelledby="usage">
        <header class="section-head">
          <h2 id="usage">Usage</h2>
          <label class="inline">
            Months
            <select value={String(months)} onChange={(e) => setMonths(Number(e.currentTarget.value))}>
              {[1, 3, 6, 12].map((n) => (
                <option value={String(n)}>{n}</option>
              ))}
            </select>
          </label>
        </header>
        {history.data && <UsageHistory history={history.data} />}
      </section>
      <div class="grid2">
        <section aria-labelledby="ids">
          <h2 id="ids">Identities</h2>
          <dl class="fields two">
            <Field label="ICCID">{c.iccid}</Field>
            <Field label="IMSI">{c.imsi}</Field>
            <Field label="MSISDN">{c.msisdn}</Field>
            <Field label="Card id">{c.id}</Field>
            <Field label="Account">{c.accountId}</Field>
            <Field label="Carrier">{c.carrier}</Field>
            <Field label="Form · kind · network">{[c.formFactor, c.simKind, c.networkType].filter(Boolean).join(' · ')}</Field>
            <Field label="APN">{c.apn}</Field>
            <Field label="IMEI">{c.imei}</Field>
            <Field label="Real name">{c.realNameStatus}</Field>
            <Field label="Opened">{chinaDate(c.openedAt)}</Field>
            <Field label="Activated">{c.activatedAt === undefined ? undefined : chinaTime(c.activatedAt)}</Field>
            <Field label="Expires">{chinaDate(c.expiresAt)}</Field>
          </dl>
        </section>
        <section aria-labelledby="story">
          <h2 id="story">State and how it got there</h2>
          <p>
            Now <StateBadge state={c.state} />
          </p>
          <ol class="story">
            {activity.data?.story.map((event) => (
              <li>
                <time>{chinaTime(event.at)}</time> {event.what}
              </li>
            ))}
          </ol>
          {activity.data?.stopRule && (
            <p class="muted">
              Stop rule: stops at {size(activity.data.stopRule.limitKb)}
              {activity.data.stopRule.autoRestore ? ', resumes next period' : ''}.
            </p>
          )}
        </section>
      </div>
      <section aria-labelledby="vendors">
        <h2 id="vendors">As the vendor APIs show it now</h2>
        {views.data && <VendorViews views={views.data} />}
      </section>
      <div class="grid2">
        <section aria-labelledby="orders">
          <h2 id="orders">Work orders</h2>
          {activity.data && activity.data.workOrders.length === 0 && <p class="muted">None.</p>}
          {activity.data && activity.data.workOrders.length > 0 && (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Id</th>
                    <th>Operation</th>
                    <th>Status</th>
                    <th>Requested</th>
                    <th>Due / done</th>
                  </tr>
                </thead>
                <tbody>
                  {activity.data.workOrders.map((o) => (
                    <tr>
                      <td class="mono">{o.id}</td>
                      <td>
                        {o.operation}
                        {o.gslWorkOrderType !== undefined ? <span class="muted"> (GSL type {o.gslWorkOrderType})</span> : null}
                      </td>
                      <td>
                        {o.status}
                        {o.failReason ? `: ${o.failReason}` : ''}
                      </td>
                      <td>{chinaTime(o.createdAt)}</td>
                      <td>{chinaTime(o.finishedAt ?? o.dueAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section aria-labelledby="sms">
          <h2 id="sms">SMS</h2>
          {activity.data && activity.data.sms.length === 0 && <p class="muted">None sent.</p>}
          <ul class="plain">
            {activity.data?.sms.map((m) => (
              <li>
                <time>{chinaTime(m.sentAt)}</time> {m.content} {m.deliverable ? '' : <span class="badge stop">not deliverable</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

function UsageHistory({ history }: { history: History }) {
  const p = history.period;
  const days = history.months.flatMap((m) => m.days);
  // Day labels are China dates (yyyyMMdd); their midnights in China time, in epoch seconds.
  const times = days.map(
    (d) => (Date.UTC(Number(d.day.slice(0, 4)), Number(d.day.slice(4, 6)) - 1, Number(d.day.slice(6, 8))) - 8 * 3600_000) / 1000,
  );
  return (
    <>
      <p>
        This period ({p.period}, plan <span class="mono">{p.plan}</span>): <strong data-testid="period-used">{size(p.usedKb)}</strong> of{' '}
        {size(p.allowanceKb)}
        {p.stopsAtKb !== undefined ? `, stops at ${size(p.stopsAtKb)}` : ''} · {p.sms} SMS · {p.voiceMin} min · days before{' '}
        {chinaTime(p.countedThrough)} counted (a day is added once it is over)
      </p>
      <TimeBars title="Daily data use (MB)" times={times} values={days.map((d) => d.mb)} unit="MB" />
      <div class="table-wrap">
        <table class="compact">
          <thead>
            <tr>
              <th>Month</th>
              <th class="num">KB (Alibaba)</th>
              <th class="num">MB (GSL)</th>
              <th class="num">Days counted</th>
            </tr>
          </thead>
          <tbody>
            {history.months.map((m) => (
              <tr>
                <td>{m.month}</td>
                <td class="num">{m.kb.toLocaleString('en-US')}</td>
                <td class="num">{m.mb.toFixed(2)}</td>
                <td class="num">{m.days.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function VendorViews({ views }: { views: Views }) {
  const linkcard = views.linkcard as Record<string, unknown> | undefined;
  const dyiot = views.dyiotapi as Record<string, unknown> | undefined;
  const gsl = views.gsl as Record<string, unknown> | undefined;
  const pick = (o: Record<string, unknown>, keys: string[]) =>
    keys.filter((k) => k in o).map((k) => <Field label={k}>{JSON.stringify(o[k])}</Field>);
  return (
    <div class="grid3">
      {linkcard && (
        <article class="vendor" data-vendor="linkcard">
          <h3>Alibaba linkcard · ListCardInfo</h3>
          <dl class="fields mono">
            {pick(linkcard, [
              'Status',
              'OsStatus',
              'PeriodAddFlow',
              'PeriodRestFlow',
              'DataLevel',
              'CredentialNo',
              'ExpireTime',
              'ActiveTime',
            ])}
          </dl>
          <Raw value={linkcard} />
        </article>
      )}
      {dyiot && (
        <article class="vendor" data-vendor="dyiotapi">
          <h3>Alibaba Dyiotapi · CardFlowInfo</h3>
          <dl class="fields mono">
            {pick(dyiot, ['FlowResource', 'FlowUsed', 'RestOfFlow', 'SmsUsed', 'VoiceUsed', 'ValidDate', 'ExpireDate'])}
          </dl>
          <Raw value={dyiot} />
        </article>
      )}
      {gsl && (
        <article class="vendor" data-vendor="gsl">
          <h3>Huawei GSL · SimDeviceVO</h3>
          <dl class="fields mono">
            {pick(gsl, ['sim_status', 'operator_status', 'flow_used', 'flow_left', 'price_plan_name', 'cut_net_flag', 'expire_time'])}
          </dl>
          <Raw value={gsl} />
        </article>
      )}
      {!linkcard && !gsl && <p class="muted">The card's account has no vendor credentials: no API shows it.</p>}
    </div>
  );
}

function Raw({ value }: { value: unknown }) {
  return (
    <details>
      <summary>Whole answer item</summary>
      <pre class="raw">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

/** Steering one card, each a control-plane call (docs/control-plane.md, "Cards"). */
function Steer({ card }: { card: SimCard }) {
  const path = `cards/${encodeURIComponent(card.iccid)}`;
  const plans = useData(() => get<Schemas['Overview']>('overview'), [])
    .data?.accounts.find((a) => a.id === card.accountId)
    ?.plans.filter((p) => p.carrier === card.carrier);
  const [forced, setForced] = useState<string>(card.state);
  const [usageMb, setUsageMb] = useState('');
  const [tags, setTags] = useState(card.tags.join(', '));
  const [plan, setPlan] = useState(card.planId);
  const run = async (label: string, call: () => Promise<unknown>) => {
    try {
      await call();
      say(`${label}: done`);
      bumpWorld();
    } catch (err) {
      say(`${label}: ${(err as Error).message}`, true);
    }
  };
  const force = (state: string) => run(`State ${STATE_WORDS[state] ?? state}`, () => api('PUT', `${path}/state`, { state }));
  return (
    <section class="steer" aria-label="Steer this card">
      <div class="row">
        <button type="button" data-action="stop" disabled={card.state === 'stoppedByUser'} onClick={() => force('stoppedByUser')}>
          Stop
        </button>
        <button type="button" data-action="resume" disabled={card.state === 'active'} onClick={() => force('active')}>
          Resume
        </button>
        <label class="inline">
          Force state
          <select value={forced} onChange={(e) => setForced(e.currentTarget.value)}>
            {LIFECYCLE_STATES.map((s) => (
              <option value={s}>{STATE_WORDS[s]}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => force(forced)}>
          Apply
        </button>
      </div>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const mb = Number(usageMb);
          if (usageMb.trim() === '' || !(mb >= 0)) return say('Usage: give the MB used this period (a number ≥ 0)', true);
          void run('Usage', () => api('PUT', `${path}/usage`, { dataKb: Math.round(mb * 1024) }));
        }}
      >
        <label class="inline">
          Data used this period (MB)
          <input
            type="number"
            min="0"
            step="0.01"
            size={8}
            value={usageMb}
            placeholder={(card.usage.dataKb / 1024).toFixed(2)}
            onInput={(e) => setUsageMb(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Set usage</button>
      </form>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const list = tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
          void run('Tags and plan', () => api('PATCH', path, { tags: list, ...(plan !== card.planId ? { plan } : {}) }));
        }}
      >
        <label class="inline grow">
          Tags
          <input type="text" value={tags} placeholder="comma-separated" onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
        <label class="inline">
          Plan
          <select value={plan} onChange={(e) => setPlan(e.currentTarget.value)}>
            {(plans ?? [{ id: card.planId }]).map((p) => (
              <option value={p.id}>{p.id}</option>
            ))}
          </select>
        </label>
        <button type="submit">Save tags and plan</button>
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (!confirm(`Remove card ${card.iccid}? Every vendor API loses it.`)) return;
            void run('Remove', async () => {
              await api('DELETE', path);
              location.hash = '#/cards';
            });
          }}
        >
          Remove card
        </button>
      </form>
    </section>
  );
}
