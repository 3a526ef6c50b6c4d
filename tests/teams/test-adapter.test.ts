import { TestAdapter, type Activity } from "botbuilder";
import { beforeEach, expect, it } from "vitest";
import { ConcordTeamsBot } from "../../src/teams/bot.js";
import { createLinks } from "../../src/web/links.js";
import { coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger } from "../support/eventually.js";
import { validateCard } from "./cards/validate.js";
import { TENANT } from "./support/fake-connector.js";

const ADMIN_AAD = "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01";
const OWNER_AAD = "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02";
const adminRef = `teams:${TENANT}:${ADMIN_AAD}`;
const ownerRef = `teams:${TENANT}:${OWNER_AAD}`;

/** What the bot sent back: card text (all TextBlocks and facts) or plain text, and every card's validation problems. */
function readReply(activity: Partial<Activity>): { text: string; problems: string[] } {
  const cards = (activity.attachments ?? []).map((a) => a.content as object);
  return {
    text: cards.length > 0 ? JSON.stringify(cards) : String(activity.text ?? ""),
    problems: cards.flatMap((card) => validateCard(card as never)),
  };
}

describeEachDatabase("Teams commands through TestAdapter", (database) => {
  let adapter: TestAdapter;

  beforeEach(async () => {
    const deps = {
      ...coreDeps(database(), createManualClock()),
      access: { admins: new Set([adminRef]) },
    };
    const bot = new ConcordTeamsBot({ deps, links: createLinks("https://concord.example.com"), logger: createMemoryLogger() });
    adapter = new TestAdapter(async (context) => bot.run(context));
  });

  /** Sends words as a user in a Teams channel (with the bot's @mention) and returns the reply. */
  async function say(aad: string, text: string) {
    let reply: { text: string; problems: string[] } | undefined;
    await adapter
      .send({
        type: "message",
        text: `<at>Concord</at> ${text}`,
        from: { id: `29:${aad}`, name: "Someone", aadObjectId: aad },
        recipient: { id: "28:concord", name: "Concord" },
        conversation: { id: "19:general@thread.tacv2", conversationType: "channel", tenantId: TENANT, isGroup: true, name: "General" },
        entities: [{ type: "mention", mentioned: { id: "28:concord", name: "Concord" }, text: "<at>Concord</at>" }],
        channelData: { tenant: { id: TENANT }, channel: { id: "19:general@thread.tacv2" }, team: { id: "19:team@thread.tacv2" } },
      } as Partial<Activity>)
      .assertReply((activity) => {
        reply = readReply(activity);
      });
    expect(reply!.problems).toEqual([]);
    return reply!.text;
  }

  it("answers every command with a valid card", async () => {
    expect(await say(ADMIN_AAD, "help")).toContain("propose");
    expect(await say(ADMIN_AAD, "domain add sales Sales")).toContain("Sales");
    expect(await say(ADMIN_AAD, "domain add support Support")).toContain("Support");
    expect(await say(ADMIN_AAD, `domain owners sales add ${ownerRef}`)).toContain("Sales");
    expect(await say(ADMIN_AAD, `domain owners support add ${ownerRef}`)).toContain("Support");
    expect(await say(OWNER_AAD, "domain channel sales")).toContain("Sales");
    expect(await say(ADMIN_AAD, "domain list")).toContain("support");
    expect(await say(OWNER_AAD, "propose Customer")).toContain("propose");
    expect(await say(OWNER_AAD, "propose Customer for sales = A person or company that has paid for an order.")).toMatch(/#1/);
    expect(await say(OWNER_AAD, "pending")).toContain("Customer");
    expect(await say(ADMIN_AAD, "Customer")).toMatch(/No term|propose/i);
    expect(await say(ADMIN_AAD, "digest")).toMatch(/digest/i);
    expect(await say(ADMIN_AAD, "serch churn")).toMatch(/search churn/);
  });

  it("looks up, searches, shows history, records variants and subscriptions once a term exists", async () => {
    await say(ADMIN_AAD, "domain add sales Sales");
    await say(ADMIN_AAD, "domain add support Support");
    await say(ADMIN_AAD, `domain owners support add ${ownerRef}`);
    await say(ADMIN_AAD, "domain owners sales add teams:" + TENANT + ":0b7a2f1e-3333-4c3e-9a55-8f6f2e1d9c03");
    await say(OWNER_AAD, "propose Customer for support = A person who has opened a ticket.");
    // Support's only other owner agrees it with the card's Approve button, so the term exists for the reads below.
    await say(ADMIN_AAD, `domain owners support add ${adminRef}`);
    let reply: string | undefined;
    await adapter
      .send({
        type: "message",
        value: { concord: "vote", proposalId: 1, position: "approve" },
        from: { id: `29:${ADMIN_AAD}`, name: "Ada", aadObjectId: ADMIN_AAD },
        conversation: { id: "a:personal", conversationType: "personal", tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      } as Partial<Activity>)
      .assertReply((activity) => {
        reply = String(activity.text);
      });
    expect(reply).toMatch(/approved/);
    expect(await say(ADMIN_AAD, "define customers")).toContain("opened a ticket");
    expect(await say(ADMIN_AAD, "search ticket")).toContain("Customer");
    expect(await say(ADMIN_AAD, "history Customer")).toContain("1");
    expect(await say(OWNER_AAD, "variant Customer = Anyone who contacted support.")).toMatch(/drift/i);
    expect(await say(ADMIN_AAD, "subscribe Customer sales")).toContain("Sales");
    expect(await say(OWNER_AAD, "deprecate Customer")).toMatch(/#2/);
  });
});
