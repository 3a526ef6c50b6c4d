import { asc, count } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import { importTerm, lookupTerm, relateTerms, type CoreDeps } from "../../src/core/index.js";
import { auditEvents, termRelations, terms } from "../../src/db/schema/index.js";
import { replyView } from "../../src/views/index.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";
import { read } from "../views/read.js";

const links = createLinks("https://concord.example.com");
const admin = { ref: ADMIN };
const fiona = { ref: MESH_OWNERS.finance };
const sven = { ref: MESH_OWNERS.support };
const stranger = { ref: "local:nobody" };

/** What the relations, the hierarchy and the audit hold, to show that a refusal wrote nothing. */
async function rows(database: TestDatabase) {
  const db = database.db;
  return {
    relations: await db
      .select({ termId: termRelations.termId, type: termRelations.type, relatedTermId: termRelations.relatedTermId })
      .from(termRelations)
      .orderBy(asc(termRelations.termId), asc(termRelations.type), asc(termRelations.relatedTermId)),
    parents: await db.select({ slug: terms.slug, parentId: terms.parentId }).from(terms).orderBy(asc(terms.slug)),
    audit: (await db.select({ n: count() }).from(auditEvents))[0]!.n,
  };
}

describeEachDatabase("relating terms", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    await seedCustomerMesh(deps);
    for (const [name, owner] of [
      ["Revenue", "finance"],
      ["Net Revenue", "finance"],
      ["Recurring Net Revenue", "finance"],
      ["Turnover", "finance"],
      ["Cost", "finance"],
      ["Ticket", "support"],
    ] as const) {
      await importTerm(deps, admin, { name, text: `What ${name} means here.`, ownerDomain: owner });
    }
    // Revenue › Net Revenue › Recurring Net Revenue, placed as an agreed proposal would.
    const repos = deps.store.repos;
    const id = async (slug: string) => (await repos.terms.findBySlug(slug))!.id;
    await repos.terms.setParent(await id("net-revenue"), await id("revenue"), clock.now());
    await repos.terms.setParent(await id("recurring-net-revenue"), await id("net-revenue"), clock.now());
  });

  const say = (actor: { ref: string }, text: string): Promise<Reply> => runCommandText(deps, { actor, platform: "local" }, text);
  const shown = async (actor: { ref: string }, text: string) => read(replyView(await say(actor, text), { links, now: clock.now() }));
  const refusedWithoutWriting = async (actor: { ref: string }, text: string) => {
    const before = await rows(database());
    const reply = await say(actor, text);
    expect(await rows(database())).toEqual(before);
    return reply.kind === "error" ? reply.message : read(replyView(reply, { links, now: clock.now() }));
  };
  const relationsOf = async (name: string) => {
    const found = await lookupTerm(deps, name);
    if (found.kind !== "found") throw new Error(`${name} was not found`);
    return found.details.relations.map((r) => `${r.type} ${r.term.name}`);
  };
  const audits = async () => database().db.select().from(auditEvents).orderBy(asc(auditEvents.id));

  it("the owning domain's owners and admins may relate a term; anyone else is refused and nothing is written", async () => {
    expect(await refusedWithoutWriting(sven, "relate Revenue synonym of Turnover")).toBe(
      "Only an admin or an owner of Finance (finance), which owns Revenue, can relate it to other terms.",
    );
    expect(await refusedWithoutWriting(stranger, "relate Revenue synonym of Turnover")).toBe(
      "Only an admin or an owner of Finance (finance), which owns Revenue, can relate it to other terms.",
    );
    expect(await shown(fiona, "relate Revenue synonym of Turnover")).toBe(
      [
        "✅ Recorded: [Revenue](https://concord.example.com/terms/revenue) is a synonym of [Turnover](https://concord.example.com/terms/turnover).",
        "Relations of [Revenue](https://concord.example.com/terms/revenue): synonyms [Turnover](https://concord.example.com/terms/turnover).",
      ].join("\n"),
    );
    // Support's owner may relate Support's own term to Finance's: the first term's owners decide.
    expect((await say(sven, "relate Ticket related to Revenue")).kind).toBe("relation-changed");
    expect((await say(admin, "relate Customer see also Ticket")).kind).toBe("relation-changed");
    expect(await refusedWithoutWriting(sven, "unrelate Revenue synonym of Turnover")).toBe(
      "Only an admin or an owner of Finance (finance), which owns Revenue, can remove its relations.",
    );
  });

  it("both terms read a relation from their own side, with the inverse type, stored once", async () => {
    await say(fiona, "relate Cost broader than Net Revenue");
    await say(fiona, "relate Net Revenue part of Turnover");
    await say(fiona, "relate Revenue antonym of Cost");
    expect(await relationsOf("Cost")).toEqual(["antonym Revenue", "narrower Net Revenue"]);
    expect(await relationsOf("Net Revenue")).toEqual(["broader Cost", "part-of Turnover"]);
    expect(await relationsOf("Turnover")).toEqual(["has-part Net Revenue"]);
    expect(await relationsOf("Revenue")).toEqual(["antonym Cost"]);
    // Stored once each, in one direction: the narrower term's broader, the part's part of.
    const id = async (slug: string) => (await deps.store.repos.terms.findBySlug(slug))!.id;
    expect((await rows(database())).relations).toHaveLength(3);
    expect((await rows(database())).relations).toEqual(
      expect.arrayContaining([
        { termId: await id("net-revenue"), type: "broader", relatedTermId: await id("cost") },
        { termId: await id("net-revenue"), type: "part-of", relatedTermId: await id("turnover") },
      ]),
    );
  });

  it("an audit row names who related what, with the relations before and after", async () => {
    await say(fiona, "relate Revenue synonym of Turnover");
    await say(fiona, "relate Revenue has part Cost");
    const last = (await audits()).at(-1)!;
    expect(last).toMatchObject({
      action: "term.related",
      actorRef: MESH_OWNERS.finance,
      subjectType: "term",
      subjectId: "revenue",
      before: { relations: [{ type: "synonym", term: "turnover" }] },
      after: { relations: [{ type: "has-part", term: "cost" }, { type: "synonym", term: "turnover" }] },
    });
  });

  it("refuses a term related to itself, an unknown relation, and one already there, and writes nothing", async () => {
    expect(await refusedWithoutWriting(fiona, "relate Revenue related Revenue")).toBe("A term cannot be related to itself: both names lead to Revenue.");
    expect(await refusedWithoutWriting(fiona, "relate Revenue cousin of Turnover")).toBe(
      "I could not find how the terms are related. Write the relation between the two terms: related, synonym of, antonym of, broader than, narrower than, part of, has part, see also. For example `relate Net Revenue part of Revenue`.",
    );
    const before = await rows(database());
    await expect(relateTerms(deps, fiona, { term: "Revenue", relation: "cousin of", other: "Turnover" })).rejects.toThrow(
      "“cousin of” is not a relation Concord knows. Use one of: related, synonym of, antonym of, broader than, narrower than, part of, has part, see also.",
    );
    expect(await rows(database())).toEqual(before);
    await say(fiona, "relate Revenue synonym of Turnover");
    expect(await refusedWithoutWriting(fiona, "relate Turnover is a synonym of Revenue")).toBe(
      "Concord already records that [Turnover](https://concord.example.com/terms/turnover) is a synonym of [Revenue](https://concord.example.com/terms/revenue); nothing changed.\n" +
        "Relations of [Turnover](https://concord.example.com/terms/turnover): synonyms [Revenue](https://concord.example.com/terms/revenue).",
    );
    expect(await refusedWithoutWriting(fiona, "relate Revenue antonym of Turnover")).toBe(
      "Concord already records that Revenue is a synonym of Turnover, so it cannot also record that Revenue is an antonym of Turnover. " +
        "Remove the first with `unrelate Revenue synonym of Turnover` if it is wrong.",
    );
    expect(await refusedWithoutWriting(fiona, "relate Revenue synonym of Nothing Like It")).toBe('There is no term "Nothing Like It" in the glossary.');
  });

  it("refuses a broader or narrower relation the hierarchy already holds, or that would make a cycle", async () => {
    expect(await refusedWithoutWriting(fiona, "relate Revenue broader than Recurring Net Revenue")).toBe(
      "The hierarchy already says so: Recurring Net Revenue sits under Revenue, so Revenue is broader than Recurring Net Revenue. Nothing changed.",
    );
    expect(await refusedWithoutWriting(fiona, "relate Net Revenue narrower than Revenue")).toBe(
      "The hierarchy already says so: Net Revenue sits under Revenue, so Revenue is broader than Net Revenue. Nothing changed.",
    );
    expect(await refusedWithoutWriting(fiona, "relate Revenue narrower than Net Revenue")).toBe(
      "That would make a cycle: Net Revenue sits under Revenue in the hierarchy, so Net Revenue cannot also be broader than Revenue. " +
        "A term's place in the hierarchy changes only through a proposal.",
    );
    expect(await refusedWithoutWriting(fiona, "relate Recurring Net Revenue broader than Revenue")).toBe(
      "That would make a cycle: Recurring Net Revenue sits under Revenue in the hierarchy, so Recurring Net Revenue cannot also be broader than Revenue. " +
        "A term's place in the hierarchy changes only through a proposal.",
    );
    expect(await refusedWithoutWriting(fiona, "unrelate Revenue broader than Net Revenue")).toBe(
      "Net Revenue sits under Revenue in the hierarchy, which no relation can undo: a term's place in the hierarchy changes only through a proposal.",
    );
    // Outside the line of parents, broader and narrower are relations like any other; the opposite one is then refused.
    expect((await say(fiona, "relate Cost broader than Revenue")).kind).toBe("relation-changed");
    expect(await refusedWithoutWriting(fiona, "relate Cost narrower than Revenue")).toBe(
      "Concord already records that Cost is broader than Revenue, so it cannot also record that Cost is narrower than Revenue. " +
        "Remove the first with `unrelate Cost broader than Revenue` if it is wrong.",
    );
  });

  it("unrelate removes the relation from both sides, audited; one that is not there changes nothing", async () => {
    await say(fiona, "relate Net Revenue part of Turnover");
    expect(await refusedWithoutWriting(fiona, "unrelate Net Revenue has part Turnover")).toBe(
      "Concord does not record that [Net Revenue](https://concord.example.com/terms/net-revenue) has part [Turnover](https://concord.example.com/terms/turnover); nothing changed.\n" +
        "Relations of [Net Revenue](https://concord.example.com/terms/net-revenue): part of [Turnover](https://concord.example.com/terms/turnover).",
    );
    // Written from the other side, it is the same relation.
    expect(await shown(fiona, "unrelate Turnover has part Net Revenue")).toBe(
      "✅ Removed the relation: [Turnover](https://concord.example.com/terms/turnover) has part [Net Revenue](https://concord.example.com/terms/net-revenue).\n" +
        "[Turnover](https://concord.example.com/terms/turnover) has no relations now.",
    );
    expect(await relationsOf("Net Revenue")).toEqual([]);
    expect(await relationsOf("Turnover")).toEqual([]);
    expect((await rows(database())).relations).toEqual([]);
    expect((await audits()).at(-1)).toMatchObject({
      action: "term.unrelated",
      actorRef: MESH_OWNERS.finance,
      subjectId: "turnover",
      before: { relations: [{ type: "has-part", term: "net-revenue" }] },
      after: { relations: [] },
    });
  });
});
