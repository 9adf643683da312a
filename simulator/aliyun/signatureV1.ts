import type { Digests } from '../../src/crypto/digests.js';
import { percentEncode } from '../../src/engine/urlEncoding.js';
import type { SimRequest } from '../../src/engine/simRequest.js';
import { AliyunError } from './errors.js';
import type { RpcParams } from './rpcParams.js';
import type { SignedRequest } from './signedRequest.js';

const SIGNATURE_METHOD = 'HMAC-SHA1';
const SIGNATURE_VERSION = '1.0';

/**
 * Alibaba RPC signature V1 (HMAC-SHA1, SignatureVersion 1.0), aliyun-api.md §3.3. The SDKs sign
 * the decoded parameters, not the wire text (Tea encodes `!'()*` differently on the wire than it
 * signs them), so the server decodes everything and re-encodes it the signing way.
 */
export function readSignatureV1(req: SimRequest, params: RpcParams, digests: Digests): SignedRequest {
  const all = params.all;
  const stringToSign = () => v1StringToSign(req.method, all);
  const signature = all.get('Signature');
  if (!signature) throw new AliyunError('IncompleteSignature', { stringToSign: stringToSign() });
  const method = all.get('SignatureMethod');
  if (!method) throw new AliyunError('MissingParameter', { name: 'SignatureMethod' });
  if (method !== SIGNATURE_METHOD) throw new AliyunError('InvalidSignatureMethod');
  const version = all.get('SignatureVersion');
  if (!version) throw new AliyunError('MissingParameter', { name: 'SignatureVersion' });
  if (version !== SIGNATURE_VERSION) throw new AliyunError('InvalidParameter', { name: 'SignatureVersion' });
  return {
    scheme: 'v1',
    accessKeyId: all.get('AccessKeyId'),
    accessKeyIdName: 'AccessKeyId',
    timestamp: all.get('Timestamp'),
    timestampName: 'Timestamp',
    nonce: all.get('SignatureNonce'),
    nonceName: 'SignatureNonce',
    verify(secret: string) {
      const text = stringToSign();
      return { matches: digests.hmacSha1Base64(secret + '&', text) === signature, stringToSign: text };
    },
  };
}

/** `METHOD&%2F&` + the encoded canonical query of every parameter but Signature. */
export function v1StringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const names: string[] = [];
  for (const name of params.keys()) if (name !== 'Signature') names.push(name);
  names.sort(byCodeUnit);
  let canonical = '';
  for (const name of names) {
    if (canonical) canonical += '&';
    canonical += percentEncode(name) + '=' + percentEncode(params.get(name)!);
  }
  return method.toUpperCase() + '&%2F&' + percentEncode(canonical);
}

/** Plain code-unit order, as the SDKs sort (never locale order). */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
