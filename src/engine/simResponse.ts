/** What the engine hands back to an adapter: already serialised, ready for the wire. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Hold the response this long before writing it (an injected latency or timeout); every adapter honours it. */
  delayMs?: number;
  /** Write nothing: close the connection (an injected dropped connection). */
  drop?: boolean;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
