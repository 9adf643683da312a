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
  return typeof key === 'number' ? `8986${String(key).padStart(ICCID_TAIL_DIGITS, '0')}` : key;
}

/** IMSIs, MSISDNs and IMEIs: up to 15 digits with no leading zero print back exactly as they were. */
const DIGITS_NUMERIC = /^[1-9]\d{0,14}$/;

export function digitsKey(text: string): IdentifierKey {
  return DIGITS_NUMERIC.test(text) ? Number(text) : text;
}

export function digitsText(key: IdentifierKey): string {
  return typeof key === 'number' ? String(key) : key;
}
