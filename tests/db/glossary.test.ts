import { count, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  addDomain,
  changeDomainOwner,
  importTerm,
  lookupTerm,
  recordVariant,
  searchTerms,
  setDomainChannel,
  subscribeDomain,
  termHistory,
  type CoreDeps,
} from "../../src/core/index.js";
import { auditEvents, definitionVersions, termConsumers, variants } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock, seedGeneratedTerms } from "../fixtures/glossary.js";
import { describeEachDatabase, resetDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const salesOwner = { ref: "slack:T0001:U0SALES" };
const supportOwner = { ref: "teams:72f988bf-86f1-41af-91ab-2d7cd011db47:0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const stranger = { ref: "local:sam" };

/** Three domains, two owners and three agreed terms, as most tests start. */
async function seedStory(deps: CoreDeps): Promise<void> {
  for (const [slug, name] of [
    ["sales", "Sales"],
    ["support", "Customer Support"],
    ["finance", "Finance"],
  ] as const) {
    await addDomain(deps, admin, { slug, name });
  }
  await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: salesOwner.ref });
  await changeDomainOwner(deps, admin, { slug: "support", action: "add", owner: supportOwner.ref });
  await importTerm(deps, admin, {
    name: "Customer",
    text: "A person or company that has paid for at least one order in the last 24 months.",
    aliases: ["client", "account holder"],
    ownerDomain: "sales",
    consumers: ["support", "finance"],
    tags: ["core"],
  });
  await importTerm(deps, admin, {
    name: "Churn Rate",
    text: "The share of customers at the start of a month who cancelled by its end.",
    ownerDomain: "finance",
  });
  await importTerm(deps, admin, {
    name: "Net Revenue Retention",
    text: "Recurring revenue kept from existing customers after expansion, contraction and churn.",
    ownerDomain: "finance",
  });
}

describeEachDatabase(
  "glossary lookups in a glossary of 1,000 terms",
  (database) => {
    let deps: CoreDeps;

    beforeAll(async () => {
      const clock = createManualClock();
      deps = coreDeps(database(), clock);
      await resetDatabase(database().db);
      await seedStory(deps);
      await seedGeneratedTerms(database().db, 1_000, clock.now());
    });

  describe("lookup", () => {
    it.each([
      ["Customer", "name"],
      ["customers", "name"],
      ["CUSTOMER", "name"],
      ["Customer!", "name"],
      ["  customer's ", "name"],
      ["client", "alias"],
      ["Account Holders", "alias"],
      ["custmer", "fuzzy"],
    ])("finds Customer from %j (by %s)", async (query, matchedBy) => {
      const result = await lookupTerm(deps, query);
      expect(result.kind).toBe("found");
      if (result.kind !== "found") return;
      expect(result.details.term.name).toBe("Customer");
      expect(result.matchedBy).toBe(matchedBy);
      expect(result.details.current.version).toBe(1);
      expect(result.details.term.ownerDomain?.slug).toBe("sales");
      expect(result.details.aliases).toEqual(["account holder", "client"]);
      expect(result.details.consumers.map((d) => d.slug)).toEqual(["finance", "support"]);
    });

    it("offers both terms for an alias two terms share, and prefers a term's name to another's alias", async () => {
      await importTerm(deps, admin, { name: "Zeta Widget", text: "A widget of the zeta line.", aliases: ["zeta thing"], ownerDomain: "sales" });
      await importTerm(deps, admin, { name: "Zeta Gadget", text: "A gadget of the zeta line.", aliases: ["zeta thing", "zeta widget kit"], ownerDomain: "sales" });
      await importTerm(deps, admin, { name: "Zeta Widget Kit", text: "A kit of zeta widgets.", ownerDomain: "sales" });
      const shared = await lookupTerm(deps, "zeta thing");
      expect(shared.kind).toBe("not-found");
      expect(shared.kind === "not-found" && shared.suggestions.map((s) => s.term.name).sort()).toEqual(["Zeta Gadget", "Zeta Widget"]);
      const named = await lookupTerm(deps, "Zeta Widget Kit");
      expect(named.kind === "found" && [named.matchedBy, named.details.term.name]).toEqual(["name", "Zeta Widget Kit"]);
    });

    it("takes a confident fuzzy match as the answer", async () => {
      const result = await lookupTerm(deps, "Churn Ratio");
      expect(result.kind === "found" && result.matchedBy).toBe("fuzzy");
      expect(result.kind === "found" && result.details.term.name).toBe("Churn Rate");
    });

    it("offers suggestions ranked by similarity for an unknown word", async () => {
      const result = await lookupTerm(deps, "Refund Margins Report");
      expect(result.kind).toBe("not-found");
      if (result.kind !== "not-found") return;
      expect(result.suggestions).toHaveLength(5);
      expect(result.suggestions.every((s) => s.term.name.includes("Refund"))).toBe(true);
      const scores = result.suggestions.map((s) => s.similarity);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it("returns nothing to suggest for a word unlike any term", async () => {
      const result = await lookupTerm(deps, "zzqx");
      expect(result).toEqual({ kind: "not-found", query: "zzqx", suggestions: [] });
    });

    it("finds a generated term in a glossary of a thousand by a typo", async () => {
      const result = await lookupTerm(deps, "Quartrly Refund Margin");
      expect(result.kind).toBe("found");
      if (result.kind === "found") expect(result.details.term.name).toBe("Quarterly Refund Margin");
    });
  });

  describe("search", () => {
    it("ranks a name match above a definition match", async () => {
      const { hits } = await searchTerms(deps, "churn");
      expect(hits[0]).toMatchObject({ term: { name: "Churn Rate" }, matchedOn: "name" });
      const definitionHit = hits.find((h) => h.term.name === "Net Revenue Retention");
      expect(definitionHit?.matchedOn).toBe("definition");
      expect(hits.indexOf(definitionHit!)).toBeGreaterThan(0);
      expect(hits[0]!.score).toBeGreaterThan(definitionHit!.score);
    });

    it("matches aliases and several words", async () => {
      const { hits } = await searchTerms(deps, "account holder");
      expect(hits[0]).toMatchObject({ term: { name: "Customer" }, matchedOn: "alias" });
      const byWords = await searchTerms(deps, "operations review");
      expect(byWords.hits.length).toBe(20);
      expect(byWords.hits.every((h) => h.matchedOn === "definition")).toBe(true);
    });

    it("refuses an empty query politely", async () => {
      await expect(searchTerms(deps, "   ")).rejects.toMatchObject({ code: "invalid-input" });
    });
  });
  },
  { resetBeforeEach: false },
);

describeEachDatabase("glossary changes", (database) => {
  let deps: CoreDeps;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock();
    deps = coreDeps(database(), clock);
    await seedStory(deps);
  });

  describe("variants and history", () => {
    it("records a domain's variant with its drift, replaces it, and audits both", async () => {
      const first = await recordVariant(deps, supportOwner, {
        term: "customer",
        text: "Anyone who has opened a support ticket in the last 90 days.",
      });
      expect(first.replaced).toBe(false);
      expect(first.drift.variant.domain.slug).toBe("support");
      expect(first.drift.level).toBe("major");
      expect(first.drift.stale).toBe(false);

      const second = await recordVariant(deps, supportOwner, {
        term: "Customer",
        domain: "support",
        text: "A person or company that paid for at least one order in the last 12 months.",
      });
      expect(second.replaced).toBe(true);
      // The replacement changes the window alone; the first said something else altogether.
      expect(second.drift.reasons!.map((r) => r.text)).toEqual(["changes the window: 24 → 12 months"]);
      expect(first.drift.reasons!.length).toBeGreaterThan(second.drift.reasons!.length);

      const db = database().db;
      const rows = await db.select().from(variants);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.text).toContain("12 months");
      const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectType, "variant"));
      expect(audit.map((a) => a.action)).toEqual(["variant.recorded", "variant.updated"]);

      const looked = await lookupTerm(deps, "Customer");
      expect(looked.kind === "found" && looked.drift.map((d) => d.variant.domain.slug)).toEqual(["support"]);
    });

    it("reads a term's whole details at once: owner, agreed version and its author, aliases, consumers, variants", async () => {
      await recordVariant(deps, supportOwner, { term: "customer", text: "Anyone with a support ticket in the last 90 days." });
      const looked = await lookupTerm(deps, "client");
      if (looked.kind !== "found") throw new Error("Customer was not found by its alias");
      const { term, current, aliases, consumers, relations, variants: read } = looked.details;
      const db = database().db;
      const [version] = await db.select().from(definitionVersions).where(eq(definitionVersions.termId, term.id));
      const [variant] = await db.select().from(variants).where(eq(variants.termId, term.id));
      expect(term).toMatchObject({
        name: "Customer",
        slug: "customer",
        status: "active",
        policy: null,
        currentVersion: 1,
        tags: ["core"],
        ownerDomain: { slug: "sales", name: "Sales" },
      });
      expect(term.createdAt).toBeInstanceOf(Date);
      expect(term.createdAt.getTime()).toBe(version!.agreedAt.getTime());
      expect(current).toMatchObject({ version: 1, text: version!.text, example: null, formula: null, proposalId: null });
      expect(current.agreedAt.getTime()).toBe(version!.agreedAt.getTime());
      expect(current.proposedBy === null ? null : current.proposedBy.refs).toEqual(version!.proposedBy === null ? null : [ADMIN]);
      expect(aliases).toEqual(["account holder", "client"]);
      expect(consumers.map((d) => [d.slug, d.name])).toEqual([["finance", "Finance"], ["support", "Customer Support"]]);
      expect(relations).toEqual([]);
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({
        domain: { slug: "support", name: "Customer Support" },
        text: "Anyone with a support ticket in the last 90 days.",
        baseVersion: 1,
        updatedBy: { refs: [supportOwner.ref] },
      });
      expect(read[0]!.updatedAt.getTime()).toBe(variant!.updatedAt.getTime());
    });

    it("refuses a variant from someone who owns no domain, and writes nothing", async () => {
      await expect(
        recordVariant(deps, stranger, { term: "Customer", text: "Whoever visits our website." }),
      ).rejects.toMatchObject({ code: "needs-domain" });
      await expect(
        recordVariant(deps, stranger, { term: "Customer", domain: "sales", text: "Whoever visits our website." }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        recordVariant(deps, salesOwner, { term: "Customer", domain: "marketing", text: "Whoever visits." }),
      ).rejects.toMatchObject({ code: "unknown-domain" });
      await expect(
        recordVariant(deps, salesOwner, { term: "Custmer", text: "Whoever visits." }),
      ).rejects.toMatchObject({ code: "not-found", message: expect.stringContaining("Did you mean Customer") });
      const [row] = await database().db.select({ value: count() }).from(variants);
      expect(row?.value).toBe(0);
    });

    it("shows history with a word-level diff between versions", async () => {
      const db = database().db;
      const customer = await lookupTerm(deps, "Customer");
      if (customer.kind !== "found") throw new Error("Customer missing");
      await db.insert(definitionVersions).values({
        termId: customer.details.term.id,
        version: 2,
        text: "A person or company that has paid for at least one order in the last 12 months.",
        agreedAt: clock.now(),
      });
      const history = await termHistory(deps, "customers");
      expect(history.term.name).toBe("Customer");
      expect(history.entries.map((e) => e.version.version)).toEqual([2, 1]);
      expect(history.entries[0]!.diff).toEqual(
        expect.arrayContaining([
          { kind: "removed", text: "24" },
          { kind: "added", text: "12" },
        ]),
      );
      expect(history.entries[1]!.diff).toBeUndefined();
      expect(history.entries[1]!.version.proposedBy?.refs).toEqual([ADMIN]);
    });
  });

  describe("domains and subscriptions", () => {
    it("lets only admins add domains", async () => {
      await expect(addDomain(deps, salesOwner, { slug: "marketing", name: "Marketing" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(addDomain(deps, admin, { slug: "sales", name: "Sales again" })).rejects.toMatchObject({
        code: "domain-exists",
      });
    });

    it("lets a domain's owner manage its owners, but not another domain's", async () => {
      const added = await changeDomainOwner(deps, salesOwner, { slug: "sales", action: "add", owner: "local:lee" });
      expect(added.changed).toBe(true);
      expect(added.owners.map((o) => o.refs[0])).toEqual([salesOwner.ref, "local:lee"]);
      const again = await changeDomainOwner(deps, salesOwner, { slug: "sales", action: "add", owner: "local:lee" });
      expect(again.changed).toBe(false);
      await expect(
        changeDomainOwner(deps, salesOwner, { slug: "support", action: "add", owner: "local:lee" }),
      ).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("Customer Support") });
      const removed = await changeDomainOwner(deps, salesOwner, { slug: "sales", action: "remove", owner: "local:lee" });
      expect(removed.owners.map((o) => o.refs[0])).toEqual([salesOwner.ref]);
      const actions = await database()
        .db.select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.actorRef, salesOwner.ref));
      expect(actions.map((a) => a.action)).toEqual(["domain.owner-added", "domain.owner-removed"]);
    });

    it("sets a domain's home channel per platform", async () => {
      await setDomainChannel(deps, salesOwner, { slug: "sales", platform: "slack", channelId: "C0SALES" });
      const moved = await setDomainChannel(deps, salesOwner, { slug: "sales", platform: "slack", channelId: "C0SALES2" });
      expect(moved.previous).toBe("C0SALES");
      const { listDomains } = await import("../../src/core/index.js");
      const sales = (await listDomains(deps)).find((d) => d.slug === "sales");
      expect(sales?.channels).toEqual([{ platform: "slack", channelId: "C0SALES2" }]);
      await expect(
        setDomainChannel(deps, stranger, { slug: "sales", platform: "slack", channelId: "C0HIJACK" }),
      ).rejects.toMatchObject({ code: "forbidden" });
    });

    it("subscribes a domain to a term once, by its owner", async () => {
      const first = await subscribeDomain(deps, salesOwner, { term: "Churn Rate", domain: "sales" });
      expect(first.added).toBe(true);
      const second = await subscribeDomain(deps, salesOwner, { term: "churn rates", domain: "sales" });
      expect(second.added).toBe(false);
      await expect(subscribeDomain(deps, stranger, { term: "Churn Rate", domain: "support" })).rejects.toMatchObject({
        code: "forbidden",
      });
      const rows = await database().db.select().from(termConsumers);
      expect(rows.filter((r) => r.termId === first.term.id)).toHaveLength(1);
    });
  });
});
