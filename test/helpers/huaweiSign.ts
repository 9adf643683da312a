import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { stringify } from 'node:querystring';
import type { SimRequest } from '#src/engine/simRequest.js';
import { responseText, type SimResponse } from '#src/engine/simResponse.js';
import { formatSdkDate } from '#simulator/huawei/aksk.js';

export interface SignOptions {
  method?: string;
  path: string;
  query?: Record<string, unknown>;
  data?: unknown;
  keys: { ak: string; sk: string; projectId?: string };
  /** Signing instant (epoch ms); default now. */
  at?: number;
  headers?: Record<string, string>;
}

/**
 * A SimRequest signed by the official SDK's AKSKSigner and encoded as its HTTP client would put
 * it on the wire, for tests that call the engine in-process.
 */
export function signHuaweiRequest(options: SignOptions): SimRequest {
  const method = options.method ?? 'GET';
  const query = options.query ?? {};
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: 'gsl.cn-north-4.myhuaweicloud.com',
    'X-Sdk-Date': formatSdkDate(options.at ?? Date.now()),
    ...(options.keys.projectId ? { 'X-Project-Id': options.keys.projectId } : {}),
    ...options.headers,
  };
  const request = {
    method,
    endpoint: `https://gsl.cn-north-4.myhuaweicloud.com${options.path}`,
    queryParams: query,
    headers,
    data: options.data,
  };
  const credential = { getAk: () => options.keys.ak, getSk: () => options.keys.sk };
  const all = AKSKSigner.sign(request as never, credential as never) as Record<string, string>;
  return {
    method,
    path: options.path,
    rawQuery: stringify(query as never),
    headers: Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), String(v)])),
    body: options.data === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(options.data)),
  };
}

export function responseJson(res: SimResponse): Record<string, unknown> {
  return JSON.parse(responseText(res)) as Record<string, unknown>;
}
