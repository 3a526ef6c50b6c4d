import { describe, expect, it } from "vitest";
import type { ProposalStatus } from "../../../src/core/index.js";
import { VOTE_ABSTAIN, VOTE_APPROVE, VOTE_OBJECT } from "../../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";
import {
  renderDecisionReply,
  renderProposalMessage,
  renderProposalNotice,
  renderReminder,
  renderSupersededReply,
  renderWithdrawnReply,
  type RenderedMessage,
} from "./render.js";
import {
  ada,
  affected,
  blocksOfType,
  buttonsOf,
  carol,
  EVIL,
  erin,
  finance,
  links,
  member,
  mrkdwnText,
  NOW,
  proposalView,
  support,
  visibleText,
  vote,
  words,
} from "./fixtures.js";

function check(message: RenderedMessage) {
  expect(checkBlockLimits(message, "message")).toEqual([]);
  return { ...message, shown: visibleText(message), parsed: mrkdwnText(message) };
}

function expectNoInjection(parsed: string) {
  expect(parsed).not.toContain("<!channel>");
  expect(parsed).not.toContain("<https://evil.example");
  expect(parsed).not.toContain("<@U999>");
}

const CLOSED: ProposalStatus[] = ["approved", "rejected", "expired", "superseded", "withdrawn"];

describe("renderProposalMessage", () => {
  it("shows the title, status, proposed text, diff, rationale, tally, objections and vote buttons", () => {
    const { blocks, shown } = check(renderProposalMessage(proposalView(), links, NOW));
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Proposal #12: amend Customer");
    expect(shown).toContain("*Open*: voting closes <!date^");
    expect(shown).toContain("(in 2 days)");
    expect(shown).toContain("Proposed by <@U0ADA>");
    expect(shown).toContain("Policy: *unanimous*");
    expect(shown).toContain("*Proposed definition*\nA person or company that has paid for at least one order in the last 12 months.");
    expect(shown).toContain("*Changes from version 3*\nA person or company that has paid for at least one order in the last ~24~ *12* months.");
    expect(shown).toContain("*Rationale*\n>Finance reports churn over 12 months; 24 overstates the base.");
    expect(shown).toContain(":white_check_mark: *Sales* (owner): approves · :white_check_mark: <@U0BOB>");
    expect(shown).toContain(":x: *Support*: objects · :x: <@U0ERIN>");
    expect(shown).toContain(":hourglass_flowing_sand: *Finance*: no position yet · 1 owner, none has voted");
    expect(shown).toContain("*Advisory votes* (recorded, not counted)\nlocal:dave: :white_check_mark: approve");
    expect(shown).toContain("*Objections*\n<@U0ERIN> for Support:\n>Support counts trial users as customers.");

    expect(buttonsOf(blocks).map((b) => [b.text.text, b.action_id, b.value, b.style])).toEqual([
      ["Approve", VOTE_APPROVE, "12", "primary"],
      ["Object", VOTE_OBJECT, "12", "danger"],
      ["Abstain", VOTE_ABSTAIN, "12", undefined],
    ]);
  });

  it.each(CLOSED)("has no vote buttons once %s", (status) => {
    const { blocks } = check(renderProposalMessage(proposalView({ status, resultVersion: 4, supersededBy: 15, decidedAt: NOW }), links, NOW));
    expect(buttonsOf(blocks)).toEqual([]);
  });

  it("says how each closed proposal ended", () => {
    const shown = (status: ProposalStatus, extra = {}) =>
      visibleText(renderProposalMessage(proposalView({ status, decidedAt: NOW, ...extra }), links, NOW));
    expect(shown("approved", { resultVersion: 4 })).toContain(
      "*Approved* → <https://concord.example.com/terms/customer|version 4> of *Customer*.",
    );
    expect(shown("rejected")).toContain("*Rejected*: an objection stood on <!date^");
    expect(shown("expired")).toContain("*Expired*: no decision was reached by the deadline");
    expect(shown("superseded", { supersededBy: 15 })).toContain("*Superseded* by <https://concord.example.com/proposals/15|proposal #15>.");
    expect(shown("withdrawn")).toContain("*Withdrawn*: voting is closed.");
    expect(shown("approved", { kind: "deprecate", text: null })).toContain("*Approved*: *Customer* is now deprecated.");
  });

  it("titles creations and deprecations, without a diff", () => {
    const created = check(renderProposalMessage(proposalView({ kind: "create", baseVersion: null, termId: null, termName: "Client" }), links, NOW));
    expect(blocksOfType(created.blocks, "header")[0]?.text.text).toBe("Proposal #12: create Client");
    expect(created.shown).not.toContain("Changes from");
    const deprecated = check(renderProposalMessage(proposalView({ kind: "deprecate", text: null }), links, NOW));
    expect(blocksOfType(deprecated.blocks, "header")[0]?.text.text).toBe("Proposal #12: deprecate Customer");
    expect(deprecated.shown).toContain("*Deprecate Customer*: it stays readable but is marked deprecated.");
    expect(deprecated.shown).toContain("The current definition (version 3):\n>A person or company");
  });

  it("says when the deadline has passed but the outcome is not yet recorded", () => {
    const { shown, blocks } = check(renderProposalMessage(proposalView({ deadline: new Date(NOW.getTime() - 60_000) }), links, NOW));
    expect(shown).toContain("has passed and the outcome is being recorded");
    expect(buttonsOf(blocks)).toHaveLength(3);
  });

  it("escapes the proposed text, rationale, example, formula and objection reasons", () => {
    const votes = [vote(erin, "object", EVIL)];
    const view = proposalView(
      { text: EVIL, rationale: EVIL, example: EVIL, formula: EVIL, termName: "Customer <!here>" },
      { votes, domains: [affected(support, [erin], true, votes)] },
    );
    const { parsed, text } = check(renderProposalMessage(view, links, NOW));
    expectNoInjection(parsed);
    expect(parsed).not.toContain("<!here>");
    expect(text).toBe("Proposal #12: amend Customer &lt;!here&gt; (open)");
    expect(parsed).toContain("&lt;!channel&gt;");
  });

  it("names voters from other platforms without a mention", () => {
    const votes = [vote(carol, "abstain")];
    const { shown } = check(renderProposalMessage(proposalView({}, { votes, domains: [affected(finance, [carol], true, votes)] }), links, NOW));
    expect(shown).toContain(":heavy_minus_sign: *Finance* (owner): abstains · :heavy_minus_sign: Carol");
  });

  it("stays within the limits with a 4,000-character text, a 120-character name and 200 voters", () => {
    const owners = Array.from({ length: 200 }, (_, i) => member(1000 + i, null, `slack:T0001:U${String(i).padStart(8, "0")}`));
    const votes = owners.map((o, i) => vote(o, i % 3 === 0 ? "object" : "approve", i % 3 === 0 ? words(900, "because") : null));
    const domains = Array.from({ length: 30 }, (_, d) =>
      affected({ id: 100 + d, slug: `d${d}`, name: `Domain ${d} ${"x".repeat(60)}` }, owners.slice(d * 6, d * 6 + 20), d === 0, votes),
    );
    const view = proposalView(
      { text: words(4000), rationale: words(4000), example: words(4000), formula: words(4000), termName: "N".repeat(120) },
      { votes, domains },
    );
    const { blocks, shown } = check(renderProposalMessage(view, links, NOW));
    expect(blocksOfType(blocks, "header")[0]?.text.text.length).toBeLessThanOrEqual(150);
    expect(shown).toContain("Read the full proposal");
    expect(shown).toContain("and 8 more");
    expect(buttonsOf(blocks)).toHaveLength(3);
  });
});

describe("renderProposalNotice", () => {
  it("is one section linking to the proposal and naming the affected domains", () => {
    const { blocks, shown } = check(renderProposalNotice(proposalView(), links, NOW));
    expect(blocks).toHaveLength(1);
    expect(shown).toContain("<https://concord.example.com/proposals/12|Proposal #12: amend Customer>. It affects *Sales*, *Support* and *Finance*.");
    expect(shown).toContain("vote on the proposal in the governance channel until");
    expect(shown).toContain(">A person or company that has paid");
    expect(buttonsOf(blocks)).toEqual([]);
  });

  it("escapes and cuts a long, hostile proposal", () => {
    const { parsed, blocks } = check(renderProposalNotice(proposalView({ text: `${EVIL} ${words(4000)}`, termName: "N".repeat(120) }), links, NOW));
    expect(blocks).toHaveLength(1);
    expectNoInjection(parsed);
    expect(parsed).toContain("Read the full proposal");
  });
});

describe("thread replies", () => {
  it("announces an approval with the new version and a link", () => {
    const { shown } = check(renderDecisionReply(proposalView({ status: "approved", resultVersion: 4 }), links));
    expect(shown).toContain(":white_check_mark: Approved: *Customer* is now at <https://concord.example.com/terms/customer|version 4>.");
    const created = check(renderDecisionReply(proposalView({ status: "approved", resultVersion: 1, kind: "create" }), links));
    expect(created.shown).toContain("*Customer* is now in the glossary as <https://concord.example.com/terms/customer|version 1>.");
    const deprecated = check(renderDecisionReply(proposalView({ status: "approved", kind: "deprecate", text: null }), links));
    expect(deprecated.shown).toContain("*Customer* is now deprecated.");
  });

  it("announces a rejection with the standing objections quoted", () => {
    const { shown } = check(renderDecisionReply(proposalView({ status: "rejected" }), links));
    expect(shown).toContain(":x: Rejected: proposal #12 on *Customer* is closed because an objection stands.");
    expect(shown).toContain("<@U0ERIN> for Support:\n>Support counts trial users as customers.");
  });

  it("announces an expiry and who never took a position", () => {
    const { shown } = check(renderDecisionReply(proposalView({ status: "expired" }), links));
    expect(shown).toContain(":zzz: Expired: no decision was reached by the deadline. *Customer* stays at <https://concord.example.com/terms/customer|version 3>.");
    expect(shown).toContain("No position from *Finance*.");
  });

  it("announces a superseded proposal with links to the winner and the current definition", () => {
    const { shown } = check(renderSupersededReply(proposalView({ status: "superseded", supersededBy: 15 }), links));
    expect(shown).toContain("Superseded: <https://concord.example.com/proposals/15|proposal #15> on *Customer* was approved first");
    expect(shown).toContain("<https://concord.example.com/terms/customer|Read the current definition>");
    expect(visibleText(renderDecisionReply(proposalView({ status: "superseded", supersededBy: 15 }), links))).toContain("Superseded");
  });

  it("announces a withdrawal", () => {
    const { shown } = check(renderWithdrawnReply(proposalView({ status: "withdrawn", termName: "<!channel>" })));
    expect(shown).toContain("Proposal #12 on *&lt;!channel&gt;* was withdrawn; voting is closed.");
  });
});

describe("renderReminder", () => {
  it("tells an owner which of their domains has no position yet, with the vote buttons", () => {
    const reminder = renderReminder(proposalView({ deadline: new Date(NOW.getTime() + 23 * 3_600_000) }), links, {
      recipientRef: "teams:tenant-1:aad-carol",
      now: NOW,
    });
    const { shown, blocks, text } = check(reminder);
    expect(shown).toContain("<https://concord.example.com/proposals/12|Proposal #12> to amend *Customer* closes in 23 hours");
    expect(shown).toContain("your domain *Finance* has no position yet.");
    expect(text).toBe("Proposal #12 on Customer closes in 23 hours. Finance: no position yet.");
    expect(buttonsOf(blocks).map((b) => [b.action_id, b.value])).toEqual([
      [VOTE_APPROVE, "12"],
      [VOTE_OBJECT, "12"],
      [VOTE_ABSTAIN, "12"],
    ]);
  });

  it("names every silent domain when it does not know the recipient", () => {
    const { shown } = check(renderReminder(proposalView(), links, { now: NOW }));
    expect(shown).toContain("*Finance* has no position yet.");
  });

  it("still asks an owner whose domain already has a position", () => {
    const byCarol = proposalView({ proposerId: carol.id, proposerRef: carol.refs[0]! });
    const { shown } = check(renderReminder(byCarol, links, { recipientRef: ada.refs[0]!, now: NOW }));
    expect(shown).toContain("your vote still counts for your domain until then.");
    // Ada proposed the fixture's proposal: her own vote is advisory.
    expect(check(renderReminder(proposalView(), links, { recipientRef: ada.refs[0]!, now: NOW })).shown).toContain("your own vote is advisory");
  });
});
