import { describe, expect, it } from "vitest";
import type { ProposalStatus } from "../../src/core/index.js";
import { decisionView, proposalNoticeView, proposalView, reminderView, supersededView, withdrawnView, type Block, type MessageView } from "../../src/views/index.js";
import { ada, affected, carol, finance, links, member, NOW, proposalView as fixture, vote, words } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const ctx = { links, now: NOW };
const shown = (...args: Parameters<typeof fixture>) => read(proposalView(fixture(...args), ctx));
const votes = (v: MessageView) => v.blocks.filter((b: Block) => b.kind === "votes");

describe("a proposal's message", () => {
  it("shows the title, status, proposer, policy, text, changes, rationale, tally, advisory votes and objections", () => {
    const v = proposalView(fixture(), ctx);
    expect(read(v).split("\n")).toEqual([
      "Proposal #12: amend Customer",
      "⏳ Open: voting closes 2026-03-04 09:00 UTC (in 2 days).",
      "Proposed by Ada on 2026-03-01 09:00 UTC · Policy: unanimous (every affected domain must approve; one objection blocks it) · [Open the proposal page](https://concord.example.com/proposals/12)",
      "Proposed definition",
      "A person or company that has paid for at least one order in the last 12 months.",
      "Changes from version 3",
      "A person or company that has paid for at least one order in the last [-24-]{+12+} months.",
      "(how changes are marked)",
      "Rationale",
      "Finance reports churn over 12 months; 24 overstates the base.",
      "---",
      "Affected domains (3)",
      "✅ Sales (owner): approves · ✅ Bob",
      "❌ Support: objects · ❌ Erin",
      "⏳ Finance: no position yet · 1 owner, none has voted",
      "Advisory votes (recorded, not counted)",
      "local:dave: ✅ approve",
      "Objections",
      "Erin for Support:",
      "Support counts trial users as customers.",
      "[Approve] [Object] [Abstain]",
    ]);
    expect(v.summary).toBe("Proposal #12: amend Customer (open)");
    expect(votes(v)).toEqual([{ kind: "votes", proposalId: 12 }]);
  });

  const closed: [ProposalStatus, Record<string, unknown>, string, string | undefined][] = [
    ["approved", { resultVersion: 4 }, "✅ Approved → [version 4](https://concord.example.com/terms/customer) of Customer.", "good"],
    ["rejected", { decidedAt: NOW }, "❌ Rejected: an objection stood on 2026-03-02 09:00 UTC.", "attention"],
    ["expired", {}, "💤 Expired: no decision was reached by the deadline (2026-03-04 09:00 UTC).", "warning"],
    ["superseded", { supersededBy: 13 }, "🔀 Superseded by [proposal #13](https://concord.example.com/proposals/13).", "warning"],
    ["withdrawn", {}, "↩️ Withdrawn: voting is closed.", undefined],
  ];
  it.each(closed)("says how a %s proposal ended, in its tone, without vote buttons", (status, extra, line, tone) => {
    const v = proposalView(fixture({ status, ...extra }), ctx);
    expect(read(v)).toContain(line);
    expect(v.blocks[1]).toMatchObject({ kind: "text", ...(tone ? { tone } : {}) });
    expect(votes(v)).toEqual([]);
  });

  it("says when an approved deprecation took effect, and when the deadline passed without an outcome yet", () => {
    expect(shown({ status: "approved", kind: "deprecate", text: null })).toContain("✅ Approved: Customer is now deprecated.");
    const late = proposalView(fixture({ deadline: new Date(NOW.getTime() - 60_000) }), ctx);
    expect(read(late)).toContain("⏳ Open: the deadline (2026-03-02 08:59 UTC) has passed and the outcome is being recorded.");
    expect(votes(late)).toHaveLength(1);
  });

  it("shows a new term without changes, and a deprecation with the current definition", () => {
    const created = shown({ kind: "create", baseVersion: null, termId: null, termName: "Client" });
    expect(created.split("\n")[0]).toBe("Proposal #12: create Client");
    expect(created).not.toContain("Changes from");
    const deprecated = shown({ kind: "deprecate", text: null });
    expect(deprecated.split("\n")[0]).toBe("Proposal #12: deprecate Customer");
    expect(deprecated).toContain("Deprecate Customer: it stays readable but is marked deprecated.\nThe current definition (version 3):\nA person or company");
  });

  it("shows the example and formula", () => {
    const text = shown({ example: "ACME paid in May.", formula: "count(distinct customer_id)" });
    expect(text).toContain("Example\nACME paid in May.");
    expect(text).toContain("Formula\ncount(distinct customer_id)");
  });

  it("names a proposer known only by another platform's ref by name, and abstentions with their icon", () => {
    expect(shown({ proposerRef: "teams:tenant-1:aad-carol", proposerId: carol.id })).toContain("Proposed by Carol on");
    const abstained = [vote(carol, "abstain")];
    expect(shown({}, { votes: abstained, domains: [affected(finance, [carol], true, abstained)] })).toContain("➖ Finance (owner): abstains · ➖ Carol");
  });

  it("cuts long texts with a link to the page, and counts domains, voters and objections past what it shows", () => {
    const owners = Array.from({ length: 100 }, (_, i) => member(100 + i, `Owner ${i}`, `teams:tenant-1:aad-${i}`));
    const all = owners.map((o, i) => vote(o, i % 3 === 0 ? "object" : "approve", i % 3 === 0 ? words(2000, "because") : null));
    const domains = Array.from({ length: 30 }, (_, i) =>
      affected({ id: 100 + i, slug: `d${i}`, name: `Domain ${i}` }, i === 0 ? owners : owners.slice(i, i + 3), i === 0, all),
    );
    const text = shown({ text: words(4000, "gross"), rationale: words(4000, "because") }, { votes: all, domains });
    expect(text).toContain("… [Read the full proposal](https://concord.example.com/proposals/12)");
    expect(text).toContain("…and 10 more domains on [the proposal page](https://concord.example.com/proposals/12).");
    expect(text).toContain(" and 88 more");
    expect(text).toContain("… [Read the full objection](https://concord.example.com/proposals/12)");
    expect(text).toMatch(/…and 28 more objections on \[the proposal page\]/);
  });
});

describe("the notice in an affected domain's home channel", () => {
  it("links the proposal, names the affected domains and where to vote, and quotes the text", () => {
    const v = proposalNoticeView(fixture(), ctx);
    expect(read(v)).toBe(
      "🗳️ [Proposal #12: amend Customer](https://concord.example.com/proposals/12). It affects Sales, Support and Finance. Owners vote on the proposal in the governance channel until 2026-03-04 09:00 UTC (in 2 days).\n" +
        "A person or company that has paid for at least one order in the last 12 months.",
    );
    expect(read(proposalNoticeView(fixture({ text: words(4000) }), ctx))).toContain("… [Read the full proposal](https://concord.example.com/proposals/12)");
  });
});

describe("thread replies", () => {
  const reply = (overrides: Parameters<typeof fixture>[0]) => read(decisionView(fixture(overrides), ctx));

  it("announce an approval with the new version", () => {
    expect(reply({ status: "approved", resultVersion: 4 })).toBe("✅ Approved: Customer is now at [version 4](https://concord.example.com/terms/customer).");
    expect(reply({ status: "approved", resultVersion: 1, kind: "create" })).toBe(
      "✅ Approved: Customer is now in the glossary as [version 1](https://concord.example.com/terms/customer).",
    );
    expect(reply({ status: "approved", kind: "deprecate", text: null })).toBe("✅ Approved: Customer is now deprecated.");
    expect(decisionView(fixture({ status: "approved", resultVersion: 4 }), ctx).summary).toBe("Proposal #12 on Customer was approved.");
  });

  it("announce a rejection with the standing objections", () => {
    expect(reply({ status: "rejected" })).toBe(
      "❌ Rejected: proposal #12 on Customer is closed because an objection stands.\nErin for Support:\nSupport counts trial users as customers.",
    );
  });

  it("announce an expiry and who never took a position", () => {
    expect(reply({ status: "expired" })).toBe(
      "💤 Expired: no decision was reached by the deadline. Customer stays at [version 3](https://concord.example.com/terms/customer). No position from Finance.",
    );
  });

  it("announce a superseded proposal with links to the winner and the current definition, and a withdrawal", () => {
    const superseded = fixture({ status: "superseded", supersededBy: 15 });
    expect(read(supersededView(superseded, ctx))).toBe(
      "🔀 Superseded: [proposal #15](https://concord.example.com/proposals/15) on Customer was approved first, so voting here is closed. " +
        "[Read the current definition](https://concord.example.com/terms/customer); to change it further, propose again from there.",
    );
    expect(read(decisionView(superseded, ctx))).toBe(read(supersededView(superseded, ctx)));
    expect(read(withdrawnView(fixture({ status: "withdrawn" })))).toBe("↩️ Proposal #12 on Customer was withdrawn; voting is closed.");
    expect(read(withdrawnView(fixture({ status: "withdrawn" }), "slack:T0001:U0ADA"))).toBe("↩️ Proposal #12 on Customer was withdrawn by Ada; voting is closed.");
  });
});

describe("the reminder", () => {
  it("tells an owner which of their domains has no position yet, with the vote buttons", () => {
    const v = reminderView(fixture({ deadline: new Date(NOW.getTime() + 23 * 3_600_000) }), ctx, "teams:tenant-1:aad-carol");
    expect(read(v)).toBe(
      "⏰ [Proposal #12](https://concord.example.com/proposals/12) to amend Customer closes in 23 hours (2026-03-03 08:00 UTC); your domain Finance has no position yet.\n" +
        "A person or company that has paid for at least one order in the last 12 months.\n[Approve] [Object] [Abstain]",
    );
    expect(v.summary).toBe("Proposal #12 on Customer closes in 23 hours. Finance: no position yet.");
  });

  it("names every silent domain when it does not know the recipient, and still asks an owner whose domain has a position", () => {
    expect(read(reminderView(fixture(), ctx))).toContain("Finance has no position yet.");
    const byCarol = fixture({ proposerId: carol.id, proposerRef: carol.refs[0]! });
    expect(read(reminderView(byCarol, ctx, ada.refs[0]!))).toContain("your vote still counts for your domain until then.");
  });

  it("tells the proposer their own vote is advisory while self-approval is off", () => {
    // Ada proposed it; Sales (hers) already approves through Bob, Finance (Carol's) has no position.
    const own = read(reminderView(fixture(), ctx, ada.refs[0]!));
    expect(own).not.toContain("still counts");
    expect(own).toContain("as you proposed it, your own vote is advisory: the other owners' votes decide.");
    const silent = fixture({}, { votes: [] });
    expect(read(reminderView(silent, ctx, ada.refs[0]!))).toContain(
      "your domain Sales has no position yet. As you proposed it, your own vote is advisory: the other owners' votes decide.",
    );
    const allowed = read(reminderView(fixture({ allowSelfApproval: true }), ctx, ada.refs[0]!));
    expect(allowed).toContain("your vote still counts for your domain until then.");
  });

  it("drops the buttons once the proposal is closed, saying how it ended", () => {
    const v = reminderView(fixture({ status: "expired" }), ctx);
    expect(votes(v)).toEqual([]);
    expect(read(v)).toContain("💤 Expired: no decision was reached by the deadline");
  });
});
