import { count, eq, sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { addDomain, changeDomainOwner, importTerm, previewDigest, recordVariant, type CoreDeps } from "../../src/core/index.js";
import { DRIFT_MEASURE, driftKey, measureDrift } from "../../src/core/glossary/drift.js";
import { rowsOf } from "../../src/db/rows.js";
import { driftFigures } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const sven = { ref: "local:sven" };
const fiona = { ref: "local:fiona" };
const CUSTOMER = "A person or company that has paid for at least one order.";
const SUPPORT_TEXT = "Anyone who has opened a support ticket, whether or not they have paid.";
const FINANCE_TEXT = "A person or company that has paid for at least one order in the last 12 months.";

/*
 * A week's digest reads the drift figures an earlier digest measured for the same texts by the same measure, and
 * measures only what changed. What the digest shows is checked against the table: a figure altered there is what
 * the next digest shows, until the text it was measured on changes.
 */
describeEachDatabase("the digest's stored drift figures", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock(new Date("2026-03-02T09:00:00Z")));
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    for (const [slug, name, owner] of [
      ["support", "Support", sven],
      ["finance", "Finance", fiona],
    ] as const) {
      await addDomain(deps, admin, { slug, name });
      await changeDomainOwner(deps, admin, { slug, action: "add", owner: owner.ref });
    }
    await importTerm(deps, admin, { name: "Customer", text: CUSTOMER, ownerDomain: "sales", consumers: ["support", "finance"] });
    await recordVariant(deps, sven, { term: "Customer", domain: "support", text: SUPPORT_TEXT });
    await recordVariant(deps, fiona, { term: "Customer", domain: "finance", text: FINANCE_TEXT });
  });

  const figures = () => database().db.select().from(driftFigures).orderBy(driftFigures.key);
  const shownScore = async (domain: string) => {
    const digest = await previewDigest(deps);
    return digest.drift.items.find((d) => d.domain.slug === domain)?.score;
  };

  it("stores each figure it measures once, by the texts and the measure, with its reasons", async () => {
    const digest = await previewDigest(deps);
    const stored = await figures();
    expect(stored.map((f) => f.key).sort()).toEqual([driftKey(CUSTOMER, SUPPORT_TEXT), driftKey(CUSTOMER, FINANCE_TEXT)].sort());
    const support = stored.find((f) => f.key === driftKey(CUSTOMER, SUPPORT_TEXT))!;
    const measured = measureDrift(CUSTOMER, SUPPORT_TEXT);
    expect(support).toMatchObject({ measure: DRIFT_MEASURE, score: measured.score, reasons: measured.reasons });
    expect(digest.drift.items.find((d) => d.domain.slug === "support")?.score).toBe(measured.score);
    // The same glossary again: nothing new to measure or store, and the figure shown with the reasons stored for it.
    const again = await previewDigest(deps);
    expect(await figures()).toEqual(stored);
    expect(again.drift.items.find((d) => d.domain.slug === "support")).toMatchObject({ score: measured.score, reasons: measured.reasons });
  });

  it("gathers the table's statistics once it stores figures, so the next digest's reads are planned for them", async () => {
    const tuples = async () =>
      Number(rowsOf<{ n: number }>(await database().db.execute(sql`select reltuples as n from pg_class where relname = 'drift_figures'`))[0]!.n);
    expect(await tuples()).toBeLessThan(1);
    await previewDigest(deps);
    expect(await tuples()).toBe(2);
  });

  it("computes in the database the key the application computes, whatever the texts hold", async () => {
    const pairs = [
      [CUSTOMER, SUPPORT_TEXT],
      ["Umsatz für Kunden in Köln", "Ventes — clients à Montréal 💶"],
      ["ab", "c"],
      ["a", "bc"],
      ["", "Line one.\nLine two\twith a tab."],
    ] as const;
    for (const [agreed, text] of pairs) {
      const [row] = rowsOf<{ key: string }>(await database().db.execute(sql`select concord_drift_key(${DRIFT_MEASURE}, ${agreed}, ${text}) as key`));
      expect(row!.key).toBe(driftKey(agreed, text));
    }
    // The agreed text's length keeps "ab" + "c" apart from "a" + "bc".
    expect(driftKey("ab", "c")).not.toBe(driftKey("a", "bc"));
  });

  it("shows the stored figure, and measures again once the text it was measured on changes", async () => {
    await previewDigest(deps);
    await database().db.update(driftFigures).set({ score: 0.93, reasons: [] }).where(eq(driftFigures.key, driftKey(CUSTOMER, SUPPORT_TEXT)));
    expect(await shownScore("support")).toBe(0.93);
    const changed = "Anyone who has opened a support ticket in the last 90 days, whether or not they have paid.";
    await recordVariant(deps, sven, { term: "Customer", domain: "support", text: changed });
    expect(await shownScore("support")).toBe(measureDrift(CUSTOMER, changed).score);
    const [stored] = await database().db.select({ rows: count() }).from(driftFigures);
    expect(stored?.rows).toBe(3);
  });

  it("never reads a figure of another measure, and drops such figures when it stores new ones", async () => {
    await database().db.execute(
      sql`insert into drift_figures (key, measure, score, reasons, measured_at) values ('older', 'what-changed-2', 0.5, '[]', now())`,
    );
    await previewDigest(deps);
    expect((await figures()).map((f) => f.measure)).toEqual([DRIFT_MEASURE, DRIFT_MEASURE]);
  });
});
