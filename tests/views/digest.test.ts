import { describe, expect, it } from "vitest";
import { DIGEST_PREVIEW_NOTE, type DigestRenderOptions } from "../../src/commands/format.js";
import { focusDigest, type Digest, type Domain } from "../../src/core/index.js";
import { digestView, replyView } from "../../src/views/index.js";
import { emptyDigest, hugeDigest, marketing, weeklyDigest } from "../fixtures/digest.js";
import { links, NOW, sales, support } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const BASE = "https://concord.example.com";
const ctx = { links, now: NOW };
const shown = (digest: Digest, options?: DigestRenderOptions) => read(digestView(digest, ctx, options));
const shownFor = (domain: Domain, digest: Digest = weeklyDigest()) => {
  const focused = focusDigest(digest, domain);
  return read(digestView(focused.digest, ctx, { focus: focused.domain }));
};

describe("the weekly digest", () => {
  it("opens with the period, the drift index with its change and a sparkline, and the glossary's totals", () => {
    const view = digestView(weeklyDigest(), ctx);
    expect(read(view).split("\n").slice(0, 7)).toEqual([
      "Weekly glossary digest, 23 Feb – 1 Mar 2026",
      "Drift index: 34.6 of 100 (minor) · up 3.2 points since last week · ▁▃▅█",
      "Terms: 5",
      "Domains: 4",
      "Variants: 6",
      "Open proposals: 2",
      "The drift index is 0 when every domain's variant says what the agreed definition says, 100 when none shares a word with it.",
    ]);
    expect(view.summary).toBe(
      "Weekly glossary digest, 23 Feb – 1 Mar 2026: drift index 34.6 (up 3.2 points since last week); 2 agreed, 2 proposals waiting on votes.",
    );
  });

  it("names a waiting proposal's proposer by the name Concord keeps, and by ref when it has none", () => {
    const digest = weeklyDigest();
    const [first, second] = digest.waiting.items;
    const named = {
      ...digest,
      waiting: {
        ...digest.waiting,
        items: [
          { ...first!, proposer: { id: 7, displayName: "Fiona Finance", refs: ["slack:T0TEST:U0FIONA"] } },
          { ...second!, proposer: { id: 8, displayName: null, refs: ["local:sam"] } },
        ],
      },
    };
    const text = shown(named);
    expect(text).toContain(`• [Proposal #21](${BASE}/proposals/21): amend Churn Rate by Fiona Finance · no position yet from Support and Marketing`);
    expect(text).toContain(`• [Proposal #22](${BASE}/proposals/22): create Net Revenue by local:sam · every affected domain has a position`);
  });

  it("shows every section in order, each with its count", () => {
    const text = shown(weeklyDigest());
    const titles = [
      "Agreed this week (2)",
      "Waiting on votes (2)",
      "Drift (4)",
      "Stale variants (1)",
      "Overlaps (3)",
      "Gaps",
      "Terms with no owning domain (1)",
      "Domains with no owners (1)",
      "Consuming domains that never voted (1)",
    ];
    const positions = titles.map((title) => text.split("\n").indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("links every item to its term or proposal page", () => {
    const text = shown(weeklyDigest());
    for (const line of [
      `• [Customer](${BASE}/terms/customer) (Sales) is at version 4, agreed 5 days ago · [proposal #12](${BASE}/proposals/12)`,
      `• [ARR](${BASE}/terms/arr) is at version 1, agreed 6 days ago · imported`,
      `• [Proposal #21](${BASE}/proposals/21): amend Churn Rate · no position yet from Support and Marketing · closes in 2 days`,
      `• [Proposal #22](${BASE}/proposals/22): create Net Revenue · every affected domain has a position · closes in 5 hours`,
      `• Support's [Customer](${BASE}/terms/customer) — 62% drift (moderate)`,
      `• Marketing's [Active Customer](${BASE}/terms/active-customer) — 77% drift (major)`,
      `• Sales' [Revenue](${BASE}/terms/revenue) — 41% drift (moderate)`,
      `• Support's [Customer](${BASE}/terms/customer) — written against v3, agreed is v4 · updated 20 days ago`,
      `• [Customer](${BASE}/terms/customer) ↔ [Active Customer](${BASE}/terms/active-customer) — similar names, 71% alike`,
      `• [Revenue](${BASE}/terms/revenue) ↔ [ARR](${BASE}/terms/arr) — same alias “recurring revenue”`,
      `Terms with no owning domain (1)\n• [ARR](${BASE}/terms/arr)`,
      "Domains with no owners (1)\n• Marketing",
      "Consuming domains that never voted (1)\n• Marketing — asked on 3 proposals, never voted",
      `…and 1 more on [the digest page](${BASE}/digest).`,
      `[Open the digest page](${BASE}/digest)`,
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain("— similar definitions, 83% alike");
  });

  it("says when a waiting proposal's deadline has already passed", () => {
    const digest = weeklyDigest();
    const late = { ...digest.waiting.items[0]!, deadline: new Date(NOW.getTime() - 3 * 60 * 60 * 1000) };
    expect(shown({ ...digest, waiting: { items: [late], total: 1 } })).toContain("deadline passed 3 hours ago");
  });

  it("shows an empty section as one short line, and a list that is empty today as none", () => {
    const text = shown(weeklyDigest({ agreed: { items: [], total: 0 }, gaps: { ...weeklyDigest().gaps, ownerlessDomains: { items: [], total: 0 } } }));
    expect(text).toContain("Nothing agreed this week.");
    expect(text).not.toContain("Agreed this week");
    expect(text).toContain("Domains with no owners: none.");
  });

  it("reads a fall, no change and a first week of the index, flat when it does not move", () => {
    const withChange = (change: number | null) => shown(weeklyDigest({ index: { ...weeklyDigest().index, change } }));
    expect(withChange(-1)).toContain("down 1 point since last week");
    expect(withChange(-2.84)).toContain("down 2.8 points since last week");
    expect(withChange(0)).toContain("no change since last week");
    expect(withChange(null)).toContain("first week measured");
    const flat = [0, 1, 2].map((i) => ({ weekStart: new Date(NOW.getTime() - i * 7 * 86_400_000), value: 20 }));
    expect(shown(weeklyDigest({ index: { value: 20, previous: 20, change: 0, history: flat } }))).toContain("no change since last week · ▄▄▄");
    expect(shown(weeklyDigest({ index: { value: 20, previous: null, change: null, history: flat.slice(0, 1) } }))).toContain("(minor) · first week measured\n");
  });

  it("counts what it could not show in every list, so shown and more add up to the total", () => {
    const lines = shown(hugeDigest()).split("\n");
    const mores = lines.flatMap((line) => /^…and (\d+) more on /.exec(line)?.[1] ?? []).map(Number);
    expect(mores).toHaveLength(8);
    const agreedShown = lines.filter((line) => line.startsWith("• ") && line.includes(" is at version ")).length;
    expect(agreedShown).toBe(10);
    expect(agreedShown + mores[0]!).toBe(5000);
  });

  it("shortens long names, keeping the links to their pages", () => {
    const text = shown(hugeDigest());
    expect(text).toContain(`[<!channel> *Term 0* & more revenue`);
    expect(text).not.toMatch(/(revenue ){30}/);
  });
});

describe("an empty glossary's digest", () => {
  it("says every section is empty in one line each, and how to start", () => {
    const text = shown(emptyDigest());
    expect(text).toContain("Drift index: 0.0 of 100 — No domain has written a variant yet, so nothing drifts.");
    expect(text).toContain("The glossary is empty so far: propose the first term with “propose <term>”, and the affected domains vote on it.");
    for (const line of [
      "Nothing agreed this week.",
      "No proposals are waiting on votes.",
      "No variant drifts far from its agreed definition.",
      "No stale variants: every variant was written against the agreed version.",
      "No overlapping terms found.",
      "No gaps: every term has an owning domain, every domain has owners and every consuming domain has voted.",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain("more on");
  });
});

describe("the short digest for a domain's home channel", () => {
  it("names the domain, keeps the index and shows only the sections that concern it", () => {
    const text = shownFor(support);
    expect(text.split("\n")[0]).toBe("Support: weekly glossary digest, 23 Feb – 1 Mar 2026");
    expect(text).toContain("Drift index: 34.6 of 100 (minor) · up 3.2 points since last week");
    expect(text).toContain("Waiting on votes (1)");
    expect(text).toContain("Drift (1)\n• Support's");
    expect(text).toContain("Stale variants (1)");
    // Support owns nothing agreed this week and no overlapping term: those sections are left out, not shown empty.
    expect(text).not.toContain("Agreed this week");
    expect(text).not.toContain("Nothing agreed this week.");
    expect(text).not.toContain("Overlaps");
    expect(text).not.toContain("Terms: 5");
    expect(text).toContain(`[Open the full digest](${BASE}/digest)`);
  });

  it("leaves the glossary's unowned terms to the full digest, and lists the domain's own gaps", () => {
    expect(shownFor(sales)).not.toContain("Terms with no owning domain");
    expect(shownFor(sales)).not.toContain("Domains with no owners");
    expect(shownFor(marketing)).toContain("Domains with no owners (1)\n• Marketing");
    expect(shownFor(marketing)).toContain("• Marketing — asked on 3 proposals, never voted");
  });

  it("says so when nothing concerns the domain", () => {
    const text = shownFor(sales, emptyDigest());
    expect(text).toContain("Nothing in this week's digest concerns Sales.");
    expect(text).not.toContain("Nothing agreed this week.");
  });
});

describe("the digest preview", () => {
  it("says only the caller sees it and where the real one goes, and is what the digest command answers", () => {
    expect(shown(weeklyDigest(), { preview: true }).split("\n")[1]).toBe(DIGEST_PREVIEW_NOTE);
    expect(DIGEST_PREVIEW_NOTE).toBe("Preview — only you can see this. The digest is posted to the governance channel every week.");
    const reply = read(replyView({ kind: "digest", digest: weeklyDigest() }, ctx));
    expect(reply).toContain(DIGEST_PREVIEW_NOTE);
    expect(reply).toContain("Agreed this week (2)");
  });
});
