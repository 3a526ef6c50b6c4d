import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/execute.js";
import { measureDrift, type SuggestionView, type TermLinks, type UsageView } from "../../src/core/index.js";
import { decodeAction } from "../../src/slack/blocks/actions.js";
import { toSlackMessage } from "../../src/slack/blocks/convert.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { toAdaptiveCard } from "../../src/teams/cards/convert.js";
import { replyView, type MessageView } from "../../src/views/index.js";
import { links, NOW, words } from "../fixtures/chat-views.js";
import { actionsOf } from "../teams/cards/fixtures.js";
import { validateCard } from "../teams/cards/validate.js";
import { read } from "./read.js";

const AGREED = "A customer with an order in the last 90 days.";
const ctx = { links, now: NOW };
const support = { slug: "support", name: "Support" };
const sales = { slug: "sales", name: "Sales" };

function usage(overrides: Partial<UsageView> & { description: string }): UsageView {
  return {
    domain: support,
    project: "support_analytics",
    path: "model.customers.active_customer",
    kind: "column",
    linkSource: "explicit",
    drift: overrides.description === "" ? null : measureDrift(AGREED, overrides.description),
    lastSeenAt: NOW,
    ...overrides,
  };
}

function suggestion(overrides: Partial<SuggestionView> = {}): SuggestionView {
  return {
    id: 41,
    domain: support,
    project: "support_analytics",
    kind: "column",
    path: "model.customers.account_holder",
    description: "Whoever holds the account the ticket was opened from.",
    confidence: 0.85,
    ...overrides,
  };
}

function termLinks(overrides: Partial<TermLinks> = {}): TermLinks {
  return {
    query: "Active Customer",
    matchedBy: "name",
    term: { id: 3, slug: "active-customer", name: "Active Customer" },
    agreed: { version: 2 },
    usages: [
      usage({ description: "A customer with an open support ticket in the last 30 days." }),
      usage({ domain: sales, project: "sales_mart", path: "model.accounts.is_active", description: "A customer with an order in the last 90 days." }),
      usage({ path: "model.tickets", kind: "model", description: "", linkSource: "accepted" }),
    ],
    suggestions: [suggestion(), suggestion({ id: 42, domain: sales, project: "sales_mart", path: "metric.active_customers", kind: "metric", confidence: 0.7, description: "" })],
    ...overrides,
  };
}

const reply = (view: TermLinks): Reply => ({ kind: "links", links: view });
const view = (v: TermLinks) => replyView(reply(v), ctx) as MessageView;

describe("links <term>", () => {
  it("lists each domain's usages with where they live, the drift figure and its reasons, and the suggestions with their confidence", () => {
    const shown = read(view(termLinks()));
    expect(shown).toContain("Where Active Customer is used");
    expect(shown).toContain("3 usages of [Active Customer](https://concord.example.com/terms/active-customer) in 2 domains' data products, each measured against the agreed definition (version 2):");
    // Support's list comes first: its usage drifts most.
    const supportAt = shown.indexOf("Support: 2 usages");
    expect(supportAt).toBeGreaterThan(-1);
    expect(shown.indexOf("Sales: 1 usage")).toBeGreaterThan(supportAt);
    expect(shown).toMatch(/column model\.customers\.active_customer in support_analytics: \d+% drift \(major\) — changes the window: 90 → 30 days/);
    expect(shown).toContain("A customer with an open support ticket in the last 30 days.");
    expect(shown).toContain("model model.tickets in support_analytics: no description to measure · an accepted suggestion\n(no description)");
    expect(shown).toContain("column model.accounts.is_active in sales_mart: 0% drift");
    expect(shown).toContain("Suggested links (2)");
    expect(shown).toContain("column model.customers.account_holder in Support's support_analytics: 85% confidence it means Active Customer\nWhoever holds the account the ticket was opened from.\n[Accept] [Reject]");
    expect(shown).toContain("metric metric.active_customers in Sales' sales_mart: 70% confidence it means Active Customer\n(no description)\n[Accept] [Reject]");
  });

  it("says when nothing uses the term and nothing is suggested, and how a link is made", () => {
    const shown = read(view(termLinks({ usages: [], suggestions: [] })));
    expect(shown).toContain("No domain's data product is linked to [Active Customer](https://concord.example.com/terms/active-customer) yet.");
    expect(shown).toContain("No suggested links wait for a decision.");
    expect(shown).not.toContain("[Accept]");
  });

  it("says how the term was matched when it was not by name", () => {
    expect(read(view(termLinks({ matchedBy: "fuzzy", query: "activ custmer" })))).toContain("Closest match: you typed “activ custmer”.");
  });

  it("fits Slack's limits with many domains, usages and suggestions, and its buttons decode to their actions", () => {
    const many = termLinks({
      term: { id: 3, slug: "long", name: words(120, "Active Customer") },
      usages: Array.from({ length: 90 }, (_, i) =>
        usage({ domain: { slug: `domain-${i % 9}`, name: `Domain ${i % 9}` }, path: `model.m${i}.${"c".repeat(150)}`, description: words(1500, "customers") }),
      ),
      suggestions: Array.from({ length: 30 }, (_, i) => suggestion({ id: 1000 + i, path: `model.s${i}.${"x".repeat(200)}`, description: words(1500, "holder") })),
    });
    const message = toSlackMessage(view(many));
    expect(checkBlockLimits(message, "message")).toEqual([]);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain("…and 4 more domains");
    expect(shown).toContain("…and 24 more suggestions");
    const buttons = message.blocks
      .filter((b) => b.type === "actions")
      .flatMap((b) => (b as { elements: { type: string; action_id: string; value?: string; text: { text: string } }[] }).elements)
      .filter((e) => e.action_id.startsWith("suggestion_"));
    expect(buttons).toHaveLength(12);
    expect(decodeAction(buttons[0]!.action_id, buttons[0]!.value)).toEqual({ concord: "suggestion-accept", suggestionId: 1000 });
    expect(decodeAction(buttons[1]!.action_id, buttons[1]!.value)).toEqual({ concord: "suggestion-reject", suggestionId: 1000 });
  });

  it("is an Adaptive Card 1.5 that validates, whose buttons send the suggestion's action", () => {
    for (const v of [termLinks(), termLinks({ usages: [], suggestions: [] })]) expect(validateCard(toAdaptiveCard(view(v)))).toEqual([]);
    const card = toAdaptiveCard(view(termLinks()));
    const submits = actionsOf(card).filter((a) => a.type === "Action.Submit");
    expect(submits.map((a) => [a.title, a.data])).toEqual([
      ["Accept", { concord: "suggestion-accept", suggestionId: 41 }],
      ["Reject", { concord: "suggestion-reject", suggestionId: 41 }],
      ["Accept", { concord: "suggestion-accept", suggestionId: 42 }],
      ["Reject", { concord: "suggestion-reject", suggestionId: 42 }],
    ]);
    const big = termLinks({ suggestions: Array.from({ length: 30 }, (_, i) => suggestion({ id: i + 1, description: words(1500) })) });
    const bigCard = toAdaptiveCard(view(big));
    expect(validateCard(bigCard)).toEqual([]);
    expect(JSON.stringify(bigCard).length).toBeLessThan(28_000);
  });

  it("escapes the names and descriptions a dbt project writes", () => {
    const evil = "<!channel> [click](https://evil.example) *bold*";
    const v = view(termLinks({ usages: [usage({ project: evil, path: evil, description: evil })], suggestions: [suggestion({ path: evil, description: evil })] }));
    const slack = JSON.stringify(toSlackMessage(v).blocks);
    expect(slack).not.toContain("<!channel>");
    expect(slack).not.toContain("<https://evil.example");
    const card = JSON.stringify(toAdaptiveCard(v));
    expect(card).not.toContain("[click](https://evil.example)");
  });
});
