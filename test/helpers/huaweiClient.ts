import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import type { IHttpRequest } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { HuaweiError, type HuaweiErrorCode } from '#simulator/huawei/errors.js';

/**
 * The SDK logs every failed call, axios config included, to stdout at ERROR level. Tests provoke
 * failures on purpose, so its log4js (resolved from the SDK, the very instance it logs through)
 * is turned off here.
 */
export function quietSdkLogs(): void {
  const fromSdk = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
  const log4js = fromSdk('log4js') as { configure(config: unknown): void };
  log4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'off' } } });
}
quietSdkLogs();

export interface HuaweiKeys {
  ak: string;
  sk: string;
  projectId?: string;
}

/** What sendRequest resolves to: the JSON body plus what the SDK adds to it. */
export type SdkResult<T> = T & { httpStatusCode: number; 'X-Request-Id'?: string };

export interface SendOptions {
  queryParams?: Record<string, unknown>;
  pathParams?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Response headers copied onto the result; generated clients ask for none on most operations. */
  responseHeaders?: string[];
  /** Request headers, signed with the rest (X-Sdk-Content-Sha256 replaces the body hash). */
  headers?: Record<string, string>;
}

/**
 * A GSL client written the way Huawei's generated clients are (there is no Node GSL package):
 * ClientBuilder → HcClient, then sendRequest with the operation's method, URL template and
 * parameters. Everything on the wire (signing, encoding, error parsing) is the official core's.
 */
export class GslLikeClient {
  /**
   * The body of the last answer as the SDK's axios parsed it. The core hands back only object
   * bodies (a bare array with the status stuck onto it; a string or Boolean body becomes `{}`),
   * so tests that validate every operation's body against the contract read it here.
   */
  lastBody: unknown;
  /**
   * The headers of the last answer, success or failure, names in lower case (axios's). The core's
   * exceptions carry no headers, so the simulator's X-Sim-Error-Detail is read here.
   */
  lastHeaders: Record<string, string> = {};

  constructor(readonly hcClient: HcClient) {
    // The core keeps its axios instance private; a response interceptor only observes.
    type Observed = { data: unknown; headers?: Record<string, unknown> };
    type Interceptors = { response: { use(onAnswer: (r: Observed) => unknown, onError: (e: { response?: Observed }) => unknown): void } };
    const axios = (hcClient as unknown as { httpClient: { _axiosInstance: { interceptors: Interceptors } } }).httpClient._axiosInstance;
    const keepHeaders = (response: Observed | undefined) => {
      this.lastHeaders = Object.fromEntries(
        Object.entries({ ...response?.headers }).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
    };
    axios.interceptors.response.use(
      (response) => {
        this.lastBody = structuredClone(response.data); // before the core sticks httpStatusCode onto it
        keepHeaders(response);
        return response;
      },
      (error) => {
        keepHeaders(error.response);
        return Promise.reject(error);
      },
    );
  }

  /** The simulator's X-Sim-Error-Detail of the last answer: what the generic 参数异常 was about. */
  get lastErrorDetail(): string | undefined {
    return this.lastHeaders['x-sim-error-detail'];
  }

  static withKeys(endpoint: string, keys: HuaweiKeys): GslLikeClient {
    const credential = new BasicCredentials().withAk(keys.ak).withSk(keys.sk);
    if (keys.projectId) credential.withProjectId(keys.projectId);
    return GslLikeClient.withCredential(endpoint, credential);
  }

  /**
   * BasicCredentials without a project id on a client with a region, as production code builds
   * it: before the first call the core asks IAM (GET /v3/projects?name=<region>, AK/SK signed) for
   * the project id and sends it as X-Project-Id from then on.
   */
  static resolvingProject(
    endpoint: string,
    keys: Omit<HuaweiKeys, 'projectId'>,
    region = 'cn-north-4',
  ): { client: GslLikeClient; credential: BasicCredentials } {
    const credential = new BasicCredentials().withAk(keys.ak).withSk(keys.sk).withIamEndpoint(endpoint);
    const client = new ClientBuilder((hcClient: HcClient) => new GslLikeClient(hcClient))
      .withCredential(credential)
      .withRegion(new Region(region, endpoint))
      .build();
    return { client, credential };
  }

  /** A client whose credential adds these headers instead of signing (tokens, no auth at all). */
  static unsigned(endpoint: string, headers: Record<string, string> = {}): GslLikeClient {
    const credential: ICredential = {
      getAk: () => undefined,
      getSk: () => undefined,
      processAuthParams: async () => credential,
      processAuthRequest: async (_client: HcClient, request: IHttpRequest) => {
        Object.assign(request.headers as Record<string, string>, headers);
        return request;
      },
    };
    return GslLikeClient.withCredential(endpoint, credential);
  }

  private static withCredential(endpoint: string, credential: ICredential): GslLikeClient {
    const client = new ClientBuilder((hcClient: HcClient) => new GslLikeClient(hcClient))
      .withCredential(credential)
      .withEndpoint(endpoint)
      .build();
    return client;
  }

  /** ListSimCards (GET /v1/sim-cards). */
  listSimCards<T = ListSimCardsBody>(query: Record<string, unknown> = {}): Promise<SdkResult<T>> {
    return this.send('GET', '/v1/sim-cards', { queryParams: definedOnly(query) });
  }

  /** ShowSimCard (GET /v1/sim-cards/{sim_card_id}). */
  showSimCard<T = Record<string, unknown>>(simCardId: number, iccid?: string): Promise<SdkResult<T>> {
    return this.send('GET', '/v1/sim-cards/{sim_card_id}', {
      pathParams: { sim_card_id: simCardId },
      queryParams: definedOnly({ iccid }),
    });
  }

  send<T>(method: string, url: string, options: SendOptions = {}): Promise<SdkResult<T>> {
    const request: Record<string, unknown> = {
      method,
      url,
      contentType: 'application/json',
      queryParams: options.queryParams ?? {},
      pathParams: options.pathParams ?? {},
      headers: { ...options.headers },
      responseHeaders: options.responseHeaders ?? ['X-Request-Id'],
    };
    if (options.data !== undefined) request['data'] = options.data;
    return this.hcClient.sendRequest(request as never) as Promise<SdkResult<T>>;
  }
}

export interface ListSimCardsBody {
  limit: number;
  offset: number;
  count: number;
  sim_cards: Array<Record<string, unknown> & { sim_card_id: number; iccid: string }>;
}

/** Generated clients only send the parameters that were set. */
function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** The fields the SDK's exceptions carry (ClientRequestException / ServerResponseException). */
export interface SdkError {
  name: string;
  httpStatusCode: number;
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
}

/** Runs a call that must fail and returns the SDK's exception. */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}

/** The body the SDK parsed, without the status and request id it merges into every result. */
export function bodyOf<T extends object>(result: SdkResult<T>): Omit<T, 'httpStatusCode' | 'X-Request-Id'> {
  const { httpStatusCode: _, 'X-Request-Id': __, ...body } = result;
  return body;
}

/**
 * Runs a call that must fail with a catalogue error and checks all four fields of the SDK's
 * exception: the catalogue's status (and so the exception class), the code, the catalogue's message with these details filled
 * in, and a 32-hex request id (the SDK reads it from X-Request-Id).
 */
export async function expectGslError(
  call: Promise<unknown>,
  code: HuaweiErrorCode,
  details: Readonly<Record<string, string>> = {},
): Promise<SdkError> {
  const err = await sdkError(call);
  expectCatalogueError(err, code, details);
  return err;
}

/** The same checks on an exception already caught. */
export function expectCatalogueError(err: SdkError, code: HuaweiErrorCode, details: Readonly<Record<string, string>> = {}): void {
  const expected = new HuaweiError(code, details);
  expectSdkException(err, expected.status, code, expected.message);
}

/**
 * A GSL parameter error as published (`参数异常`, in the operation family's code) whose
 * X-Sim-Error-Detail header, read from the client that made the call, says what was wrong.
 */
export async function expectParameterError(
  client: GslLikeClient,
  call: Promise<unknown>,
  detail: string | RegExp,
  code: 'GSL.00010004' | 'GSL.00020004' = 'GSL.00010004',
): Promise<SdkError> {
  const err = await sdkError(call);
  expectSdkException(err, 400, code, '参数异常');
  if (typeof detail === 'string') expect(client.lastErrorDetail).toBe(detail);
  else expect(client.lastErrorDetail).toMatch(detail);
  return err;
}

/**
 * The four fields of an SDK exception, with the status and message spelled out by the test (a
 * RegExp where the message quotes a time or a validator's wording); the exception class follows
 * from the status, as the core picks it.
 */
export function expectSdkException(err: SdkError, status: number, code: string, message: string | RegExp): void {
  expect({ name: err.name, httpStatusCode: err.httpStatusCode, errorCode: err.errorCode }).toEqual({
    name: status >= 500 ? 'ServerResponseException' : 'ClientRequestException',
    httpStatusCode: status,
    errorCode: code,
  });
  if (typeof message === 'string') expect(err.errorMsg).toBe(message);
  else expect(err.errorMsg).toMatch(message);
  expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
}
