import { bodyText, type SimRequest } from '../../engine/simRequest.js';
import { InjectedFault, type RequestTrace } from '../../engine/trace.js';
import { parseFaultRule, type FaultEffect, type FaultRule, type FaultVendor, type LatencyEffect } from './faultRule.js';
import { seededRandom } from './prng.js';

interface ActiveRule {
  readonly rule: FaultRule;
  readonly random: () => number;
}

/**
 * The simulator's fault rules. The engine asks them at the gateway's checkpoint (account and
 * action known): latencies add up, the first firing error, HTTP status or drop short-circuits.
 * Rules are tried in the order they were added.
 */
export class FaultSet {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(private readonly knowsError: (code: string, vendor: FaultVendor | undefined) => boolean) {}

  /** Validates and stores a rule (a ControlError 400 names what is wrong); returns it with its id. */
  add(input: unknown): FaultRule {
    const parsed = parseFaultRule(input, this.knowsError);
    const rule: FaultRule = {
      id: `fault-${this.nextId++}`,
      ...parsed,
      hits: 0,
      ...(parsed.times !== undefined ? { remaining: parsed.times } : {}),
    };
    this.rules.push({ rule, random: seededRandom(parsed.seed ?? 1) });
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map(({ rule }) => ({ ...rule }));
  }

  get(id: string): FaultRule | undefined {
    const found = this.rules.find(({ rule }) => rule.id === id);
    return found ? { ...found.rule } : undefined;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(({ rule }) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Applies the rules to one request; throws InjectedFault to short-circuit it. */
  apply(req: SimRequest, trace: RequestTrace): void {
    let haystack: string | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.remaining === 0) continue;
      if (rule.vendor !== undefined && rule.vendor !== trace.vendor) continue;
      if (rule.action !== undefined && rule.action !== trace.action) continue;
      if (rule.account !== undefined && rule.account !== trace.account) continue;
      if (rule.path !== undefined && !req.path.startsWith(rule.path)) continue;
      if (rule.effect.kind === 'error' && !this.knowsError(rule.effect.code, trace.vendor)) continue;
      if (rule.card !== undefined) {
        haystack ??= `${req.path}?${req.rawQuery}&${bodyText(req)}`;
        if (!containsToken(haystack, rule.card)) continue;
      }
      if (rule.probability !== undefined && !(active.random() < rule.probability)) continue;
      rule.hits++;
      if (rule.remaining !== undefined) rule.remaining--;
      trace.faultId = rule.id;
      const effect: FaultEffect = rule.effect;
      if (effect.kind === 'latency') trace.delayMs += sampleLatency(effect, active.random);
      else if (effect.kind === 'timeout') trace.delayMs += effect.ms;
      else throw new InjectedFault(effect, rule.id);
    }
  }
}

/** `token` occurring in `text` not as part of a longer number or name (…123 does not match 1234…). */
function containsToken(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + token.length))) return true;
  }
  return false;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function sampleLatency(effect: LatencyEffect, random: () => number): number {
  switch (effect.distribution) {
    case 'fixed':
      return effect.ms;
    case 'uniform':
      return Math.round(effect.min + random() * (effect.max - effect.min));
    case 'logNormal': {
      // Box–Muller from two seeded draws; 1 - u keeps the logarithm finite.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.round(Math.min(effect.median * Math.exp(effect.sigma * z), 10 * 60_000));
    }
  }
}
