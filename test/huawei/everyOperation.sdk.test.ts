import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../simulator/huawei/routes.js';
import { GslLikeClient, type SendOptions } from '../helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '../helpers/server.js';

/** The documentation's example card: its id is close to 2^52, so it must travel exactly. */
const CARD = 5702790861709056;
const ICCID_OF = (server: TestServer) => server.simulator.fleet.cardById(server.simulator.fleet.huaweiAk(HUAWEI.ak)!.account.id, CARD)!.iccid;

function cycle(now: number): string {
  const d = new Date(now + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** One call per published operation, with plausible parameters. */
function calls(server: TestServer): Record<string, SendOptions> {
  const iccid = ICCID_OF(server);
  const billing = cycle(server.simulator.clock.now());
  const card = { pathParams: { sim_card_id: CARD } };
  return {
    ListSimCards: { queryParams: { limit: 10 } },
    ShowSimCard: card,
    StopSimCard: { ...card, data: {} },
    ResetSimCard: { ...card, data: {} },
    EnableSimCard: card,
    ShowRealNamed: card,
    DeleteRealName: card,
    StartStopNet: { ...card, data: { action: 'ADD' } },
    SetExceedCutNet: { ...card, data: { action: 1, quota: '100' } },
    RegisterImei: { ...card, data: { bind_type: 1 } },
    SetSpeedValue: { ...card, data: { speed_value: 1024 } },
    ShowMonthUsages: { data: { sim_card_ids: [CARD], billing_cycles: [billing] } },
    ListSimCardFlowPerDay: { data: { sim_card_ids: [CARD], month: billing.replace('-', '') } },
    BatchSetAttributes: { data: { attributes: [{ sim_card_id: CARD }] } },
    ListSimDeviceMultiply: {},
    SwitchNetwork: { ...card, data: { carrier_type: 1 } },
    SetNetworkSwitchPolicy: { ...card, data: { network_switch_policy_id: 1 } },
    ListNetworkSwitchPolicies: {},
    AddNetworkSwitchPolicy: { data: { version: 1, weak_signal_switch: true } },
    ListProPricePlans: {},
    ListSimPricePlans: { queryParams: { sim_card_id: CARD } },
    ListFlowBySimCards: { data: { iccids: [iccid] } },
    ListSimPools: {},
    ListSimPoolMembers: { pathParams: { sim_pool_id: 1 }, queryParams: { billing_cycle: billing } },
    ListBackPools: {},
    ListBackPoolMembers: { pathParams: { back_pool_id: 1 }, queryParams: { billing_cycle: billing } },
    ListTags: {},
    CreateTag: { data: { tag_name: 'sweep' } },
    DeleteTag: { pathParams: { tag_id: 1 } },
    BatchSetTags: { data: { sim_card_ids: [CARD], tag_ids: [] } },
    ListAttributes: {},
    CreateAttribute: { data: { cust_attr_name: 'sweep' } },
    UpdateAttribute: { pathParams: { attribute_id: 1 }, data: { cust_attr_name: 'sweep' } },
    EnableAttribute: { pathParams: { attribute_id: 1 } },
    DisableAttribute: { pathParams: { attribute_id: 1 } },
    SendSms: { data: { sms_content: 'hello', cids: [iccid] } },
    ListSmsDetails: {},
    ListWorkOrders: {},
    ListWorkOrderDetails: { pathParams: { work_order_id: 1 } },
  };
}

/** What a call came to: 200, or the GSL error code (never the gateway's). */
async function outcome(client: GslLikeClient, method: string, template: string, options: SendOptions): Promise<string> {
  try {
    const result = await client.send<Record<string, unknown>>(method, template, { ...options, responseHeaders: [] });
    return String(result.httpStatusCode);
  } catch (err) {
    return String((err as { errorCode?: string }).errorCode);
  }
}

describe('every GSL operation answers through the SDK signer (no project id) and with an IAM token', () => {
  let server: TestServer;
  let clients: Record<string, GslLikeClient>;

  beforeAll(async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'acme-dev', password: 'Sim@2026-dev', domain: { name: 'acme-iot' } } } },
          scope: { project: { name: 'cn-north-4' } },
        },
      }),
    });
    const { projectId: _, ...noProject } = HUAWEI;
    clients = {
      signed: GslLikeClient.withKeys(server.url, noProject),
      token: GslLikeClient.unsigned(server.url, { 'X-Auth-Token': res.headers.get('x-subject-token')! }),
    };
  });
  afterAll(() => server?.close());

  it('covers all 39 published operations', () => {
    expect(Object.keys(calls(server)).sort()).toEqual(ROUTES.map((r) => r.operationId).sort());
    expect(ROUTES).toHaveLength(39);
  });

  for (const via of ['signed', 'token'] as const) {
    it(`reaches GSL for every operation (${via})`, async () => {
      const table = calls(server);
      for (const route of ROUTES) {
        const result = await outcome(clients[via]!, route.method, route.template, table[route.operationId]!);
        expect(result, route.operationId).toMatch(/^(200|GSL\.\d{8})$/);
      }
    });
  }

  it('answers the card near 2^52 with its exact id', async () => {
    const shown = await clients['signed']!.showSimCard<{ sim_card_id: number }>(CARD);
    expect(shown.sim_card_id).toBe(CARD);
    const instances = await clients['token']!.send<Record<string, { sim_card_id: number }>>('GET', '/v1/sim-price-plans', { queryParams: { sim_card_id: CARD } });
    expect(instances['0']!.sim_card_id).toBe(CARD);
  });
});
