import { and, count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  castVote,
  changeDomainOwner,
  createDispatcher,
  importTerm,
  openProposal,
  pendingProposals,
  proposeDeprecation,
  sweepProposals,
  termHistory,
  viewProposal,
  withdrawProposal,
  withdrawVote,
  type CoreDeps,
  type Notifier,
  type OutboxEvent,
} from "../../src/core/index.js";
import type { Database } from "../../src/db/database.js";
import {
  auditEvents,
  definitionVersions,
  outboxDeliveries,
  outboxEvents,
  proposals,
  terms,
  votes,
} from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const HOUR = 60 * 60 * 1000;
const admin = { ref: ADMIN };
const sales = { ref: "local:sally" };
const support = { ref: "local:sven" };
const finance = { ref: "local:fiona" };
const outsider = { ref: "local:olga" };

async function countRows(db: Database, table: typeof outboxEvents | typeof definitionVersions | typeof votes, where?: ReturnType<typeof eq>) {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row!.n;
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

describeEachDatabase("consensus", (database) => {
  let deps: CoreDeps;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock();
    deps = coreDeps(database(), clock);
    await seedCustomerMesh(deps);
  });

  it("amends a term once every affected domain approves: new version, closed proposal, audit and one decided event", async () => {
    const { proposal, affected } = await openProposal(deps, sales, {
      term: "customers",
      text: "A person or company that has paid for at least one order in the last 24 months.",
      rationale: "Dormant accounts inflate the customer count.",
    });
    expect(proposal).toMatchObject({ kind: "amend", baseVersion: 1, policy: "unanimous", status: "open" });
    expect(affected.map((d) => d.slug).sort()).toEqual(["finance", "sales", "support"]);
    expect(proposal.deadline.getTime() - clock.now().getTime()).toBe(72 * HOUR);

    const own = await castVote(deps, sales, { proposalId: proposal.id, position: "approve" });
    expect(own.advisory).toBe("own-proposal");
    expect(own.countedFor).toEqual([]);

    const first = await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
    expect(first.countedFor.map((d) => d.slug)).toEqual(["support"]);
    expect(first.decided).toBeUndefined();
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
    await castVote(deps, { ref: "local:sid" }, { proposalId: proposal.id, position: "approve" });
    const last = await castVote(deps, finance, { proposalId: proposal.id, position: "approve", comment: "Matches our books." });
    expect(last.decided).toEqual({ proposalId: proposal.id, status: "approved", resultVersion: 2, superseded: [] });
    expect(last.proposal.status).toBe("approved");

    const db = database().db;
    const [term] = await db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(term!.currentVersion).toBe(2);
    const history = await termHistory(deps, "Customer");
    expect(history.entries[0]!.version).toMatchObject({ version: 2, proposalId: proposal.id, text: expect.stringContaining("24 months") });
    expect(history.entries[0]!.version.proposedBy?.refs).toEqual([sales.ref]);
    expect(await countRows(db, outboxEvents, eq(outboxEvents.kind, "proposal.decided"))).toBe(1);
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectType, "proposal"));
    expect(audit.map((a) => a.action)).toEqual([
      "proposal.opened",
      "vote.cast",
      "vote.cast",
      "vote.cast",
      "vote.cast",
      "proposal.approved",
    ]);
    await expect(castVote(deps, support, { proposalId: proposal.id, position: "object", reason: "late" })).rejects.toMatchObject({
      code: "closed",
    });
  });

  it("records a non-owner's vote as advisory and never counts it", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    const result = await castVote(deps, outsider, { proposalId: proposal.id, position: "object", reason: "Too broad" });
    expect(result.advisory).toBe("not-an-owner");
    expect(result.tally!.advisory).toHaveLength(1);
    expect(result.tally!.domains.every((d) => d.position === "none")).toBe(true);
  });

  it("needs a reason to object, and writes nothing without one", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    await expect(castVote(deps, support, { proposalId: proposal.id, position: "object", reason: "  " })).rejects.toMatchObject({
      code: "invalid-input",
    });
    expect(await countRows(database().db, votes)).toBe(0);
  });

  it("treats the same vote twice as one, and a changed vote as a change", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    const db = database().db;
    const before = await countRows(db, outboxEvents);
    const first = await castVote(deps, support, { proposalId: proposal.id, position: "abstain" });
    const again = await castVote(deps, support, { proposalId: proposal.id, position: "abstain" });
    expect([first.changed, again.changed]).toEqual([true, false]);
    expect(await countRows(db, outboxEvents)).toBe(before + 1);
    const changed = await castVote(deps, support, { proposalId: proposal.id, position: "object", reason: "Support counts trials." });
    expect(changed.changed).toBe(true);
    expect(changed.tally!.domains.find((d) => d.counted.length > 0)?.position).toBe("object");
    const stored = await db.select().from(votes);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ position: "object", reason: "Support counts trials." });
  });

  it("lets an objection be withdrawn, after which the others' approval carries it", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    await castVote(deps, support, { proposalId: proposal.id, position: "object", reason: "Too broad" });
    await castVote(deps, finance, { proposalId: proposal.id, position: "approve" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
    const blocked = await castVote(deps, { ref: "local:sid" }, { proposalId: proposal.id, position: "approve" });
    expect(blocked.decided).toBeUndefined();
    const withdrawn = await withdrawVote(deps, support, proposal.id);
    expect(withdrawn.decided).toBeUndefined();
    const approved = await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
    expect(approved.decided?.status).toBe("approved");
  });

  it("supersedes competing proposals on the same base version when one is approved", async () => {
    deps = coreDeps(database(), clock, { allowSelfApproval: true });
    const a = await openProposal(deps, sales, { term: "Customer", text: "Version A of the customer." });
    const b = await openProposal(deps, support, { term: "Customer", text: "Version B of the customer." });
    for (const voter of [sales, support, finance]) await castVote(deps, voter, { proposalId: a.proposal.id, position: "approve" });
    const db = database().db;
    const [rival] = await db.select().from(proposals).where(eq(proposals.id, b.proposal.id));
    expect(rival).toMatchObject({ status: "superseded", supersededBy: a.proposal.id });
    expect(await countRows(db, outboxEvents, and(eq(outboxEvents.kind, "proposal.superseded"), eq(outboxEvents.proposalId, b.proposal.id)))).toBe(1);
    await expect(castVote(deps, sales, { proposalId: b.proposal.id, position: "approve" })).rejects.toMatchObject({ code: "closed" });
  });

  it("creates a new term owned by the named domain, warning of near-duplicates first", async () => {
    deps = coreDeps(database(), clock, { allowSelfApproval: true });
    const opened = await openProposal(deps, support, {
      term: "Customers Active",
      domain: "support",
      text: "A person or company that has paid for at least one order and logged in this month.",
      consumers: ["finance"],
    });
    expect(opened.proposal.kind).toBe("create");
    expect(opened.nearDuplicates.map((d) => d.term.name)).toContain("Customer");
    for (const voter of [support, finance]) {
      await castVote(deps, voter, { proposalId: opened.proposal.id, position: "approve" });
    }
    const [created] = await database().db.select().from(terms).where(eq(terms.slug, "customer-active"));
    expect(created).toMatchObject({ name: "Customers Active", currentVersion: 1 });
  });

  it("asks which domain a new term is for when the proposer owns none", async () => {
    await expect(openProposal(deps, outsider, { term: "Lead", text: "A prospect." })).rejects.toMatchObject({ code: "needs-domain" });
    expect(await countRows(database().db, outboxEvents)).toBe(0);
  });

  it("deprecates a term on approval", async () => {
    const { proposal } = await proposeDeprecation(deps, sales, { term: "Customer", rationale: "Split into Buyer and Account." });
    for (const voter of [support, finance]) await castVote(deps, voter, { proposalId: proposal.id, position: "approve" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
    const result = await castVote(deps, { ref: "local:sid" }, { proposalId: proposal.id, position: "approve" });
    expect(result.decided?.status).toBe("approved");
    const [term] = await database().db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(term).toMatchObject({ status: "deprecated", currentVersion: 1 });
  });

  it("lets only the proposer withdraw a proposal", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    await expect(withdrawProposal(deps, support, proposal.id)).rejects.toMatchObject({ code: "forbidden" });
    const withdrawn = await withdrawProposal(deps, sales, proposal.id);
    expect(withdrawn.status).toBe("withdrawn");
  });

  it("shows a proposal as its message would: diff against the base, each domain's position, counted and advisory votes", async () => {
    const { proposal } = await openProposal(deps, sales, {
      term: "Customer",
      text: "A person or company that has paid for at least one order this year.",
      rationale: "Align with the fiscal year.",
    });
    await castVote(deps, support, { proposalId: proposal.id, position: "object", reason: "Support serves trial users too." });
    await castVote(deps, outsider, { proposalId: proposal.id, position: "approve" });
    const view = await viewProposal(deps, proposal.id);
    expect(view.base?.version).toBe(1);
    expect(view.diff).toEqual(expect.arrayContaining([{ kind: "added", text: expect.stringContaining("this year") }]));
    expect(view.domains.map((d) => [d.slug, d.owning, d.tally.position])).toEqual([
      ["sales", true, "none"],
      ["finance", false, "none"],
      ["support", false, "object"],
    ]);
    expect(view.votes.map((v) => [v.member.refs[0], v.position, v.counted])).toEqual([
      [support.ref, "object", true],
      [outsider.ref, "approve", false],
    ]);
    await expect(viewProposal(deps, 9999)).rejects.toMatchObject({ code: "not-found" });
  });

  it("lists what waits on the caller's domains, nearest deadline first", async () => {
    const first = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    clock.advance(HOUR);
    await importTerm(deps, admin, { name: "Refund", text: "Money returned to a customer.", ownerDomain: "finance", consumers: ["support"] });
    const second = await openProposal(deps, sales, { term: "Refund", text: "Money returned to a customer, net of fees." });
    await castVote(deps, finance, { proposalId: second.proposal.id, position: "approve" });
    const pending = await pendingProposals(deps, finance);
    expect(pending.map((p) => [p.proposal.id, p.voted, p.yourDomains.map((d) => d.position)])).toEqual([
      [first.proposal.id, false, ["none"]],
      [second.proposal.id, true, ["approve"]],
    ]);
    expect(await pendingProposals(deps, outsider)).toEqual([]);
    expect((await pendingProposals(deps, support)).map((p) => p.proposal.id)).toEqual([first.proposal.id, second.proposal.id]);
  });

  it("takes a decision the stored votes make when the process stopped before settling the last vote", async () => {
    const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
    await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
    await castVote(deps, { ref: "local:sid" }, { proposalId: proposal.id, position: "approve" });
    // The last vote is stored (its first transaction), and the process stops before its settlement runs.
    await deps.store.transaction(async (repos) => {
      const member = await repos.members.findByRef(finance.ref);
      await repos.proposals.writeVotes(
        proposal.id,
        [{ memberId: member!.id, voterRef: finance.ref, position: "approve", reason: null, comment: null }],
        clock.now(),
      );
    });
    expect((await viewProposal(deps, proposal.id)).proposal.status).toBe("open");

    clock.advance(60_000);
    const { decided } = await sweepProposals(deps);
    expect(decided).toEqual([{ proposalId: proposal.id, status: "approved", resultVersion: 2, superseded: [] }]);
    expect(await sweepProposals(deps)).toEqual({ decided: [], reminded: [] });
    expect(await countRows(database().db, outboxEvents, eq(outboxEvents.kind, "proposal.decided"))).toBe(1);
  });

  describe("deadlines, moved by the clock", () => {
    it("reminds owners without a vote once, 24 hours before the deadline", async () => {
      const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
      await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
      clock.advance(47 * HOUR);
      expect((await sweepProposals(deps)).reminded).toEqual([]);
      clock.advance(1 * HOUR);
      const { reminded } = await sweepProposals(deps);
      expect(reminded).toEqual([{ proposalId: proposal.id, memberRefs: [sales.ref, finance.ref] }]);
      clock.advance(1 * HOUR);
      expect((await sweepProposals(deps)).reminded).toEqual([]);
      expect(await countRows(database().db, outboxEvents, eq(outboxEvents.kind, "proposal.reminder"))).toBe(1);
    });

    it("approves a lazy proposal with no objection at the deadline", async () => {
      deps = coreDeps(database(), clock, { defaultPolicy: "lazy" });
      const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
      await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
      clock.advance(72 * HOUR - 1);
      expect((await sweepProposals(deps)).decided).toEqual([]);
      clock.advance(1);
      const { decided } = await sweepProposals(deps);
      expect(decided).toEqual([{ proposalId: proposal.id, status: "approved", resultVersion: 2, superseded: [] }]);
      expect((await sweepProposals(deps)).decided).toEqual([]);
    });

    it("rejects when an objection stands at the deadline, and expires with no decision", async () => {
      const objected = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
      await castVote(deps, support, { proposalId: objected.proposal.id, position: "object", reason: "Too broad" });
      const silent = await openProposal(deps, support, { term: "Customer", text: "Anyone who ever bought." });
      await expect(castVote(deps, finance, { proposalId: objected.proposal.id, position: "approve" })).resolves.toBeDefined();
      clock.advance(72 * HOUR);
      await expect(castVote(deps, finance, { proposalId: silent.proposal.id, position: "approve" })).rejects.toMatchObject({
        code: "closed",
      });
      const { decided } = await sweepProposals(deps);
      expect(decided.map((d) => [d.proposalId, d.status])).toEqual([
        [objected.proposal.id, "rejected"],
        [silent.proposal.id, "expired"],
      ]);
      expect(await countRows(database().db, definitionVersions)).toBe(1);
    });
  });

  describe("the outbox", () => {
    function recordingNotifier(fail: (event: OutboxEvent) => boolean = () => false): Notifier & { seen: OutboxEvent[] } {
      const seen: OutboxEvent[] = [];
      return {
        destination: "test",
        seen,
        async deliver(event) {
          if (fail(event)) throw new Error("chat API unavailable");
          seen.push(event);
        },
      };
    }

    it("delivers each event once, retries a failure with backoff, and never repeats a delivered one", async () => {
      const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
      await castVote(deps, support, { proposalId: proposal.id, position: "approve" });
      let failing = true;
      const notifier = recordingNotifier((e) => failing && e.kind === "proposal.tally");
      const dispatcher = createDispatcher({ queue: deps.store.outboxQueue, notifiers: [notifier], clock, logger: silentLogger });
      expect(await dispatcher.dispatchOnce()).toEqual({ delivered: 1, failed: 1, gaveUp: 0, skipped: 0, absorbed: 0, more: false, retryInMs: 5_000 });
      failing = false;
      expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 0, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0 });
      clock.advance(5_000);
      expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 1, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0 });
      clock.advance(60 * 60_000);
      expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 0, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0 });
      expect(notifier.seen.map((e) => e.kind)).toEqual(["proposal.opened", "proposal.tally"]);
    });

    it("delivers the announcement exactly once after a crash between the decision and its delivery", async () => {
      const { proposal } = await openProposal(deps, sales, { term: "Customer", text: "Anyone with an account." });
      const drain = createDispatcher({ queue: deps.store.outboxQueue, notifiers: [recordingNotifier()], clock, logger: silentLogger });
      await drain.dispatchOnce();
      await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
      for (const voter of [support, finance, { ref: "local:sid" }]) {
        await castVote(deps, voter, { proposalId: proposal.id, position: "approve" });
      }
      // The first process claims the delivery and dies before it is marked: its lease stays behind.
      const claimed = await deps.store.outboxQueue.claim("test", clock.now(), 10, 60_000);
      // A tally for the new owner (the message shows who can vote now), one for the first vote, then the decision.
      expect(claimed.map((c) => c.event.kind)).toEqual(["proposal.tally", "proposal.tally", "proposal.tally", "proposal.decided"]);

      const restarted = recordingNotifier();
      const dispatcher = createDispatcher({ queue: deps.store.outboxQueue, notifiers: [restarted], clock, logger: silentLogger });
      expect((await dispatcher.dispatchOnce()).delivered).toBe(0);
      clock.advance(60_000);
      // The tally updates read the same state: the last one is delivered for all three.
      expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 2, absorbed: 2 });
      expect(restarted.seen.map((e) => e.kind)).toEqual(["proposal.tally", "proposal.decided"]);
      expect(await dispatcher.dispatchOnce()).toMatchObject({ delivered: 0, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0 });
      expect(restarted.seen.filter((e) => e.kind === "proposal.decided")).toEqual([
        { kind: "proposal.decided", proposalId: proposal.id, payload: { status: "approved", termId: expect.any(Number), version: 2 }, eventId: expect.any(Number) },
      ]);
      // The dead process's late acknowledgement no longer counts.
      expect(await deps.store.outboxQueue.markDelivered(claimed[0]!, clock.now())).toBe(false);
      const rows = await database().db.select().from(outboxDeliveries);
      expect(rows.every((r) => r.status === "delivered")).toBe(true);
    });
  });
});
