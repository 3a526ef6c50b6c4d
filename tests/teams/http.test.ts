import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { domains, memberIdentities, members, proposals, terms, votes } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import * as slackIds from "../../src/slack/blocks/ids.js";
import { APOLOGY } from "../../src/views/index.js";
import { buttonClick, commandBody, payloadBody, postSigned } from "../slack/support/signed.js";
import { messageActivity, startFakeConnector, TENANT, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const admin: TeamsUser = { name: "Ada Admin", aad: "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const sally: TeamsUser = { name: "Sally Sales", aad: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02" };
const sid: TeamsUser = { name: "Sid Sales", aad: "0b7a2f1e-3333-4c3e-9a55-8f6f2e1d9c03" };
const sven: TeamsUser = { name: "Sven Support", aad: "0b7a2f1e-4444-4c3e-9a55-8f6f2e1d9c04" };
const fiona: TeamsUser = { name: "Fiona Finance", aad: "0b7a2f1e-5555-4c3e-9a55-8f6f2e1d9c05" };
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}`;
const SALES_CHANNEL = "19:sales-channel@thread.tacv2";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

describeEachDatabase("Teams over HTTP", (database) => {
  let connector: FakeConnector;
  let slack: FakeSlack;
  let concord: Concord;
  let base: string;
  let logger: ReturnType<typeof createMemoryLogger>;

  beforeEach(async () => {
    logger = createMemoryLogger();
    connector = await startFakeConnector();
    slack = await startFakeSlack();
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port),
      ADMIN_USERS: `${ref(admin)},slack:T0TEST:U0ADMIN`,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      GLOSSARY_CHANNEL: "C0GOVERNANCE1",
    });
    concord = await startConcord(config, logger, { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await connector.close();
    await slack.close();
  });

  /** Sends a message (or a card submission) to the bot and returns what it posted back. */
  async function say(user: TeamsUser, text: string | undefined, options: { value?: unknown; channel?: string } = {}) {
    const conversation = options.channel
      ? { id: options.channel, type: "channel" as const }
      : { id: `a:personal-${user.aad}`, type: "personal" as const };
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user, conversation, ...(text === undefined ? {} : { text }), ...(options.value === undefined ? {} : { value: options.value }) })),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === conversation.id);
      if (replies.length === 0) throw new Error(`no reply to ${text ?? "a card"} yet`);
      return replies.map((r) => JSON.stringify(r.activity)).join("\n");
    });
  }

  async function setUp() {
    for (const [slug, name] of [["sales", "Sales"], ["support", "Customer Support"], ["finance", "Finance"]] as const) {
      expect(await say(admin, `domain add ${slug} ${name}`)).toContain(name);
    }
    for (const [slug, user] of [["sales", sally], ["sales", sid], ["support", sven], ["finance", fiona]] as const) {
      await say(admin, `domain owners ${slug} add ${ref(user)}`);
    }
    await say(sally, "domain channel sales", { channel: SALES_CHANNEL });
  }

  it("runs the story through Teams: propose, vote on the card, decide once, announce in the domain's channel thread", async () => {
    await setUp();
    expect(await say(sally, "propose Customer for sales = A person or company that has paid for at least one order.")).toMatch(/#1/);
    await concord.dispatcher.dispatchOnce();
    const card = connector.postsTo(SALES_CHANNEL).find((c) => JSON.stringify(c.activity).includes("vote"));
    expect(card).toBeDefined();

    expect(await say(sid, undefined, { value: { concord: "vote", proposalId: 1, position: "approve" }, channel: SALES_CHANNEL })).toMatch(/counts for Sales/);
    await concord.dispatcher.dispatchOnce();
    expect(connector.calls.some((c) => c.verb === "PUT" && c.conversationId === SALES_CHANNEL)).toBe(true);
    const threadReplies = connector.calls.filter((c) => c.verb === "POST" && c.conversationId.startsWith(`${SALES_CHANNEL};messageid=`));
    expect(threadReplies).toHaveLength(1);
    await concord.dispatcher.dispatchOnce();
    expect(connector.calls.filter((c) => c.verb === "POST" && c.conversationId.startsWith(`${SALES_CHANNEL};messageid=`))).toHaveLength(1);

    const db = database().db;
    const [customer] = await db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(customer).toMatchObject({ currentVersion: 1, name: "Customer" });
    const [proposal] = await db.select().from(proposals);
    expect(proposal).toMatchObject({ status: "approved", resultVersion: 1 });
    expect(await say(sven, "customers")).toContain("paid for at least one order");
  });

  it("names members from the activity's from.name and a mention's name, on the pages and the API beside the ref", async () => {
    await say(admin, "domain add finance Finance");
    await say(admin, `domain owners finance add ${ref(fiona)}`);
    // Teams' mention of Sven carries his name, which Concord keeps for the owner it adds.
    const mention = messageActivity({ serviceUrl: connector.serviceUrl, user: admin, conversation: { id: `a:personal-${admin.aad}`, type: "personal" }, text: "domain owners finance add <at>Sven Support</at>" });
    mention.entities = [{ type: "mention", text: "<at>Sven Support</at>", mentioned: { id: `29:${sven.aad}`, name: sven.name, aadObjectId: sven.aad } }];
    const before = connector.calls.length;
    expect((await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(mention) })).status).toBeLessThan(300);
    await eventually(() => expect(connector.calls.length).toBeGreaterThan(before));

    // A lookup changes nothing, her name included; proposing names the owner Concord knew only by ref.
    await say(fiona, "Gross Margin");
    const named = () => database().db.select({ name: members.displayName }).from(members).innerJoin(memberIdentities, eq(memberIdentities.memberId, members.id)).where(eq(memberIdentities.ref, ref(fiona)));
    expect(await named()).toEqual([{ name: null }]);
    expect(await say(fiona, "propose Gross Margin for finance = Revenue minus the cost of goods sold.")).toMatch(/#1/);
    const page = await (await fetch(`${base}/proposals/1`)).text();
    expect(await named()).toEqual([{ name: "Fiona Finance" }]);
    expect(page).toContain("Fiona Finance");
    expect(page).not.toContain(ref(fiona));
    const api = (await (await fetch(`${base}/api/proposals/1`)).json()) as { proposal: Record<string, unknown>; domains: { owners: unknown[] }[] };
    expect(api.proposal).toMatchObject({ proposer: ref(fiona), proposerName: "Fiona Finance" });
    expect(api.domains[0]!.owners).toEqual([
      { name: "Fiona Finance", ref: ref(fiona) },
      { name: "Sven Support", ref: ref(sven) },
    ]);
  });

  it("apologises once, in one sentence, when something fails on Concord's side", async () => {
    const conversations = concord.deps.store.conversations as { save: (...args: unknown[]) => Promise<unknown> };
    const save = conversations.save;
    conversations.save = async () => {
      throw new Error("the conversation directory is gone");
    };
    try {
      const before = connector.calls.length;
      expect(await say(sven, "help")).toContain("something went wrong on our side");
      // A second apology would follow at once from the turn error handler; give it the time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connector.calls.slice(before).map((c) => c.activity.text)).toEqual([APOLOGY]);
      // The failure is logged once, whole, with the tenant, user and conversation of the turn.
      const failures = logger.lines.filter((line) => line.message === "a Teams turn failed");
      expect(failures).toEqual([
        {
          level: "error",
          message: "a Teams turn failed",
          fields: { tenant: TENANT, user: sven.aad, conversation: `a:personal-${sven.aad}`, error: expect.objectContaining({ message: "the conversation directory is gone" }) },
        },
      ]);
    } finally {
      conversations.save = save;
    }
  });

  it("asks for a reason before an objection from a card counts", async () => {
    await setUp();
    await say(sally, "propose Customer for sales = Anyone with an account.");
    expect(await say(sid, undefined, { value: { concord: "vote", proposalId: "1", position: "object", reason: "" } })).toMatch(/why you object/);
    expect(await database().db.select().from(votes)).toEqual([]);
    await say(sid, undefined, { value: { concord: "vote", proposalId: "1", position: "object", reason: "Too broad." } });
    expect(await database().db.select().from(votes)).toMatchObject([{ position: "object", reason: "Too broad." }]);
  });

  it("decides a proposal opened in Slack and approved from Teams once, and announces it on both", async () => {
    await setUp();
    const TEAMS_GOVERNANCE = "19:data-governance@thread.tacv2";
    expect(await say(admin, "governance channel", { channel: TEAMS_GOVERNANCE })).toContain("now the governance channel");
    const slackCommand = (user: string, text: string, id: string) =>
      postSigned(base, commandBody({ team: "T0TEST", user, channel: "C0DATA", text, responseUrl: slack.responseUrl(id) }), { secret: SECRET });
    await slackCommand("U0ADMIN", "domain owners sales add <@U0SLACKSALES>", "a");
    await eventually(() => expect(slack.responses.find((r) => r.id === "a")).toBeDefined());
    await slackCommand("U0SLACKSALES", "propose Churn Rate for sales = Share of customers lost in a month.", "b");
    await eventually(() => expect(slack.responses.find((r) => r.id === "b")).toBeDefined());
    await concord.dispatcher.dispatchOnce();
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0GOVERNANCE1")).toHaveLength(1);
    expect(connector.postsTo(SALES_CHANNEL).length).toBeGreaterThan(0);

    await say(sid, undefined, { value: { concord: "vote", proposalId: 1, position: "approve" }, channel: SALES_CHANNEL });
    const clickedTwice = await postSigned(
      base,
      payloadBody(buttonClick({ team: "T0TEST", user: "U0SLACKSALES", channel: "C0GOVERNANCE1", actionId: slackIds.VOTE_APPROVE, value: "1", responseUrl: slack.responseUrl("c") })),
      { secret: SECRET },
    );
    expect(clickedTwice.status).toBe(200);
    await concord.dispatcher.dispatchOnce();
    await concord.dispatcher.dispatchOnce();
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal!.status).toBe("approved");
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1);
    expect(connector.calls.filter((c) => c.verb === "POST" && c.conversationId.startsWith(`${SALES_CHANNEL};messageid=`))).toHaveLength(1);
    // The Teams governance channel shows the proposal opened in Slack too, with the one decision under it.
    expect(connector.postsTo(TEAMS_GOVERNANCE).filter((c) => c.conversationId === TEAMS_GOVERNANCE && JSON.stringify(c.activity).includes('"concord":"vote"'))).toHaveLength(1);
    expect(connector.calls.filter((c) => c.verb === "POST" && c.conversationId.startsWith(`${TEAMS_GOVERNANCE};messageid=`))).toHaveLength(1);
  });
});

describeEachDatabase("Teams and Slack together", (database) => {
  let connector: FakeConnector;
  let slack: FakeSlack;
  let concord: Concord;
  let base: string;

  beforeEach(async () => {
    connector = await startFakeConnector();
    slack = await startFakeSlack();
    const port = await freePort();
    concord = await startConcord(
      loadConfig({
        PORT: String(port),
        ADMIN_USERS: ref(admin),
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        GLOSSARY_CHANNEL: "C0GOVERNANCE1",
      }),
      createMemoryLogger(),
      { database: database().opened, schedule: false },
    );
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await connector.close();
    await slack.close();
  });

  it("decides a proposal opened in Teams and approved from Slack once, and announces it on both", async () => {
    const send = (user: TeamsUser, text: string, channel?: string) =>
      fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(
          messageActivity({
            serviceUrl: connector.serviceUrl,
            user,
            text,
            conversation: channel ? { id: channel, type: "channel" } : { id: `a:${user.aad}`, type: "personal" },
          }),
        ),
      });
    for (const text of ["domain add sales Sales", `domain owners sales add ${ref(sally)}`, "domain owners sales add slack:T0TEST:U0SLACKSALES"]) {
      await send(admin, text);
    }
    await send(sally, "domain channel sales", SALES_CHANNEL);
    await send(sally, "propose Churn Rate for sales = Share of customers lost in a month.");
    await eventually(async () => {
      const [row] = await database().db.select({ n: count() }).from(proposals);
      expect(row!.n).toBe(1);
    });
    await concord.dispatcher.dispatchOnce();
    const click = await postSigned(
      base,
      payloadBody(buttonClick({ team: "T0TEST", user: "U0SLACKSALES", channel: "C0GOVERNANCE1", actionId: slackIds.VOTE_APPROVE, value: "1", responseUrl: slack.responseUrl("v") })),
      { secret: SECRET },
    );
    expect(click.status).toBe(200);
    await eventually(() => expect(slack.responses.find((r) => r.id === "v")).toBeDefined());
    await concord.dispatcher.dispatchOnce();
    await concord.dispatcher.dispatchOnce();
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal).toMatchObject({ status: "approved", resultVersion: 1 });
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1);
    expect(connector.calls.filter((c) => c.verb === "POST" && c.conversationId.startsWith(`${SALES_CHANNEL};messageid=`))).toHaveLength(1);
  });
});

describeEachDatabase("Teams authentication", (database) => {
  it("refuses a request without a valid token when an app id is set, and writes nothing", async () => {
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port),
      MICROSOFT_APP_ID: "11111111-2222-4333-8444-555555555555",
      MICROSOFT_APP_PASSWORD: "not-a-real-secret",
      ADMIN_USERS: ref(admin),
    });
    const logger = createMemoryLogger();
    const concord = await startConcord(config, logger, { database: database().opened, schedule: false });
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const body = JSON.stringify(
        messageActivity({ serviceUrl: "http://127.0.0.1:9/", user: admin, text: "domain add sales Sales", conversation: { id: "a:1", type: "personal" } }),
      );
      const missing = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(missing.status).toBe(401);
      const forged = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer not.a.token" },
        body,
      });
      expect(forged.status).toBe(401);
      const [row] = await database().db.select({ n: count() }).from(domains);
      expect(row!.n).toBe(0);
      // Each refusal is a warning in Concord's log, with the Bot Framework's error; nothing goes to the console.
      const refusals = logger.lines.filter((line) => line.message === "refused a Teams request whose token did not check out");
      expect(refusals.map((line) => [line.level, (line.fields?.error as Error).constructor.name])).toEqual([
        ["warn", "AuthenticationError"],
        ["warn", "AuthenticationError"],
      ]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
      await concord.stop();
    }
  });
});
