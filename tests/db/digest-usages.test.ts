import { eq, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DRIFT_MEASURE } from "../../src/core/glossary/drift.js";
import { usages } from "../../src/db/schema/index.js";
import { readDbtPath } from "../../src/cli/ingest.js";
import { DIGEST_UNUSED_NAMED, driftIndexValue, focusDigest, importTerm, ingestDbt, previewDigest, type CoreDeps, type Digest, type UsageDriftEntry } from "../../src/core/index.js";
import { DRIFT_THRESHOLD } from "../../src/core/text/index.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { links } from "../fixtures/chat-views.js";
import { SUPPORT_PROJECT, seedDbtGlossary } from "../fixtures/dbt.js";
import { hugeDigest, sales } from "../fixtures/digest.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { renderDigestMessage } from "../slack/blocks/render.js";
import { visibleText as slackText } from "../slack/blocks/fixtures.js";
import { renderDigestCard } from "../teams/cards/render.js";
import { expectSoundCard, TEAMS_MAX_BYTES, visibleText as teamsText } from "../teams/cards/fixtures.js";
import { describeEachDatabase } from "../support/databases.js";

const sven = { ref: MESH_OWNERS.support };
const OPTIONS = { metaKey: "datahub.glossary_terms" };

/** Slack accepts the message (at most 50 blocks, each inside its limits) and Teams the card (sound, under its size). */
function renderBoth(digest: Digest) {
  const message = renderDigestMessage(digest, links);
  expect(checkBlockLimits(message, "message")).toEqual([]);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  const card = expectSoundCard(renderDigestCard(digest, links));
  expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  // As read: without the emphasis marks, links by their labels.
  const plain = (shown: string) => shown.replace(/<[^|>]+\|([^>]+)>/g, "$1").replace(/\[([^\]]+)\]\([^)]+\)/g, "$1").replace(/\*/g, "").replace(/\\(.)/g, "$1");
  return { slack: plain(slackText(message)), teams: plain(teamsText(card)) };
}

describeEachDatabase("the digest's data products", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await seedDbtGlossary(deps);
    await importTerm(deps, { ref: ADMIN }, { name: "Refund", text: "Money paid back to a customer for a returned order." });
  });

  it("has no data product sections, and the index counts variants only, before any domain ingests a product", async () => {
    const digest = await previewDigest(deps);
    expect(digest.totals.usages).toBe(0);
    expect(digest.usageDrift).toEqual({ items: [], total: 0 });
    expect(digest.unused).toEqual({ items: [], total: 0 });
    const { slack } = renderBoth(digest);
    expect(slack).not.toContain("Terms no data product uses");
  });

  it("names the products that drift, with domain, project, place, figure and first reason, and the terms no product uses", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    const digest = await previewDigest(deps);
    expect(digest.totals.usages).toBe(7);

    const drifting = digest.usageDrift!.items;
    expect(drifting.length).toBeGreaterThan(0);
    expect(drifting.every((u) => u.score >= DRIFT_THRESHOLD && u.domain.slug === "support" && u.project === "support_analytics")).toBe(true);
    // Support's "active customer" column says 30 days where the agreed term says 90.
    const active = drifting.find((u) => u.path === "model.customers.active_customer");
    expect(active).toMatchObject({ kind: "column", term: { slug: "active-customer" } });
    expect(active!.reasons).toHaveLength(1);
    expect(JSON.stringify(active!.reasons)).toContain("90");
    expect([...drifting].sort((a, b) => b.score - a.score)).toEqual(drifting);

    // Every linked term is used; the rest of the glossary is listed as unused, by count and the first few.
    const used = new Set(["customer", "active-customer", "churn-rate", "country"]);
    expect(digest.unused!.items.length).toBeLessThanOrEqual(DIGEST_UNUSED_NAMED);
    expect(digest.unused!.items.some((t) => used.has(t.slug))).toBe(false);
    expect(digest.unused!.total).toBe(digest.totals.terms - used.size);
    expect(digest.unused!.items.map((t) => t.slug)).toEqual(["refund"]);
    // No variants: the index is the mean drift of every described usage, those under the threshold too.
    expect(digest.index.value).toBeGreaterThan(0);
    const described = await database().db.select({ score: usages.driftScore }).from(usages).where(ne(usages.description, ""));
    expect(described.some((u) => u.score! < DRIFT_THRESHOLD)).toBe(true);
    expect(digest.index.value).toBe(driftIndexValue(described.map((u) => ({ score: u.score! }))));

    const { slack, teams } = renderBoth(digest);
    for (const shown of [slack, teams]) {
      expect(shown).toContain(`Data products that drift from the agreed definition (${digest.usageDrift!.total})`);
      expect(shown).toMatch(/• Support · support_analytics · column model\.customers\.active_customer uses Active Customer — \d+% drift \(\w+\) — changes the window: 90 → 30 days/);
      expect(shown).toContain("Terms no data product uses (1): Refund.");
    }
    // Support's home channel sees its own products.
    const focused = focusDigest(digest, { id: active!.domain.id, slug: "support", name: "Support" });
    expect(focused.digest.usageDrift!.items.map((u) => u.path)).toContain("model.customers.active_customer");

    // The next digest reads the figures this one measured, and shows the same products with the same first reasons.
    const again = await previewDigest(deps);
    expect(again.usageDrift).toEqual(digest.usageDrift);
    expect(again.index.value).toBe(digest.index.value);
  });

  it("reads each usage's own figure, and measures again only one measured against another version or by another measure", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    const described = async () => (await database().db.select().from(usages).where(ne(usages.description, ""))).sort((a, b) => a.id - b.id);
    // The ingest measured each described usage by this measure.
    const atIngest = await described();
    expect(atIngest.length).toBeGreaterThan(0);
    expect(atIngest.every((u) => u.driftMeasure === DRIFT_MEASURE && u.driftScore !== null)).toBe(true);
    const active = atIngest.find((u) => u.path === "model.customers.active_customer")!;
    const first = await previewDigest(deps);
    const shown = () => first.usageDrift!.items.find((u) => u.path === "model.customers.active_customer");
    expect(shown()!.score).toBe(active.driftScore);

    // A figure altered in the table is what the digest shows, with the first reason still measured.
    await database().db.update(usages).set({ driftScore: 0.97 }).where(eq(usages.id, active.id));
    const altered = (await previewDigest(deps)).usageDrift!.items.find((u) => u.path === active.path)!;
    expect(altered.score).toBe(0.97);
    expect(altered.reasons).toEqual(shown()!.reasons);

    // Measured by an earlier measure, or against an older version: measured again, and kept on the usage.
    await database().db.update(usages).set({ driftMeasure: "what-changed-2" }).where(eq(usages.id, active.id));
    const other = atIngest.find((u) => u.id !== active.id)!;
    await database().db.update(usages).set({ measuredVersion: 0, driftScore: 0.01 }).where(eq(usages.id, other.id));
    // A usage stored before figures named their measure.
    const unnamed = atIngest.find((u) => u.id !== active.id && u.id !== other.id)!;
    await database().db.update(usages).set({ driftMeasure: null, driftScore: 0.02 }).where(eq(usages.id, unnamed.id));
    const again = await previewDigest(deps);
    expect(again.usageDrift!.items.find((u) => u.path === active.path)!.score).toBe(active.driftScore);
    const after = await described();
    expect(after.find((u) => u.id === active.id)).toMatchObject({ driftScore: active.driftScore, driftMeasure: DRIFT_MEASURE, measuredVersion: active.measuredVersion });
    expect(after.find((u) => u.id === other.id)).toMatchObject({ driftScore: other.driftScore, measuredVersion: other.measuredVersion });
    expect(after.find((u) => u.id === unnamed.id)).toMatchObject({ driftScore: unnamed.driftScore, driftMeasure: DRIFT_MEASURE });
    expect(again.index.value).toBe(first.index.value);
  });

  it("reads the most drifted usages of every page as rows and counts the rest, whatever the page size", async () => {
    await ingestDbt(deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, OPTIONS) });
    const described = (await database().db.select().from(usages).where(ne(usages.description, ""))).sort((a, b) => a.id - b.id);
    // Scores on either side of the threshold, two past it tied, set in the table.
    const scores = [0.95, 0.2, 0.9, 0.9, 0.3, 0.8, 0.6].slice(0, described.length);
    expect(scores.length).toBe(7);
    for (const [i, usage] of described.entries()) await database().db.update(usages).set({ driftScore: scores[i]! }).where(eq(usages.id, usage.id));
    const past = scores.filter((s) => s >= DRIFT_THRESHOLD);
    const below = scores.filter((s) => s < DRIFT_THRESHOLD);
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    for (const pageSize of [2, 3, 1_000]) {
      const read = await deps.store.repos.digests.usages(DRIFT_MEASURE, DRIFT_THRESHOLD, 1, { pageSize });
      expect(read.past.count).toBe(past.length);
      expect(read.past.sum).toBeCloseTo(sum(past), 9);
      expect(read.below.count).toBe(below.length);
      expect(read.below.sum).toBeCloseTo(sum(below), 9);
      // Rows: each page's most drifted past the threshold, with its ties; never one under it.
      const rowScores = read.rows.map((r) => r.drift.score);
      expect(rowScores.every((s) => s !== null && s >= DRIFT_THRESHOLD)).toBe(true);
      expect(rowScores).toContain(0.95);
      if (pageSize === 1_000) expect(rowScores).toEqual([0.95]);
    }
    // Read with a page of two: pages [0.95, 0.2], [0.9, 0.9], [0.3, 0.8], [0.6] give 0.95, both 0.9s, 0.8 and 0.6.
    const paged = await deps.store.repos.digests.usages(DRIFT_MEASURE, DRIFT_THRESHOLD, 1, { pageSize: 2 });
    expect(paged.rows.map((r) => r.drift.score)).toEqual(DRIFT_THRESHOLD <= 0.6 ? [0.95, 0.9, 0.9, 0.8, 0.6] : [0.95, 0.9, 0.9, 0.8]);

    // The digest names them most drifted first, counts every one past the threshold, and averages them all.
    const digest = await previewDigest(deps);
    expect(digest.usageDrift!.total).toBe(past.length);
    expect(digest.usageDrift!.items.map((u) => u.score)).toEqual([...past].sort((a, b) => b - a));
    expect(digest.index.value).toBe(driftIndexValue(scores.map((score) => ({ score }))));
  });
});

describe("the digest's data product sections at scale", () => {
  it("stay inside Slack's 50 blocks and Teams' card size with 100,000 drifting usages and 100,000 unused terms", () => {
    const base = hugeDigest();
    const terms = base.gaps.unownedTerms.items;
    const items: UsageDriftEntry[] = Array.from({ length: 10 }, (_, i) => ({
      term: terms[i % terms.length]!,
      domain: base.gaps.ownerlessDomains.items[i % base.gaps.ownerlessDomains.items.length]!,
      project: `project_${"p".repeat(300)}_${i}`,
      kind: "column",
      path: `model.orders_${"o".repeat(300)}.column_${i}`,
      score: 0.9,
      level: "major",
      reasons: [],
    }));
    const digest: Digest = {
      ...base,
      usageDrift: { items, total: 100_000 },
      unused: { items: terms.slice(0, DIGEST_UNUSED_NAMED), total: 100_000 },
    };
    const { slack, teams } = renderBoth(digest);
    for (const shown of [slack, teams]) {
      expect(shown).toContain("Data products that drift from the agreed definition (100000)");
      expect(shown).toContain("Terms no data product uses (100000)");
      expect(shown).toContain(`and ${100_000 - DIGEST_UNUSED_NAMED} more`);
    }
    renderDigestMessage(focusDigest(digest, sales).digest, links, { focus: sales });
  });

  it("averages usages alongside variants in the drift index", () => {
    expect(driftIndexValue([{ score: 0.2 }, { score: 0.6 }, { score: 1 }])).toBe(60);
  });
});
