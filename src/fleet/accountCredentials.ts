import type { HeldCredential } from './credentials.js';
import type { Account, AliyunAccessKey, HuaweiAkSk } from './model.js';

/**
 * The signing schemes an account's credentials serve, each with the material a gateway verifies a
 * signature with. The names say how a request is signed; to the registry they are opaque keys.
 *
 * Why the account model names them rather than each vendor registering its own: the scenario
 * format, and so the Account type, already declares each vendor's credentials in its own field,
 * so this is the one place that knows which field serves which scheme. And the fleet refuses a
 * credential held twice when an account is added (a scenario load), which must not depend on
 * which gateway modules happen to be loaded yet. The gateways name the scheme they verify and
 * get its material's type back; nothing else in the fleet sees these shapes.
 */
export interface CredentialSchemes {
  /** Alibaba's AccessKeyId/AccessKeySecret (signature V1 and ACS3-HMAC-SHA256). */
  'aliyun-access-key': AliyunAccessKey;
  /** Huawei's AK/SK (SDK-HMAC-SHA256). */
  'huawei-ak-sk': HuaweiAkSk;
}

/** Every credential the account holds, by scheme. */
export function credentialsOf(account: Account): Array<HeldCredential<CredentialSchemes>> {
  const held: Array<HeldCredential<CredentialSchemes>> = [];
  for (const key of account.aliyun?.accessKeys ?? [])
    held.push({ scheme: 'aliyun-access-key', id: key.accessKeyId, idName: 'AccessKeyId', material: key });
  for (const pair of account.huawei?.akSk ?? []) held.push({ scheme: 'huawei-ak-sk', id: pair.ak, idName: 'AK', material: pair });
  return held;
}
