import { describe, expect, it } from 'vitest';
import { freshStateFile, reloaded } from '#helpers/changeLogWorld.js';
import { controlCall } from '#helpers/controlCall.js';
import { createSimulator, persistState, recoverStateFile } from '#src/index.js';
import { plainCard } from '#src/fleet/cardStore.js';

const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('a saved world', () => {
  it('carries every fleet book and every card change through export and load', () => {
    const sim = createSimulator({ clock: { start: NOW, frozen: true } });
    const fleet = sim.fleet;
    const [card, other, gone] = [...fleet.allCards()].filter((c) => c.accountId === 'acme' && c.imei !== undefined && c.state === 'active');
    fleet.networkControls.set(card!.id, { cutNet: true, quotaMb: 5 });
    fleet.tagBook.declare('acme', 'declared');
    fleet.attributeBook.update('acme', 2, { name: 'site', enabled: true, createdAt: NOW });
    fleet.smsLog.add({ accountId: 'acme', cardId: card!.id, content: 'hi', sentAt: NOW, deliverable: true });
    fleet.networkSwitchPolicies.add({
      accountId: 'acme',
      name: 'p',
      preferredCarrier: 1,
      leastPreferredCarrier: undefined,
      optimalSignal: true,
      autoSwitch: false,
      weakSignalSwitch: false,
      connectIp: undefined,
      version: 1,
      switchOrder: undefined,
      blacklist: undefined,
      createdAt: NOW,
    });
    fleet.stopRules.set(card!.id, { limitKb: 1024, autoRestore: true, setAt: NOW });
    fleet.orders.place({
      accountId: 'acme',
      kind: 'renew',
      cardId: card!.id,
      planId: card!.planId,
      quantity: 1,
      serialNo: 'S1',
      workOrderId: 1,
      createdAt: NOW,
    });
    fleet.devices.register('acme', { imei: '860000000000001', deviceType: 'meter', comments: undefined, registeredAt: NOW });
    fleet.reminders.set('acme', { bizType: 'card', bizId: card!.iccid, kind: 'relative', config: '{"x":1}', updatedAt: NOW });
    const group = fleet.directionalGroups.create('acme', 'whitelist', NOW);
    fleet.directionalGroups.addAddress(group, { address: '10.0.0.1', type: 'IP', source: undefined, addedAt: NOW });
    fleet.directionalGroups.bind(group, other!.id);
    // A pending order that clears a field: undefined must survive JSON as "clear", not vanish.
    fleet.workOrders.create({
      accountId: 'acme',
      operation: 'unbind',
      effect: { kind: 'set', fields: { imei: undefined } },
      cardIds: [other!.id],
      createdAt: NOW,
      durationMs: 60_000,
    });
    const [device] = fleet.threeNetwork.list('acme');
    fleet.threeNetwork.apply(device!.cardId, { onlineCarrier: device!.onlineCarrier === 'CTCC' ? 'CMCC' : 'CTCC', policyId: 1 });
    fleet.transition(card!, 'stop', NOW);
    fleet.removeCard(gone!);

    const exported = sim.exportScenario();
    const copy = createSimulator({ scenario: JSON.parse(JSON.stringify(exported)) });
    expect(copy.exportScenario().state!.books).toEqual(exported.state!.books);
    expect(copy.exportScenario().state!.cards).toEqual(exported.state!.cards);
    const f = copy.fleet;
    expect(f.networkControls.of(card!.id)).toEqual({ cutNet: true, quotaMb: 5, speedKbps: undefined });
    expect([...f.tagBook.declaredNames('acme')]).toEqual(['declared']);
    expect(f.attributeBook.definitions('acme')[1]).toMatchObject({ name: 'site', enabled: true, modifiedAt: undefined });
    expect(f.smsLog.list('acme')).toHaveLength(1);
    expect(f.networkSwitchPolicies.list('acme')[0]).toMatchObject({ id: 1, name: 'p' });
    expect(f.networkSwitchPolicies.add({ ...f.networkSwitchPolicies.list('acme')[0]! }).id).toBe(2);
    expect(f.stopRules.get(card!.id)).toEqual({ limitKb: 1024, autoRestore: true, setAt: NOW });
    expect(f.orders.bySerialNo('acme', 'S1')?.id).toBe(230_000_001);
    expect(f.devices.get('acme', '860000000000001')).toMatchObject({ deviceType: 'meter' });
    expect(f.reminders.get('acme', 'card', card!.iccid, 'relative')?.config).toBe('{"x":1}');
    expect(f.directionalGroups.groupOf(other!.id)?.addresses.get('10.0.0.1')).toMatchObject({ type: 'IP' });
    expect(f.threeNetwork.get(device!.cardId)).toEqual(fleet.threeNetwork.get(device!.cardId));
    expect(f.threeNetwork.get(device!.cardId)!.policyId).toBe(1);
    expect(f.cardWithIccid(card!.iccid)!.state).toBe('stoppedByUser');
    expect(f.cardWithIccid(gone!.iccid)).toBeUndefined();
    expect(f.size).toBe(fleet.size);
    // The pending order completes on the restored fleet as it would have on the first.
    f.settle(NOW + 60_000);
    expect(f.cardWithIccid(other!.iccid)!.imei).toBeUndefined();
  });

  it('regenerates the fleet from the scenario at its generation instant, with --seed and --cards made explicit', () => {
    const sim = createSimulator({ seed: 9, cards: 40, clock: { start: NOW, frozen: true } });
    sim.clock.advance(86_400_000);
    const exported = sim.exportScenario();
    expect(exported).toMatchObject({ format: 1, seed: 9, state: { generatedAt: '2026-03-01T00:00:00.000Z', cards: [], removed: [] } });
    const copy = createSimulator({ scenario: exported });
    // Field by field (a card object is a position in its fleet's columns, so compare what it reads).
    expect([...copy.fleet.allCards()].map(plainCard)).toEqual([...sim.fleet.allCards()].map(plainCard));
    expect(copy.clock.now()).toBe(NOW + 86_400_000);
  });

  it('says how far the usage was summed only while that is past the clock (state.usageSummedTo), in a save and in the change log', async () => {
    const sim = createSimulator({ clock: { start: NOW, frozen: true } });
    const file = freshStateFile('summed');
    const persistence = await persistState(sim, file, { durability: 'process' });
    const move = async (by: string) => {
      expect(controlCall(sim, 'POST', '/clock/advance', { by }).status).toBe(200);
      // A vendor-free settle, as the next request's.
      sim.fleet.settle(sim.clock.now());
      sim.notifyChange();
      await persistence.durable();
    };
    await move('+10d');
    expect(sim.exportScenario().state).not.toHaveProperty('usageSummedTo');
    await move('-5d');
    // Summed through the tenth day (China time) while the clock is at the fifth.
    expect(sim.exportScenario().state?.usageSummedTo).toBe('2026-03-10T16:00:00.000Z');
    expect((await reloaded(file)).exportScenario().state?.usageSummedTo).toBe('2026-03-10T16:00:00.000Z');
    await move('+6d');
    expect(sim.exportScenario().state).not.toHaveProperty('usageSummedTo');
    // The log's line said so (null): the replay does not keep the older value.
    expect((await recoverStateFile(file))?.scenario.state).not.toHaveProperty('usageSummedTo');
    await persistence.close();
  });
});
