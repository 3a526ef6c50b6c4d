import { spawn, type ChildProcess } from "node:child_process";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConcord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm, openProposal, type CoreDeps } from "../../src/core/index.js";
import { auditEvents, definitionVersions, outboxDeliveries, outboxEvents, proposals, votes } from "../../src/db/schema/index.js";
import { createStore } from "../../src/db/store.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import { buttonClick, payloadBody, postSigned } from "../slack/support/signed.js";
import { createTestDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { inBatches } from "./support/polite.js";

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
const MESSAGE_TS = "1700000001.000100";
const ADMIN = `slack:${TEAM}:U0ADMIN`;
/** 200 owners, half in Sales and half in Finance: every vote of the storm counts. */
const VOTERS = Array.from({ length: 200 }, (_, i) => ({ user: `U0OWNER${String(i).padStart(3, "0")}`, domain: i % 2 === 0 ? "sales" : "finance" }));
/** Support's one owner, whose approval decides once both other domains approve. */
const DECIDER = "U0SUPPORT";
/** Clicks in flight at once, across both replicas. */
const IN_FLIGHT = 16;
/** The replica dies once this many clicks (on either replica) have been acknowledged. */
const KILL_AFTER = 100;
const RECORDED = /counts for (Sales|Finance|Support)/;
const ALREADY = /already recorded/;

interface Replica {
  readonly name: string;
  readonly base: string;
  readonly child: ChildProcess;
  readonly exited: Promise<string | number | null>;
  output: string;
}

type Click = { status: number; replica: string };

// Two replicas, each a process of its own on one PostgreSQL database behind one (fake) Slack; a storm of 200 vote
// clicks split between them, and one replica killed with SIGKILL in the middle of it. PostgreSQL only: an embedded
// database belongs to one process.
describe.skipIf(!hasPostgres)(`a replica killed with SIGKILL mid-storm [postgres${hasPostgres ? "" : ": skipped, TEST_DATABASE_URL is not set"}]`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let slack: FakeSlack;
  const replicas: Replica[] = [];

  const settings = (port: number) => ({
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: database.url!,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    ADMIN_USERS: ADMIN,
    GLOSSARY_CHANNEL: GOVERNANCE,
  });

  async function startReplica(name: string): Promise<Replica> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "tests/reliability/support/live-replica.ts"], {
      env: { ...process.env, ...settings(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const replica: Replica = {
      name,
      base: `http://127.0.0.1:${port}`,
      child,
      exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code))),
      output: "",
    };
    child.stdout!.on("data", (chunk) => (replica.output += String(chunk)));
    child.stderr!.on("data", (chunk) => (replica.output += String(chunk)));
    replicas.push(replica);
    await eventually(() => {
      if (child.exitCode !== null) throw new Error(`replica ${name} exited at start:\n${replica.output}`);
      if (!replica.output.includes("READY")) throw new Error("not ready yet");
    }, 30_000);
    return replica;
  }

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    slack = await startFakeSlack();
  });

  afterAll(async () => {
    for (const replica of replicas.splice(0)) {
      if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill("SIGTERM");
      await replica.exited;
    }
    await slack?.close();
    await database?.close();
  });

  /** Two domains of 100 owners, Support with one, and a proposal waiting on all three, through the core. */
  async function seed(): Promise<number> {
    const deps: CoreDeps = {
      store: createStore(database.db, { destinations: ["slack", "teams"] }),
      clock: { now: () => new Date() },
      access: { admins: new Set([ADMIN]) },
      governance: { defaultPolicy: "unanimous", proposalTtlHours: 72, allowSelfApproval: false },
    };
    const admin = { ref: ADMIN };
    for (const [slug, name] of [["sales", "Sales"], ["finance", "Finance"], ["support", "Support"]] as const) await addDomain(deps, admin, { slug, name });
    for (const { user, domain } of VOTERS) await changeDomainOwner(deps, admin, { slug: domain, action: "add", owner: `slack:${TEAM}:${user}` });
    await changeDomainOwner(deps, admin, { slug: "support", action: "add", owner: `slack:${TEAM}:${DECIDER}` });
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales", consumers: ["finance", "support"] });
    const { proposal } = await openProposal(deps, { ref: "local:proposer" }, { term: "Customer", text: "A person or company that has paid in the last 24 months." });
    return proposal.id;
  }

  const click = (replica: Replica, user: string, proposalId: number, responseId: string) =>
    postSigned(
      replica.base,
      payloadBody(buttonClick({ team: TEAM, user, channel: GOVERNANCE, actionId: ids.VOTE_APPROVE, value: String(proposalId), responseUrl: slack.responseUrl(responseId), messageTs: MESSAGE_TS })),
      { secret: SECRET },
    ).then(
      (response) => response.status,
      () => 0,
    );

  const answerTo = (responseId: string) => {
    const answer = slack.responses.find((r) => r.id === responseId);
    return answer === undefined ? undefined : String(answer.body.text);
  };

  async function storedVotes(proposalId: number): Promise<Map<string, number>> {
    const rows = await database.db.select({ ref: votes.voterRef }).from(votes).where(eq(votes.proposalId, proposalId));
    const byUser = new Map<string, number>();
    for (const { ref } of rows) byUser.set(ref.split(":")[2]!, (byUser.get(ref.split(":")[2]!) ?? 0) + 1);
    return byUser;
  }

  async function castEvents(proposalId: number): Promise<number> {
    const [row] = await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, String(proposalId))));
    return row!.n;
  }

  it("every acknowledged vote is stored once and none doubled; one decision, announced once after a restarted replica's pass", { timeout: 120_000 }, async () => {
    const proposalId = await seed();
    const [survivor, doomed] = await Promise.all([startReplica("A"), startReplica("B")]);
    // The proposal queued before they started is posted by one of them, once.
    const governancePosts = () => slack.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE && c.args.thread_ts === undefined);
    await eventually(() => expect(governancePosts()).toHaveLength(1), 15_000);

    // The storm: clicks alternate between the replicas; once KILL_AFTER are acknowledged, B is killed outright.
    const clicks = new Map<string, Click>();
    let acknowledged = 0;
    await inBatches(VOTERS, IN_FLIGHT, async ({ user }, i) => {
      const replica = i % 2 === 0 ? survivor : doomed;
      const status = await click(replica, user, proposalId, `v-${user}`);
      clicks.set(user, { status, replica: replica.name });
      if (status === 200 && ++acknowledged === KILL_AFTER) doomed.child.kill("SIGKILL");
    });
    expect(await doomed.exited).toBe("SIGKILL");
    expect(survivor.child.exitCode ?? survivor.child.signalCode).toBeNull();

    // The survivor answers every click it got; the dead replica answers nothing more.
    const onSurvivor = VOTERS.filter(({ user }) => clicks.get(user)!.replica === survivor.name);
    await eventually(() => expect(onSurvivor.filter(({ user }) => answerTo(`v-${user}`) === undefined).map((v) => v.user)).toEqual([]), 20_000);
    const stored = await storedVotes(proposalId);
    const report = VOTERS.map(({ user }) => {
      const c = clicks.get(user)!;
      const answer = answerTo(`v-${user}`);
      return { user, replica: c.replica, status: c.status, answer: answer === undefined ? "none" : RECORDED.test(answer) ? "recorded" : answer, stored: stored.get(user) ?? 0 };
    });

    // Every click the survivor got was acknowledged, answered as recorded, and stored.
    expect(report.filter((r) => r.replica === survivor.name && (r.status !== 200 || r.answer !== "recorded" || r.stored !== 1))).toEqual([]);
    // On either replica: a click Slack saw acknowledged is a vote stored, once, whether or not its answer got out
    // before the kill (Slack sends an acknowledged click nowhere else); an answer says recorded or nothing.
    expect(report.filter((r) => r.status === 200 && r.stored !== 1)).toEqual([]);
    expect(report.filter((r) => r.answer !== "recorded" && r.answer !== "none")).toEqual([]);
    // The kill landed in the middle: the dead replica had acknowledged some clicks, and refused (never got) others.
    const onDoomed = report.filter((r) => r.replica === doomed.name);
    expect(onDoomed.filter((r) => r.status === 200).length).toBeGreaterThan(10);
    expect(onDoomed.filter((r) => r.status === 0).length).toBeGreaterThan(10);
    // Nothing doubled: one row per voter at most, and one vote.cast audit event per stored vote.
    expect([...stored.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await castEvents(proposalId)).toBe(stored.size);

    // Those the dead replica left without an answer click again, on the survivor (a click it never acknowledged,
    // Slack showed as failed): a vote it had stored is "already recorded", one it lost counts now. Either way, once.
    const unanswered = report.filter((r) => r.answer === "none");
    await inBatches(unanswered, IN_FLIGHT, async (r) => {
      expect(await click(survivor, r.user, proposalId, `again-${r.user}`)).toBe(200);
    });
    await eventually(() => expect(unanswered.filter((r) => answerTo(`again-${r.user}`) === undefined)).toEqual([]), 20_000);
    expect(unanswered.filter((r) => !(r.stored === 1 ? ALREADY : RECORDED).test(answerTo(`again-${r.user}`)!))).toEqual([]);
    const afterRetries = await storedVotes(proposalId);
    expect({ voters: afterRetries.size, doubled: [...afterRetries.values()].filter((n) => n !== 1).length }).toEqual({ voters: VOTERS.length, doubled: 0 });
    expect(await castEvents(proposalId)).toBe(VOTERS.length);

    // The deciding vote, on the survivor: decided once and announced once in the thread.
    expect(await click(survivor, DECIDER, proposalId, "decide")).toBe(200);
    await eventually(() => expect(answerTo("decide")).toMatch(RECORDED));
    const threadReplies = () => slack.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined);
    await eventually(() => expect(threadReplies()).toHaveLength(1), 15_000);

    // A restarted replica's pass, once every lease the dead one held has lapsed, delivers what it left behind (its
    // claimed tally updates); nothing it delivers is a second announcement.
    const restarted = await startConcord(loadConfig(settings(await freePort())), createMemoryLogger(), {
      schedule: false,
      clock: createManualClock(new Date(Date.now() + 5 * 60_000)),
    });
    try {
      for (let i = 0; i < 3; i++) await restarted.dispatcher.dispatchOnce();
    } finally {
      await restarted.stop();
    }
    const [pending] = await database.db
      .select({ n: count() })
      .from(outboxDeliveries)
      .where(and(eq(outboxDeliveries.destination, "slack"), eq(outboxDeliveries.status, "pending")));
    expect(pending!.n).toBe(0);

    const [row] = await database.db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(row).toMatchObject({ status: "approved", resultVersion: 2 });
    const [versions] = await database.db.select({ n: count() }).from(definitionVersions);
    expect(versions!.n).toBe(2);
    const [approvals] = await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "proposal.approved"), eq(auditEvents.subjectId, String(proposalId))));
    expect(approvals!.n).toBe(1);
    const [decided] = await database.db.select({ n: count() }).from(outboxEvents).where(and(eq(outboxEvents.kind, "proposal.decided"), eq(outboxEvents.proposalId, proposalId)));
    expect(decided!.n).toBe(1);
    expect(governancePosts()).toHaveLength(1);
    expect(threadReplies()).toHaveLength(1);
    const updates = slack.callsTo("chat.update");
    expect(threadReplies()[0]!.args.thread_ts).toBe(updates.at(-1)!.args.ts);
    expect([...new Set(updates.map((u) => u.args.channel))]).toEqual([GOVERNANCE]);
    const final = JSON.stringify(updates.at(-1)!.args.blocks);
    expect(final).toMatch(/approved/i);
    expect(final).not.toContain(ids.VOTE_APPROVE);
  });
});
