/**
 * Keys that belong to one running world, for what it seals (IAM tokens): drawn from the
 * platform's random source when the simulator is created, saved with the world (state `keys`)
 * so that what it sealed stays valid across a restart, and never in the source, where anyone
 * could forge with them. Web Crypto's getRandomValues: Node and browsers alike.
 */
export class SealKeys {
  /** HMAC key of IAM tokens, 64 hex digits. */
  iamToken: string;

  constructor(iamToken: string = randomHexKey()) {
    this.iamToken = iamToken;
  }
}

export const SEAL_KEY_PATTERN = /^[0-9a-f]{64}$/;

export function randomHexKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}
