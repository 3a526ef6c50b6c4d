import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/core/ports.js";
import { addDomain, changeDomainOwner, importTerm, openProposal, recordVariant, setDomainChannel } from "../../src/core/index.js";
import { auditEvents, outboxDeliveries, outboxEvents, votes } from "../../src/db/schema/index.js";
import { runDueDigest } from "../../src/jobs/schedule.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "../slack/support/fake-slack.js";
import { buttonClick, payloadBody, postSigned } from "../slack/support/signed.js";
import { createTestDatabase, resetDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startStallingProxy, type StallingProxy } from "./support/stalling-proxy.js";

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
const ADMIN = `slack:${TEAM}:U0ADMIN`;
const HOMES = { finance: "C0FINANCE", sales: "C0SALES", support: "C0SUPPORT" } as const;
const OWNERS = Array.from({ length: 20 }, (_, i) => `U0SALES${String(i).padStart(2, "0")}`);
const DECIDER = "U0SUPPORT";
/** The stall the issue names: long enough for every timeout a request meets on its way (Slack's 3 s included). */
const STALL_MS = 10_000;

/*
 * The database does not go away here: it stops answering. A proxy between Concord and PostgreSQL holds every byte
 * (and every new connection) for ten seconds, sockets open, then lets them through. Meanwhile Slack must have its
 * acknowledgements, /healthz must say the truth (and answer), and once the database answers again nothing is lost
 * and nothing is posted twice. PostgreSQL only: the embedded database has no connection to stall.
 */
describe.skipIf(!hasPostgres)(`the database stalled for ${STALL_MS / 1000} s [postgres${hasPostgres ? "" : ": skipped, TEST_DATABASE_URL is not set"}]`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: StallingProxy;
  let slack: FakeSlack;
  let concord: Concord | undefined;
  let base: string;
  const others: Concord[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    proxy = await startStallingProxy(database.url!);
  });

  afterAll(async () => {
    await proxy?.close();
    await database?.close();
  });

  beforeEach(async () => {
    await resetDatabase(database.db);
    slack = await startFakeSlack();
  });

  afterEach(async () => {
    for (const replica of [concord, ...others.splice(0)]) await replica?.stop();
    concord = undefined;
    await slack.close();
  });

  const settings = (port: number, url: string) =>
    loadConfig({
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: url,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ADMIN_USERS: ADMIN,
      GLOSSARY_CHANNEL: GOVERNANCE,
    });

  /** Concord through the proxy, delivering as it commits (live), with no cron jobs: the test runs the digest. */
  async function start(clock?: Clock) {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    concord = await startConcord(settings(port, proxy.url), createMemoryLogger(), { schedule: false, live: true, ...(clock ? { clock } : {}) });
    return concord;
  }

  /**
   * A replica started later, straight on the database, with its clock past every lease: what a restarted process
   * would deliver. Anything the stalled one left undelivered (or delivered without recording it) goes out again here.
   */
  async function restartedReplicaPasses(at: Date) {
    const clock = createManualClock(at);
    const replica = await startConcord(settings(await freePort(), database.url!), createMemoryLogger(), { schedule: false, clock });
    others.push(replica);
    for (let i = 0; i < 2; i++) await replica.dispatcher.dispatchOnce();
  }

  /** /healthz's status, or 0 when it did not answer within 8 s (a hang is a failure too). */
  const health = async () =>
    (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(8_000) }).catch(() => undefined))?.status ?? 0;

  const click = (user: string, proposalId: number, responseId: string) =>
    postSigned(
      base,
      payloadBody(buttonClick({ team: TEAM, user, channel: GOVERNANCE, actionId: ids.VOTE_APPROVE, value: String(proposalId), responseUrl: slack.responseUrl(responseId), messageTs: "1700000001.000100" })),
      { secret: SECRET },
    );

  const answerTo = (responseId: string) => slack.responses.find((r) => r.id === responseId)?.body.text;

  it("votes clicked while it is stalled: acknowledged meanwhile, each stored and counted once after, the proposal message never posted twice", { timeout: 45_000 }, async () => {
    const { deps } = await start();
    const admin = { ref: ADMIN };
    await addDomain(deps, admin, { slug: "sales", name: "Sales" });
    await addDomain(deps, admin, { slug: "support", name: "Support" });
    for (const user of OWNERS) await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: `slack:${TEAM}:${user}` });
    await changeDomainOwner(deps, admin, { slug: "support", action: "add", owner: `slack:${TEAM}:${DECIDER}` });
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales", consumers: ["support"] });
    const { proposal } = await openProposal(deps, { ref: "local:proposer" }, { term: "Customer", text: "A person or company that has paid in the last 24 months." });
    const governancePosts = () => slack.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE && c.args.thread_ts === undefined);
    await eventually(() => expect(governancePosts()).toHaveLength(1));
    expect(await health()).toBe(200);

    const stall = proxy.stall(STALL_MS);
    const acknowledged: { user: string; status: number; whileStalled: boolean }[] = [];
    const clicks = OWNERS.map(async (user) => {
      const response = await click(user, proposal.id, `v-${user}`).catch(() => undefined);
      acknowledged.push({ user, status: response?.status ?? 0, whileStalled: proxy.stalled });
    });
    const healthWhileStalled = await health();
    const stalledStill = proxy.stalled;
    await Promise.all(clicks);
    await stall;

    // Slack had every acknowledgement while the database was silent (it retries what is not acknowledged in 3 s);
    // health said the database was not answering, and said so rather than hang.
    expect(acknowledged.filter((a) => a.status !== 200 || !a.whileStalled)).toEqual([]);
    expect({ healthWhileStalled, stalledStill }).toEqual({ healthWhileStalled: 503, stalledStill: true });
    await eventually(async () => expect(await health()).toBe(200), 15_000);

    // Each click is answered once the database answers: recorded, none lost, none twice.
    await eventually(() => expect(OWNERS.filter((user) => answerTo(`v-${user}`) === undefined)).toEqual([]), 15_000);
    expect(OWNERS.map((user) => String(answerTo(`v-${user}`))).filter((text) => !/counts for Sales/.test(text))).toEqual([]);
    const [stored] = await database.db.select({ n: count() }).from(votes).where(eq(votes.proposalId, proposal.id));
    expect(stored!.n).toBe(OWNERS.length);
    const [cast] = await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, String(proposal.id))));
    expect(cast!.n).toBe(OWNERS.length);

    // The deciding vote after the stall: decided and announced once; the tally was updated in place, never reposted.
    await click(DECIDER, proposal.id, "decide");
    await eventually(() => expect(String(answerTo("decide"))).toMatch(/counts for Support/));
    await eventually(() => expect(slack.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1));
    await concord!.delivery!.idle();
    await restartedReplicaPasses(new Date(Date.now() + 5 * 60_000));
    expect(governancePosts()).toHaveLength(1);
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1);
    const updates = slack.callsTo("chat.update");
    expect(updates.length).toBeGreaterThan(0);
    expect([...new Set(updates.map((u) => u.args.channel))]).toEqual([GOVERNANCE]);
    expect(JSON.stringify(updates.at(-1)!.args.blocks)).toMatch(/approved/i);
    const [pending] = await database.db.select({ n: count() }).from(outboxDeliveries).where(and(eq(outboxDeliveries.destination, "slack"), eq(outboxDeliveries.status, "pending")));
    expect(pending!.n).toBe(0);
  });

  it("a digest post stalled between Slack's answer and its record: every channel posted once, though another replica passes meanwhile; health honest", { timeout: 45_000 }, async () => {
    // Monday 09:00:20 in the default schedule's time zone, when the week's slot is due; the clock then runs on, so
    // the ten seconds of the stall pass for leases too.
    const firedAt = new Date("2026-03-02T09:00:20Z").getTime();
    const startedAt = Date.now();
    const clock = { now: () => new Date(firedAt + (Date.now() - startedAt)) };
    const { deps, digest } = await start(clock);
    const admin = { ref: ADMIN };
    for (const slug of ["finance", "sales", "support"] as const) {
      await addDomain(deps, admin, { slug, name: slug[0]!.toUpperCase() + slug.slice(1) });
      await changeDomainOwner(deps, admin, { slug, action: "add", owner: `local:${slug}-owner` });
      await setDomainChannel(deps, admin, { slug, platform: "slack", channelId: HOMES[slug] });
    }
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales", consumers: ["support", "finance"] });
    await recordVariant(deps, { ref: "local:support-owner" }, { term: "Customer", domain: "support", text: "Anyone who has opened a support ticket, paying or not." });
    // A second replica straight on the database, which the stall does not touch.
    const healthy = await startConcord(settings(await freePort(), database.url!), createMemoryLogger(), { schedule: false, clock });
    others.push(healthy);

    // Slack posts the first digest message, and at that moment the database stops answering: Concord holds
    // Slack's answer but cannot record the delivery until the stall ends.
    let stall: Promise<void> | undefined;
    let ts = 1_800_000_000;
    slack.answer("chat.postMessage", (call: RecordedCall) => {
      stall ??= proxy.stall(STALL_MS);
      return { ok: true, channel: call.args.channel, ts: `${ts++}.000100`, message: {} };
    });
    expect(await runDueDigest(deps, digest, createMemoryLogger())).toMatchObject({ ran: true });
    await eventually(() => expect(stall).toBeDefined(), 15_000);
    const healthWhileStalled = await health();
    const stalledStill = proxy.stalled;
    // Meanwhile the other replica's periodic passes find the stalled one's deliveries under its lease.
    let passes = 0;
    while (proxy.stalled) {
      await healthy.dispatcher.dispatchOnce();
      passes += 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await stall;
    expect({ healthWhileStalled, stalledStill }).toEqual({ healthWhileStalled: 503, stalledStill: true });
    expect(passes).toBeGreaterThan(5);
    await eventually(async () => expect(await health()).toBe(200), 15_000);

    const EVERY_CHANNEL = [GOVERNANCE, ...Object.values(HOMES)].sort();
    const posted = () => slack.callsTo("chat.postMessage").map((c) => String(c.args.channel)).sort();
    await eventually(() => expect(posted()).toEqual(EVERY_CHANNEL), 15_000);
    await concord!.delivery!.idle();
    // The slot fired again, and a restarted replica's pass after every lease has lapsed: nothing more goes out.
    expect(await runDueDigest(deps, digest, createMemoryLogger())).toEqual({ ran: false });
    await restartedReplicaPasses(new Date(clock.now().getTime() + 5 * 60_000));
    expect(posted()).toEqual(EVERY_CHANNEL);
    const [digestDeliveries] = await database.db
      .select({ n: count() })
      .from(outboxDeliveries)
      .innerJoin(outboxEvents, eq(outboxEvents.id, outboxDeliveries.eventId))
      .where(and(eq(outboxEvents.kind, "digest.post"), eq(outboxDeliveries.destination, "slack"), eq(outboxDeliveries.status, "delivered")));
    expect(digestDeliveries!.n).toBe(EVERY_CHANNEL.length);
  });
});
