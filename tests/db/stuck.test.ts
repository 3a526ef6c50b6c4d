import { asc, count, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runAction } from "../../src/commands/actions.js";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import { buildDigest, viewProposal, type CoreDeps } from "../../src/core/index.js";
import { auditEvents, outboxEvents, proposals, terms } from "../../src/db/schema/index.js";
import { createLinks } from "../../src/web/links.js";
import { digestView, homeView, proposalView, replyView } from "../../src/views/index.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { read } from "../views/read.js";
import { startPagesServer, visibleText } from "../web/support.js";

const links = createLinks("https://concord.example.com");
const admin = { ref: ADMIN };
const sally = { ref: "local:sally" };
const sam = { ref: "local:sam" };
const DEFINITION = "A person or company that has paid for at least one order.";

describeEachDatabase("a proposal nobody's vote can decide", (database) => {
  let deps: CoreDeps;
  const clock = createManualClock();

  beforeEach(() => {
    deps = coreDeps(database(), clock);
  });

  const say = (actor: { ref: string }, text: string): Promise<Reply> => runCommandText(deps, { actor, platform: "local" }, text);
  const shown = async (actor: { ref: string }, text: string) => read(replyView(await say(actor, text), { links, now: clock.now() }));
  const message = async (id: number) => read(proposalView(await viewProposal(deps, id), { links, now: clock.now() }));
  const tallyEvents = async () =>
    (await database().db.select({ n: count() }).from(outboxEvents).where(eq(outboxEvents.kind, "proposal.tally")))[0]!.n;

  it("is named to the proposer and in its message with the fix, shown as stuck, and decided once a second owner approves", async () => {
    // On an empty glossary, an admin adds one domain with one owner, and that owner proposes a term.
    await say(admin, "domain add sales Sales");
    await say(admin, "domain owners sales add local:sally");
    const opened = await shown(sally, `propose Customer = ${DEFINITION}`);
    const fix = "Sales: you are its only owner, and a proposer's own vote does not count. You or an admin can add another owner with “domain owners sales add @someone”.";
    expect(opened).toContain(["⚠️ Stuck: this proposal cannot pass as things stand.", `• ${fix}`].join("\n"));

    expect(await message(1)).toContain(
      [
        "⚠️ Stuck: this proposal cannot pass as things stand.",
        "• Sales: its only owner, local:sally, proposed this, and a proposer's own vote does not count. local:sally or an admin can add another owner with “domain owners sales add @someone”.",
      ].join("\n"),
    );
    expect(await message(1)).toContain("Sales (owner): no position yet · its only owner proposed this, so no vote can count for it");
    const pages = await startPagesServer(database());
    try {
      expect(visibleText(await (await pages.get("/proposals/1")).text())).toContain(
        "Stuck: this proposal cannot pass as things stand. Sales: its only owner, local:sally, proposed this, and a proposer's own vote does not count. " +
          "local:sally or an admin can add another owner with “domain owners sales add @someone”.",
      );
    } finally {
      await pages.close();
    }

    // Pending, App Home and the digest show it as stuck, not as waiting.
    const pending = await shown(sally, "pending");
    expect(pending).toContain("⚠️ 1 proposal stuck: it cannot pass until an affected domain has an owner whose vote counts.");
    expect(pending).toContain("you proposed it, so your own vote does not count");
    expect(pending).not.toContain("waiting on your domains");
    const pendingReply = await say(sally, "pending");
    const home = read(homeView({ pending: pendingReply.kind === "pending" ? pendingReply.pending : [], recent: [] }, { links, now: clock.now() }));
    expect(home).toContain("Stuck: cannot pass as things stand\n[#1 create Customer]");
    const digest = await buildDigest(deps.store.repos, clock.now());
    expect(digest.stuck?.items.map((p) => p.proposalId)).toEqual([1]);
    expect(digest.waiting.total).toBe(0);
    expect(read(digestView(digest, { links, now: clock.now() }))).toContain(
      "• [Proposal #1](https://concord.example.com/proposals/1): create Customer by local:sally · Sales' only owner proposed it · add an owner with “domain owners sales add @someone” · closes in 3 days",
    );

    // The proposer's own approval stays advisory.
    await runAction(deps, sally, { concord: "vote", proposalId: 1, position: "approve" });
    expect((await database().db.select({ status: proposals.status }).from(proposals))[0]!.status).toBe("open");

    // Adding a second owner updates the message (through the outbox) and it is no longer stuck.
    const before = await tallyEvents();
    await say(sally, "domain owners sales add local:sam");
    expect(await tallyEvents()).toBe(before + 1);
    expect(await message(1)).not.toContain("Stuck");
    expect(await shown(sally, "pending")).toContain("1 proposal waiting on your domains");

    // That owner's approval decides it.
    await runAction(deps, sam, { concord: "vote", proposalId: 1, position: "approve" });
    expect(await database().db.select({ status: proposals.status, version: proposals.resultVersion }).from(proposals)).toEqual([
      { status: "approved", version: 1 },
    ]);
    expect(await database().db.select({ slug: terms.slug }).from(terms)).toEqual([{ slug: "customer" }]);
    const actions = (await database().db.select({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.id))).map((e) => e.action);
    expect(actions).toEqual([
      "domain.added",
      "domain.owner-added",
      "proposal.opened",
      "vote.cast",
      "domain.owner-added",
      "vote.cast",
      "proposal.approved",
    ]);
  });

  it("names a domain with no owners, with who can add one; a lazy proposal that can still pass is not stuck", async () => {
    await say(admin, "domain add sales Sales");
    await say(admin, "domain add finance Finance");
    await say(admin, "domain owners sales add local:sam");
    const opened = await shown(sally, `propose Customer for sales = ${DEFINITION}`);
    expect(opened).not.toContain("Stuck");
    const withConsumer = await runAction(deps, sally, { concord: "propose", term: "Order", domain: "sales", text: "A confirmed purchase.", consumers: "finance" });
    expect(withConsumer.kind).toBe("reply");
    if (withConsumer.kind !== "reply") return;
    expect(read(replyView(withConsumer.reply, { links, now: clock.now() }))).toContain(
      "• Finance has no owners, so no vote can count for it. An admin can add one with “domain owners finance add @someone”.",
    );
    const lazy = coreDeps(database(), clock, { defaultPolicy: "lazy" });
    const lazyReply = await runAction(lazy, sally, { concord: "propose", term: "Refund", domain: "sales", text: "Money paid back.", consumers: "finance" });
    if (lazyReply.kind !== "reply") throw new Error(`not opened: ${JSON.stringify(lazyReply)}`);
    const lazyText = read(replyView(lazyReply.reply, { links, now: clock.now() }));
    expect(lazyText).toContain("⚠️ Not every affected domain can take a position yet.");
    expect(lazyText).not.toContain("Stuck");
  });
});
