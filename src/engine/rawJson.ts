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

  /**
   * A fragment starts as text and is encoded when it is first written again: a page whose cards
   * are all new (a walk through the fleet sees each card once) is encoded in one piece, runs of
   * new fragments together (`array`), instead of one small encoding per card; a fragment reused
   * is encoded once, by itself, and written as its bytes from then on.
   */
  private constructor(
    private source: string | undefined,
    private bytes: readonly Uint8Array[] | undefined,
  ) {}

  /** A value serialised now, to be written as these bytes later. */
  static of<T>(value: T): RawJson<T> {
    return new RawJson<T>(JSON.stringify(value), undefined);
  }

  /** The UTF-8 text of one complete JSON value, in chunks (an array's items are not copied). */
  get chunks(): readonly Uint8Array[] {
    if (this.bytes === undefined) {
      this.bytes = [encoder.encode(this.source)];
      this.source = undefined;
    }
    return this.bytes;
  }

  /**
   * A JSON array of already serialised items. Items already encoded are written as their bytes;
   * runs of items not yet encoded, with the commas between them, are encoded as one chunk (the
   * items keep their text, and are encoded by themselves if they are written again).
   */
  static array<T>(items: readonly RawJson<T>[]): RawJson<T[]> {
    const chunks: Uint8Array[] = [];
    let run = '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) run += ',';
      const item = items[i]!;
      if (item.bytes === undefined && !item.seen) {
        // First time written: into the run (once more, and it gets bytes of its own).
        item.seen = true;
        run += item.source;
        continue;
      }
      if (run.length > 0) {
        chunks.push(encoder.encode(run));
        run = '';
      }
      for (const chunk of item.chunks) chunks.push(chunk);
    }
    chunks.push(encoder.encode(run + ']'));
    return new RawJson<T[]>(undefined, chunks);
  }

  /** Whether the item has been written once as text (see `array`). */
  private seen = false;

  /** Called by JSON.stringify: a placeholder string `serialiseJson` swaps for the bytes. */
  toJSON(): string {
    if (!collecting) throw new Error('RawJson serialised outside serialiseJson');
    collecting.push(this);
    return PLACEHOLDER;
  }

  /** The JSON text itself. */
  text(): string {
    return this.source ?? this.chunks.map((chunk) => decoder.decode(chunk)).join('');
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
