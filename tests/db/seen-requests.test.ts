import { expect, it } from "vitest";
import { createRequestLedger } from "../../src/db/repositories/seen-requests.js";
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
