/** What the engine hands back to an adapter: already serialised, ready for the wire. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Wait this long (real ms) before answering, as a slow network would. */
  delayMs?: number;
  /** Answer nothing: the connection fails, as a dropped one does. */
  drop?: boolean;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
