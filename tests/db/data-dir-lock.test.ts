import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATA_DIR_LOCK_FILE, DataDirInUseError, lockDataDir, takeOver, type DataDirHolder } from "../../src/db/data-dir-lock.js";
import { openDatabase } from "../../src/db/open.js";
import { rowsOf } from "../../src/db/rows.js";
import { sql } from "drizzle-orm";

const scratch = mkdtempSync(join(tmpdir(), "concord-lock-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
const newFolder = () => join(scratch, `data-${++folders}`);

/** The pid of a process that has just ended (so no process runs under it, until the system reuses it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

function writeLock(folder: string, holder: Partial<DataDirHolder>): string {
  const record: DataDirHolder = {
    pid: deadPid(),
    host: hostname(),
    what: "concord start",
    since: "2025-03-02T22:41:00.000Z",
    token: "left-behind",
    ...holder,
  };
  writeFileSync(join(folder, DATA_DIR_LOCK_FILE), JSON.stringify(record));
  return JSON.stringify(record);
}

describe("the lock on an embedded database's folder", () => {
  it("refuses a second holder, naming the first, until the first releases it", () => {
    const folder = newFolder();
    const first = lockDataDir(folder, { what: "concord start" });
    expect(readdirSync(folder)).toEqual([DATA_DIR_LOCK_FILE]);
    let refusal: unknown;
    try {
      lockDataDir(folder, { what: "concord export" });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toMatch(
      new RegExp(`^DATA_DIR ${folder} is in use by process ${process.pid} \\(concord start since \\d\\d:\\d\\d\\); stop that process first`),
    );
    first.release();
    first.release();
    expect(readdirSync(folder)).toEqual([]);
    lockDataDir(folder, { what: "concord export" }).release();
  });

  it("takes over a lock whose process has ended, saying so", () => {
    const folder = newFolder();
    lockDataDir(folder, { what: "setup" }).release();
    writeLock(folder, { what: "concord demo" });
    const told: string[] = [];
    const lock = lockDataDir(folder, { what: "concord start", onStaleLock: (message) => told.push(message) });
    expect(told).toEqual([
      expect.stringMatching(
        new RegExp(`^DATA_DIR ${folder} was locked by process \\d+ \\(concord demo since 2025-03-0[23] \\d\\d:41\\), which is no longer running; taking it over$`),
      ),
    ]);
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, what: "concord start" });
    lock.release();
  });

  it("takes a running pid for a stale lock when that process started after the lock was written (a reused pid)", () => {
    const folder = newFolder();
    lockDataDir(folder, { what: "setup" }).release();
    // Our own pid, so a process by that number runs; but not since the tick this lock claims.
    writeLock(folder, { pid: process.pid, bootId: readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(), startTicks: 1 });
    const told: string[] = [];
    lockDataDir(folder, { what: "concord start", onStaleLock: (message) => told.push(message) }).release();
    expect(told).toHaveLength(1);
  });

  it("takes over a lock file left unreadable, and leaves one of another host alone", () => {
    const folder = newFolder();
    lockDataDir(folder, { what: "setup" }).release();
    writeFileSync(join(folder, DATA_DIR_LOCK_FILE), "");
    // Old enough not to be one a starting process is still writing.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, DATA_DIR_LOCK_FILE), old, old);
    const told: string[] = [];
    lockDataDir(folder, { what: "concord start", onStaleLock: (message) => told.push(message) }).release();
    expect(told).toEqual([expect.stringContaining("held an unreadable lock file")]);

    const raw = writeLock(folder, { host: "another-machine", pid: 4242 });
    expect(() => lockDataDir(folder, { what: "concord start" })).toThrow(/in use by process 4242 on another-machine \(concord start since/);
    expect(readFileSync(join(folder, DATA_DIR_LOCK_FILE), "utf8")).toBe(raw);
  });

  it("lets only one of two processes that found the same stale lock take it over", () => {
    const folder = newFolder();
    lockDataDir(folder, { what: "setup" }).release();
    const path = join(folder, DATA_DIR_LOCK_FILE);
    const stale = writeLock(folder, {});
    const taker = (token: string): DataDirHolder => ({ pid: process.pid, host: hostname(), what: "taker", since: new Date().toISOString(), token });
    // A and B both read the stale lock; A takes it over first.
    expect(takeOver(path, stale, taker("a"))).toBe("taken");
    const heldByA = readFileSync(path, "utf8");
    // B, acting on what it read before, must not remove A's lock.
    expect(takeOver(path, stale, taker("b"))).toBe("changed");
    expect(readFileSync(path, "utf8")).toBe(heldByA);
    expect(readdirSync(folder)).toEqual([DATA_DIR_LOCK_FILE]);
  });

  it("waits while another process is taking a stale lock over, and clears a guard its taker left when it died", () => {
    const folder = newFolder();
    lockDataDir(folder, { what: "setup" }).release();
    const path = join(folder, DATA_DIR_LOCK_FILE);
    const stale = writeLock(folder, {});
    const guard = `${path}.takeover`;
    const me: DataDirHolder = { pid: process.pid, host: hostname(), what: "taker", since: new Date().toISOString(), token: "me" };
    writeFileSync(guard, JSON.stringify({ ...me, token: "other taker" }));
    expect(takeOver(path, stale, me)).toBe("busy");
    expect(readFileSync(path, "utf8")).toBe(stale);
    // A guard of a process that has ended, older than any takeover lasts.
    writeFileSync(guard, JSON.stringify({ ...me, pid: deadPid(), token: "dead taker" }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    expect(takeOver(path, stale, me)).toBe("busy");
    expect(existsSync(guard)).toBe(false);
    expect(takeOver(path, stale, me)).toBe("taken");
    expect(readdirSync(folder)).toEqual([DATA_DIR_LOCK_FILE]);
  });

  it("is taken by opening a folder and given back by closing it", async () => {
    const folder = newFolder();
    const opened = openDatabase({ dataDir: folder }, { what: "concord test" });
    expect(() => openDatabase({ dataDir: folder })).toThrow(DataDirInUseError);
    await opened.ping();
    expect(readdirSync(folder)).toContain("PG_VERSION");
    await opened.close();
    expect(readdirSync(folder)).not.toContain(DATA_DIR_LOCK_FILE);
    const again = openDatabase({ dataDir: folder });
    await again.ping();
    await again.close();
  });

  it("unpacks the template into a new folder beside its lock, and again where an unpack was interrupted", async () => {
    const folder = newFolder();
    mkdirSync(join(folder, "base"), { recursive: true });
    writeFileSync(join(folder, ".concord-unpacking"), "");
    writeFileSync(join(folder, "base", "half-written"), "x");
    const opened = openDatabase({ dataDir: folder });
    try {
      const [row] = rowsOf<{ n: number }>(await opened.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      expect(row!.n).toBeGreaterThan(0);
      expect(readdirSync(folder)).not.toContain(".concord-unpacking");
      expect(existsSync(join(folder, "base", "half-written"))).toBe(false);
    } finally {
      await opened.close();
    }
  });
});
