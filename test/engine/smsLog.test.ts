import { describe, expect, it } from 'vitest';
import { SmsLog, type SmsRecord } from '#src/fleet/smsLog.js';

describe('SmsLog', () => {
  const records: SmsRecord[] = Array.from({ length: 300 }, (_, i) => ({
    accountId: i % 3 === 0 ? 'b' : 'a',
    cardId: i % 7,
    content: `m${i}`,
    sentAt: i,
    deliverable: true,
  }));
  const filtered = (log: SmsLog, accountId: string, cardId: number) => [...log.newestFirst(accountId)].filter((r) => r.cardId === cardId);

  it("reads one card's messages, newest first, as filtering the account's would, before and after a restore", () => {
    const log = new SmsLog();
    for (const record of records) log.add(record);
    for (const cardId of [0, 3, 6, 99]) {
      expect([...log.newestFirst('a', cardId)]).toEqual(filtered(log, 'a', cardId));
      expect([...log.newestFirst('b', cardId)]).toEqual(filtered(log, 'b', cardId));
    }
    const times = [...log.newestFirst('a', 3)].map((r) => r.sentAt);
    expect(times.length).toBeGreaterThan(10);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const restored = new SmsLog();
    restored.restore(records.slice(100));
    restored.add({ ...records[0]!, sentAt: 1_000 });
    expect([...restored.newestFirst('b', 0)]).toEqual(filtered(restored, 'b', 0));
    expect([...restored.newestFirst('b', 0)][0]!.sentAt).toBe(1_000);
    expect([...restored.newestFirst('b', 0)].every((r) => r.sentAt >= 100 || r.sentAt === 1_000)).toBe(true);
  });
});
