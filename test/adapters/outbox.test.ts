import { describe, expect, it } from 'vitest';
import { createOutbox } from '#src/adapters/outbox.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the node adapter’s outbox', () => {
  it('holds answers posted in one turn and sends them together, in the order posted', async () => {
    const sent: number[] = [];
    const post = createOutbox(() => {});
    post(() => sent.push(1));
    post(() => sent.push(2));
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([1, 2]);
    post(() => sent.push(3));
    await turn();
    expect(sent).toEqual([1, 2, 3]);
  });

  it('sends the rest when one send throws, and reports the failure', async () => {
    const sent: string[] = [];
    const failures: unknown[] = [];
    const post = createOutbox((err) => failures.push(err));
    post(() => {
      throw new Error('socket gone');
    });
    post(() => sent.push('after'));
    await turn();
    expect(sent).toEqual(['after']);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('socket gone');
  });
});
