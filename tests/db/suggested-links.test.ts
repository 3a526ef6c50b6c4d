import { and, asc, eq, like } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { readDbtPath } from "../../src/cli/ingest.js";
import { runAction } from "../../src/commands/actions.js";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import { ingestDbt, lookupTerm, measureDrift, summariseUsages, termLinks, type CoreDeps } from "../../src/core/index.js";
import { auditEvents, linkSuggestions, usages } from "../../src/db/schema/index.js";
import { readDbtManifest } from "../../src/formats/dbt/index.js";
import { SUPPORT_OPTIONS, SUPPORT_PROJECT, seedDbtGlossary, supportManifest } from "../fixtures/dbt.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const sven = { ref: MESH_OWNERS.support };
const sally = { ref: MESH_OWNERS.sales };
const DAY = 24 * 60 * 60 * 1000;
const HOLDER = "model.customers.account_holder";
const HOLDER_TEXT = "Whoever holds the account the ticket was opened from.";
const CUSTOMER_ID = "model.customers.customer_id";

/*
 * Links suggested by the names in Support's dbt project are accepted or rejected from chat by Support's owners or an
 * admin: an accepted one becomes a usage measured like any other, a rejected one is never offered again, and anyone
 * else, a second click or a stale button changes nothing and gets a sentence back.
 */
describeEachDatabase("accepting and rejecting suggested links", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();
  const ingest = async (change?: (manifest: any) => void) => {
    if (!change) return ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, SUPPORT_OPTIONS) });
    const manifest = supportManifest();
    change(manifest);
    return ingestDbt(deps, sven, { domain: "support", project: readDbtManifest(JSON.stringify(manifest), SUPPORT_OPTIONS) });
  };
  const suggestionAt = async (path: string) => (await database().db.select().from(linkSuggestions).where(eq(linkSuggestions.path, path)))[0]!;
  const usageAt = async (path: string) => (await database().db.select().from(usages).where(eq(usages.path, path)))[0];
  const decisions = () => database().db.select().from(auditEvents).where(like(auditEvents.action, "usage.suggestion-%")).orderBy(asc(auditEvents.id));
  const click = (actor: { ref: string }, concord: "suggestion-accept" | "suggestion-reject", suggestionId: number) =>
    runAction(deps, actor, { concord, suggestionId });

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await seedDbtGlossary(deps);
    await ingest();
  });

  it("lists a term's usages per domain with their drift, and the open suggestions with their confidence and text", async () => {
    const found = await termLinks(deps, "Customer");
    expect(found.term.slug).toBe("customer");
    expect(found.usages.map((u) => `${u.domain.slug} ${u.path}`).sort()).toEqual([
      "support model.customers",
      "support model.tickets.customer",
      "support semantic_model.customers.entity.customer",
      "support snapshot.customers_snapshot",
    ]);
    expect(found.suggestions.map((s) => [s.path, s.confidence, s.description])).toEqual([
      ["semantic_model.customers", 0.9, "Support's customers."],
      [HOLDER, 0.85, HOLDER_TEXT],
      [CUSTOMER_ID, 0.7, "The customer's id in the ticketing system."],
    ]);
    // The same through the command every face runs, fuzzily matched as a lookup is.
    const reply = await runCommandText(deps, { actor: sally, platform: "local" }, "links custmer");
    expect(reply).toMatchObject({ kind: "links", links: { term: { slug: "customer" }, matchedBy: "fuzzy" } });
    expect(await runCommandText(deps, { actor: sally, platform: "local" }, "links Nothing Like It")).toMatchObject({ kind: "error" });
  });

  it("turns an accepted suggestion into a usage measured as an ingest measures one, once, and audits it", async () => {
    const holder = await suggestionAt(HOLDER);
    const result = await click(sven, "suggestion-accept", holder.id);
    expect(result.kind).toBe("text");
    const usage = await usageAt(HOLDER);
    const customer = await lookupTerm(deps, "Customer");
    if (customer.kind !== "found") throw new Error("no Customer");
    const expected = measureDrift(customer.details.current.text, HOLDER_TEXT);
    expect(usage).toMatchObject({ linkSource: "accepted", description: HOLDER_TEXT, driftScore: expected.score, measuredVersion: customer.details.current.version, removedIngestId: null });
    expect(result).toEqual({ kind: "text", text: expect.stringContaining(`Linked ${HOLDER} (Support's support_analytics) to Customer: it is now a usage of the term, and it drifts ${Math.round(expected.score * 100)}%`) });
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "accepted", decidedAt: clock.now() });
    const [event] = await decisions();
    expect(event).toMatchObject({ action: "usage.suggestion-accepted", actorRef: sven.ref, subjectType: "domain", subjectId: "support" });
    expect(event!.after).toMatchObject({ status: "accepted", path: HOLDER, usage: usage!.id, drift: expected.score });

    // The term page and the lookup's summary count it; it is no longer offered.
    expect((await termLinks(deps, "Customer")).suggestions.map((s) => s.path)).not.toContain(HOLDER);
    expect((await termLinks(deps, "Customer")).usages.find((u) => u.path === HOLDER)).toMatchObject({ linkSource: "accepted", drift: expected });
    const summary = await summariseUsages(deps, customer.details);
    expect(summary).toMatchObject({ usages: 5, suggestions: 2, domains: [{ domain: { slug: "support" }, usages: 5 }] });

    // A second click, by the same owner or an admin, changes nothing.
    expect(await click(sven, "suggestion-accept", holder.id)).toEqual({ kind: "refused", message: `The link from ${HOLDER} (support_analytics) to Customer was already accepted; nothing changed.` });
    expect(await click(admin, "suggestion-reject", holder.id)).toMatchObject({ kind: "refused" });
    expect(await decisions()).toHaveLength(1);
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "accepted" });

    // The next ingest keeps it as the same usage, and a changed text of it is a change like any other.
    clock.advance(DAY);
    const next = await ingest((m) => (m.nodes["model.support_analytics.customers"].columns.account_holder.description = "The customer who holds the account."));
    expect(next.counts).toMatchObject({ new: 0, changed: 1, suggestions: 0 });
    expect(await usageAt(HOLDER)).toMatchObject({ id: usage!.id, linkSource: "accepted", previousDescription: HOLDER_TEXT });
  });

  it("offers an open suggestion with the latest ingest's text, and accepting measures that text", async () => {
    const NEWER = "The person who holds the account, as the billing system names them.";
    clock.advance(DAY);
    const next = await ingest((m) => (m.nodes["model.support_analytics.customers"].columns.account_holder.description = NEWER));
    expect(next.counts).toMatchObject({ suggestions: 0 });
    expect((await termLinks(deps, "Customer")).suggestions.find((s) => s.path === HOLDER)).toMatchObject({ description: NEWER, confidence: 0.85 });
    expect(await suggestionAt(HOLDER)).toMatchObject({ ingestId: next.ingestId, status: "open" });
    await click(sven, "suggestion-accept", (await suggestionAt(HOLDER)).id);
    const customer = await lookupTerm(deps, "Customer");
    if (customer.kind !== "found") throw new Error("no Customer");
    expect(await usageAt(HOLDER)).toMatchObject({ description: NEWER, driftScore: measureDrift(customer.details.current.text, NEWER).score, lastIngestId: next.ingestId });
  });

  it("never offers a rejected suggestion again, and audits it", async () => {
    const id = (await suggestionAt(CUSTOMER_ID)).id;
    expect(await click(sven, "suggestion-reject", id)).toEqual({
      kind: "text",
      text: `Rejected the link from ${CUSTOMER_ID} (Support's support_analytics) to Customer: no ingest will suggest it again.`,
    });
    expect(await usageAt(CUSTOMER_ID)).toBeUndefined();
    expect(await decisions()).toMatchObject([{ action: "usage.suggestion-rejected", subjectId: "support", after: { status: "rejected", path: CUSTOMER_ID } }]);
    clock.advance(DAY);
    const next = await ingest((m) => (m.nodes["model.support_analytics.tickets"].description = "One row per ticket."));
    expect(next.counts).toMatchObject({ suggestions: 0 });
    expect(await suggestionAt(CUSTOMER_ID)).toMatchObject({ status: "rejected" });
    expect((await termLinks(deps, "Customer")).suggestions.map((s) => s.path)).toEqual(["semantic_model.customers", HOLDER]);
    expect(await usageAt(CUSTOMER_ID)).toBeUndefined();
  });

  it("refuses anyone but the owning domain's owners and admins, politely, changing nothing", async () => {
    const id = (await suggestionAt(HOLDER)).id;
    for (const concord of ["suggestion-accept", "suggestion-reject"] as const) {
      expect(await click(sally, concord, id)).toEqual({
        kind: "refused",
        message: "Only an admin or an owner of Support (support) can accept or reject links suggested in its data products.",
      });
    }
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "open", decidedBy: null });
    expect(await usageAt(HOLDER)).toBeUndefined();
    expect(await decisions()).toEqual([]);
    // An admin may.
    expect(await click(admin, "suggestion-accept", id)).toMatchObject({ kind: "text" });
    expect(await usageAt(HOLDER)).toMatchObject({ linkSource: "accepted" });
  });

  it("answers a stale button politely: a suggestion no longer in the project, or one no longer recorded", async () => {
    const holder = (await suggestionAt(HOLDER)).id;
    const semantic = (await suggestionAt("semantic_model.customers")).id;
    clock.advance(DAY);
    await ingest((m) => delete m.nodes["model.support_analytics.customers"].columns.account_holder);
    // Found again by the later ingest: still offered, with its text refreshed from it; the gone one is not.
    expect(await suggestionAt("semantic_model.customers")).toMatchObject({ status: "open" });
    expect((await termLinks(deps, "Customer")).suggestions.map((s) => s.id)).toEqual([semantic, (await suggestionAt(CUSTOMER_ID)).id]);
    expect(await click(sven, "suggestion-accept", holder)).toEqual({
      kind: "refused",
      message: `support_analytics's latest ingest no longer has ${HOLDER} (or its name no longer suggests Customer); nothing was linked.`,
    });
    expect(await usageAt(HOLDER)).toBeUndefined();
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "open" });
    expect(await click(sven, "suggestion-accept", 2_147_483_647)).toEqual({
      kind: "refused",
      message: "That suggested link is no longer recorded (its term may have been removed). `links <term>` shows the current ones.",
    });
    expect(await decisions()).toEqual([]);
  });

  it("takes one decision when two owners click at the same moment", async () => {
    const id = (await suggestionAt(HOLDER)).id;
    const results = await Promise.all([click(sven, "suggestion-accept", id), click(admin, "suggestion-reject", id), click(sven, "suggestion-accept", id)]);
    expect(results.filter((r) => r.kind === "text")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "refused")).toHaveLength(2);
    expect(await decisions()).toHaveLength(1);
    const status = (await suggestionAt(HOLDER)).status;
    expect(await database().db.select().from(usages).where(and(eq(usages.path, HOLDER), eq(usages.linkSource, "accepted")))).toHaveLength(status === "accepted" ? 1 : 0);
  });

  it("shows the lookup's summary of where the term is used, with the most drifted usage measured now", async () => {
    const reply = (await runCommandText(deps, { actor: sally, platform: "local" }, "Active Customer")) as Extract<Reply, { kind: "lookup" }>;
    expect(reply.kind).toBe("lookup");
    expect(reply.usages).toMatchObject({ usages: 1, suggestions: 0, domains: [{ domain: { slug: "support" }, usages: 1 }] });
    const active = await termLinks(deps, "Active Customer");
    expect(reply.usages!.domains[0]!.highest).toEqual(active.usages[0]!.drift);
    expect(reply.usages!.domains[0]!.highest!.reasons.map((r) => r.text)).toContain("changes the window: 90 → 30 days");
  });
});
