/** What the engine hands back to an adapter: already serialised, ready for the wire. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

const utf8 = new TextDecoder();

/** The body as text, whichever form the surface produced it in. */
export function responseText(response: SimResponse): string {
  return typeof response.body === 'string' ? response.body : utf8.decode(response.body);
}
