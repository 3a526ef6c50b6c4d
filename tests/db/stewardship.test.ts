import { asc, count } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runAction } from "../../src/commands/actions.js";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import type { CoreDeps } from "../../src/core/index.js";
import { auditEvents, outboxEvents, proposals, termAliases, terms } from "../../src/db/schema/index.js";
import { replyView } from "../../src/views/index.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";
import { read } from "../views/read.js";
import { startPagesServer, visibleText } from "../web/support.js";

const links = createLinks("https://concord.example.com");
const admin = { ref: ADMIN };
const sally = { ref: "local:sally" };
const sam = { ref: "local:sam" };
const olga = { ref: "local:olga" };
const sid = { ref: "local:sid" };

async function rows(database: TestDatabase) {
  const db = database.db;
  const n = async (table: typeof proposals | typeof termAliases | typeof auditEvents | typeof outboxEvents) => (await db.select({ n: count() }).from(table))[0]!.n;
  return {
    proposals: await db.select({ id: proposals.id, status: proposals.status, policy: proposals.policy }).from(proposals).orderBy(asc(proposals.id)),
    terms: await db.select({ slug: terms.slug, status: terms.status, policy: terms.policy, replacedBy: terms.replacedById }).from(terms).orderBy(asc(terms.id)),
    aliases: await n(termAliases),
    audit: await n(auditEvents),
    outbox: await n(outboxEvents),
  };
}

describeEachDatabase("the stewards' commands", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  beforeEach(async () => {
    deps = coreDeps(database(), clock);
    for (const text of [
      "domain add sales Sales",
      "domain add support Support",
      "domain owners sales add local:sally",
      "domain owners sales add local:sam",
      "domain owners support add local:olga",
      "domain owners support add local:sid",
    ]) {
      await say(admin, text);
    }
    await say(sally, "propose Customer = A person or company that has paid for at least one order.");
    await runAction(deps, sam, { concord: "vote", proposalId: 1, position: "approve" });
    await say(olga, "propose Client for support = Someone we invoice.");
    await runAction(deps, sid, { concord: "vote", proposalId: 2, position: "approve" });
  });

  const say = (actor: { ref: string }, text: string): Promise<Reply> => runCommandText(deps, { actor, platform: "local" }, text);
  const shown = async (actor: { ref: string }, text: string) => read(replyView(await say(actor, text), { links, now: clock.now() }));
  const refusedWithoutWriting = async (actor: { ref: string }, text: string) => {
    const before = await rows(database());
    const reply = await say(actor, text);
    expect(await rows(database())).toEqual(before);
    return reply.kind === "error" ? reply.message : `not refused: ${reply.kind}`;
  };
  const lastAudit = async () => (await database().db.select().from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)!;

  it("withdraw: the proposer or an admin, the thread is told, anyone else is refused", async () => {
    await say(olga, "propose Ticket for support = A request for help.");
    await say(olga, "propose Case for support = A customer's problem.");
    expect(await refusedWithoutWriting(sam, "withdraw #3")).toBe("Only the person who opened proposal #3 on Ticket, or an admin, can withdraw it.");
    expect(await refusedWithoutWriting(olga, "withdraw #9")).toBe("There is no proposal #9.");
    expect(await shown(olga, "withdraw #3")).toBe(
      "↩️ Withdrew [Proposal #3](https://concord.example.com/proposals/3) on Ticket: voting is closed, and its thread says so.",
    );
    expect(await lastAudit()).toMatchObject({ action: "proposal.withdrawn", actorRef: "local:olga", subjectId: "3", after: { status: "withdrawn" } });
    const events = await database().db.select({ kind: outboxEvents.kind, proposalId: outboxEvents.proposalId, payload: outboxEvents.payload }).from(outboxEvents);
    expect(events.at(-1)).toEqual({ kind: "proposal.withdrawn", proposalId: 3, payload: { by: "local:olga" } });
    expect(await refusedWithoutWriting(olga, "withdraw #3")).toBe("Proposal #3 on Ticket is already withdrawn.");
    expect((await say(admin, "withdraw #4")).kind).toBe("withdrawn");
    expect(await refusedWithoutWriting(sally, "withdraw #1")).toBe("Proposal #1 on Customer is already approved.");
  });

  it("alias: the owning domain's owners or an admin; another term's name or alias is refused, naming it", async () => {
    expect(await shown(sam, "alias Customer add account holder")).toBe(
      "✅ “account holder” is now an alias of [Customer](https://concord.example.com/terms/customer).\nAliases: account holder",
    );
    expect(await lastAudit()).toMatchObject({ action: "term.alias-added", actorRef: "local:sam", subjectType: "term", subjectId: "customer", after: { alias: "account holder" } });
    expect(await shown(sally, "alias Customer add Account  Holder")).toContain("is already an alias of [Customer]");
    expect(await refusedWithoutWriting(olga, "alias Customer add buyer")).toBe(
      "Only an admin or an owner of Sales (sales), which owns Customer, can add an alias to it.",
    );
    expect(await refusedWithoutWriting(sally, "alias Customer add Customers")).toBe("“Customers” is Customer's own name, so it needs no alias.");
    await say(admin, "propose Buyer for support = Someone who buys.");
    await runAction(deps, olga, { concord: "vote", proposalId: 3, position: "approve" });
    expect(await refusedWithoutWriting(sally, "alias Customer add buyer")).toBe("“buyer” is already the name of the term Buyer, so it cannot also be an alias of Customer.");
    await say(olga, "alias Buyer add purchaser");
    expect(await refusedWithoutWriting(sally, "alias Customer add Purchaser")).toBe(
      "“Purchaser” is already an alias of Buyer, so it cannot also be an alias of Customer.",
    );
    expect(await refusedWithoutWriting(sally, "alias Nobody add x1")).toBe('There is no term "Nobody" in the glossary.');
    expect(await shown(admin, "alias customer remove account holder")).toBe(
      "✅ “account holder” is no longer an alias of [Customer](https://concord.example.com/terms/customer).\nAliases: none",
    );
    expect(await lastAudit()).toMatchObject({ action: "term.alias-removed", before: { alias: "account holder" } });
    expect(await shown(sally, "alias Customer remove account holder")).toContain("has no alias “account holder”; nothing changed.");
    expect((await say(sally, "define account holder")).kind).toBe("lookup");
  });

  it("policy: audited; open proposals keep the policy they opened with", async () => {
    await say(olga, "propose Customer = A person or company that has paid for an order.");
    expect(await shown(sally, "policy Customer majority")).toBe(
      [
        "✅ Future proposals on [Customer](https://concord.example.com/terms/customer) are decided by majority (more than half of the affected domains must approve).",
        "1 open proposal [#3](https://concord.example.com/proposals/3) (unanimous) keeps the policy it was opened with.",
      ].join("\n"),
    );
    expect(await lastAudit()).toMatchObject({ action: "term.policy-set", subjectId: "customer", before: { policy: null }, after: { policy: "majority" } });
    expect((await rows(database())).proposals.find((p) => p.id === 3)).toEqual({ id: 3, status: "open", policy: "unanimous" });
    expect(await shown(sam, "policy Customer majority")).toContain("is already decided by majority");
    expect(await refusedWithoutWriting(olga, "policy Customer lazy")).toBe("Only an admin or an owner of Sales (sales), which owns Customer, can change its policy.");
    await say(olga, "propose Customer = A person or company that paid us.");
    expect((await rows(database())).proposals.find((p) => p.id === 4)?.policy).toBe("majority");
  });

  it("deprecate in favour of another term: lookups point to the replacement once agreed", async () => {
    expect(await refusedWithoutWriting(olga, "deprecate Client in favour of Client")).toBe(
      "Client cannot be deprecated in favour of itself; name the term that replaces it.",
    );
    expect(await refusedWithoutWriting(olga, "deprecate Client in favour of Nobody")).toBe('There is no term "Nobody" in the glossary.');
    const opened = await shown(olga, "deprecate Client in favour of Customer");
    expect(opened).toContain("opened: deprecate Client.");
    const lookup = await shown(sally, "Client");
    expect(lookup).toContain("🗳️ A change is being voted on: [#3](https://concord.example.com/proposals/3) (deprecate), closes in 3 days (2026-03-05 09:00 UTC).");
    expect(lookup).toContain("[Proposal #3](https://concord.example.com/proposals/3)");
    expect(lookup).toContain("Stewards: local:olga and local:sid");
    await runAction(deps, sid, { concord: "vote", proposalId: 3, position: "approve" });
    expect((await rows(database())).terms.find((t) => t.slug === "client")).toMatchObject({ status: "deprecated", replacedBy: 1 });
    const after = await shown(sally, "Client");
    expect(after).toContain(
      "⚠️ This term is deprecated in favour of [Customer](https://concord.example.com/terms/customer): use that instead; look it up with “define Customer”.",
    );
    expect(after).not.toContain("A change is being voted on");
    const pages = await startPagesServer(database());
    try {
      const page = visibleText(await (await pages.get("/terms/client")).text());
      expect(page).toContain("This term is deprecated in favour of Customer: use that instead.");
      expect(page).toContain("Stewards local:olga, local:sid");
      const api = (await (await pages.get("/api/terms/client")).json()) as Record<string, unknown>;
      expect(api.replacedBy).toEqual({ slug: "customer", name: "Customer", url: "https://concord.example.com/terms/customer" });
      expect(api.underVote).toEqual([]);
    } finally {
      await pages.close();
    }
    expect(await refusedWithoutWriting(olga, "deprecate Customer in favour of Client")).toBe(
      "Client is deprecated itself, so Customer cannot point to it; name an active term.",
    );
  });

  it("domain owners <slug> lists them, and says who can add one when there are none", async () => {
    expect(await shown(olga, "domain owners sales")).toBe(
      "The owners of Sales (sales): local:sally and local:sam.\nAn admin or an owner can change them with “domain owners sales add|remove @someone”.",
    );
    await say(admin, "domain add finance Finance");
    expect(await shown(olga, "domain owners finance")).toBe(
      "Finance (finance) has no owners yet, so no vote can count for it. An admin can add one with “domain owners finance add @someone”.",
    );
    expect(await refusedWithoutWriting(olga, "domain owners legal")).toBe("There is no domain \"legal\". `domain list` shows the domains Concord knows.");
  });
});
