import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { castVote, sweepProposals, withdrawProposal } from "../../src/core/index.js";
import { chatPosts, proposals } from "../../src/db/schema/index.js";
import { createManualClock } from "../fixtures/glossary.js";
import { importTerms, seedAgreedGlossary, thirtyTerms } from "../fixtures/imports.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "./support/fake-slack.js";
import { ADMIN, GOVERNANCE, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { commandBody, postSigned } from "./support/signed.js";

const SALES_HOME = "C0SALESHOME";
const FINANCE_HOME = "C0FINANCEHOME";
const owner = { sales: "U0SALLY", finance: "U0FIONA", support: "U0SUPPORT" } as const;
const slackRef = (user: string) => `slack:${TEAM}:${user}` as const;

/*
 * An import's proposals are announced by one notice per channel, not by a message each: the governance channel's
 * lists them all, each affected domain's home its own; once the votes have closed them all, one message per channel
 * says what was agreed. Support's home is the governance channel, so it gets the governance channel's one notice.
 */
describeEachDatabase("a glossary import announced in Slack", (database) => {
  let fake: FakeSlack;
  let concord: Concord;
  let base: string;
  let logger: ReturnType<typeof createMemoryLogger>;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    fake = await startFakeSlack();
    const port = await freePort();
    logger = createMemoryLogger();
    concord = await startConcord(slackTestConfig(port, fake.apiUrl), logger, { database: database().opened, clock, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await fake.close();
  });

  let sent = 0;
  async function glossary(user: string, text: string, channel = "C0DATA"): Promise<string> {
    const id = `import-${++sent}`;
    const response = await postSigned(base, commandBody({ team: TEAM, user, channel, text, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
    expect(response.status).toBe(200);
    return eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error("no answer yet");
      return (answer.body as { text: string }).text;
    });
  }

  async function dispatchAll() {
    while ((await concord.dispatcher.dispatchOnce()).more);
  }

  const posts = (since: number) => fake.calls.slice(since).filter((c) => c.method === "chat.postMessage");
  const byChannel = (calls: readonly RecordedCall[]) => {
    const counts: Record<string, number> = {};
    for (const call of calls) counts[String(call.args.channel)] = (counts[String(call.args.channel)] ?? 0) + 1;
    return counts;
  };
  const said = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? "");

  it("posts one notice per channel when it opens 30 proposals, none of their own, and one outcome per channel once they are decided", async () => {
    for (const [slug, name] of [["sales", "Sales"], ["finance", "Finance"], ["support", "Support"]] as const) {
      await glossary(ADMIN, `domain add ${slug} ${name}`);
      await glossary(ADMIN, `domain owners ${slug} add <@${owner[slug]}>`);
    }
    expect(await glossary(ADMIN, "domain channel sales", SALES_HOME)).toContain("home");
    expect(await glossary(ADMIN, "domain channel finance", FINANCE_HOME)).toContain("home");
    expect(await glossary(ADMIN, "domain channel support", GOVERNANCE)).toContain("home");
    // Loaded into the empty glossary as agreed: no proposal, no notice.
    await seedAgreedGlossary(concord.deps, { ref: slackRef(ADMIN) });
    await dispatchAll();

    const before = fake.calls.length;
    const importId = await importTerms(concord.deps, { ref: slackRef(ADMIN) }, "sales-finance.csv", thirtyTerms());
    await dispatchAll();

    const opened = posts(before);
    expect(byChannel(opened)).toEqual({ [GOVERNANCE]: 1, [SALES_HOME]: 1, [FINANCE_HOME]: 1 });
    const governance = said(opened.find((c) => c.args.channel === GOVERNANCE));
    expect(governance).toContain("Glossary import: 30 proposals to vote on");
    expect(governance).toContain("sales-finance.csv");
    expect(governance).toContain("(30 new terms)");
    expect(governance).toContain("…and 20 more.");
    expect(governance).toContain("To vote, send `/glossary pending`");
    expect(governance).not.toContain('"concord":"vote"');
    const sales = said(opened.find((c) => c.args.channel === SALES_HOME));
    expect(sales).toContain("Sales: 20 proposals from a glossary import");
    expect(sales).toContain("Sales Metric 1");
    expect(sales).not.toContain("Finance Metric");
    const finance = said(opened.find((c) => c.args.channel === FINANCE_HOME));
    expect(finance).toContain("Finance: 16 proposals from a glossary import");
    expect(finance).not.toContain("Sales Metric");
    const ledger = await database().db.select().from(chatPosts).where(eq(chatPosts.purpose, "import-opened"));
    expect(ledger.map((p) => p.channelId).sort()).toEqual([FINANCE_HOME, GOVERNANCE, SALES_HOME].sort());

    // The same event delivered again (a replica's repair, a crash before it was marked delivered) posts nothing more.
    await concord.deps.store.transaction((repos) => repos.outbox.enqueue({ kind: "import.opened", payload: { importId } }, clock.now()));
    await dispatchAll();
    expect(posts(before)).toHaveLength(3);

    // A day before the deadline, no owner gets a reminder per proposal: the notice told them.
    const rows = await database().db.select().from(proposals).where(eq(proposals.importId, importId));
    expect(rows).toHaveLength(30);
    clock.set(new Date(rows[0]!.deadline.getTime() - 23 * 3_600_000));
    await sweepProposals(concord.deps);
    await dispatchAll();
    expect(posts(before)).toHaveLength(3);

    // The votes decide them all: one rejected, one withdrawn, the rest approved.
    const [withdrawn, rejected, ...rest] = [...rows].sort((a, b) => a.id - b.id);
    await withdrawProposal(concord.deps, { ref: slackRef(ADMIN) }, withdrawn!.id);
    await castVote(concord.deps, { ref: slackRef(owner.sales) }, { proposalId: rejected!.id, position: "object", reason: "We count this weekly, not monthly." });
    for (const proposal of rest) {
      const domains = await concord.deps.store.repos.proposals.domains(proposal.id);
      for (const voter of domains.map((d) => owner[d.slug as keyof typeof owner])) await castVote(concord.deps, { ref: slackRef(voter) }, { proposalId: proposal.id, position: "approve" });
    }
    const statuses = async () => (await database().db.select({ status: proposals.status }).from(proposals).where(eq(proposals.importId, importId))).map((p) => p.status);
    expect((await statuses()).filter((s) => s === "approved")).toHaveLength(28);
    await dispatchAll();
    expect(posts(before)).toHaveLength(3);

    // Finance's channel fails once: the retried delivery posts only what is missing.
    let refused = false;
    let ts = 1_800_000_000;
    fake.answer("chat.postMessage", (call) => {
      if (call.args.channel === FINANCE_HOME && !refused) {
        refused = true;
        return { ok: false, error: "channel_not_found" };
      }
      return { ok: true, channel: call.args.channel, ts: `${++ts}.000100`, message: {} };
    });
    // The objection stands at the deadline, which closes the last of them.
    const beforeClosing = fake.calls.length;
    clock.set(new Date(rows[0]!.deadline.getTime() + 60_000));
    await sweepProposals(concord.deps);
    expect((await statuses()).filter((s) => s === "open")).toEqual([]);
    await dispatchAll();
    expect(refused).toBe(true);
    clock.advance(10 * 60_000);
    await dispatchAll();

    // No tally updates, thread replies or cards for the imported proposals: one outcome per channel, Finance's retried once.
    expect(fake.calls.slice(beforeClosing).filter((c) => c.method === "chat.update")).toEqual([]);
    const closing = posts(beforeClosing);
    expect(byChannel(closing)).toEqual({ [GOVERNANCE]: 1, [SALES_HOME]: 1, [FINANCE_HOME]: 2 });
    expect(closing.every((c) => c.args.thread_ts === undefined)).toBe(true);
    const outcome = said(closing.find((c) => c.args.channel === GOVERNANCE));
    expect(outcome).toContain("Glossary import decided");
    expect(outcome).toContain("of 30 proposals, *28* approved, *1* rejected and *1* withdrawn");
    expect(outcome).toContain("*Agreed* (28)");
    expect(outcome).toContain("https://concord.example.com/terms/");
    expect(said(closing.find((c) => c.args.channel === SALES_HOME))).toContain("Sales: the glossary import is decided");
    const closed = await database().db.select().from(chatPosts).where(eq(chatPosts.purpose, "import-closed"));
    expect(closed.map((p) => p.channelId).sort()).toEqual([FINANCE_HOME, GOVERNANCE, SALES_HOME].sort());
  }, 120_000); // thirty proposals opened, voted on, reminded and decided: a long story on a busy machine
});
