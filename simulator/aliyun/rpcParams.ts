import { bodyText, type SimRequest } from '../../src/engine/simRequest.js';
import { parseUrlEncoded } from '../../src/engine/urlEncoding.js';

/**
 * The parameters of one RPC request. Alibaba's SDKs scatter them freely: pop-core GET puts all
 * in the query, pop-core POST all in a form body, the Tea clients system parameters in the query
 * and business ones in the body, and pop-core with a lower-case method a POST with everything in
 * the query. So both places are read whatever the method, and merged.
 */
export interface RpcParams {
  /** Query pairs, decoded, in wire order (ACS3 signs these alone). */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Query ∪ form body; the body wins a clash, as the SDKs merge `{...query, ...body}` to sign. */
  readonly all: ReadonlyMap<string, string>;
}

const FORM = 'application/x-www-form-urlencoded';

export function parseRpcParams(req: SimRequest): RpcParams {
  // '+' means space in both places: the gateway decodes queries the way servlet containers do.
  const query = parseUrlEncoded(req.rawQuery, true);
  const all = new Map<string, string>(query);
  if (req.body.length > 0 && isFormBody(req.headers['content-type'])) {
    for (const [name, value] of parseUrlEncoded(bodyText(req), true)) all.set(name, value);
  }
  return { query, all };
}

/** A body is read as a form when it says so, or says nothing (some hand-written clients). */
function isFormBody(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.toLowerCase().startsWith(FORM);
}

/**
 * An array parameter in either style the clients use: one JSON-array value (`OptMsisdns=["a","b"]`,
 * the Darabonba "shrink" style) or a repeat list (`OptMsisdns.1=a&OptMsisdns.2=b`, pop-core).
 */
export function listParam(all: ReadonlyMap<string, string>, name: string): string[] | undefined {
  const whole = all.get(name);
  if (whole !== undefined) {
    const trimmed = whole.trim();
    if (trimmed.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
      } catch {
        // Not JSON after all: the value is one item.
      }
    }
    return trimmed === '' ? [] : [whole];
  }
  const prefix = name + '.';
  let items: Array<[number, string]> | undefined;
  for (const [key, value] of all) {
    if (!key.startsWith(prefix)) continue;
    const position = Number(key.slice(prefix.length));
    if (!Number.isInteger(position) || position < 1) continue;
    (items ??= []).push([position, value]);
  }
  return items?.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** Booleans arrive as `true`, `True` (Python's str()) or `TRUE`; anything else stays as sent. */
export function normaliseBoolean(value: string): string {
  const lower = value.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : value;
}
