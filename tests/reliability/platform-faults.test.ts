import { and, count, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import {
  addDomain,
  castVote,
  changeDomainOwner,
  importTerm,
  openProposal,
  setDomainChannel,
  sweepProposals,
} from "../../src/core/index.js";
import { auditEvents, definitionVersions, outboxDeliveries, proposals, terms, votes } from "../../src/db/schema/index.js";
import { runDueDigest } from "../../src/jobs/schedule.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, freePort } from "../support/eventually.js";
import { BOT, TENANT } from "../teams/support/fake-connector.js";
import { startFaultyConnector, type FaultyConnector } from "./support/faulty-connector.js";

const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
const ADMIN = `slack:${TEAM}:U0ADMIN`;
const slackUser = (id: string) => `slack:${TEAM}:${id}`;
const SVEN_AAD = "0b7a2f1e-4444-4c3e-9a55-8f6f2e1d9c04";
const SVEN = `teams:${TENANT}:${SVEN_AAD}`;
const SVEN_CHAT = "a:personal-sven";
const TEAMS_HOMES = { sales: "19:sales@thread.tacv2", support: "19:support@thread.tacv2" } as const;
/** Tuesday: the digest's Monday slot is days away, so only the step that runs it posts one. */
const START = new Date("2026-03-03T10:00:00Z");
const HOUR = 60 * 60_000;
/** The dispatcher's lease (60 s) plus a second: after it, another pass may take a stuck delivery over. */
const PAST_LEASE = 61_000;
/** Past the longest backoff (15 minutes). */
const PAST_BACKOFF = 15 * 60_000 + 1_000;

type Step = "proposal post" | "tally update" | "reminder" | "decision" | "digest";
const STEPS: readonly Step[] = ["proposal post", "tally update", "reminder", "decision", "digest"];

/** What reached each platform, by kind of call and place, for comparing a faulty run with a clean one. */
interface Shape {
  readonly slack: Record<string, number>;
  readonly teams: Record<string, number>;
  readonly slackUpdates: number;
  readonly teamsUpdates: number;
}

let cleanShape: Shape | undefined;

// Bounded, but with room for a loaded CI machine: each case is a whole story over HTTP.
vi.setConfig({ testTimeout: 60_000 });

describeEachDatabase("Slack and Teams APIs failing: 429, 500, no answer", (database) => {
  let slack: FakeSlack;
  let connector: FaultyConnector;
  let concord: Concord;
  const clock = createManualClock(START);
  /** Dispatcher passes stuck on a call that never returns, left behind as a dead replica would leave them. */
  const stuck: Promise<unknown>[] = [];

  beforeEach(async () => {
    clock.set(START);
    slack = await startFakeSlack();
    connector = await startFaultyConnector();
    concord = await startConcord(
      loadConfig({
        PORT: String(await freePort()),
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
        SLACK_API_URL: slack.apiUrl,
        ADMIN_USERS: ADMIN,
        GLOSSARY_CHANNEL: GOVERNANCE,
        PUBLIC_URL: "https://concord.example.com",
      }),
      createMemoryLogger(),
      { database: database().opened, clock, schedule: false },
    );
    const deps = concord.deps;
    const admin = { ref: ADMIN };
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await addDomain(deps, admin, { slug: "support", name: "Support" });
    for (const [slug, owner] of [["sales", slackUser("U0SALES")], ["sales", slackUser("U0SALES2")], ["support", slackUser("U0SUPPORT")], ["support", SVEN]] as const) {
      await changeDomainOwner(deps, admin, { slug, action: "add", owner });
    }
    for (const slug of ["sales", "support"] as const) {
      const address = {
        serviceUrl: connector.serviceUrl,
        channelId: "msteams",
        bot: BOT,
        conversation: { id: TEAMS_HOMES[slug], isGroup: true, conversationType: "channel", tenantId: TENANT },
      };
      await deps.store.conversations.save({ platform: "teams", conversationId: TEAMS_HOMES[slug], scope: "channel", userRef: null, address }, clock.now());
      await setDomainChannel(deps, admin, { slug, platform: "teams", channelId: TEAMS_HOMES[slug], address });
    }
    await deps.store.conversations.save(
      {
        platform: "teams",
        conversationId: SVEN_CHAT,
        scope: "personal",
        userRef: SVEN,
        address: { serviceUrl: connector.serviceUrl, channelId: "msteams", bot: BOT, user: { id: `29:${SVEN_AAD}`, aadObjectId: SVEN_AAD }, conversation: { id: SVEN_CHAT, conversationType: "personal", tenantId: TENANT } },
      },
      clock.now(),
    );
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales", consumers: ["support"] });
    await settle();
    slack.calls.length = 0;
    connector.calls.length = 0;
  });

  afterEach(async () => {
    await concord.stop();
    await slack.close();
    await connector.close();
    // Passes stuck on a dropped connection end in an error their lease no longer lets them record.
    stuck.splice(0);
  });

  /** Drops the calls that never returned and waits for the passes stuck on them to end: they must change nothing. */
  async function releaseStuckPasses() {
    const before = { slack: slack.calls.length, teams: connector.calls.length, pending: await undelivered() };
    await slack.close();
    await connector.close();
    await Promise.all(stuck.splice(0));
    expect({ slack: slack.calls.length, teams: connector.calls.length, pending: await undelivered() }).toEqual(before);
  }

  async function undelivered() {
    const rows = await database()
      .db.select({ status: outboxDeliveries.status, n: count() })
      .from(outboxDeliveries)
      .where(inArray(outboxDeliveries.destination, ["slack", "teams"]))
      .groupBy(outboxDeliveries.status);
    return Object.fromEntries(rows.filter((r) => r.status !== "delivered").map((r) => [r.status, r.n]));
  }

  /**
   * Runs dispatcher passes until every delivery is made. A pass stuck on a call that never returns is left behind;
   * the clock moves past its lease so the next pass takes its deliveries over. A failed pass is retried once the
   * clock is past the backoff. Time only ever moves on the manual clock.
   */
  async function settle(holds: { reached: Promise<void> }[] = []) {
    const waiting = holds.map((hold) => ({ hold, reached: false }));
    for (const w of waiting) void w.hold.reached.then(() => (w.reached = true));
    for (let pass = 0; pass < 12; pass++) {
      // A pass that fails is retried below; a stuck one ends in an error once its connection drops.
      const run = concord.dispatcher.dispatchOnce().catch(() => undefined);
      const outcome = await Promise.race([
        run.then(() => "done" as const),
        ...waiting.filter((w) => !w.reached).map((w) => w.hold.reached.then(() => "held" as const)),
      ]);
      if (outcome === "held") {
        stuck.push(run);
        clock.advance(PAST_LEASE);
        continue;
      }
      if (Object.keys(await undelivered()).length === 0) return;
      clock.advance(PAST_BACKOFF);
    }
    throw new Error(`deliveries still undelivered after 12 passes: ${JSON.stringify(await undelivered())}`);
  }

  /** The whole life of a proposal and a digest, with `fault` injected before each step's deliveries. */
  async function runStory(fault: (step: Step) => unknown) {
    const deps = concord.deps;
    const run = async (step: Step, work: () => Promise<unknown>) => {
      await work();
      const held = fault(step);
      await settle(Array.isArray(held) ? (held as { reached: Promise<void> }[]) : []);
    };
    let proposalId = 0;
    await run("proposal post", async () => {
      const opened = await openProposal(deps, { ref: slackUser("U0SALES") }, { term: "Customer", text: "A person or company that has paid for at least one order in the last 24 months." });
      proposalId = opened.proposal.id;
    });
    await run("tally update", () => castVote(deps, { ref: slackUser("U0SALES2") }, { proposalId, position: "approve" }));
    await run("reminder", async () => {
      clock.set(new Date(START.getTime() + 48 * HOUR + 60_000));
      const sweep = await sweepProposals(deps);
      expect(sweep.reminded.flatMap((r) => r.memberRefs)).toEqual(expect.arrayContaining([slackUser("U0SUPPORT"), SVEN]));
    });
    await run("decision", async () => {
      const result = await castVote(deps, { ref: slackUser("U0SUPPORT") }, { proposalId, position: "approve" });
      expect(result.decided).toBeTruthy();
    });
    await run("digest", async () => {
      clock.set(new Date("2026-03-09T09:00:20Z"));
      expect(await runDueDigest(deps, concord.digest, createMemoryLogger())).toMatchObject({ ran: true });
    });
    return proposalId;
  }

  function shape(): Shape {
    const slackShape: Record<string, number> = {};
    for (const call of slack.calls.filter((c) => c.method === "chat.postMessage")) {
      const key = `${String(call.args.channel)}${call.args.thread_ts ? " (thread)" : ""}`;
      slackShape[key] = (slackShape[key] ?? 0) + 1;
    }
    const teamsShape: Record<string, number> = {};
    for (const call of connector.calls.filter((c) => c.verb === "POST")) {
      const key = call.conversationId.includes(";messageid=") ? `${call.conversationId.split(";")[0]} (thread)` : call.conversationId;
      teamsShape[key] = (teamsShape[key] ?? 0) + 1;
    }
    return {
      slack: slackShape,
      teams: teamsShape,
      slackUpdates: slack.callsTo("chat.update").length,
      teamsUpdates: connector.calls.filter((c) => c.verb === "PUT").length,
    };
  }

  /** Votes, decision and version as the story leaves them, whatever failed on the way. */
  async function expectStateIntact(proposalId: number) {
    const db = database().db;
    expect(await db.select({ position: votes.position }).from(votes).where(eq(votes.proposalId, proposalId))).toHaveLength(2);
    const [proposal] = await db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(proposal).toMatchObject({ status: "approved", resultVersion: 2 });
    const [customer] = await db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(customer!.currentVersion).toBe(2);
    const [versions] = await db.select({ n: count() }).from(definitionVersions).where(eq(definitionVersions.termId, customer!.id));
    expect(versions!.n).toBe(2);
    const [approvals] = await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "proposal.approved"), eq(auditEvents.subjectId, String(proposalId))));
    expect(approvals!.n).toBe(1);
    expect(await undelivered()).toEqual({});
  }

  /** Every message of a faulty run arrived once: the same posts as a clean run; updates at least as many. */
  function expectSameMessagesAsClean() {
    const now = shape();
    expect(cleanShape).toBeDefined();
    expect(now.slack).toEqual(cleanShape!.slack);
    expect(now.teams).toEqual(cleanShape!.teams);
    expect(now.slackUpdates).toBeGreaterThanOrEqual(cleanShape!.slackUpdates);
    expect(now.teamsUpdates).toBeGreaterThanOrEqual(cleanShape!.teamsUpdates);
    const lastUpdate = slack.callsTo("chat.update").at(-1)!;
    expect(JSON.stringify(lastUpdate.args.blocks)).toMatch(/approved/i);
    expect(JSON.stringify(lastUpdate.args.blocks)).not.toContain(ids.VOTE_APPROVE);
  }

  it("without faults: each message is posted once, in the expected places (the reference for the runs below)", async () => {
    const proposalId = await runStory(() => undefined);
    await expectStateIntact(proposalId);
    const clean = shape();
    expect(clean.slack).toEqual({
      [GOVERNANCE]: 2,
      [`${GOVERNANCE} (thread)`]: 1,
      U0SUPPORT: 1,
      ...(clean.slack.U0SALES ? { U0SALES: 1 } : {}),
    });
    for (const home of Object.values(TEAMS_HOMES)) {
      expect(clean.teams[home]).toBeGreaterThanOrEqual(2);
      expect(clean.teams[`${home} (thread)`]).toBe(1);
    }
    expect(clean.teams[SVEN_CHAT]).toBe(1);
    expect(clean.slackUpdates).toBeGreaterThan(0);
    expect(clean.teamsUpdates).toBeGreaterThan(0);
    cleanShape = clean;
  });

  const slackMethod = (step: Step) => (step === "tally update" ? "chat.update" : "chat.postMessage");
  const teamsVerb = (step: Step) => (step === "tally update" ? ("PUT" as const) : ("POST" as const));
  /** Steps whose Slack fault outlasts the Web API client's own retries (3), so the outbox must retry them. */
  const beyondClient = (step: Step) => step === "decision" || step === "digest";

  it("Slack answering 429 (Retry-After): absorbed by the client or retried by the outbox, nothing lost or doubled", async () => {
    const proposalId = await runStory((step) => slack.rateLimit(slackMethod(step), beyondClient(step) ? 5 : 1, 0));
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
  });

  it("Slack answering 500: absorbed by the client or retried by the outbox, nothing lost or doubled", async () => {
    const proposalId = await runStory((step) => slack.fail(slackMethod(step), step === "proposal post" ? 4 : 1));
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
  });

  it("Slack not answering at all: the delivery is taken over after its lease, each message arrives once", async () => {
    const proposalId = await runStory((step) => [slack.hold(slackMethod(step), () => true)]);
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
    expect(stuck.length).toBe(STEPS.length);
    await releaseStuckPasses();
  });

  it("Teams answering one 429 or 500 per step: absorbed by the connector client, nothing lost or doubled", async () => {
    const proposalId = await runStory((step) => connector.fail(teamsVerb(step), 1, step === "reminder" || step === "digest" ? 429 : 500, 0));
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
    expect(connector.attempts.filter((a) => a.status !== 200)).toHaveLength(STEPS.length);
  });

  it("Teams not answering at all: the delivery is taken over after its lease, each message arrives once", async () => {
    const proposalId = await runStory((step) => [connector.hold(teamsVerb(step), () => true)]);
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
    expect(stuck.length).toBe(STEPS.length);
    // Not released here: the Bot Framework client retries a dropped connection for about 20 seconds.
  });

  // The CloudAdapter's turn error handler also runs for proactive turns; the notifier keeps failures from it, so a
  // connector failing past its own retries leaves the delivery to the outbox's retry, with no apology in chat.
  it("Teams answering 429 beyond the client's retries on every step: retried by the outbox", async () => {
    const proposalId = await runStory((step) => connector.fail(teamsVerb(step), 5, 429, 0));
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
  });

  it("Teams answering 500 beyond the client's retries on the proposal card: retried, no apology posted", async () => {
    const proposalId = await runStory((step) => connector.fail(teamsVerb(step), step === "proposal post" ? 4 : 0, 500));
    await expectStateIntact(proposalId);
    expectSameMessagesAsClean();
  });

  it("Teams failing beyond its client's retries posts no apology into the channels", async () => {
    await runStory((step) => connector.fail(teamsVerb(step), 5, 429, 0));
    const apologies = connector.calls.filter((c) => String(c.activity.text ?? "").startsWith("Sorry, something went wrong"));
    expect(apologies).toEqual([]);
  });

  // The dispatcher runs with noOverlap: a Slack call that never answered would stop every later outbox pass.
  it("gives every Slack Web API call a timeout, so a hung call cannot stall the outbox", () => {
    const client = concord.slack!.client as unknown as { timeout: number };
    expect(client.timeout).toBeGreaterThan(0);
  });
});
