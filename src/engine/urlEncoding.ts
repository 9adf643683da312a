/**
 * RFC 3986 percent-encoding as both vendors sign with it: only A-Z a-z 0-9 - _ . ~ stay
 * literal; every other UTF-8 byte becomes %XX in upper-case hex; space is %20, never '+'.
 */
export function percentEncode(value: string): string {
  // Most signed values (actions, versions, numbers, nonces) need no escaping at all: every
  // request signs a dozen of them.
  if (UNRESERVED.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()) : encoded;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;

/** Decodes one component; a malformed escape is kept literally rather than throwing. */
export function safeDecode(component: string, plusIsSpace: boolean): string {
  const text = plusIsSpace && component.includes('+') ? component.replace(/\+/g, ' ') : component;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (esc) => {
      try {
        return decodeURIComponent(esc);
      } catch {
        return esc;
      }
    });
  }
}

/**
 * Parses 'a=1&b=2&a=3' into ordered [name, value] pairs, decoded. Order and repetition are
 * kept because some schemes sign repeated keys (Huawei) and some forbid them.
 */
export function parseUrlEncoded(text: string, plusIsSpace: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!text) return pairs;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([safeDecode(rawName, plusIsSpace), safeDecode(rawValue, plusIsSpace)]);
  }
  return pairs;
}
