import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { addDomain, importTerm, lookupTerm, recordVariant, type CoreDeps } from "../../src/core/index.js";
import { rowsOf } from "../../src/db/rows.js";
import { ADMIN, coreDeps, createManualClock, seedGeneratedTerms } from "../fixtures/glossary.js";
import { describeEachDatabase, resetDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };

describeEachDatabase(
  "did you mean: word-by-word correction before trigram similarity",
  (database) => {
    let deps: CoreDeps;

    beforeAll(async () => {
      const clock = createManualClock();
      deps = coreDeps(database(), clock);
      await resetDatabase(database().db);
      await addDomain(deps, admin, { slug: "sales", name: "Sales" });
      await importTerm(deps, admin, {
        name: "Customer",
        text: "A person or company that has paid for at least one order in the last 24 months.",
        aliases: ["client", "account holder"],
        ownerDomain: "sales",
      });
      await importTerm(deps, admin, { name: "Churn Rate", text: "The share of customers who cancelled in a month." });
      await importTerm(deps, admin, {
        name: "Net Revenue Retention",
        text: "Recurring revenue kept from existing customers after expansion, contraction and churn.",
        aliases: ["NRR", "dollar retention rate"],
      });
      await importTerm(deps, admin, { name: "Lead", text: "A person who has shown interest but not yet bought." });
      // Straight into the tables, past the repository: the vocabulary must follow these rows too.
      await seedGeneratedTerms(database().db, 1_000, clock.now());
    });

    const found = async (query: string) => {
      const result = await lookupTerm(deps, query);
      expect(result.kind, `${query} should be found`).toBe("found");
      return result.kind === "found" ? { name: result.details.term.name, matchedBy: result.matchedBy } : undefined;
    };

    it("keeps the words of every slug and alias slug, whichever path inserted them", async () => {
      const words = rowsOf<{ word: string }>(
        await database().db.execute(
          sql`select word from slug_words where word in ('customer', 'holder', 'dollar', 'nrr', 'quarterly', 'kpi', 'backlog')`,
        ),
      ).map((r) => r.word);
      expect(words.sort()).toEqual(["backlog", "customer", "dollar", "holder", "kpi", "nrr", "quarterly"]);
    });

    it("corrects a typo in one word of a multi-word name", async () => {
      expect(await found("Net Revenue Retension")).toEqual({ name: "Net Revenue Retention", matchedBy: "fuzzy" });
      expect(await found("Quarterly Refnud Margin")).toEqual({ name: "Quarterly Refund Margin", matchedBy: "fuzzy" });
    });

    it("corrects a typo in an alias, and says which alias matched", async () => {
      expect(await found("acount holder")).toEqual({ name: "Customer", matchedBy: "fuzzy" });
      const similar = await database().store.repos.terms.findSimilar("dollar-retention-rale", 5);
      expect(similar[0]).toMatchObject({ term: { name: "Net Revenue Retention" }, alias: "dollar retention rate" });
    });

    it("answers a huge or many-worded name without trying to respell it", async () => {
      // One-edit spellings of a 10,000-letter word would be millions of 10 KB strings.
      const huge = await lookupTerm(deps, `churn${"x".repeat(10_000)}`);
      expect(huge.kind).not.toBe("found");
      const wordy = await lookupTerm(deps, Array.from({ length: 40 }, (_, i) => `word${i}`).join(" "));
      expect(wordy.kind).not.toBe("found");
    });

    it("corrects transposed letters", async () => {
      expect(await found("Chrun Rate")).toEqual({ name: "Churn Rate", matchedBy: "fuzzy" });
    });

    it("corrects a missing letter", async () => {
      expect(await found("Net Revnue Retention")).toEqual({ name: "Net Revenue Retention", matchedBy: "fuzzy" });
      expect(await found("Quartrly Refund Margin")).toEqual({ name: "Quarterly Refund Margin", matchedBy: "fuzzy" });
    });

    it("corrects a word two slips away through trigram neighbours in the vocabulary", async () => {
      expect(await found("Quartrley Refund Margin")).toEqual({ name: "Quarterly Refund Margin", matchedBy: "fuzzy" });
    });

    it("falls back to whole-name similarity when a word matches nothing, and stays polite", async () => {
      const result = await lookupTerm(deps, "Churn Qzxvw");
      expect(result.kind).toBe("not-found");
      if (result.kind === "not-found") expect(result.suggestions.map((s) => s.term.name)).toContain("Churn Rate");
      await expect(
        recordVariant(deps, admin, { term: "Churn Qzxvw", domain: "sales", text: "Customers lost in a month." }),
      ).rejects.toMatchObject({ code: "not-found", message: expect.stringContaining("Did you mean Churn Rate") });
      expect(await lookupTerm(deps, "zzqx")).toEqual({ kind: "not-found", query: "zzqx", suggestions: [] });
    });

    it("takes the correction path: it finds a name too short for trigram similarity to reach", async () => {
      // "laed" shares one trigram of nine with "lead" (similarity 0.11), below pg_trgm's 0.3 threshold, so only the
      // word correction (two letters swapped) can find it; too unlike to be taken, it is offered instead.
      const similar = await database().store.repos.terms.findSimilar("laed", 5);
      expect(similar.map((s) => s.term.name)).toEqual(["Lead"]);
      expect(similar[0]!.similarity).toBeLessThan(0.3);
      const result = await lookupTerm(deps, "Laed");
      expect(result.kind === "not-found" && result.suggestions.map((s) => s.term.name)).toEqual(["Lead"]);
    });

    it("offers every correction one slip away, most alike first", async () => {
      // "valume" is one letter from both "value" (m dropped) and "volume" (a for o).
      const similar = await database().store.repos.terms.findSimilar("quarterly-refund-valume", 5);
      expect(similar.map((s) => s.term.name).sort()).toEqual(["Quarterly Refund Value", "Quarterly Refund Volume"]);
      const scores = similar.map((s) => s.similarity);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });
  },
  { resetBeforeEach: false },
);

