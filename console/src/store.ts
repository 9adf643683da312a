import { useEffect, useState } from 'preact/hooks';
import type { Clock, JournalEntry } from './api.js';
import type { LiveStatus } from './live.js';

/** A value many views read and the live feed or a view updates; the views re-render on change. */
export class Store<T> {
  private readonly listeners = new Set<(value: T) => void>();
  constructor(private current: T) {}
  get value(): T {
    return this.current;
  }
  set(next: T): void {
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.value);
  useEffect(() => {
    setValue(store.value);
    return store.subscribe(setValue);
  }, [store]);
  return value;
}

/** The clock as last told, and the real time it was told at (a running clock is ticked locally). */
export const clock = new Store<{ state: Clock; at: number } | undefined>(undefined);
/** Bumped whenever the world changed (an event, or a change made here): views refetch what they show. */
export const worldVersion = new Store(0);
export const liveStatus = new Store<LiveStatus>('connecting');
/** The newest journal entries, oldest first, as they arrive. */
export const journal = new Store<JournalEntry[]>([]);
export const JOURNAL_KEEP = 500;

export function bumpWorld(): void {
  worldVersion.set(worldVersion.value + 1);
}

/** Requests the live feed left out (it sends at most its newest few a write): how many, and their id range. */
export interface JournalGap {
  count: number;
  fromId: number;
  toId: number;
}
/** The gaps in `journal`, oldest first; those older than the oldest entry kept are let go with it. */
export const journalGaps = new Store<JournalGap[]>([]);

export function addJournal(entries: readonly JournalEntry[]): void {
  journal.set(mergeEntries(journal.value, entries));
  const oldest = journal.value[0]?.id;
  if (oldest !== undefined && journalGaps.value.some((g) => g.toId < oldest))
    journalGaps.set(journalGaps.value.filter((g) => g.toId >= oldest));
}

/** `entries` added to `list` (oldest first, no id twice), the newest JOURNAL_KEEP kept. */
export function mergeEntries(list: readonly JournalEntry[], entries: readonly JournalEntry[]): JournalEntry[] {
  const known = new Set(list.map((e) => e.id));
  const merged = [...list, ...entries.filter((e) => !known.has(e.id))].sort((a, b) => a.id - b.id);
  return merged.slice(-JOURNAL_KEEP);
}

export function addJournalGap(gap: JournalGap): void {
  journalGaps.set([...journalGaps.value, gap]);
}

/** `gap` replaced by what is still missing of it (none: gone). */
export function replaceGap(gaps: readonly JournalGap[], gap: JournalGap, rest: JournalGap | undefined): JournalGap[] {
  return gaps.flatMap((g) => (g === gap ? (rest ? [rest] : []) : [g]));
}

/** One line at the foot of the page: what just happened, or what went wrong. */
export const notice = new Store<{ text: string; error: boolean; at: number } | undefined>(undefined);

export function say(text: string, error = false): void {
  notice.set({ text, error, at: Date.now() });
}

/** The token dialog was dismissed: calls stay refused until the person asks for it again. */
export const tokenDeclined = new Store(false);
