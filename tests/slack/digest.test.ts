import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm, recordVariant, setDomainChannel } from "../../src/core/index.js";
import { openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import { runDueDigest } from "../../src/jobs/schedule.js";
import { createManualClock } from "../fixtures/glossary.js";
import { createTestDatabase, describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";

const ADMIN = "local:ada";
const GOVERNANCE = "C0GOVERNANCE";
const HOMES = { finance: "C0FINANCE", sales: "C0SALES", support: "C0SUPPORT" } as const;
/** Monday 09:00:20 UTC: twenty seconds into the default schedule's slot. */
const FIRED_AT = new Date("2026-03-02T09:00:20Z");

function settings(fake: FakeSlack, port: number, extra: Record<string, string> = {}) {
  return {
    PORT: String(port),
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
    SLACK_API_URL: fake.apiUrl,
    ADMIN_USERS: ADMIN,
    GLOSSARY_CHANNEL: GOVERNANCE,
    PUBLIC_URL: "https://concord.example.com",
    ...extra,
  };
}

/** The channels the digest was posted to, one entry per post. */
function postedChannels(fake: FakeSlack): string[] {
  return fake
    .callsTo("chat.postMessage")
    .map((c) => String(c.args.channel))
    .sort();
}

const EVERY_CHANNEL = [HOMES.finance, GOVERNANCE, HOMES.sales, HOMES.support].sort();

describeEachDatabase("the weekly digest on Slack with replicas", (database) => {
  let fake: FakeSlack;
  let clock: ReturnType<typeof createManualClock>;
  const started: Concord[] = [];
  const extraPools: OpenedDatabase[] = [];

  /** A replica on the same database: on PostgreSQL through its own connection pool, as another process would. */
  async function replica(): Promise<Concord> {
    const opened = database().url ? openDatabase({ url: database().url! }) : database().opened;
    if (opened !== database().opened) extraPools.push(opened);
    const config = loadConfig(settings(fake, await freePort()));
    const concord = await startConcord(config, createMemoryLogger(), { database: opened, clock, schedule: false });
    started.push(concord);
    return concord;
  }

  beforeEach(async () => {
    fake = await startFakeSlack();
    clock = createManualClock(new Date("2026-02-20T10:00:00Z"));
    const seeder = await replica();
    const deps = seeder.deps;
    const admin = { ref: ADMIN };
    for (const [slug, name] of [
      ["finance", "Finance"],
      ["marketing", "Marketing"],
      ["sales", "Sales"],
      ["support", "Support"],
    ] as const) {
      await addDomain(deps, admin, { slug, name });
      if (slug !== "marketing") {
        await changeDomainOwner(deps, admin, { slug, action: "add", owner: `local:${slug}-owner` });
        await setDomainChannel(deps, admin, { slug, platform: "slack", channelId: HOMES[slug] });
      }
    }
    await importTerm(deps, admin, {
      name: "Customer",
      text: "A person or company that has paid for at least one order.",
      ownerDomain: "sales",
      consumers: ["support", "finance"],
    });
    await recordVariant(deps, { ref: "local:support-owner" }, {
      term: "Customer",
      domain: "support",
      text: "Anyone who has opened a support ticket, paying or not.",
    });
    clock.set(FIRED_AT);
  });

  afterEach(async () => {
    for (const concord of started.splice(0)) await concord.stop();
    for (const pool of extraPools.splice(0)) await pool.close();
    await fake.close();
  });

  it("two replicas firing the same slot post one digest per channel", async () => {
    const [a, b] = [started[0]!, await replica()];
    const logger = createMemoryLogger();
    const runs = await Promise.all([runDueDigest(a.deps, a.digest, logger), runDueDigest(b.deps, b.digest, logger)]);
    expect(runs.filter((r) => r.ran)).toHaveLength(1);

    await Promise.all([a.dispatcher.dispatchOnce(), b.dispatcher.dispatchOnce()]);
    await Promise.all([a.dispatcher.dispatchOnce(), b.dispatcher.dispatchOnce()]);
    // Firing again later in the slot, or from the catch-up in the sweep, changes nothing.
    clock.advance(5 * 60_000);
    expect(await runDueDigest(b.deps, b.digest, logger)).toEqual({ ran: false });
    await b.dispatcher.dispatchOnce();

    expect(postedChannels(fake)).toEqual(EVERY_CHANNEL);
    const posts = fake.callsTo("chat.postMessage");
    const governance = posts.find((p) => p.args.channel === GOVERNANCE)!;
    expect(String(governance.args.text)).toMatch(/digest/i);
    const support = posts.find((p) => p.args.channel === HOMES.support)!;
    expect(JSON.stringify(support.args.blocks)).toContain("Support");
  });

  it("a replica that dies mid-delivery leaves the remaining channels to the next, each posted once", async () => {
    const [dying, next] = [started[0]!, await replica()];
    const logger = createMemoryLogger();
    // The third channel's post never returns: the replica is gone while Slack has not posted it.
    const held = fake.hold("chat.postMessage", (args) => args.channel === HOMES.sales);
    expect(await runDueDigest(dying.deps, dying.digest, logger)).toMatchObject({ ran: true });
    const abandoned = dying.dispatcher.dispatchOnce();
    await held.reached;
    expect(postedChannels(fake)).toEqual([HOMES.finance, GOVERNANCE].sort());

    // After the lease lapses, the surviving replica delivers what is left, and only that.
    clock.advance(2 * 60_000);
    expect(await runDueDigest(next.deps, next.digest, logger)).toEqual({ ran: false });
    await next.dispatcher.dispatchOnce();
    await next.dispatcher.dispatchOnce();
    expect(postedChannels(fake)).toEqual(EVERY_CHANNEL);

    // Were the stalled replica not dead after all, it would skip what another replica now holds.
    await fake.close();
    expect(await abandoned).toMatchObject({ delivered: 2, failed: 1, gaveUp: 0, skipped: 1, absorbed: 0 });
    expect(postedChannels(fake)).toEqual(EVERY_CHANNEL);
  });
});

const killSkipped = process.env.TEST_DATABASE_URL ? "" : ": skipped, TEST_DATABASE_URL is not set";
// A real process kill needs a database two processes can share: an embedded database belongs to one process.
describe.skipIf(killSkipped !== "")(`a Concord process killed mid-digest [postgres${killSkipped}]`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("after a restart the remaining channels get the digest once and the others not again", async () => {
      const fake = await startFakeSlack();
      const clock = createManualClock(new Date("2026-02-20T10:00:00Z"));
      const seedConfig = loadConfig(settings(fake, await freePort()));
      const pool = openDatabase({ url: database.url! });
      const seeder = await startConcord(seedConfig, createMemoryLogger(), { database: pool, clock, schedule: false });
      try {
        const admin = { ref: ADMIN };
        for (const slug of ["finance", "sales", "support"] as const) {
          await addDomain(seeder.deps, admin, { slug, name: slug[0]!.toUpperCase() + slug.slice(1) });
          await setDomainChannel(seeder.deps, admin, { slug, platform: "slack", channelId: HOMES[slug] });
        }
        await importTerm(seeder.deps, admin, { name: "Customer", text: "A person or company that has paid.", ownerDomain: "sales" });

        const held = fake.hold("chat.postMessage", (args) => args.channel === HOMES.sales);
        const child = spawn(process.execPath, ["--import", "tsx", "tests/slack/support/digest-replica.ts"], {
          env: {
            ...process.env,
            ...settings(fake, await freePort(), { DATABASE_URL: database.url!, LOG_LEVEL: "warn" }),
            CONCORD_TEST_NOW: FIRED_AT.toISOString(),
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += String(chunk)));
        child.stderr.on("data", (chunk) => (output += String(chunk)));
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
          child.on("exit", (code, signal) => resolve(signal ?? code)),
        );
        await Promise.race([held.reached, exited.then(() => Promise.reject(new Error(`the replica exited early:\n${output}`)))]);
        child.kill("SIGKILL");
        expect(await exited).toBe("SIGKILL");
        expect(output).toContain('{"ran":true}');
        expect(postedChannels(fake)).toEqual([HOMES.finance, GOVERNANCE].sort());

        // The restarted process: the slot is taken, the lapsed delivery and the untouched one go out once.
        clock.set(new Date(FIRED_AT.getTime() + 2 * 60_000));
        expect(await runDueDigest(seeder.deps, seeder.digest, createMemoryLogger())).toEqual({ ran: false });
        await seeder.dispatcher.dispatchOnce();
        await seeder.dispatcher.dispatchOnce();
        expect(postedChannels(fake)).toEqual([HOMES.finance, GOVERNANCE, HOMES.sales, HOMES.support].sort());
      } finally {
        await seeder.stop();
        await pool.close();
        await fake.close();
      }
  }, 60_000);
});
