import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STATES, type LifecycleState } from '#src/fleet/lifecycle.js';
import { gslContract } from '#simulator/huawei/contract.js';
import { cardIdInContainerId, containerIdOf } from '#simulator/huawei/views/device.js';
import { megabytes } from '#simulator/huawei/views/flow.js';
import { toSimDeviceVO } from '#simulator/huawei/views/simDeviceVO.js';
import {
  deviceStatusOf,
  operatorStatusOf,
  simKindsWithSimType,
  simStatusOf,
  simTypeOf,
  statesWithSimStatus,
} from '#simulator/huawei/views/status.js';
import { buildSmallFleet } from '#helpers/smallWorld.js';

// docs/state-mapping.md, Huawei columns.
const TABLE: Record<LifecycleState, [number, number]> = {
  testing: [10, -1],
  inactive: [11, -1],
  silent: [13, -1],
  active: [20, -1],
  stoppedByUser: [14, 5],
  stoppedAtQuota: [14, 1],
  stoppedByCreditControl: [14, 4],
  stoppedByRebind: [14, 7],
  stoppedByRebindInTest: [14, 7],
  stoppedForRealName: [14, 6],
  stoppedAbnormal: [14, 6],
  shutDown: [14, 4],
  cancelled: [30, -1],
};

describe('GSL status vocabulary', () => {
  it.each(LIFECYCLE_STATES)('%s → sim_status/operator_status as in state-mapping.md', (state) => {
    expect([simStatusOf(state), operatorStatusOf(state)]).toEqual(TABLE[state]);
    expect(statesWithSimStatus(simStatusOf(state))).toContain(state);
  });

  it('maps each sim_status back to every state shown with it', () => {
    expect(statesWithSimStatus(14).sort()).toEqual(LIFECYCLE_STATES.filter((s) => TABLE[s][0] === 14).sort());
    expect(statesWithSimStatus(12)).toEqual([]);
  });

  it('numbers SIM kinds 1 vSIM, 2 eSIM, 3 physical', () => {
    expect([simTypeOf('vsim'), simTypeOf('esim'), simTypeOf('physical')]).toEqual([1, 2, 3]);
    expect(simKindsWithSimType(3)).toEqual(['physical']);
    expect(simKindsWithSimType(4)).toEqual([]);
  });
});

describe('SimDeviceVO view', () => {
  const fleet = buildSmallFleet();
  const account = fleet.account('acme')!;

  it('rounds MB to two decimals', () => {
    expect(megabytes(0)).toBe(0);
    expect(megabytes(1024)).toBe(1);
    expect(megabytes(1536)).toBe(1.5);
    expect(megabytes(1000)).toBe(0.98);
    expect(megabytes(30 * 1024 + 5)).toBe(30);
  });

  it('projects every card into a contract-valid SimDeviceVO', () => {
    for (const card of fleet.allCards()) {
      const vo = toSimDeviceVO(card, fleet.account(card.accountId)!, fleet.plan(card.planId));
      expect(gslContract.responseErrors('ShowSimCard', 200, vo)).toEqual([]);
      expect(vo.device_status === null).toBe(card.simKind === 'physical');
      expect(vo.device_status).toBe(deviceStatusOf(card));
      // The device fields exist for eSIM and vSIM only ("该参数只有ESIM、VSIM返回,实体卡返回null").
      const device = [vo.device_model, vo.dbm, vo.signal_level, vo.device_status_date];
      if (card.simKind === 'physical') expect(device).toEqual([null, null, null, null]);
      else expect(device.every((v) => typeof v === 'string')).toBe(true);
    }
  });

  it('writes ids, units, datetimes and tags as GSL does', () => {
    const card = fleet.cardById('acme', 4710226018477568)!;
    const plan = fleet.plan(card.planId);
    const vo = toSimDeviceVO(card, account, plan);
    expect(vo.sim_card_id).toBe(4710226018477568);
    expect(JSON.stringify(vo)).toContain('"sim_card_id":4710226018477568');
    // Card 0 of the small fleet is an eSIM: its container id is a 32-digit EID (mod 97 = 1).
    expect(vo.cid).toMatch(/^89086\d{27}$/);
    expect(BigInt(vo.cid) % 97n).toBe(1n);
    expect(vo.cid).toContain(String(card.id));
    expect(vo.iccid).toBe(card.iccid);
    expect(vo.account_id).toBe('acme0000domain');
    expect(vo.act_date).toBe(card.activatedAt === undefined ? null : new Date(card.activatedAt).toISOString());
    expect(vo.expire_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(vo.flow_used).toBe(Math.round((card.usage.dataKb / 1024) * 100) / 100);
    expect(vo.flow_left).toBe(Math.round((Math.max(0, plan.dataKb - card.usage.dataKb) / 1024) * 100) / 100);
    expect(vo.tag_names).toBe('fleet-b,north');
    expect(vo.price_plan_name).toBe(plan.name);
    expect(vo.sim_type).toBe(2); // card 0 of the small fleet is an eSIM

    const untagged = [...fleet.allCards()].find((c) => c.tags.length === 0 && c.activatedAt === undefined)!;
    const plain = toSimDeviceVO(untagged, account, fleet.plan(untagged.planId));
    expect(plain.tag_names).toBeNull();
    expect(plain.act_date).toBeNull();
  });

  it('never reports negative flow left for a card over its quota', () => {
    const over = [...fleet.allCards()].find((c) => c.usage.dataKb > fleet.plan(c.planId).dataKb)!;
    expect(toSimDeviceVO(over, account, fleet.plan(over.planId)).flow_left).toBe(0);
  });
});

describe('container ids (cid)', () => {
  it('is the ICCID of a physical card, a checked 32-digit EID of an eSIM, a 20-digit CID of a vSIM, each read back to its card', () => {
    const id = 4710226018477568;
    const physical = containerIdOf({ id, iccid: '89860012345678901234', simKind: 'physical' });
    const eid = containerIdOf({ id, iccid: '89860012345678901234', simKind: 'esim' });
    const cid = containerIdOf({ id, iccid: '89860012345678901234', simKind: 'vsim' });
    expect(physical).toBe('89860012345678901234');
    expect(eid).toMatch(/^89086\d{27}$/);
    expect(BigInt(eid) % 97n).toBe(1n);
    expect(cid).toBe('99864710226018477568');
    expect(cardIdInContainerId(eid)).toEqual({ id, simKind: 'esim' });
    expect(cardIdInContainerId(cid)).toEqual({ id, simKind: 'vsim' });
    // A mistyped EID fails its check digits and names no card.
    const typo = eid.slice(0, 20) + String((Number(eid[20]) + 1) % 10) + eid.slice(21);
    expect(cardIdInContainerId(typo)).toBeUndefined();
    expect(cardIdInContainerId(physical)).toBeUndefined();
  });
});
