/**
 * Pre-serialised JSON inside a value about to be serialised. Node 20's V8 has no `JSON.rawJSON`,
 * so a response holding cached fragments (a ListCardInfo page is 40 cards, each serialised once
 * and reused while the card stands still) is written as: the small envelope through
 * `JSON.stringify`, with a placeholder where each fragment goes, and the fragments' cached UTF-8
 * bytes in between. The fragments are never serialised nor encoded again.
 *
 * The answer is a list of byte chunks, not one array: a fresh array per response is memory
 * outside V8's heap whose pressure sets off full collections (docs/performance.md, "Decisions the
 * figures made"), while the chunks are the long-lived fragments themselves plus a few small pieces.
 */
export class RawJson<T = unknown> {
  /** Types only: what the bytes hold, so an answer built of fragments is still checked against its contract. */
  declare readonly value?: T;

  /** The UTF-8 text of one complete JSON value, in chunks (an array's items are not copied). */
  private constructor(readonly chunks: readonly Uint8Array[]) {}

  /** A value serialised now, to be written as these bytes later. */
  static of<T>(value: T): RawJson<T> {
    return new RawJson<T>([encoder.encode(JSON.stringify(value))]);
  }

  /**
   * UTF-8 bytes already known to be one JSON value (written by a serialiser of its own, e.g.
   * simulator/huawei/views/jsonBytes.ts), taken as they are.
   */
  static fromChunks<T>(chunks: readonly Uint8Array[]): RawJson<T> {
    return new RawJson<T>(chunks);
  }

  /** A JSON array of already serialised items. */
  static array<T>(items: readonly RawJson<T>[]): RawJson<T[]> {
    const chunks: Uint8Array[] = [OPEN];
    for (let i = 0; i < items.length; i++) {
      if (i > 0) chunks.push(COMMA);
      for (const chunk of items[i]!.chunks) chunks.push(chunk);
    }
    chunks.push(CLOSE);
    return new RawJson<T[]>(chunks);
  }

  /** Called by JSON.stringify: a placeholder string `serialiseJson` swaps for the bytes. */
  toJSON(): string {
    if (!collecting) throw new Error('RawJson serialised outside serialiseJson');
    collecting.push(this);
    return PLACEHOLDER;
  }

  /** The JSON text itself. */
  text(): string {
    return this.chunks.map((chunk) => decoder.decode(chunk)).join('');
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OPEN = encoder.encode('[');
const COMMA = encoder.encode(',');
const CLOSE = encoder.encode(']');

// JSON.stringify escapes control characters, so the quoted NUL below appears in its output only
// where a placeholder went, or where a client's string forges it (caught by counting).
const PLACEHOLDER = '\u0000';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);

let collecting: RawJson[] | undefined;

/**
 * `JSON.stringify(value)`, with every RawJson inside written as its bytes: the plain string when
 * there is none, else the UTF-8 text as a list of chunks to be written one after another.
 */
export function serialiseJson(value: unknown): string | Uint8Array[] {
  const outer = collecting;
  const found: RawJson[] = (collecting = []);
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    collecting = outer;
  }
  if (found.length === 0) return text;
  const pieces = text.split(QUOTED_PLACEHOLDER);
  // A forged placeholder (a client's string holding `"` then NUL, after escaping) throws the
  // count off; then the value is written the slow, certain way.
  if (pieces.length !== found.length + 1) return JSON.stringify(materialise(value));
  const out: Uint8Array[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (pieces[i]) out.push(encoder.encode(pieces[i]));
    if (i < found.length) for (const chunk of found[i]!.chunks) out.push(chunk);
  }
  return out;
}

/** A copy of a value with every RawJson replaced by what it holds (for non-JSON writers). */
export function materialise(value: unknown): unknown {
  if (value instanceof RawJson) return JSON.parse(value.text()) as unknown;
  if (Array.isArray(value)) return value.map(materialise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = materialise(item);
    return out;
  }
  return value;
}
