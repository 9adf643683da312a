/**
 * Pre-serialised JSON inside a value about to be serialised. Node 20's V8 has no `JSON.rawJSON`,
 * so a response holding cached fragments (a ListCardInfo page is 40 cards, each serialised once
 * and reused while the card stands still) is written as: the small envelope through
 * `JSON.stringify`, with a placeholder where each fragment goes, then the fragments spliced in.
 * The fragments never go through `JSON.stringify` again.
 *
 * Text, not bytes: a fresh 30 KB Uint8Array per response is memory outside V8's heap, and its
 * pressure set off full collections (p99 three times the ceiling's); strings die young and cheap.
 */
export class RawJson {
  /** `text` must be one complete JSON value. */
  private constructor(readonly text: string) {}

  /** A value serialised now, to be written as this text later. */
  static of(value: unknown): RawJson {
    return new RawJson(JSON.stringify(value));
  }

  /** A JSON array of already serialised items. */
  static array(items: readonly RawJson[]): RawJson {
    let text = '[';
    for (let i = 0; i < items.length; i++) text += (i > 0 ? ',' : '') + items[i]!.text;
    return new RawJson(text + ']');
  }

  /** Called by JSON.stringify: a placeholder string `serialiseJson` swaps for the text. */
  toJSON(): string {
    if (!collecting) throw new Error('RawJson serialised outside serialiseJson');
    collecting.push(this);
    return PLACEHOLDER;
  }
}

// JSON.stringify escapes control characters, so the quoted NUL below appears in its output only
// where a placeholder went, or where a client's string forges it (caught by counting).
const PLACEHOLDER = '\u0000';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);

let collecting: RawJson[] | undefined;

/** `JSON.stringify(value)`, with every RawJson inside written as its text. */
export function serialiseJson(value: unknown): string {
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
  let out = pieces[0]!;
  for (let i = 0; i < found.length; i++) out += found[i]!.text + pieces[i + 1]!;
  return out;
}

/** A copy of a value with every RawJson replaced by what it holds (for non-JSON writers). */
export function materialise(value: unknown): unknown {
  if (value instanceof RawJson) return JSON.parse(value.text) as unknown;
  if (Array.isArray(value)) return value.map(materialise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = materialise(item);
    return out;
  }
  return value;
}
