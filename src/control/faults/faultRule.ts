import { quoteValue } from '../../engine/quoteValue.js';
import { ControlError } from '../route.js';

export type FaultVendor = 'aliyun' | 'huawei';

export type LatencyEffect =
  | { kind: 'latency'; distribution: 'fixed'; ms: number }
  | { kind: 'latency'; distribution: 'uniform'; min: number; max: number }
  | { kind: 'latency'; distribution: 'logNormal'; median: number; sigma: number };

export type FaultEffect =
  { kind: 'error'; code: string } | { kind: 'http'; status: number } | LatencyEffect | { kind: 'timeout'; ms: number } | { kind: 'drop' };

/** What a caller asks for (contracts/sim-control.openapi.json, FaultRuleInput). */
export interface FaultRuleInput {
  vendor?: FaultVendor;
  /** Alibaba's Action or Huawei's operationId. */
  action?: string;
  /** A path prefix, e.g. '/v1/sim-cards'. */
  path?: string;
  /** An ICCID, MSISDN, IMSI or card id appearing in the request's path, query or body. */
  card?: string;
  /** An account id. */
  account?: string;
  effect: FaultEffect;
  /** Fire this many times, then stop (default: for ever). */
  times?: number;
  /** Fire with this probability (0–1), drawn from `seed`. */
  probability?: number;
  seed?: number;
}

/** A stored rule: the input plus its id and what it has done so far. */
export interface FaultRule extends FaultRuleInput {
  readonly id: string;
  /** How many times it fired. */
  hits: number;
  /** How many firings are left, when `times` was given. */
  remaining?: number;
}

/** Past the SDKs' timeouts (pop-core 3 s read, Tea 10 s, Huawei 30 s by default). */
export const DEFAULT_TIMEOUT_MS = 35_000;
/** Longest delay a rule may ask for: a stuck socket, not a stuck test run. */
const MAX_DELAY_MS = 10 * 60_000;

const RULE_FIELDS = new Set(['vendor', 'action', 'path', 'card', 'account', 'effect', 'times', 'probability', 'seed']);

/**
 * Checks a rule from a caller field by field; `knowsError` says whether a code is in a vendor's
 * catalogue (any vendor's when the rule names none). Throws a 400 naming the first problem.
 */
export function parseFaultRule(input: unknown, knowsError: (code: string, vendor: FaultVendor | undefined) => boolean): FaultRuleInput {
  const rule = object(input, 'the fault rule');
  for (const name of Object.keys(rule)) if (!RULE_FIELDS.has(name)) bad(`unknown field ${name.slice(0, 64)}`);
  const out: FaultRuleInput = { effect: parseEffect(rule['effect']) };
  const vendor = rule['vendor'];
  if (vendor !== undefined) {
    if (vendor !== 'aliyun' && vendor !== 'huawei') bad('vendor must be "aliyun" or "huawei"');
    out.vendor = vendor;
  }
  for (const name of ['action', 'path', 'card', 'account'] as const) {
    const value = rule[name];
    if (value === undefined) continue;
    // Matched against every vendor request while the rule stands: a sane length, too.
    if (typeof value !== 'string' || value === '' || value.length > 1024)
      bad(`${name} must be a string of 1 to 1024 characters, got ${quoteValue(value)}`);
    out[name] = value;
  }
  if (out.path !== undefined && !out.path.startsWith('/')) bad('path must start with "/"');
  if (out.effect.kind === 'error' && !knowsError(out.effect.code, out.vendor)) {
    bad(`${out.effect.code.slice(0, 64)} is not in the ${out.vendor ?? 'aliyun or huawei'} error catalogue`);
  }
  if (rule['times'] !== undefined) out.times = integer(rule['times'], 'times', 1);
  if (rule['probability'] !== undefined) {
    const p = rule['probability'];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) bad('probability must be a number from 0 to 1');
    out.probability = p;
  }
  if (rule['seed'] !== undefined) out.seed = integer(rule['seed'], 'seed', 0);
  return out;
}

function parseEffect(input: unknown): FaultEffect {
  const effect = object(input, 'effect');
  const allow = (...names: string[]) => {
    for (const name of Object.keys(effect))
      if (name !== 'kind' && !names.includes(name))
        bad(
          `unknown field effect.${name.slice(0, 64)} for kind ${typeof effect['kind'] === 'string' ? effect['kind'].slice(0, 64) : quoteValue(effect['kind'])}`,
        );
  };
  switch (effect['kind']) {
    case 'error': {
      allow('code');
      const code = effect['code'];
      if (typeof code !== 'string' || code === '') bad('effect.code must be a vendor error code');
      return { kind: 'error', code };
    }
    case 'http': {
      allow('status');
      const status = integer(effect['status'], 'effect.status', 500);
      if (status > 599) bad('effect.status must be a 5xx status');
      return { kind: 'http', status };
    }
    case 'latency':
      return parseLatency(effect, allow);
    case 'timeout':
      allow('ms');
      return { kind: 'timeout', ms: effect['ms'] === undefined ? DEFAULT_TIMEOUT_MS : delay(effect['ms'], 'effect.ms') };
    case 'drop':
      allow();
      return { kind: 'drop' };
    default:
      return bad('effect.kind must be one of error, http, latency, timeout, drop');
  }
}

function parseLatency(effect: Record<string, unknown>, allow: (...names: string[]) => void): LatencyEffect {
  switch (effect['distribution']) {
    case 'fixed':
      allow('distribution', 'ms');
      return { kind: 'latency', distribution: 'fixed', ms: delay(effect['ms'], 'effect.ms') };
    case 'uniform': {
      allow('distribution', 'min', 'max');
      const min = delay(effect['min'], 'effect.min');
      const max = delay(effect['max'], 'effect.max');
      if (max < min) bad('effect.max must not be below effect.min');
      return { kind: 'latency', distribution: 'uniform', min, max };
    }
    case 'logNormal': {
      allow('distribution', 'median', 'sigma');
      const median = delay(effect['median'], 'effect.median');
      const sigma = effect['sigma'] ?? 0.5;
      if (typeof sigma !== 'number' || !(sigma >= 0 && sigma <= 5)) bad('effect.sigma must be a number from 0 to 5');
      return { kind: 'latency', distribution: 'logNormal', median, sigma };
    }
    default:
      return bad('effect.distribution must be fixed, uniform or logNormal');
  }
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) bad(`${name} must be an integer of at least ${min}`);
  return value;
}

function delay(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= MAX_DELAY_MS)) bad(`${name} must be milliseconds from 0 to ${MAX_DELAY_MS}`);
  return value;
}

function bad(message: string): never {
  throw new ControlError(400, 'InvalidFaultRule', message);
}
