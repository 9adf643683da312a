/**
 * JSON text written straight into UTF-8 bytes, exactly as `JSON.stringify` would print the same
 * values: what a page of cards seen once (a walk through a big fleet) is serialised with, instead
 * of building a view object per card, stringifying the page and encoding the string. Every piece
 * is a loop over bytes in a buffer, so a page leaves no per-card strings or objects behind.
 *
 * Bytes go into chunks of CHUNK_BYTES; fragments serialised earlier (a card's cached view) are
 * put between them by reference, not copied, so an answer made wholly of cached fragments
 * allocates no buffer at all.
 */
const CHUNK_BYTES = 128 * 1024;
const encoder = new TextEncoder();

export class JsonBytes {
  private readonly chunks: Uint8Array[] = [];
  private buf: Uint8Array = EMPTY;
  /** Where the bytes not yet handed to `chunks` begin, and where the next byte goes. */
  private start = 0;
  private pos = 0;

  /** At least `n` bytes free at `pos`, the bytes written so far kept. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    this.buf = new Uint8Array(Math.max(CHUNK_BYTES, n));
    this.start = 0;
    this.pos = 0;
  }

  /** Hands the bytes written since the last flush to `chunks` (the buffer's rest stays in use). */
  private flush(): void {
    if (this.pos > this.start) this.chunks.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  /** One byte, an ASCII punctuation mark; a shared chunk when nothing is pending, so cached pages allocate nothing. */
  mark(byte: number, shared: Uint8Array): void {
    if (this.pos > this.start || this.pos < this.buf.length) {
      this.room(1);
      this.buf[this.pos++] = byte;
    } else this.chunks.push(shared);
  }

  /** Bytes known to be JSON text (a pre-encoded key, constant or fragment), copied in. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    // A loop for the short keys and constants: `set` costs a call into the runtime each time.
    if (n > 64) this.buf.set(b, this.pos);
    else {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = b[i]!;
    }
    this.pos += n;
  }

  /** Already serialised chunks, put in by reference. */
  chunksOf(chunks: readonly Uint8Array[]): void {
    this.flush();
    for (let i = 0; i < chunks.length; i++) this.chunks.push(chunks[i]!);
  }

  /** Text known to be printable ASCII with nothing to escape (digits, ISO dates, fixed names). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** A JSON string, quoted and escaped as `JSON.stringify` does. */
  string(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const buf = this.buf;
    const at = this.pos;
    let pos = at;
    buf[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Printable ASCII but the quote and the backslash is copied; anything else (escapes,
      // non-ASCII, lone surrogates) goes the certain way below.
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.pos = at;
        this.text(JSON.stringify(s));
        return;
      }
      buf[pos++] = c;
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /** Any string as UTF-8 (already JSON text: an escaped string from JSON.stringify). */
  private text(t: string): void {
    this.room(t.length * 3);
    this.pos += encoder.encodeInto(t, this.buf.subarray(this.pos)).written;
  }

  /** A JSON number as `JSON.stringify` prints it (not finite: null). */
  number(x: number): void {
    // Whole numbers up to 2^53 (order numbers have 16 digits): Number#toString would keep each
    // text in V8's number-string cache, long enough to be promoted, old-space garbage a card.
    if (Number.isInteger(x) && x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) {
      this.room(18);
      if (x < 0) {
        this.buf[this.pos++] = 0x2d;
        this.digits(-x);
      } else this.digits(x); // -0 too: JSON prints it as 0
      return;
    }
    // Two decimals (the MB figures): printed from the whole hundredths. A double equal to c / 100
    // with c below 10^15 prints as that decimal (it has at most 15 significant digits, and no
    // other decimal that short is as near), so this is Number#toString's text.
    const c = Math.round(x * 100);
    if (c / 100 === x && c < 1e15 && c > -1e15) {
      this.room(19);
      let v = c;
      if (v < 0) {
        this.buf[this.pos++] = 0x2d;
        v = -v;
      }
      const whole = Math.floor(v / 100);
      const cents = v - whole * 100;
      this.digits(whole);
      const buf = this.buf;
      buf[this.pos++] = 0x2e;
      buf[this.pos++] = 0x30 + Math.floor(cents / 10);
      if (cents % 10 !== 0) buf[this.pos++] = 0x30 + (cents % 10);
      return;
    }
    if (Number.isFinite(x)) this.ascii(String(x));
    else this.ascii('null');
  }

  /** A whole number from 0 below 10^9 in exactly `width` digits, zeros in front, then one ASCII byte. */
  padded(v: number, width: number, then: number): void {
    this.room(width + 1);
    const buf = this.buf;
    let w = v | 0;
    for (let at = this.pos + width - 1; at >= this.pos; at--) {
      const q = (w / 10) | 0;
      buf[at] = 0x30 + (w - q * 10);
      w = q;
    }
    this.pos += width;
    buf[this.pos++] = then;
  }

  /** A whole number from 0 to 2^53 in decimal digits (room already made). */
  private digits(v: number): void {
    let count = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) count++;
    const buf = this.buf;
    const end = this.pos + count;
    let at = end;
    if (v < 2147483648) {
      let w = v | 0;
      do {
        const q = (w / 10) | 0;
        buf[--at] = 0x30 + (w - q * 10);
        w = q;
      } while (w !== 0);
    } else {
      let w = v;
      do {
        const q = Math.floor(w / 10);
        buf[--at] = 0x30 + (w - q * 10);
        w = q;
      } while (w !== 0);
    }
    this.pos = end;
  }

  /**
   * The text written, copied into one array of its exact size (a fragment to keep), and the
   * writer emptied, its buffer kept for the next.
   */
  copy(): Uint8Array {
    this.flush();
    let total = 0;
    for (const chunk of this.chunks) total += chunk.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.chunks.length = 0;
    this.start = this.pos = 0;
    return out;
  }

  /** The text written, as chunks to be written one after another. */
  finish(): Uint8Array[] {
    this.flush();
    this.buf = EMPTY;
    this.start = this.pos = 0;
    return this.chunks;
  }
}

const EMPTY = new Uint8Array(0);

/** Text as UTF-8 bytes, for keys and constants encoded once. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
