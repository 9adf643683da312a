/**
 * Deterministic request ids: a seeded generator, so a test run with the same seed sees the same
 * ids and failures reproduce. Each vendor formats the 128 bits its own way.
 */
export class RequestIds {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The generator's position, to carry on from after a restart. */
  get position(): number {
    return this.state;
  }

  set position(value: number) {
    this.state = value >>> 0;
  }

  /** 32 lower-case hex characters (Huawei X-Request-Id). */
  nextHex(): string {
    let out = '';
    for (let i = 0; i < 4; i++) out += this.next32().toString(16).padStart(8, '0');
    return out;
  }

  /** An upper-case UUID-shaped id (Alibaba RequestId), version-4 layout. */
  nextUuid(): string {
    const h = this.nextHex().toUpperCase();
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16).toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  // mulberry32: tiny, fast, good enough for ids (not for secrets).
  private next32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}
