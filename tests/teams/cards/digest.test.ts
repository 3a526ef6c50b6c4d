import { describe, expect, it } from "vitest";
import { DIGEST_PREVIEW_NOTE } from "../../../src/commands/format.js";
import { focusDigest, type Digest, type Domain } from "../../../src/core/index.js";
import { renderDigestCard, renderReplyCard, type AdaptiveCard } from "./render.js";
import type { DigestRenderOptions } from "../../../src/commands/format.js";
import { emptyDigest, hugeDigest, marketing, namedDigest, weeklyDigest } from "../../fixtures/digest.js";
import {
  actionsOf,
  elementsOfType,
  ESCAPED_EVIL,
  EVIL,
  expectSoundCard,
  links,
  markdownText,
  NOW,
  sales,
  support,
  TEAMS_MAX_BYTES,
  unescapedMarkdown,
  visibleText,
} from "./fixtures.js";

const BASE = "https://concord.example.com";

/** Renders a digest, asserts Teams would take the card, and returns what a user would read. */
function render(digest: Digest, options?: DigestRenderOptions) {
  const card = expectSoundCard(renderDigestCard(digest, links, options));
  return { card, shown: visibleText(card), markdown: markdownText(card), actions: actionsOf(card) };
}

/** The short version a domain's home channel gets. */
function renderFor(domain: Domain, digest: Digest = weeklyDigest(), options: DigestRenderOptions = {}) {
  const focused = focusDigest(digest, domain);
  return render(focused.digest, { ...options, focus: focused.domain });
}

/** The text of every TextBlock, in order. */
function lines(card: AdaptiveCard): string[] {
  return elementsOfType(card, "TextBlock").map((block) => String(block.text));
}

describe("renderDigestCard: the full version", () => {
  it("opens with the title, the period and the drift index with its change and sparkline", () => {
    const { card, shown } = render(weeklyDigest());
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: "Weekly glossary digest, 23 Feb – 1 Mar 2026", size: "Large", weight: "Bolder" });
    const [index] = elementsOfType(card, "ColumnSet");
    expect(visibleText({ body: [index] })).toBe("34.6\n**Drift index** of 100\nminor · up 3.2 points since last week · ▁▃▅█");
    expect(shown).toContain("The drift index is 0 when every domain's variant says what the agreed definition says");
  });

  it("shows the glossary's totals as facts", () => {
    const [facts] = elementsOfType(render(weeklyDigest()).card, "FactSet");
    expect(facts?.facts).toEqual([
      { title: "Terms", value: "5" },
      { title: "Domains", value: "4" },
      { title: "Variants", value: "6" },
      { title: "Open proposals", value: "2" },
    ]);
  });

  it("shows every section in order, each with its count", () => {
    const text = lines(render(weeklyDigest()).card);
    const titles = [
      "**Agreed this week** (2)",
      "**Waiting on votes** (2)",
      "**Drift** (4)",
      "**Stale variants** (1)",
      "**Overlaps** (3)",
      "**Gaps**",
      "_Terms with no owning domain_ (1)",
      "_Domains with no owners_ (1)",
      "_Consuming domains that never voted_ (1)",
    ];
    const positions = titles.map((title) => text.indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("links every item to its term or proposal page", () => {
    const text = lines(render(weeklyDigest()).card);
    expect(text).toContain(
      `• **[Customer](${BASE}/terms/customer)** (Sales) is at version 4, agreed 5 days ago · [proposal #12](${BASE}/proposals/12)`,
    );
    expect(text).toContain(`• **[ARR](${BASE}/terms/arr)** is at version 1, agreed 6 days ago · imported`);
    expect(text).toContain(
      `• [Proposal #21](${BASE}/proposals/21): amend **Churn Rate** · no position yet from **Support** and **Marketing** · closes in 2 days`,
    );
    expect(text).toContain(`• [Proposal #22](${BASE}/proposals/22): create **Net Revenue** · every affected domain has a position · closes in 5 hours`);
    expect(text).toContain(`• Support's **[Customer](${BASE}/terms/customer)** — 62% drift (moderate)`);
    expect(text).toContain(`• Sales' **[Revenue](${BASE}/terms/revenue)** — 41% drift (moderate)`);
    expect(text).toContain(`• Support's **[Customer](${BASE}/terms/customer)** — written against v3, agreed is v4 · updated 20 days ago`);
    expect(text).toContain(`• **[Revenue](${BASE}/terms/revenue)** ↔ **[ARR](${BASE}/terms/arr)** — same alias “recurring revenue”`);
    expect(text).toContain(
      `• **[Customer](${BASE}/terms/customer)** ↔ **[Active Customer](${BASE}/terms/active-customer)** — similar names, 71% alike`,
    );
    expect(text).toContain(`• **[ARR](${BASE}/terms/arr)**`);
    expect(text).toContain("• Marketing — asked on 3 proposals, never voted");
  });

  it("says how many more a list has on the digest page", () => {
    expect(lines(render(weeklyDigest()).card)).toContain(`…and 1 more on [the digest page](${BASE}/digest).`);
  });

  it("opens the digest page from its one button", () => {
    const { card, actions } = render(weeklyDigest());
    expect(card.actions).toHaveLength(1);
    expect(actions.map((a) => [a.type, a.title, a.url])).toEqual([["Action.OpenUrl", "Open the digest page", `${BASE}/digest`]]);
  });

  it("reads a fall, no change and a first week of the index", () => {
    const withChange = (change: number | null) => render(weeklyDigest({ index: { ...weeklyDigest().index, change } })).shown;
    expect(withChange(-2.84)).toContain("down 2.8 points since last week");
    expect(withChange(0)).toContain("no change since last week");
    expect(withChange(null)).toContain("first week measured");
  });
});

describe("renderDigestCard: an empty glossary", () => {
  it("says every section is empty in one line each and how to start", () => {
    const text = lines(render(emptyDigest()).card);
    expect(text).toContain("No domain has written a variant yet, so nothing drifts.");
    expect(text.some((line) => line.startsWith("The glossary is empty so far: propose the first term"))).toBe(true);
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
    expect(text.join("\n")).not.toContain("more on");
  });
});

describe("renderDigestCard: the short version for a domain's home channel", () => {
  it("names the domain, keeps the index and shows only the sections that concern it", () => {
    const { card, shown, actions } = renderFor(support);
    expect(card.body[0]).toMatchObject({ text: "Support: weekly glossary digest, 23 Feb – 1 Mar 2026" });
    expect(shown).toContain("minor · up 3.2 points since last week");
    const text = lines(card);
    expect(text).toContain("**Waiting on votes** (1)");
    expect(text).toContain("**Drift** (1)");
    expect(text).toContain("**Stale variants** (1)");
    expect(shown).not.toContain("Agreed this week");
    expect(shown).not.toContain("Nothing agreed this week.");
    expect(shown).not.toContain("Overlaps");
    expect(elementsOfType(card, "FactSet")).toEqual([]);
    expect(actions.map((a) => [a.title, a.url])).toEqual([["Open the full digest", `${BASE}/digest`]]);
  });

  it("leaves the glossary's unowned terms to the full digest", () => {
    const text = lines(renderFor(sales).card);
    expect(text).not.toContain("Terms with no owning domain");
    expect(text).not.toContain("_Domains with no owners_: none.");
  });

  it("lists the domain's own gaps", () => {
    const text = lines(renderFor(marketing).card);
    expect(text).toContain("_Domains with no owners_ (1)");
    expect(text).toContain("• Marketing — asked on 3 proposals, never voted");
  });

  it("says so when nothing concerns the domain", () => {
    expect(lines(renderFor(sales, emptyDigest()).card)).toContain("Nothing in this week's digest concerns **Sales**.");
  });
});

describe("renderDigestCard: preview", () => {
  it("adds a line saying only the caller sees it, and is what the digest command replies with", () => {
    expect(lines(render(weeklyDigest(), { preview: true }).card)).toContain(DIGEST_PREVIEW_NOTE);
    const card = expectSoundCard(renderReplyCard({ kind: "digest", digest: weeklyDigest() }, links, NOW));
    expect(lines(card)).toContain(DIGEST_PREVIEW_NOTE);
    expect(lines(card)).toContain("**Agreed this week** (2)");
  });
});

describe("renderDigestCard: user text", () => {
  it("escapes term and domain names so they never format or link", () => {
    const odd = namedDigest("<!channel> *bold*", EVIL);
    const domain = odd.gaps.ownerlessDomains.items[0]!;
    for (const { markdown } of [render(odd), render(odd, { preview: true }), render(focusDigest(odd, domain).digest, { focus: domain })]) {
      expect(markdown).toContain("\\<!channel> \\*bold\\*");
      expect(markdown).not.toMatch(/(?<!\\)\*bold/);
      expect(markdown).toContain(ESCAPED_EVIL);
      expect(markdown).not.toContain("[click](https://evil.example)");
      expect(unescapedMarkdown(markdown)).not.toContain("evil.example)");
    }
  });
});

describe("renderDigestCard: a huge digest", () => {
  it("validates at 1.5 and stays under 28 KB with 200 items in every list and 300-character names", () => {
    const digest = hugeDigest();
    for (const options of [{}, { preview: true }]) {
      const { card } = render(digest, options);
      expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    }
    for (const domain of [sales, digest.gaps.ownerlessDomains.items[0]!]) renderFor(domain, digest, { preview: true });
  });

  it("counts what it could not show in every list, so shown and more add up to the total", () => {
    const text = lines(render(hugeDigest()).card);
    const mores = text.flatMap((line) => /^…and (\d+) more on /.exec(line)?.[1] ?? []).map(Number);
    expect(mores).toHaveLength(8);
    const agreedShown = text.filter((line) => line.startsWith("• ") && line.includes(" is at version ")).length;
    expect(agreedShown).toBeGreaterThan(0);
    expect(agreedShown + mores[0]!).toBe(5000);
  });
});
