import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, startServer, type RunningServer } from '#src/index.js';
import { CONTRACT_CARDS, CONTRACT_CREDENTIALS } from '#src/judge/contractKit/scenario.js';
import { expectAllAccepted } from '#src/judge/contractKit/suite.js';
import { startRemoteWorld, type ContractWorld } from '#src/judge/contractKit/world.js';
import { GslLikeClient, sdkError } from '#helpers/huaweiClient.js';

/** The contract world on a running simulator: everything through its control plane and journal. */
let service: RunningServer;
let world: ContractWorld;
beforeAll(async () => {
  service = await startServer(createSimulator(), { port: 0 });
  world = await startRemoteWorld({ url: service.url });
});
afterAll(async () => {
  await world?.close();
  await service?.close();
});

describe('a contract world on a running simulator', () => {
  it('loads the contract scenario there and reads its cards and listing through the control plane', async () => {
    const card = await world.card(CONTRACT_CARDS.inUse);
    expect(card).toMatchObject({ iccid: CONTRACT_CARDS.inUse, state: 'active', dataKb: 130 * 1024 });
    expect(card.allowanceKb).toBeGreaterThan(card.dataKb);
    expect((await world.iccids()).length).toBe(623);
  });

  it('reports a refused signature from the journal: server canonical request and string-to-sign, the client signed headers', async () => {
    const wrong = GslLikeClient.withKeys(world.endpoint, {
      ...CONTRACT_CREDENTIALS.huawei,
      sk: 'not-the-secret-key-at-all-000000000000000',
    });
    expect((await sdkError(wrong.listSimCards({ limit: 10 }))).errorCode).toBe('APIGW.0301');
    expect(await world.requestCount()).toBe(1);
    await expect(expectAllAccepted(world)).rejects.toThrow(
      /APIGW\.0301: GET \/v1\/sim-cards \(ListSimCards\)[\s\S]*server canonical request:\n\s+\| GET\n\s+\| \/v1\/sim-cards\/\n\s+\| limit=10[\s\S]*server string-to-sign:\n\s+\| SDK-HMAC-SHA256[\s\S]*client signed headers: content-type;host;x-project-id;x-sdk-date/,
    );
  });

  it('injects a fault there and removes it', async () => {
    const undo = await world.injectFault({ vendor: 'huawei', effect: { kind: 'error', code: 'GSL.00010003' } });
    const client = GslLikeClient.withKeys(world.endpoint, CONTRACT_CREDENTIALS.huawei);
    expect((await sdkError(client.listSimCards({ limit: 10 }))).errorCode).toBe('GSL.00010003');
    await undo();
    expect((await client.listSimCards({ limit: 10 })).httpStatusCode).toBe(200);
  });
});
