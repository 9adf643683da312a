import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The hashes the vendors' signing schemes need, synchronous so a signature check never yields.
 * The default is pure JavaScript (isomorphic: Node, MSW in a browser); the Node entry point
 * swaps in node:crypto for speed. Both give identical bytes.
 */
export interface Digests {
  sha256Hex(data: Uint8Array | string): string;
  hmacSha256Hex(key: Uint8Array | string, data: string): string;
  hmacSha1Base64(key: string, data: string): string;
}

const encoder = new TextEncoder();
const bytes = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? encoder.encode(v) : v);

export function toBase64(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i++) binary += String.fromCharCode(data[i]!);
  return btoa(binary);
}

export const pureDigests: Digests = {
  sha256Hex: (data) => bytesToHex(sha256(bytes(data))),
  hmacSha256Hex: (key, data) => bytesToHex(hmac(sha256, bytes(key), bytes(data))),
  hmacSha1Base64: (key, data) => toBase64(hmac(sha1, bytes(key), bytes(data))),
};
