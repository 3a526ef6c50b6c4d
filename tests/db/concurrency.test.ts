import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeEach, expect, it } from "vitest";
import {
  addDomain,
  castVote,
  changeDomainOwner,
  importTerm,
  isConcordError,
  openProposal,
  sweepProposals,
  type CoreDeps,
} from "../../src/core/index.js";
import { openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import { auditEvents, definitionVersions, outboxEvents, proposals, votes } from "../../src/db/schema/index.js";
import { createStore } from "../../src/db/store.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, TEST_DESTINATIONS } from "../support/databases.js";

const HOUR = 60 * 60 * 1000;
const DOMAINS = 20;
const OWNERS_PER_DOMAIN = 10;
const admin = { ref: ADMIN };
const proposer = { ref: "local:proposer" };
const ownerRef = (d: number, o: number) => `local:owner-${d}-${o}`;

describeEachDatabase("concurrent votes and decisions", (database) => {
  let deps: CoreDeps;
  /** A second replica: its own connection pool on the same database (PostgreSQL), or the same store (PGlite). */
  let replica: CoreDeps;
  let second: OpenedDatabase | undefined;
  const clock = createManualClock();

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    deps = coreDeps(database(), clock);
    if (database().url && !second) second = openDatabase({ url: database().url! });
    replica = second
      ? { ...deps, store: createStore(second.db, { destinations: TEST_DESTINATIONS }) }
      : deps;
    const consumers: string[] = [];
    for (let d = 0; d < DOMAINS; d++) {
      const slug = `domain-${d}`;
      await addDomain(deps, admin, { slug, name: `Domain ${d}` });
      for (let o = 0; o < OWNERS_PER_DOMAIN; o++) {
        await changeDomainOwner(deps, admin, { slug, action: "add", owner: ownerRef(d, o) });
      }
      if (d > 0) consumers.push(slug);
    }
    await importTerm(deps, admin, {
      name: "Customer",
      text: "A person or company that has paid for at least one order.",
      ownerDomain: "domain-0",
      consumers,
    });
  });

  afterAll(async () => {
    await second?.close();
  });

  const everyOwner = () =>
    Array.from({ length: DOMAINS * OWNERS_PER_DOMAIN }, (_, i) => ({
      ref: ownerRef(Math.floor(i / OWNERS_PER_DOMAIN), i % OWNERS_PER_DOMAIN),
    }));

  it("200 owners approving at once: the decision is taken once, one version, one decided event", async () => {
    const { proposal } = await openProposal(deps, proposer, {
      term: "Customer",
      text: "A person or company that has paid for at least one order in the last 24 months.",
    });
    const results = await Promise.allSettled(
      everyOwner().map((owner, i) =>
        castVote(i % 2 === 0 ? deps : replica, owner, { proposalId: proposal.id, position: "approve" }),
      ),
    );
    const refused = results.filter((r) => r.status === "rejected");
    for (const r of refused) {
      expect(isConcordError(r.reason) && r.reason.code).toBe("closed");
    }
    const decisions = results.filter((r) => r.status === "fulfilled" && r.value.decided);
    expect(decisions).toHaveLength(1);

    const db = database().db;
    const [stored] = await db.select({ n: count() }).from(votes).where(eq(votes.proposalId, proposal.id));
    expect(stored!.n + refused.length).toBe(DOMAINS * OWNERS_PER_DOMAIN);
    const [row] = await db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(row).toMatchObject({ status: "approved", resultVersion: 2 });
    const lateVotes = await db.select().from(votes).where(eq(votes.proposalId, proposal.id));
    expect(lateVotes.every((v) => v.castAt <= row!.decidedAt!)).toBe(true);
    const versions = await db.select().from(definitionVersions).where(eq(definitionVersions.termId, row!.termId!));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const [decided] = await db
      .select({ n: count() })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.kind, "proposal.decided"), eq(outboxEvents.proposalId, proposal.id)));
    expect(decided!.n).toBe(1);
    const [approvedAudit] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "proposal.approved"));
    expect(approvedAudit!.n).toBe(1);
  });

  it("votes that arrive together are answered as if cast one by one: a repeated click, a changed mind, a first-time voter", async () => {
    const { proposal } = await openProposal(deps, proposer, { term: "Customer", text: "Anyone with an account." });
    const vote = (ref: string, position: "approve" | "object" | "abstain", reason?: string) =>
      castVote(deps, { ref }, { proposalId: proposal.id, position, ...(reason ? { reason } : {}) });
    // The first vote is written at once; the five that arrive meanwhile are written together after it.
    const results = await Promise.all([
      vote(ownerRef(3, 0), "approve"),
      vote(ownerRef(1, 0), "approve"),
      vote(ownerRef(1, 0), "approve"),
      vote(ownerRef(2, 0), "object", "Too broad."),
      vote(ownerRef(2, 0), "approve"),
      vote("local:newcomer", "abstain"),
    ]);
    expect(results.map((r) => r.changed)).toEqual([true, true, false, true, true, true]);
    expect(results.map((r) => r.advisory ?? r.countedFor.map((d) => d.slug).join())).toEqual([
      "domain-3",
      "domain-1",
      "domain-1",
      "domain-2",
      "domain-2",
      "not-an-owner",
    ]);
    expect(results.every((r) => r.proposal.status === "open" && r.decided === undefined)).toBe(true);

    const db = database().db;
    const stored = await db
      .select({ ref: votes.voterRef, position: votes.position, reason: votes.reason })
      .from(votes)
      .where(eq(votes.proposalId, proposal.id))
      .orderBy(votes.voterRef);
    expect(stored).toEqual([
      { ref: "local:newcomer", position: "abstain", reason: null },
      { ref: ownerRef(1, 0), position: "approve", reason: null },
      { ref: ownerRef(2, 0), position: "approve", reason: null },
      { ref: ownerRef(3, 0), position: "approve", reason: null },
    ]);
    const audit = await db
      .select({ action: auditEvents.action, actor: auditEvents.actorRef })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, String(proposal.id)), eq(auditEvents.subjectType, "proposal")))
      .orderBy(auditEvents.id);
    expect(audit.filter((a) => a.action.startsWith("vote."))).toEqual([
      { action: "vote.cast", actor: ownerRef(3, 0) },
      { action: "vote.cast", actor: ownerRef(1, 0) },
      { action: "vote.cast", actor: ownerRef(2, 0) },
      { action: "vote.changed", actor: ownerRef(2, 0) },
      { action: "vote.cast", actor: "local:newcomer" },
    ]);
    // The last tally counts every vote of the batch: three of the twenty domains approve.
    expect(results[5]!.tally!.domains.filter((d) => d.position === "approve")).toHaveLength(3);
  });

  it("200 owners voting at once are all stored, and two replicas sweeping the deadline decide it once", async () => {
    const { proposal } = await openProposal(deps, proposer, {
      term: "Customer",
      text: "Anyone who has ever visited the website.",
    });
    const results = await Promise.allSettled(
      everyOwner().map((owner, i) =>
        castVote(i % 2 === 0 ? deps : replica, owner, {
          proposalId: proposal.id,
          // The owning domain objects throughout, so no moment of the race can approve it early.
          ...(i < OWNERS_PER_DOMAIN
            ? { position: "object" as const, reason: "Visitors are not customers." }
            : { position: "approve" as const }),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const db = database().db;
    const [stored] = await db.select({ n: count() }).from(votes).where(eq(votes.proposalId, proposal.id));
    expect(stored!.n).toBe(DOMAINS * OWNERS_PER_DOMAIN);

    clock.advance(72 * HOUR);
    const sweeps = await Promise.all([sweepProposals(deps), sweepProposals(replica), sweepProposals(deps)]);
    expect(sweeps.flatMap((s) => s.decided)).toEqual([{ proposalId: proposal.id, status: "rejected", superseded: [] }]);
    const [decided] = await db
      .select({ n: count() })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.kind, "proposal.decided"), eq(outboxEvents.proposalId, proposal.id)));
    expect(decided!.n).toBe(1);
  });

  it("two proposals on one base approved at the same moment: one approved, one superseded, one new version", async () => {
    const a = await openProposal(deps, proposer, { term: "Customer", text: "Version A: paid in the last year." });
    const b = await openProposal(deps, proposer, { term: "Customer", text: "Version B: paid in the last two years." });
    // Every domain but the last approves both; the last domain's single deciding votes then race.
    for (let d = 0; d < DOMAINS - 1; d++) {
      for (const p of [a, b]) await castVote(deps, { ref: ownerRef(d, 0) }, { proposalId: p.proposal.id, position: "approve" });
    }
    const last = DOMAINS - 1;
    const results = await Promise.allSettled([
      castVote(deps, { ref: ownerRef(last, 0) }, { proposalId: a.proposal.id, position: "approve" }),
      castVote(replica, { ref: ownerRef(last, 1) }, { proposalId: b.proposal.id, position: "approve" }),
    ]);
    const db = database().db;
    const rows = await db.select().from(proposals);
    const statuses = rows.map((r) => r.status).sort();
    expect(statuses).toEqual(["approved", "superseded"]);
    const versions = await db.select().from(definitionVersions);
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const refused = results.filter((r) => r.status === "rejected");
    for (const r of refused) expect(isConcordError(r.reason) && r.reason.code).toBe("closed");
  });
});
