import type { EngineContext } from '../../../src/engine/context.js';

/**
 * GSL tags have numeric ids; the fleet knows tags only by name. A tag's id is derived from its
 * account and name (the first 52 bits of a SHA-256), so it is stable across restarts and
 * independent of other tags, needs no table kept in step with the fleet, and is a safe integer.
 */
const memo = new Map<string, number>();

export function tagId(ctx: EngineContext, accountId: string, tagName: string): number {
  const key = `${accountId}\n${tagName}`;
  let id = memo.get(key);
  if (id === undefined) {
    id = parseInt(ctx.digests.sha256Hex(`gsl-tag\n${key}`).slice(0, 13), 16) || 1;
    memo.set(key, id);
  }
  return id;
}

/** The names of the account's tags that have one of these ids (unknown ids match nothing). */
export function tagNamesWithIds(ctx: EngineContext, accountId: string, ids: readonly number[]): string[] {
  const wanted = new Set(ids);
  return [...ctx.fleet.tagCounts(accountId).keys()].filter((name) => wanted.has(tagId(ctx, accountId, name)));
}
