import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry } from '#src/control/journal/journal.js';

const entry = (action: string): Omit<JournalEntry, 'id'> => ({
  time: '2026-01-01T00:00:00.000Z',
  receivedAt: 0,
  vendor: 'aliyun',
  method: 'POST',
  path: '/',
  action,
  status: 200,
  latencyMs: 1,
});

describe('Journal.subscribe', () => {
  it('hands each added entry, with its id, to listeners until they unsubscribe', () => {
    const journal = new Journal(() => 10);
    const seen: JournalEntry[] = [];
    const stop = journal.subscribe((e) => seen.push(e));
    journal.add(entry('ListCardInfo'));
    stop();
    journal.add(entry('GetCardDetail'));
    expect(seen.map((e) => [e.id, e.action])).toEqual([[1, 'ListCardInfo']]);
    expect(journal.size).toBe(2);
  });

  it('a listener that throws neither stops the entry being kept nor other listeners', () => {
    const journal = new Journal(() => 10);
    const seen: string[] = [];
    journal.subscribe(() => {
      throw new Error('broken listener');
    });
    journal.subscribe((e) => seen.push(e.action!));
    journal.add(entry('ListCardInfo'));
    expect(seen).toEqual(['ListCardInfo']);
    expect(journal.all()).toHaveLength(1);
  });
});
