import { useState } from 'preact/hooks';
import { api, get, type Schemas } from '../api.js';
import { bumpWorld, say } from '../store.js';
import { useData } from '../useData.js';

type Rule = Schemas['FaultRule'];
type RuleInput = Schemas['FaultRuleInput'];

/** One-click fault rules: each a plain FaultRuleInput, POSTed as any client would. */
const PRESETS: Array<{ name: string; what: string; rules: RuleInput[] }> = [
  {
    name: 'Throttling',
    what: 'a third of requests refused with the vendor’s flow-control error (Throttling.User, APIGW.0308)',
    rules: [
      { vendor: 'aliyun', effect: { kind: 'error', code: 'Throttling.User' }, probability: 0.33 },
      { vendor: 'huawei', effect: { kind: 'error', code: 'APIGW.0308' }, probability: 0.33 },
    ],
  },
  {
    name: 'Slow gateway',
    what: 'every answer held back about 1.5 s (log-normal)',
    rules: [{ effect: { kind: 'latency', distribution: 'logNormal', median: 1500, sigma: 0.5 } }],
  },
  {
    name: 'Dropped connections',
    what: 'one request in five gets its connection closed, no answer',
    rules: [{ effect: { kind: 'drop' }, probability: 0.2 }],
  },
  {
    name: 'Gateway errors',
    what: 'one request in four answers 503 with the vendor’s system-error body',
    rules: [{ effect: { kind: 'http', status: 503 }, probability: 0.25 }],
  },
];

const CARRIERS = ['CMCC', 'CUCC', 'CTCC'] as const;
type Carrier = (typeof CARRIERS)[number];

export function FaultsPage() {
  const faults = useData(() => get<Schemas['FaultList']>('faults'), []);
  const settings = useData(() => get<Schemas['Settings']>('settings'), []);
  const [custom, setCustom] = useState(
    '{\n  "vendor": "aliyun",\n  "action": "GetCardDetail",\n  "effect": { "kind": "error", "code": "Throttling.User" },\n  "times": 2\n}',
  );
  const run = async (label: string, call: () => Promise<unknown>) => {
    try {
      await call();
      say(label);
      bumpWorld();
      faults.reload();
      settings.reload();
    } catch (err) {
      say(`${label}: ${(err as Error).message}`, true);
    }
  };
  const outages = (s: Schemas['Settings'] | undefined) =>
    new Set<Carrier>([...(s?.aliyunCarrierOutages ?? []), ...(s?.huaweiCarrierOutages ?? [])]);
  const down = outages(settings.data);
  return (
    <>
      <h1>Faults</h1>
      <p class="lead">Make vendor requests fail or slow down while your clients run. The control plane itself is never faulted.</p>
      <section aria-labelledby="presets">
        <h2 id="presets">Presets</h2>
        <div class="presets">
          {CARRIERS.map((carrier) => (
            <article class="preset">
              <h3>
                Carrier outage: {carrier} {down.has(carrier) && <span class="badge stop">down</span>}
              </h3>
              <p class="muted">
                The carrier’s platform is down: Dyiotapi answers isv.SYSTEM_ERROR, GSL work orders and real-time look-ups GSL.00010003 for
                its cards.
              </p>
              <button
                type="button"
                onClick={() => {
                  const next = (list: readonly Carrier[]): Carrier[] =>
                    down.has(carrier) ? list.filter((c) => c !== carrier) : [...new Set([...list, carrier])];
                  const s = settings.data!;
                  void run(`${carrier} outage ${down.has(carrier) ? 'ended' : 'started'}`, () =>
                    api('PATCH', 'settings', {
                      aliyunCarrierOutages: next(s.aliyunCarrierOutages),
                      huaweiCarrierOutages: next(s.huaweiCarrierOutages),
                    }),
                  );
                }}
                disabled={!settings.data}
              >
                {down.has(carrier) ? 'End outage' : 'Start outage'}
              </button>
            </article>
          ))}
          {PRESETS.map((preset) => (
            <article class="preset">
              <h3>{preset.name}</h3>
              <p class="muted">{preset.what}.</p>
              <button
                type="button"
                onClick={() =>
                  run(`${preset.name} added`, async () => Promise.all(preset.rules.map((rule) => api('POST', 'faults', rule))))
                }
              >
                Add
              </button>
            </article>
          ))}
        </div>
      </section>
      <section aria-labelledby="rules">
        <header class="section-head">
          <h2 id="rules">Rules in force</h2>
          <button
            type="button"
            class="danger"
            disabled={!faults.data?.faults.length}
            onClick={() => run('All fault rules removed', () => api('DELETE', 'faults'))}
          >
            Remove all
          </button>
        </header>
        {faults.data?.faults.length === 0 && <p class="muted">None: every request is served normally.</p>}
        <div class="table-wrap">
          <table>
            <tbody>
              {faults.data?.faults.map((rule: Rule) => (
                <tr>
                  <td class="mono">{rule.id}</td>
                  <td class="mono small">{describe(rule)}</td>
                  <td class="num">{rule.hits} hits</td>
                  <td>
                    <button
                      type="button"
                      class="ghost"
                      onClick={() => run(`Rule ${rule.id} removed`, () => api('DELETE', `faults/${encodeURIComponent(rule.id)}`))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="custom">
        <h2 id="custom">Any rule</h2>
        <p class="muted">
          A FaultRuleInput as docs/control-plane.md describes it (vendor, action, path, account, card, effect, times, probability, seed).
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            let rule: unknown;
            try {
              rule = JSON.parse(custom);
            } catch {
              return say('The rule is not valid JSON', true);
            }
            void run('Rule added', () => api('POST', 'faults', rule));
          }}
        >
          <textarea rows={7} class="mono" aria-label="Fault rule (JSON)" value={custom} onInput={(e) => setCustom(e.currentTarget.value)} />
          <button type="submit">Add rule</button>
        </form>
      </section>
    </>
  );
}

function describe(rule: Rule): string {
  const { id: _id, hits: _hits, remaining, ...rest } = rule as Rule & { remaining?: number };
  return JSON.stringify(rest) + (remaining !== undefined && remaining !== null ? ` · ${remaining} left` : '');
}
