import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import { auditEvents, proposals, votes } from "../../src/db/schema/index.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import { slashCommandEnvelope, startFakeSocketMode, type FakeSocketMode } from "./support/fake-socket-mode.js";
import { ADMIN, GOVERNANCE, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { buttonClick, commandBody, payloadBody, postSigned } from "./support/signed.js";

/** Long enough for a replay that was not ignored to have been written and answered. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describeEachDatabase("a replayed signed Slack request", (database) => {
  let fake: FakeSlack;
  let replicas: Concord[];
  let secondPool: OpenedDatabase | undefined;
  let bases: string[];
  let logs: ReturnType<typeof createMemoryLogger>[];

  beforeEach(async () => {
    fake = await startFakeSlack();
    // Two replicas on one database; on PostgreSQL the second has its own connection pool, as another process would.
    secondPool = database().url ? openDatabase({ url: database().url! }) : undefined;
    replicas = [];
    bases = [];
    logs = [];
    for (const opened of [database().opened, secondPool ?? database().opened]) {
      const port = await freePort();
      const config = slackTestConfig(port, fake.apiUrl);
      const logger = createMemoryLogger();
      replicas.push(await startConcord(config, logger, { database: opened, schedule: false }));
      bases.push(`http://127.0.0.1:${port}`);
      logs.push(logger);
    }
  });

  afterEach(async () => {
    for (const replica of replicas) await replica.stop();
    await secondPool?.close();
    await fake.close();
  });

  const answersTo = (id: string) => fake.responses.filter((r) => r.id === id).map((r) => (r.body as { text: string }).text);

  async function glossary(user: string, text: string) {
    const id = `setup-${fake.responses.length}-${text}`;
    const response = await postSigned(bases[0]!, commandBody({ team: TEAM, user, channel: "C0DATA", text, responseUrl: fake.responseUrl(id) }), {
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    await eventually(() => expect(answersTo(id)).toHaveLength(1));
  }

  async function setUpDomains() {
    await glossary(ADMIN, "domain add sales Sales");
    await glossary(ADMIN, "domain owners sales add <@U0SALES>");
  }

  const ignoredReplays = () => logs.flatMap((log) => log.lines).filter((line) => line.message.includes("replayed"));

  it("is acknowledged and ignored by any replica, with or without the retry header: one proposal, one answer", async () => {
    await setUpDomains();
    const body = commandBody({
      team: TEAM,
      user: "U0SALES",
      channel: "C0DATA",
      text: "propose Net Revenue for sales = Revenue after refunds.",
      responseUrl: fake.responseUrl("propose"),
    });
    const signed = { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) };
    expect((await postSigned(bases[0]!, body, signed)).status).toBe(200);
    await eventually(() => expect(answersTo("propose")).toEqual([expect.stringMatching(/proposal #1/i)]));

    for (const [base, options] of [
      [bases[1]!, signed],
      [bases[0]!, signed],
      [bases[1]!, { ...signed, retryNum: 1 }],
    ] as const) {
      const replay = await postSigned(base, body, options);
      expect(replay.status).toBe(200);
      expect(await replay.text()).toBe("");
    }
    await settle();

    const db = database().db;
    expect(await db.select().from(proposals)).toHaveLength(1);
    const [opened] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "proposal.opened"));
    expect(opened!.n).toBe(1);
    expect(answersTo("propose")).toHaveLength(1);
    // The replay carrying the retry header is dropped as a retry before it is looked up.
    expect(ignoredReplays()).toHaveLength(2);
  });

  it("of a button click records the vote once and answers once", async () => {
    await setUpDomains();
    await glossary("U0SALES", "propose Net Revenue for sales = Revenue after refunds.");
    const body = payloadBody(
      buttonClick({ team: TEAM, user: "U0SALES", channel: GOVERNANCE, actionId: ids.VOTE_ABSTAIN, value: "1", responseUrl: fake.responseUrl("vote") }),
    );
    const signed = { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) };
    expect((await postSigned(bases[0]!, body, signed)).status).toBe(200);
    await eventually(() => expect(answersTo("vote")).toEqual([expect.stringMatching(/abstain/i)]));

    const replay = await postSigned(bases[1]!, body, signed);
    expect(replay.status).toBe(200);
    await settle();

    const db = database().db;
    expect(await db.select().from(votes)).toHaveLength(1);
    const [cast] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, "1")));
    expect(cast!.n).toBe(1);
    expect(answersTo("vote")).toHaveLength(1);
    expect(ignoredReplays()).toHaveLength(1);
  });

  it("signed again at another time is a new request, and is acted on", async () => {
    await setUpDomains();
    const body = commandBody({ team: TEAM, user: "U0SALES", channel: "C0DATA", text: "pending", responseUrl: fake.responseUrl("pending") });
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(bases[0]!, body, { secret: SECRET, timestamp: now - 1 })).status).toBe(200);
    expect((await postSigned(bases[1]!, body, { secret: SECRET, timestamp: now })).status).toBe(200);
    await eventually(() => expect(answersTo("pending")).toHaveLength(2));
    expect(ignoredReplays()).toEqual([]);
  });
});

describeEachDatabase("a replayed Socket Mode envelope", (database) => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let concord: Concord;
  const logger = createMemoryLogger();

  beforeEach(async () => {
    fake = await startFakeSlack();
    socket = await startFakeSocketMode(fake);
    const config = loadConfig({
      PORT: String(await freePort()),
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_APP_TOKEN: "xapp-1-A0CONCORD-1-socketmodetest",
      SLACK_API_URL: fake.apiUrl,
      ADMIN_USERS: `slack:${TEAM}:${ADMIN}`,
      GLOSSARY_CHANNEL: GOVERNANCE,
      PUBLIC_URL: "https://concord.example.com",
    });
    concord = await startConcord(config, logger, { database: database().opened, schedule: false });
    await socket.connected(1);
  });

  afterEach(async () => {
    await concord.stop();
    await socket.close();
    await fake.close();
  });

  it("is acknowledged and ignored when its envelope id was seen, even without a retry attempt", async () => {
    const envelope = slashCommandEnvelope({ team: TEAM, user: ADMIN, channel: "C0DATA", text: "domain add sales Sales", responseUrl: fake.responseUrl("add") });
    await socket.send(envelope);
    await eventually(() => expect(fake.responses.filter((r) => r.id === "add")).toHaveLength(1));
    const again = await socket.send(envelope);
    expect(again.envelope_id).toBe(envelope.envelope_id);
    await settle();
    const [added] = await database().db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "domain.added"));
    expect(added!.n).toBe(1);
    expect(fake.responses.filter((r) => r.id === "add")).toHaveLength(1);
    expect(logger.lines.filter((line) => line.message.includes("replayed"))).toHaveLength(1);
  });
});
