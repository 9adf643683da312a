import type { components } from '../../../contracts/generated/aliyun-linkcard.js';

type Tag = components['schemas']['Tag'];

/**
 * linkcard gives each tag a numeric Id. The fleet names tags only, so the Id is derived from
 * the name (FNV-1a, 31 bits): stable across requests and restarts; the memo is only a cache.
 */
export function tagId(name: string): number {
  let id = knownIds.get(name);
  if (id === undefined) {
    // Tag vocabularies are small; bound the memo anyway against clients inventing names.
    if (knownIds.size >= 10_000) knownIds.clear();
    knownIds.set(name, (id = fnv1a31(name)));
  }
  return id;
}

const knownIds = new Map<string, number>();

/** FNV-1a over a string, 31 bits, never 0: stable ids derived from names. */
export function fnv1a31(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1 || 1;
}

export function tagList(tags: readonly string[]): Tag[] {
  return tags.map((name) => ({ Id: tagId(name), TagName: name }));
}
