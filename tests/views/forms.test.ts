import { describe, expect, it } from "vitest";
import { DEFINITION_TEXT_MAX_LENGTH } from "../../src/commands/intents.js";
import { homeView, objectFormView, proposeFormView, replyView, type Block, type ProposeFormInput } from "../../src/views/index.js";
import { links, NOW, pendingList, proposalView, searchHits, version, words } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const domains = [
  { slug: "sales", name: "Sales" },
  { slug: "support", name: "Support" },
];
const form = (input: Partial<ProposeFormInput> = {}) => proposeFormView({ term: "Churn Rate", nearDuplicates: [], domains, ...input });

describe("the propose form", () => {
  it("asks a new term's definition (required), rationale, consuming domains, example and formula, and opens the proposal", () => {
    const view = form({ domain: "finance" });
    expect(read(view).split("\n")).toEqual([
      "Propose a definition",
      "Churn Rate is a new term for finance. Once agreed, that domain owns it.",
      "Definition (required): ",
      "Why this definition?: ",
      "Consuming domains: Sales | Support",
      "Example: ",
      "Formula or SQL: ",
      "[Open proposal]",
    ]);
    expect(view.fields.map((f) => [f.id, f.kind])).toEqual([
      ["text", "text"],
      ["rationale", "text"],
      ["consumers", "choices"],
      ["example", "text"],
      ["formula", "text"],
    ]);
    expect(view.fields[0]).toMatchObject({ required: "Please write the definition you propose.", maxLength: DEFINITION_TEXT_MAX_LENGTH, focus: true });
    expect(view.submit).toEqual({ label: "Open proposal", action: { concord: "propose", term: "Churn Rate", domain: "finance" } });
    expect(read(form())).toContain("Churn Rate is a new term. Once agreed, your domain owns it.");
  });

  it("starts from the agreed text when amending, and empty, saying why, when it is longer than the box", () => {
    const amend = form({ term: "Customer", domain: "sales", existing: { name: "Customer", currentText: "A paying customer." } });
    expect(amend.title).toBe("Amend a definition");
    expect(read(amend)).toContain("You are proposing a change to Customer for sales. The domains that own or consume it vote on it.");
    expect(amend.fields[0]).toMatchObject({ value: "A paying customer." });
    const full = words(DEFINITION_TEXT_MAX_LENGTH);
    expect(form({ existing: { name: "Churn Rate", currentText: full } }).fields[0]).toMatchObject({ value: full });
    const long = form({ existing: { name: "Churn Rate", currentText: words(DEFINITION_TEXT_MAX_LENGTH + 1) } });
    expect(long.fields[0]).not.toHaveProperty("value");
    expect(read(long)).toContain("The current definition is longer than this form holds, so the box starts empty; the full text is on the term page.");
  });

  it("warns of near-duplicates first", () => {
    const view = form({
      nearDuplicates: [
        { term: { id: 1, slug: "churn", name: "Churn", status: "active" }, similarity: 0.71, reason: "name" },
        { term: { id: 2, slug: "attrition", name: "Attrition", status: "active" }, similarity: 0.55, reason: "definition" },
      ],
    });
    expect(view.blocks[0]).toMatchObject({ kind: "note", tone: "warning" });
    expect(read(view).split("\n")[1]).toBe(
      "⚠️ Similar terms already exist, check this is not a duplicate: Churn (similar name, 71% alike) and Attrition (similar definition, 55% alike).",
    );
  });

  it("leaves out the consuming domains when there are none, and offers at most a hundred", () => {
    expect(form({ domains: [] }).fields.map((f) => f.id)).not.toContain("consumers");
    const many = Array.from({ length: 150 }, (_, i) => ({ slug: `d${i}`, name: `Domain ${i}` }));
    const consumers = form({ domains: many }).fields.find((f) => f.id === "consumers");
    expect(consumers?.kind === "choices" && consumers.choices.length).toBe(100);
  });

  it("is what `propose <term>` without text answers", () => {
    const view = replyView(
      { kind: "propose-form", term: "Customer", existing: undefined, currentText: version().text, nearDuplicates: [], domains: [] },
      { links, now: NOW },
    );
    expect(view.kind).toBe("form");
  });
});

describe("the objection form", () => {
  it("quotes what is proposed and asks a required reason, sent with an objection", () => {
    const view = objectFormView(proposalView());
    expect(read(view).split("\n")).toEqual([
      "Object to a proposal",
      "Proposal #12: amend Customer",
      "A person or company that has paid for at least one order in the last 12 months.",
      "Why do you object? (required): ",
      "[Object]",
    ]);
    expect(view.submit.action).toEqual({ concord: "vote", proposalId: 12, position: "object" });
    expect(read(objectFormView(proposalView({ text: words(4000) })))).toMatch(/revenue…\n/);
    expect(read(objectFormView(proposalView({ kind: "deprecate", text: null })))).toContain("Deprecate Customer.");
  });
});

describe("the home", () => {
  const DAY = 24 * 3_600_000;
  const recent = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ term: { slug: `term-${i}`, name: `Term ${i}` }, version: i + 1, agreedAt: new Date(NOW.getTime() - (i + 1) * DAY) }));
  const home = (input: Parameters<typeof homeView>[0]) => homeView(input, { links, now: NOW });

  it("has a search box, the votes waiting on the member's domains and the recent changes", () => {
    const view = home({ pending: pendingList(2), recent: recent(2) });
    expect(view.blocks[1]).toMatchObject({ kind: "search", label: "Search the glossary" });
    const text = read(view);
    expect(text).toContain("Waiting on your vote");
    expect(text).toContain("#100 amend Term 0");
    expect(text).toContain("Recently agreed\n[Term 0](https://concord.example.com/terms/term-0) version 1 · 2026-03-01 09:00 UTC (24 hours ago)");
    expect(text).toContain("(2 days ago)");
  });

  it("says when there is nothing to show", () => {
    const text = read(home({ pending: [], recent: [] }));
    expect(text).toContain("Nothing waits on your domains' votes. 🎉");
    expect(text).toContain("No definitions agreed yet.");
  });

  it("shows the last search with its results and keeps the query in the box", () => {
    const view = home({ pending: [], recent: [], search: { query: "churn", hits: searchHits(2) } });
    expect(read(view)).toContain("2 terms matching churn:\n1. [Churn Rate 0]");
    expect(read(view)).toContain("[Churn Rate 1](https://concord.example.com/terms/churn-rate-1) (deprecated) · matched on alias");
    expect(view.blocks.find((b: Block) => b.kind === "search")).toMatchObject({ value: "churn" });
    expect(read(home({ pending: [], recent: [], search: { query: "zzz", hits: [] } }))).toContain("Nothing in the glossary matches zzz.");
  });

  it("shows 25 pending proposals, 15 hits and 20 changes, counting the rest", () => {
    const text = read(home({ pending: pendingList(60), recent: recent(100), search: { query: "churn", hits: searchHits(200) } }));
    expect(text).toContain("…and 35 more proposals, due later than these.");
    expect(text).toContain("…and 185 more matches");
    expect(text).toContain("…and 80 more changes.");
  });
});
