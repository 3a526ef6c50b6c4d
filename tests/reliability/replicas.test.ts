import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm, openProposal } from "../../src/core/index.js";
import { openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import { auditEvents, definitionVersions, outboxEvents, proposals, votes } from "../../src/db/schema/index.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import { buttonClick, payloadBody, postSigned } from "../slack/support/signed.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
const ADMIN = `slack:${TEAM}:U0ADMIN`;
/** 25 owners in each of two domains: all 50 votes count, and a third domain's one owner decides after them. */
const OWNERS = Array.from({ length: 50 }, (_, i) => ({ user: `U0OWNER${String(i).padStart(2, "0")}`, domain: i < 25 ? "sales" : "finance" }));
const DECIDER = "U0SUPPORT";

// tests/db/concurrency.test.ts races 200 votes through the core on two connection pools, and tests/slack/digest.test.ts
// runs the digest on two replicas; this is the same through each replica's HTTP endpoint, with Slack's retries.
// Bounded, but with room for a loaded CI machine: each case is a whole story over HTTP.
vi.setConfig({ testTimeout: 60_000 });

describeEachDatabase("two replicas on one database behind one Slack", (database) => {
  let slack: FakeSlack;
  const replicas: { concord: Concord; base: string }[] = [];
  const pools: OpenedDatabase[] = [];
  const clock = createManualClock(new Date("2026-03-03T10:00:00Z"));

  beforeEach(async () => {
    slack = await startFakeSlack();
    for (let i = 0; i < 2; i++) {
      // On PostgreSQL each replica has its own pool, as another process would; an embedded database has one owner.
      const opened = database().url ? openDatabase({ url: database().url! }) : database().opened;
      if (opened !== database().opened) pools.push(opened);
      const port = await freePort();
      const concord = await startConcord(
        loadConfig({
          PORT: String(port),
          SLACK_BOT_TOKEN: "xoxb-test-token",
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          ADMIN_USERS: ADMIN,
          GLOSSARY_CHANNEL: GOVERNANCE,
        }),
        createMemoryLogger(),
        { database: opened, clock, schedule: false },
      );
      replicas.push({ concord, base: `http://127.0.0.1:${port}` });
    }
  });

  afterEach(async () => {
    for (const { concord } of replicas.splice(0)) await concord.stop();
    for (const pool of pools.splice(0)) await pool.close();
    await slack.close();
  });

  const click = (replica: number, user: string, proposalId: number, responseId: string, retryNum?: number) =>
    postSigned(
      replicas[replica]!.base,
      payloadBody(buttonClick({ team: TEAM, user, channel: GOVERNANCE, actionId: ids.VOTE_APPROVE, value: String(proposalId), responseUrl: slack.responseUrl(responseId), messageTs: "1700000001.000100" })),
      { secret: SECRET, ...(retryNum === undefined ? {} : { retryNum }) },
    );

  it("50 owners clicking on both replicas at once, each click retried by Slack to the other: counted once, decided and announced once", async () => {
    const deps = replicas[0]!.concord.deps;
    const admin = { ref: ADMIN };
    for (const [slug, name] of [["sales", "Sales"], ["finance", "Finance"], ["support", "Support"]] as const) await addDomain(deps, admin, { slug, name });
    for (const { user, domain } of OWNERS) await changeDomainOwner(deps, admin, { slug: domain, action: "add", owner: `slack:${TEAM}:${user}` });
    await changeDomainOwner(deps, admin, { slug: "support", action: "add", owner: `slack:${TEAM}:${DECIDER}` });
    await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales", consumers: ["finance", "support"] });
    const { proposal } = await openProposal(deps, { ref: "local:proposer" }, { term: "Customer", text: "A person or company that has paid in the last 24 months." });
    await replicas[0]!.concord.dispatcher.dispatchOnce();
    expect(slack.callsTo("chat.postMessage").filter((c) => c.args.channel === GOVERNANCE)).toHaveLength(1);

    // Every click reaches one replica, and Slack's retry of it the other, at the same moment; both dispatch meanwhile.
    let bursting = true;
    const dispatching = Promise.all(
      replicas.map(async ({ concord }) => {
        while (bursting) {
          await concord.dispatcher.dispatchOnce();
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
    );
    const responses = await Promise.all(
      OWNERS.flatMap(({ user }, i) => [click(i % 2, user, proposal.id, `v-${user}`), click((i + 1) % 2, user, proposal.id, `retry-${user}`, 1)]),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    await eventually(() => expect(slack.responses.filter((r) => r.id.startsWith("v-"))).toHaveLength(OWNERS.length), 20_000);
    bursting = false;
    await dispatching;

    // Retries were dropped: no second answer, and each owner's answer says the vote counts.
    expect(slack.responses.filter((r) => r.id.startsWith("retry-"))).toEqual([]);
    const answers = slack.responses.filter((r) => r.id.startsWith("v-")).map((r) => String(r.body.text));
    expect(answers.filter((a) => !/counts for (Sales|Finance)/.test(a))).toEqual([]);
    const db = database().db;
    const [stored] = await db.select({ n: count() }).from(votes).where(eq(votes.proposalId, proposal.id));
    expect(stored!.n).toBe(OWNERS.length);
    const [cast] = await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, String(proposal.id))));
    expect(cast!.n).toBe(OWNERS.length);

    // The deciding vote, clicked on both replicas at once (a double click across the load balancer).
    await Promise.all([click(0, DECIDER, proposal.id, "decide-a"), click(1, DECIDER, proposal.id, "decide-b")]);
    await eventually(() => expect(slack.responses.filter((r) => r.id.startsWith("decide-"))).toHaveLength(2));
    for (let i = 0; i < 3; i++) await Promise.all(replicas.map(({ concord }) => concord.dispatcher.dispatchOnce()));

    const [row] = await db.select().from(proposals).where(eq(proposals.id, proposal.id));
    expect(row).toMatchObject({ status: "approved", resultVersion: 2 });
    const [versions] = await db.select({ n: count() }).from(definitionVersions);
    expect(versions!.n).toBe(2);
    const [decided] = await db.select({ n: count() }).from(outboxEvents).where(and(eq(outboxEvents.kind, "proposal.decided"), eq(outboxEvents.proposalId, proposal.id)));
    expect(decided!.n).toBe(1);
    const [total] = await db.select({ n: count() }).from(votes).where(eq(votes.proposalId, proposal.id));
    expect(total!.n).toBe(OWNERS.length + 1);

    const posts = slack.callsTo("chat.postMessage");
    expect(posts.filter((c) => c.args.channel === GOVERNANCE && c.args.thread_ts === undefined)).toHaveLength(1);
    const replies = posts.filter((c) => c.args.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args.thread_ts).toBe("1700000001.000100");
    const last = slack.callsTo("chat.update").at(-1)!;
    expect(last.args.ts).toBe("1700000001.000100");
    const final = JSON.stringify(last.args.blocks);
    expect(final).toMatch(/approved/i);
    expect(final).not.toContain(ids.VOTE_APPROVE);
    expect(final).toContain("Finance");
  });
});
