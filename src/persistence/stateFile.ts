import { createHash } from 'node:crypto';
import { constants, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ChangeTracker, LOG_FORMAT, replayLog } from './changeLog.js';
import { parseScenario } from '../../fixtures/parseScenario.js';
import type { Scenario } from '../../fixtures/scenario.js';
import type { Simulator } from '../simulator.js';

/**
 * A simulator's world kept in a file (the CLI's --state-file): the file is the exported scenario
 * (docs/scenarios.md), a snapshot replaced atomically (written to a temporary file beside it,
 * flushed, then renamed over it), so a crash mid-save leaves the previous save intact; what
 * changed since the snapshot is in its change log (changeLog.ts).
 */

/** A state file that exists but cannot be used. The file is left exactly as it is. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
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
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Replaces `file` with the scenario atomically (temporary file, fsync, rename); returns the SHA-256 of what it wrote and its size. */
export async function writeStateFile(file: string, scenario: Scenario): Promise<{ sha256: string; bytes: number }> {
  const temp = tempName(file);
  const bytes = Buffer.from(serialise(scenario), 'utf8');
  try {
    // 0600: the file holds every credential and seal key of the world.
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { sha256: sha256(bytes), bytes: bytes.length };
}

export interface PersistOptions {
  /**
   * The change log is folded into a new snapshot once it passes this many bytes. Default: 8 MiB
   * or twice the snapshot's size, whichever is larger (a large world is not rewritten for a log
   * much smaller than itself).
   */
  compactBytes?: number;
  onSaved?: (file: string) => void;
  onError?: (err: unknown) => void;
}

export interface Persistence {
  /**
   * Undefined when every change so far is durable; otherwise a promise that resolves once they
   * are (after the commit that holds them is fsynced), and rejects if it could not be written.
   * An answer that waits on it is never sent for a change a kill -9 could lose.
   */
  durable(): Promise<void> | undefined;
  /** Folds the log into a new snapshot now (waiting for a commit in progress first). */
  save(): Promise<void>;
  /** Stops watching, commits what is pending and writes the final snapshot. */
  close(): Promise<void>;
}

const DEFAULT_COMPACT_BYTES = 8 * 1024 * 1024;

/**
 * Keeps the simulator's world in `file` plus its change log `<file>.log` (docs/reliability.md,
 * "Durability"): every change is appended to the log and fsynced before `durable()` resolves,
 * with one write and one fsync shared by every change made while the previous one was on disk
 * (group commit); each line holds only what changed since the line before (ChangeTracker); past
 * the compaction size the log is folded into a new snapshot. The snapshot is written at once, so
 * `file` holds the world as it is now and the log starts empty.
 */
export async function persistState(simulator: Simulator, file: string, options: PersistOptions = {}): Promise<Persistence> {
  // Twice the snapshot: each compaction rewrites the whole world, so its cost per logged byte stays
  // constant however large the world grows, and recovery replays at most twice the snapshot.
  const compactAt = (snapshotBytes: number) => options.compactBytes ?? Math.max(DEFAULT_COMPACT_BYTES, 2 * snapshotBytes);
  const logFile = changeLogName(file);
  const tracker = new ChangeTracker();
  const first = simulator.exportScenario();
  tracker.reset(simulator, first);
  let base = await writeStateFile(file, first);
  await syncDirectory(file);
  // Append mode: after a compaction empties the log, the next line lands at byte 0 (a handle
  // opened for plain writing would keep its offset and leave a hole of zero bytes before it).
  // O_DSYNC: a write returns once its bytes are on disk, one trip to the thread pool per commit
  // instead of a write and an fdatasync.
  const log = await open(logFile, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_DSYNC ?? 0), 0o600);
  await log.truncate(0);
  await log.sync();
  let logBytes = 0;
  let threshold = compactAt(base.bytes);
  let pending = false;
  // Group commit (see `gather`): changes announced so far, how many the last commit took, how long its write took.
  let changes = 0;
  let drainedAt = 0;
  let lastGroup = 0;
  let lastWriteMs = 0;
  let gathered: (() => void) | undefined;
  let waiting: Deferred | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  /** The world as of the last line written becomes the snapshot, and the log is emptied. */
  const compact = async (exported: Scenario) => {
    base = await writeStateFile(file, exported);
    await syncDirectory(file);
    // Killed here, the log names the previous snapshot: recovery sees it is older and skips it.
    await log.truncate(0);
    await log.sync();
    logBytes = 0;
    threshold = compactAt(base.bytes);
    options.onSaved?.(file);
  };

  /**
   * Before a commit, waits a moment for the clients the last one answered: they send their next
   * request within a millisecond or so, and without the wait each commit would take only the half
   * of them that came back during the previous write (two half groups taking turns, each paying a
   * whole fsync). It waits until as many changes have arrived as the last commit took, and never
   * longer than half the last write took (at most 2 ms; not at all when writes take under 2 ms),
   * so a client that does not come back costs little (PostgreSQL's commit_delay, made adaptive).
   */
  const gather = async (): Promise<void> => {
    const waitMs = Math.min(2, lastWriteMs / 2);
    if (waitMs < 1 || changes - drainedAt >= lastGroup) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        gathered = undefined;
        resolve();
      }
      gathered = () => {
        if (changes - drainedAt >= lastGroup) done();
      };
    });
  };

  // One commit at a time; changes made while one is on disk wait for the next, which takes them all.
  const commit = async (): Promise<void> => {
    while (pending) {
      await gather();
      lastGroup = changes - drainedAt;
      drainedAt = changes;
      pending = false;
      const mine = waiting;
      waiting = undefined;
      try {
        // Built in this tick, with the export for a compaction: both are the world as of this line.
        const record = tracker.record(simulator);
        const exported = logBytes > threshold ? simulator.exportScenario() : undefined;
        if (exported) tracker.reset(simulator, exported);
        if (record) {
          const header = logBytes === 0 ? `${JSON.stringify({ v: LOG_FORMAT, kind: 'base', snapshot: base.sha256 })}\n` : '';
          const line = `${header}${JSON.stringify(record)}\n`;
          try {
            const began = performance.now();
            await log.write(line);
            if (constants.O_DSYNC === undefined) await log.datasync();
            lastWriteMs = performance.now() - began;
          } catch (err) {
            // Whatever part of the line reached the file is cut off, and the next line is the whole world.
            tracker.invalidate();
            await log.truncate(logBytes).catch(() => undefined);
            throw err;
          }
          logBytes += Buffer.byteLength(line);
        }
        mine?.resolve();
        // A failed compaction may leave a new snapshot beside the old log: the next line is the
        // whole world, which recovery reads whatever snapshot the log was begun over.
        if (exported)
          await compact(exported).catch((err: unknown) => {
            tracker.invalidate();
            options.onError?.(err);
          });
      } catch (err) {
        mine?.reject(err);
        options.onError?.(err);
      }
    }
  };
  const kick = (): Promise<void> => {
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(commit).finally(() => {
      running = undefined;
      if (pending) void kick();
    });
    return running;
  };

  const unsubscribe = simulator.onChange(() => {
    if (closed) return;
    pending = true;
    changes++;
    gathered?.();
    void kick();
  });

  // Takes the commit loop's place while it runs: a commit meanwhile would write a line the
  // compaction's emptying of the log then erased, after its answers had gone out.
  const compactNow = async () => {
    while (running) await running;
    const job = (async () => {
      const exported = simulator.exportScenario();
      tracker.reset(simulator, exported);
      await compact(exported);
    })();
    running = job
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (pending) void kick();
      });
    await job;
  };

  return {
    durable: () => {
      if (!pending) return undefined;
      waiting ??= deferred();
      return waiting.promise;
    },
    save: compactNow,
    close: async () => {
      closed = true;
      unsubscribe();
      while (running) await running;
      if (pending) {
        void kick();
        while (running) await running;
      }
      await compactNow().catch((err: unknown) => options.onError?.(err));
      await log.close();
    },
  };
}

/** The change log beside a state file. */
export const changeLogName = (file: string) => `${file}.log`;

/**
 * The saved world after a crash or a clean stop: the snapshot in `file` with its change log
 * replayed over it (a torn last line, from a kill mid-write, is dropped: it was never
 * acknowledged), validated as a whole. Temporary files a killed save left beside it are removed.
 * Undefined when there is no file yet.
 */
export async function recoverStateFile(
  file: string,
): Promise<{ scenario: Scenario; replayed: number; torn: boolean; stale: boolean } | undefined> {
  await removeStaleTemps(file);
  const read = await readJson(file);
  const snapshot = read?.json;
  let logText = '';
  try {
    logText = await readFile(changeLogName(file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new StateFileError(file, `its change log cannot be read: ${(err as Error).message}`);
  }
  if (snapshot === undefined && logText.trim() === '') return undefined;
  let replay: ReturnType<typeof replayLog>;
  try {
    replay = replayLog(snapshot, logText, read?.sha256);
  } catch (err) {
    throw new StateFileError(file, (err as Error).message);
  }
  if (replay.scenario === undefined) return undefined;
  try {
    return { scenario: parseScenario(replay.scenario, 'content'), replayed: replay.replayed, torn: replay.torn, stale: replay.stale };
  } catch (err) {
    throw new StateFileError(
      file,
      `is not a usable saved state${replay.replayed ? ` (with ${replay.replayed} logged changes replayed)` : ''}: ${(err as Error).message}`,
    );
  }
}

/** The snapshot's JSON and the SHA-256 of its bytes (what the change log's base line names). */
async function readJson(file: string): Promise<{ json: unknown; sha256: string } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(file, `cannot be read: ${(err as Error).message}`);
  }
  try {
    return { json: JSON.parse(bytes.toString('utf8')), sha256: sha256(bytes) };
  } catch (err) {
    throw new StateFileError(file, `is not valid JSON (corrupt or truncated?): ${(err as Error).message}`);
  }
}

/** Removes `<file>.<pid>.<n>.tmp` files a save killed mid-way left behind. */
async function removeStaleTemps(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && /\.\d+\.\d+\.tmp$/.test(name)).map((name) => rm(join(dir, name), { force: true })),
  );
}

/** A rename is durable once the directory holding it is synced. */
async function syncDirectory(file: string): Promise<void> {
  const handle = await open(dirname(file), 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is then as durable as they make it.
  } finally {
    await handle.close();
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A commit that fails with nobody waiting must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
