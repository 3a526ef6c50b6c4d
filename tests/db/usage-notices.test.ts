import { eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { readDbtPath } from "../../src/cli/ingest.js";
import { runAction } from "../../src/commands/actions.js";
import { castVote, ingestDbt, lookupTerm, termUsages, viewUsageChange, type CoreDeps, type DbtProject } from "../../src/core/index.js";
import { linkSuggestions, outboxEvents, proposals, usages } from "../../src/db/schema/index.js";
import { readDbtManifest } from "../../src/formats/dbt/index.js";
import { SUPPORT_PROJECT, seedDbtGlossary, supportManifest } from "../fixtures/dbt.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const sven = { ref: MESH_OWNERS.support };
const sally = { ref: MESH_OWNERS.sales };
const DAY = 24 * 60 * 60 * 1000;
const OPTIONS = { metaKey: "datahub.glossary_terms" };
const NEW_TEXT = "A customer with an open support ticket in the last 30 days.";

/*
 * When an ingest changes a linked data product's description so that it now says something else than the agreed
 * definition, one notice per changed usage is queued with the ingest, and its buttons let the owning domain's owners
 * propose the text, record it as their variant, or unlink it.
 */
describeEachDatabase("a data product's changed meaning", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();
  const changed = (): DbtProject => {
    const manifest = supportManifest();
    manifest.nodes["model.support_analytics.customers"].columns.active_customer.description = NEW_TEXT;
    return readDbtManifest(JSON.stringify(manifest), OPTIONS);
  };
  const notices = () => database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "usage.changed"));
  const activeUsage = async () => (await database().db.select().from(usages).where(eq(usages.path, "model.customers.active_customer")))[0]!;

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await seedDbtGlossary(deps);
  });

  it("queues one notice per changed usage that drifts past the threshold, with the ingest, and none for the same manifest again", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    expect(await notices()).toEqual([]);
    clock.advance(DAY);
    const summary = await ingestDbt(deps, sven, { domain: "support", project: changed() });
    const usage = await activeUsage();
    const queued = await notices();
    expect(queued.map((e) => e.payload)).toEqual([{ usageId: usage.id, ingestId: summary.ingestId }]);

    clock.advance(DAY);
    const again = await ingestDbt(deps, sven, { domain: "support", project: changed() });
    expect(again.repeated).toBe(true);
    expect(await notices()).toHaveLength(1);

    const view = await viewUsageChange(deps, usage.id);
    expect(view).toMatchObject({ domain: { slug: "support" }, project: "support_analytics", path: "model.customers.active_customer", description: NEW_TEXT, removed: false });
    expect(view!.sincePrevious.filter((p) => p.kind === "added").map((p) => p.text).join(" ")).toContain("support ticket");
    expect(view!.drift.score).toBeGreaterThanOrEqual(0.5);
    expect(view!.drift.reasons.map((r) => r.text)).toContain("changes the window: 90 → 30 days");
  });

  it("opens a proposal with the product's text when an owner presses Propose; once agreed, the usage's drift falls", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    await ingestDbt(deps, sven, { domain: "support", project: changed() });
    const usage = await activeUsage();
    const found = await lookupTerm(deps, "Active Customer");
    if (found.kind !== "found") throw new Error("no Active Customer");
    const [before] = await termUsages(deps, found.details.term.id, found.details.current);

    // Sales owns the term but not the data product: only Support's owners (or an admin) decide about it.
    expect(await runAction(deps, sally, { concord: "usage-propose", usageId: usage.id })).toMatchObject({ kind: "refused" });
    // An admin may press it too; proposing it themselves, Support's owners' own votes would only be advisory.
    const result = await runAction(deps, admin, { concord: "usage-propose", usageId: usage.id });
    expect(result.kind).toBe("reply");
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal!.text).toBe(NEW_TEXT);
    for (const voter of [sally, sven]) await castVote(deps, voter, { proposalId: proposal!.id, position: "approve" });
    expect((await database().db.select().from(proposals))[0]!.status).toBe("approved");

    const after = await lookupTerm(deps, "Active Customer");
    if (after.kind !== "found") throw new Error("no Active Customer");
    expect(after.details.current.text).toBe(NEW_TEXT);
    const [now] = await termUsages(deps, after.details.term.id, after.details.current);
    expect(now!.drift!.score).toBeLessThan(before!.drift!.score);
  });

  it("records the product's text as the domain's variant, or unlinks it for good", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    await ingestDbt(deps, sven, { domain: "support", project: changed() });
    const usage = await activeUsage();
    const variant = await runAction(deps, sven, { concord: "usage-variant", usageId: usage.id });
    expect(variant).toMatchObject({ kind: "reply", reply: { kind: "variant", recorded: { term: { name: "Active Customer" } } } });

    expect(await runAction(deps, sally, { concord: "usage-unlink", usageId: usage.id })).toMatchObject({ kind: "refused" });
    expect(await runAction(deps, sven, { concord: "usage-unlink", usageId: usage.id })).toMatchObject({ kind: "text" });
    expect((await activeUsage()).removedIngestId).not.toBeNull();
    const [rejected] = await database().db.select().from(linkSuggestions).where(eq(linkSuggestions.path, "model.customers.active_customer"));
    expect(rejected!.status).toBe("rejected");
    // The next ingest neither links it again (though meta still names the term) nor suggests it.
    const manifest = supportManifest();
    manifest.nodes["model.support_analytics.customers"].columns.active_customer.description = "Changed once more, 14 days.";
    const next = await ingestDbt(deps, sven, { domain: "support", project: readDbtManifest(JSON.stringify(manifest), OPTIONS) });
    expect(next.changed).toEqual([]);
    expect((await activeUsage()).removedIngestId).not.toBeNull();
    expect(await runAction(deps, sven, { concord: "usage-propose", usageId: usage.id })).toMatchObject({ kind: "refused" });
  });
});
