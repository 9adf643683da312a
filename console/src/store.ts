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

export function addJournal(entries: readonly JournalEntry[]): void {
  const known = new Set(journal.value.map((e) => e.id));
  const merged = [...journal.value, ...entries.filter((e) => !known.has(e.id))].sort((a, b) => a.id - b.id);
  journal.set(merged.slice(-JOURNAL_KEEP));
}

/** One line at the foot of the page: what just happened, or what went wrong. */
export const notice = new Store<{ text: string; error: boolean; at: number } | undefined>(undefined);

export function say(text: string, error = false): void {
  notice.set({ text, error, at: Date.now() });
}

/** The token dialog was dismissed: calls stay refused until the person asks for it again. */
export const tokenDeclined = new Store(false);
