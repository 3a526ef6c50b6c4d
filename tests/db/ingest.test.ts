import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { readDbtPath } from "../../src/cli/ingest.js";
import { ingestDbt, isConcordError, lookupTerm, termUsages, type CoreDeps, type DbtProject } from "../../src/core/index.js";
import { rowsOf } from "../../src/db/rows.js";
import { auditEvents, ingests, linkSuggestions, terms, usages } from "../../src/db/schema/index.js";
import { readDbtManifest } from "../../src/formats/dbt/index.js";
import { DBT_FIXTURES, SUPPORT_PROJECT, seedDbtGlossary, supportManifest } from "../fixtures/dbt.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const sven = { ref: MESH_OWNERS.support };
const sally = { ref: MESH_OWNERS.sales };
const DAY = 24 * 60 * 60 * 1000;
const OPTIONS = { metaKey: "datahub.glossary_terms" };

/** How many rows each table of Concord's schema holds. */
async function rowCounts(database: TestDatabase): Promise<Record<string, number>> {
  const names = rowsOf<{ tablename: string }>(
    await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  ).map((r) => r.tablename);
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = Number(rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from "${name}"`)))[0]!.n);
  }
  return counts;
}

describeEachDatabase("ingesting a domain's dbt project", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();
  const support = () => readDbtPath(SUPPORT_PROJECT, OPTIONS);
  const changedManifest = (change: (manifest: any) => void): DbtProject => {
    const manifest = supportManifest();
    change(manifest);
    return readDbtManifest(JSON.stringify(manifest), OPTIONS);
  };
  const usageRows = async () =>
    (await database().db.select().from(usages)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.termId - b.termId));
  const slugOf = async (id: number) => (await database().db.select({ slug: terms.slug }).from(terms).where(eq(terms.id, id)))[0]!.slug;

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await seedDbtGlossary(deps);
  });

  it("stores each explicitly linked item as a usage, measured with the variants' drift figure, and reports the rest", async () => {
    const summary = await ingestDbt(deps, sven, { domain: "support", project: await support() });
    expect(summary).toMatchObject({ dryRun: false, repeated: false, project: "support_analytics", source: "manifest" });
    expect(summary.counts).toEqual({ items: 18, usages: 7, new: 7, changed: 0, drifting: 0, removed: 0, suggestions: 3, problems: 1 });
    expect(summary.problems).toEqual([
      { where: "model.tickets.lifetime_value", message: "meta.glossary names “Lifetime Value”, which is not a term in the glossary (by name or alias); it is not linked" },
    ]);
    const rows = await usageRows();
    const described = await Promise.all(rows.map(async (r) => `${r.kind} ${r.path} → ${await slugOf(r.termId)} (${r.linkSource})`));
    // Not linked: the column naming an unknown term, and the dbt_utils package's model (not Support's).
    expect(described).toEqual([
      "metric metric.churn_rate → churn-rate (explicit)",
      "model model.customers → customer (explicit)",
      "column model.customers.active_customer → active-customer (explicit)",
      "column model.tickets.customer → customer (explicit)",
      "column seed.country_codes.country → country (explicit)",
      "semantic semantic_model.customers.entity.customer → customer (explicit)",
      "model snapshot.customers_snapshot → customer (explicit)",
    ]);
    expect(rows.every((r) => r.domainId !== null && r.project === "support_analytics" && r.previousDescription === null)).toBe(true);

    // Support's "active customer" says 30 days where the agreed term says 90: the window reason, as for a variant.
    const activeCustomer = await lookupTerm(deps, "Active Customer");
    if (activeCustomer.kind !== "found") throw new Error("no Active Customer");
    const [active] = await termUsages(deps, activeCustomer.details.term.id, activeCustomer.details.current);
    expect(active).toMatchObject({ domain: { slug: "support" }, project: "support_analytics", path: "model.customers.active_customer", kind: "column" });
    expect(active!.drift!.reasons.map((r) => r.text)).toContain("changes the window: 90 → 30 days");
    expect(active!.drift!.score).toBeGreaterThanOrEqual(0.5);
    const stored = rows.find((r) => r.path === "model.customers.active_customer")!;
    expect(stored.driftScore).toBe(active!.drift!.score);

    // The churn metric is a ratio where the term says a percentage.
    const churn = await lookupTerm(deps, "Churn Rate");
    if (churn.kind !== "found") throw new Error("no Churn Rate");
    const [metric] = await termUsages(deps, churn.details.term.id, churn.details.current);
    expect(metric).toMatchObject({ path: "metric.churn_rate", kind: "metric" });
    expect(metric!.drift!.reasons.map((r) => r.text)).toContain("changes the scale: a percentage → a ratio");

    // Suggestions by name are stored with a confidence, and are not usages.
    const suggestions = await database().db.select().from(linkSuggestions).orderBy(asc(linkSuggestions.path));
    expect(await Promise.all(suggestions.map(async (s) => `${s.path} → ${await slugOf(s.termId)} ${s.confidence} ${s.status}`))).toEqual([
      "model.customers.account_holder → customer 0.85 open",
      "model.customers.customer_id → customer 0.7 open",
      "semantic_model.customers → customer 0.9 open",
    ]);

    const [ingest] = await database().db.select().from(ingests);
    expect(ingest).toMatchObject({ project: "support_analytics", source: "manifest", dbtVersion: "1.9.4", actorRef: sven.ref, counts: summary.counts });
    expect(ingest!.generatedAt?.toISOString()).toBe("2026-03-01T06:00:00.000Z");
    expect(ingest!.fileHash).toMatch(/^[0-9a-f]{64}$/);
    const events = await database().db.select().from(auditEvents).where(eq(auditEvents.action, "dbt.ingested"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorRef: sven.ref, subjectType: "domain", subjectId: "support" });
  });

  it("writes no new row when the same manifest comes twice, only when it was received again", async () => {
    const first = await ingestDbt(deps, sven, { domain: "support", project: await support() });
    const before = await rowCounts(database());
    const usagesBefore = await usageRows();
    clock.advance(DAY);
    // dbt regenerates the manifest with a new generated_at: nothing Concord reads changed.
    const again = await ingestDbt(deps, sven, {
      domain: "support",
      project: changedManifest((m) => (m.metadata.generated_at = "2026-03-02T06:00:00Z")),
    });
    expect(again).toMatchObject({ repeated: true, ingestId: first.ingestId, changed: [] });
    expect(again.counts).toMatchObject({ new: 0, changed: 0, suggestions: 0 });
    expect(await rowCounts(database())).toEqual(before);
    expect(await usageRows()).toEqual(usagesBefore);
    const [ingest] = await database().db.select().from(ingests);
    expect(ingest!.lastReceivedAt.getTime()).toBe(clock.now().getTime());
  });

  it("keeps a changed text's previous value, marks what is gone, and counts a change that now drifts past the threshold", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await support() });
    clock.advance(DAY);
    const next = changedManifest((m) => {
      const columns = m.nodes["model.support_analytics.customers"].columns;
      columns.active_customer.description = "A customer with an open support ticket in the last 30 days.";
      delete m.nodes["seed.support_analytics.country_codes"];
    });
    const summary = await ingestDbt(deps, sven, { domain: "support", project: next });
    expect(summary.counts).toMatchObject({ usages: 6, new: 0, changed: 1, drifting: 1, removed: 1 });
    expect(summary.changed).toEqual([
      expect.objectContaining({
        path: "model.customers.active_customer",
        previous: "A customer with an order in the last 30 days.",
        description: "A customer with an open support ticket in the last 30 days.",
        pastThreshold: true,
      }),
    ]);
    const rows = await usageRows();
    expect(rows).toHaveLength(7);
    const active = rows.find((r) => r.path === "model.customers.active_customer")!;
    expect(active).toMatchObject({ previousDescription: "A customer with an order in the last 30 days.", changedIngestId: summary.ingestId, lastIngestId: summary.ingestId });
    expect(rows.find((r) => r.path === "seed.country_codes.country")!.removedIngestId).toBe(summary.ingestId);
    expect(rows.find((r) => r.path === "model.customers")).toMatchObject({ changedIngestId: 1, lastIngestId: summary.ingestId, previousDescription: null });
    expect(await database().db.select().from(ingests)).toHaveLength(2);
    expect(await database().db.select().from(auditEvents).where(eq(auditEvents.action, "dbt.ingested"))).toHaveLength(2);
  });

  it("tells an unchanged text from a changed one whatever its letters, and keeps a text's previous value through later ingests", async () => {
    const accented = "Un client qui a passé une commande payée — 顧客, Kundin — au cours des 30 derniers jours.";
    const withAccents = (m: any) => (m.nodes["model.support_analytics.customers"].columns.active_customer.description = accented);
    await ingestDbt(deps, sven, { domain: "support", project: changedManifest(withAccents) });
    clock.advance(DAY);
    // Another item changes; the accented text is read again as it was.
    const second = await ingestDbt(deps, sven, {
      domain: "support",
      project: changedManifest((m) => {
        withAccents(m);
        m.nodes["model.support_analytics.customers"].description = "Every customer Support has heard from.";
      }),
    });
    expect(second.counts).toMatchObject({ new: 0, changed: 1 });
    expect(second.changed.map((c) => c.path)).toEqual(["model.customers"]);
    clock.advance(DAY);
    // A third ingest that changes nothing of the model keeps its previous text as the second one stored it.
    const third = await ingestDbt(deps, sven, { domain: "support", project: changedManifest((m) => m.nodes["model.support_analytics.customers"].description = "Every customer Support has heard from.") });
    expect(third.changed.map((c) => c.path)).toEqual(["model.customers.active_customer"]);
    expect(third.changed[0]!.previous).toBe(accented);
    const rows = await usageRows();
    const model = rows.find((r) => r.path === "model.customers")!;
    expect(model).toMatchObject({ description: "Every customer Support has heard from.", changedIngestId: second.ingestId, lastIngestId: third.ingestId });
    expect(model.previousDescription).not.toBeNull();
    expect(rows.find((r) => r.path === "model.customers.active_customer")).toMatchObject({ previousDescription: accented, changedIngestId: third.ingestId });
  });

  it("tells in a term's details whether a data product uses it, so a lookup reads usages only for those that have some", async () => {
    const linked = async (name: string) => {
      const found = await lookupTerm(deps, name);
      if (found.kind !== "found") throw new Error(`${name} not found`);
      return found.details.linked;
    };
    expect(await linked("Country")).toBe(false);
    await ingestDbt(deps, sven, { domain: "support", project: await support() });
    expect(await linked("Country")).toBe(true);
    clock.advance(DAY);
    await ingestDbt(deps, sven, { domain: "support", project: changedManifest((m) => delete m.nodes["seed.support_analytics.country_codes"]) });
    // Its only usage is gone from the project: the term is in no product again.
    expect(await linked("Country")).toBe(false);
  });

  it("never offers a rejected suggestion again, and counts an accepted one as a usage", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await support() });
    await database().db.update(linkSuggestions).set({ status: "rejected" }).where(eq(linkSuggestions.path, "model.customers.customer_id"));
    await database().db.update(linkSuggestions).set({ status: "accepted" }).where(eq(linkSuggestions.path, "model.customers.account_holder"));
    clock.advance(DAY);
    const summary = await ingestDbt(deps, sven, {
      domain: "support",
      project: changedManifest((m) => (m.nodes["model.support_analytics.tickets"].description = "One row per ticket.")),
    });
    expect(summary.counts).toMatchObject({ suggestions: 0, usages: 8, new: 1 });
    const statuses = await database().db.select({ path: linkSuggestions.path, status: linkSuggestions.status }).from(linkSuggestions).orderBy(asc(linkSuggestions.path));
    expect(statuses).toEqual([
      { path: "model.customers.account_holder", status: "accepted" },
      { path: "model.customers.customer_id", status: "rejected" },
      { path: "semantic_model.customers", status: "open" },
    ]);
    const accepted = (await usageRows()).find((r) => r.path === "model.customers.account_holder");
    expect(accepted).toMatchObject({ linkSource: "accepted", description: "Whoever holds the account the ticket was opened from." });
  });

  it("writes nothing on a dry run, and tells what it would do", async () => {
    const before = await rowCounts(database());
    const summary = await ingestDbt(deps, sven, { domain: "support", project: await support(), dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, ingestId: null });
    expect(summary.counts).toMatchObject({ usages: 7, new: 7, suggestions: 3 });
    expect(await rowCounts(database())).toEqual(before);
  });

  it("lets only an admin or the domain's owners ingest its project", async () => {
    let refused: unknown;
    try {
      await ingestDbt(deps, sally, { domain: "support", project: await support() });
    } catch (error) {
      refused = error;
    }
    expect(isConcordError(refused) && refused.code).toBe("forbidden");
    expect(await database().db.select().from(ingests)).toEqual([]);
    expect((await ingestDbt(deps, admin, { domain: "support", project: await support() })).counts.usages).toBe(7);
  });

  it("measures usages against the agreed definition as it is now: an agreed change that matches the product lowers the drift", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await support() });
    const found = await lookupTerm(deps, "Active Customer");
    if (found.kind !== "found") throw new Error("no Active Customer");
    const [before] = await termUsages(deps, found.details.term.id, found.details.current);
    await deps.store.transaction(async (repos) => {
      await repos.terms.addVersion(found.details.term.id, 2, { text: "A customer with an order in the last 30 days.", example: null, formula: null, proposedBy: null, proposalId: null }, clock.now());
    });
    const after = await lookupTerm(deps, "Active Customer");
    if (after.kind !== "found") throw new Error("no Active Customer");
    const [now] = await termUsages(deps, after.details.term.id, after.details.current);
    expect(now!.drift!.score).toBeLessThan(before!.drift!.score);
    expect(now!.drift!.reasons).toEqual([]);
  });

  it("reads a MetricFlow project in either spec", async () => {
    const legacy = await ingestDbt(deps, admin, { domain: "finance", project: await readDbtPath(`${DBT_FIXTURES}metricflow-legacy`, OPTIONS) });
    expect(legacy).toMatchObject({ project: "finance_metrics", source: "metricflow", generatedAt: null });
    expect(legacy.counts).toMatchObject({ usages: 2, problems: 0 });
    const latest = await ingestDbt(deps, sally, { domain: "sales", project: await readDbtPath(`${DBT_FIXTURES}metricflow-latest`, OPTIONS) });
    expect(latest).toMatchObject({ project: "sales_marts", source: "metricflow" });
    expect(latest.counts).toMatchObject({ usages: 2, suggestions: 1 });
  });
});
