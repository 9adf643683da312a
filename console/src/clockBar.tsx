import { useEffect, useState } from 'preact/hooks';
import { api, type Clock } from './api.js';
import { chinaTime } from './format.js';
import { bumpWorld, clock, liveStatus, say, useStore } from './store.js';

const RATES = [1, 60, 3600, 86_400];
const CHINA_MS = 8 * 3600_000;

/** The simulated clock, always in view: where it is, and freeze, resume, advance, rate. */
export function ClockBar() {
  const told = useStore(clock);
  const status = useStore(liveStatus);
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const state = told?.state;
  // A running clock moves between events: tick it here from the rate, no request needed.
  const nowMs = state ? (state.mode === 'running' ? state.nowMs + (Date.now() - told!.at) * state.rate : state.nowMs) : undefined;
  const change = async (label: string, call: () => Promise<Clock>) => {
    try {
      const next = await call();
      clock.set({ state: next, at: Date.now() });
      bumpWorld();
      say(`Clock: ${label}, now ${chinaTime(next.nowMs, true)} China time`);
    } catch (err) {
      say(`Clock: ${(err as Error).message}`, true);
    }
  };
  const advance = (by: string) => change(`advanced ${by}`, () => api<Clock>('POST', 'clock/advance', { by }));
  return (
    <section class="clock" aria-label="Simulated clock">
      <div class="clock-now">
        <span class={`dot ${status}`} title={`live feed: ${status}`} aria-label={`live feed ${status}`} />
        <span class="label">Simulated time</span>
        <time data-testid="clock-now">{nowMs === undefined ? '…' : chinaTime(nowMs, true)}</time>
        <span class="muted">
          China time · {state?.mode ?? '…'}
          {state && state.rate !== 1 ? ` · ×${state.rate}` : ''}
        </span>
      </div>
      <div class="clock-actions" role="group" aria-label="Move the clock">
        {state?.mode === 'frozen' ? (
          <button type="button" onClick={() => change('resumed', () => api<Clock>('PUT', 'clock', { mode: 'running' }))}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => change('frozen', () => api<Clock>('PUT', 'clock', { mode: 'frozen' }))}>
            Freeze
          </button>
        )}
        <button type="button" onClick={() => advance('+1h')}>
          +1h
        </button>
        <button type="button" onClick={() => advance('+1d')}>
          +1d
        </button>
        <button
          type="button"
          title="To the first midnight of next month, China time (monthly plans start a new period)"
          onClick={() =>
            nowMs !== undefined && change('to the next period', () => api<Clock>('PUT', 'clock', { now: nextMonthStart(nowMs) }))
          }
        >
          Next period
        </button>
        <label class="inline">
          Rate
          <select
            value={String(state?.rate ?? 1)}
            onChange={(e) => {
              const rate = Number(e.currentTarget.value);
              void change(`rate ×${rate}`, () => api<Clock>('PUT', 'clock', { rate }));
            }}
          >
            {[...new Set([...RATES, state?.rate ?? 1])].map((r) => (
              <option value={String(r)}>
                {r === 1 ? 'real time' : r === 60 ? '1 min/s' : r === 3600 ? '1 h/s' : r === 86_400 ? '1 day/s' : `×${r}`}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

/** The next China-time month start after an instant, as ISO. */
function nextMonthStart(nowMs: number): string {
  const china = new Date(nowMs + CHINA_MS);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 1) - CHINA_MS).toISOString();
}
