/**
 * Card identifiers as the fleet keeps and looks them up: a number where the identifier's digits
 * fit a double exactly, else the string itself. A million ICCIDs, IMSIs and MSISDNs as strings
 * were ~100 MB of heap and over a second of formatting and hashing to build; as numbers they are
 * 8 bytes a card in a typed column, formatted when read. Both directions are pure functions of the
 * text, so a look-up by string finds a card whichever form it was stored in.
 */
export type IdentifierKey = string | number;

/**
 * ICCIDs of the form 8986 + 16 digits (issuer, serial, check digit), the issuer code below 90:
 * the 16 digits as a number, below 9e15 and so exact (2^53 ≈ 9.007e15). Fixed length, so the
 * number gives the text back, leading zeros included.
 */
const ICCID_NUMERIC = /^8986[0-8]\d{15}$/;
const ICCID_TAIL_DIGITS = 16;

export function iccidKey(iccid: string): IdentifierKey {
  return ICCID_NUMERIC.test(iccid) ? Number(iccid.slice(4)) : iccid;
}

export function iccidText(key: IdentifierKey): string {
  if (typeof key !== 'number') return key;
  const digits = integerText(key);
  return `8986${'0'.repeat(ICCID_TAIL_DIGITS - digits.length)}${digits}`;
}

/** IMSIs, MSISDNs and IMEIs: up to 15 digits with no leading zero print back exactly as they were. */
const DIGITS_NUMERIC = /^[1-9]\d{0,14}$/;

export function digitsKey(text: string): IdentifierKey {
  return DIGITS_NUMERIC.test(text) ? Number(text) : text;
}

export function digitsText(key: IdentifierKey): string {
  return typeof key === 'number' ? integerText(key) : key;
}

const LOW = 1e8;
const LOW_ZEROS = '00000000';

/**
 * The decimal text of a safe non-negative integer. V8 prints numbers above 2^31 through its
 * general double-to-text path, ~0.4 µs each; printed as two halves below 10^8 (small integers,
 * V8's fast path) it is a quarter of that, and a GSL page of 100 cards prints 400 identifiers.
 */
export function integerText(value: number): string {
  if (value < LOW) return String(value);
  const high = Math.floor(value / LOW);
  const low = String(value - high * LOW);
  return String(high) + LOW_ZEROS.slice(low.length) + low;
}
