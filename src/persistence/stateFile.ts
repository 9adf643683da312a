import { createHash } from 'node:crypto';
import { write as writeFd, writeSync } from 'node:fs';
import { constants, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ChangeTracker, LOG_FORMAT, MAX_IN_FLIGHT, replayLog } from './changeLog.js';
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
/**
 * Indented for people to read where a person may open the file (the start's and a clean stop's
 * save); a compaction's snapshot, written while requests wait, is not: for a world of 10,000
 * cards and 40,000 work orders, 15 MB and ~110 ms to serialise and encode indented against 8 MB
 * and ~70 ms (docs/performance.md, "State file: durability levels").
 */
const serialise = (scenario: Scenario, indented: boolean) => `${indented ? JSON.stringify(scenario, null, 2) : JSON.stringify(scenario)}\n`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes the scenario to a temporary file beside `file` and flushes it; nothing is renamed yet. The
 * scenario is serialised before the first await: callers pass exports that share the live world's
 * values (Simulator.exportScenario's `shared`), which must not move before they are written.
 */
async function writeTemp(
  file: string,
  scenario: Scenario,
  flush: boolean,
  indented = true,
): Promise<{ temp: string; sha256: string; bytes: number }> {
  const temp = tempName(file);
  const bytes = Buffer.from(serialise(scenario, indented), 'utf8');
  try {
    await writeWhole(temp, bytes, flush);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { temp, sha256: sha256(bytes), bytes: bytes.length };
}

/**
 * Creates (or replaces) `file` with `bytes`, flushed to disk unless `flush` is false (durability
 * `process`: the bytes are the kernel's once written). 0600: the files hold every credential and
 * seal key of the world.
 */
async function writeWhole(file: string, bytes: Buffer, flush: boolean): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.writeFile(bytes);
    if (flush) await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with the scenario atomically (temporary file, fsync unless `flush` is false,
 * rename); returns the SHA-256 of what it wrote and its size.
 */
export async function writeStateFile(file: string, scenario: Scenario, flush = true): Promise<{ sha256: string; bytes: number }> {
  const { temp, ...written } = await writeTemp(file, scenario, flush);
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return written;
}

/**
 * What an answered change survives (docs/reliability.md, "Durability levels"). `disk`: it is on
 * disk before its answer leaves (the log opened `O_DSYNC`, snapshots and renames flushed), so it
 * survives the machine's crash or power loss too. `process`: it is in the kernel's hands before
 * its answer leaves (written, not flushed), so it survives the simulator's own death, `kill -9`
 * included, but the machine's crash can lose the last changes (Redis's `appendfsync no`).
 */
export type Durability = 'disk' | 'process';
export const DURABILITY_LEVELS: readonly Durability[] = ['disk', 'process'];

export interface PersistOptions {
  /** What an answered change survives; default `disk` (see Durability). */
  durability?: Durability;
  /**
   * The change log is folded into a new snapshot once it passes this many bytes. Default: 8 MiB
   * or twice the snapshot's size, whichever is larger (a large world is not rewritten for a log
   * much smaller than itself).
   */
  compactBytes?: number;
  onSaved?: (file: string) => void;
  onError?: (err: unknown) => void;
  /**
   * Runs each commit's write of its line (`n`: the commit's number in the log); for tests that
   * hold a write back or fail it. Default: the write itself.
   */
  writeLine?: (write: () => Promise<void>, n: number) => Promise<void>;
}

export interface Persistence {
  /**
   * Undefined when every change so far is durable or on its way; otherwise a promise that
   * resolves once the commit that holds them and every commit before it are written (on disk at
   * durability `disk`, handed to the kernel at `process`), and rejects if one of them could not
   * be. An answer that waits on it is never sent for a change a kill -9 could lose.
   */
  durable(): Promise<void> | undefined;
  /** Folds the log into a new snapshot now (after a compaction in progress). */
  save(): Promise<void>;
  /** Resolves once nothing is being written: no commit in flight and no compaction running. */
  settled(): Promise<void>;
  /** Stops watching, commits what is pending and writes the final snapshot. */
  close(): Promise<void>;
}

const DEFAULT_COMPACT_BYTES = 8 * 1024 * 1024;

/**
 * The change log, written at explicit offsets (commits overlap; not O_APPEND, under which
 * overlapping appends could land out of order). With `onDisk`, O_DSYNC: a write returns once its
 * bytes are on disk, one trip to the thread pool per commit instead of a write and an fdatasync.
 */
const openLog = (logFile: string, onDisk: boolean) =>
  open(logFile, constants.O_WRONLY | constants.O_CREAT | (onDisk ? (constants.O_DSYNC ?? 0) : 0), 0o600);

const baseLine = (snapshot: string, n: number) => `${JSON.stringify({ v: LOG_FORMAT, kind: 'base', snapshot, n })}\n`;

/**
 * Keeps the simulator's world in `file` plus its change log `<file>.log` (docs/reliability.md,
 * "Durability"). Each commit appends what changed since the one before (ChangeTracker) at the
 * offset after it, and commits overlap: while up to MAX_IN_FLIGHT lines are on their way to
 * disk, the changes made meanwhile are gathered into the next line and written too, and a
 * change's answer waits for its own line and every line before it (group commit, pipelined).
 * Past the compaction size the log is folded into a new snapshot beside the commits, which move
 * to a new log only for the moment of the switch. The snapshot is written at once, so `file`
 * holds the world as it is now and the log starts empty. `options.durability` says whether
 * "written" means on disk (the default) or handed to the kernel (see Durability).
 */
export async function persistState(simulator: Simulator, file: string, options: PersistOptions = {}): Promise<Persistence> {
  // Twice the snapshot: each compaction rewrites the whole world, so its cost per logged byte stays
  // constant however large the world grows, and recovery replays at most twice the snapshot.
  const compactAt = (snapshotBytes: number) => options.compactBytes ?? Math.max(DEFAULT_COMPACT_BYTES, 2 * snapshotBytes);
  const logFile = changeLogName(file);
  const nextFile = nextLogName(file);
  const tracker = new ChangeTracker();
  const onDisk = (options.durability ?? 'disk') === 'disk';
  const syncDir = onDisk ? syncDirectory : async () => undefined;
  // Shared, not copied: written (serialised) below before anything else runs.
  const first = simulator.exportScenario({ shared: true });
  tracker.reset(simulator, first);
  let base = await writeStateFile(file, first, onDisk);
  await syncDir(file);
  let log = await openLog(logFile, onDisk);
  await log.truncate(0);
  if (onDisk) await log.sync();
  // A switch's new log left by a kill: this start's snapshot and log supersede it.
  await rm(nextFile, { force: true });
  /** Bytes of the log given to lines so far (the next line's offset). */
  let logBytes = 0;
  /** The last commit number given to a line, and the one the log's base line names (its snapshot holds up to it). */
  let lastN = 0;
  let baseN = 0;
  let threshold = compactAt(base.bytes);
  let pending = false;
  let waiting: Deferred | undefined;
  /** Settles once every line given out so far is on disk; rejects when one could not be written. */
  let chain: Promise<void> = Promise.resolve();
  /** Lines on their way to disk (settled promises, never rejecting). */
  const inFlight = new Set<Promise<void>>();
  /** The first line whose write failed, not yet cut off the log. */
  let failed: { at: number; n: number } | undefined;
  let running: Promise<void> | undefined;
  /** A switch or a save that holds the log: no line is given out meanwhile. */
  let holding: Promise<void> | undefined;
  let compacting: Promise<void> | undefined;
  /** While a compaction runs: the lines given out since its export, for the log that follows its snapshot. */
  let tail: Buffer[] | undefined;
  let closed = false;

  const writeAt = (bytes: Buffer, at: number, n: number): Promise<void> => {
    const handle = log;
    // Durability `process`: written on the main thread, in this tick. Without O_DSYNC the write
    // only copies into the page cache (~2 µs for a 3 KB line, against ~20 µs of CPU for a trip
    // through the thread pool and ~140 µs for an O_DSYNC one: docs/performance.md), so the
    // answers it holds leave in the same turn of the event loop.
    const write = !onDisk
      ? async () => writeWholeAt(handle.fd, bytes, at)
      : async () => {
          // fs.write on the handle's descriptor rather than FileHandle.write: the promise API's own
          // bookkeeping cost ~15 µs of CPU a line (the row with a state file: 200-203 -> 185-187 µs a
          // request, docs/performance.md). The descriptor cannot close under a write: switching logs
          // and closing wait for every line in flight (`hold`, `settled`).
          for (let done = 0; done < bytes.length;)
            done += await new Promise<number>((resolve, reject) =>
              writeFd(handle.fd, bytes, done, bytes.length - done, at + done, (err, written) => (err ? reject(err) : resolve(written))),
            );
          if (constants.O_DSYNC === undefined) await handle.datasync();
        };
    return options.writeLine ? options.writeLine(write, n) : write();
  };

  /** After a failed write, once nothing is in flight: cuts the log where that line began, and the next line is the whole world. */
  const mend = async () => {
    const broken = failed!;
    await Promise.all(inFlight);
    await log.truncate(broken.at);
    failed = undefined;
    logBytes = broken.at;
    lastN = broken.n - 1;
    chain = Promise.resolve();
    tracker.invalidate();
    // The lines a running compaction would carry over include the cut ones: it gives up.
    tail = undefined;
  };

  /**
   * The line of what changed since the last one, given its place in the log (and, past the
   * compaction size, a compaction started beside it), or undefined when nothing did. Synchronous:
   * the line is the world as of this tick; the caller writes it in this same tick.
   */
  const nextLine = (): { bytes: Buffer; at: number; n: number } | undefined => {
    const record = tracker.record(simulator);
    if (!record) return undefined;
    const header = logBytes === 0 ? baseLine(base.sha256, baseN) : '';
    const bytes = Buffer.from(`${header}${JSON.stringify({ ...record, n: lastN + 1 })}\n`, 'utf8');
    let exported: Scenario | undefined;
    // With its line, the export for a compaction: both are the world as of this line.
    if (!compacting && !closed && logBytes + bytes.length > threshold) {
      // Shared, not copied: compactBeside serialises it in this same tick (writeTemp).
      exported = simulator.exportScenario({ shared: true });
      tracker.reset(simulator, exported);
    }
    const n = ++lastN;
    const at = logBytes;
    logBytes += bytes.length;
    tail?.push(bytes);
    // The compaction first: its export shares the live world's values and is serialised at once,
    // before anything else (a test's write hook included) can run.
    if (exported) compactBeside(exported, n);
    return { bytes, at, n };
  };

  // Gives each group of changes its line and starts its write, up to MAX_IN_FLIGHT at once.
  const commit = async (): Promise<void> => {
    while (pending) {
      if (holding) {
        await holding;
        continue;
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race(inFlight);
        continue;
      }
      if (failed) {
        try {
          await mend();
        } catch (err) {
          pending = false;
          waiting?.reject(err);
          waiting = undefined;
          options.onError?.(err);
        }
        continue;
      }
      // From here to the write's start nothing awaits: the line is the world as of this tick.
      pending = false;
      const mine = waiting;
      waiting = undefined;
      let line: ReturnType<typeof nextLine>;
      try {
        line = nextLine();
      } catch (err) {
        mine?.reject(err);
        options.onError?.(err);
        continue;
      }
      if (!line) {
        // Nothing new to write: its changes are in lines already given out.
        if (mine) chain.then(mine.resolve, mine.reject);
        continue;
      }
      const { bytes, at, n } = line;
      const written = writeAt(bytes, at, n);
      const settled = written.then(
        () => undefined,
        (err: unknown) => {
          if (!failed || at < failed.at) failed = { at, n };
          options.onError?.(err);
        },
      );
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
      // Answered once this line and every line before it are on disk.
      chain = Promise.all([chain, written]).then(() => undefined);
      chain.catch(() => undefined);
      if (mine) chain.then(mine.resolve, mine.reject);
    }
  };
  const kick = (): Promise<void> => {
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(commit).finally(() => {
      running = undefined;
      if (pending) void kick();
    });
    return running;
  };

  /** Runs `job` with the log to itself: no line is given out meanwhile, and none is in flight. */
  const hold = async <T>(job: () => Promise<T>): Promise<T> => {
    while (holding) await holding;
    let release!: () => void;
    holding = new Promise<void>((resolve) => (release = resolve));
    try {
      // Not awaited when nothing is in flight: the job starts in this tick (a save exports the world as of its call).
      if (inFlight.size > 0) await Promise.all(inFlight);
      return await job();
    } finally {
      holding = undefined;
      release();
      if (pending) void kick();
    }
  };

  /**
   * Folds the log into a new snapshot while commits go on: `exported` is the world as of line
   * `k`. The snapshot is written to a temporary file beside the commits; then, holding the log
   * for a moment, the lines given out since the export are written to `<file>.log.next` after a
   * base line naming the new snapshot, the snapshot is renamed into place, and the new log over
   * the old one. Killed between the two renames, recovery finds the new log beside the snapshot
   * it names.
   */
  const compactBeside = (exported: Scenario, k: number) => {
    tail = [];
    compacting = (async () => {
      let temp: string | undefined;
      let renamed = false;
      try {
        const snapshot = await writeTemp(file, exported, onDisk, false);
        temp = snapshot.temp;
        await hold(async () => {
          // A write failed since the export: the lines to carry over are not all on disk.
          if (failed || !tail) throw new Error('a change log write failed during the compaction');
          const next = Buffer.concat([Buffer.from(baseLine(snapshot.sha256, k), 'utf8'), ...tail]);
          await writeWhole(nextFile, next, onDisk);
          await rename(snapshot.temp, file);
          renamed = true;
          temp = undefined;
          await syncDir(file);
          await rename(nextFile, logFile);
          await syncDir(file);
          const previous = log;
          log = await openLog(logFile, onDisk);
          await previous.close().catch(() => undefined);
          base = snapshot;
          baseN = k;
          logBytes = next.length;
          threshold = compactAt(base.bytes);
        });
        options.onSaved?.(file);
      } catch (err) {
        // Nothing here may throw: this promise is nobody's to catch, and a rejection would end the process.
        if (temp) await rm(temp, { force: true }).catch(() => undefined);
        // Before the snapshot's rename the new log names a snapshot that is not in place (read as
        // nothing); after it, the new log must not win over the old one, which the next line,
        // the whole world, keeps current whatever snapshot it names.
        await rm(nextFile, { force: true }).catch(() => undefined);
        if (renamed) tracker.invalidate();
        // A failed write's own error was reported already; this one is the compaction's.
        if (failed === undefined && tail !== undefined) options.onError?.(err);
      } finally {
        tail = undefined;
        compacting = undefined;
      }
    })();
  };

  const unsubscribe = simulator.onChange(() => {
    if (closed) return;
    pending = true;
    void kick();
  });

  // The log to itself (no commit in flight), the world as of now becomes the snapshot and the log is emptied.
  const compactNow = async () => {
    while (compacting) await compacting;
    await hold(async () => {
      if (failed) await mend();
      // Shared, not copied: writeStateFile serialises it before its first await.
      const exported = simulator.exportScenario({ shared: true });
      tracker.reset(simulator, exported);
      try {
        base = await writeStateFile(file, exported, onDisk);
        await syncDir(file);
        // Killed here, the log names the previous snapshot: recovery sees it is older and skips it.
        await log.truncate(0);
        if (onDisk) await log.sync();
      } catch (err) {
        // Whichever snapshot is in place, the next line is the whole world.
        tracker.invalidate();
        throw err;
      }
      logBytes = 0;
      baseN = lastN;
      threshold = compactAt(base.bytes);
      options.onSaved?.(file);
    });
  };

  const settled = async () => {
    while (running || compacting || holding || inFlight.size > 0) await Promise.all([running, compacting, holding, ...inFlight]);
  };

  return {
    durable: () => {
      if (!pending) return undefined;
      waiting ??= deferred();
      return waiting.promise;
    },
    save: compactNow,
    settled,
    close: async () => {
      closed = true;
      unsubscribe();
      await settled();
      await compactNow().catch((err: unknown) => options.onError?.(err));
      await log.close();
    },
  };
}

/** Writes all of `bytes` at `at`, on this thread (durability `process`: a copy into the page cache). */
function writeWholeAt(fd: number, bytes: Buffer, at: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/** The change log beside a state file. */
export const changeLogName = (file: string) => `${file}.log`;
/** The log a compaction writes before its switch: the log of record when it names the snapshot in place. */
const nextLogName = (file: string) => `${changeLogName(file)}.next`;

/**
 * The saved world after a crash or a clean stop: the snapshot in `file` with its change log
 * replayed over it (a torn last line, from a kill mid-write, is dropped: it was never
 * acknowledged), validated as a whole. Temporary files a killed save left beside it are removed.
 * Undefined when there is no file yet.
 */
export async function recoverStateFile(
  file: string,
): Promise<{ scenario: Scenario; replayed: number; torn: boolean; afterHole: number; stale: boolean } | undefined> {
  await removeStaleTemps(file);
  const read = await readJson(file);
  const snapshot = read?.json;
  let logText = (await readLog(file, changeLogName(file))) ?? '';
  // A compaction killed between renaming its snapshot into place and its new log: the new log
  // (complete and flushed before the snapshot's rename) is the one that names this snapshot.
  const next = await readLog(file, nextLogName(file));
  if (next !== undefined && read && baseOf(next) === read.sha256 && baseOf(logText) !== read.sha256) logText = next;
  if (snapshot === undefined && logText.trim() === '') return undefined;
  let replay: ReturnType<typeof replayLog>;
  try {
    replay = replayLog(snapshot, logText, read?.sha256);
  } catch (err) {
    throw new StateFileError(file, (err as Error).message);
  }
  if (replay.scenario === undefined) return undefined;
  try {
    return {
      scenario: parseScenario(replay.scenario, 'content'),
      replayed: replay.replayed,
      torn: replay.torn,
      afterHole: replay.afterHole,
      stale: replay.stale,
    };
  } catch (err) {
    throw new StateFileError(
      file,
      `is not a usable saved state${replay.replayed ? ` (with ${replay.replayed} logged changes replayed)` : ''}: ${(err as Error).message}`,
    );
  }
}

/** A change log's text; undefined when there is none. */
async function readLog(file: string, logFile: string): Promise<string | undefined> {
  try {
    return await readFile(logFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(file, `its change log cannot be read: ${(err as Error).message}`);
  }
}

/** The snapshot a log's base line names, if its first line is one. */
function baseOf(logText: string): string | undefined {
  try {
    const first = JSON.parse(logText.slice(0, logText.indexOf('\n') >>> 0)) as { kind?: unknown; snapshot?: unknown };
    return first.kind === 'base' && typeof first.snapshot === 'string' ? first.snapshot : undefined;
  } catch {
    return undefined;
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
