import { expect } from 'vitest';
import { responseText, type SimResponse } from '#src/engine/simResponse.js';
import { dyiotapiContract, linkcardContract } from '#simulator/aliyun/contracts.js';

/** The two products share no action name, so the action says which document holds it. */
const DYIOTAPI_ACTIONS = new Set(dyiotapiContract.operationIds());

/** Asserts a body matches the contract for that action and status, and returns it. */
export function expectContract<T = Record<string, any>>(action: string, status: number, body: unknown): T {
  const contract = DYIOTAPI_ACTIONS.has(action) ? dyiotapiContract : linkcardContract;
  expect(contract.responseErrors(action, status, body), `${action} ${status} ${JSON.stringify(body)}`).toEqual([]);
  return body as T;
}

/** Decodes a SimResponse and checks the wire facts every Alibaba answer shares. */
export function decode(response: SimResponse): { status: number; body: Record<string, any> } {
  expect(response.headers['content-type']).toBe('application/json;charset=utf-8');
  const body = JSON.parse(responseText(response)) as Record<string, any>;
  expect(response.headers['x-acs-request-id']).toBe(body['RequestId']);
  return { status: response.status, body };
}

/**
 * pop-core parses with json-bigint, which turns integers of more than 15 digits (the fleet's
 * 16-digit card ids) into BigNumber objects. The wire held plain integers; put them back before
 * checking the body against the contract.
 */
export function plainNumbers<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainNumbers) as T;
  if (value && typeof value === 'object') {
    if ((value as { isBigNumber?: boolean }).isBigNumber === true || value.constructor?.name === 'BigNumber') {
      return Number(String(value)) as T;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainNumbers(v)])) as T;
  }
  return value;
}
