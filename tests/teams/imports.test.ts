import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Concord } from "../../src/app.js";
import { castVote, sweepProposals, withdrawProposal } from "../../src/core/index.js";
import { chatPosts, proposals } from "../../src/db/schema/index.js";
import { createManualClock } from "../fixtures/glossary.js";
import { importTerms, seedAgreedGlossary, thirtyTerms } from "../fixtures/imports.js";
import { describeEachDatabase } from "../support/databases.js";
import { eventually } from "../support/eventually.js";
import { startTeamsConcord, stopTeamsConcord } from "./support/concord.js";
import { messageActivity, TENANT, type ConnectorCall, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const admin: TeamsUser = { name: "Ada Admin", aad: "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const owners: Record<"sales" | "finance" | "support", TeamsUser> = {
  sales: { name: "Sally Sales", aad: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02" },
  finance: { name: "Fiona Finance", aad: "0b7a2f1e-5555-4c3e-9a55-8f6f2e1d9c05" },
  support: { name: "Sam Support", aad: "0b7a2f1e-3333-4c3e-9a55-8f6f2e1d9c03" },
};
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}` as const;
const GOVERNANCE = "19:data-governance@thread.tacv2";
const SALES_HOME = "19:sales-home@thread.tacv2";
const FINANCE_HOME = "19:finance-home@thread.tacv2";

type Where = { type: "personal" } | { type: "channel"; id: string };

/*
 * An import's proposals are announced by one card per channel, not by a card each: the governance channel's lists
 * them all, each affected domain's home its own; once the votes have closed them all, one card per channel says what
 * was agreed. Support's home is the governance channel, so it gets the governance channel's one card.
 */
describeEachDatabase("a glossary import announced in Teams", (database) => {
  let connector: FakeConnector;
  let concord: Concord;
  let base: string;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    ({ connector, concord, base } = await startTeamsConcord(database().opened, { admins: ref(admin), clock }));
  });

  afterEach(() => stopTeamsConcord({ connector, concord, base }));

  /** Sends a message to the bot and returns what it answered in that conversation. */
  async function say(user: TeamsUser, where: Where, text: string) {
    const conversation = where.type === "personal" ? { id: `a:personal-${user.aad}`, type: "personal" as const } : { id: where.id, type: where.type };
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user, conversation, text })),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === conversation.id);
      if (replies.length === 0) throw new Error(`no reply to ${text} yet`);
      return replies.map((r) => JSON.stringify(r.activity)).join("\n");
    });
  }

  async function dispatchAll() {
    while ((await concord.dispatcher.dispatchOnce()).more);
  }

  const sent = (since: number) => connector.calls.slice(since);
  const byConversation = (calls: readonly ConnectorCall[]) => {
    const counts: Record<string, number> = {};
    for (const call of calls) counts[`${call.verb} ${call.conversationId}`] = (counts[`${call.verb} ${call.conversationId}`] ?? 0) + 1;
    return counts;
  };
  const said = (calls: readonly ConnectorCall[], conversationId: string) => JSON.stringify(calls.find((c) => c.conversationId === conversationId)?.activity ?? "");

  it("posts one card per channel when it opens 30 proposals, none of their own, and one outcome per channel once they are decided", async () => {
    const personal = { type: "personal" } as const;
    expect(await say(admin, { type: "channel", id: GOVERNANCE }, "governance channel")).toContain("now the governance channel");
    for (const [slug, name] of [["sales", "Sales"], ["finance", "Finance"], ["support", "Support"]] as const) {
      await say(admin, personal, `domain add ${slug} ${name}`);
      await say(admin, personal, `domain owners ${slug} add ${ref(owners[slug])}`);
    }
    await say(owners.sales, { type: "channel", id: SALES_HOME }, "domain channel sales");
    await say(owners.finance, { type: "channel", id: FINANCE_HOME }, "domain channel finance");
    await say(owners.support, { type: "channel", id: GOVERNANCE }, "domain channel support");
    // Each owner has a personal chat with the bot, where a reminder would go.
    for (const owner of Object.values(owners)) await say(owner, personal, "help");
    // Loaded into the empty glossary as agreed: no proposal, no notice.
    await seedAgreedGlossary(concord.deps, { ref: ref(admin) });
    await dispatchAll();

    const before = connector.calls.length;
    const importId = await importTerms(concord.deps, { ref: ref(admin) }, "sales-finance.csv", thirtyTerms());
    await dispatchAll();

    const opened = sent(before);
    expect(byConversation(opened)).toEqual({ [`POST ${GOVERNANCE}`]: 1, [`POST ${SALES_HOME}`]: 1, [`POST ${FINANCE_HOME}`]: 1 });
    const governance = said(opened, GOVERNANCE);
    expect(governance).toContain("Glossary import: 30 proposals to vote on");
    expect(governance).toContain("sales-finance.csv");
    expect(governance).toContain("(30 new terms)");
    expect(governance).toContain("…and 20 more.");
    expect(governance).toContain("To vote, send “pending”");
    expect(governance).toContain("application/vnd.microsoft.card.adaptive");
    expect(governance).not.toContain('"concord":"vote"');
    expect(said(opened, SALES_HOME)).toContain("Sales: 20 proposals from a glossary import");
    expect(said(opened, SALES_HOME)).not.toContain("Finance Metric");
    expect(said(opened, FINANCE_HOME)).toContain("Finance: 16 proposals from a glossary import");
    expect(said(opened, FINANCE_HOME)).not.toContain("Sales Metric");
    const ledger = await database().db.select().from(chatPosts).where(eq(chatPosts.purpose, "import-opened"));
    expect(ledger.map((p) => p.channelId).sort()).toEqual([FINANCE_HOME, GOVERNANCE, SALES_HOME].sort());

    // The same event delivered again (a replica's repair, a crash before it was marked delivered) posts nothing more.
    await concord.deps.store.transaction((repos) => repos.outbox.enqueue({ kind: "import.opened", payload: { importId } }, clock.now()));
    await dispatchAll();
    expect(sent(before)).toHaveLength(3);

    // A day before the deadline, no owner gets a reminder per proposal in their chat: the card told them.
    const rows = [...(await database().db.select().from(proposals).where(eq(proposals.importId, importId)))].sort((a, b) => a.id - b.id);
    expect(rows).toHaveLength(30);
    clock.set(new Date(rows[0]!.deadline.getTime() - 23 * 3_600_000));
    await sweepProposals(concord.deps);
    await dispatchAll();
    expect(sent(before)).toHaveLength(3);

    // The votes decide them all: one withdrawn, one objected to, the rest approved; no card is posted or updated meanwhile.
    const [withdrawn, objected, ...rest] = rows;
    await withdrawProposal(concord.deps, { ref: ref(admin) }, withdrawn!.id);
    await castVote(concord.deps, { ref: ref(owners.sales) }, { proposalId: objected!.id, position: "object", reason: "We count this weekly, not monthly." });
    for (const proposal of rest) {
      for (const domain of await concord.deps.store.repos.proposals.domains(proposal.id)) {
        await castVote(concord.deps, { ref: ref(owners[domain.slug as keyof typeof owners]) }, { proposalId: proposal.id, position: "approve" });
      }
    }
    await dispatchAll();
    expect(sent(before)).toHaveLength(3);

    // The objection stands at the deadline, which closes the last of them.
    const beforeClosing = connector.calls.length;
    clock.set(new Date(rows[0]!.deadline.getTime() + 60_000));
    await sweepProposals(concord.deps);
    await dispatchAll();
    const closing = sent(beforeClosing);
    expect(byConversation(closing)).toEqual({ [`POST ${GOVERNANCE}`]: 1, [`POST ${SALES_HOME}`]: 1, [`POST ${FINANCE_HOME}`]: 1 });
    const outcome = said(closing, GOVERNANCE);
    expect(outcome).toContain("Glossary import decided");
    expect(outcome).toContain("of 30 proposals, **28** approved, **1** rejected and **1** withdrawn");
    expect(outcome).toContain("**Agreed** (28)");
    expect(outcome).toContain("https://concord.example.com/terms/");
    expect(said(closing, FINANCE_HOME)).toContain("Finance: the glossary import is decided");

    await concord.deps.store.transaction((repos) => repos.outbox.enqueue({ kind: "import.closed", payload: { importId } }, clock.now()));
    await dispatchAll();
    expect(sent(beforeClosing)).toHaveLength(3);
    const closed = await database().db.select().from(chatPosts).where(eq(chatPosts.purpose, "import-closed"));
    expect(closed.map((p) => p.channelId).sort()).toEqual([FINANCE_HOME, GOVERNANCE, SALES_HOME].sort());
  }, 120_000); // thirty proposals opened, voted on, reminded and decided: a long story on a busy machine
});
