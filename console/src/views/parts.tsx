import { STATE_WORDS, stateTone } from '../format.js';

export function StateBadge({ state }: { state: string }) {
  return (
    <span class={`badge ${stateTone(state)}`} data-state={state}>
      {STATE_WORDS[state] ?? state}
    </span>
  );
}

/** A label and a value in a definition list. */
export function Field({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '–'}</dd>
    </>
  );
}
