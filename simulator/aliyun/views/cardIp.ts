import type { Card } from '../../../src/fleet/model.js';

/**
 * The card's address as linkcard shows it (GetCardDetail `Ip`): inside its private network
 * segment when it has one (a directional card, e.g. 10.2.0.0/16), else in 10.0.0.0/8, the host
 * part derived from the card id so it stays the same on every request.
 */
export function cardIp(card: Card): string {
  const segment = card.privateNetwork && /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(card.privateNetwork);
  const [base, bits] = segment ? [toInt(segment.slice(1, 5).map(Number)), Number(segment[5])] : [10 << 24, 8];
  const hostBits = Math.min(32 - Math.min(Math.max(bits, 0), 30), 24);
  const hosts = 2 ** hostBits - 2; // neither the network nor the broadcast address
  const host = 1 + (card.id % hosts);
  const network = bits === 0 ? 0 : (base >>> 0) & (0xffffffff << (32 - bits));
  return fromInt((network >>> 0) + host);
}

function toInt(octets: number[]): number {
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

function fromInt(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
