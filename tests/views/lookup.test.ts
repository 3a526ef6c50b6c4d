import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/execute.js";
import { measureDrift, type UsageSummary } from "../../src/core/index.js";
import { toSlackMessage } from "../../src/slack/blocks/convert.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { toAdaptiveCard } from "../../src/teams/cards/convert.js";
import { replyView, type Block, type MessageView } from "../../src/views/index.js";
import { details, links, lookupFound, NOW, proposal, term, version, words } from "../fixtures/chat-views.js";
import { validateCard } from "../teams/cards/validate.js";
import { read } from "./read.js";

const ctx = { links, now: NOW };
const view = (reply: Reply) => replyView(reply, ctx) as MessageView;
const shown = (reply: Reply) => read(view(reply));
const buttons = (v: MessageView) => v.blocks.flatMap((b: Block) => (b.kind === "buttons" ? b.buttons : []));

describe("the lookup of a term that exists", () => {
  it("shows the definition, version, owner, aliases, consumers and last change, with Share and History", () => {
    const v = view(lookupFound());
    expect(read(v)).toContain(
      [
        "Customer",
        "A person or company that has paid for at least one order in the last 24 months.",
        "Version: [version 3](https://concord.example.com/terms/customer/history)",
        "Owner domain: Sales",
        "Aliases: client, account holder",
        "Consuming domains: Support, Finance",
        "Last change: 2026-02-20 10:00 UTC by Ada",
      ].join("\n"),
    );
    expect(v.summary).toBe("Customer: A person or company that has paid for at least one order in the last 24 months.");
    expect(buttons(v)).toEqual([
      { label: "Share in channel", action: { concord: "share", slug: "customer" } },
      { label: "History", url: "https://concord.example.com/terms/customer/history" },
    ]);
  });

  it("shows each domain's variant with its drift as a percentage, its level and a stale flag", () => {
    const text = shown(lookupFound());
    expect(text).toContain("How each domain's variant drifts from it (2)");
    expect(text).toContain("Support: 73% drift (major) · ⚠️ stale: written against v2, the agreed one is v3\nAnyone who opened a support ticket.");
    expect(text).toContain("Finance: 20% drift (minor)\nA paying person or company in the last 24 months.");
  });

  it("says how the term was matched when it was not by name, and the command the words probably were", () => {
    expect(shown(lookupFound({ matchedBy: "alias", query: "client" }))).toContain("Matched by alias: you typed “client”.");
    expect(shown(lookupFound({ matchedBy: "fuzzy", query: "custmer" }))).toContain("Closest match: you typed “custmer”.");
    expect(shown(lookupFound())).not.toContain("you typed");
    const reply = { ...(lookupFound() as Extract<Reply, { kind: "lookup" }>), didYouMean: "search churn" };
    expect(shown(reply)).toContain("💡 Did you mean “search churn”?");
  });

  it("marks a deprecated term and shows the example and formula", () => {
    const d = details({
      term: term({ status: "deprecated" }),
      current: version({ example: "Acme Ltd paid an invoice in May.", formula: "count(distinct customer_id)" }),
    });
    const text = shown(lookupFound({ details: d }));
    expect(text.split("\n")[0]).toBe("Customer (deprecated)");
    expect(text).toContain("⚠️ This term is deprecated; keep it only for reading old data.");
    expect(text).toContain("Example\nAcme Ltd paid an invoice in May.");
    expect(text).toContain("Formula\ncount(distinct customer_id)");
    expect(view(lookupFound({ details: d })).summary).toMatch(/^Customer \(deprecated\): /);
  });

  it("cuts a 4,000-character definition with a link to the full definition", () => {
    const text = shown(lookupFound({ details: details({ current: version({ text: words(4000) }) }) }));
    expect(text).toContain("… [Read the full definition](https://concord.example.com/terms/customer)");
    expect(text).not.toContain(words(3100));
  });

  it("shows ten variants and counts the rest, linking to the term page", () => {
    const base = lookupFound() as Extract<Reply, { kind: "lookup" }>;
    if (base.result.kind !== "found") throw new Error("fixture");
    const one = base.result.drift[0]!;
    const drift = Array.from({ length: 25 }, (_, i) => ({ ...one, variant: { ...one.variant, domain: { id: 100 + i, slug: `d${i}`, name: `Domain ${i}` } } }));
    const text = shown({ ...base, result: { ...base.result, drift } });
    expect(text).toContain("Domain 9:");
    expect(text).not.toContain("Domain 10:");
    expect(text).toContain("…and 15 more variants on [the term page](https://concord.example.com/terms/customer).");
  });
});

describe("where a looked-up term is used in the domains' data products", () => {
  const AGREED = "A person or company that has paid for at least one order in the last 24 months.";
  const figure = (text: string) => measureDrift(AGREED, text);
  const withUsages = (usages: UsageSummary): Reply => ({ ...(lookupFound() as Extract<Reply, { kind: "lookup" }>), usages });
  const summary: UsageSummary = {
    usages: 4,
    domains: [
      { domain: { slug: "support", name: "Support" }, usages: 3, highest: figure("A person or company that has paid for at least one order in the last 6 months.") },
      { domain: { slug: "finance", name: "Finance" }, usages: 1, highest: null },
    ],
    suggestions: 2,
  };

  it("counts the usages per domain with the highest drift and its first reason, and points to links <term>", () => {
    const text = shown(withUsages(summary));
    expect(text).toContain("Where it is used: 4 usages in 2 domains' data products");
    expect(text).toMatch(/Support: 3 usages, the most drifted \d+% \((minor|moderate|major)\) — changes the window: 24 → 6 months/);
    expect(text).toContain("Finance: 1 usage, none described");
    expect(text).toContain("2 suggested links wait for a decision. “links Customer” shows each usage and suggestion.");
  });

  it("says nothing of usages when no data product uses the term, and names the waiting suggestions when only they exist", () => {
    expect(shown(lookupFound())).not.toContain("Where it is used");
    expect(shown(withUsages({ usages: 0, domains: [], suggestions: 0 }))).not.toContain("links Customer");
    const only = shown(withUsages({ usages: 0, domains: [], suggestions: 1 }));
    expect(only).not.toContain("Where it is used");
    expect(only).toContain("1 suggested link waits for a decision. “links Customer” shows each usage and suggestion.");
  });

  it("names five domains and counts the rest, within Slack's limits and as a valid card, beside ten variants", () => {
    const many: UsageSummary = {
      usages: 400,
      domains: Array.from({ length: 40 }, (_, i) => ({ domain: { slug: `d${i}`, name: `Domain ${i} ${"x".repeat(70)}` }, usages: 10, highest: figure(words(3000)) })),
      suggestions: 12,
    };
    const base = withUsages(many) as Extract<Reply, { kind: "lookup" }>;
    if (base.result.kind !== "found") throw new Error("fixture");
    const one = base.result.drift[0]!;
    const drift = Array.from({ length: 25 }, (_, i) => ({ ...one, variant: { ...one.variant, domain: { id: 100 + i, slug: `v${i}`, name: `Variant ${i}` } } }));
    const reply: Reply = { ...base, result: { ...base.result, drift, details: details({ current: version({ text: words(4000) }) }) } };
    const text = shown(reply);
    expect(text).toContain("Domain 4 ");
    expect(text).not.toContain("Domain 5 ");
    expect(text).toContain("…and 35 more domains.");
    const message = toSlackMessage(view(reply));
    expect(checkBlockLimits(message, "message")).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("…and 35 more domains.");
    expect(validateCard(toAdaptiveCard(view(reply)))).toEqual([]);
  });
});

describe("the lookup of a term that does not exist", () => {
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

  it("says so, suggests close terms as links, and offers to propose it", () => {
    const v = view(notFound("Custmr"));
    expect(read(v)).toContain("No term Custmr in the glossary.");
    expect(read(v)).toContain(
      "Did you mean [Customer](https://concord.example.com/terms/customer) and [Custodian](https://concord.example.com/terms/custodian)?",
    );
    expect(read(v)).toContain("Should it exist? Propose a definition and the affected domains vote on it.");
    expect(buttons(v)).toEqual([{ label: "Propose Custmr", action: { concord: "propose-form", term: "Custmr" }, style: "primary" }]);
    expect(v.summary).toBe("No term Custmr in the glossary.");
  });

  it("adds the command the words probably were, and keeps a long query whole in the action", () => {
    expect(shown(notFound("serch churn", "search churn"))).toContain("💡 Did you mean “search churn”?");
    const query = "Q".repeat(120);
    expect(buttons(view(notFound(query)))[0]).toMatchObject({ action: { concord: "propose-form", term: query } });
  });
});

describe("the answer to an opened proposal", () => {
  it("links the proposal, names who votes until when, and warns of near-duplicates first", () => {
    const v = view({
      kind: "proposal-opened",
      opened: {
        proposal: proposal({ kind: "create", termName: "Client", termSlug: "client", baseVersion: null, termId: null }),
        affected: [
          { id: 1, slug: "sales", name: "Sales" },
          { id: 2, slug: "support", name: "Support" },
        ],
        nearDuplicates: [{ term: { id: 10, slug: "customer", name: "Customer", status: "active" }, similarity: 0.82, reason: "alias" }],
        passability: { voiceless: [], stuck: false },
      },
    });
    expect(read(v).split("\n")).toEqual([
      "⚠️ Similar terms already exist, check this is not a duplicate: [Customer](https://concord.example.com/terms/customer) (same alias, 82% alike).",
      "🗳️ [Proposal #12](https://concord.example.com/proposals/12) opened: create Client. The owners of Sales and Support vote on it until 2026-03-04 09:00 UTC (in 2 days).",
      "[Open the proposal](https://concord.example.com/proposals/12)",
    ]);
    expect(v.summary).toBe("Proposal #12 opened: create Client");
  });
});

