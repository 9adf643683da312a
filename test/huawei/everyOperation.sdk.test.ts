import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import { ROUTES } from '#simulator/huawei/routes.js';
import type { Card, Carrier } from '#src/fleet/model.js';
import { GslLikeClient, type SendOptions } from '#helpers/huaweiClient.js';
import { HUAWEI, startTestServer, type TestServer } from '#helpers/server.js';

/** The documentation's example card: its id is close to 2^52, so it must travel exactly. */
const CARD = 5702790861709056;
const CARRIER_CODE: Record<Carrier, number> = { CMCC: 1, CTCC: 2, CUCC: 3 };

type Body = Record<string, any>;

function cycle(now: number): string {
  const d = new Date(now + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * One step of a pass: an operation, its parameters (built from what earlier steps answered, as a
 * client would: the pool id from ListSimPools, the order id from StopSimCard, …) and what the
 * answer must show of the fleet.
 */
interface Step {
  operationId: string;
  options: () => SendOptions;
  expectFromFleet?: (body: any) => void;
}

/**
 * What one pass needs of the fleet: cards nobody else used (so GSL's 5-minute repeat rule and the
 * unfinished-order rules cannot refuse anything), a China Telecom one for clear-real-name, and a
 * three-network card.
 */
interface PassCards {
  stop: Card;
  reset: Card;
  enable: Card;
  chinaTelecom: Card;
  cutNet: Card;
  exceedCutNet: Card;
  rebind: Card;
  speedLimit: Card;
  threeNetwork: Card;
}

describe('every GSL operation answers 200 from the fleet over the SDK core, in the shape of the contract', () => {
  let server: TestServer;
  let accountId: string;
  const taken = new Set<number>();

  function freshCard(test: (c: Card) => boolean): Card {
    for (const card of server.simulator.fleet.allCards()) {
      if (card.accountId !== accountId || taken.has(card.id) || card.id === CARD || !test(card)) continue;
      taken.add(card.id);
      return card;
    }
    throw new Error('no free card');
  }

  function passCards(): PassCards {
    const fleet = server.simulator.fleet;
    const plain = (c: Card) => !fleet.threeNetwork.get(c.id) && c.state === 'active';
    return {
      stop: freshCard(plain),
      reset: freshCard(plain),
      enable: freshCard((c) => c.state === 'silent'),
      chinaTelecom: freshCard((c) => plain(c) && c.carrier === 'CTCC' && c.realNameStatus === 'certified'),
      cutNet: freshCard(plain),
      exceedCutNet: freshCard(plain),
      rebind: freshCard(plain),
      speedLimit: freshCard((c) => plain(c) && c.carrier === 'CUCC'),
      threeNetwork: freshCard((c) => fleet.threeNetwork.get(c.id) !== undefined),
    };
  }

  /** Every operation in an order where each finds what it needs: one step per published operation. */
  function steps(pass: string, cards: PassCards): Step[] {
    const fleet = server.simulator.fleet;
    const billing = cycle(server.simulator.clock.now());
    const mine = [...fleet.allCards()].filter((c) => c.accountId === accountId);
    const example = fleet.cardById(accountId, CARD)!;
    const got: Body = {};
    const card = (c: Card) => ({ pathParams: { sim_card_id: c.id } });
    const orderOf = (body: Body) => expect(body).toEqual({ work_order_id: expect.any(Number) });
    const policyName = `every-operation-${pass}`;
    return [
      {
        operationId: 'ListSimCards',
        options: () => ({ queryParams: { limit: 10 } }),
        expectFromFleet: (b) => expect(b.count).toBe(mine.length),
      },
      {
        operationId: 'ShowSimCard',
        options: () => ({ pathParams: { sim_card_id: CARD } }),
        expectFromFleet: (b) => expect(b).toMatchObject({ sim_card_id: CARD, iccid: example.iccid }),
      },
      {
        operationId: 'StopSimCard',
        options: () => ({ ...card(cards.stop), data: {} }),
        expectFromFleet: (b) => {
          orderOf(b);
          got['workOrderId'] = b.work_order_id;
        },
      },
      { operationId: 'ResetSimCard', options: () => ({ ...card(cards.reset), data: {} }), expectFromFleet: orderOf },
      {
        operationId: 'EnableSimCard',
        options: () => ({ pathParams: { sim_card_id: 0 }, queryParams: { iccid: cards.enable.iccid } }),
        expectFromFleet: orderOf,
      },
      {
        operationId: 'ShowRealNamed',
        options: () => card(cards.chinaTelecom),
        expectFromFleet: (b) => expect(b).toEqual({ iccid: cards.chinaTelecom.iccid, real_named: true }),
      },
      { operationId: 'DeleteRealName', options: () => card(cards.chinaTelecom), expectFromFleet: orderOf },
      { operationId: 'StartStopNet', options: () => ({ ...card(cards.cutNet), data: { action: 'ADD' } }), expectFromFleet: orderOf },
      {
        operationId: 'SetExceedCutNet',
        options: () => ({ ...card(cards.exceedCutNet), data: { action: 1, quota: '100' } }),
        expectFromFleet: orderOf,
      },
      { operationId: 'RegisterImei', options: () => ({ ...card(cards.rebind), data: { bind_type: 1 } }), expectFromFleet: orderOf },
      {
        operationId: 'SetSpeedValue',
        options: () => ({ ...card(cards.speedLimit), data: { speed_value: 1024 } }),
        expectFromFleet: orderOf,
      },
      {
        operationId: 'ShowMonthUsages',
        options: () => ({ data: { sim_card_ids: [CARD], billing_cycles: [billing] } }),
        expectFromFleet: (b) => expect(b.month_usages).toEqual([expect.objectContaining({ sim_card_id: CARD, iccid: example.iccid })]),
      },
      {
        operationId: 'ListSimCardFlowPerDay',
        options: () => ({ data: { sim_card_ids: [CARD], month: billing.replace('-', '') } }),
        expectFromFleet: (b) => expect(b.flatMap((day: Body) => day.sim_flow.map((f: Body) => f.sim_card_id))).toContain(CARD),
      },
      {
        operationId: 'ListSimDeviceMultiply',
        options: () => ({ queryParams: { sim_card_id: cards.threeNetwork.id } }),
        expectFromFleet: (b) => {
          expect(b.sim_cards).toEqual([expect.objectContaining({ sim_card_id: cards.threeNetwork.id, cid: cards.threeNetwork.iccid })]);
          got['onlineCarrier'] = b.sim_cards[0].online_carrier;
        },
      },
      {
        operationId: 'SwitchNetwork',
        options: () => ({
          ...card(cards.threeNetwork),
          data: { carrier_type: Object.values(CARRIER_CODE).find((c) => c !== got['onlineCarrier']) },
        }),
        expectFromFleet: orderOf,
      },
      {
        operationId: 'AddNetworkSwitchPolicy',
        options: () => ({ data: { version: 1, policy_name: policyName, weak_signal_switch: true } }),
        expectFromFleet: (b) => expect(b).toBe(''),
      },
      {
        operationId: 'ListNetworkSwitchPolicies',
        options: () => ({ queryParams: { policy_name: policyName } }),
        expectFromFleet: (b) => {
          expect(b.network_switch_policy_list).toEqual([expect.objectContaining({ policy_name: policyName })]);
          got['policyId'] = b.network_switch_policy_list[0].id;
        },
      },
      {
        operationId: 'SetNetworkSwitchPolicy',
        options: () => ({ ...card(cards.threeNetwork), data: { network_switch_policy_id: got['policyId'] } }),
        expectFromFleet: orderOf,
      },
      { operationId: 'ListProPricePlans', options: () => ({}), expectFromFleet: (b) => expect(b.count).toBeGreaterThan(0) },
      {
        operationId: 'ListSimPricePlans',
        options: () => ({ queryParams: { sim_card_id: CARD } }),
        expectFromFleet: (b) => expect(b).toEqual([expect.objectContaining({ id: CARD, sim_card_id: CARD, cid: example.iccid })]),
      },
      {
        operationId: 'ListFlowBySimCards',
        options: () => ({ data: { iccids: [example.iccid] } }),
        expectFromFleet: (b) => expect(b).toEqual([expect.objectContaining({ sim_card_id: CARD, iccid: example.iccid })]),
      },
      {
        operationId: 'ListSimPools',
        options: () => ({ queryParams: { billing_cycle: billing } }),
        expectFromFleet: (b) => {
          expect(b.count).toBeGreaterThan(0);
          got['poolId'] = b.pools[0].id;
        },
      },
      {
        operationId: 'ListSimPoolMembers',
        options: () => ({ pathParams: { sim_pool_id: got['poolId'] }, queryParams: { billing_cycle: billing } }),
        expectFromFleet: (b) => expect(b.count).toBeGreaterThan(0),
      },
      {
        operationId: 'ListBackPools',
        options: () => ({ queryParams: { billing_cycle: billing } }),
        expectFromFleet: (b) => {
          expect(b.count).toBeGreaterThan(0);
          got['backPoolId'] = b.pools[0].id;
        },
      },
      {
        operationId: 'ListBackPoolMembers',
        options: () => ({ pathParams: { back_pool_id: got['backPoolId'] }, queryParams: { billing_cycle: billing } }),
        expectFromFleet: (b) => expect(b.count).toBeGreaterThan(0),
      },
      {
        operationId: 'CreateTag',
        options: () => ({ data: { tag_name: `every-operation-${pass}` } }),
        expectFromFleet: (b) => {
          expect(b).toMatchObject({ tag_name: `every-operation-${pass}`, status: 0 });
          got['tagId'] = b.id;
        },
      },
      {
        operationId: 'BatchSetTags',
        options: () => ({ data: { sim_card_ids: [cards.stop.id], tag_ids: [got['tagId']] } }),
        expectFromFleet: (b) => expect(b).toBe(true),
      },
      {
        operationId: 'ListTags',
        options: () => ({ queryParams: { tag_name: `every-operation-${pass}` } }),
        expectFromFleet: (b) => expect(b.tags).toEqual([{ id: got['tagId'], tag_name: `every-operation-${pass}`, status: 1 }]),
      },
      { operationId: 'DeleteTag', options: () => ({ pathParams: { tag_id: got['tagId'] } }), expectFromFleet: (b) => expect(b).toBe('') },
      {
        operationId: 'CreateAttribute',
        options: () => ({ data: { cust_attr_name: `every-operation-${pass}` } }),
        expectFromFleet: (b) => {
          expect(b).toEqual({ id: expect.any(Number) });
          got['attributeId'] = b.id;
        },
      },
      {
        operationId: 'UpdateAttribute',
        options: () => ({ pathParams: { attribute_id: got['attributeId'] }, data: { cust_attr_name: `renamed-${pass}` } }),
        expectFromFleet: (b) => expect(b).toBe(''),
      },
      {
        operationId: 'EnableAttribute',
        options: () => ({ pathParams: { attribute_id: got['attributeId'] } }),
        expectFromFleet: (b) => expect(b).toBe(''),
      },
      {
        operationId: 'ListAttributes',
        options: () => ({ queryParams: { cust_attr_name: `renamed-${pass}` } }),
        expectFromFleet: (b) => {
          expect(b.attributes).toEqual([expect.objectContaining({ id: got['attributeId'], cust_attr_name: `renamed-${pass}`, status: 1 })]);
          got['attributeSlot'] = Number(/\d$/.exec(b.attributes[0].default_attr_name_en)![0]);
        },
      },
      {
        operationId: 'BatchSetAttributes',
        options: () => ({ data: { attributes: [{ sim_card_id: cards.reset.id, [`customer_attribute${got['attributeSlot']}`]: pass }] } }),
        expectFromFleet: (b) => {
          expect(b).toBe('');
          expect(cards.reset.customAttributes[got['attributeSlot'] - 1]).toBe(pass);
        },
      },
      {
        operationId: 'DisableAttribute',
        options: () => ({ pathParams: { attribute_id: got['attributeId'] } }),
        expectFromFleet: (b) => expect(b).toBe(''),
      },
      {
        operationId: 'SendSms',
        options: () => ({ data: { sms_content: `hello ${pass}`, cids: [cards.reset.iccid] } }),
        expectFromFleet: (b) => expect(b).toBe(''),
      },
      {
        operationId: 'ListSmsDetails',
        options: () => ({ queryParams: { cid: cards.reset.iccid } }),
        expectFromFleet: (b) =>
          expect(b.sms_details).toEqual([expect.objectContaining({ cid: cards.reset.iccid, sms_content: `hello ${pass}` })]),
      },
      {
        operationId: 'ListWorkOrders',
        options: () => ({ queryParams: { main_search_key: String(got['workOrderId']) } }),
        expectFromFleet: (b) => expect(b.work_orders).toEqual([expect.objectContaining({ id: got['workOrderId'], work_order_type: 5 })]),
      },
      {
        operationId: 'ListWorkOrderDetails',
        options: () => ({ pathParams: { work_order_id: got['workOrderId'] } }),
        expectFromFleet: (b) =>
          expect(b.work_order_details).toEqual([expect.objectContaining({ sim_card_id: cards.stop.id, cid: cards.stop.iccid })]),
      },
    ];
  }

  /** Runs a pass: every step answers 200, its body (as the SDK's HTTP client parsed it) valid against the contract. */
  async function runPass(client: GslLikeClient, pass: string): Promise<void> {
    const routes = new Map(ROUTES.map((r) => [r.operationId, r]));
    for (const step of steps(pass, passCards())) {
      const route = routes.get(step.operationId)!;
      let status: number;
      try {
        status = (await client.send<Body>(route.method, route.template, { ...step.options(), responseHeaders: [] })).httpStatusCode;
      } catch (err) {
        const { errorCode, errorMsg } = err as { errorCode?: string; errorMsg?: string };
        throw new Error(`${pass} ${step.operationId}: ${errorCode} ${errorMsg}`);
      }
      expect(status, step.operationId).toBe(200);
      expect(gslContract.responseErrors(step.operationId, 200, client.lastBody), step.operationId).toEqual([]);
      step.expectFromFleet?.(client.lastBody);
    }
  }

  beforeAll(async () => {
    server = await startTestServer();
    accountId = server.simulator.fleet.credentials.lookup('huawei-ak-sk', HUAWEI.ak)!.account.id;
  });
  afterAll(() => server?.close());

  it('has one step for each published operation', () => {
    const cards = passCards();
    expect(
      steps('count', cards)
        .map((s) => s.operationId)
        .sort(),
    ).toEqual(ROUTES.map((r) => r.operationId).sort());
  });

  it('answers every operation signed with BasicCredentials and a project id', async () => {
    await runPass(GslLikeClient.withKeys(server.url, HUAWEI), 'project');
  });

  it('answers every operation signed with BasicCredentials without a project id, resolved through GET /v3/projects', async () => {
    const { projectId: _, ...noProject } = HUAWEI;
    const { client, credential } = GslLikeClient.resolvingProject(server.url, noProject);
    const before = server.simulator.journal.all().length;
    await runPass(client, 'no-project');
    expect(credential.projectId).toBe(HUAWEI.projectId);
    const lookups = server.simulator.journal
      .all()
      .slice(before)
      .filter((e) => e.path === '/v3/projects');
    expect(lookups).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
  });

  it('answers every operation with an IAM token', async () => {
    const res = await fetch(`${server.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'acme-dev', password: 'Sim@2026-dev', domain: { name: 'acme-iot' } } },
          },
          scope: { project: { name: 'cn-north-4' } },
        },
      }),
    });
    expect(res.status).toBe(201);
    await runPass(GslLikeClient.unsigned(server.url, { 'X-Auth-Token': res.headers.get('x-subject-token')! }), 'token');
  });

  it('answers the card near 2^52 with its exact id', async () => {
    const client = GslLikeClient.withKeys(server.url, HUAWEI);
    const shown = await client.showSimCard<{ sim_card_id: number }>(CARD);
    expect(shown.sim_card_id).toBe(CARD);
  });
});
