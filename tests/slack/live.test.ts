import { afterEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "./support/fake-slack.js";
import { ADMIN, GOVERNANCE, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { buttonClick, commandBody, payloadBody, postSigned } from "./support/signed.js";

/**
 * How long a test waits for what a request caused to reach the Web API. No periodic pass runs here, so anything that
 * arrives at all was delivered by the request's own wake-up; the live bar itself (seconds, on a loaded machine) is
 * measured by `npm run bench -- --only live`, not asserted as a time here. Generous, so a busy machine does not fail it.
 */
const ON_SCREEN_MS = 8_000;

/**
 * Live delivery as Slack users see it: no periodic pass runs in these processes (`schedule: false`), so whatever
 * reaches the Web API in time was delivered because the request's own commit woke delivery.
 */
describeEachDatabase("Slack messages arrive live", (database) => {
  /** What each test started, undone last first. */
  const cleanups: (() => Promise<void>)[] = [];
  let fake: FakeSlack;
  let counter = 0;

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await fake?.close();
  });

  async function start(opened: OpenedDatabase): Promise<{ concord: Concord; base: string }> {
    const port = await freePort();
    const config = slackTestConfig(port, fake.apiUrl);
    const concord = await startConcord(config, createMemoryLogger(), { database: opened, schedule: false, live: true });
    cleanups.push(() => concord.stop());
    return { concord, base: `http://127.0.0.1:${port}` };
  }

  /** Runs `/glossary <text>` and waits for its answer (commands are acknowledged first and answered after). */
  async function command(base: string, user: string, text: string): Promise<number> {
    const id = `r${++counter}`;
    const sent = Date.now();
    const response = await postSigned(base, commandBody({ team: TEAM, user, channel: "C0DATA", text, responseUrl: fake.responseUrl(id) }), {
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    await eventually(() => expect(fake.responses.some((r) => r.id === id)).toBe(true));
    return sent;
  }

  async function approve(base: string, user: string, proposalId: number): Promise<number> {
    const sent = Date.now();
    const click = buttonClick({
      team: TEAM,
      user,
      channel: GOVERNANCE,
      actionId: ids.VOTE_APPROVE,
      value: String(proposalId),
      responseUrl: fake.responseUrl(`r${++counter}`),
    });
    const response = await postSigned(base, payloadBody(click), { secret: SECRET });
    expect(response.status).toBe(200);
    return sent;
  }

  /** How long after `since` a Web API call beyond the first `seen` calls matched `match`; fails after ON_SCREEN_MS. */
  async function arrival(since: number, seen: number, match: (call: RecordedCall) => boolean): Promise<number> {
    for (;;) {
      if (fake.calls.slice(seen).some(match)) return Date.now() - since;
      if (Date.now() - since > ON_SCREEN_MS) {
          throw new Error(`not on screen within ${ON_SCREEN_MS} ms; calls since: ${fake.calls.slice(seen).map((c) => c.method).join(", ")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  const isPost = (call: RecordedCall) => call.method === "chat.postMessage" && call.args.channel === GOVERNANCE && !call.args.thread_ts;
  const isUpdate = (call: RecordedCall) => call.method === "chat.update" && call.args.channel === GOVERNANCE;
  const isThreadReply = (call: RecordedCall) => call.method === "chat.postMessage" && call.args.thread_ts !== undefined;

  /**
   * Sets up three domains (an owner or two each) and an agreed Customer they all consume, then amends it: the
   * proposal is posted, two approvals update its tally, and the third decides it.
   */
  async function story(proposing: string, voting: string) {
    for (const [slug, name] of [["sales", "Sales"], ["support", "Support"], ["finance", "Finance"]] as const) {
      await command(proposing, ADMIN, `domain add ${slug} ${name}`);
    }
    for (const [slug, user] of [["sales", "U0SALES"], ["sales", "U0SALES2"], ["support", "U0SUPPORT"], ["finance", "U0FINANCE"]] as const) {
      await command(proposing, ADMIN, `domain owners ${slug} add <@${user}|${user.toLowerCase()}>`);
    }
    let seen = fake.calls.length;
    await arrival(await command(proposing, "U0SALES", "propose Customer for sales = A person or company that has paid for at least one order."), seen, isPost);
    await arrival(await approve(voting, "U0SALES2", 1), seen, isThreadReply);
    await command(proposing, "U0SUPPORT", "subscribe Customer support");
    await command(proposing, "U0FINANCE", "subscribe Customer finance");

    seen = fake.calls.length;
    const proposed = await command(proposing, "U0SALES", "propose Customer = A person or company that has paid for an order in the last 24 months.");
    const posted = await arrival(proposed, seen, isPost);
    const tallies: number[] = [];
    for (const user of ["U0SALES2", "U0SUPPORT"]) {
      seen = fake.calls.length;
      const sent = await approve(voting, user, 2);
      tallies.push(await arrival(sent, seen, isUpdate));
    }
    seen = fake.calls.length;
    const deciding = await approve(voting, "U0FINANCE", 2);
    const replied = await arrival(deciding, seen, isThreadReply);
    const updated = await arrival(deciding, seen, (call) => isUpdate(call) && JSON.stringify(call.args).includes("pproved"));
    return { posted, tallies, replied, updated };
  }

  it("posts the proposal, each tally update and the decision's thread reply with no periodic pass running", async () => {
    fake = await startFakeSlack();
    const { base } = await start(database().opened);
    const timings = await story(base, base);
    for (const ms of [timings.posted, ...timings.tallies, timings.replied, timings.updated]) expect(ms).toBeLessThan(ON_SCREEN_MS);
    // One thread reply, one governance post: live delivery never doubles what the outbox sends once.
    expect(fake.calls.filter(isThreadReply)).toHaveLength(2);
    expect(fake.calls.filter(isPost)).toHaveLength(2);
  });

  it("shows votes that arrive together in one tally update, soon after the last of them", async () => {
    fake = await startFakeSlack();
    const { base } = await start(database().opened);
    const supporters = Array.from({ length: 8 }, (_, k) => `U0SUP${k}`);
    for (const [slug, name] of [["sales", "Sales"], ["support", "Support"]] as const) await command(base, ADMIN, `domain add ${slug} ${name}`);
    for (const [slug, user] of [["sales", "U0SALES"], ["sales", "U0SALES2"], ...supporters.map((u) => ["support", u] as const)] as const) {
      await command(base, ADMIN, `domain owners ${slug} add <@${user}|${user.toLowerCase()}>`);
    }
    let seen = fake.calls.length;
    await arrival(await command(base, "U0SALES", "propose Customer for sales = A person or company that has paid for at least one order."), seen, isPost);
    await arrival(await approve(base, "U0SALES2", 1), seen, isThreadReply);
    await command(base, "U0SUPPORT", "subscribe Customer support");
    await command(base, "U0SUP0", "subscribe Customer support");
    seen = fake.calls.length;
    await arrival(await command(base, "U0SALES", "propose Customer = A person or company with a paid order in the last 24 months."), seen, isPost);

    seen = fake.calls.length;
    const sent = Date.now();
    await Promise.all(supporters.map((user) => approve(base, user, 2)));
    await arrival(sent, seen, (call) => isUpdate(call) && supporters.every((user) => JSON.stringify(call.args).includes(user)));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Eight votes at once: one update showing them all (two when the burst outlasts the longest wait).
    expect(fake.calls.slice(seen).filter(isUpdate).length).toBeLessThanOrEqual(2);
  });

  describe("across replicas", () => {
    it("wakes the other replica when the one that took the request does not deliver", async (ctx) => {
      if (database().kind !== "postgres") return ctx.skip();
      fake = await startFakeSlack();
      const { base: proposing } = await start(database().opened);
      const second = openDatabase({ url: database().url! });
      cleanups.push(() => second.close());
      const { concord: silent, base: voting } = await start(second);
      // The replica taking the votes writes and notifies, but never delivers: the first one must, woken by it.
      await silent.delivery!.stop();
      const timings = await story(proposing, voting);
      for (const ms of [timings.posted, ...timings.tallies, timings.replied, timings.updated]) expect(ms).toBeLessThan(ON_SCREEN_MS);
      expect(fake.calls.filter(isThreadReply)).toHaveLength(2);
    });
  });
});
