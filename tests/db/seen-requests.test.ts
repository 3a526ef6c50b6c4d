import { sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { createLocalRequestLedger, createRequestLedger, localRequestLedger } from "../../src/db/repositories/seen-requests.js";
import { createStore } from "../../src/db/store.js";
import { seenSlackRequests } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";

const at = (minutes: number) => new Date(Date.UTC(2025, 5, 2, 9, 0) + minutes * 60_000);

describeEachDatabase("the ledger of Slack requests seen", (database) => {
  it("refuses a key seen in the last five minutes, on any replica, and takes it again after", async () => {
    const one = createRequestLedger(database().db);
    const other = createRequestLedger(database().db);
    expect(await one.recordFirst("signature:v0=aa", at(0))).toBe(true);
    expect(await other.recordFirst("signature:v0=aa", at(1))).toBe(false);
    expect(await one.recordFirst("signature:v0=aa", at(4.9))).toBe(false);
    expect(await one.recordFirst("envelope:aa", at(4.9))).toBe(true);
    expect(await other.recordFirst("signature:v0=aa", at(5.1))).toBe(true);
    expect(await one.recordFirst("signature:v0=aa", at(6))).toBe(false);
  });

  it("writes requests that arrive together in a few statements, and lets only the first of a key through", async () => {
    const ledger = createRequestLedger(database().db);
    const keys = Array.from({ length: 300 }, (_, k) => `signature:v0=${k % 250}`);
    const firsts = await Promise.all(keys.map((key) => ledger.recordFirst(key, at(0))));
    expect(firsts.filter(Boolean)).toHaveLength(250);
    expect(firsts.slice(0, 250).every(Boolean)).toBe(true);
    expect(await database().db.$count(seenSlackRequests)).toBe(250);
  });

  it("prunes what fell out of the window, at most once a minute", async () => {
    const ledger = createRequestLedger(database().db);
    for (const [key, minute] of [["a", 0], ["b", 2], ["c", 3]] as const) expect(await ledger.recordFirst(key, at(minute))).toBe(true);
    const keys = async () => (await database().db.select({ key: seenSlackRequests.key }).from(seenSlackRequests)).map((r) => r.key).sort();
    expect(await keys()).toEqual(["a", "b", "c"]);
    // At 6:30 "a" (0:00) is out of the window; "b" (2:00) and "c" (3:00) are not.
    expect(await ledger.recordFirst("d", at(6.5))).toBe(true);
    expect(await keys()).toEqual(["b", "c", "d"]);
    // Less than a minute after that prune, nothing is deleted though "b" has expired by now.
    expect(await ledger.recordFirst("e", at(7.2))).toBe(true);
    expect(await keys()).toEqual(["b", "c", "d", "e"]);
    expect(await ledger.recordFirst("f", at(7.6))).toBe(true);
    expect(await keys()).toEqual(["c", "d", "e", "f"]);
  });
});

describeEachDatabase("the local ledger of Slack requests seen (a database only this process opens)", (database) => {
  const logger = () => ({ debug() {}, info() {}, warn: vi.fn(), error() {} });

  it("decides as the shared ledger does, and writes what it decided behind", async () => {
    const log = logger();
    const ledger = createLocalRequestLedger(database().db, log);
    expect(await ledger.recordFirst("signature:v0=aa", at(0))).toBe(true);
    expect(await ledger.recordFirst("signature:v0=aa", at(1))).toBe(false);
    expect(await ledger.recordFirst("signature:v0=aa", at(4.9))).toBe(false);
    expect(await ledger.recordFirst("envelope:aa", at(4.9))).toBe(true);
    expect(await ledger.recordFirst("signature:v0=aa", at(5.1))).toBe(true);
    expect(await ledger.recordFirst("signature:v0=aa", at(6))).toBe(false);
    await ledger.flush!();
    const rows = await database().db.select({ key: seenSlackRequests.key, seenAt: seenSlackRequests.seenAt }).from(seenSlackRequests);
    expect(rows.map((r) => [r.key, r.seenAt.getTime()]).sort()).toEqual([
      ["envelope:aa", at(4.9).getTime()],
      ["signature:v0=aa", at(5.1).getTime()],
    ]);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it("after a restart, refuses the replay of a request seen in the five minutes before it", async () => {
    const before = createLocalRequestLedger(database().db, logger());
    expect(await before.recordFirst("signature:v0=recent", at(-2))).toBe(true);
    expect(await before.recordFirst("signature:v0=old", at(-6))).toBe(true);
    await before.flush!();
    const restarted = createLocalRequestLedger(database().db, logger());
    expect(await restarted.recordFirst("signature:v0=recent", at(0))).toBe(false);
    expect(await restarted.recordFirst("signature:v0=old", at(0))).toBe(true);
    expect(await restarted.recordFirst("signature:v0=new", at(0))).toBe(true);
    // Written before the next test empties the table, not into it.
    await restarted.flush!();
  });

  it("is one per open database, shared by every store made on it", () => {
    const log = logger();
    const db = database().db;
    const one = createStore(db, { destinations: [], soleProcess: { logger: log } }).requests;
    expect(createStore(db, { destinations: ["slack"], soleProcess: { logger: log } }).requests).toBe(one);
    expect(localRequestLedger(db, log)).toBe(one);
  });

  it("writes a burst of requests in a few statements, and lets only the first of a key through", async () => {
    const ledger = createLocalRequestLedger(database().db, logger());
    const keys = Array.from({ length: 1_200 }, (_, k) => `signature:v0=${k % 1_000}`);
    const firsts = await Promise.all(keys.map((key) => ledger.recordFirst(key, at(0))));
    expect(firsts.filter(Boolean)).toHaveLength(1_000);
    expect(firsts.slice(0, 1_000).every(Boolean)).toBe(true);
    await ledger.flush!();
    expect(await database().db.$count(seenSlackRequests)).toBe(1_000);
  });

  it("says so when it cannot write, and still refuses replays from memory", async () => {
    const log = logger();
    const opened = database();
    const ledger = createLocalRequestLedger(opened.db, log);
    expect(await ledger.recordFirst("signature:v0=aa", at(0))).toBe(true);
    await opened.db.execute(sql`alter table seen_slack_requests rename to seen_slack_requests_away`);
    try {
      await ledger.flush!();
      expect(log.warn).toHaveBeenCalledWith(expect.stringContaining("held in memory"), expect.objectContaining({ error: expect.any(Error) }));
      expect(await ledger.recordFirst("signature:v0=aa", at(1))).toBe(false);
    } finally {
      await opened.db.execute(sql`alter table seen_slack_requests_away rename to seen_slack_requests`);
    }
  });
});
