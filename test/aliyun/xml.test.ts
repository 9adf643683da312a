import openApiClient, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { XMLParser } from 'fast-xml-parser';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN, startTestServer, type TestServer } from '#helpers/server.js';
import { cjsDefault } from './helpers/cjs.js';
import { expectContract } from './helpers/contract.js';
import { signedV1 } from './helpers/sign.js';

/** Format=XML over raw HTTP: success roots, list serialisation and <Error> bodies (aliyun-api.md §4). */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const parser = new XMLParser({ parseTagValue: false });

async function xmlCall(action: string, version: string, params: Record<string, string>, format = 'XML') {
  const req = signedV1(action, version, params, { at: server.simulator.clock.now(), system: (p) => void (p['Format'] = format) });
  const res = await fetch(`${server.url}/?${req.rawQuery}`, { headers: req.headers as Record<string, string> });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    requestId: res.headers.get('x-acs-request-id'),
    text,
    body: parser.parse(text),
  };
}

const PINNED = '89860012345678901234';

describe('Format=XML', () => {
  it('wraps a linkcard success in <ActionResponse> with bare booleans', async () => {
    const card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === 'acme' && c.state === 'active' && c.iccid !== PINNED)!;
    const res = await xmlCall('StopSingleCard', '2021-05-20', { Iccid: card.iccid });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xml;charset=utf-8');
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><StopSingleCardResponse>')).toBe(true);
    expect(res.body.StopSingleCardResponse).toEqual({ RequestId: res.requestId, Code: '200', Success: 'true', Data: 'true' });
  });

  it('repeats the element of a linkcard list, and of a list of primitives', async () => {
    const res = await xmlCall('AddTagsToCard', '2021-05-20', { Iccid: PINNED, TagNameList: JSON.stringify(['a', 'b']) }, 'xml');
    expect(res.text).toMatch(
      /<Data><TagId>\d+<\/TagId><TagName>a<\/TagName><\/Data><Data><TagId>\d+<\/TagId><TagName>b<\/TagName><\/Data>/,
    );
    const detail = await xmlCall('GetCardDetail', '2021-05-20', { Iccid: PINNED });
    expect(detail.text).toContain(`<Imsi>${server.simulator.fleet.cardByIccid('acme', PINNED)!.imsi}</Imsi>`);
  });

  it('nests Dyiotapi wrapped lists: plural element, one singular element per item', async () => {
    const res = await xmlCall('QueryCardFlowInfo', '2017-11-11', { Iccid: PINNED });
    expect(res.text).toMatch(
      /<QueryCardFlowInfoResponse><RequestId>[^<]+<\/RequestId><Code>OK<\/Code><Message>OK<\/Message><CardFlowInfos><CardFlowInfo><ResName>/,
    );
    expect(res.body.QueryCardFlowInfoResponse.CardFlowInfos.CardFlowInfo.FlowResource).toBe('1048576');
  });

  it('answers gateway and business errors as <Error> with text/xml', async () => {
    const missing = await xmlCall('GetCardDetail', '2021-05-20', {});
    expect(missing.status).toBe(400);
    expect(missing.type).toBe('text/xml;charset=utf-8');
    expect(missing.body.Error).toMatchObject({ RequestId: missing.requestId, Code: 'MissingParameter', HostId: 'linkcard.aliyuncs.com' });
    const unknown = await xmlCall('GetCardDetail', '2021-05-20', { Iccid: '89860000000000000000' });
    expect(unknown.body.Error).toMatchObject({ Code: 'InvalidIccid.NotFound', Success: 'false' });
    // A Dyiotapi business failure at its published 400 is an <Error>; at HTTP 200 the action's own response.
    const dy = await xmlCall('QueryCardInfo', '2017-11-11', { Iccid: '89860000000000000000' });
    expect([dy.status, dy.type]).toEqual([400, 'text/xml;charset=utf-8']);
    expect(dy.body.Error).toMatchObject({ Code: 'isv.IOT_RES_NOT_EXIST', Message: 'Can\u2019t found the card by the iccid number.' });
    server.simulator.settings.dyiotapiBusinessErrorStatus = 200;
    try {
      const at200 = await xmlCall('QueryCardInfo', '2017-11-11', { Iccid: '89860000000000000000' });
      expect(at200.status).toBe(200);
      expect(at200.body.QueryCardInfoResponse).toMatchObject({ Code: 'isv.IOT_RES_NOT_EXIST' });
    } finally {
      server.simulator.settings.dyiotapiBusinessErrorStatus = 'published';
    }
    const bad = await xmlCall('GetCardDetail', '2021-05-20', { Iccid: PINNED }, 'YAML');
    expect([bad.status, bad.type]).toEqual([400, 'application/json;charset=utf-8']);
  });
});

/**
 * openapi-client's ACS3 path reads an error as XML when its content type is text/xml;charset=utf-8,
 * taking the fields of <Error>: the one official SDK that gets a Format=XML failure to its caller.
 */
describe('Format=XML errors through @alicloud/openapi-client (ACS3)', () => {
  const OpenApi = cjsDefault(openApiClient);

  async function xmlFailure(
    action: string,
    query: Record<string, string>,
    credentials: { accessKeyId: string; accessKeySecret: string } = ALIYUN,
  ) {
    const api = new OpenApi(new Config({ ...credentials, endpoint: server.hostPort, protocol: 'http' }));
    const params = new Params({
      action,
      version: '2017-11-11',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    // The SDK would read a JSON error just as well, so watch the wire to know the answer was XML.
    const contentTypes: unknown[] = [];
    const onResponse = (message: unknown) =>
      void contentTypes.push((message as { response: IncomingMessage }).response.headers['content-type']);
    subscribe('http.client.response.finish', onResponse);
    let err: { code: string; statusCode: number; data: Record<string, unknown> } | undefined;
    try {
      err = (await api.callApi(params, new OpenApiRequest({ query: { Format: 'XML', ...query } }), new RuntimeOptions({})).then(
        () => undefined,
        (e: unknown) => e,
      )) as typeof err;
    } finally {
      unsubscribe('http.client.response.finish', onResponse);
    }
    expect(contentTypes).toEqual(['text/xml;charset=utf-8']);
    expect(err, 'the SDK should have thrown').toBeInstanceOf(Error);
    const { statusCode, ...body } = err!.data;
    expect(statusCode).toBe(err!.statusCode);
    expectContract(action, err!.statusCode, body);
    return { ...err!, body };
  }

  it('throws a Dyiotapi gateway error parsed from <Error>', async () => {
    const missing = await xmlFailure('QueryCardInfo', {});
    expect([missing.statusCode, missing.code]).toEqual([400, 'MissingParameter']);
    expect(missing.body).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      HostId: 'dyiotapi.aliyuncs.com',
      Code: 'MissingParameter',
      Message: 'The input parameter "Iccid" that is mandatory for processing this request is not supplied.',
      Recommend: expect.stringContaining('q=MissingParameter&product=Dyiotapi'),
    });
    const unknown = await xmlFailure('QueryCardInfo', { Iccid: PINNED }, { accessKeyId: 'nobody', accessKeySecret: 'x' });
    expect([unknown.statusCode, unknown.code, unknown.body['HostId']]).toEqual([
      404,
      'InvalidAccessKeyId.NotFound',
      'dyiotapi.aliyuncs.com',
    ]);
  });
});
