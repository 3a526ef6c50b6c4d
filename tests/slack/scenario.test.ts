import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { auditEvents, definitionVersions, domains, memberIdentities, members, proposals, terms, votes } from "../../src/db/schema/index.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "./support/fake-slack.js";
import { ADMIN, GOVERNANCE, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { buttonClick, commandBody, payloadBody, postSigned, viewSubmission } from "./support/signed.js";

describeEachDatabase("Slack over HTTP", (database) => {
  let fake: FakeSlack;
  let concord: Concord;
  let base: string;
  let responseCounter = 0;
  let logger: ReturnType<typeof createMemoryLogger>;

  beforeEach(async () => {
    fake = await startFakeSlack();
    const port = await freePort();
    const config = slackTestConfig(port, fake.apiUrl);
    logger = createMemoryLogger();
    concord = await startConcord(config, logger, { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await fake.close();
  });

  /** Runs `/glossary <text>` as a user and waits for the ephemeral answer posted to its response_url. */
  async function glossary(user: string, text: string, options: { channel?: string } = {}) {
    const id = `r${++responseCounter}`;
    const response = await postSigned(
      base,
      commandBody({ team: TEAM, user, channel: options.channel ?? "C0DATA", text, responseUrl: fake.responseUrl(id) }),
      { secret: SECRET },
    );
    expect(response.status).toBe(200);
    return eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error(`no answer to "${text}" yet`);
      return answer.body as { text: string; blocks?: unknown[]; response_type?: string };
    });
  }

  async function click(user: string, actionId: string, value: string) {
    const id = `r${++responseCounter}`;
    const response = await postSigned(
      base,
      payloadBody(buttonClick({ team: TEAM, user, channel: GOVERNANCE, actionId, value, responseUrl: fake.responseUrl(id) })),
      { secret: SECRET },
    );
    expect(response.status).toBe(200);
    return eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error("no answer to the click yet");
      return answer.body as { text: string };
    });
  }

  const textOf = (call: RecordedCall) => JSON.stringify(call.args.blocks ?? call.args.text);

  it("runs the whole story: domains, owners, a proposal, votes by button, one decision announced once", async () => {
    for (const [slug, name] of [["sales", "Sales"], ["support", "Customer Support"], ["finance", "Finance"]] as const) {
      const reply = await glossary(ADMIN, `domain add ${slug} ${name}`);
      expect(reply.text).toContain(name);
    }
    for (const [slug, user] of [["sales", "U0SALES"], ["sales", "U0SALES2"], ["support", "U0SUPPORT"], ["finance", "U0FINANCE"]] as const) {
      await glossary(ADMIN, `domain owners ${slug} add <@${user}|${user.toLowerCase()}>`);
    }
    const refused = await glossary("U0SALES", "domain add marketing Marketing");
    expect(refused.text).toMatch(/only an admin/i);

    const created = await glossary("U0SALES", "propose Customer for sales = A person or company that has paid for at least one order.");
    expect(created.text).toMatch(/proposal #1/i);
    await concord.dispatcher.dispatchOnce();
    const [posted] = fake.callsTo("chat.postMessage");
    expect(posted!.args.channel).toBe(GOVERNANCE);
    expect(textOf(posted!)).toContain(ids.VOTE_APPROVE);
    expect(checkBlockLimits(posted!.args as never, "message")).toEqual([]);

    const vote = await click("U0SALES2", ids.VOTE_APPROVE, "1");
    expect(vote.text).toMatch(/counts for Sales/);
    await concord.dispatcher.dispatchOnce();
    expect(fake.callsTo("chat.update").length).toBeGreaterThan(0);

    await glossary("U0SUPPORT", "subscribe Customer support");
    await glossary("U0FINANCE", "subscribe Customer finance");
    await glossary("U0SALES", "domain channel sales", { channel: "C0SALESHOME" });
    const amended = await glossary("U0SALES", "propose Customer = A person or company that has paid for at least one order in the last 24 months.");
    expect(amended.text).toMatch(/proposal #2/i);
    await concord.dispatcher.dispatchOnce();
    expect(fake.callsTo("chat.postMessage").some((c) => c.args.channel === "C0SALESHOME")).toBe(true);

    const advisory = await click("U0OUTSIDER", ids.VOTE_APPROVE, "2");
    expect(advisory.text).toMatch(/advisory/);
    for (const user of ["U0SALES2", "U0SUPPORT", "U0FINANCE"]) await click(user, ids.VOTE_APPROVE, "2");
    await concord.dispatcher.dispatchOnce();
    await concord.dispatcher.dispatchOnce();

    const db = database().db;
    const [customer] = await db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(customer!.currentVersion).toBe(2);
    const [proposal] = await db.select().from(proposals).where(eq(proposals.id, 2));
    expect(proposal).toMatchObject({ status: "approved", resultVersion: 2 });
    const threadReplies = fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined);
    expect(threadReplies).toHaveLength(2);
    expect(fake.callsTo("chat.update").every((c) => checkBlockLimits(c.args as never, "message").length === 0)).toBe(true);

    const lookup = await glossary("U0OUTSIDER", "customers");
    expect(lookup.response_type).toBe("ephemeral");
    expect(JSON.stringify(lookup.blocks)).toContain("24 months");
    expect(JSON.stringify(lookup.blocks)).toContain(ids.SHARE_TERM);
  });

  /** Slack's users.info as it answers for Fiona, and for anyone else by their id in lower case. */
  function answerUsersInfo(fiona: Record<string, unknown>) {
    fake.answer("users.info", (call) => {
      const id = String(call.args.user);
      return id === "U0FIONA" ? fiona : { ok: true, user: { id, name: id.toLowerCase(), profile: { display_name: id.toLowerCase() } } };
    });
  }

  async function page(path: string) {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    return path.startsWith("/api/") ? ((await response.json()) as Record<string, unknown>) : await response.text();
  }

  it("names an owner an admin added by mention from Slack's users.info, asked once, on the pages and the API beside the ref", async () => {
    answerUsersInfo({ ok: true, user: { id: "U0FIONA", name: "fiona", real_name: "Fiona F.", profile: { display_name: "Fiona Finance", real_name: "Fiona F." } } });
    await glossary(ADMIN, "domain add finance Finance");
    await glossary(ADMIN, "domain owners finance add <@U0FIONA>");
    await glossary(ADMIN, "domain owners finance add <@U0FRANK>");
    const fionaRef = `slack:${TEAM}:U0FIONA`;
    // Named when added by mention, before she ever acts.
    const named = await database().db.select({ name: members.displayName }).from(members).innerJoin(memberIdentities, eq(memberIdentities.memberId, members.id)).where(eq(memberIdentities.ref, fionaRef));
    expect(named).toEqual([{ name: "Fiona Finance" }]);
    await glossary("U0FIONA", "propose Gross Margin for finance = Revenue minus the cost of goods sold.");
    await glossary("U0FIONA", "pending");
    expect(fake.callsTo("users.info").filter((c) => c.args.user === "U0FIONA")).toHaveLength(1);

    const proposalPage = String(await page("/proposals/1"));
    expect(proposalPage).toContain("Fiona Finance");
    expect(proposalPage).not.toContain(fionaRef);
    const api = (await page("/api/proposals/1")) as { proposal: { proposer: string; proposerName: string }; domains: { owners: unknown[] }[] };
    expect(api.proposal).toMatchObject({ proposer: fionaRef, proposerName: "Fiona Finance" });
    expect(api.domains[0]!.owners).toContainEqual({ name: "Fiona Finance", ref: fionaRef });

    await click("U0FRANK", ids.VOTE_APPROVE, "1");
    const termPage = String(await page("/terms/gross-margin"));
    expect(termPage).toMatch(/by Fiona Finance/);
    expect(termPage).toContain("u0frank");
    const term = (await page("/api/terms/gross-margin")) as { definition: { proposedBy: unknown }; stewards: unknown[] };
    expect(term.definition.proposedBy).toEqual({ name: "Fiona Finance", ref: fionaRef });
    expect(term.stewards).toContainEqual({ name: "u0frank", ref: `slack:${TEAM}:U0FRANK` });
  });

  it("shows a user by ref when users.info fails, logs it, and still answers", async () => {
    answerUsersInfo({ ok: false, error: "user_not_found" });
    await glossary(ADMIN, "domain add finance Finance");
    await glossary(ADMIN, "domain owners finance add <@U0FIONA>");
    const fionaRef = `slack:${TEAM}:U0FIONA`;
    const opened = await glossary("U0FIONA", "propose Gross Margin for finance = Revenue minus the cost of goods sold.");
    expect(opened.text).toMatch(/proposal #1/i);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: "warn", message: expect.stringMatching(/users\.info/), fields: expect.objectContaining({ user: "U0FIONA" }) }),
    );
    // Not asked again on every request: a failed name is retried minutes later.
    await glossary("U0FIONA", "pending");
    expect(fake.callsTo("users.info").filter((c) => c.args.user === "U0FIONA")).toHaveLength(1);
    expect(String(await page("/proposals/1"))).toContain(fionaRef);
    const api = (await page("/api/proposals/1")) as { proposal: { proposer: string; proposerName: string | null } };
    expect(api.proposal).toMatchObject({ proposer: fionaRef, proposerName: null });
  });

  it("asks Slack once for a user it gives no name for, not on every request", async () => {
    fake.answer("users.info", (call) => ({ ok: true, user: { id: String(call.args.user), name: "", profile: { display_name: "", real_name: "" } } }));
    await glossary("U0NONAME", "define Customer");
    await glossary("U0NONAME", "pending");
    await glossary("U0NONAME", "define Customer");
    expect(fake.callsTo("users.info").filter((c) => c.args.user === "U0NONAME")).toHaveLength(1);
  });

  async function setUpDomains() {
    await glossary(ADMIN, "domain add sales Sales");
    await glossary(ADMIN, "domain add support Support");
    await glossary(ADMIN, "domain owners sales add <@U0SALES>");
    await glossary(ADMIN, "domain owners support add <@U0SUPPORT>");
  }

  async function submit(user: string, callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>) {
    const response = await postSigned(
      base,
      payloadBody(viewSubmission({ team: TEAM, user, callbackId, privateMetadata, values })),
      { secret: SECRET },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    return text === "" ? undefined : (JSON.parse(text) as { response_action: string; errors: Record<string, string> });
  }

  it("opens the propose form, refuses an empty definition in the form, and opens the proposal it describes", async () => {
    await setUpDomains();
    await postSigned(
      base,
      commandBody({ team: TEAM, user: "U0SALES", channel: "C0DATA", text: "propose Churn Rate for sales", responseUrl: fake.responseUrl("p") }),
      { secret: SECRET },
    );
    const opened = await eventually(() => {
      const call = fake.callsTo("views.open")[0];
      if (!call) throw new Error("no form yet");
      return call;
    });
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ids.PROPOSE_MODAL);
    expect(checkBlockLimits(view as never, "modal")).toEqual([]);

    const empty = await submit("U0SALES", ids.PROPOSE_MODAL, view.private_metadata, {
      [ids.DEFINITION_BLOCK]: { [ids.DEFINITION_ACTION]: { type: "plain_text_input", value: "  " } },
    });
    expect(empty?.response_action).toBe("errors");
    expect(empty?.errors[ids.DEFINITION_BLOCK]).toMatch(/definition/i);
    const [none] = await database().db.select({ n: count() }).from(proposals);
    expect(none!.n).toBe(0);

    const accepted = await submit("U0SALES", ids.PROPOSE_MODAL, view.private_metadata, {
      [ids.DEFINITION_BLOCK]: { [ids.DEFINITION_ACTION]: { type: "plain_text_input", value: "Share of customers lost in a month." } },
      [ids.RATIONALE_BLOCK]: { [ids.RATIONALE_ACTION]: { type: "plain_text_input", value: "Finance and Support disagree." } },
      [ids.CONSUMERS_BLOCK]: { [ids.CONSUMERS_ACTION]: { type: "multi_static_select", selected_options: [{ value: "support" }] } },
    });
    expect(accepted).toBeUndefined();
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal).toMatchObject({ kind: "create", termName: "Churn Rate", rationale: "Finance and Support disagree." });
    await eventually(() => expect(fake.callsTo("chat.postEphemeral")).toHaveLength(1));
  });

  it("asks for a reason before recording an objection", async () => {
    await setUpDomains();
    await glossary("U0SALES", "propose Churn Rate for sales = Share of customers lost in a month.");
    await postSigned(
      base,
      payloadBody(buttonClick({ team: TEAM, user: "U0SUPPORT", channel: GOVERNANCE, actionId: ids.VOTE_OBJECT, value: "1", responseUrl: fake.responseUrl("o") })),
      { secret: SECRET },
    );
    const opened = await eventually(() => {
      const call = fake.callsTo("views.open")[0];
      if (!call) throw new Error("no objection form yet");
      return call;
    });
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ids.OBJECT_MODAL);
    const noReason = await submit("U0SUPPORT", ids.OBJECT_MODAL, view.private_metadata, {
      [ids.OBJECT_REASON_BLOCK]: { [ids.OBJECT_REASON_ACTION]: { type: "plain_text_input", value: "" } },
    });
    expect(noReason?.errors[ids.OBJECT_REASON_BLOCK]).toMatch(/why/i);
    expect(await database().db.select().from(votes)).toEqual([]);
    await submit("U0SUPPORT", ids.OBJECT_MODAL, view.private_metadata, {
      [ids.OBJECT_REASON_BLOCK]: { [ids.OBJECT_REASON_ACTION]: { type: "plain_text_input", value: "Support counts paused accounts." } },
    });
    const stored = await database().db.select().from(votes);
    expect(stored).toMatchObject([{ position: "object", reason: "Support counts paused accounts." }]);
  });

  it("publishes the App Home tab with the user's pending votes", async () => {
    await setUpDomains();
    await glossary("U0SUPPORT", "propose Churn Rate for support = Share of customers lost in a month.");
    const event = {
      type: "event_callback",
      team_id: TEAM,
      api_app_id: "A0CONCORD",
      event_id: "Ev01",
      event_time: Math.floor(Date.now() / 1000),
      token: "legacy",
      event: { type: "app_home_opened", user: "U0SUPPORT", channel: "D0HOME", tab: "home", event_ts: "1.0" },
    };
    const response = await postSigned(base, JSON.stringify(event), { secret: SECRET, json: true });
    expect(response.status).toBe(200);
    const published = await eventually(() => {
      const call = fake.callsTo("views.publish")[0];
      if (!call) throw new Error("not published yet");
      return call;
    });
    expect(published.args.user_id).toBe("U0SUPPORT");
    expect(checkBlockLimits(published.args.view as never, "home")).toEqual([]);
    expect(JSON.stringify(published.args.view)).toContain("Churn Rate");
  });

  it("refuses a bad signature or a stale timestamp with 401 and writes nothing", async () => {
    const body = commandBody({ team: TEAM, user: ADMIN, channel: "C0DATA", text: "domain add sales Sales", responseUrl: fake.responseUrl("x") });
    const forged = await postSigned(base, body, { secret: SECRET, signature: "v0=deadbeef" });
    expect(forged.status).toBe(401);
    const wrongSecret = await postSigned(base, body, { secret: "not-the-secret" });
    expect(wrongSecret.status).toBe(401);
    const stale = await postSigned(base, body, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [row] = await database().db.select({ n: count() }).from(domains);
    expect(row!.n).toBe(0);
    expect(fake.responses).toEqual([]);
  });

  it("drops a retried request: no second answer, nothing written twice", async () => {
    const body = commandBody({ team: TEAM, user: ADMIN, channel: "C0DATA", text: "domain add sales Sales", responseUrl: fake.responseUrl("retry") });
    const retried = await postSigned(base, body, { secret: SECRET, retryNum: 1 });
    expect(retried.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.responses).toEqual([]);
    const [row] = await database().db.select({ n: count() }).from(domains);
    expect(row!.n).toBe(0);
  });

  it("counts twenty clicks of one button by one owner as one vote", async () => {
    await glossary(ADMIN, "domain add sales Sales");
    await glossary(ADMIN, "domain owners sales add <@U0SALES>");
    await glossary(ADMIN, "domain owners sales add <@U0SALES2>");
    await glossary("U0SALES", "propose Net Revenue for sales = Revenue after refunds.");
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postSigned(
          base,
          payloadBody(buttonClick({ team: TEAM, user: "U0SALES2", channel: GOVERNANCE, actionId: ids.VOTE_APPROVE, value: "1", responseUrl: fake.responseUrl(`c${i}`) })),
          { secret: SECRET },
        ),
      ),
    );
    await eventually(() => {
      if (fake.responses.filter((r) => r.id.startsWith("c")).length < 20) throw new Error("clicks still running");
    });
    const db = database().db;
    const stored = await db.select().from(votes).where(eq(votes.proposalId, 1));
    expect(stored).toHaveLength(1);
    const [cast] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, "1")));
    expect(cast!.n).toBe(1);
    const answers = fake.responses.filter((r) => r.id.startsWith("c")).map((r) => String(r.body.text));
    expect(answers.filter((a) => a.startsWith("Recorded"))).toHaveLength(1);
  });

  it("delivers an announcement once when the Web API answers 429 first", async () => {
    await glossary(ADMIN, "domain add sales Sales");
    await glossary(ADMIN, "domain owners sales add <@U0SALES>");
    await glossary("U0SALES", "propose Churn Rate for sales = Share of customers lost in a month.");
    fake.rateLimit("chat.postMessage", 1, 1);
    const report = await concord.dispatcher.dispatchOnce();
    expect(report).toMatchObject({ failed: 0, gaveUp: 0 });
    expect(fake.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE)).toHaveLength(1);
    await concord.dispatcher.dispatchOnce();
    expect(fake.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE)).toHaveLength(1);
    const [versions] = await database().db.select({ n: count() }).from(definitionVersions);
    expect(versions!.n).toBe(0);
  });
});
