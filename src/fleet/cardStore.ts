import type { LifecycleState } from './lifecycle.js';
import { digitsKey, iccidText, integerText, type IdentifierKey } from './identifierKeys.js';
import { OPEN } from './usage/quiet.js';
import type { Card, CardUsage, Carrier, CustomAttributes, FormFactor, NetworkType, RealNameStatus, SimKind } from './model.js';

/**
 * The fleet's cards as columns: one typed array per number field, small codes into a table of
 * names for the fields drawn from a short vocabulary (state, carrier, plan, APN, …), and plain
 * arrays of shared references for the rest (tags, remark, custom attributes, quiet days). A card
 * object (`StoredCard`) is a position in these columns with getters and setters, so a million
 * cards cost ~200 bytes each instead of ~630 as plain objects with their strings and boxed numbers,
 * and building them makes almost no garbage for the collector to trace (docs/performance.md).
 *
 * Only the fleet writes here: every setter is reached through a card the fleet handed out, and
 * the fleet's mutation methods keep its indexes true around them (see Fleet).
 */
export class CardRows {
  private capacity = 0;
  // Numbers, NaN for "absent" where the field is optional.
  id = new Float64Array(0);
  /**
   * Instants as whole seconds since 1970 (see readInstant): every generated one is, and 32 bits
   * a card instead of 64 was 17 MB of a million-card fleet over four columns.
   */
  openedAt = new Uint32Array(0);
  activatedAt = new Uint32Array(0);
  expiresAt = new Uint32Array(0);
  updatedAt = new Uint32Array(0);
  /** The instants that are not whole seconds in 32 bits, by column and position. */
  readonly otherInstants: Readonly<Record<InstantColumn, Map<number, number>>> = {
    openedAt: new Map(),
    activatedAt: new Map(),
    expiresAt: new Map(),
    updatedAt: new Map(),
  };
  stateEndsAt = new Float64Array(0);
  dataKb = new Float64Array(0);
  sms = new Float64Array(0);
  voiceMin = new Float64Array(0);
  topUpKb = new Float64Array(0);
  /**
   * The day an open quiet interval began when that is all of `usage.quiet` (`[from, OPEN]`: every
   * stopped generated card), else NaN and the list, if any, is in `quietLists`. Arrays of two
   * for a third of a million cards were ~20 MB. A 32-bit day; NO_DAY when none (a first day that
   * is not a 32-bit integer is kept as a list).
   */
  quietFrom = new Int32Array(0);
  readonly quietLists = new Map<number, number[]>();
  // Identifiers as numeric keys (see identifierKeys.ts); NaN: the text is in the map beside.
  iccid = new Float64Array(0);
  imsi = new Float64Array(0);
  msisdn = new Float64Array(0);
  imei = new Float64Array(0);
  readonly iccidText = new Map<number, string>();
  readonly imsiText = new Map<number, string>();
  readonly msisdnText = new Map<number, string>();
  readonly imeiText = new Map<number, string>();
  /** The text maps by column: a `${column}Text` property name built per call cost a string each time. */
  private readonly texts: Readonly<Record<IdentifierColumn, Map<number, string>>> = {
    iccid: this.iccidText,
    imsi: this.imsiText,
    msisdn: this.msisdnText,
    imei: this.imeiText,
  };
  /** The identifiers' texts lately read, so a page listed again prints none of them anew. */
  readonly printed = { iccid: new PrintedTexts(), imsi: new PrintedTexts(), msisdn: new PrintedTexts(), imei: new PrintedTexts() };
  // Codes into the name tables below.
  state = new Uint16Array(0);
  carrier = new Uint16Array(0);
  formFactor = new Uint16Array(0);
  simKind = new Uint16Array(0);
  networkType = new Uint16Array(0);
  realNameStatus = new Uint16Array(0);
  accountId = new Uint32Array(0);
  planId = new Uint32Array(0);
  apn = new Uint32Array(0);
  privateNetwork = new Uint32Array(0);
  autoRecharge = new Uint8Array(0);
  /** Order numbers as codes: a card shares its batch's. */
  orderId = new Uint32Array(0);
  /**
   * `usage.through`, a China day: a 32-bit integer, NO_DAY when absent, OTHER_DAY when it is not a
   * 32-bit integer (a saved state may hold anything) and kept in `otherThrough`.
   */
  through = new Int32Array(0);
  readonly otherThrough = new Map<number, number>();
  // References, mostly to arrays shared by many cards (Card.tags).
  readonly tags: Array<readonly string[]> = [];
  /**
   * Card.customAttributes by position: six strings (NO_CUSTOM_ATTRIBUTES, shared by every card
   * with none), or the first alone when no other is set. Every generated card with attributes has
   * just its asset number, and an array of six for each (~250,000 of a million cards) was ~23 MB
   * of the heap (docs/performance.md, round 9). Read and written through the methods below.
   */
  private readonly attributes: Array<CustomAttributes | string> = [];
  /** Remarks by position: one card in twenty has one. */
  readonly remarks = new Map<number, string>();

  readonly names = {
    state: new NameTable<LifecycleState>(0xffff),
    carrier: new NameTable<Carrier>(0xffff),
    formFactor: new NameTable<FormFactor>(0xffff),
    simKind: new NameTable<SimKind>(0xffff),
    networkType: new NameTable<NetworkType>(0xffff),
    realNameStatus: new NameTable<RealNameStatus>(0xffff),
    accountId: new NameTable<string>(0xffffffff),
    orderId: new NameTable<number>(0xffffffff),
    planId: new NameTable<string>(0xffffffff),
    apn: new NameTable<string>(0xffffffff),
    privateNetwork: new NameTable<string | undefined>(0xffffffff),
  };

  /**
   * 1 at the position of a generated card whose period figures are still to be summed (see
   * Fleet.addBatch); `completeUsage` sums them. Every read or write of the figures, and every
   * change to what they are summed from (state, plan, activation, quiet days, the day), asks
   * `ready` first.
   */
  deferred = new Uint8Array(0);
  deferredLeft = 0;
  completeUsage: (seq: number) => void = () => {};

  /**
   * A card object over `seq`, moved to the next position asked for: a filter that reads a card's
   * fields and keeps nothing (CardQuery.where) runs over a million cards with one object.
   */
  probe(seq: number): StoredCard {
    const probe = (this.prober ??= this.card(seq));
    (probe as { seq: number }).seq = seq;
    return probe;
  }
  private prober: StoredCard | undefined;

  /** The card's six attributes: made anew on each read for a card that has the first alone. */
  customAttributes(seq: number): CustomAttributes {
    const kept = this.attributes[seq]!;
    return typeof kept === 'string' ? [kept, '', '', '', '', ''] : kept;
  }

  /** One of the card's attributes (slot 0-5), with no array made. */
  customAttribute(seq: number, slot: number): string {
    const kept = this.attributes[seq]!;
    return typeof kept === 'string' ? (slot === 0 ? kept : '') : kept[slot]!;
  }

  setCustomAttributes(seq: number, value: CustomAttributes): void {
    // Compared slot by slot: this runs for every generated card.
    const firstAlone = value[0] !== '' && value[1] === '' && value[2] === '' && value[3] === '' && value[4] === '' && value[5] === '';
    this.attributes[seq] = firstAlone ? value[0] : value;
  }

  /** Sums the card's figures if they are still to be summed. */
  ready(seq: number): void {
    if (this.deferredLeft !== 0 && this.deferred[seq] === 1) this.completeUsage(seq);
  }

  /** The card objects' class, its prototype holding these columns (see StoredCard.rows). */
  private readonly Card: new (seq: number) => StoredCard = cardClassOver(this);

  /** A new card object over the position `seq`. */
  card(seq: number): StoredCard {
    return new this.Card(seq);
  }

  /** Whether a card object is over these columns (not another fleet's). */
  owns(card: object): boolean {
    return card instanceof this.Card;
  }

  /** Room for positions below `size`. */
  reserve(size: number): void {
    if (size <= this.capacity) return;
    let capacity = Math.max(1024, this.capacity);
    while (capacity < size) capacity *= 2;
    for (const name of FLOAT_COLUMNS) this[name] = grown(this[name], new Float64Array(capacity));
    for (const name of SHORT_COLUMNS) this[name] = grown(this[name], new Uint16Array(capacity));
    for (const name of LONG_COLUMNS) this[name] = grown(this[name], new Uint32Array(capacity));
    this.autoRecharge = grown(this.autoRecharge, new Uint8Array(capacity));
    this.deferred = grown(this.deferred, new Uint8Array(capacity));
    this.orderId = grown(this.orderId, new Uint32Array(capacity));
    this.through = grown(this.through, new Int32Array(capacity));
    this.quietFrom = grown(this.quietFrom, new Int32Array(capacity));
    this.capacity = capacity;
  }

  /** The key an identifier index stores for the card at `seq`. */
  key(column: IdentifierColumn, seq: number): IdentifierKey | undefined {
    const value = this[column][seq]!;
    return value === value ? value : this.texts[column].get(seq);
  }

  /** The instant in a column at `seq` (NaN for none). */
  instant(column: InstantColumn, seq: number): number {
    return readInstant(this[column], this.otherInstants[column], seq);
  }

  setInstant(column: InstantColumn, seq: number, value: number): void {
    writeInstant(this[column], this.otherInstants[column], seq, value);
  }

  /** The first day of the card's open quiet interval when that is all its quiet days, else NaN. */
  quietDay(seq: number): number {
    const day = this.quietFrom[seq]!;
    return day === NO_DAY ? Number.NaN : day;
  }

  /** Sets the card's quiet days to [day, OPEN], none when `day` is NaN. */
  setQuietFrom(seq: number, day: number): void {
    if (day !== day || isDay(day)) {
      this.quietFrom[seq] = day === day ? day : NO_DAY;
      if (this.quietLists.size > 0) this.quietLists.delete(seq);
    } else writeQuiet(this, seq, [day, OPEN]);
  }

  /** Sets `usage.through` of the card at `seq`. */
  setThrough(seq: number, day: number | undefined): void {
    writeThrough(this, seq, day);
  }

  setKey(column: IdentifierColumn, seq: number, key: IdentifierKey | undefined): void {
    const texts = this.texts[column];
    if (typeof key === 'number') {
      this[column][seq] = key;
      // Nearly every identifier is numeric: most of these maps stay empty.
      if (texts.size > 0) texts.delete(seq);
    } else {
      this[column][seq] = Number.NaN;
      if (key === undefined) {
        if (texts.size > 0) texts.delete(seq);
      } else texts.set(seq, key);
    }
  }
}

export type IdentifierColumn = 'iccid' | 'imsi' | 'msisdn' | 'imei';

export type InstantColumn = 'openedAt' | 'activatedAt' | 'expiresAt' | 'updatedAt';

const FLOAT_COLUMNS = ['id', 'stateEndsAt', 'dataKb', 'sms', 'voiceMin', 'topUpKb', 'iccid', 'imsi', 'msisdn', 'imei'] as const;
const SHORT_COLUMNS = ['state', 'carrier', 'formFactor', 'simKind', 'networkType', 'realNameStatus'] as const;
const LONG_COLUMNS = ['accountId', 'planId', 'apn', 'privateNetwork', 'openedAt', 'activatedAt', 'expiresAt', 'updatedAt'] as const;

function grown<T extends Float64Array | Uint16Array | Uint32Array | Int32Array | Uint8Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

/**
 * The texts of number keys lately read, by position (a direct-mapped cache: a position's slot is
 * its low bits). A card's ICCID, IMSI and MSISDN never change; its IMEI's setter forgets the
 * entry. Listings show the same
 * first pages again and again: printing four identifiers of 100 cards a page was a third of the
 * cost of a GSL page over card objects that held their strings.
 */
class PrintedTexts {
  private readonly positions = new Int32Array(PRINTED_SLOTS).fill(-1);
  /**
   * The position last read in each slot: a text is kept at its second read. A walk through every
   * page reads each card once, and texts kept for it would live long enough to reach the old
   * generation, as garbage the major collector then has to clear.
   */
  private readonly seen = new Int32Array(PRINTED_SLOTS).fill(-1);
  private readonly texts: string[] = new Array<string>(PRINTED_SLOTS).fill('');

  forget(seq: number): void {
    const slot = seq & (PRINTED_SLOTS - 1);
    if (this.positions[slot] === seq) this.positions[slot] = -1;
  }

  text(seq: number, key: number, print: (key: number) => string): string {
    const slot = seq & (PRINTED_SLOTS - 1);
    if (this.positions[slot] === seq) return this.texts[slot]!;
    const text = print(key);
    if (this.seen[slot] === seq) {
      this.positions[slot] = seq;
      this.texts[slot] = text;
    } else this.seen[slot] = seq;
    return text;
  }
}
const PRINTED_SLOTS = 8192;

/** Values of a field, each given a small code the first time it is seen (never reused). */
export class NameTable<T> {
  private readonly codes = new Map<T, number>();
  readonly values: T[] = [];
  // Cards come batch by batch: most are given the value the card before was.
  private lastValue: T | undefined;
  private lastCode = -1;

  constructor(private readonly maxCode: number) {}

  code(value: T): number {
    if (value === this.lastValue && this.lastCode >= 0) return this.lastCode;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      if (code > this.maxCode) throw new RangeError(`too many distinct card field values (${code})`);
      this.codes.set(value, code);
      this.values.push(value);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }
}

function cardClassOver(rows: CardRows): new (seq: number) => StoredCard {
  class FleetCard extends StoredCard {}
  Object.defineProperty(FleetCard.prototype, 'rows', { value: rows });
  return FleetCard;
}

function optional(value: number): number | undefined {
  return value === value ? value : undefined;
}

function orNaN(value: number | undefined): number {
  return value ?? Number.NaN;
}

/**
 * A card as the fleet hands it out: its position in the columns. Reads and writes go to the
 * columns; the object itself is its position (32 bytes), kept by the fleet once the card is
 * handed out alone; listings, sweeps and filters get objects the fleet does not keep (Fleet's
 * `cards`), so two objects may be the same card: compare `seq`.
 */
export class StoredCard implements Card {
  /**
   * The columns, on the prototype of the fleet's own subclass (see CardRows.card), so a card
   * object holds its position alone: 8 MB less of a million cards, and less for the collector to copy.
   */
  declare protected readonly rows: CardRows;

  constructor(readonly seq: number) {}

  get id(): number {
    return this.rows.id[this.seq]!;
  }
  get accountId(): string {
    return this.rows.names.accountId.values[this.rows.accountId[this.seq]!]!;
  }
  get iccid(): string {
    const key = this.rows.iccid[this.seq]!;
    return key === key ? this.rows.printed.iccid.text(this.seq, key, iccidText) : this.rows.iccidText.get(this.seq)!;
  }
  get imsi(): string {
    const key = this.rows.imsi[this.seq]!;
    return key === key ? this.rows.printed.imsi.text(this.seq, key, integerText) : this.rows.imsiText.get(this.seq)!;
  }
  get msisdn(): string {
    const key = this.rows.msisdn[this.seq]!;
    return key === key ? this.rows.printed.msisdn.text(this.seq, key, integerText) : this.rows.msisdnText.get(this.seq)!;
  }
  get carrier(): Carrier {
    return this.rows.names.carrier.values[this.rows.carrier[this.seq]!]!;
  }
  get formFactor(): FormFactor {
    return this.rows.names.formFactor.values[this.rows.formFactor[this.seq]!]!;
  }
  set formFactor(value: FormFactor) {
    this.rows.formFactor[this.seq] = this.rows.names.formFactor.code(value);
  }
  get simKind(): SimKind {
    return this.rows.names.simKind.values[this.rows.simKind[this.seq]!]!;
  }
  set simKind(value: SimKind) {
    this.rows.simKind[this.seq] = this.rows.names.simKind.code(value);
  }
  get networkType(): NetworkType {
    return this.rows.names.networkType.values[this.rows.networkType[this.seq]!]!;
  }
  set networkType(value: NetworkType) {
    this.rows.networkType[this.seq] = this.rows.names.networkType.code(value);
  }
  get apn(): string {
    return this.rows.names.apn.values[this.rows.apn[this.seq]!]!;
  }
  set apn(value: string) {
    this.rows.apn[this.seq] = this.rows.names.apn.code(value);
  }
  get state(): LifecycleState {
    return this.rows.names.state.values[this.rows.state[this.seq]!]!;
  }
  set state(value: LifecycleState) {
    this.rows.ready(this.seq);
    this.rows.state[this.seq] = this.rows.names.state.code(value);
  }
  get planId(): string {
    return this.rows.names.planId.values[this.rows.planId[this.seq]!]!;
  }
  set planId(value: string) {
    this.rows.ready(this.seq);
    this.rows.planId[this.seq] = this.rows.names.planId.code(value);
  }
  get orderId(): number {
    return this.rows.names.orderId.values[this.rows.orderId[this.seq]!]!;
  }
  set orderId(value: number) {
    this.rows.orderId[this.seq] = this.rows.names.orderId.code(value);
  }
  get openedAt(): number {
    return readInstant(this.rows.openedAt, this.rows.otherInstants.openedAt, this.seq);
  }
  set openedAt(value: number) {
    writeInstant(this.rows.openedAt, this.rows.otherInstants.openedAt, this.seq, value);
  }
  get activatedAt(): number | undefined {
    return optional(readInstant(this.rows.activatedAt, this.rows.otherInstants.activatedAt, this.seq));
  }
  set activatedAt(value: number | undefined) {
    this.rows.ready(this.seq);
    writeInstant(this.rows.activatedAt, this.rows.otherInstants.activatedAt, this.seq, orNaN(value));
  }
  get expiresAt(): number {
    return readInstant(this.rows.expiresAt, this.rows.otherInstants.expiresAt, this.seq);
  }
  set expiresAt(value: number) {
    writeInstant(this.rows.expiresAt, this.rows.otherInstants.expiresAt, this.seq, value);
  }
  get stateEndsAt(): number | undefined {
    return optional(this.rows.stateEndsAt[this.seq]!);
  }
  set stateEndsAt(value: number | undefined) {
    this.rows.stateEndsAt[this.seq] = orNaN(value);
  }
  /** A view of the card's usage columns (a fresh small object each read: nothing to keep per card). */
  get usage(): CardUsage {
    return new StoredUsage(this.rows, this.seq);
  }
  set usage(value: CardUsage) {
    this.rows.ready(this.seq);
    writeUsage(this.rows, this.seq, value);
  }
  get tags(): readonly string[] {
    return this.rows.tags[this.seq]!;
  }
  set tags(value: readonly string[]) {
    this.rows.tags[this.seq] = value;
  }
  get imei(): string | undefined {
    const key = this.rows.imei[this.seq]!;
    return key === key ? this.rows.printed.imei.text(this.seq, key, integerText) : this.rows.imeiText.get(this.seq);
  }
  set imei(value: string | undefined) {
    this.rows.setKey('imei', this.seq, value === undefined ? undefined : digitsKey(value));
    this.rows.printed.imei.forget(this.seq);
  }
  get realNameStatus(): RealNameStatus {
    return this.rows.names.realNameStatus.values[this.rows.realNameStatus[this.seq]!]!;
  }
  set realNameStatus(value: RealNameStatus) {
    this.rows.realNameStatus[this.seq] = this.rows.names.realNameStatus.code(value);
  }
  get autoRecharge(): boolean {
    return this.rows.autoRecharge[this.seq] === 1;
  }
  set autoRecharge(value: boolean) {
    this.rows.autoRecharge[this.seq] = value ? 1 : 0;
  }
  get privateNetwork(): string | undefined {
    return this.rows.names.privateNetwork.values[this.rows.privateNetwork[this.seq]!];
  }
  set privateNetwork(value: string | undefined) {
    this.rows.privateNetwork[this.seq] = this.rows.names.privateNetwork.code(value);
  }
  get remark(): string | undefined {
    return this.rows.remarks.get(this.seq);
  }
  set remark(value: string | undefined) {
    if (value === undefined) this.rows.remarks.delete(this.seq);
    else this.rows.remarks.set(this.seq, value);
  }
  get customAttributes(): CustomAttributes {
    return this.rows.customAttributes(this.seq);
  }
  set customAttributes(value: CustomAttributes) {
    this.rows.setCustomAttributes(this.seq, value);
  }
  /** One attribute (slot 0-5) without the array `customAttributes` may make (see customAttributeOf). */
  customAttribute(slot: number): string {
    return this.rows.customAttribute(this.seq, slot);
  }

  /** The card as a plain object (JSON.stringify, logs): every field, in Card's order. */
  toJSON(): Record<string, unknown> {
    return plainCard(this);
  }
}

/** A card's usage figures read and written in the columns. */
class StoredUsage implements CardUsage {
  constructor(
    private readonly rows: CardRows,
    private readonly seq: number,
  ) {}

  get dataKb(): number {
    this.rows.ready(this.seq);
    return this.rows.dataKb[this.seq]!;
  }
  set dataKb(value: number) {
    this.rows.ready(this.seq);
    this.rows.dataKb[this.seq] = value;
  }
  get sms(): number {
    this.rows.ready(this.seq);
    return this.rows.sms[this.seq]!;
  }
  set sms(value: number) {
    this.rows.ready(this.seq);
    this.rows.sms[this.seq] = value;
  }
  get voiceMin(): number {
    this.rows.ready(this.seq);
    return this.rows.voiceMin[this.seq]!;
  }
  set voiceMin(value: number) {
    this.rows.ready(this.seq);
    this.rows.voiceMin[this.seq] = value;
  }
  get updatedAt(): number {
    return readInstant(this.rows.updatedAt, this.rows.otherInstants.updatedAt, this.seq);
  }
  set updatedAt(value: number) {
    writeInstant(this.rows.updatedAt, this.rows.otherInstants.updatedAt, this.seq, value);
  }
  get through(): number | undefined {
    return readThrough(this.rows, this.seq);
  }
  set through(value: number | undefined) {
    this.rows.ready(this.seq);
    writeThrough(this.rows, this.seq, value);
  }
  get topUpKb(): number | undefined {
    return optional(this.rows.topUpKb[this.seq]!);
  }
  set topUpKb(value: number | undefined) {
    this.rows.topUpKb[this.seq] = orNaN(value);
  }
  /** A fresh array when kept as its first day (see CardRows.quietFrom): quiet lists are replaced, never changed in place. */
  get quiet(): number[] | undefined {
    const from = this.rows.quietFrom[this.seq]!;
    return from !== NO_DAY ? [from, OPEN] : this.rows.quietLists.get(this.seq);
  }
  set quiet(value: number[] | undefined) {
    this.rows.ready(this.seq);
    writeQuiet(this.rows, this.seq, value);
  }

  toJSON(): CardUsage {
    return plainUsage(this);
  }
}

function writeUsage(rows: CardRows, seq: number, usage: CardUsage): void {
  rows.dataKb[seq] = usage.dataKb;
  rows.sms[seq] = usage.sms;
  rows.voiceMin[seq] = usage.voiceMin;
  writeInstant(rows.updatedAt, rows.otherInstants.updatedAt, seq, usage.updatedAt);
  writeThrough(rows, seq, usage.through);
  rows.topUpKb[seq] = orNaN(usage.topUpKb);
  writeQuiet(rows, seq, usage.quiet);
}

const NO_DAY = -0x80000000;
const OTHER_DAY = -0x7fffffff;

/** A day an Int32 column keeps as itself (the sentinels above aside). */
function isDay(day: number): boolean {
  return (day | 0) === day && day > OTHER_DAY && !Object.is(day, -0);
}

/** An instant column's value for "none" (NaN), and for "kept in the column's map". */
const NO_INSTANT = 0xffffffff;
const OTHER_INSTANT = 0xfffffffe;

function readInstant(column: Uint32Array, others: Map<number, number>, seq: number): number {
  const seconds = column[seq]!;
  return seconds < OTHER_INSTANT ? seconds * 1000 : seconds === NO_INSTANT ? Number.NaN : others.get(seq)!;
}

function writeInstant(column: Uint32Array, others: Map<number, number>, seq: number, value: number): void {
  // Nearly every instant is whole seconds from 1970 to 2106: the maps are nearly always empty.
  if (others.size > 0) others.delete(seq);
  if (value !== value) {
    column[seq] = NO_INSTANT;
    return;
  }
  const seconds = value / 1000;
  if (seconds >= 0 && seconds < OTHER_INSTANT && Math.floor(seconds) === seconds && !Object.is(value, -0)) column[seq] = seconds;
  else {
    column[seq] = OTHER_INSTANT;
    others.set(seq, value);
  }
}

function readThrough(rows: CardRows, seq: number): number | undefined {
  const day = rows.through[seq]!;
  return day === NO_DAY ? undefined : day === OTHER_DAY ? rows.otherThrough.get(seq) : day;
}

function writeThrough(rows: CardRows, seq: number, day: number | undefined): void {
  // Nearly every day is a 32-bit integer: the map of the others is nearly always empty.
  if (rows.otherThrough.size > 0) rows.otherThrough.delete(seq);
  if (day === undefined) rows.through[seq] = NO_DAY;
  else if (isDay(day)) rows.through[seq] = day;
  else {
    rows.through[seq] = OTHER_DAY;
    rows.otherThrough.set(seq, day);
  }
}

function writeQuiet(rows: CardRows, seq: number, quiet: number[] | undefined): void {
  const from = quiet?.[0];
  if (quiet !== undefined && quiet.length === 2 && quiet[1] === OPEN && isDay(from!)) {
    rows.quietFrom[seq] = from!;
    if (rows.quietLists.size > 0) rows.quietLists.delete(seq);
  } else {
    rows.quietFrom[seq] = NO_DAY;
    if (quiet === undefined) rows.quietLists.delete(seq);
    else rows.quietLists.set(seq, quiet);
  }
}

/** Usage figures as a plain object, fields present as a plain card's would be. */
export function plainUsage(usage: CardUsage): CardUsage {
  const out: CardUsage = { dataKb: usage.dataKb, sms: usage.sms, voiceMin: usage.voiceMin, updatedAt: usage.updatedAt };
  if (usage.through !== undefined) out.through = usage.through;
  if (usage.topUpKb !== undefined) out.topUpKb = usage.topUpKb;
  if (usage.quiet !== undefined) out.quiet = usage.quiet;
  return out;
}

/**
 * Every field of Card, in the order a saved state writes them. The type below fails to compile
 * when a field is added to Card and not here (a saved state would silently lose it).
 */
export const CARD_FIELDS = [
  'seq',
  'id',
  'accountId',
  'iccid',
  'imsi',
  'msisdn',
  'carrier',
  'formFactor',
  'simKind',
  'networkType',
  'apn',
  'state',
  'planId',
  'orderId',
  'openedAt',
  'activatedAt',
  'expiresAt',
  'stateEndsAt',
  'usage',
  'tags',
  'imei',
  'realNameStatus',
  'autoRecharge',
  'privateNetwork',
  'remark',
  'customAttributes',
] as const satisfies ReadonlyArray<keyof Card>;
type Unlisted = Exclude<keyof Card, (typeof CARD_FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** A card's fields as a plain object (usage too), nothing shared with the fleet but frozen arrays. */
export function plainCard(card: Card): Record<string, unknown> {
  return plainFields(card, CARD_FIELDS);
}

export type CardField = (typeof CARD_FIELDS)[number];
/** Every field but the card's place in the fleet (`seq`), which a saved card does not carry. */
export const SAVED_FIELDS: readonly CardField[] = CARD_FIELDS.filter((field) => field !== 'seq');

/**
 * plainCard without `seq`: a card as the state file saves it. Built without the field rather than
 * by taking it out of plainCard's object (`{ seq, ...rest }`), which V8 copies property by
 * property on a slow path: that copy was two thirds of a change log line's building.
 */
export function savedCard(card: Card): Record<string, unknown> {
  return plainFields(card, SAVED_FIELDS);
}

function plainFields(card: Card, fields: readonly CardField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = plainField(card, field);
  return out;
}

/**
 * One field of `card` as savedCard gives it: the state file's change log compares a changed card
 * field by field (SAVED_FIELDS) with the record it holds, without making a record.
 */
export const plainField = (card: Card, field: CardField): unknown => (field === 'usage' ? plainUsage(card.usage) : card[field]);

/**
 * One of a card's attributes (slot 0-5). For the fleet's cards it makes no array: filters over a
 * whole fleet read it for every card, and `customAttributes` makes one for each card that keeps
 * its first attribute alone (CardRows).
 */
export function customAttributeOf(card: Card, slot: number): string {
  return card instanceof StoredCard ? card.customAttribute(slot) : card.customAttributes[slot]!;
}
