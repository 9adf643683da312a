import { pureDigests } from '#src/crypto/digests.js';
import { SimClock } from '#src/engine/clock.js';
import { DEFAULT_SETTINGS, type EngineContext, type SimulatorSettings } from '#src/engine/context.js';
import { Engine } from '#src/engine/engine.js';
import { ReplayGuard } from '#src/engine/replayGuard.js';
import { SealKeys } from '#src/engine/sealKeys.js';
import { RequestIds } from '#src/engine/requestIds.js';
import { Fleet } from '#src/fleet/fleet.js';
import { LIFECYCLE_STATES } from '#src/fleet/lifecycle.js';
import type { Account, Carrier, Plan, SimKind } from '#src/fleet/model.js';
import { startServer, type RunningServer } from '#src/server.js';
import type { Simulator } from '#src/simulator.js';
import { FaultSet } from '#src/control/faults/faultSet.js';
import { Journal } from '#src/control/journal/journal.js';
import type { Scenario } from '#fixtures/scenario.js';
import { createHuaweiSurface } from '#simulator/huawei/surface.js';

/**
 * A small fleet built by hand, independent of the fixture generator: two tenants with the default
 * scenario's Huawei keys, every lifecycle state, every SIM kind, tags, IMEIs, custom attributes,
 * cards never activated and cards over quota. Only the Huawei surface is mounted.
 */
export const SMALL_ACME = {
  ak: 'TESTAKHUAWEI0000000',
  sk: 'testSecretKeyHuawei0000000000000000000000',
  projectId: '0123456789abcdef0123456789abcdef',
} as const;
export const SMALL_GLOBEX = {
  ak: 'GLOBEXAKHUAWEI00000',
  sk: 'globexSecretKeyHuawei000000000000000000',
  projectId: 'fedcba9876543210fedcba9876543210',
} as const;

const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);
const PINNED_IDS = [4710226018477568, 5702790861709056, 5702790861709057, 158123456, 123];

function account(id: string, keys: { ak: string; sk: string; projectId: string }, domainId: string): Account {
  return {
    id,
    name: id,
    huawei: {
      domainName: id,
      domainId,
      projectId: keys.projectId,
      region: 'cn-north-4',
      akSk: [{ ak: keys.ak, sk: keys.sk }],
      iamUsers: [],
    },
  };
}

function plan(id: string, carrier: Carrier, dataMb: number): Plan {
  return {
    id,
    name: `${carrier} ${dataMb}MB monthly`,
    carrier,
    kind: 'single',
    period: 'monthly',
    dataKb: dataMb * 1024,
    smsQuota: 0,
    voiceQuotaMin: 0,
    priceCents: 100,
    tariffCode: id,
    tariffVersion: 'v1',
  };
}

export function buildSmallFleet(acmeCards = 45, globexCards = 6): Fleet {
  const fleet = new Fleet();
  fleet.addAccount(account('acme', SMALL_ACME, 'acme0000domain'));
  fleet.addAccount(account('globex', SMALL_GLOBEX, 'globex000domain'));
  const plans: Record<Carrier, Plan> = {
    CMCC: plan('plan-cm-1g', 'CMCC', 1024),
    CUCC: plan('plan-cu-500m', 'CUCC', 500),
    CTCC: plan('plan-ct-30m', 'CTCC', 30),
  };
  for (const p of Object.values(plans)) fleet.addPlan(p);
  const carriers: Carrier[] = ['CMCC', 'CUCC', 'CTCC'];
  let n = 0;
  const add = (accountId: string, i: number, id: number) => {
    const carrier = carriers[i % 3]!;
    const p = plans[carrier];
    const state = LIFECYCLE_STATES[i % LIFECYCLE_STATES.length]!;
    const simKind: SimKind = i % 7 === 0 ? 'esim' : i % 11 === 0 ? 'vsim' : 'physical';
    const neverActivated = state === 'inactive' || state === 'silent' || state === 'testing';
    const seq = n++;
    fleet.addCard({
      id,
      accountId,
      iccid: `89860${String(seq).padStart(14, '0')}`,
      imsi: `46000${String(seq).padStart(10, '0')}`,
      msisdn: `1440${String(seq).padStart(9, '0')}`,
      carrier,
      formFactor: 'nano',
      simKind,
      networkType: i % 4 === 0 ? 'NB-IoT' : '4G',
      apn: 'cmiot',
      state,
      planId: p.id,
      orderId: 9000 + (i % 4),
      openedAt: BASE,
      activatedAt: neverActivated ? undefined : BASE + ((i * 13) % 50) * DAY,
      expiresAt: BASE + ((i * 37) % 400) * DAY,
      usage: { dataKb: (i * 7919 + 17) % Math.round(p.dataKb * 1.2), sms: 0, voiceMin: 0, updatedAt: BASE },
      tags: i % 5 === 0 ? ['fleet-b', 'north'] : i % 3 === 0 ? ['fleet-a'] : [],
      imei: i % 2 === 0 ? `86${String(seq).padStart(13, '0')}` : undefined,
      realNameStatus: i % 4 === 0 ? 'certified' : i % 4 === 1 ? 'approving' : 'notCertified',
      autoRecharge: false,
      privateNetwork: undefined,
      remark: undefined,
      customAttributes: [`attr-${i % 3}`, '', '', '', '', i % 2 ? 'odd' : ''],
    });
  };
  for (let i = 0; i < acmeCards; i++) add('acme', i, PINNED_IDS[i] ?? 1000 + i);
  for (let i = 0; i < globexCards; i++) add('globex', i, 2000 + i);
  return fleet;
}

export function smallContext(options: { fleet?: Fleet; clock?: SimClock; settings?: Partial<SimulatorSettings> } = {}): EngineContext {
  // Hand-signed requests carry instants on the test's frozen clock, not the wall clock's.
  const settings: SimulatorSettings = { ...DEFAULT_SETTINGS, signatureClock: 'simulated', ...options.settings };
  return {
    fleet: options.fleet ?? buildSmallFleet(),
    clock: options.clock ?? new SimClock(),
    digests: pureDigests,
    requestIds: new RequestIds(7),
    nonces: new ReplayGuard(settings.signatureWindowMs),
    keys: new SealKeys(),
    settings,
  };
}

/** A Simulator over the small fleet (Huawei surface only), shaped like createSimulator's. */
export function smallSimulator(options: Parameters<typeof smallContext>[0] = {}): Simulator {
  const context = smallContext(options);
  const huawei = createHuaweiSurface();
  const engine = new Engine(context, [huawei], huawei);
  const scenario: Scenario = { name: 'small', accounts: [] };
  return {
    engine,
    fleet: context.fleet,
    clock: context.clock,
    settings: context.settings,
    startedAt: Date.now(),
    scenario,
    handle: (req) => engine.handle(req),
    // The small fleet is built by hand, not from a scenario: it cannot be reset, loaded or exported.
    reset: unsupported,
    loadScenario: unsupported,
    exportScenario: unsupported,
    exportRuntime: unsupported,
    runtimeKeys: unsupported,
    onChange: () => () => undefined,
    notifyChange: () => undefined,
    faults: new FaultSet((code) => huawei.knowsError(code)),
    journal: new Journal(() => context.settings.journalLimit),
  };
}

function unsupported(): never {
  throw new Error('the small test world is built by hand: it has no scenario to reset to, load or export');
}

export async function startSmallServer(options: Parameters<typeof smallContext>[0] = {}): Promise<{
  simulator: Simulator;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}> {
  const simulator = smallSimulator(options);
  const server = await startServer(simulator, { port: 0, host: '127.0.0.1' });
  return { simulator, server, url: server.url, close: () => server.close() };
}
