import type { FaultRuleInput } from '../../control/faults/faultRule.js';

/**
 * `--faults <preset>`: transient failures injected through the simulator's fault rules while the
 * command runs, so the client's recovery is graded too. Each rule fires at random with a fixed
 * seed: the same client making the same calls meets the same faults.
 */
const throttling: FaultRuleInput[] = [
  { vendor: 'aliyun', effect: { kind: 'error', code: 'Throttling.User' }, probability: 0.2, seed: 11 },
  { vendor: 'huawei', effect: { kind: 'error', code: 'APIGW.0308' }, probability: 0.2, seed: 12 },
];
const busy: FaultRuleInput[] = [
  { vendor: 'aliyun', effect: { kind: 'error', code: 'ServiceUnavailable' }, probability: 0.2, seed: 21 },
  { vendor: 'huawei', effect: { kind: 'error', code: 'GSL.00010003' }, probability: 0.2, seed: 22 },
];
const http5xx: FaultRuleInput[] = [
  { vendor: 'aliyun', effect: { kind: 'http', status: 500 }, probability: 0.2, seed: 31 },
  { vendor: 'huawei', effect: { kind: 'http', status: 503 }, probability: 0.2, seed: 32 },
];
const drops: FaultRuleInput[] = [{ effect: { kind: 'drop' }, probability: 0.15, seed: 41 }];

/** The mix: each kind rarer, so that together they still leave most requests alone. */
const transient: FaultRuleInput[] = [...throttling, ...busy, ...http5xx, ...drops].map((rule) => ({ ...rule, probability: 0.06 }));

export const FAULT_PRESETS: Readonly<Record<string, readonly FaultRuleInput[]>> = { throttling, busy, '5xx': http5xx, drops, transient };

export function faultPreset(name: string): readonly FaultRuleInput[] {
  const preset = FAULT_PRESETS[name];
  if (!preset) throw new RangeError(`unknown fault preset ${name}: one of ${Object.keys(FAULT_PRESETS).join(', ')}`);
  return preset;
}
