import { nodeDigests } from '#src/crypto/nodeDigests.js';
import { plainCardFields } from '#helpers/cardFields.js';
import { SimClock } from '#src/engine/clock.js';
import { DEFAULT_SETTINGS, type EngineContext, type SimulatorSettings } from '#src/engine/context.js';
import { ReplayGuard } from '#src/engine/replayGuard.js';
import { SealKeys } from '#src/engine/sealKeys.js';
import { RequestIds } from '#src/engine/requestIds.js';
import { Fleet, type CardInput } from '#src/fleet/fleet.js';
import type { Plan } from '#src/fleet/model.js';

/** 2026-11-22T21:14:21Z, the instant the SDK captures were taken. */
export const NOW = Date.UTC(2026, 10, 22, 21, 14, 21);
const DAY = 86_400_000;

export const PLANS: Plan[] = [
  {
    id: 'CU-SF-M-2-1G',
    name: '物联网-联通-Internet-自定义流量包',
    carrier: 'CUCC',
    kind: 'single',
    period: 'monthly',
    dataKb: 1048576,
    smsQuota: 500,
    voiceQuotaMin: 60,
    priceCents: 2000,
    tariffCode: 'CU-SF-M-2-1G',
    tariffVersion: 'ali_2',
  },
  {
    id: 'CM-SF-M-2-30M',
    name: '移动-单卡通用流量-月包-30M',
    carrier: 'CMCC',
    kind: 'single',
    period: 'monthly',
    dataKb: 30 * 1024,
    smsQuota: 50,
    voiceQuotaMin: 0,
    priceCents: 300,
    tariffCode: 'CM-SF-M-2-30M',
    tariffVersion: 'ali_2',
  },
  {
    id: 'CM-PF-Y-2-1G',
    name: '移动-同档共享流量-年包-1G',
    carrier: 'CMCC',
    kind: 'sharedPool',
    period: 'yearly',
    dataKb: 1048576,
    smsQuota: 0,
    voiceQuotaMin: 0,
    priceCents: 4800,
    tariffCode: 'CM-PF-Y-2-1G',
    tariffVersion: 'ali_1',
  },
];

let serial = 0;
export function card(overrides: Partial<CardInput> & Pick<CardInput, 'iccid'>): CardInput {
  serial++;
  return {
    id: 4110000 + serial,
    accountId: 'acme',
    imsi: '4600' + overrides.iccid.slice(-11),
    msisdn: '1440' + overrides.iccid.slice(-9),
    carrier: 'CMCC',
    formFactor: 'nano',
    simKind: 'physical',
    networkType: '4G',
    apn: 'cmiot',
    state: 'active',
    planId: 'CM-SF-M-2-30M',
    orderId: 2001,
    openedAt: NOW - 200 * DAY,
    activatedAt: NOW - 100 * DAY,
    expiresAt: NOW + 165 * DAY,
    usage: { dataKb: 1024, sms: 0, voiceMin: 0, updatedAt: NOW - 3600_000 },
    tags: [],
    ...plainCardFields(),
    ...overrides,
  };
}

/**
 * Adds `n` cards of account `acme` (as `card` makes them) to `fleet`, for tests of large batches,
 * tags and pools: their ids, ICCIDs, IMSIs and MSISDNs numbered in a series of their own (a digit,
 * so two series never clash with each other or with the hand-built cards), the rest from `fields`.
 */
export function addMany(fleet: Fleet, n: number, series: number, fields: (i: number) => Partial<CardInput> = () => ({})): void {
  for (let i = 0; i < n; i++)
    fleet.addCard(
      card({
        id: 10_000_000 * series + i,
        iccid: `8986${series}${String(i).padStart(14, '0')}`,
        imsi: `4600${series}${String(i).padStart(10, '0')}`,
        msisdn: `144${series}${String(i).padStart(9, '0')}`,
        ...fields(i),
      }),
    );
}

/** A small fleet built by hand: two tenants, a disabled key, cards in several states. */
export function handFleet(): Fleet {
  const fleet = new Fleet();
  fleet.addAccount({
    id: 'acme',
    name: 'Acme',
    aliyun: {
      uid: '1234567890123456',
      accessKeys: [
        { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret', enabled: true },
        { accessKeyId: 'testDisabledKeyId', accessKeySecret: 'testDisabledKeySecret', enabled: false },
      ],
    },
  });
  fleet.addAccount({
    id: 'globex',
    name: 'Globex',
    aliyun: {
      uid: '6543210987654321',
      accessKeys: [{ accessKeyId: 'globexAccessKeyId', accessKeySecret: 'globexAccessKeySecret', enabled: true }],
    },
  });
  for (const plan of PLANS) fleet.addPlan(plan);
  fleet.addCard(
    card({
      iccid: '89860012345678901234',
      carrier: 'CUCC',
      planId: 'CU-SF-M-2-1G',
      apn: '3gnet',
      tags: ['meters', 'north'],
      usage: { dataKb: 133120, sms: 389, voiceMin: 25, updatedAt: NOW - 60_000 },
      imei: '861234567890123',
      remark: 'pinned',
    }),
  );
  fleet.addCard(card({ iccid: '89860321000000015668', tags: ['meters'], privateNetwork: '10.2.0.0/16' }));
  fleet.addCard(
    card({
      iccid: '89860321000000015669',
      state: 'stoppedByUser',
      formFactor: 'micro',
      autoRecharge: true,
      usage: { dataKb: 30 * 1024, sms: 3, voiceMin: 0, updatedAt: NOW },
    }),
  );
  fleet.addCard(card({ iccid: '89860321000000015670', state: 'stoppedAtQuota', planId: 'CM-PF-Y-2-1G', networkType: 'NB-IoT' }));
  fleet.addCard(
    card({
      iccid: '89860321000000015671',
      state: 'silent',
      activatedAt: undefined,
      usage: { dataKb: 0, sms: 0, voiceMin: 0, updatedAt: NOW },
    }),
  );
  fleet.addCard(card({ iccid: '89860321000000015672', state: 'cancelled' }));
  for (let i = 0; i < 30; i++)
    fleet.addCard(card({ iccid: `8986032100000002${String(i).padStart(4, '0')}`, tags: i % 3 === 0 ? ['bulk'] : [] }));
  fleet.addCard(card({ accountId: 'globex', iccid: '89860399999999990001' }));
  return fleet;
}

export function handContext(settings: Partial<SimulatorSettings> = {}, fleet = handFleet()): EngineContext {
  // The clock is frozen here, so every request falls in one simulated second: no flow control.
  // Requests are hand-signed at instants of this frozen clock, so signatures are checked against it.
  const all: SimulatorSettings = { ...DEFAULT_SETTINGS, aliyunRequestsPerSecond: 0, signatureClock: 'simulated', ...settings };
  return {
    fleet,
    clock: new SimClock({ start: NOW, frozen: true }),
    digests: nodeDigests,
    requestIds: new RequestIds(7),
    nonces: new ReplayGuard(all.signatureWindowMs),
    keys: new SealKeys(),
    settings: all,
  };
}
