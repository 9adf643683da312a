import { buildFleet, defaultScenario } from './fixtures/index.js';
const START = Date.parse('2026-03-10T04:00:00Z'); const DAY = 86400000;
const build = () => buildFleet(defaultScenario, { seed: 1, now: START, cards: 3000 });
const a = build(), b = build();
for (let d = 1; d <= 75; d++) a.settle(START + d * DAY);
b.settle(START + 75 * DAY);
const A = [...a.allCards()], B = [...b.allCards()];
let n = 0;
for (let i = 0; i < A.length; i++) {
  const x = A[i], y = B[i];
  const sx = JSON.stringify([x.state, x.usage, x.activatedAt, x.stateEndsAt]), sy = JSON.stringify([y.state, y.usage, y.activatedAt, y.stateEndsAt]);
  if (sx !== sy && n++ < 6) console.log(a.plan(x.planId).kind, a.plan(x.planId).period, new Date(x.expiresAt).toISOString(), '\n step', sx, '\n jump', sy);
}
console.log('diffs', n);
