import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/execute.js";
import { parseCommand } from "../../src/commands/index.js";
import type { RelationChanged, TermRelation, TermSummary } from "../../src/core/index.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { toTeamsText } from "../../src/teams/cards/convert.js";
import { replyView, type MessageView } from "../../src/views/index.js";
import { toConsoleHtml } from "../../src/web/console/render.js";
import { details, links, lookupFound, NOW, term } from "../fixtures/chat-views.js";
import { renderReply } from "../slack/blocks/render.js";
import { expectSoundCard } from "../teams/cards/fixtures.js";
import { renderReplyCard } from "../teams/cards/render.js";
import { read } from "./read.js";

const ctx = { links, now: NOW };
const view = (reply: Reply) => replyView(reply, ctx) as MessageView;
const shown = (reply: Reply) => read(view(reply));
const summary = (id: number, name: string, slug = name.toLowerCase().replace(/\s+/g, "-")): TermSummary => ({ id, slug, name, status: "active" });
const url = (slug: string) => `https://concord.example.com/terms/${slug}`;

const finance = summary(1, "Finance");
const revenue = summary(2, "Revenue");
const netRevenue = term({ id: 3, slug: "net-revenue", name: "Net revenue" });
const placed = details({
  term: netRevenue,
  parent: revenue,
  ancestors: [finance, revenue],
  children: [summary(4, "Recurring net revenue"), summary(5, "One-off net revenue"), summary(6, "Deferred net revenue")],
  childCount: 3,
  relations: [
    { type: "narrower", term: summary(7, "Discounts") },
    { type: "part-of", term: summary(8, "Turnover") },
    { type: "synonym", term: summary(9, "Net sales") },
    { type: "synonym", term: summary(10, "Net turnover") },
  ],
  references: [
    { label: "Revenue policy", url: "https://wiki.example.com/revenue" },
    { label: "Old share", url: "javascript:alert(1)" },
  ],
});

describe("a lookup of a term in the hierarchy, with relations and references", () => {
  it("shows the breadcrumb, the narrower terms, the relations by type and the references as links", () => {
    const text = shown(lookupFound({ details: placed }));
    const lines = text.split("\n");
    expect(lines[0]).toBe("Net revenue");
    expect(lines[1]).toBe(`[Finance](${url("finance")}) › [Revenue](${url("revenue")}) › Net revenue`);
    expect(text).toContain(
      [
        `3 narrower terms: [Recurring net revenue](${url("recurring-net-revenue")}), [One-off net revenue](${url("one-off-net-revenue")}), [Deferred net revenue](${url("deferred-net-revenue")})`,
        `Synonyms: [Net sales](${url("net-sales")}), [Net turnover](${url("net-turnover")})`,
        `Narrower terms: [Discounts](${url("discounts")})`,
        `Part of: [Turnover](${url("turnover")})`,
      ].join("\n"),
    );
    // Only a web address is linked; anything else is shown as text.
    expect(text).toContain("References: [Revenue policy](https://wiki.example.com/revenue), Old share (javascript:alert(1))");
  });

  it("says nothing of the hierarchy for a top-level term with no children, relations or references", () => {
    const text = shown(lookupFound());
    expect(text).not.toContain("›");
    expect(text).not.toContain("narrower");
    expect(text).not.toContain("References");
  });

  it("cuts long lists with “and N more” linking to the term page, and a deep line of ancestors in the middle", () => {
    const many = (n: number, from: number, name: string) => Array.from({ length: n }, (_, i) => summary(from + i, `${name} ${i}`));
    const d = details({
      term: netRevenue,
      ancestors: many(12, 100, "Level"),
      parent: summary(111, "Level 11"),
      children: many(50, 200, "Child"),
      childCount: 240,
      relations: many(30, 300, "Peer").map((t): TermRelation => ({ type: "related", term: t })),
      references: Array.from({ length: 9 }, (_, i) => ({ label: `Page ${i}`, url: `https://wiki.example.com/${i}` })),
    });
    const text = shown(lookupFound({ details: d }));
    expect(text.split("\n")[1]).toBe(
      `[Level 0](${url("level-0")}) › … › [Level 9](${url("level-9")}) › [Level 10](${url("level-10")}) › [Level 11](${url("level-11")}) › Net revenue`,
    );
    expect(text).toContain(`[Child 7](${url("child-7")}) [and 232 more](${url("net-revenue")})`);
    expect(text).not.toContain("Child 8");
    expect(text).toContain(`Related: `);
    expect(text).toContain(`[Peer 4](${url("peer-4")}) [and 25 more](${url("net-revenue")})`);
    expect(text).toContain(`[Page 2](https://wiki.example.com/2) [and 6 more](${url("net-revenue")})`);
  });

  it("stays within Slack's and Teams' limits at the largest, with 120-character names everywhere", () => {
    const long = (id: number, i: number) => summary(id, `${"Quarterly recognised revenue ".repeat(5).slice(0, 110)} ${i}`.slice(0, 120), `q-${id}`);
    const types = ["related", "synonym", "antonym", "broader", "narrower", "part-of", "has-part", "see-also"] as const;
    const d = details({
      term: term({ id: 3, slug: "net-revenue", name: long(3, 0).name }),
      ancestors: Array.from({ length: 40 }, (_, i) => long(100 + i, i)),
      children: Array.from({ length: 50 }, (_, i) => long(200 + i, i)),
      childCount: 5000,
      relations: types.flatMap((type, t) => Array.from({ length: 40 }, (_, i): TermRelation => ({ type, term: long(1000 + t * 100 + i, i) }))),
      references: Array.from({ length: 40 }, (_, i) => ({ label: "A reference label that goes on and on ".repeat(4), url: `https://wiki.example.com/${"x".repeat(400)}/${i}` })),
    });
    const reply = lookupFound({ details: d });
    const slack = renderReply(reply, links, NOW);
    expect(checkBlockLimits(slack, "message")).toEqual([]);
    expectSoundCard(renderReplyCard(reply, links, NOW));
    // The plain faces (Teams' text, the console) carry the same lines.
    expect(toTeamsText(view(reply))).toContain("5000 narrower terms");
    expect(toConsoleHtml(view(reply))).toContain("5000 narrower terms");
  });

  it("escapes names on every face: a name is never markup", () => {
    const evil = summary(11, "<!channel> *bold* <https://evil.example|click>", "evil");
    const d = details({ term: netRevenue, ancestors: [evil], parent: evil, children: [evil], childCount: 1, relations: [{ type: "related", term: evil }] });
    const slack = JSON.stringify(renderReply(lookupFound({ details: d }), links, NOW));
    expect(slack).not.toContain("<!channel>");
    expect(slack).not.toContain("<https://evil.example");
    expect(toConsoleHtml(view(lookupFound({ details: d })))).not.toContain("<!channel>");
  });
});

describe("the relate and unrelate replies", () => {
  const changed = (overrides: Partial<RelationChanged> = {}): Reply => ({
    kind: "relation-changed",
    result: {
      term: netRevenue,
      other: term({ id: 8, slug: "turnover", name: "Turnover" }),
      type: "part-of",
      action: "relate",
      changed: true,
      relations: [{ type: "part-of", term: summary(8, "Turnover") }],
      ...overrides,
    },
  });

  it("say what is now recorded, in a sentence, with the term's relations", () => {
    expect(shown(changed())).toBe(
      `✅ Recorded: [Net revenue](${url("net-revenue")}) is part of [Turnover](${url("turnover")}).\n` +
        `Relations of [Net revenue](${url("net-revenue")}): part of [Turnover](${url("turnover")}).`,
    );
    expect(view(changed()).summary).toBe("✅ Recorded: Net revenue is part of Turnover.");
    expect(shown(changed({ type: "narrower", changed: false }))).toContain(
      `Concord already records that [Net revenue](${url("net-revenue")}) is broader than [Turnover](${url("turnover")}); nothing changed.`,
    );
    expect(shown(changed({ action: "unrelate", relations: [] }))).toBe(
      `✅ Removed the relation: [Net revenue](${url("net-revenue")}) is part of [Turnover](${url("turnover")}).\n[Net revenue](${url("net-revenue")}) has no relations now.`,
    );
    expect(checkBlockLimits(renderReply(changed(), links, NOW), "message")).toEqual([]);
    expectSoundCard(renderReplyCard(changed(), links, NOW));
  });
});

describe("reading relate and unrelate", () => {
  const intent = (text: string) => {
    const parsed = parseCommand(text);
    return parsed.ok ? parsed.intent : parsed.error.message;
  };

  it("finds the relation phrase between two names that have spaces, in people's spellings", () => {
    expect(intent("relate Net Revenue part of Gross Revenue")).toEqual({ kind: "relate", term: "Net Revenue", relation: "part of", other: "Gross Revenue" });
    expect(intent("relate Revenue has part Net Revenue")).toMatchObject({ term: "Revenue", relation: "has part", other: "Net Revenue" });
    expect(intent("relate Revenue See-Also Net Revenue")).toMatchObject({ relation: "see also" });
    expect(intent("relate Customer is a synonym of Client")).toMatchObject({ term: "Customer", relation: "synonym of", other: "Client" });
    expect(intent("relate Finance broader than Revenue")).toMatchObject({ term: "Finance", relation: "broader than", other: "Revenue" });
    expect(intent("relate Churn narrower than Attrition")).toMatchObject({ relation: "narrower than" });
    expect(intent("relate Profit antonym of Loss")).toMatchObject({ relation: "antonym of" });
    expect(intent("relate Ticket related to Case")).toMatchObject({ term: "Ticket", relation: "related to", other: "Case" });
    expect(intent("unrelate Customer see also Client")).toEqual({ kind: "unrelate", term: "Customer", relation: "see also", other: "Client" });
    // A name holding relation words: the first term goes in quotes; the first word is always part of the first term.
    expect(intent('relate "Part of Speech" related Noun')).toMatchObject({ term: "Part of Speech", relation: "related", other: "Noun" });
    expect(intent("relate Related Party related Customer")).toMatchObject({ term: "Related Party", relation: "related", other: "Customer" });
    expect(intent("relate Vitamin A synonym of Retinol")).toMatchObject({ term: "Vitamin A", other: "Retinol" });
  });

  it("asks politely for what is missing, and lists the relations when none is found", () => {
    expect(intent("relate")).toBe("Which terms, and how are they related? For example `relate Net Revenue part of Revenue`.");
    expect(intent("relate Revenue part of")).toBe("Which term is Revenue part of? For example `relate Net Revenue part of Revenue`.");
    expect(intent("relate Revenue cousin of Turnover")).toBe(
      "I could not find how the terms are related. Write the relation between the two terms: related, synonym of, antonym of, broader than, narrower than, part of, has part, see also. For example `relate Net Revenue part of Revenue`.",
    );
  });
});
