import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/commands/execute.js";
import { commandHelp } from "../../../src/commands/help.js";
import { diffWords } from "../../../src/core/text/index.js";
import { OPEN_LINK, PROPOSE_FROM_LOOKUP, PROPOSE_MODAL, SHARE_TERM, VOTE_ABSTAIN, VOTE_APPROVE, VOTE_OBJECT } from "../../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";
import { toSlackModal } from "../../../src/slack/blocks/modal.js";
import { replyView } from "../../../src/views/index.js";
import { renderReply } from "./render.js";
import {
  ada,
  blocksOfType,
  bob,
  buttonsOf,
  carol,
  details,
  EVIL,
  finance,
  links,
  lookupFound,
  NOW,
  pendingList,
  proposal,
  sales,
  searchHits,
  support,
  term,
  version,
  mrkdwnText,
  visibleText,
  words,
} from "./fixtures.js";

/** Renders a reply and asserts Slack would accept it as a message. */
function render(reply: Reply) {
  const message = renderReply(reply, links, NOW);
  expect(checkBlockLimits(message, "message")).toEqual([]);
  return { ...message, shown: visibleText(message), parsed: mrkdwnText(message) };
}

const ESCAPED_EVIL = "&lt;!channel&gt; then &lt;https://evil.example|click here&gt; &amp; thank &lt;@U999&gt;";

function expectNoInjection(shown: string) {
  expect(shown).not.toContain("<!channel>");
  expect(shown).not.toContain("<https://evil.example");
  expect(shown).not.toContain("<@U999>");
}

describe("renderReply: lookup found", () => {
  it("shows the definition, version, owner, aliases, consumers, last change and the buttons", () => {
    const { blocks, shown, text } = render(lookupFound());
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Customer");
    expect(shown).toContain("A person or company that has paid for at least one order in the last 24 months.");
    expect(shown).toContain("version 3");
    expect(shown).toContain("*Owner domain*\nSales");
    expect(shown).toContain("client, account holder");
    expect(shown).toContain("Support, Finance");
    expect(shown).toContain("by <@U0ADA>");
    expect(shown).toContain("<!date^1771581600^");
    expect(text).toContain("Customer");

    const buttons = buttonsOf(blocks);
    expect(buttons.map((b) => [b.text.text, b.action_id, b.value, b.url])).toEqual([
      ["Share in channel", SHARE_TERM, "customer", undefined],
      ["History", OPEN_LINK, undefined, "https://concord.example.com/terms/customer/history"],
    ]);
  });

  it("shows each domain's variant with its drift as a percentage, its level and a stale flag", () => {
    const { shown } = render(lookupFound());
    expect(shown).toContain("*Support*: 73% drift (major) · :warning: stale: written against v2");
    expect(shown).toContain("*Finance*: 20% drift (minor)");
    expect(shown).not.toMatch(/Finance\*: 20% drift \(minor\) · :warning: stale/);
    expect(shown).toContain("Anyone who opened a support ticket.");
  });

  it("says how the term was matched when it was not by name", () => {
    expect(render(lookupFound({ matchedBy: "alias", query: "client" })).shown).toContain("Matched by alias: you typed “client”.");
    expect(render(lookupFound({ matchedBy: "fuzzy", query: "custmer" })).shown).toContain("Closest match: you typed “custmer”.");
    expect(render(lookupFound()).shown).not.toContain("you typed");
  });

  it("marks a deprecated term and shows the example and formula when present", () => {
    const d = details({
      term: term({ status: "deprecated" }),
      current: version({ example: "Acme Ltd paid an invoice in May.", formula: "count(distinct customer_id) where paid_at > now() - interval '24 months'" }),
    });
    const { blocks, shown } = render(lookupFound({ details: d }));
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Customer (deprecated)");
    expect(shown).toContain(">Acme Ltd paid an invoice in May.");
    expect(shown).toContain("```count(distinct customer_id) where paid_at &gt; now() - interval '24 months'```");
  });

  it("suggests the command the user probably meant", () => {
    const reply: Reply = { ...(lookupFound() as Extract<Reply, { kind: "lookup" }>), didYouMean: "search churn" };
    expect(render(reply).shown).toContain("Did you mean `/glossary search churn`?");
  });

  it("escapes a definition, aliases and variants that try to ping or link", () => {
    const d = details({
      term: term({ name: "Customer <!here>" }),
      current: version({ text: EVIL, example: EVIL }),
      aliases: ["<!everyone>"],
    });
    const reply = lookupFound({ details: d, matchedBy: "alias", query: "<@U777>" });
    const { parsed, shown, text, blocks } = render(reply);
    expect(shown).toContain(ESCAPED_EVIL);
    expect(shown).toContain("&lt;!everyone&gt;");
    expect(shown).toContain("you typed “&lt;@U777&gt;”");
    expectNoInjection(parsed);
    expect(shown).not.toContain("<!everyone>");
    expect(text).not.toContain("<!here>");
    // A header is plain text: Slack shows it literally, so it is not escaped.
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Customer <!here>");
    // Concord's own mrkdwn never lets Slack auto-parse user text.
    for (const section of blocksOfType(blocks, "section")) {
      if (section.text?.type === "mrkdwn") expect(section.text.verbatim).toBe(true);
    }
  });

  it("cuts a 4,000-character definition to the limits with a link to the full page", () => {
    const d = details({ current: version({ text: words(4000) }), term: term({ name: "N".repeat(120) }) });
    const { blocks } = render(lookupFound({ details: d }));
    const definition = blocksOfType(blocks, "section").find((s) => s.text?.text.startsWith("revenue"));
    expect(definition?.text?.text.length).toBeLessThanOrEqual(3000);
    expect(definition?.text?.text).toContain("… <https://concord.example.com/terms/customer|Read the full definition>");
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("N".repeat(120));
  });

  it("caps a lookup with many variants", () => {
    const base = lookupFound() as Extract<Reply, { kind: "lookup" }>;
    if (base.result.kind !== "found") throw new Error("fixture");
    const drift = Array.from({ length: 50 }, (_, i) => ({
      variant: { domain: { id: 100 + i, slug: `d${i}`, name: `Domain ${i}` }, text: words(4000), baseVersion: 1, updatedBy: null, updatedAt: NOW },
      score: 0.5,
      level: "moderate" as const,
      stale: true,
    }));
    const { shown } = render({ ...base, result: { ...base.result, drift } });
    expect(shown).toContain("…and 40 more variants on <https://concord.example.com/terms/customer|the term page>.");
  });
});

describe("renderReply: lookup not found", () => {
  const notFound = (query: string, didYouMean?: string): Reply => ({
    kind: "lookup",
    result: {
      kind: "not-found",
      query,
      suggestions: [
        { term: { id: 1, slug: "customer", name: "Customer", status: "active" }, similarity: 0.6 },
        { term: { id: 2, slug: "custodian", name: "Custodian", status: "active" }, similarity: 0.4 },
      ],
    },
    ...(didYouMean ? { didYouMean } : {}),
  });

  it("says so, lists suggestions without buttons, and offers to propose it", () => {
    const { blocks, shown } = render(notFound("Custmr"));
    expect(shown).toContain("No term *Custmr* in the glossary.");
    expect(shown).toContain("Did you mean *<https://concord.example.com/terms/customer|Customer>* and");
    expect(buttonsOf(blocks).map((b) => [b.text.text, b.action_id, b.value])).toEqual([["Propose Custmr", PROPOSE_FROM_LOOKUP, "Custmr"]]);
  });

  it("adds the command the user probably meant", () => {
    expect(render(notFound("serch churn", "search churn")).shown).toContain("Did you mean `/glossary search churn`?");
  });

  it("escapes the query and fits a 120-character one", () => {
    const { parsed, text, blocks } = render(notFound(EVIL));
    expectNoInjection(parsed);
    expect(text).not.toContain("<!channel>");
    const long = render(notFound("Q".repeat(120)));
    expect(buttonsOf(long.blocks)[0]?.value).toBe("Q".repeat(120));
    expect(buttonsOf(blocks)[0]?.text.text.length).toBeLessThanOrEqual(75);
  });
});

describe("renderReply: search", () => {
  it("ranks hits with what they matched on and a snippet", () => {
    const { shown } = render({ kind: "search", result: { query: "churn", hits: searchHits(3) } });
    expect(shown).toContain("3 terms matching *churn*, best first:");
    expect(shown).toContain("1. *<https://concord.example.com/terms/churn-rate-0|Churn Rate 0>* · matched on name");
    expect(shown).toContain("2. *<https://concord.example.com/terms/churn-rate-1|Churn Rate 1>* (deprecated) · matched on alias");
    expect(shown).toContain("3. *<https://concord.example.com/terms/churn-rate-2|Churn Rate 2>* · matched on definition");
    expect(shown).toContain(">Customers who cancelled this month");
  });

  it("says when nothing matches", () => {
    expect(render({ kind: "search", result: { query: "zzz", hits: [] } }).shown).toContain("Nothing in the glossary matches *zzz*.");
  });

  it("stays within the limits for 200 hits with long definitions, and says how many more", () => {
    const { shown, blocks } = render({ kind: "search", result: { query: "churn", hits: searchHits(200, words(4000)) } });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(shown).toContain("…and 180 more matches");
  });

  it("escapes the query and the snippets", () => {
    const { parsed, shown } = render({ kind: "search", result: { query: EVIL, hits: searchHits(2, EVIL) } });
    expect(shown).toContain(ESCAPED_EVIL);
    expectNoInjection(parsed);
  });
});

describe("renderReply: history", () => {
  it("lists versions newest first with who, when and the word diff", () => {
    const v1 = version({ version: 1, text: "Anyone who paid us.", proposedBy: carol, proposalId: null });
    const v2 = version({ version: 2, text: "Anyone who paid us in the last 24 months.", proposedBy: bob, proposalId: 4 });
    const { shown } = render({
      kind: "history",
      history: {
        term: term(),
        entries: [
          { version: v2, diff: diffWords(v1.text, v2.text) },
          { version: v1 },
        ],
      },
    });
    expect(shown).toContain("History of Customer");
    expect(shown).toMatch(/\*Version 2\*: agreed <!date\^\d+\^.*> by <@U0BOB> · <https:\/\/concord\.example\.com\/proposals\/4\|proposal #4>/);
    expect(shown).toContain("Anyone who paid us *in the last 24 months*.");
    expect(shown).toContain("*Version 1*");
    expect(shown).toContain("by Carol");
    expect(shown).toContain("Anyone who paid us.");
    expect(shown.indexOf("Version 2")).toBeLessThan(shown.indexOf("Version 1"));
  });

  it("strikes removed words and escapes every word", () => {
    const before = "Paid <!channel> once";
    const after = "Paid <https://evil.example|twice>";
    const { parsed, shown } = render({
      kind: "history",
      history: { term: term(), entries: [{ version: version({ version: 2, text: after }), diff: diffWords(before, after) }] },
    });
    expect(shown).toContain("Paid &lt;~!channel~ *https://evil.example|twice*&gt; ~once~");
    expectNoInjection(parsed);
  });

  it("caps many long versions and links to the history page", () => {
    const diff = diffWords(words(300, "old"), words(4000, "new"));
    const entries = Array.from({ length: 30 }, (_, i) => ({ version: version({ version: 30 - i, text: words(4000, "new") }), diff }));
    const { shown, blocks } = render({ kind: "history", history: { term: term(), entries } });
    expect(shown).toContain("…and 20 older versions on <https://concord.example.com/terms/customer/history|the history page>.");
    expect(buttonsOf(blocks)[0]?.url).toBe("https://concord.example.com/terms/customer/history");
  });
});

describe("renderReply: variant", () => {
  it("reports the drift of the recorded variant", () => {
    const { shown } = render({
      kind: "variant",
      recorded: {
        term: term(),
        agreed: version(),
        drift: {
          variant: { domain: support, text: "Anyone who opened a ticket.", baseVersion: 3, updatedBy: bob, updatedAt: NOW },
          score: 0.5512,
          level: "moderate",
          stale: false,
        },
        replaced: true,
      },
    });
    expect(shown).toContain("Updated *Support*'s variant of *<https://concord.example.com/terms/customer|Customer>*: it drifts *55%* (moderate)");
    expect(shown).toContain(">Anyone who opened a ticket.");
    expect(shown).toContain("*Agreed definition*");
    expect(shown).not.toContain("Stale");
  });

  it("escapes the variant's text", () => {
    const { parsed, shown } = render({
      kind: "variant",
      recorded: {
        term: term(),
        agreed: version({ text: words(4000) }),
        drift: { variant: { domain: support, text: EVIL, baseVersion: 2, updatedBy: bob, updatedAt: NOW }, score: 0.9, level: "major", stale: true },
        replaced: false,
      },
    });
    expect(shown).toContain("Recorded *Support*'s variant");
    expect(shown).toContain(":warning: Stale: written against v2");
    expectNoInjection(parsed);
  });
});

describe("renderReply: pending", () => {
  it("lists each proposal with its deadline, your domains' positions and the vote buttons", () => {
    const { blocks, shown } = render({ kind: "pending", pending: pendingList(2) });
    expect(shown).toContain("2 proposals waiting on your domains");
    expect(shown).toContain("*<https://concord.example.com/proposals/100|#100 amend Term 0>*: closes in 60 minutes");
    expect(shown).toContain("closes in 2 hours");
    expect(shown).toContain("*Sales* :hourglass_flowing_sand: no position yet, *Finance* :white_check_mark: approves");
    expect(shown).toContain("you have voted");
    expect(shown).toContain("you have not voted");
    expect(buttonsOf(blocks).map((b) => [b.action_id, b.value, b.style])).toEqual([
      [VOTE_APPROVE, "100", "primary"],
      [VOTE_OBJECT, "100", "danger"],
      [VOTE_ABSTAIN, "100", undefined],
      [VOTE_APPROVE, "101", "primary"],
      [VOTE_OBJECT, "101", "danger"],
      [VOTE_ABSTAIN, "101", undefined],
    ]);
  });

  it("says when nothing is waiting", () => {
    expect(render({ kind: "pending", pending: [] }).shown).toContain("Nothing waits on your domains' votes");
  });

  it("fits 60 pending proposals by showing the nearest and counting the rest", () => {
    const { shown, blocks } = render({ kind: "pending", pending: pendingList(60) });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(shown).toContain("…and 45 more proposals");
  });
});

describe("renderReply: domains and confirmations", () => {
  it("lists domains with owners and home channels", () => {
    const { shown } = render({
      kind: "domains",
      domains: [
        { ...sales, owners: [ada, carol], channels: [{ platform: "slack", channelId: "C0SALES" }, { platform: "teams", channelId: "19:x" }] },
        { ...finance, owners: [], channels: [] },
      ],
    });
    expect(shown).toContain("*Sales* (`sales`)\nOwners: <@U0ADA> and Carol\nHome channel: <#C0SALES> and a Teams channel");
    expect(shown).toContain("*Finance* (`finance`)\nOwners: no owners yet\nHome channel: none yet");
  });

  it("fits a long domain list", () => {
    const domains = Array.from({ length: 60 }, (_, i) => ({ id: i, slug: `d${i}`, name: `Domain ${i}`, owners: [ada, bob], channels: [] }));
    expect(render({ kind: "domains", domains }).shown).toContain("…and 20 more domains.");
    expect(render({ kind: "domains", domains: [] }).shown).toContain("No domains yet");
  });

  it("confirms a new domain", () => {
    const { shown } = render({ kind: "domain-added", domain: { id: 9, slug: "marketing", name: "Marketing & <Brand>" } });
    expect(shown).toContain("Added the domain *Marketing &amp; &lt;Brand&gt;* (`marketing`)");
  });

  it("confirms owner changes, including ones that changed nothing", () => {
    const base = { domain: sales, owner: bob, owners: [ada, bob] };
    expect(render({ kind: "owner-changed", result: { ...base, action: "add", changed: true } }).shown).toContain(
      "<@U0BOB> is now an owner of *Sales*.\nOwners: <@U0ADA> and <@U0BOB>",
    );
    expect(render({ kind: "owner-changed", result: { ...base, action: "add", changed: false } }).shown).toContain("<@U0BOB> already owns *Sales*");
    expect(render({ kind: "owner-changed", result: { ...base, action: "remove", changed: true, owners: [ada] } }).shown).toContain(
      "<@U0BOB> is no longer an owner of *Sales*.",
    );
    expect(render({ kind: "owner-changed", result: { ...base, owner: carol, action: "remove", changed: false } }).shown).toContain(
      "Carol was not an owner of *Sales*",
    );
  });

  it("confirms a home channel and names the one it replaces", () => {
    expect(render({ kind: "channel-set", domain: sales, platform: "slack", previous: "C0OLD" }).shown).toContain(
      "This channel is now the home of *Sales*: proposals affecting it are announced here. It replaces <#C0OLD>.",
    );
    expect(render({ kind: "channel-set", domain: sales, platform: "slack", previous: undefined }).shown).not.toContain("replaces");
  });

  it("confirms a subscription", () => {
    const t = term();
    expect(render({ kind: "subscribed", result: { term: t, domain: support, added: true } }).shown).toContain(
      "*Support* now consumes *<https://concord.example.com/terms/customer|Customer>*",
    );
    expect(render({ kind: "subscribed", result: { term: t, domain: support, added: false } }).shown).toContain("already consumes");
    expect(render({ kind: "subscribed", result: { term: t, domain: sales, added: false } }).shown).toContain("*Sales* owns");
  });
});

describe("renderReply: proposals", () => {
  it("confirms an opened proposal, where it is posted, and warns of near-duplicates", () => {
    const { shown } = render({
      kind: "proposal-opened",
      opened: {
        proposal: proposal({ kind: "create", termName: "Client", termSlug: "client", baseVersion: null, termId: null }),
        affected: [sales, support],
        nearDuplicates: [{ term: { id: 10, slug: "customer", name: "Customer", status: "active" }, similarity: 1, reason: "alias" }],
        passability: { voiceless: [], stuck: false },
      },
    });
    expect(shown).toContain("<https://concord.example.com/proposals/12|Proposal #12> opened: create *Client*.");
    expect(shown).toContain("The owners of *Sales* and *Support* vote on it until");
    expect(shown).toContain("(in 2 days)");
    expect(shown).toContain(":warning: Similar terms already exist");
    expect(shown).toContain("*<https://concord.example.com/terms/customer|Customer>* (same alias, 100% alike)");
  });

  it("answers propose-form with the propose modal", () => {
    const view = replyView({ kind: "propose-form", term: "Churn", existing: undefined, currentText: undefined, nearDuplicates: [], domains: [] }, { links, now: NOW });
    if (view.kind !== "form") throw new Error("expected the propose form");
    const modal = toSlackModal(view);
    expect(checkBlockLimits(modal, "modal")).toEqual([]);
    expect(modal.callback_id).toBe(PROPOSE_MODAL);
  });
});

describe("renderReply: help and errors", () => {
  it("lists every command with its usage and an example, escaped", () => {
    const { shown } = render({ kind: "help", entries: commandHelp });
    for (const entry of commandHelp) {
      expect(shown).toContain(`*\`${entry.command}\`*`);
      expect(shown).toContain(`Example: \`/glossary ${entry.example.replace(/</g, "&lt;").replace(/>/g, "&gt;")}\``);
    }
    expect(shown).toContain("propose &lt;term&gt; [for &lt;domain&gt;] [= &lt;definition&gt;]");
    expect(shown).not.toContain("<term>");
  });

  it("puts the topic first", () => {
    const topic = commandHelp.find((h) => h.command === "variant")!;
    const { blocks } = render({ kind: "help", entries: commandHelp, topic });
    expect(blocksOfType(blocks, "section")[0]?.text?.text).toContain("*`variant`*");
  });

  it("shows an error with its usage in a code block", () => {
    const { shown, text } = render({ kind: "error", message: "Which term? <!channel>", usage: "history <term>" });
    expect(shown).toContain(":warning: Which term? &lt;!channel&gt;");
    expect(shown).toContain("```history &lt;term&gt;```");
    expect(text).toBe("Which term? &lt;!channel&gt;");
  });
});
