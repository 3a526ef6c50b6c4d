import { describe, expect, it } from "vitest";
import type { ProposalStatus } from "../../../src/core/index.js";
import { parseCardAction } from "../../../src/teams/cards/index.js";
import {
  renderDecisionText,
  renderProposalCard,
  
  renderReminderCard,
  renderSupersededText,
  renderWithdrawnText,
} from "./render.js";
import {
  actionsOf,
  affected,
  carol,
  elementsOfType,
  ESCAPED_EVIL,
  EVIL,
  erin,
  expectSoundCard,
  links,
  markdownText,
  member,
  NOW,
  proposalView,
  sales,
  support,
  unescapedMarkdown,
  visibleText,
  vote,
  words,
} from "./fixtures.js";

function renderCard(...args: Parameters<typeof proposalView>) {
  const card = expectSoundCard(renderProposalCard(proposalView(...args), links, NOW));
  return { card, shown: visibleText(card), actions: actionsOf(card) };
}

describe("renderProposalCard: open", () => {
  it("shows the title, status, deadline, proposer, policy and a link to the page", () => {
    const { card, shown } = renderCard();
    expect(card.body[0]).toMatchObject({ text: "Proposal #12: amend Customer", size: "Large" });
    expect(shown).toContain("⏳ **Open**: voting closes 2026-03-04 09:00 UTC (in 2 days).");
    expect(shown).toContain("Proposed by Ada on 2026-03-01 09:00 UTC · Policy: **unanimous** (every affected domain must approve; one objection blocks it)");
    expect(shown).toContain("[Open the proposal page](https://concord.example.com/proposals/12)");
  });

  it("shows the proposed text, the diff against the base version and the rationale", () => {
    const { card, shown } = renderCard();
    expect(shown).toContain("**Proposed definition**");
    expect(shown).toContain("A person or company that has paid for at least one order in the last 12 months.");
    expect(shown).toContain("**Changes from version 3**");
    const runs = elementsOfType(card, "TextRun");
    expect(runs.filter((r) => r.strikethrough).map((r) => r.text)).toEqual(["24"]);
    expect(runs.filter((r) => r.weight === "Bolder").map((r) => r.text)).toEqual(["12"]);
    expect(shown).toContain("**Rationale**");
    expect(shown).toContain("Finance reports churn over 12 months; 24 overstates the base.");
  });

  it("shows each affected domain's position and who voted, advisory votes, and objections quoted", () => {
    const { card, shown } = renderCard();
    const [domains, advisory] = elementsOfType(card, "FactSet");
    expect(domains?.facts).toEqual([
      { title: "✅ Sales (owner)", value: "approves · ✅ Bob" },
      { title: "❌ Support", value: "objects · ❌ Erin" },
      { title: "⏳ Finance", value: "no position yet · 1 owner, none has voted" },
    ]);
    expect(advisory?.facts).toEqual([{ title: "dave", value: "✅ approve" }]);
    expect(shown).toContain("**Advisory votes** (recorded, not counted)");
    expect(shown).toContain("Erin for Support:");
    expect(shown).toContain("Support counts trial users as customers.");
  });

  it("offers a reason box and Approve / Object / Abstain, each sending the proposal id", () => {
    const { card, actions } = renderCard();
    const [reason] = elementsOfType(card, "Input.Text");
    expect(reason).toMatchObject({ id: "reason", placeholder: "Reason (needed to object)", isMultiline: true });
    expect(actions.map((a) => [a.title, a.style])).toEqual([
      ["Approve", "positive"],
      ["Object", "destructive"],
      ["Abstain", undefined],
    ]);
    expect(actions.map((a) => parseCardAction(a.data))).toEqual([
      { concord: "vote", proposalId: 12, position: "approve" },
      { concord: "vote", proposalId: 12, position: "object" },
      { concord: "vote", proposalId: 12, position: "abstain" },
    ]);
    // Teams merges the reason box into the Object button's data.
    expect(parseCardAction({ ...(actions[1]!.data as object), reason: "Trial users are not customers." })).toEqual({
      concord: "vote",
      proposalId: 12,
      position: "object",
      reason: "Trial users are not customers.",
    });
  });

  it("names a proposer known only by a Teams ref by their name", () => {
    const { shown } = renderCard({ proposerRef: "teams:tenant-1:aad-carol", proposerId: carol.id });
    expect(shown).toContain("Proposed by Carol on");
    expect(renderCard({ proposerRef: "local:zoe" }).shown).toContain("Proposed by zoe on");
  });

  it("says when the deadline has passed and the outcome is being recorded", () => {
    const { shown } = renderCard({ deadline: new Date(NOW.getTime() - 60_000) });
    expect(shown).toContain("the deadline (2026-03-02 08:59 UTC) has passed");
  });
});

describe("renderProposalCard: closed", () => {
  const closed: [ProposalStatus, Record<string, unknown>, string][] = [
    ["approved", { resultVersion: 4 }, "✅ **Approved** → [version 4](https://concord.example.com/terms/customer) of **Customer**."],
    ["rejected", { decidedAt: NOW }, "❌ **Rejected**: an objection stood on 2026-03-02 09:00 UTC."],
    ["expired", {}, "💤 **Expired**: no decision was reached by the deadline (2026-03-04 09:00 UTC)."],
    ["superseded", { supersededBy: 13 }, "🔀 **Superseded** by [proposal #13](https://concord.example.com/proposals/13)."],
    ["withdrawn", {}, "↩️ **Withdrawn**: voting is closed."],
  ];

  it.each(closed)("shows the outcome of a %s proposal, with no inputs and no buttons", (status, extra, line) => {
    const { card, shown, actions } = renderCard({ status, ...extra });
    expect(shown).toContain(line);
    expect(actions).toEqual([]);
    expect(card.actions).toBeUndefined();
    expect(elementsOfType(card, "Input.Text")).toEqual([]);
  });

  it("colours the outcome", () => {
    expect(renderCard({ status: "approved", resultVersion: 4 }).card.body[1]).toMatchObject({ color: "Good" });
    expect(renderCard({ status: "rejected" }).card.body[1]).toMatchObject({ color: "Attention" });
  });
});

describe("renderProposalCard: kinds and limits", () => {
  it("shows a new term without a diff", () => {
    const { card, shown } = renderCard({ kind: "create", termId: null, baseVersion: null, termName: "Client", termSlug: "client" });
    expect(shown).toContain("Proposal #12: create Client");
    expect(elementsOfType(card, "RichTextBlock")).toEqual([]);
    expect(shown).not.toContain("Changes from");
  });

  it("shows a deprecation with the current definition", () => {
    const { shown } = renderCard({ kind: "deprecate", text: null });
    expect(shown).toContain("**Deprecate Customer**: it stays readable but is marked deprecated.");
    expect(shown).toContain("The current definition (version 3):");
    expect(shown).toContain("in the last 24 months.");
  });

  it("shows example and formula", () => {
    const { card } = renderCard({ example: "ACME paid in May.", formula: "count(distinct customer_id)" });
    expect(markdownText(card)).toContain("ACME paid in May.");
    expect(elementsOfType(card, "TextBlock").find((b) => b.fontType === "Monospace")?.text).toBe("count\\(distinct customer\\_id\\)");
  });

  it("escapes proposed text, rationale, objections and names so they cannot link or format", () => {
    const mallory = member(9, "**Mallory**", "local:mallory");
    const votes = [vote(erin, "object", EVIL), vote(mallory, "approve")];
    const { card } = renderCard(
      { text: EVIL, rationale: EVIL, termName: "[Customer](https://evil.example)" },
      { votes, domains: [affected(support, [erin], true, votes)] },
    );
    const markdown = markdownText(card);
    expect(markdown.split(ESCAPED_EVIL).length - 1).toBeGreaterThanOrEqual(3);
    expect(markdown).toContain("\\*\\*Mallory\\*\\*");
    expect(unescapedMarkdown(markdown)).not.toContain("evil.example)");
    // The diff shows the same text, as plain TextRuns that no Markdown reads.
    expect(elementsOfType(card, "TextRun").map((r) => r.text).join("")).toContain("[click](https://evil.example)");
  });

  it("keeps a proposal with 4,000-character texts, 30 domains and 100 voters a valid card under Teams' size limit", () => {
    const owners = Array.from({ length: 100 }, (_, i) => member(100 + i, `Owner ${i}`, `teams:tenant-1:aad-${i}`));
    const votes = owners.map((o, i) => vote(o, i % 3 === 0 ? "object" : "approve", i % 3 === 0 ? words(2000, "because") : null));
    const domains = Array.from({ length: 30 }, (_, i) =>
      affected({ id: 100 + i, slug: `d${i}`, name: `Domain ${i}` }, i === 0 ? owners : owners.slice(i, i + 3), i === 0, votes),
    );
    const { card, shown } = renderCard(
      { text: words(4000, "gross"), rationale: words(4000, "because"), example: words(4000, "example"), formula: words(4000, "sum") },
      { votes, domains },
    );
    expect(shown).toContain("…and 10 more domains on [the proposal page](https://concord.example.com/proposals/12).");
    expect(shown).toContain("and 88 more");
    expect(shown).toMatch(/…and \d+ more objections on/);
    expect(shown).toContain("[Read the full proposal](https://concord.example.com/proposals/12)");
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
  });
});

describe("renderReminderCard", () => {
  it("tells an owner which of their domains has no position yet, with the vote buttons", () => {
    const card = expectSoundCard(renderReminderCard(proposalView(), links, { recipientRef: "teams:tenant-1:aad-carol", now: NOW }));
    const shown = visibleText(card);
    expect(shown).toContain(
      "⏰ [Proposal #12](https://concord.example.com/proposals/12) to amend **Customer** closes in 2 days (2026-03-04 09:00 UTC); your domain **Finance** has no position yet.",
    );
    expect(shown).toContain("in the last 12 months.");
    expect(elementsOfType(card, "Input.Text")[0]).toMatchObject({ id: "reason" });
    expect(actionsOf(card).map((a) => parseCardAction(a.data))).toEqual([
      { concord: "vote", proposalId: 12, position: "approve" },
      { concord: "vote", proposalId: 12, position: "object" },
      { concord: "vote", proposalId: 12, position: "abstain" },
    ]);
  });

  it("names every silent domain when the recipient is unknown, and drops the buttons once closed", () => {
    expect(visibleText(renderReminderCard(proposalView(), links, { now: NOW }))).toContain("**Finance** has no position yet.");
    const closed = expectSoundCard(renderReminderCard(proposalView({ status: "expired" }), links, { now: NOW }));
    expect(actionsOf(closed)).toEqual([]);
    expect(elementsOfType(closed, "Input.Text")).toEqual([]);
  });
});

describe("thread texts", () => {
  it("announces an approval with the new version", () => {
    expect(renderDecisionText(proposalView({ status: "approved", resultVersion: 4 }), links)).toBe(
      "✅ Approved: **Customer** is now at [version 4](https://concord.example.com/terms/customer).",
    );
    expect(renderDecisionText(proposalView({ status: "approved", resultVersion: 1, kind: "create" }), links)).toContain(
      "is now in the glossary as [version 1]",
    );
    expect(renderDecisionText(proposalView({ status: "approved", kind: "deprecate", text: null }), links)).toBe(
      "✅ Approved: **Customer** is now deprecated.",
    );
  });

  it("announces a rejection with the standing objections quoted", () => {
    expect(renderDecisionText(proposalView({ status: "rejected" }), links)).toBe(
      "❌ Rejected: proposal #12 on **Customer** is closed because an objection stands.\n\n- Erin for Support: “Support counts trial users as customers.”",
    );
  });

  it("announces an expiry with the silent domains", () => {
    expect(renderDecisionText(proposalView({ status: "expired" }), links)).toBe(
      "💤 Expired: no decision was reached by the deadline. **Customer** stays at [version 3](https://concord.example.com/terms/customer). No position from **Finance**.",
    );
  });

  it("announces superseded and withdrawn proposals", () => {
    const superseded = proposalView({ status: "superseded", supersededBy: 13 });
    expect(renderSupersededText(superseded, links)).toContain("🔀 Superseded: [proposal #13](https://concord.example.com/proposals/13) on **Customer** was approved first");
    expect(renderDecisionText(superseded, links)).toBe(renderSupersededText(superseded, links));
    expect(renderWithdrawnText(proposalView({ status: "withdrawn" }))).toBe("↩️ Proposal #12 on **Customer** was withdrawn; voting is closed.");
  });

  it("escapes HTML and Markdown in names and reasons", () => {
    const votes = [vote(member(9, "<b>Eve</b>", "local:eve"), "object", "<a href='https://evil.example'>[x](https://evil.example)</a>")];
    const view = proposalView({ status: "rejected", termName: "**Customer**" }, { votes, domains: [affected(sales, [votes[0]!.member], true, votes)] });
    const text = renderDecisionText(view, links);
    expect(text).toContain("**\\*\\*Customer\\*\\***");
    expect(text).toContain("&lt;b&gt;Eve&lt;/b&gt;");
    expect(text).toContain("&lt;a href='https://evil.example'&gt;\\[x\\]\\(https://evil.example\\)&lt;/a&gt;");
    expect(text).not.toContain("<a");
  });
});
