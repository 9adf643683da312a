import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshStateFile } from '#helpers/changeLogWorld.js';
import { createSimulator, persistState, recoverStateFile } from '#src/index.js';
import { SmsLog, type SmsRecord } from '#src/fleet/smsLog.js';
import { handleRpc } from '#simulator/aliyun/gateway.js';
import { decode } from '../aliyun/helpers/contract.js';
import { addMany, handContext, handFleet, NOW } from '../aliyun/helpers/handFleet.js';
import { signedV1 } from '../aliyun/helpers/sign.js';

/**
 * `push(...list)` and `Math.min(...list)` pass every element as an argument, and past ~125,000
 * elements the call overflows the stack. Nothing bounds a batch of cards, a tag, or how many
 * messages a world has sent: each of these handles 150,000 (docs/reliability.md, "Large pools").
 */
const MANY = 150_000;

const records = (n: number): SmsRecord[] =>
  Array.from({ length: n }, (_, i) => ({ accountId: 'acme', cardId: 1, content: `m${i}`, sentAt: i, deliverable: true }));

describe('lists of 150,000 passed whole', () => {
  it('restores an SMS log of 150,000 messages', () => {
    const log = new SmsLog();
    log.restore(records(MANY));
    expect(log.length).toBe(MANY);
  });

  it('replays a change log line that appends 150,000 messages (one SendSms to a batch that large)', async () => {
    const file = freshStateFile('large');
    const simulator = createSimulator({ clock: { frozen: true } });
    await (await persistState(simulator, file)).close();
    const line = {
      v: 5,
      kind: 'delta',
      n: 1,
      members: {},
      cards: [],
      dropped: [],
      books: {},
      nonces: [],
      appended: { smsLog: records(MANY) },
    };
    writeFileSync(`${file}.log`, `${JSON.stringify(line)}\n`);
    const recovered = await recoverStateFile(file);
    expect(recovered?.replayed).toBe(1);
    expect(recovered!.scenario.state!.books.smsLog).toHaveLength(MANY);
  });

  it('binds a delivery batch of 150,000 cards to a directional group (AddDirectionalCard)', () => {
    const fleet = handFleet();
    addMany(fleet, MANY, 2, () => ({ orderId: 777_001 }));
    const group = fleet.directionalGroups.create('acme', 'big', NOW);
    const ctx = handContext({}, fleet);
    const req = signedV1('AddDirectionalCard', '2021-05-20', { GroupId: String(group.id), OrderList: '["777001"]' }, { at: NOW });
    const { status, body } = decode(handleRpc(req, ctx));
    expect(status, JSON.stringify(body).slice(0, 200)).toBe(200);
    expect(body['Data']).toBe(String(MANY));
    expect(group.cardIds.size).toBe(MANY);
  });
});
