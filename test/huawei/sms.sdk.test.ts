import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient, bodyOf, expectParameterError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

type Body = Record<string, unknown>;

describe('GSL SMS over the SDK (default scenario)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let deliverable: Card;
  let unicom: Card;

  const details = async (query: Body = {}) => {
    const body = bodyOf(await client.send<Body>('GET', '/v1/sms-send-infos/details', { queryParams: query }));
    expect(gslContract.responseErrors('ListSmsDetails', 200, body)).toEqual([]);
    return body as { count: number; sms_details: Body[] };
  };

  beforeAll(async () => {
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const fleet = server.simulator.fleet;
    const acme = fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    const mine = [...fleet.allCards()].filter((c) => c.accountId === acme.id);
    deliverable = mine.find((c) => c.carrier !== 'CUCC' && c.state === 'active' && fleet.plan(c.planId).smsQuota > 0)!;
    unicom = mine.find((c) => c.carrier === 'CUCC')!;
  });
  afterAll(() => server?.close());

  it('sends to cards by ICCID: sending, then delivered as the clock passes; failed for a China Unicom card', async () => {
    const sent = await client.send<Body>('POST', '/v1/sms-send-infos', {
      data: { sms_content: 'reboot', cids: [deliverable.iccid, unicom.iccid] },
    });
    expect(sent.httpStatusCode).toBe(200);
    const first = await details({ cid: deliverable.iccid });
    expect(first.sms_details).toEqual([
      expect.objectContaining({
        cid: deliverable.iccid,
        msisdn: deliverable.msisdn,
        sms_status: 1,
        received_time: null,
        sms_content: 'reboot',
      }),
    ]);
    server.simulator.clock.advance(5_000);
    expect((await details({ cid: deliverable.iccid })).sms_details[0]).toMatchObject({ sms_status: 2, received_time: expect.any(String) });
    expect((await details({ cid: unicom.iccid })).sms_details[0]).toMatchObject({ sms_status: 3 });
    expect((await details()).count).toBe(2);
  });

  it('needs cids or an order id, and knows its cards', async () => {
    const send = (data: Record<string, unknown>) => client.send('POST', '/v1/sms-send-infos', { data });
    await expectParameterError(client, send({ sms_content: 'x' }), 'cids or order_id is required');
    const unknown = await expectGslError(send({ sms_content: 'x', cids: ['8986000000000000000'] }), 'GSL.00011011', {
      iccid: '8986000000000000000',
    });
    expect(unknown.errorMsg).toBe('The iccid:[8986000000000000000] does not exist.');
    await expectParameterError(client, send({ cids: [deliverable.iccid] }), 'sms_content is required');
    // A console upload of cards (file_temp_id) the simulator does not hold.
    await expectGslError(send({ sms_content: 'x', file_temp_id: 1001 }), 'GSL.00012016');
  });
});
