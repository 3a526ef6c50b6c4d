import { count, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import {
  DRIFT_MEASURE,
  addDomain,
  castVote,
  changeDomainOwner,
  importTerm,
  openProposal,
  previewDigest,
  recordVariant,
  runScheduledDigest,
  setDomainChannel,
  setGovernanceChannel,
  sweepProposals,
  type CoreDeps,
  type DigestTargets,
} from "../../src/core/index.js";
import { DRIFT_THRESHOLD } from "../../src/core/text/index.js";
import { createStore } from "../../src/db/store.js";
import { digests, driftSnapshots, jobRuns, outboxDeliveries, outboxEvents } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock, seedGeneratedTerms } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const DAY = 24 * 60 * 60 * 1000;
const admin = { ref: ADMIN };
const sally = { ref: "local:sally" };
const sven = { ref: "local:sven" };
const fiona = { ref: "local:fiona" };
const DIGEST_AT = new Date("2026-03-02T09:00:00Z");
const TARGETS: DigestTargets = { destinations: ["slack"], governanceChannels: { slack: "C0GOVERNANCE" } };

describeEachDatabase("weekly digest", (database) => {
  let deps: CoreDeps;
  let clock: ReturnType<typeof createManualClock>;

  /**
   * Two weeks of a data mesh: Customer amended this week (so Finance's variant is now stale), Support's Customer
   * drifting, an alias shared by two terms, a proposal on Revenue that Marketing (no owners) let expire, and a
   * Churn Rate proposal still open, stuck: its proposer is Support's only owner.
   */
  beforeEach(async () => {
    clock = createManualClock(new Date("2026-02-16T09:00:00Z"));
    const base = coreDeps(database(), clock);
    deps = { ...base, store: createStore(database().db, { destinations: ["slack", "teams"] }) };
    for (const [slug, name, owner] of [
      ["sales", "Sales", sally],
      ["support", "Support", sven],
      ["finance", "Finance", fiona],
      ["marketing", "Marketing", undefined],
    ] as const) {
      await addDomain(deps, admin, { slug, name });
      if (owner) await changeDomainOwner(deps, admin, { slug, action: "add", owner: owner.ref });
    }
    await setDomainChannel(deps, admin, { slug: "sales", platform: "slack", channelId: "C0SALES" });
    await setDomainChannel(deps, admin, { slug: "support", platform: "slack", channelId: "C0SUPPORT" });
    await setDomainChannel(deps, admin, { slug: "finance", platform: "teams", channelId: "19:finance@thread.tacv2" });
    await importTerm(deps, admin, {
      name: "Customer",
      text: "A person or company that has paid for at least one order.",
      ownerDomain: "sales",
      consumers: ["support", "finance"],
    });
    await importTerm(deps, admin, { name: "Client", text: "Someone we invoice for services rendered under a signed contract." });
    await importTerm(deps, admin, {
      name: "Account Holder",
      text: "The legal entity named on a billing account.",
      ownerDomain: "finance",
      aliases: ["client"],
    });
    await importTerm(deps, admin, {
      name: "Revenue",
      text: "Income from orders after discounts, before tax.",
      ownerDomain: "sales",
      consumers: ["marketing"],
    });
    await importTerm(deps, admin, {
      name: "Churn Rate",
      text: "Customers lost in a month divided by customers at the start of the month.",
      ownerDomain: "support",
      consumers: ["sales"],
    });
    await recordVariant(deps, sven, {
      term: "Customer",
      domain: "support",
      text: "Anyone who has opened a support ticket, paying or not.",
    });
    await recordVariant(deps, fiona, {
      term: "Customer",
      domain: "finance",
      text: "A person or company that has paid at least one order.",
    });

    clock.advance(DAY);
    await openProposal(deps, sally, { term: "Revenue", text: "Income from orders after discounts and returns, before tax." });
    clock.advance(4 * DAY);
    await sweepProposals(deps);

    clock.set(new Date("2026-02-27T10:00:00Z"));
    const { proposal } = await openProposal(deps, sally, {
      term: "Customer",
      text: "A person or company that has paid for at least one order in the last 24 months.",
    });
    await castVote(deps, sven, { proposalId: proposal.id, position: "approve" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: "local:sid" });
    await castVote(deps, { ref: "local:sid" }, { proposalId: proposal.id, position: "approve" });
    await castVote(deps, fiona, { proposalId: proposal.id, position: "approve" });

    clock.set(new Date("2026-03-01T12:00:00Z"));
    await openProposal(deps, sven, { term: "Churn Rate", text: "Customers lost in a quarter divided by customers at its start." });
    await deps.store.repos.digests.saveSnapshot({
      weekStart: new Date("2026-02-23T00:00:00Z"),
      value: 10,
      variants: 2,
      takenAt: new Date("2026-02-23T09:00:00Z"),
    });
    clock.set(DIGEST_AT);
  });

  it("reports what was agreed, what waits on whom, drift, stale variants, overlaps, gaps and the index", async () => {
    const digest = await previewDigest(deps);

    expect(digest.period).toEqual({ start: new Date("2026-02-23T09:00:00Z"), end: DIGEST_AT });
    expect(digest.totals).toEqual({ terms: 5, domains: 4, variants: 2, openProposals: 1, usages: 0 });
    expect(digest.agreed.items.map((c) => [c.term.name, c.version])).toEqual([["Customer", 2]]);
    // Sven is Support's only owner and proposed it: it cannot pass, so it is stuck rather than waiting.
    expect(digest.waiting.items).toHaveLength(0);
    expect(digest.stuck?.items).toHaveLength(1);
    expect(digest.stuck?.items[0]).toMatchObject({ termName: "Churn Rate", kind: "amend", stuck: true, voiceless: [{ domain: { slug: "support" }, reason: "only-proposer" }] });
    expect(digest.stuck?.items[0]!.undecided.map((d) => d.slug).sort()).toEqual(["sales", "support"]);

    // Support's variant means something else; Finance's, written against version 1, lacks version 2's window. The
    // figure is how surely each changed the meaning, and the one place Finance's differs is plainer evidence than
    // Support's rewrite: both are listed, Finance's first.
    expect(digest.drift.items.map((d) => `${d.domain.slug}:${d.term.slug}`)).toEqual(["finance:customer", "support:customer"]);
    expect(digest.drift.items[1]!.score).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(digest.drift.items[0]!.reasons?.map((r) => r.text)).toEqual(["drops the window: 24 months"]);
    expect(digest.stale.items.map((d) => [d.domain.slug, d.baseVersion, d.currentVersion]).sort()).toEqual([
      ["finance", 1, 2],
      ["support", 1, 2],
    ]);

    expect(digest.overlaps.items).toContainEqual(
      expect.objectContaining({ reason: "alias", a: expect.objectContaining({ name: "Client" }), b: expect.objectContaining({ name: "Account Holder" }) }),
    );
    expect(digest.gaps.unownedTerms.items.map((t) => t.name)).toEqual(["Client"]);
    expect(digest.gaps.ownerlessDomains.items.map((d) => d.slug)).toEqual(["marketing"]);
    expect(digest.gaps.silentDomains.items).toEqual([{ domain: expect.objectContaining({ slug: "marketing" }), missed: 1 }]);

    const scores = [...digest.stale.items].map((d) => d.score);
    const mean = Math.round(((scores[0]! + scores[1]!) / 2) * 1000) / 10;
    expect(digest.index.value).toBe(mean);
    expect(digest.index.previous).toBe(10);
    expect(digest.index.change).toBe(Math.round((mean - 10) * 10) / 10);
    expect(digest.index.history.map((h) => [h.weekStart.toISOString(), h.value])).toEqual([
      ["2026-02-23T00:00:00.000Z", 10],
      ["2026-03-02T00:00:00.000Z", mean],
    ]);
    // A preview stores nothing.
    expect((await database().db.select({ n: count() }).from(digests))[0]!.n).toBe(0);
  });

  it("runs a slot once: one stored digest, this week's snapshot and one outbox delivery per channel", async () => {
    const first = await runScheduledDigest(deps, DIGEST_AT, TARGETS);
    const again = await runScheduledDigest(deps, DIGEST_AT, TARGETS);
    expect(first).toMatchObject({ ran: true, posts: 3 });
    expect(again).toEqual({ ran: false });

    const db = database().db;
    expect(await db.select().from(jobRuns)).toEqual([{ job: "digest", slot: DIGEST_AT, claimedAt: DIGEST_AT }]);
    expect((await db.select({ n: count() }).from(digests))[0]!.n).toBe(1);
    const [snapshot] = await db.select().from(driftSnapshots).where(eq(driftSnapshots.weekStart, new Date("2026-03-02T00:00:00Z")));
    expect(snapshot).toMatchObject({ variants: 2, takenAt: DIGEST_AT });

    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.kind, "digest.post"));
    const posts = events.map((e) => e.payload as { channelId: string; scope: string });
    // Slack only: Finance's home is on Teams, which this run does not deliver to.
    expect(posts.map((p) => `${p.scope}:${p.channelId}`).sort()).toEqual([
      "domain:C0SALES",
      "domain:C0SUPPORT",
      "governance:C0GOVERNANCE",
    ]);
    const deliveries = await db.select().from(outboxDeliveries);
    const digestDeliveries = deliveries.filter((d) => events.some((e) => e.id === d.eventId));
    expect(digestDeliveries.map((d) => d.destination)).toEqual(["slack", "slack", "slack"]);

    // The stored digest reads back as built, dates and all.
    const stored = await deps.store.repos.digests.latest();
    expect(stored?.digest).toEqual(first.ran ? first.digest : undefined);
  });

  it("sends the whole digest to the Teams governance channel an admin chose, and the short one to other Teams homes", async () => {
    await setGovernanceChannel(deps, admin, { platform: "teams", channelId: "19:governance@thread.tacv2" });
    await runScheduledDigest(deps, DIGEST_AT, { ...TARGETS, destinations: ["slack", "teams"] });
    const events = await database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "digest.post"));
    expect(events.map((e) => e.payload as { channelId: string; scope: string }).map((p) => `${p.scope}:${p.channelId}`).sort()).toEqual([
      "domain:19:finance@thread.tacv2",
      "domain:C0SALES",
      "domain:C0SUPPORT",
      "governance:19:governance@thread.tacv2",
      "governance:C0GOVERNANCE",
    ]);
  });

  it("a later slot builds a new digest whose index compares with the stored week", async () => {
    await runScheduledDigest(deps, DIGEST_AT, TARGETS);
    clock.set(new Date("2026-03-09T09:00:00Z"));
    await recordVariant(deps, fiona, {
      term: "Customer",
      domain: "finance",
      text: "A person or company that paid for at least one order within the last 24 months.",
    });
    const next = await runScheduledDigest(deps, clock.now(), TARGETS);
    if (!next.ran) throw new Error("the second slot should run");
    const history = next.digest.index.history.map((h) => h.weekStart.toISOString());
    expect(history).toEqual(["2026-02-23T00:00:00.000Z", "2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"]);
    expect(next.digest.index.change).toBeLessThan(0);
    expect(next.digest.stale.items.map((d) => d.domain.slug)).toEqual(["support"]);
    expect(next.digest.agreed.total).toBe(0);
  });

  it("does not compare this week's index with a week stored before the drift measure changed, and says why", async () => {
    // A digest stored last week by a version that measured shared words: no driftMeasure in it.
    const { driftMeasure: _measure, ...older } = await previewDigest(deps);
    await deps.store.repos.digests.save(DIGEST_AT, older);
    await deps.store.repos.digests.saveSnapshot({ weekStart: new Date("2026-03-02T00:00:00Z"), value: 12.5, variants: 2, takenAt: DIGEST_AT });
    clock.set(new Date("2026-03-09T09:00:00Z"));
    const next = await runScheduledDigest(deps, clock.now(), TARGETS);
    if (!next.ran) throw new Error("the slot should run");
    expect(next.digest.driftMeasure).toBe(DRIFT_MEASURE);
    expect(next.digest.index.previous).toBe(12.5);
    expect(next.digest.index.change).toBeNull();
    expect(next.digest.index.note).toMatch(/measure changed/);
    // The week after compares again: the stored digest it follows was measured the same way.
    clock.set(new Date("2026-03-16T09:00:00Z"));
    const after = await runScheduledDigest(deps, clock.now(), TARGETS);
    if (!after.ran) throw new Error("the slot should run");
    expect(after.digest.index.change).toBe(0);
    expect(after.digest.index.note).toBeUndefined();
  });

  it("says when the week before was measured before the figure was calibrated", async () => {
    const stored = await previewDigest(deps);
    await deps.store.repos.digests.save(DIGEST_AT, { ...stored, driftMeasure: "what-changed-1" });
    await deps.store.repos.digests.saveSnapshot({ weekStart: new Date("2026-03-02T00:00:00Z"), value: 12.5, variants: 2, takenAt: DIGEST_AT });
    clock.set(new Date("2026-03-09T09:00:00Z"));
    const next = await runScheduledDigest(deps, clock.now(), TARGETS);
    if (!next.ran) throw new Error("the slot should run");
    expect(next.digest.index.change).toBeNull();
    expect(next.digest.index.note).toMatch(/how likely the variant is to mean something else/);
  });

  it("says when the week before was measured before the measure read formulas and bounds", async () => {
    const stored = await previewDigest(deps);
    await deps.store.repos.digests.save(DIGEST_AT, { ...stored, driftMeasure: "what-changed-2" });
    await deps.store.repos.digests.saveSnapshot({ weekStart: new Date("2026-03-02T00:00:00Z"), value: 12.5, variants: 2, takenAt: DIGEST_AT });
    clock.set(new Date("2026-03-09T09:00:00Z"));
    const next = await runScheduledDigest(deps, clock.now(), TARGETS);
    if (!next.ran) throw new Error("the slot should run");
    expect(next.digest.index.change).toBeNull();
    expect(next.digest.index.note).toMatch(/reads formulas, bounds and periods/);
  });

  it("reads a glossary of several pages whole: every active term once, in order, with its own aliases", async () => {
    const before = await deps.store.repos.digests.corpus();
    await seedGeneratedTerms(database().db, 1_100, clock.now());
    // Pages of 250: the last one short, and the story's own terms (with aliases of their own) in the first.
    const corpus = await deps.store.repos.digests.corpus({ pageSize: 250 });
    expect(corpus).toEqual(expect.arrayContaining(before));
    expect(corpus).toHaveLength(before.length + 1_100);
    const ids = corpus.map((entry) => entry.term.id);
    expect(ids.every((id, k) => k === 0 || id > ids[k - 1]!)).toBe(true);
    for (const entry of corpus.slice(before.length)) {
      expect(entry.aliases).toEqual([`${entry.term.slug}-kpi`]);
      expect(entry.definition).toBe(`The ${entry.term.name.toLowerCase()} as reported in the monthly operations review.`);
    }
  });
});
