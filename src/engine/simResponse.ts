/** What the engine hands back to an adapter: already serialised, ready for the wire. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * The body: text, bytes, or bytes in chunks to be written one after another (cached JSON
   * fragments, see rawJson.ts). `responseBytes` / `responseText` read any of the three.
   */
  body: string | Uint8Array | readonly Uint8Array[];
  /** Hold the response this long before writing it (an injected latency or timeout); every adapter honours it. */
  delayMs?: number;
  /** Write nothing: close the connection (an injected dropped connection). */
  drop?: boolean;
  /**
   * A response that goes on after its headers (the control plane's server-sent events): `body` is
   * written first, then `stream` is called with a writer and returns the call that stops it, which
   * the adapter makes when the client goes away. An adapter that cannot stream writes `body` alone.
   */
  stream?: ResponseStream;
}

/** The open end of a streamed response. */
export type ResponseStream = (write: (chunk: string) => void) => () => void;

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** The body as one byte array, whichever form the surface produced it in. */
export function responseBytes(response: SimResponse): Uint8Array {
  const body = response.body;
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  const out = new Uint8Array(chunksByteLength(body));
  let at = 0;
  for (const chunk of body) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The body as text, whichever form the surface produced it in. */
export function responseText(response: SimResponse): string {
  return typeof response.body === 'string' ? response.body : utf8.decode(responseBytes(response));
}

/** Bytes of a body given as bytes or chunks (a string's length depends on its encoding). */
export function chunksByteLength(body: Uint8Array | readonly Uint8Array[]): number {
  if (body instanceof Uint8Array) return body.byteLength;
  let size = 0;
  for (const chunk of body) size += chunk.byteLength;
  return size;
}
