import type { HomeView, KnownBlock } from "@slack/types";
import type { PendingProposal, SearchResult } from "../../core/index.js";
import { context, divider, header, packLines, plainText, section } from "./build.js";
import { HOME_SEARCH, HOME_SEARCH_BLOCK } from "./ids.js";
import type { Links } from "../../web/links.js";
import { renderPendingEntry } from "./proposal.js";
import { renderSearchHits } from "./replies.js";
import { escapeMrkdwn, formatDate, formatRelative, link, plural, truncatePlain } from "./text.js";

/** Pending proposals on the Home tab (two blocks each), search hits and recent changes: together well under 100 blocks. */
const PENDING_SHOWN = 25;
const HITS_SHOWN = 15;
const RECENT_SHOWN = 20;

export interface HomeInput {
  /** Proposals waiting on the viewer's domains, nearest deadline first. */
  readonly pending: readonly PendingProposal[];
  /** Recently agreed versions, newest first. */
  readonly recent: readonly { readonly term: { readonly slug: string; readonly name: string }; readonly version: number; readonly agreedAt: Date }[];
  /** The last search typed into the Home tab's box, with its results. */
  readonly search?: { readonly query: string; readonly hits: SearchResult["hits"] };
}

/** The App Home tab: a search box, the viewer's pending votes and the glossary's recent changes. */
export function renderHomeView(input: HomeInput, links: Links, now: Date = new Date()): HomeView {
  const blocks: KnownBlock[] = [
    header("Concord: the shared glossary"),
    {
      type: "input",
      block_id: HOME_SEARCH_BLOCK,
      dispatch_action: true,
      optional: true,
      label: plainText("Search the glossary"),
      element: {
        type: "plain_text_input",
        action_id: HOME_SEARCH,
        placeholder: plainText("A term, an alias or a few words, then Enter"),
        dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
        ...(input.search ? { initial_value: truncatePlain(input.search.query, 200) } : {}),
      },
    },
  ];

  if (input.search) {
    const query = escapeMrkdwn(input.search.query);
    const { hits } = input.search;
    blocks.push(
      hits.length === 0
        ? section(`Nothing in the glossary matches *${query}*.`)
        : section(`${plural(hits.length, "term")} matching *${query}*:`),
      ...renderSearchHits(hits, links, HITS_SHOWN),
    );
  }

  blocks.push(divider(), header("Waiting on your vote"));
  if (input.pending.length === 0) blocks.push(section("Nothing waits on your domains' votes. :tada:"));
  for (const entry of input.pending.slice(0, PENDING_SHOWN)) blocks.push(...renderPendingEntry(entry, links, now));
  if (input.pending.length > PENDING_SHOWN) {
    blocks.push(context(`…and ${plural(input.pending.length - PENDING_SHOWN, "more proposal")}, due later than these.`));
  }

  blocks.push(divider(), header("Recently agreed"));
  if (input.recent.length === 0) blocks.push(section("No definitions agreed yet."));
  else {
    const lines = input.recent
      .slice(0, RECENT_SHOWN)
      .map(
        (change) =>
          `*${link(links.term(change.term.slug), change.term.name)}* version ${change.version} · ${formatDate(change.agreedAt)} (${formatRelative(change.agreedAt, now)})`,
      );
    const more = input.recent.length - RECENT_SHOWN;
    blocks.push(...packLines(more > 0 ? [...lines, `…and ${plural(more, "more change")}.`] : lines, 3, (n) => `…and ${plural(n + Math.max(more, 0), "more change")}.`));
  }

  return { type: "home", blocks };
}
