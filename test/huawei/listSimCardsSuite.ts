import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimClock } from '#src/engine/clock.js';
import type { SimulatorSettings } from '#src/engine/context.js';
import type { Fleet } from '#src/fleet/fleet.js';
import type { Account, Card } from '#src/fleet/model.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { CT_REBINDS_PER_MONTH } from '#simulator/huawei/gsl/rebindLimit.js';
import { tagId } from '#simulator/huawei/gsl/tagIds.js';
import { simPoolIdOf } from '#simulator/huawei/gsl/poolIds.js';
import { containerIdOf } from '#simulator/huawei/views/device.js';
import { toSimDeviceVO, type SimDeviceVO } from '#simulator/huawei/views/simDeviceVO.js';
import { pureDigests } from '#src/crypto/digests.js';
import {
  expectCatalogueError,
  GslLikeClient,
  sdkError,
  type HuaweiKeys,
  type ListSimCardsBody,
  type SdkResult,
} from '#helpers/huaweiClient.js';
import type { EngineContext } from '#src/engine/context.js';

/** A running simulator with two Huawei tenants, however it was built. */
export interface HuaweiWorld {
  url: string;
  fleet: Fleet;
  clock: SimClock;
  settings: SimulatorSettings;
  acme: HuaweiKeys;
  globex: HuaweiKeys;
  close(): Promise<void>;
}

type Query = Record<string, unknown>;

/** The SDK's result without what the SDK adds, i.e. the body as the simulator sent it. */
function wireBody(result: SdkResult<object>): Record<string, unknown> {
  const { httpStatusCode: _s, 'X-Request-Id': _r, ...body } = result as SdkResult<Record<string, unknown>>;
  return body;
}

/**
 * ListSimCards and ShowSimCard driven by the official SDK core over real HTTP. Every expectation
 * is computed directly from the fleet the simulator serves, so the suite runs on any scenario.
 */
export function describeListSimCards(name: string, start: () => Promise<HuaweiWorld>): void {
  describe(`ListSimCards over the SDK (${name})`, () => {
    let world: HuaweiWorld;
    let acme: GslLikeClient;
    let globex: GslLikeClient;
    let account: Account;
    let cards: Card[];

    beforeAll(async () => {
      world = await start();
      acme = GslLikeClient.withKeys(world.url, world.acme);
      globex = GslLikeClient.withKeys(world.url, world.globex);
      account = world.fleet.credentials.lookup('huawei-ak-sk', world.acme.ak)!.account;
      cards = [...world.fleet.allCards()].filter((c) => c.accountId === account.id);
    });
    afterAll(() => world?.close());

    // No card of these fleets has been rebound yet: China Telecom cards have every rebind left.
    const vo = (card: Card): SimDeviceVO => {
      const plan = world.fleet.plan(card.planId);
      return toSimDeviceVO(
        card,
        account,
        plan,
        undefined,
        card.carrier === 'CTCC' ? CT_REBINDS_PER_MONTH : null,
        simPoolIdOf(pureDigests, account.id, plan),
      );
    };
    const ids = (list: readonly Card[]) => list.map((c) => c.id);
    const some = <T>(list: readonly T[], what: string): T => {
      const found = list[Math.floor(list.length / 2)];
      if (found === undefined) throw new Error(`the fleet has no ${what} to test with`);
      return found;
    };

    async function page(client: GslLikeClient, query: Query): Promise<ListSimCardsBody> {
      const result = await client.listSimCards(query);
      expect(result.httpStatusCode).toBe(200);
      expect(result['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
      const body = wireBody(result);
      expect(gslContract.responseErrors('ListSimCards', 200, body)).toEqual([]);
      return body as unknown as ListSimCardsBody;
    }

    /** Every match of a query, page by page, checking each page's envelope on the way. */
    async function all(query: Query, limit = 500, client = acme): Promise<ListSimCardsBody['sim_cards']> {
      const out: ListSimCardsBody['sim_cards'] = [];
      for (let offset = 1; ; offset++) {
        const body = await page(client, { ...query, limit, offset });
        expect(body.limit).toBe(limit);
        expect(body.offset).toBe(offset);
        if (body.sim_cards.length === 0) {
          expect(out.length).toBe(body.count);
          return out;
        }
        expect(body.sim_cards.length).toBe(Math.min(limit, body.count - out.length));
        out.push(...body.sim_cards);
      }
    }

    async function expectMatches(query: Query, expected: readonly Card[]): Promise<void> {
      const got = await all(query);
      expect(got.map((c) => c.sim_card_id)).toEqual(ids(expected));
    }

    describe('paging', () => {
      it.each([10, 100])('walks the whole account with limit %i, no card missing or repeated', async (limit) => {
        const got = await all({}, limit);
        const gotIds = got.map((c) => c.sim_card_id);
        expect(new Set(gotIds).size).toBe(gotIds.length);
        expect(gotIds).toEqual(ids(cards));
      });

      it('defaults to page 1 of 10 and counts every card of the account', async () => {
        const body = await page(acme, {});
        expect(body.limit).toBe(10);
        expect(body.offset).toBe(1);
        expect(body.count).toBe(cards.length);
        expect(body.sim_cards.map((c) => c.sim_card_id)).toEqual(ids(cards.slice(0, 10)));
      });

      it('serves an empty page past the end', async () => {
        const body = await page(acme, { limit: 500, offset: Math.ceil(cards.length / 500) + 1 });
        expect(body).toMatchObject({ count: cards.length, sim_cards: [] });
      });

      it('shows each card as the view projects it', async () => {
        const body = await page(acme, { limit: 50 });
        expect(body.sim_cards).toEqual(cards.slice(0, 50).map(vo));
      });

      it.each([
        [{ limit: 9 }, 'limit'],
        [{ limit: 501 }, 'limit'],
        [{ offset: 0 }, 'offset'],
        [{ offset: 1000001 }, 'offset'],
        [{ limit: 'x' }, 'limit'],
        [{ sort: 'msisdn' }, 'sort'],
        [{ order: 'descending' }, 'order'],
      ])('refuses %j with GSL.00010004', async (query, param) => {
        const err = await sdkError(acme.listSimCards(query));
        expect(err.name).toBe('ClientRequestException');
        expect(err.httpStatusCode).toBe(400);
        expect(err.errorCode).toBe('GSL.00010004');
        expect(err.errorMsg).toBe('参数异常');
        expect(acme.lastErrorDetail).toMatch(new RegExp(`^${param} `));
        expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
      });
    });

    describe('filters', () => {
      it('main_search_type=1 finds one card by its container id (ICCID, EID, vSIM CID), never another tenant’s', async () => {
        const card = some(cards, 'card');
        await expectMatches({ main_search_type: 1, main_search_key: containerIdOf(card) }, [card]);
        const foreign = [...world.fleet.allCards()].find((c) => c.accountId !== account.id)!;
        await expectMatches({ main_search_type: 1, main_search_key: containerIdOf(foreign) }, []);
        // An eSIM is named by its EID, not by its profile's ICCID (still shown as `iccid`).
        const esim = cards.find((c) => c.simKind === 'esim');
        if (esim) {
          await expectMatches({ main_search_type: 1, main_search_key: containerIdOf(esim) }, [esim]);
          await expectMatches({ main_search_type: 1, main_search_key: esim.iccid }, []);
        }
      });

      it('shows eSIM and vSIM cards with their EID / CID and their device; physical cards with none', async () => {
        const embedded = await all({ sim_type: 2 });
        const virtual = await all({ sim_type: 1 });
        const physical = await all({ sim_type: 3 });
        expect(embedded.length).toBeGreaterThan(0);
        for (const vo of [...embedded, ...virtual]) {
          const card = world.fleet.cardById(account.id, vo.sim_card_id)!;
          expect(vo['cid']).toMatch(vo['sim_type'] === 2 ? /^89086\d{27}$/ : /^9986\d{16}$/);
          expect(vo['cid']).not.toBe(card.iccid);
          expect(vo['iccid']).toBe(card.iccid);
          expect(vo['device_model']).toEqual(expect.any(String));
          expect(Number(vo['dbm'])).toBeGreaterThanOrEqual(-113);
          expect(Number(vo['dbm'])).toBeLessThanOrEqual(-51);
          expect(['1', '2', '3']).toContain(vo['signal_level']);
          expect(vo['device_status_date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        }
        for (const vo of physical) {
          expect(vo['cid']).toBe(vo.iccid);
          expect([vo['device_model'], vo['dbm'], vo['signal_level'], vo['device_status_date'], vo['device_status']]).toEqual([
            null,
            null,
            null,
            null,
            null,
          ]);
        }
        // Deterministic: the same card shows the same device on every call.
        const again = await all({ sim_type: 2 });
        expect(again.map((vo) => [vo['device_model'], vo['dbm']])).toEqual(embedded.map((vo) => [vo['device_model'], vo['dbm']]));
      });

      it('main_search_type=2 selects a batch, main_search_type=3 an IMEI', async () => {
        const batch = some(cards, 'card').orderId;
        await expectMatches(
          { main_search_type: 2, main_search_key: String(batch) },
          cards.filter((c) => c.orderId === batch),
        );
        const imei = some(
          cards.filter((c) => c.imei),
          'card with an IMEI',
        ).imei!;
        await expectMatches(
          { main_search_type: 3, main_search_key: imei },
          cards.filter((c) => c.imei === imei),
        );
      });

      it('sim_status selects every state shown with the code', async () => {
        for (const status of [10, 11, 13, 14, 20, 30, 12]) {
          await expectMatches(
            { sim_status: status },
            cards.filter((c) => vo(c).sim_status === status),
          );
        }
      });

      it('device_status, sim_type and real_named', async () => {
        for (const status of [1, 3, 4])
          await expectMatches(
            { device_status: status },
            cards.filter((c) => vo(c).device_status === status),
          );
        for (const type of [1, 2, 3])
          await expectMatches(
            { sim_type: type },
            cards.filter((c) => vo(c).sim_type === type),
          );
        for (const named of [true, false])
          await expectMatches(
            { real_named: named },
            cards.filter((c) => vo(c).real_named === named),
          );
      });

      it('tag_id selects cards carrying any of the tags (repeated key)', async () => {
        const names = [...new Set(cards.flatMap((c) => c.tags))].sort();
        expect(names.length).toBeGreaterThan(0);
        const ctx = { digests: pureDigests } as EngineContext;
        const idOf = (tag: string) => tagId(ctx, account.id, tag);
        const [first, second] = [names[0]!, names[names.length - 1]!];
        await expectMatches(
          { tag_id: [idOf(first)] },
          cards.filter((c) => c.tags.includes(first)),
        );
        await expectMatches(
          { tag_id: [idOf(first), idOf(second)] },
          cards.filter((c) => c.tags.includes(first) || c.tags.includes(second)),
        );
        await expectMatches({ tag_id: [12345] }, []);
      });

      it('msisdn and custom attributes match exactly', async () => {
        const card = some(cards, 'card');
        await expectMatches({ msisdn: card.msisdn }, [card]);
        const used = [1, 2, 3, 4, 5, 6].filter((n) => cards.some((c) => c.customAttributes[n - 1]));
        expect(used.length).toBeGreaterThan(0);
        for (const n of used) {
          const value = some(
            cards.filter((c) => c.customAttributes[n - 1]),
            `card with attribute ${n}`,
          ).customAttributes[n - 1];
          await expectMatches(
            { [`customer_attribute${n}`]: value },
            cards.filter((c) => c.customAttributes[n - 1] === value),
          );
          await expectMatches({ [`customer_attribute${n}`]: `${value}-nobody` }, []);
        }
      });

      it('used and left flow ranges are inclusive, in MB', async () => {
        const used = cards.map((c) => vo(c).flow_used).sort((a, b) => a - b);
        const left = cards.map((c) => vo(c).flow_left).sort((a, b) => a - b);
        const low = Math.floor(used[Math.floor(used.length / 4)]!);
        const high = Math.ceil(used[Math.floor((used.length * 3) / 4)]!);
        await expectMatches(
          { min_used_flow: low },
          cards.filter((c) => vo(c).flow_used >= low),
        );
        await expectMatches(
          { max_used_flow: high },
          cards.filter((c) => vo(c).flow_used <= high),
        );
        await expectMatches(
          { min_used_flow: low, max_used_flow: high },
          cards.filter((c) => vo(c).flow_used >= low && vo(c).flow_used <= high),
        );
        const mid = Math.round(left[Math.floor(left.length / 2)]!);
        await expectMatches(
          { min_left_flow: mid },
          cards.filter((c) => vo(c).flow_left >= mid),
        );
        await expectMatches(
          { max_left_flow: mid },
          cards.filter((c) => vo(c).flow_left <= mid),
        );
      });

      it('flow bounds compare the MB shown, rounding included (1020 KB and 1029 KB both show 1.00)', async () => {
        // Plans well above 1 MB, so setting 1 MB of usage stops no card at its quota.
        const roomy = cards.filter((c) => world.fleet.plan(c.planId).dataKb > 2048);
        const [below, above, under, over] = [roomy[0]!, roomy[1]!, roomy[2]!, roomy[3]!];
        world.fleet.setUsage(below, { dataKb: 1020 }, world.clock.now());
        world.fleet.setUsage(above, { dataKb: 1029 }, world.clock.now());
        // One rounding step outside on either side: within KB bounds a step wider than 1 MB, so
        // only the exact check on the shown figure keeps them out (the fleet skips it well inside).
        world.fleet.setUsage(under, { dataKb: 1014 }, world.clock.now());
        world.fleet.setUsage(over, { dataKb: 1031 }, world.clock.now());
        expect([vo(below).flow_used, vo(above).flow_used, vo(under).flow_used, vo(over).flow_used]).toEqual([1, 1, 0.99, 1.01]);
        const showingOne = cards.filter((c) => vo(c).flow_used === 1);
        expect(showingOne).toEqual(expect.arrayContaining([below, above]));
        await expectMatches({ min_used_flow: 1, max_used_flow: 1 }, showingOne);
        // The bounds are whole MB in GSL's contract: next to 1 on either side, both cards are out.
        await expectMatches(
          { max_used_flow: 0 },
          cards.filter((c) => vo(c).flow_used <= 0),
        );
        await expectMatches(
          { min_used_flow: 2 },
          cards.filter((c) => vo(c).flow_used >= 2),
        );
      });

      it('flow bounds take the documented Long range, not only int32', async () => {
        // Beyond int32, up to what every number reading of the simulator holds exactly (16 digits,
        // 2^53-1): a bound no card reaches, or one every card is within.
        const LONG_MAX = '9007199254740991';
        const LONG_MIN = '-9007199254740991';
        await expectMatches({ min_used_flow: '2147483648' }, []);
        await expectMatches({ min_left_flow: LONG_MAX }, []);
        await expectMatches({ max_used_flow: LONG_MAX, min_used_flow: LONG_MIN }, cards);
        await expectMatches({ max_left_flow: LONG_MAX, min_left_flow: LONG_MIN }, cards);
        await expectMatches({ max_used_flow: LONG_MIN }, []);
        // Past the Long range (by more than a double's rounding there) is a parameter error.
        for (const query of [
          { max_used_flow: '92233720368547758070' },
          { min_left_flow: '-92233720368547758080' },
          { min_used_flow: '1.5' },
          { max_used_flow: '9223372036854775807' },
        ]) {
          const err = await sdkError(acme.listSimCards(query));
          expectCatalogueError(err, 'GSL.00010004');
          expect(acme.lastErrorDetail).toMatch(new RegExp(`^${Object.keys(query)[0]} `));
        }
      });

      it('order_id, order_ids and price_plan_id (repeated keys)', async () => {
        const batches = [...new Set(cards.map((c) => c.orderId))];
        const plans = [...new Set(cards.map((c) => c.planId))];
        await expectMatches(
          { order_id: batches[0] },
          cards.filter((c) => c.orderId === batches[0]),
        );
        const twoBatches = batches.slice(0, 2);
        await expectMatches(
          { order_ids: twoBatches },
          cards.filter((c) => twoBatches.includes(c.orderId)),
        );
        await expectMatches({ order_id: batches[0], order_ids: [batches[batches.length - 1]] }, batches.length > 1 ? [] : cards);
        const twoPlans = plans.slice(0, 2);
        await expectMatches(
          { price_plan_id: twoPlans },
          cards.filter((c) => twoPlans.includes(c.planId)),
        );
      });

      it('filter_downtime_period leaves out cards stopped with their number kept', async () => {
        await expectMatches(
          { filter_downtime_period: true },
          cards.filter((c) => c.state !== 'shutDown'),
        );
        await expectMatches({ filter_downtime_period: false }, cards);
      });

      it('combines filters', async () => {
        const batch = some(cards, 'card').orderId;
        await expectMatches(
          { sim_type: 3, sim_status: 14, order_ids: [batch] },
          cards.filter((c) => vo(c).sim_type === 3 && vo(c).sim_status === 14 && c.orderId === batch),
        );
      });
    });

    describe('sorting', () => {
      const shown: Record<string, (c: ListSimCardsBody['sim_cards'][number]) => number | string | null> = {
        cid: (c) => c['cid'] as string,
        flow_used: (c) => c['flow_used'] as number,
        flow_left: (c) => c['flow_left'] as number,
        act_date: (c) => (c['act_date'] === null ? null : Date.parse(c['act_date'] as string)),
        expire_time: (c) => Date.parse(c['expire_time'] as string),
      };

      it.each(
        Object.keys(shown).flatMap((sort) => [
          [sort, 'asc'],
          [sort, 'desc'],
        ]),
      )('sort=%s order=%s', async (sort, order) => {
        const got = await all({ sort, order });
        expect(got.map((c) => c.sim_card_id).sort()).toEqual(ids(cards).sort());
        const keys = got.map(shown[sort]!);
        // A card never activated has no act_date: first ascending, last descending.
        const rank = (k: number | string | null) => (k === null ? -Infinity : k);
        for (let i = 1; i < keys.length; i++) {
          const [a, b] = [rank(keys[i - 1]!), rank(keys[i]!)];
          if (order === 'asc') expect(a <= b, `${sort} ${String(a)} before ${String(b)}`).toBe(true);
          else expect(a >= b, `${sort} ${String(a)} before ${String(b)}`).toBe(true);
        }
      });

      it('sorts ascending when no order is given', async () => {
        const got = await all({ sort: 'cid' });
        expect(got.map((c) => c.cid)).toEqual(cards.map(containerIdOf).sort());
      });
    });

    describe('tenants and ids', () => {
      it('never shows one tenant another tenant’s cards', async () => {
        const other = world.fleet.credentials.lookup('huawei-ak-sk', world.globex.ak)!.account;
        const theirs = [...world.fleet.allCards()].filter((c) => c.accountId === other.id);
        const got = await all({}, 500, globex);
        expect(got.map((c) => c.sim_card_id)).toEqual(ids(theirs));
        const mine = new Set(ids(cards));
        expect(got.some((c) => mine.has(c.sim_card_id))).toBe(false);
        expectCatalogueError(await sdkError(globex.showSimCard(cards[0]!.id)), 'GSL.00011001');
      });

      it('keeps ids near 2^52 exact', async () => {
        const pinned = [4710226018477568, 5702790861709056, 5702790861709057]
          .map((id) => world.fleet.cardById(account.id, id))
          .filter((card): card is Card => card !== undefined);
        for (const card of pinned) {
          expect((await acme.showSimCard(card.id))['sim_card_id']).toBe(card.id);
          const listed = await page(acme, { main_search_type: 1, main_search_key: containerIdOf(card) });
          expect(listed.sim_cards.map((c) => c.sim_card_id)).toEqual([card.id]);
        }
      });
    });

    describe('ShowSimCard', () => {
      it('shows a card by id, or by ICCID when the id is 0', async () => {
        const card = some(cards, 'card');
        const byId = await acme.showSimCard(card.id);
        expect(byId.httpStatusCode).toBe(200);
        expect(gslContract.responseErrors('ShowSimCard', 200, wireBody(byId))).toEqual([]);
        expect(wireBody(byId)).toEqual(vo(card));
        expect(wireBody(await acme.showSimCard(0, card.iccid))).toEqual(vo(card));
      });

      it('wants an ICCID with id 0, and knows no other card', async () => {
        const missing = await sdkError(acme.showSimCard(0));
        expectCatalogueError(missing, 'GSL.00010004');
        expect(missing.errorMsg).toBe('参数异常');
        expect(acme.lastErrorDetail).toBe('iccid is required when sim_card_id is 0');
        for (const call of [acme.showSimCard(987654321), acme.showSimCard(0, '89860999999999999999')]) {
          const err = await sdkError(call);
          expect(err.httpStatusCode).toBe(400);
          expect(err.errorCode).toBe('GSL.00011001');
          expect(err.errorMsg).toBe('The SIM card does not exist or you do not have the permission to access the SIM card.');
          expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
        }
      });
    });
  });
}
