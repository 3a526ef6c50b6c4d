import { describe, expect, it } from "vitest";
import { DIGEST_PREVIEW_NOTE } from "../../../src/commands/format.js";
import { focusDigest, type Digest, type Domain } from "../../../src/core/index.js";
import type { DigestRenderOptions } from "../../../src/commands/format.js";
import { renderDigestMessage } from "./render.js";
import { OPEN_LINK } from "../../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";
import { renderReply } from "./render.js";
import { emptyDigest, hugeDigest, marketing, namedDigest, weeklyDigest } from "../../fixtures/digest.js";
import { blocksOfType, buttonsOf, EVIL, links, mrkdwnText, NOW, sales, support, visibleText } from "./fixtures.js";

const BASE = "https://concord.example.com";

/** Renders a digest and asserts Slack would accept it as a message. */
function render(digest: Digest, options?: DigestRenderOptions) {
  const message = renderDigestMessage(digest, links, options);
  expect(checkBlockLimits(message, "message")).toEqual([]);
  return { ...message, shown: visibleText(message), parsed: mrkdwnText(message), buttons: buttonsOf(message.blocks) };
}

/** The short version a domain's home channel gets. */
function renderFor(domain: Domain, digest: Digest = weeklyDigest(), options: DigestRenderOptions = {}) {
  const focused = focusDigest(digest, domain);
  return render(focused.digest, { ...options, focus: focused.domain });
}

describe("renderDigestMessage: the full version", () => {
  it("opens with the period and the drift index, its change and a sparkline of past weeks", () => {
    const { blocks, shown, text } = render(weeklyDigest());
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Weekly glossary digest, 23 Feb – 1 Mar 2026");
    expect(shown).toContain("*Drift index: 34.6* of 100 (minor) · up 3.2 points since last week · ▁▃▅█");
    expect(shown).toContain("*Terms*\n5\n*Domains*\n4\n*Variants*\n6\n*Open proposals*\n2");
    expect(text).toBe(
      "Weekly glossary digest, 23 Feb – 1 Mar 2026: drift index 34.6 (up 3.2 points since last week); 2 agreed, 2 proposals waiting on votes.",
    );
  });

  it("shows every section in order, each with its count", () => {
    const { shown } = render(weeklyDigest());
    const titles = [
      "*Agreed this week* (2)",
      "*Waiting on votes* (2)",
      "*Drift* (4)",
      "*Stale variants* (1)",
      "*Overlaps* (3)",
      "*Gaps*",
      "_Terms with no owning domain_ (1)",
      "_Domains with no owners_ (1)",
      "_Consuming domains that never voted_ (1)",
    ];
    const positions = titles.map((title) => shown.indexOf(title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("links each agreed term to its page and the proposal that agreed it", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(
      `• *<${BASE}/terms/customer|Customer>* (Sales) is at version 4, agreed 5 days ago · <${BASE}/proposals/12|proposal #12>`,
    );
    expect(shown).toContain(`• *<${BASE}/terms/arr|ARR>* is at version 1, agreed 6 days ago · imported`);
  });

  it("says which domains have no position on each waiting proposal, and the time left", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(
      `• <${BASE}/proposals/21|Proposal #21>: amend *Churn Rate* · no position yet from *Support* and *Marketing* · closes in 2 days`,
    );
    expect(shown).toContain(`• <${BASE}/proposals/22|Proposal #22>: create *Net Revenue* · every affected domain has a position · closes in 5 hours`);
  });

  it("says when a waiting proposal's deadline has already passed", () => {
    const digest = weeklyDigest();
    const late = { ...digest.waiting.items[0]!, deadline: new Date(NOW.getTime() - 3 * 60 * 60 * 1000) };
    expect(render({ ...digest, waiting: { items: [late], total: 1 } }).shown).toContain("deadline passed 3 hours ago");
  });

  it("shows drift as domain, term, percentage and level, with a link to the rest on the digest page", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(`• Support's *<${BASE}/terms/customer|Customer>* — 62% drift (moderate)`);
    expect(shown).toContain(`• Marketing's *<${BASE}/terms/active-customer|Active Customer>* — 77% drift (major)`);
    expect(shown).toContain(`• Sales' *<${BASE}/terms/revenue|Revenue>* — 41% drift (moderate)`);
    expect(shown).toContain(`…and 1 more on <${BASE}/digest|the digest page>.`);
  });

  it("shows which version a stale variant was written against", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(`• Support's *<${BASE}/terms/customer|Customer>* — written against v3, agreed is v4 · updated 20 days ago`);
  });

  it("shows overlaps with their reason: the colliding alias, or how alike they are", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(`*<${BASE}/terms/customer|Customer>* ↔ *<${BASE}/terms/active-customer|Active Customer>* — similar names, 71% alike`);
    expect(shown).toContain(`*<${BASE}/terms/revenue|Revenue>* ↔ *<${BASE}/terms/arr|ARR>* — same alias “recurring revenue”`);
    expect(shown).toContain("— similar definitions, 83% alike");
  });

  it("shows the gaps: unowned terms, ownerless domains and domains that never voted", () => {
    const { shown } = render(weeklyDigest());
    expect(shown).toContain(`_Terms with no owning domain_ (1)\n• *<${BASE}/terms/arr|ARR>*`);
    expect(shown).toContain("_Domains with no owners_ (1)\n• Marketing");
    expect(shown).toContain("_Consuming domains that never voted_ (1)\n• Marketing — asked on 3 proposals, never voted");
  });

  it("ends with a button to the digest page", () => {
    const { buttons } = render(weeklyDigest());
    expect(buttons.map((b) => [b.text.text, b.action_id, b.url])).toEqual([["Open the digest page", OPEN_LINK, `${BASE}/digest`]]);
  });

  it("shows an empty section as one short line, and a list that is empty today as none", () => {
    const digest = weeklyDigest({
      agreed: { items: [], total: 0 },
      gaps: { ...weeklyDigest().gaps, ownerlessDomains: { items: [], total: 0 } },
    });
    const { shown } = render(digest);
    expect(shown).toContain("Nothing agreed this week.");
    expect(shown).not.toContain("Agreed this week");
    expect(shown).toContain("_Domains with no owners_: none.");
  });
});

describe("renderDigestMessage: the index", () => {
  const withChange = (change: number | null) => render(weeklyDigest({ index: { ...weeklyDigest().index, change } })).shown;

  it("reads a fall, no change and a first week", () => {
    expect(withChange(-1)).toContain("down 1 point since last week");
    expect(withChange(-2.84)).toContain("down 2.8 points since last week");
    expect(withChange(0)).toContain("no change since last week");
    expect(withChange(null)).toContain("first week measured");
  });

  it("draws a flat sparkline when the index does not move, and none for a single week", () => {
    const flat = [0, 1, 2].map((i) => ({ weekStart: new Date(NOW.getTime() - i * 7 * 86_400_000), value: 20 }));
    expect(render(weeklyDigest({ index: { value: 20, previous: 20, change: 0, history: flat } })).shown).toContain("no change since last week · ▄▄▄");
    const single = render(weeklyDigest({ index: { value: 20, previous: null, change: null, history: flat.slice(0, 1) } })).shown;
    expect(single).toContain("(minor) · first week measured\n");
  });
});

describe("renderDigestMessage: an empty glossary", () => {
  it("says every section is empty in one line each and how to start", () => {
    const { shown, buttons } = render(emptyDigest());
    expect(shown).toContain("*Drift index: 0.0* of 100: no domain has written a variant yet, so nothing drifts.");
    expect(shown).toContain("The glossary is empty so far: propose the first term with `/glossary propose &lt;term&gt;`");
    for (const line of [
      "Nothing agreed this week.",
      "No proposals are waiting on votes.",
      "No variant drifts far from its agreed definition.",
      "No stale variants: every variant was written against the agreed version.",
      "No overlapping terms found.",
      "No gaps: every term has an owning domain, every domain has owners and every consuming domain has voted.",
    ]) {
      expect(shown).toContain(line);
    }
    expect(shown).not.toContain("more on");
    expect(buttons).toHaveLength(1);
  });
});

describe("renderDigestMessage: the short version for a domain's home channel", () => {
  it("names the domain, keeps the index and shows only the sections that concern it", () => {
    const { blocks, shown, buttons, text } = renderFor(support);
    expect(blocksOfType(blocks, "header")[0]?.text.text).toBe("Support: weekly glossary digest, 23 Feb – 1 Mar 2026");
    expect(text).toMatch(/^Support: weekly glossary digest, 23 Feb – 1 Mar 2026: drift index 34.6/);
    expect(shown).toContain("*Drift index: 34.6* of 100 (minor) · up 3.2 points since last week");
    expect(shown).toContain("*Waiting on votes* (1)");
    expect(shown).toContain("*Drift* (1)\n• Support's");
    expect(shown).toContain("*Stale variants* (1)");
    // Support owns nothing agreed this week and no overlapping term: those sections are left out, not shown empty.
    expect(shown).not.toContain("Agreed this week");
    expect(shown).not.toContain("Nothing agreed this week.");
    expect(shown).not.toContain("Overlaps");
    expect(shown).not.toContain("*Terms*");
    expect(buttons.map((b) => [b.text.text, b.url])).toEqual([["Open the full digest", `${BASE}/digest`]]);
  });

  it("leaves the glossary's unowned terms to the full digest", () => {
    const { shown } = renderFor(sales);
    expect(shown).not.toContain("Terms with no owning domain");
    expect(shown).not.toContain("_Domains with no owners_");
  });

  it("lists the domain's own gaps", () => {
    const { shown } = renderFor(marketing);
    expect(shown).toContain("_Domains with no owners_ (1)\n• Marketing");
    expect(shown).toContain("• Marketing — asked on 3 proposals, never voted");
  });

  it("says so when nothing concerns the domain", () => {
    const { shown } = renderFor(sales, emptyDigest());
    expect(shown).toContain("Nothing in this week's digest concerns *Sales*.");
    expect(shown).not.toContain("Nothing agreed this week.");
  });
});

describe("renderDigestMessage: preview", () => {
  it("adds a line saying only the caller sees it and where the real one is posted", () => {
    const { blocks } = render(weeklyDigest(), { preview: true });
    const [note] = blocksOfType(blocks, "context");
    expect(note?.elements).toEqual([expect.objectContaining({ text: DIGEST_PREVIEW_NOTE })]);
    expect(DIGEST_PREVIEW_NOTE).toBe("Preview — only you can see this. The digest is posted to the governance channel every week.");
  });

  it("is what the digest command replies with", () => {
    const message = renderReply({ kind: "digest", digest: weeklyDigest() }, links, NOW);
    expect(checkBlockLimits(message, "message")).toEqual([]);
    expect(visibleText(message)).toContain(DIGEST_PREVIEW_NOTE);
    expect(visibleText(message)).toContain("*Agreed this week* (2)");
  });
});

describe("renderDigestMessage: user text", () => {
  it("escapes term and domain names everywhere so they never mention, link or ping", () => {
    for (const options of [{}, { preview: true }]) {
      const { parsed } = render(namedDigest("<!channel> *bold*", EVIL), options);
      expect(parsed).not.toContain("<!channel>");
      expect(parsed).not.toContain("<https://evil.example");
      expect(parsed).not.toContain("<@U999>");
      expect(parsed).toContain(`*<${BASE}/terms/odd-term|&lt;!channel&gt; *bold*>*`);
      expect(parsed).toContain("Ping &lt;!channel&gt; then &lt;https://evil.example|click here&gt; &amp; thank &lt;@U999&gt;");
      expect(parsed).toContain("same alias “&lt;!channel&gt; *bold*”");
    }
  });

  it("escapes the domain name in the short version's notification text and lines", () => {
    const odd = namedDigest("<!channel> *bold*", EVIL);
    const domain = odd.gaps.ownerlessDomains.items[0]!;
    const { parsed, blocks, text } = render(focusDigest(odd, domain).digest, { focus: domain });
    expect(text).toMatch(/^Ping &lt;!channel&gt; then &lt;https:\/\/evil\.example\|click here&gt; &amp; thank &lt;@U999&gt;: weekly glossary digest/);
    expect(parsed).not.toContain("<!channel>");
    expect(parsed).not.toContain("<@U999>");
    // The header is plain text: Slack never parses it, so the name is shown as typed.
    expect(blocksOfType(blocks, "header")[0]?.text).toMatchObject({ type: "plain_text" });
  });
});

describe("renderDigestMessage: a huge digest", () => {
  it("stays within Slack's limits with 200 items in every list and 300-character names", () => {
    const digest = hugeDigest();
    for (const options of [{}, { preview: true }]) {
      const { blocks, parsed } = render(digest, options);
      expect(blocks.length).toBeLessThanOrEqual(50);
      expect(parsed).not.toContain("<!channel>");
    }
    for (const domain of [sales, digest.gaps.ownerlessDomains.items[0]!]) renderFor(domain, digest, { preview: true });
  });

  it("counts what it could not show in every list, so shown and more add up to the total", () => {
    const { parsed } = render(hugeDigest());
    const mores = [...parsed.matchAll(/…and (\d+) more on </g)].map((m) => Number(m[1]));
    expect(mores).toHaveLength(8);
    const proposalsShown = parsed.match(/• <https:\/\/concord\.example\.com\/proposals\/9\d+\|/g)?.length ?? 0;
    expect(proposalsShown).toBeGreaterThan(0);
    expect(proposalsShown + mores[1]!).toBe(5000);
    const agreedShown = parsed.match(/ is at version \d+/g)?.length ?? 0;
    expect(agreedShown + mores[0]!).toBe(5000);
  });

  it("shortens long names, keeping the links to their pages", () => {
    const { parsed } = render(hugeDigest());
    expect(parsed).toContain(`*<${BASE}/terms/term-0|&lt;!channel&gt; *Term 0* &amp; more revenue`);
    expect(parsed).not.toMatch(/revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue revenue/);
  });
});
