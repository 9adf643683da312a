import type { Fleet } from '../fleet.js';
import type { LifecycleState } from '../lifecycle.js';
import type { BillingPeriod, Card, Plan } from '../model.js';
import { allowanceKb } from './allowance.js';
import { chinaDay, DAY_MS, dayStart, periodStartDay } from './chinaDays.js';
import { addDays, cardDay, emptyDay, type DayUsage } from './daily.js';
import { unit3 } from './hash.js';
import { DEFAULT_USAGE_POLICY, type UsagePolicy } from './policy.js';
import { usageProfile, type UsageProfile } from './profile.js';
import { closeQuiet, OPEN, openQuiet, quietSince } from './quiet.js';
import { nextTimer, timerAt } from './timers.js';

/** The figures a control-plane caller may set for the current period. */
export interface UsageFigures {
  dataKb?: number;
  sms?: number;
  voiceMin?: number;
}

/**
 * Keeps every card's usage and time-driven lifecycle true to the simulated clock. Each card's
 * `usage` holds its current period's figures through the end of yesterday (China time); when the
 * clock enters a new day, one sweep adds the days that ended to every card (O(cards) a day; a jump
 * of many days sums at most the current and the previous period), stops cards that reached their
 * quota, rolls periods over, and fires the lifecycle timers. Timers due later on the current day
 * are queued so each fires at the first request at or after its instant, stamped with that instant;
 * so is a timer a change put in the past (an expiry moved back, a state forced on a card whose plan
 * ran out), which fires at the next settle, as a restarted keeper's first sweep fires it.
 *
 * Everything kept here beyond the cards' own fields (the day swept, the queue) is derived: a
 * restored fleet rebuilds it at its first settle.
 */
export class UsageKeeper {
  private sweptDay: number | undefined;
  /**
   * Cards with a timer later on the swept day, by the instant it was due when queued (a card's
   * timer may move since: firing re-reads it, so a stale entry fires nothing).
   */
  private due: Array<{ readonly at: number; readonly card: Card }> = [];
  private readonly scratch: DayUsage = emptyDay();
  /**
   * Set while `settle` fires timers: a state they change queues nothing then, since settle queues
   * each card it fired once its timers are all fired (mid-firing, a card just out of its test
   * period still shows that period's end, a timer already fired).
   */
  private settling = false;
  /**
   * The furthest day the sweeps summed the cards to. A clock moved back leaves every card summed
   * there (see `through`): a saved world says so (`usageSummedTo`), and its first sweep sums the
   * cards it regenerates to it, as the cards it was saved from were.
   */
  private furthestDay: number | undefined;
  /** A loaded world's furthest day, for its first sweep only. */
  private loadedFurthestDay: number | undefined;
  policy: UsagePolicy = DEFAULT_USAGE_POLICY;

  constructor(private readonly fleet: Fleet) {}

  /** Brings every card up to `now`. Cheap when the China day has not changed since the last call. */
  settle(now: number): void {
    this.settling = true;
    try {
      const today = chinaDay(now);
      if (this.sweptDay === undefined || today > this.sweptDay) this.sweep(now, today);
      // A clock moved back undoes nothing: figures only ever count days once (see `through`).
      else if (today < this.sweptDay) this.sweptDay = today;
      while (this.due.length > 0 && this.due[0]!.at <= now) {
        const { card } = this.due.shift()!;
        // A card removed since the sweep queued it has no timers left. By position: the sweep's card
        // objects are passing ones (see Fleet.forEachCard), not the fleet's kept objects.
        if (this.fleet.cardById(card.accountId, card.id)?.seq !== card.seq) continue;
        this.fireTimers(card, now);
        this.queueIfDueToday(card);
      }
    } finally {
      this.settling = false;
    }
  }

  /** The furthest day the cards were summed to, undefined before the first sweep. */
  get summedThrough(): number | undefined {
    return this.furthestDay;
  }

  /**
   * A saved world's furthest day (before the first settle): the cards as generated are summed to
   * it when the clock is behind it, the changed ones having been saved with their own figures.
   */
  restoreSummedThrough(day: number): void {
    this.loadedFurthestDay = day;
    this.furthestDay = Math.max(this.furthestDay ?? day, day);
  }

  private sweep(now: number, today: number): void {
    this.due = [];
    const first = this.sweptDay === undefined;
    this.sweptDay = today;
    this.furthestDay = Math.max(this.furthestDay ?? today, today);
    const ahead = first && this.loadedFurthestDay !== undefined && this.loadedFurthestDay > today ? this.loadedFurthestDay : undefined;
    this.loadedFurthestDay = undefined;
    const endOfDay = dayStart(today + 1);
    this.fleet.forEachCard((card) => {
      this.accrue(card, ahead !== undefined && this.fleet.isAsGenerated(card) ? ahead : today, now);
      const at = timerAt(card);
      if (at > now && at < endOfDay) this.due.push({ at, card });
    });
    this.due.sort((a, b) => a.at - b.at);
  }

  /**
   * Queues the card's timer if it is due by the end of the swept day: later today it fires at its
   * instant; already past, at the next settle (the first request at or after its instant, as a
   * restart's first sweep fires it), not at the next day's sweep. Later days are the sweeps'.
   */
  private queueIfDueToday(card: Card): void {
    const at = timerAt(card);
    if (this.sweptDay === undefined || !(at < dayStart(this.sweptDay + 1))) return;
    let i = this.due.findIndex((entry) => entry.at > at);
    if (i < 0) i = this.due.length;
    // Queued already (a card changed again, its timer where it was): once is enough.
    for (let j = i - 1; j >= 0 && this.due[j]!.at === at; j--) if (this.due[j]!.card.seq === card.seq) return;
    this.due.splice(i, 0, { at, card });
  }

  /**
   * A card's timer may have moved (Fleet.updateCard: a PATCH of its expiry, a renewal): one now
   * due today, or overdue, is queued. An entry for its old instant stays and fires nothing.
   */
  timerMoved(card: Card): void {
    if (!this.settling) this.queueIfDueToday(card);
  }

  /** Fires every timer of the card due by `upTo`, in order, each at its own instant. */
  private fireTimers(card: Card, upTo: number): void {
    // Most cards have no timer due (a sweep asks a million): no Timer object for them.
    if (!(timerAt(card) <= upTo)) return;
    for (let timer = nextTimer(card); timer && timer.at <= upTo; timer = nextTimer(card)) {
      this.fleet.transition(card, timer.event, timer.at);
      if (timer.event === 'endTestPeriod') card.stateEndsAt = timer.at + this.silentDays(card) * DAY_MS;
      else if (timer.event === 'activate') card.stateEndsAt = undefined;
    }
  }

  /** How long a card stays silent after its test period: until its first data, fixed per card. */
  private silentDays(card: Card): number {
    return 1 + Math.floor(unit3(this.fleet.seed, card.id, 21) * this.policy.silentPeriodDays);
  }

  /** Period starts of the swept day, by period length (a sweep asks once per card). */
  private periodStarts = { day: Number.NaN, byPeriod: new Map<BillingPeriod, number>() };

  private periodStart(period: BillingPeriod, day: number): number {
    const cache = this.periodStarts;
    if (cache.day !== day) {
      cache.day = day;
      cache.byPeriod.clear();
    }
    let start = cache.byPeriod.get(period);
    if (start === undefined) cache.byPeriod.set(period, (start = periodStartDay(period, day)));
    return start;
  }

  /**
   * Adds the days from `usage.through` to yesterday, rolling the period over when one began. The
   * card's timers fire in between, each before the traffic of its day is counted, so a jump of
   * many days ends where stepping day by day would.
   */
  private accrue(card: Card, today: number, now: number): void {
    const usage = card.usage;
    let from = usage.through ?? chinaDay(usage.updatedAt);
    if (from < today) {
      const plan = this.fleet.plan(card.planId);
      const periodStart = this.periodStart(plan.period, today);
      if (from < periodStart) {
        // Finish the previous period first (its quota stops shape its history); older ones have
        // no figure left to keep, only their timers.
        if (from >= periodStartDay(plan.period, periodStart - 1)) this.walk(card, plan, from, periodStart);
        this.fireTimers(card, dayStart(periodStart) - 1);
        usage.dataKb = usage.sms = usage.voiceMin = 0;
        usage.topUpKb = 0;
        if (card.state === 'stoppedAtQuota' && this.restoresAtRollover(card)) this.fleet.transition(card, 'resume', dayStart(periodStart));
        from = periodStart;
      }
      this.walk(card, plan, from, today);
      usage.through = today;
      usage.updatedAt = dayStart(today);
      this.fleet.refreshUsage(card);
    } else if (usage.through !== from) usage.through = from;
    this.fireTimers(card, now);
  }

  /** Adds the days [from, until) one by one; a card in use that reaches its limit stops as the day ends. */
  private walk(card: Card, plan: Plan, from: number, until: number): void {
    const usage = card.usage;
    const day = this.scratch;
    let profile: UsageProfile | undefined;
    let limit: number | undefined;
    for (let d = from; d < until;) {
      const endOfDay = dayStart(d + 1);
      if (timerAt(card) < endOfDay) this.fireTimers(card, endOfDay - 1);
      if (card.activatedAt === undefined || quietSince(card, d)) {
        // Nothing to count until a timer changes that (activation, or nothing ever: expiry).
        const next = timerAt(card);
        if (!(next < dayStart(until))) return;
        d = Math.max(d + 1, chinaDay(next));
        continue;
      }
      if (profile === undefined) {
        profile = usageProfile(this.fleet.seed, card, plan);
        limit = this.limitKb(card, plan);
      }
      cardDay(card, profile, d, day);
      usage.dataKb += day.kb;
      usage.sms += day.sms;
      usage.voiceMin += day.voiceMin;
      if (limit !== undefined && card.state === 'active' && usage.dataKb >= limit) this.fleet.transition(card, 'reachQuota', endOfDay);
      d++;
    }
  }

  /** The data (KB) at which the card stops: its stop rule, else its plan's allowance when the plan stops at quota. */
  limitKb(card: Card, plan: Plan): number | undefined {
    const rule = this.fleet.stopRules.get(card.id);
    if (rule) return rule.limitKb;
    return this.policy.stopAtQuota.has(plan.kind) ? allowanceKb(card, plan) : undefined;
  }

  /** A stop rule resumes at the next period only with AutoRestore; the plan's own quota always does. */
  private restoresAtRollover(card: Card): boolean {
    return this.fleet.stopRules.get(card.id)?.autoRestore ?? true;
  }

  /**
   * A card joining the fleet: figures given by hand count the days before the day they were taken
   * on, and a card given in a state that uses nothing has used nothing since then.
   */
  adopt(card: Card): void {
    const usage = card.usage;
    usage.through ??= chinaDay(usage.updatedAt);
    if (card.activatedAt !== undefined && card.state !== 'active' && usage.quiet === undefined) usage.quiet = [usage.through, OPEN];
    // One added to a live fleet may come with a timer due today or past (a generated or loaded one
    // is before the first sweep, which queues it).
    this.queueIfDueToday(card);
  }

  /** Quiet days follow the state: a card leaving service uses nothing from the next day on. */
  stateChanged(card: Card, from: LifecycleState, to: LifecycleState, at: number): void {
    const was = from === 'active';
    const is = to === 'active';
    // A stop at a midnight quiets the day it starts; a stop during a day lets that day count.
    if (was && !is) card.usage.quiet = openQuiet(card.usage.quiet, chinaDay(at - 1) + 1);
    else if (!was && is && card.usage.quiet !== undefined) card.usage.quiet = closeQuiet(card.usage.quiet, chinaDay(at) - 1);
    // A state entered may bring a timer due later that day or already past (an expiry).
    if (!this.settling) this.queueIfDueToday(card);
  }

  /**
   * Sets the current period's figures (control plane); a card in use now past its limit stops at
   * once. The caller, `Fleet.setUsage`, has brought work orders and usage up to `now` first.
   */
  setUsage(card: Card, figures: UsageFigures, now: number): void {
    for (const [name, value] of Object.entries(figures)) {
      if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0))
        throw new RangeError(`usage ${name} must be a whole number ≥ 0, got ${String(value)}`);
    }
    const usage = card.usage;
    if (figures.dataKb !== undefined) usage.dataKb = figures.dataKb;
    if (figures.sms !== undefined) usage.sms = figures.sms;
    if (figures.voiceMin !== undefined) usage.voiceMin = figures.voiceMin;
    this.stopIfPastLimit(card, now);
  }

  /** A limit set or lowered now (stop rule, usage figures): a card in use already past it stops at once. */
  stopIfPastLimit(card: Card, now: number): void {
    const limit = this.limitKb(card, this.fleet.plan(card.planId));
    if (limit !== undefined && card.state === 'active' && card.usage.dataKb >= limit) this.fleet.transition(card, 'reachQuota', now);
  }

  /**
   * A renewal completed (linkcard Renew, Dyiotapi DoIotRecharge): a card stopped at its plan's
   * quota gets the plan's allowance once more for this period and resumes. A card stopped by the
   * customer's own stop rule stays stopped: the rule, not the allowance, stopped it.
   */
  renewed(card: Card, at: number): void {
    if (card.state !== 'stoppedAtQuota' || this.fleet.stopRules.get(card.id)) return;
    const plan = this.fleet.plan(card.planId);
    card.usage.topUpKb = (card.usage.topUpKb ?? 0) + plan.dataKb;
    this.fleet.refreshUsage(card);
    if (card.usage.dataKb < allowanceKb(card, plan)) this.fleet.transition(card, 'resume', at);
  }

  // ---- history, for the vendor views ---------------------------------------------------------

  /** The card's use on one China day; days not yet counted (today, the future) are empty. */
  day(card: Card, day: number, out: DayUsage = emptyDay()): DayUsage {
    const through = card.usage.through ?? chinaDay(card.usage.updatedAt);
    if (day >= through) {
      out.kb = out.sms = out.voiceMin = 0;
      return out;
    }
    return cardDay(card, usageProfile(this.fleet.seed, card, this.fleet.plan(card.planId)), day, out);
  }

  /** KB used over the days [first, last]. */
  daysKb(card: Card, first: number, last: number): number {
    const profile = usageProfile(this.fleet.seed, card, this.fleet.plan(card.planId));
    const through = card.usage.through ?? chinaDay(card.usage.updatedAt);
    return addDays(card, profile, first, Math.min(last + 1, through), emptyDay()).kb;
  }

  /**
   * KB used in the calendar month of the days [first, last]. For a monthly plan's current month
   * that is the period figure itself, so usage set by hand (scenario pins, the control plane)
   * shows there as well.
   */
  monthKb(card: Card, first: number, last: number): number {
    // Read once: a stored card makes a new view of its usage at each read.
    const usage = card.usage;
    const through = usage.through ?? chinaDay(usage.updatedAt);
    const plan = this.fleet.plan(card.planId);
    // The current month is the one `through` is in (compared as days: no Date a card, and a
    // pool's row sums a month of each of its members).
    if (plan.period === 'monthly' && through >= first && through <= last) return usage.dataKb;
    return this.daysKb(card, first, last);
  }
}
