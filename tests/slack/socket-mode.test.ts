import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { auditEvents, definitionVersions, domains, proposals, terms, votes } from "../../src/db/schema/index.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import {
  eventsApiEnvelope,
  interactiveEnvelope,
  slashCommandEnvelope,
  startFakeSocketMode,
  type Envelope,
  type FakeSocketMode,
} from "./support/fake-socket-mode.js";
import { buttonClick, viewSubmission } from "./support/signed.js";

const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
const ADMIN = "U0ADMIN";
const APP_TOKEN = "xapp-1-A0CONCORD-1-socketmodetest";

describeEachDatabase("Slack in Socket Mode", (database) => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let concord: Concord;
  let responseCounter = 0;

  beforeEach(async () => {
    fake = await startFakeSlack();
    socket = await startFakeSocketMode(fake);
    const config = loadConfig({
      PORT: String(await freePort()),
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      ADMIN_USERS: `slack:${TEAM}:${ADMIN}`,
      GLOSSARY_CHANNEL: GOVERNANCE,
      PUBLIC_URL: "https://concord.example.com",
    });
    expect(config.slack?.mode).toBe("socket");
    concord = await startConcord(config, createMemoryLogger(), { database: database().opened, schedule: false });
    await socket.connected(1);
  });

  afterEach(async () => {
    await concord.stop();
    await socket.close();
    await fake.close();
  });

  /** Waits for what Concord posted to a response_url. */
  const answerTo = (id: string) =>
    eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error(`nothing posted to response_url ${id} yet`);
      return answer.body as { text: string; blocks?: unknown[]; response_type?: string };
    });

  /** Sends `/glossary <text>` as a slash_commands envelope; resolves with the envelope, its ack and the answer. */
  async function glossary(user: string, text: string) {
    const id = `r${++responseCounter}`;
    const envelope = slashCommandEnvelope({ team: TEAM, user, channel: "C0DATA", text, responseUrl: fake.responseUrl(id) });
    const ack = await socket.send(envelope);
    return { envelope, ack, answer: () => answerTo(id), responseId: id };
  }

  async function click(user: string, actionId: string, value: string) {
    const id = `r${++responseCounter}`;
    const envelope = interactiveEnvelope(buttonClick({ team: TEAM, user, channel: GOVERNANCE, actionId, value, responseUrl: fake.responseUrl(id) }));
    const ack = await socket.send(envelope);
    expect(ack.payload ?? {}).toEqual({});
    return { envelope, answer: () => answerTo(id), responseId: id };
  }

  async function setUpDomains() {
    for (const text of [
      "domain add sales Sales",
      "domain add support Support",
      "domain owners sales add <@U0SALES|u0sales>",
      "domain owners sales add <@U0SALES2|u0sales2>",
      "domain owners support add <@U0SUPPORT|u0support>",
    ]) {
      const { answer } = await glossary(ADMIN, text);
      expect((await answer()).text).not.toMatch(/sorry|only an admin/i);
    }
  }

  const homePublished = (user: string) => fake.callsTo("views.publish").filter((c) => c.args.user_id === user);
  const homeOpened = (user: string): Envelope =>
    eventsApiEnvelope({ team: TEAM, event: { type: "app_home_opened", user, channel: "D0HOME", tab: "home", event_ts: `${Date.now() / 1000}` } });

  it("runs the proposal story over the socket: every envelope acknowledged, one decision, announced through the Web API", async () => {
    const opens = fake.callsTo("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);

    await setUpDomains();
    const refused = await glossary("U0SALES", "domain add marketing Marketing");
    expect((await refused.answer()).text).toMatch(/only an admin/i);

    // A slash command opens the form; the form's submission comes back as an interactive envelope.
    await glossary("U0SALES", "propose Churn Rate for sales");
    const opened = await eventually(() => {
      const call = fake.callsTo("views.open")[0];
      if (!call) throw new Error("no form yet");
      return call;
    });
    expect(opened.token).toBe("xoxb-test-token");
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ids.PROPOSE_MODAL);

    const submit = (values: Record<string, Record<string, unknown>>) =>
      socket.send(interactiveEnvelope(viewSubmission({ team: TEAM, user: "U0SALES", callbackId: ids.PROPOSE_MODAL, privateMetadata: view.private_metadata, values })));
    const empty = await submit({ [ids.DEFINITION_BLOCK]: { [ids.DEFINITION_ACTION]: { type: "plain_text_input", value: " " } } });
    expect(empty.payload).toMatchObject({ response_action: "errors", errors: { [ids.DEFINITION_BLOCK]: expect.stringMatching(/definition/i) } });
    expect(await database().db.select().from(proposals)).toEqual([]);

    const accepted = await submit({
      [ids.DEFINITION_BLOCK]: { [ids.DEFINITION_ACTION]: { type: "plain_text_input", value: "Share of customers lost in a month." } },
      [ids.RATIONALE_BLOCK]: { [ids.RATIONALE_ACTION]: { type: "plain_text_input", value: "Sales and Support count it differently." } },
      [ids.CONSUMERS_BLOCK]: { [ids.CONSUMERS_ACTION]: { type: "multi_static_select", selected_options: [{ value: "support" }] } },
    });
    expect(accepted.payload ?? {}).toEqual({});
    const [proposal] = await database().db.select().from(proposals);
    expect(proposal).toMatchObject({ kind: "create", termName: "Churn Rate", status: "open" });

    await concord.dispatcher.dispatchOnce();
    const [posted] = fake.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE);
    expect(JSON.stringify(posted!.args.blocks)).toContain(ids.VOTE_APPROVE);
    const first = await click("U0SALES2", ids.VOTE_APPROVE, String(proposal!.id));
    expect((await first.answer()).text).toMatch(/counts for Sales/);
    await concord.dispatcher.dispatchOnce();
    const [tally] = fake.callsTo("chat.update").filter((c) => c.args.channel === GOVERNANCE);
    expect(tally).toBeDefined();
    const postedTs = String(tally!.args.ts);

    const deciding = await click("U0SUPPORT", ids.VOTE_APPROVE, String(proposal!.id));
    expect((await deciding.answer()).text).toMatch(/counts for Support/);
    await concord.dispatcher.dispatchOnce();
    await concord.dispatcher.dispatchOnce();

    const db = database().db;
    const [decided] = await db.select().from(proposals);
    expect(decided).toMatchObject({ status: "approved", resultVersion: 1 });
    const [term] = await db.select().from(terms).where(eq(terms.slug, "churn-rate"));
    expect(term!.currentVersion).toBe(1);
    const [versions] = await db.select({ n: count() }).from(definitionVersions);
    expect(versions!.n).toBe(1);
    const [decisions] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "proposal.approved"));
    expect(decisions!.n).toBe(1);
    const replies = fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === postedTs);
    expect(replies).toHaveLength(1);
    expect(fake.callsTo("chat.update").filter((c) => c.args.ts === postedTs).length).toBeGreaterThanOrEqual(2);

    // Events arrive as events_api envelopes (retry_attempt 0 on a first delivery) and are handled too.
    await socket.send(homeOpened("U0SUPPORT"));
    const [home] = await eventually(() => {
      const calls = homePublished("U0SUPPORT");
      if (calls.length === 0) throw new Error("Home tab not published yet");
      return calls;
    });
    expect(JSON.stringify(home!.args.view)).toContain("Churn Rate");

    expect(socket.unacknowledged()).toEqual([]);
    expect(socket.strayFrames).toEqual([]);
    expect(socket.connections).toBe(1);
  });

  it("reconnects when the socket drops and handles the next envelope", async () => {
    socket.drop();
    await socket.connected(2);
    const opens = fake.callsTo("apps.connections.open");
    expect(opens).toHaveLength(2);
    expect(opens.every((c) => c.token === APP_TOKEN)).toBe(true);

    const { answer } = await glossary(ADMIN, "domain add sales Sales");
    expect((await answer()).text).toContain("Sales");
    const [row] = await database().db.select({ n: count() }).from(domains);
    expect(row!.n).toBe(1);
    expect(socket.unacknowledged()).toEqual([]);
  });

  it("drops an envelope Slack redelivers because its ack was lost: written once, answered once", async () => {
    await setUpDomains();
    const propose = await glossary("U0SALES", "propose Net Revenue for sales = Revenue after refunds.");
    expect((await propose.answer()).text).toMatch(/proposal #1/i);
    const again = await socket.redeliver(propose.envelope);
    expect(again.envelope_id).toBe(propose.envelope.envelope_id);

    const vote = await click("U0SALES2", ids.VOTE_ABSTAIN, "1");
    expect((await vote.answer()).text).toMatch(/abstain/i);
    await socket.redeliver(vote.envelope);

    const opened = homeOpened("U0SALES2");
    await socket.send(opened);
    await eventually(() => expect(homePublished("U0SALES2")).toHaveLength(1));
    await socket.redeliver(opened, "http_timeout");

    // Long enough for a redelivery that was not dropped to have been written and answered.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const db = database().db;
    expect(await db.select().from(proposals)).toHaveLength(1);
    expect(await db.select().from(votes)).toHaveLength(1);
    const [cast] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, "1")));
    expect(cast!.n).toBe(1);
    const [openedEvents] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "proposal.opened"));
    expect(openedEvents!.n).toBe(1);
    expect(fake.responses.filter((r) => r.id === propose.responseId)).toHaveLength(1);
    expect(fake.responses.filter((r) => r.id === vote.responseId)).toHaveLength(1);
    expect(homePublished("U0SALES2")).toHaveLength(1);
    // Every delivery, redelivered or not, was acknowledged.
    expect(socket.acks.filter((a) => a.envelope_id === vote.envelope.envelope_id)).toHaveLength(2);
    expect(socket.unacknowledged()).toEqual([]);
  });
});
