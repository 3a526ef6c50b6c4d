import type { SearchResult, TermHistory, VariantRecorded } from "../core/index.js";
import { percent, plural } from "../commands/format.js";
import type { Links } from "../web/links.js";
import { driftReasons, READ_MORE_LABEL, SNIPPET } from "./lookup.js";
import type { Block, MessageView, ViewContext } from "./model.js";
import { bold, command, date, icon, link, member, rich, text, words } from "./rich.js";

const SEARCH_HITS_SHOWN = 20;
const VERSIONS_SHOWN = 10;
/** Characters of each version (or its changes) a history shows; the history page has the rest. */
const VERSION_SHOWN = 700;
const VARIANT_SHOWN = 1400;

/** Search results, best first, each with what it matched on and a snippet. */
export function searchView(result: SearchResult, ctx: ViewContext): MessageView {
  if (result.hits.length === 0) {
    const line = rich`Nothing in the glossary matches ${bold(result.query)}. Try fewer words, or ${command(`propose ${result.query}`)}.`;
    return { kind: "message", summary: `Nothing in the glossary matches ${result.query}.`, blocks: [{ kind: "text", text: line }] };
  }
  const count = plural(result.hits.length, "term");
  return {
    kind: "message",
    summary: `${count} matching ${result.query}`,
    blocks: [{ kind: "text", text: rich`${count} matching ${bold(result.query)}, best first:` }, searchHits(result.hits, ctx.links, SEARCH_HITS_SHOWN)],
  };
}

/** The hits of a search as a numbered list: name, what it matched on, a snippet, and how many more. */
export function searchHits(hits: SearchResult["hits"], links: Links, max: number): Block {
  return {
    kind: "list",
    marker: "number",
    items: hits.map((hit) => {
      const page = links.term(hit.term.slug);
      const deprecated = hit.term.status === "deprecated" ? words(" (deprecated)") : [];
      return {
        kind: "text",
        lead: rich`${bold(link(page, hit.term.name))}${deprecated} · matched on ${words(hit.matchedOn)}`,
        text: text(hit.definition),
        style: "quote",
        cut: { max: SNIPPET, more: { url: page, label: READ_MORE_LABEL } },
      };
    }),
    max,
    more: (hidden) => rich`…and ${plural(hidden, "more match", "more matches")}; add words to narrow the search.`,
  };
}

/** Every agreed version, newest first, with who agreed it when and the words that changed from the one before. */
export function historyView(history: TermHistory, ctx: ViewContext): MessageView {
  const { term, entries } = history;
  const { links } = ctx;
  const page = links.history(term.slug);
  const more = { url: page, label: "Read the full history" };
  const blocks: Block[] = [
    { kind: "header", text: rich`History of ${term.name}` },
    {
      kind: "list",
      items: entries.map(({ version, diff }): Block => {
        const by = version.proposedBy ? rich` by ${member(version.proposedBy)}` : [];
        const proposal = version.proposalId === null ? [] : rich` · ${link(links.proposal(version.proposalId), `proposal #${version.proposalId}`)}`;
        const head: Block = { kind: "text", text: rich`${bold(`Version ${version.version}`)}: agreed ${date(version.agreedAt)}${by}${proposal}` };
        const body: Block = diff
          ? { kind: "diff", parts: diff, cut: { max: VERSION_SHOWN, more } }
          : { kind: "text", text: text(version.text), cut: { max: VERSION_SHOWN, more } };
        return { kind: "group", blocks: [head, body] };
      }),
      max: VERSIONS_SHOWN,
      more: (hidden) => rich`…and ${plural(hidden, "older version")} on ${link(page, "the history page")}.`,
    },
  ];
  if (entries.some((entry) => entry.diff)) blocks.push({ kind: "legend", text: rich`Each version is compared with the one before.` });
  blocks.push({ kind: "buttons", buttons: [{ label: "Open the history page", url: page }] });
  return { kind: "message", summary: `History of ${term.name}: ${plural(entries.length, "version")}`, blocks, page: more };
}

/** A recorded variant: how far it drifts from the agreed definition, and both texts. */
export function variantView(recorded: VariantRecorded, ctx: ViewContext): MessageView {
  const { term, agreed, drift, replaced } = recorded;
  const page = ctx.links.term(term.slug);
  const domain = drift.variant.domain.name;
  const verb = replaced ? "Updated" : "Recorded";
  const cut = { max: VARIANT_SHOWN, more: { url: page, label: READ_MORE_LABEL } };
  const blocks: Block[] = [
    {
      kind: "text",
      text: rich`${words(verb)} ${bold(domain)}'s variant of ${bold(link(page, term.name))}: it drifts ${bold(percent(drift.score))} (${words(drift.level)}) from the agreed definition (version ${agreed.version})${driftReasons(drift.reasons)}.`,
    },
  ];
  if (drift.stale) {
    blocks.push({
      kind: "note",
      tone: "warning",
      text: rich`${icon("warning")} Stale: written against v${drift.variant.baseVersion}; the agreed definition is v${agreed.version}.`,
    });
  }
  blocks.push(
    { kind: "text", lead: rich`${bold(rich`${domain}'s variant`)}`, text: text(drift.variant.text), style: "quote", cut },
    { kind: "text", lead: bold("Agreed definition"), text: text(agreed.text), style: "quote", cut },
  );
  return { kind: "message", summary: `${verb} ${domain}'s variant of ${term.name}: ${percent(drift.score)} drift (${drift.level}).`, blocks };
}
