import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { renderHomeView } from "./render.js";
import { HOME_SEARCH, HOME_SEARCH_BLOCK, VOTE_APPROVE } from "../../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";
import { buttonsOf, EVIL, links, mrkdwnText, NOW, pendingList, searchHits, visibleText, words } from "./fixtures.js";

const DAY = 24 * 3_600_000;
const recent = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    term: { slug: `term-${i}`, name: `Term ${i}` },
    version: i + 1,
    agreedAt: new Date(NOW.getTime() - (i + 1) * DAY),
  }));

function render(input: Parameters<typeof renderHomeView>[0]) {
  const view = renderHomeView(input, links, NOW);
  expect(checkBlockLimits(view, "home")).toEqual([]);
  return { view, blocks: view.blocks as KnownBlock[], shown: visibleText(view), parsed: mrkdwnText(view) };
}

describe("renderHomeView", () => {
  it("has a search box that dispatches on Enter", () => {
    const { view, blocks } = render({ pending: [], recent: [] });
    expect(view.type).toBe("home");
    const search = blocks.find((b) => b.type === "input");
    expect(search).toMatchObject({
      type: "input",
      block_id: HOME_SEARCH_BLOCK,
      dispatch_action: true,
      element: { type: "plain_text_input", action_id: HOME_SEARCH, dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] } },
    });
  });

  it("shows pending votes with buttons and recent changes", () => {
    const { shown, blocks } = render({ pending: pendingList(2), recent: recent(2) });
    expect(shown).toContain("Waiting on your vote");
    expect(shown).toContain("#100 amend Term 0");
    expect(buttonsOf(blocks).filter((b) => b.action_id === VOTE_APPROVE).map((b) => b.value)).toEqual(["100", "101"]);
    expect(shown).toContain("Recently agreed");
    expect(shown).toContain("*<https://concord.example.com/terms/term-0|Term 0>* version 1 · <!date^");
    expect(shown).toContain("(24 hours ago)");
    expect(shown).toContain("(2 days ago)");
  });

  it("says when there is nothing to show", () => {
    const { shown } = render({ pending: [], recent: [] });
    expect(shown).toContain("Nothing waits on your domains' votes.");
    expect(shown).toContain("No definitions agreed yet.");
  });

  it("shows the last search with its results and keeps the query in the box", () => {
    const { shown, blocks } = render({ pending: [], recent: [], search: { query: "churn", hits: searchHits(2) } });
    expect(shown).toContain("2 terms matching *churn*:");
    expect(shown).toContain("Churn Rate 1>* (deprecated) · matched on alias");
    expect(blocks.find((b) => b.type === "input")).toMatchObject({ element: { initial_value: "churn" } });
    expect(render({ pending: [], recent: [], search: { query: "zzz", hits: [] } }).shown).toContain("Nothing in the glossary matches *zzz*.");
  });

  it("stays within 100 blocks with 60 pending proposals, 200 search hits and 100 recent changes", () => {
    const { blocks, shown } = render({
      pending: pendingList(60),
      recent: recent(100),
      search: { query: words(200), hits: searchHits(200, words(4000)) },
    });
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(shown).toContain("…and 35 more proposals");
    expect(shown).toContain("…and 185 more matches");
    expect(shown).toContain("…and 80 more changes.");
  });

  it("escapes the query and the definitions", () => {
    const { parsed } = render({ pending: [], recent: [{ term: { slug: "x", name: EVIL }, version: 1, agreedAt: NOW }], search: { query: EVIL, hits: searchHits(1, EVIL) } });
    expect(parsed).not.toContain("<!channel>");
    expect(parsed).not.toContain("<https://evil.example");
    expect(parsed).not.toContain("<@U999>");
  });
});
