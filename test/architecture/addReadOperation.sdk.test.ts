import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Card } from '#src/fleet/model.js';
import { expectGslError, GslLikeClient, sdkError } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/**
 * docs/architecture.md's worked example, done: one GSL read operation added with nothing but a
 * contract entry and one action, then driven over real HTTP with the SDK core's signer. Routing,
 * authentication, parameter validation and coercion, the shared error responses, the error
 * family, the request id and the answer's check against the contract all follow from those two.
 * (The operation is an example, not a published GSL API, so it lives in this test's copy of the
 * contract; a real one is the same two edits in contracts/huawei-gsl.openapi.json and gsl/.)
 */
const { OPERATION, PATH } = vi.hoisted(() => ({
  PATH: '/v1/sim-cards/{sim_card_id}/flow-left-example',
  OPERATION: {
    operationId: 'ShowFlowLeftExample',
    summary: 'Example read operation: the flow left on one card this period (docs/architecture.md)',
    'x-gsl-error-family': 'GSL.0001',
    parameters: [
      { name: 'sim_card_id', in: 'path', required: true, schema: { $ref: '#/components/schemas/Long' } },
      { name: 'iccid', in: 'query', required: false, schema: { $ref: '#/components/schemas/Iccid' } },
    ],
    responses: {
      '200': {
        description: 'The card and the MB left',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['sim_card_id', 'iccid', 'flow_left'],
              properties: { sim_card_id: { $ref: '#/components/schemas/Long' }, iccid: { type: 'string' }, flow_left: { type: 'number' } },
            },
          },
        },
      },
      '400': { $ref: '#/components/responses/GslParameterOrBusinessError' },
      '401': { $ref: '#/components/responses/GatewayAuthenticationFailed' },
      '403': { $ref: '#/components/responses/GatewayProjectUnavailable' },
      '404': { $ref: '#/components/responses/GatewayNoSuchApi' },
      '429': { $ref: '#/components/responses/GatewayThrottled' },
      '500': { $ref: '#/components/responses/GslSystemBusy' },
    },
  },
}));

// Step 1, the contract: the document every part of the Huawei surface reads, with the operation added.
vi.mock('#simulator/huawei/contract.js', async () => {
  const { Contract } = await import('#contracts/openapi.js');
  const doc = structuredClone(
    (await import('#contracts/huawei-gsl.openapi.json')).default,
  ) as unknown as import('#contracts/openapi.js').OpenApiDocument;
  doc.paths[PATH] = { get: OPERATION };
  return { gslContract: new Contract(doc) };
});

// Step 2, the action: parameters in (validated, coerced), a body out; the card from cardRef, the MB from the view.
vi.mock('#simulator/huawei/gsl/actions.js', async (original) => {
  const { GSL_ACTIONS } = await original<typeof import('#simulator/huawei/gsl/actions.js')>();
  const { cardRef } = await import('#simulator/huawei/gsl/cardRef.js');
  const { flowLeftMb } = await import('#simulator/huawei/views/flow.js');
  return {
    GSL_ACTIONS: {
      ...GSL_ACTIONS,
      ShowFlowLeftExample: ({
        ctx,
        account,
        params,
      }: import('#simulator/huawei/gsl/call.js').GslCall<{ sim_card_id: number; iccid?: string }>) => {
        const card = cardRef(ctx, account, params.sim_card_id, params.iccid);
        return { sim_card_id: card.id, iccid: card.iccid, flow_left: flowLeftMb(card, ctx.fleet.plan(card.planId)) };
      },
    },
  };
});

// Step 3, the test.
describe('adding a GSL read operation (docs/architecture.md)', () => {
  let server: TestServer;
  let client: GslLikeClient;
  let card: Card;
  let gslContract: import('#contracts/openapi.js').Contract;

  beforeAll(async () => {
    ({ gslContract } = await import('#simulator/huawei/contract.js'));
    server = await startTestServer();
    client = GslLikeClient.withKeys(server.url, HUAWEI);
    const acme = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account;
    card = [...server.simulator.fleet.allCards()].find((c) => c.accountId === acme.id && c.state === 'active')!;
  });
  afterAll(() => server?.close());

  it('is routed, signed, validated and answered in the contract shape', async () => {
    const res = await client.send<{ sim_card_id: number; iccid: string; flow_left: number }>('GET', PATH, {
      pathParams: { sim_card_id: card.id },
    });
    expect(res.httpStatusCode).toBe(200);
    const { httpStatusCode: _s, 'X-Request-Id': requestId, ...body } = res;
    expect(requestId).toMatch(/^[0-9a-f]+$/);
    expect(body).toMatchObject({ sim_card_id: card.id, iccid: card.iccid });
    expect(gslContract.responseErrors('ShowFlowLeftExample', 200, body)).toEqual([]);
  });

  it('finds the card by ICCID when sim_card_id is 0, as every GSL card operation does', async () => {
    const res = await client.send<{ sim_card_id: number }>('GET', PATH, {
      pathParams: { sim_card_id: 0 },
      queryParams: { iccid: card.iccid },
    });
    expect(res.sim_card_id).toBe(card.id);
  });

  it('answers the vendor errors it shares with every operation, in its family, in the shared response shapes', async () => {
    const notNumber = await sdkError(client.send('GET', PATH, { pathParams: { sim_card_id: 'abc' } }));
    expect([notNumber.httpStatusCode, notNumber.errorCode]).toEqual([400, 'GSL.00010004']);
    const unknown = await expectGslError(client.send('GET', PATH, { pathParams: { sim_card_id: 1 } }), 'GSL.00011001');
    expect(gslContract.responseErrors('ShowFlowLeftExample', 400, { error_code: unknown.errorCode, error_msg: unknown.errorMsg })).toEqual(
      [],
    );
  });
});
