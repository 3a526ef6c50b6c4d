import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { auditEvents, governanceChannels, proposals, terms } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { messageActivity, startFakeConnector, TENANT, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const admin: TeamsUser = { name: "Ada Admin", aad: "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const sally: TeamsUser = { name: "Sally Sales", aad: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02" };
const fiona: TeamsUser = { name: "Fiona Finance", aad: "0b7a2f1e-5555-4c3e-9a55-8f6f2e1d9c05" };
const mo: TeamsUser = { name: "Mo Member", aad: "0b7a2f1e-6666-4c3e-9a55-8f6f2e1d9c06" };
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}`;
const GOVERNANCE = "19:data-governance@thread.tacv2";
const GROUP_CHAT = "19:meeting-metrics@thread.v2";

type Where = { type: "personal" } | { type: "channel" | "groupChat"; id: string };

describeEachDatabase("Teams on its own", (database) => {
  let connector: FakeConnector;
  let concord: Concord;
  let base: string;

  beforeEach(async () => {
    connector = await startFakeConnector();
    const port = await freePort();
    const config = loadConfig({ PORT: String(port), ADMIN_USERS: ref(admin) });
    concord = await startConcord(config, createMemoryLogger(), { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await connector.close();
  });

  /** Sends a message or a card submission to the bot and returns what it answered in that conversation. */
  async function say(user: TeamsUser, where: Where, text: string | undefined, value?: unknown) {
    const conversation = where.type === "personal" ? { id: `a:personal-${user.aad}`, type: "personal" as const } : { id: where.id, type: where.type };
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        messageActivity({ serviceUrl: connector.serviceUrl, user, conversation, ...(text === undefined ? {} : { text }), ...(value === undefined ? {} : { value }) }),
      ),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === conversation.id);
      if (replies.length === 0) throw new Error(`no reply to ${text ?? "a card"} yet`);
      return replies.map((r) => JSON.stringify(r.activity)).join("\n");
    });
  }

  const cardsIn = (conversationId: string) =>
    connector.postsTo(conversationId).filter((c) => c.conversationId === conversationId && JSON.stringify(c.activity).includes('"concord":"vote"'));

  it("an admin makes a Teams channel the governance channel; a proposal from a group chat is voted on its cards and decided once", async () => {
    const personal = { type: "personal" } as const;
    const channel = { type: "channel", id: GOVERNANCE } as const;
    const groupChat = { type: "groupChat", id: GROUP_CHAT } as const;

    expect(await say(mo, personal, "help governance")).toContain("governance channel");
    // Refused politely, and nothing is written: a member, and an admin outside a channel.
    expect(await say(mo, channel, "governance channel")).toContain("Only an admin can choose the governance channel");
    expect(await say(admin, groupChat, "governance channel")).toContain("in the Teams channel that should become the governance channel");
    expect(await database().db.select().from(governanceChannels)).toEqual([]);
    expect(await database().db.select().from(auditEvents).where(eq(auditEvents.action, "governance.channel-set"))).toEqual([]);

    expect(await say(admin, channel, "governance channel")).toContain("now the governance channel");
    expect(await database().db.select({ platform: governanceChannels.platform, channelId: governanceChannels.channelId }).from(governanceChannels)).toEqual([
      { platform: "teams", channelId: GOVERNANCE },
    ]);
    for (const text of ["domain add sales Sales", "domain add finance Finance", `domain owners sales add ${ref(sally)}`, `domain owners finance add ${ref(fiona)}`]) {
      await say(admin, personal, text);
    }

    // The propose form, submitted in a group chat, with Finance as a consuming domain.
    const form = { concord: "propose", term: "Churn Rate", domain: "sales", text: "Share of customers lost in a month.", consumers: "finance" };
    expect(await say(mo, groupChat, undefined, form)).toMatch(/#1/);
    await concord.dispatcher.dispatchOnce();
    expect(cardsIn(GOVERNANCE)).toHaveLength(1);
    expect(cardsIn(GROUP_CHAT)).toHaveLength(1);

    const vote = { concord: "vote", proposalId: 1, position: "approve" };
    expect(await say(sally, channel, undefined, vote)).toMatch(/counts for Sales/);
    await concord.dispatcher.dispatchOnce();
    const updates = () => connector.calls.filter((c) => c.verb === "PUT");
    expect(updates().map((c) => c.conversationId).sort()).toEqual([GOVERNANCE, GROUP_CHAT].sort());
    expect((await database().db.select().from(proposals))[0]!.status).toBe("open");

    expect(await say(fiona, groupChat, undefined, vote)).toMatch(/counts for Finance/);
    await concord.dispatcher.dispatchOnce();
    await concord.dispatcher.dispatchOnce();
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal).toMatchObject({ status: "approved", resultVersion: 1 });
    const [churn] = await database().db.select().from(terms).where(eq(terms.slug, "churn-rate"));
    expect(churn).toMatchObject({ currentVersion: 1, name: "Churn Rate" });

    // Both cards were updated in place, never posted again, and the decision replied once under each.
    expect(cardsIn(GOVERNANCE)).toHaveLength(1);
    expect(cardsIn(GROUP_CHAT)).toHaveLength(1);
    const governanceCard = updates().find((c) => c.conversationId === GOVERNANCE)!.activityId;
    const decided = (c: (typeof connector.calls)[number]) => c.verb === "POST" && String(c.activity.text).startsWith("✅ Approved: **Churn Rate**");
    expect(connector.calls.filter(decided).map((c) => c.conversationId)).toEqual([`${GOVERNANCE};messageid=${governanceCard}`, GROUP_CHAT]);
  });
});
