import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

/*
 * The embedded database is one process's alone: two PGlite instances on one folder each believe they own it, and
 * their data diverges, then breaks. The process that opens a folder writes its identity to a lock file inside it
 * (created with O_EXCL, so only one creator wins) and removes it when it closes the database or exits.
 *
 * No maintained package fits: proper-lockfile and lockfile judge a lock stale by its age, so they neither name the
 * holder nor tell a crashed server from a busy one (a long digest would lose its lock); the flock(2) bindings are
 * native addons that need compiler headers at install. A lock whose process has gone (crashed, killed) is taken
 * over: on Linux the lock also records the boot and the process's start time, so a pid reused after a restart (a
 * container's pid 1, say) is not taken for the holder. Takers are serialised by a second O_EXCL file, so two
 * processes that find the same stale lock cannot both win.
 */

/** The file inside a PGlite folder that names the process holding it. */
export const DATA_DIR_LOCK_FILE = "concord.lock";

/** Whether an entry of a data folder is the lock's (so it is not part of the database). */
export function isLockEntry(name: string): boolean {
  return name === DATA_DIR_LOCK_FILE || name.startsWith(`${DATA_DIR_LOCK_FILE}.`);
}

const GUARD_SUFFIX = ".takeover";
/** A takeover lasts microseconds: a guard older than this was left by a taker that died during one. */
const ABANDONED_GUARD_MS = 10_000;
/** A lock file is written right after it is created: one still unreadable after this was left half-written. */
const UNWRITTEN_LOCK_MS = 2_000;
/** How long contention (another taker at work) may delay the start before it gives up. */
const CONTENTION_MS = 5_000;

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  what: z.string(),
  since: z.iso.datetime(),
  bootId: z.string().optional(),
  startTicks: z.number().int().nonnegative().optional(),
  token: z.string().min(1),
});

/** Who holds a data folder, as its lock file records it. */
export type DataDirHolder = z.infer<typeof holderSchema>;

/** A data folder another live process holds; the message is one line, for the person starting this one. */
export class DataDirInUseError extends Error {
  override readonly name = "DataDirInUseError";
  readonly code = "DATA_DIR_IN_USE";
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder,
  ) {
    super(`DATA_DIR ${dataDir} is in use by ${describeHolder(holder)}; stop that process first, or set DATA_DIR to another folder`);
  }
}

/** A held data folder. */
export interface DataDirLock {
  /** The lock file. */
  readonly path: string;
  /** Removes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

export interface LockOptions {
  /** What this process is, for whoever finds the folder held (`concord start`, `concord export`). */
  readonly what: string;
  /** Told when a lock left by a process that no longer runs is taken over. */
  readonly onStaleLock?: (message: string) => void;
}

/** Takes the data folder (creating it if need be) for this process's lifetime; DataDirInUseError when another holds it. */
export function lockDataDir(dataDir: string, options: LockOptions): DataDirLock {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, DATA_DIR_LOCK_FILE);
  const own: DataDirHolder = {
    pid: process.pid,
    host: hostname(),
    what: options.what,
    since: new Date().toISOString(),
    ...ownIdentity(),
    token: randomUUID(),
  };
  const giveUpAt = Date.now() + CONTENTION_MS;
  while (Date.now() < giveUpAt) {
    if (createLockFile(path, own)) return holdLock(path, own);
    const found = readLockFile(path);
    if (found === undefined) continue; // released meanwhile
    if (found.holder && isRunning(found.holder)) throw new DataDirInUseError(folder, found.holder);
    if (!found.holder && Date.now() - found.modifiedMs < UNWRITTEN_LOCK_MS) {
      pause(10); // its creator is writing it
      continue;
    }
    const outcome = takeOver(path, found.raw, own);
    if (outcome === "taken") {
      options.onStaleLock?.(
        found.holder
          ? `DATA_DIR ${folder} was locked by ${describeHolder(found.holder)}, which is no longer running; taking it over`
          : `DATA_DIR ${folder} held an unreadable lock file, left by a process that stopped while writing it; taking it over`,
      );
      return holdLock(path, own);
    }
    if (outcome === "busy") pause(20);
  }
  throw new Error(`the lock file ${path} kept changing for ${CONTENTION_MS / 1000} s while other processes tried to take it`);
}

/** "process 4242 (concord start since 22:41)", with the host when it is another machine's. */
export function describeHolder(holder: DataDirHolder, now = new Date()): string {
  const host = holder.host === hostname() ? "" : ` on ${holder.host}`;
  return `process ${holder.pid}${host} (${holder.what} since ${formatSince(new Date(holder.since), now)})`;
}

/** The local time a lock was taken: "22:41" today, "2025-03-02 22:41" on another day. */
function formatSince(since: Date, now: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(since.getHours())}:${two(since.getMinutes())}`;
  const day = `${since.getFullYear()}-${two(since.getMonth() + 1)}-${two(since.getDate())}`;
  const today = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  return day === today ? time : `${day} ${time}`;
}

/** Creates the lock file holding `holder`; false when one exists already. */
function createLockFile(path: string, holder: DataDirHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface FoundLock {
  readonly raw: string;
  /** Undefined when the file does not hold a lock record (half-written, or not ours). */
  readonly holder: DataDirHolder | undefined;
  readonly modifiedMs: number;
}

/** The lock file's content, or undefined when there is none. */
function readLockFile(path: string): FoundLock | undefined {
  try {
    const modifiedMs = statSync(path).mtimeMs;
    const raw = readFileSync(path, "utf8");
    return { raw, holder: parseHolder(raw), modifiedMs };
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(raw: string): DataDirHolder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: half-written
  }
}

/**
 * Replaces a stale lock file (whose content was `staleRaw`) with this process's, under the takeover guard: "taken",
 * "busy" when another process is taking it over, "changed" when the file is no longer the stale one (another taker
 * won). Exported for its test, which plays the interleavings two takers can meet.
 */
export function takeOver(path: string, staleRaw: string, own: DataDirHolder): "taken" | "busy" | "changed" {
  const guard = `${path}${GUARD_SUFFIX}`;
  if (!createLockFile(guard, own)) {
    const left = readLockFile(guard);
    if (left && Date.now() - left.modifiedMs > ABANDONED_GUARD_MS && !(left.holder && isRunning(left.holder))) {
      removeIfUnchanged(guard, left.raw);
    }
    return "busy";
  }
  try {
    const now = readLockFile(path);
    if (now !== undefined) {
      if (now.raw !== staleRaw) return "changed";
      unlinkSync(path);
    }
    // A process starting just now may create the lock first; then it holds the folder, and this one finds it.
    return createLockFile(path, own) ? "taken" : "changed";
  } finally {
    removeIfUnchanged(guard, `${JSON.stringify(own)}\n`);
  }
}

function removeIfUnchanged(path: string, raw: string): void {
  const now = readLockFile(path);
  if (now?.raw === raw) unlinkSync(path);
}

/** Keeps the lock until `release` or the process's exit (a crash that ends through `process.exit` included). */
function holdLock(path: string, own: DataDirHolder): DataDirLock {
  const mine = `${JSON.stringify(own)}\n`;
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener("exit", releaseAtExit);
    removeIfUnchanged(path, mine);
  };
  const releaseAtExit = () => {
    try {
      release();
    } catch (error) {
      process.stderr.write(`could not remove the lock file ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  };
  process.on("exit", releaseAtExit);
  return { path, release };
}

/** Whether the process a lock names still runs; a process on another host is assumed to. */
function isRunning(holder: DataDirHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (codeOf(error) === "ESRCH") return false;
    if (codeOf(error) !== "EPERM") throw error; // EPERM: it runs, as another user
  }
  if (holder.bootId === undefined || holder.startTicks === undefined) return true;
  const now = processIdentity(holder.pid);
  if (now === "ended") return false;
  if (now.bootId === undefined || now.startTicks === undefined) return true;
  return now.bootId === holder.bootId && now.startTicks === holder.startTicks;
}

/** Linux's boot id and a process's start time (clock ticks since boot); nothing without /proc (macOS). */
function processIdentity(pid: number): { bootId?: string; startTicks?: number } | "ended" {
  let bootId: string;
  try {
    bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch (error) {
    if (codeOf(error) === "ENOENT") return {};
    throw error;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    if (codeOf(error) === "ENOENT") return "ended";
    throw error;
  }
  // The process's name, in parentheses, may hold spaces: the fields after it are counted from field 3 (state).
  const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  return Number.isSafeInteger(startTicks) ? { bootId, startTicks } : { bootId };
}

function ownIdentity(): { bootId?: string; startTicks?: number } {
  const identity = processIdentity(process.pid);
  return identity === "ended" ? {} : identity;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}
