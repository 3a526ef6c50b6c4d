import { count } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runAction } from "../../src/commands/actions.js";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import { addDomain, changeDomainOwner, importTerm, previewProposal, type CoreDeps } from "../../src/core/index.js";
import { auditEvents, domains, proposals, terms } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };
const owner = { ref: "local:sally" };

async function counts(database: TestDatabase) {
  const of = async (table: typeof domains | typeof proposals | typeof terms | typeof auditEvents) =>
    (await database.db.select({ n: count() }).from(table))[0]!.n;
  return { domains: await of(domains), proposals: await of(proposals), terms: await of(terms), auditEvents: await of(auditEvents) };
}

describeEachDatabase("names with invisible format characters", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock());
  });

  const say = (actor: { ref: string }, text: string): Promise<Reply> => runCommandText(deps, { actor, platform: "local" }, text);
  const errorText = (reply: Reply) => (reply.kind === "error" ? reply.message : `not refused: ${reply.kind}`);

  it("are refused in chat with the character's name, and nothing is written", async () => {
    expect(errorText(await say(admin, "domain add sales \u2066Sales\u2069"))).toBe(
      "A domain name contains an invisible formatting character (U+2066 LEFT-TO-RIGHT ISOLATE), which can make it display " +
        "differently from what it says. Please retype it without it.",
    );
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: owner.ref });
    const before = await counts(database());

    expect(errorText(await say(owner, "propose \u202eremotsuC for sales = A person or company that paid."))).toContain(
      "A term name contains an invisible formatting character (U+202E RIGHT-TO-LEFT OVERRIDE)",
    );
    expect(errorText(await say(owner, "variant Cus\u200btomer for sales = Anyone who paid."))).toContain("U+200B ZERO WIDTH SPACE");
    expect(await counts(database())).toEqual(before);
  });

  it("are refused in the propose form, naming the character in the field to correct", async () => {
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: owner.ref });
    const before = await counts(database());
    const result = await runAction(deps, owner, { concord: "propose", term: "Cus\u2060tomer", domain: "sales", text: "A person who paid." });
    expect(result).toEqual({
      kind: "invalid",
      errors: {
        text:
          "A term name contains an invisible formatting character (U+2060 WORD JOINER), which can make it display differently " +
          "from what it says. Please retype it without it.",
      },
    });
    expect(await counts(database())).toEqual(before);
  });

  it("compare after NFKC: a full-width name is the term it spells, and a near one is warned of", async () => {
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that paid.", ownerDomain: "sales" });
    const same = await previewProposal(deps, { term: "Ｃｕｓｔｏｍｅｒｓ" });
    expect(same).toMatchObject({ kind: "amend", term: { slug: "customer" } });
    const near = await previewProposal(deps, { term: "Ｃｕｓｔｏｍｅｒｓ Ａｃｃｏｕｎｔ" });
    expect(near.kind).toBe("create");
    expect(near.nearDuplicates.map((d) => d.term.slug)).toContain("customer");
  });

  it("compare after folding confusables: a name spelled with look-alike letters is warned of as the term it mimics", async () => {
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that paid.", ownerDomain: "sales" });
    // A Cyrillic "С" and a Cyrillic "о": it reads "Customer" and is another slug.
    const mimic = await previewProposal(deps, { term: "\u0421ust\u043emer" });
    expect(mimic.kind).toBe("create");
    expect(mimic.nearDuplicates).toContainEqual(expect.objectContaining({ term: expect.objectContaining({ slug: "customer" }), similarity: 1, reason: "name" }));
  });
});
