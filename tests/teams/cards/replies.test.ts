import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/commands/execute.js";
import { commandHelp } from "../../../src/commands/help.js";
import { diffWords } from "../../../src/core/text/index.js";
import { parseCardAction } from "../../../src/teams/cards/index.js";
import { renderReplyCard, type AdaptiveCard } from "./render.js";
import {
  actionsOf,
  ada,
  bob,
  carol,
  details,
  elementsOfType,
  ESCAPED_EVIL,
  EVIL,
  expectSoundCard,
  finance,
  links,
  lookupFound,
  markdownText,
  member,
  NOW,
  pendingList,
  proposal,
  sales,
  searchHits,
  support,
  term,
  unescapedMarkdown,
  version,
  visibleText,
  words,
} from "./fixtures.js";

/** Renders a reply, asserts Teams would take the card, and returns what a user would read. */
function render(reply: Reply) {
  const card = expectSoundCard(renderReplyCard(reply, links, NOW));
  return { card, shown: visibleText(card), markdown: markdownText(card), actions: actionsOf(card) };
}

/** Asserts that no user text on the card can format, link or list. */
function expectNoInjection(card: AdaptiveCard) {
  const markdown = markdownText(card);
  expect(markdown).not.toContain("[click](https://evil.example)");
  expect(markdown).not.toMatch(/(?<!\\)\*\*bold/);
  expect(unescapedMarkdown(markdown)).not.toContain("evil.example)");
}

describe("renderReplyCard: lookup found", () => {
  it("shows the definition, version, owner, aliases, consumers and last change", () => {
    const { card, shown } = render(lookupFound());
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: "Customer", size: "Large", weight: "Bolder" });
    expect(shown).toContain("A person or company that has paid for at least one order in the last 24 months.");
    const [facts] = elementsOfType(card, "FactSet");
    expect(facts?.facts).toEqual([
      { title: "Version", value: "[version 3](https://concord.example.com/terms/customer/history)" },
      { title: "Owner domain", value: "Sales" },
      { title: "Aliases", value: "client, account holder" },
      { title: "Consuming domains", value: "Support, Finance" },
      { title: "Last change", value: "2026-02-20 10:00 UTC by Ada" },
    ]);
  });

  it("shows each domain's variant with its drift as a percentage, its level and a stale flag", () => {
    const { shown } = render(lookupFound());
    expect(shown).toContain("**Support**: 73% drift (major) · ⚠️ stale: written against v2, the agreed one is v3");
    expect(shown).toContain("**Finance**: 20% drift (minor)");
    expect(shown).not.toMatch(/Finance\*\*: 20% drift \(minor\) · ⚠️/);
    expect(shown).toContain("Anyone who opened a support ticket.");
  });

  it("offers Share in channel (sent back to the bot) and History (a link)", () => {
    const { card, actions } = render(lookupFound());
    expect(card.actions).toHaveLength(2);
    expect(actions.map((a) => [a.type, a.title])).toEqual([
      ["Action.Submit", "Share in channel"],
      ["Action.OpenUrl", "History"],
    ]);
    expect(parseCardAction(actions[0]?.data)).toEqual({ concord: "share", slug: "customer" });
    expect(actions[1]?.url).toBe("https://concord.example.com/terms/customer/history");
  });

  it("says how the term was matched when it was not by name, and a did-you-mean command", () => {
    expect(render(lookupFound({ matchedBy: "alias", query: "client" })).shown).toContain("Matched by alias: you typed “client”.");
    expect(render(lookupFound({ matchedBy: "fuzzy", query: "custmer" })).shown).toContain("Closest match: you typed “custmer”.");
    expect(render(lookupFound()).shown).not.toContain("you typed");
    const reply = lookupFound();
    expect(render({ ...reply, didYouMean: "search churn" } as Reply).shown).toContain("💡 Did you mean “search churn”?");
  });

  it("marks a deprecated term and shows example and formula", () => {
    const d = details({
      term: term({ status: "deprecated" }),
      current: version({ example: "ACME Ltd paid in May 2025.", formula: "SELECT count(*) FROM customers" }),
    });
    const { card, shown } = render(lookupFound({ details: d }));
    expect(card.body[0]).toMatchObject({ text: "Customer (deprecated)" });
    expect(shown).toContain("⚠️ This term is deprecated");
    expect(shown).toContain("ACME Ltd paid in May 2025.");
    expect(elementsOfType(card, "TextBlock").some((b) => b.fontType === "Monospace" && b.text === "SELECT count\\(\\*\\) FROM customers")).toBe(true);
  });

  it("escapes a definition, aliases and names so they cannot link or format", () => {
    const d = details({
      term: term({ name: "**Customer**" }),
      current: version({ text: EVIL, proposedBy: member(8, "[Mallory](https://evil.example)", "local:mallory") }),
      aliases: ["**bold**"],
    });
    const { card, markdown } = render(lookupFound({ details: d }));
    expect(markdown).toContain(ESCAPED_EVIL);
    expect(markdown).toContain("\\*\\*Customer\\*\\*");
    expectNoInjection(card);
  });

  it("cuts a 4,000-character definition with a link to the term page, and stays a valid card", () => {
    const d = details({ current: version({ text: words(4000) }) });
    const { markdown } = render(lookupFound({ details: d }));
    expect(markdown).toContain("… [Read the full definition](https://concord.example.com/terms/customer)");
    expect(markdown).not.toContain(words(3100));
  });

  it("caps many variants with “and N more”", () => {
    const reply = lookupFound();
    if (reply.kind !== "lookup" || reply.result.kind !== "found") throw new Error("fixture");
    const one = reply.result.drift[0]!;
    const drift = Array.from({ length: 25 }, (_, i) => ({ ...one, variant: { ...one.variant, text: words(2000), domain: { id: 100 + i, slug: `d${i}`, name: `Domain ${i}` } } }));
    const { shown } = render({ ...reply, result: { ...reply.result, drift } });
    expect(shown).toContain("…and 15 more variants on [the term page](https://concord.example.com/terms/customer).");
  });
});

describe("renderReplyCard: lookup not found", () => {
  it("suggests close terms as links and offers to propose it", () => {
    const { shown, actions } = render({
      kind: "lookup",
      result: {
        kind: "not-found",
        query: "Custmer",
        suggestions: [
          { term: { id: 10, slug: "customer", name: "Customer", status: "active" }, similarity: 0.6 },
          { term: { id: 11, slug: "customer-id", name: "Customer ID", status: "active" }, similarity: 0.5 },
        ],
      },
    });
    expect(shown).toContain("No term **Custmer** in the glossary.");
    expect(shown).toContain(
      "Did you mean **[Customer](https://concord.example.com/terms/customer)** and **[Customer ID](https://concord.example.com/terms/customer-id)**?",
    );
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: "Action.Submit", title: "Propose Custmer", style: "positive" });
    expect(parseCardAction(actions[0]?.data)).toEqual({ concord: "propose-form", term: "Custmer" });
  });

  it("keeps a long query whole in the data but short on the button", () => {
    const query = words(110, "enormous");
    const { actions, card } = render({ kind: "lookup", result: { kind: "not-found", query, suggestions: [] } });
    expect(actions[0]?.title.length).toBeLessThanOrEqual(40);
    expect(parseCardAction(actions[0]?.data)).toEqual({ concord: "propose-form", term: query });
    expect(visibleText(card)).not.toContain("Did you mean");
  });
});

describe("renderReplyCard: search", () => {
  it("lists hits best first with what they matched on and a linked name", () => {
    const { shown } = render({ kind: "search", result: { query: "churn", hits: searchHits(3) } });
    expect(shown).toContain("3 terms matching **churn**, best first:");
    expect(shown).toContain("**[Churn Rate 0](https://concord.example.com/terms/churn-rate-0)** · matched on name");
    expect(shown).toContain("**[Churn Rate 1](https://concord.example.com/terms/churn-rate-1)** (deprecated) · matched on alias");
    expect(shown.indexOf("Churn Rate 0")).toBeLessThan(shown.indexOf("Churn Rate 2"));
  });

  it("caps a long result list with “and N more matches”, within Teams' size limit", () => {
    const { shown } = render({ kind: "search", result: { query: "churn", hits: searchHits(60, words(4000)) } });
    expect(shown).toMatch(/…and \d+ more matches; add words to narrow the search\./);
  });

  it("says so when nothing matches, escaping the query", () => {
    const { shown, card } = render({ kind: "search", result: { query: EVIL, hits: [] } });
    expect(shown).toContain(`Nothing in the glossary matches **${ESCAPED_EVIL}**`);
    expectNoInjection(card);
  });
});

describe("renderReplyCard: history", () => {
  const history = (count: number, text: (i: number) => string): Reply => {
    const versions = Array.from({ length: count }, (_, i) =>
      version({ version: i + 1, text: text(i), proposalId: i === 0 ? null : 100 + i, proposedBy: i % 2 ? ada : null }),
    );
    const entries = versions.map((v, i) => (i === 0 ? { version: v } : { version: v, diff: diffWords(versions[i - 1]!.text, v.text) })).reverse();
    return { kind: "history", history: { term: { id: 10, slug: "customer", name: "Customer", status: "active" }, entries } };
  };

  it("shows each version, who and when, and a word diff: removed struck through, added bold", () => {
    const { card, shown, actions } = render(
      history(2, (i) => `A person or company that has paid for at least one order in the last ${i === 0 ? 24 : 12} months.`),
    );
    expect(card.body[0]).toMatchObject({ text: "History of Customer" });
    expect(shown).toContain("**Version 2**: agreed 2026-02-20 10:00 UTC by Ada · [proposal #101](https://concord.example.com/proposals/101)");
    expect(shown).toContain("**Version 1**: agreed 2026-02-20 10:00 UTC");
    const [diff] = elementsOfType(card, "RichTextBlock");
    expect(diff?.inlines).toEqual([
      { type: "TextRun", text: "A person or company that has paid for at least one order in the last " },
      { type: "TextRun", text: "24", strikethrough: true, color: "Attention" },
      { type: "TextRun", text: " " },
      { type: "TextRun", text: "12", weight: "Bolder", color: "Good" },
      { type: "TextRun", text: " months." },
    ]);
    expect(shown).toContain("removed words are struck through (red), added words are bold (green)");
    expect(actions).toEqual([{ type: "Action.OpenUrl", title: "Open the history page", url: "https://concord.example.com/terms/customer/history" }]);
  });

  it("caps many long versions with “and N older versions”, within Teams' size limit", () => {
    const { shown } = render(history(30, (i) => words(4000, i % 2 ? "gross revenue net" : "net margin gross")));
    expect(shown).toMatch(/…and \d+ older versions on \[the history page\]/);
    expect(shown).toContain("**Version 30**");
  });

  it("keeps diff text plain (TextRuns are not Markdown) and escapes the first version", () => {
    const { card } = render(history(2, (i) => (i === 0 ? EVIL : `${EVIL} extra`)));
    const runs = elementsOfType(card, "TextRun");
    expect(runs.map((r) => r.text).join("")).toContain("[click](https://evil.example)");
    expect(markdownText(card)).toContain(ESCAPED_EVIL);
    expectNoInjection(card);
  });
});

describe("renderReplyCard: variant", () => {
  it("reports the drift, a stale warning, and both texts", () => {
    const { shown } = render({
      kind: "variant",
      recorded: {
        term: term(),
        agreed: version(),
        replaced: true,
        drift: {
          variant: { domain: support, text: "Anyone who opened a support ticket.", baseVersion: 2, updatedBy: bob, updatedAt: NOW },
          score: 0.7312,
          level: "major",
          stale: true,
        },
      },
    });
    expect(shown).toContain(
      "Updated **Support**'s variant of **[Customer](https://concord.example.com/terms/customer)**: it drifts **73%** (major) from the agreed definition (version 3).",
    );
    expect(shown).toContain("⚠️ Stale: written against v2; the agreed definition is v3.");
    expect(shown).toContain("Anyone who opened a support ticket.");
    expect(shown).toContain("A person or company that has paid");
  });
});

describe("renderReplyCard: pending", () => {
  it("lists each proposal with its deadline, the caller's domains' positions and vote buttons", () => {
    const { card, shown, actions } = render({ kind: "pending", pending: pendingList(2) });
    expect(shown).toContain("2 proposals waiting on your domains, nearest deadline first:");
    expect(shown).toContain("**[#100 amend Term 0](https://concord.example.com/proposals/100)**: closes in 60 minutes (2026-03-02 10:00 UTC)");
    expect(shown).toContain("Your domains: **Sales** ⏳ no position yet, **Finance** ✅ approves · you have voted (you can still change it)");
    expect(shown).toContain("you have not voted");
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(["Approve", "Object…", "Object", "Abstain", "Approve", "Object…", "Object", "Abstain"]);
    expect(parseCardAction(actions[0]?.data)).toEqual({ concord: "vote", proposalId: 100, position: "approve" });
    expect(parseCardAction(actions[3]?.data)).toEqual({ concord: "vote", proposalId: 100, position: "abstain" });
    const reasons = elementsOfType(card, "Input.Text");
    expect(reasons.map((r) => r.id)).toEqual(["reason-100", "reason-101"]);
    expect(reasons[0]?.placeholder).toBe("Reason (needed to object)");
  });

  it("sends an objection with the reason typed in that proposal's own box", () => {
    const { actions } = render({ kind: "pending", pending: pendingList(2) });
    const object = actions.find((a) => a.title === "Object" && (a.data as { proposalId: number }).proposalId === 101)!;
    expect(object.style).toBe("destructive");
    const submitted = { ...(object.data as object), "reason-100": "", "reason-101": "Support counts trial users." };
    expect(parseCardAction(submitted)).toEqual({ concord: "vote", proposalId: 101, position: "object", reason: "Support counts trial users." });
  });

  it("caps 60 pending proposals with “and N more”, within Teams' size limit", () => {
    const { card, shown } = render({ kind: "pending", pending: pendingList(60) });
    const shownCount = elementsOfType(card, "ActionSet").length;
    expect(shownCount).toBeGreaterThanOrEqual(5);
    expect(shown).toContain(`…and ${60 - shownCount} more proposals, due later than these`);
  });

  it("says so when nothing waits", () => {
    expect(render({ kind: "pending", pending: [] }).shown).toBe("Nothing waits on your domains' votes right now. 🎉");
  });
});

describe("renderReplyCard: domains", () => {
  it("lists domains with owners and home channels", () => {
    const { shown } = render({
      kind: "domains",
      domains: [
        { ...sales, owners: [ada, bob], channels: [{ platform: "slack", channelId: "C1" }, { platform: "teams", channelId: "19:x" }] },
        { ...finance, owners: [], channels: [] },
      ],
    });
    expect(shown).toContain("**2 domains**");
    expect(shown).toContain("**Sales** (sales)");
    expect(shown).toContain("Ada and Bob");
    expect(shown).toContain("a Slack channel and a Teams channel");
    expect(shown).toContain("no owners yet");
    expect(shown).toContain("none yet");
  });

  it("caps a long list and says how to add the first one", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ id: i, slug: `d${i}`, name: `Domain ${i}`, owners: [ada, bob, carol], channels: [] }));
    expect(render({ kind: "domains", domains: many }).shown).toMatch(/…and \d+ more domains\./);
    expect(render({ kind: "domains", domains: [] }).shown).toContain("No domains yet. Add one by sending “domain add \\<slug> \\<name>”.");
  });
});

describe("renderReplyCard: confirmations", () => {
  it("confirms a new domain with the next steps", () => {
    expect(render({ kind: "domain-added", domain: sales }).shown).toBe(
      "✅ Added the domain **Sales** (sales). Next: name its owners with “domain owners sales add @someone”, and send “domain channel sales” in its home channel.",
    );
  });

  it("confirms owner changes, and says when nothing changed", () => {
    const change = (action: "add" | "remove", changed: boolean) =>
      render({ kind: "owner-changed", result: { domain: sales, owner: carol, action, changed, owners: [ada, carol] } }).shown;
    expect(change("add", true)).toContain("✅ Carol is now an owner of **Sales**.");
    expect(change("add", true)).toContain("Ada and Carol");
    expect(change("add", false)).toContain("Carol already owns **Sales**; nothing changed.");
    expect(change("remove", true)).toContain("✅ Carol is no longer an owner of **Sales**.");
    expect(change("remove", false)).toContain("Carol was not an owner of **Sales**; nothing changed.");
  });

  it("confirms a home channel", () => {
    expect(render({ kind: "channel-set", domain: sales, platform: "teams", previous: undefined }).shown).toBe(
      "✅ This channel is now the home of **Sales**: proposals affecting it are announced here.",
    );
    expect(render({ kind: "channel-set", domain: sales, platform: "teams", previous: "19:old@thread.tacv2" }).shown).toContain("It replaces the previous home channel.");
  });

  it("confirms a subscription in each case", () => {
    const sub = (added: boolean, domain = support) => render({ kind: "subscribed", result: { term: term(), domain, added } }).shown;
    expect(sub(true)).toBe("✅ **Support** now consumes **[Customer](https://concord.example.com/terms/customer)**; its owners vote on future changes to it.");
    expect(sub(false, sales)).toContain("**Sales** owns");
    expect(sub(false)).toContain("already consumes");
  });
});

describe("renderReplyCard: proposal opened", () => {
  it("links the proposal, names the voting domains and the deadline, and warns of near-duplicates", () => {
    const { shown, actions, card } = render({
      kind: "proposal-opened",
      opened: {
        proposal: proposal({ kind: "create", termName: "Client", termSlug: "client", termId: null, baseVersion: null }),
        affected: [sales, support],
        nearDuplicates: [{ term: { id: 10, slug: "customer", name: "Customer", status: "active" }, similarity: 0.82, reason: "alias" }],
        passability: { voiceless: [], stuck: false },
      },
    });
    expect(shown).toContain(
      "🗳️ [Proposal #12](https://concord.example.com/proposals/12) opened: create **Client**. The owners of **Sales** and **Support** vote on it until 2026-03-04 09:00 UTC (in 2 days).",
    );
    expect(card.body[0]).toMatchObject({
      text: "⚠️ Similar terms already exist, check this is not a duplicate: **[Customer](https://concord.example.com/terms/customer)** (same alias, 82% alike).",
      color: "Warning",
    });
    expect(actions).toEqual([{ type: "Action.OpenUrl", title: "Open the proposal", url: "https://concord.example.com/proposals/12" }]);
  });
});

describe("renderReplyCard: other kinds", () => {
  it("renders the propose form when asked to render a propose-form reply", () => {
    const { card, actions } = render({
      kind: "propose-form",
      term: "Customer",
      existing: term(),
      currentText: version().text,
      nearDuplicates: [],
      domains: [],
    });
    expect(elementsOfType(card, "Input.Text").find((i) => i.id === "text")?.value).toBe(version().text);
    expect(parseCardAction(actions[0]?.data)).toEqual({ concord: "propose", term: "Customer" });
  });

  it("lists every command with an example, in Teams' words; a topic alone in emphasis", () => {
    const { shown } = render({ kind: "help", entries: commandHelp });
    for (const entry of commandHelp) expect(shown).toContain(`**${entry.command}**:`);
    expect(shown).toContain("Example: “domain owners sales add @someone”");
    expect(shown).not.toMatch(/<@U/);
    expect(shown).not.toContain("/glossary");
    const { card } = render({ kind: "help", entries: commandHelp, topic: commandHelp.find((h) => h.command === "propose")! });
    expect(card.body[0]).toMatchObject({ type: "Container", style: "emphasis" });
  });

  it("shows an error with its usage, escaped", () => {
    const { shown, card } = render({ kind: "error", message: `I could not read ${EVIL}`, usage: "variant <term> [for <domain>] = <definition>" });
    expect(shown).toContain(`⚠️ I could not read ${ESCAPED_EVIL}`);
    expect(shown).toContain("variant \\<term> \\[for \\<domain>\\] = \\<definition>");
    expectNoInjection(card);
  });
});
