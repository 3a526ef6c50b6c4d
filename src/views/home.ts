import type { PendingProposal, SearchResult } from "../core/index.js";
import { formatRelative, plural } from "../commands/format.js";
import { searchHits } from "./lists.js";
import type { Block, MessageView, ViewContext } from "./model.js";
import { pendingList } from "./pending.js";
import { bold, date, icon, link, rich, words } from "./rich.js";

const PENDING_SHOWN = 25;
const HITS_SHOWN = 15;
const RECENT_SHOWN = 20;

/** What a member's home shows. */
export interface HomeInput {
  /** Proposals waiting on the viewer's domains, nearest deadline first. */
  readonly pending: readonly PendingProposal[];
  /** Recently agreed versions, newest first. */
  readonly recent: readonly { readonly term: { readonly slug: string; readonly name: string }; readonly version: number; readonly agreedAt: Date }[];
  /** The last search typed into the Home tab's box, with its results. */
  readonly search?: { readonly query: string; readonly hits: SearchResult["hits"] };
}

/** A member's home: a search box, the votes waiting on their domains and the glossary's recent changes. */
export function homeView(input: HomeInput, ctx: ViewContext): MessageView {
  const { links, now } = ctx;
  const blocks: Block[] = [
    { kind: "header", text: rich`Concord: the shared glossary` },
    { kind: "search", label: "Search the glossary", placeholder: "A term, an alias or a few words, then Enter", ...(input.search ? { value: input.search.query } : {}) },
  ];
  if (input.search) {
    const { query, hits } = input.search;
    blocks.push(
      { kind: "text", text: hits.length === 0 ? rich`Nothing in the glossary matches ${bold(query)}.` : rich`${words(plural(hits.length, "term"))} matching ${bold(query)}:` },
      ...(hits.length > 0 ? [searchHits(hits, links, HITS_SHOWN)] : []),
    );
  }
  const stuck = input.pending.filter((entry) => entry.passability.stuck);
  const waiting = input.pending.filter((entry) => !entry.passability.stuck);
  if (stuck.length > 0) {
    blocks.push(
      { kind: "divider" },
      { kind: "header", text: rich`Stuck: cannot pass as things stand` },
      pendingList(stuck, ctx, PENDING_SHOWN, (hidden) => rich`…and ${plural(hidden, "more stuck proposal")}.`),
    );
  }
  blocks.push({ kind: "divider" }, { kind: "header", text: rich`Waiting on your vote` });
  if (waiting.length === 0) blocks.push({ kind: "text", text: rich`Nothing waits on your domains' votes. ${icon("celebrate")}` });
  else blocks.push(pendingList(waiting, ctx, PENDING_SHOWN, (hidden) => rich`…and ${plural(hidden, "more proposal")}, due later than these.`));
  blocks.push({ kind: "divider" }, { kind: "header", text: rich`Recently agreed` });
  if (input.recent.length === 0) blocks.push({ kind: "text", text: rich`No definitions agreed yet.` });
  else {
    blocks.push({
      kind: "list",
      items: input.recent.map((change): Block => ({
        kind: "text",
        text: rich`${bold(link(links.term(change.term.slug), change.term.name))} version ${change.version} · ${date(change.agreedAt)} (${words(formatRelative(change.agreedAt, now))})`,
      })),
      max: RECENT_SHOWN,
      more: (hidden) => rich`…and ${plural(hidden, "more change")}.`,
    });
  }
  return { kind: "message", summary: "Concord: the shared glossary", blocks };
}
