import { open, readFile, rename, rm } from 'node:fs/promises';
import { parseScenario } from '../../fixtures/parseScenario.js';
import type { Scenario } from '../../fixtures/scenario.js';
import type { Simulator } from '../simulator.js';

/**
 * A simulator's world kept in a file (the CLI's --state-file): the file is the exported scenario
 * (docs/scenarios.md), replaced atomically on every save (written to a temporary file beside it,
 * flushed, then renamed over it), so a crash mid-save leaves the previous save intact.
 */

/** A state file that exists but cannot be used. The file is left exactly as it is. */
export class StateFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`state file ${file}: ${problem} (the file was left untouched; fix or remove it to start afresh)`);
    this.name = 'StateFileError';
  }
}

/** The saved world, validated; undefined when there is no file yet. */
export async function readStateFile(file: string): Promise<Scenario | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(file, `cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(file, `is not valid JSON (corrupt or truncated?): ${(err as Error).message}`);
  }
  try {
    return parseScenario(json, 'content');
  } catch (err) {
    throw new StateFileError(file, `is not a usable saved state: ${(err as Error).message}`);
  }
}

let tempCounter = 0;
const tempName = (file: string) => `${file}.${process.pid}.${++tempCounter}.tmp`;
const serialise = (scenario: Scenario) => `${JSON.stringify(scenario, null, 2)}\n`;

export async function writeStateFile(file: string, scenario: Scenario): Promise<void> {
  const temp = tempName(file);
  try {
    // 0600: the file holds every credential and seal key of the world.
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(serialise(scenario), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export interface PersistOptions {
  /** How long after the last change the world is saved (ms); default 500. */
  debounceMs?: number;
  /** Longest a stream of changes may hold a save back (ms); default 5000. */
  maxDelayMs?: number;
  onSaved?: (file: string) => void;
  onError?: (err: unknown) => void;
}

export interface Persistence {
  /** Saves now (waiting for a save in progress first). */
  save(): Promise<void>;
  /** Stops watching and writes the final save. */
  close(): Promise<void>;
}

/** Saves the simulator's world to `file` after changes (debounced) until closed. */
export function persistState(simulator: Simulator, file: string, options: PersistOptions = {}): Persistence {
  const debounceMs = options.debounceMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChangeAt: number | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;

  // Saves run one after another, each exporting the world as it is when it starts.
  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    firstChangeAt = undefined;
    inFlight = inFlight.then(async () => {
      try {
        await writeStateFile(file, simulator.exportScenario());
        options.onSaved?.(file);
      } catch (err) {
        options.onError?.(err);
      }
    });
    return inFlight;
  };

  const unsubscribe = simulator.onChange(() => {
    if (closed) return;
    const now = Date.now();
    firstChangeAt ??= now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void save(), Math.max(0, Math.min(debounceMs, firstChangeAt + maxDelayMs - now)));
  });

  return {
    save,
    close: async () => {
      closed = true;
      unsubscribe();
      await save();
    },
  };
}
