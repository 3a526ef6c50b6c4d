import { plural } from "../commands/format.js";
import {
  groupRelations,
  RELATION_HEADING,
  RELATION_VERB,
  type RelationChanged,
  type TermDetails,
  type TermReference,
  type TermSummary,
} from "../core/index.js";
import type { Links } from "../web/links.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { plainText } from "./plain.js";
import { bold, icon, join, link, rich, shorten, text, words } from "./rich.js";

/** Characters of a term's name a lookup's hierarchy lines show; the term page has the rest. */
const NAME_SHOWN = 40;
/** Ancestors a breadcrumb shows before the rest are elided: the top-level term and the nearest ones. */
const ANCESTORS_SHOWN = 4;
const CHILDREN_SHOWN = 8;
const RELATED_SHOWN = 5;
const REFERENCES_SHOWN = 3;

/** True for an address a face may link to: the web's own schemes, never `javascript:` or a file. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

function termLink(links: Links, term: TermSummary, max = NAME_SHOWN): Rich {
  return link(links.term(term.slug), shorten(term.name, max));
}

/** "A, B, C and 4 more": at most `max` items, the rest counted with a link to where they all are. */
function someOf(items: readonly Rich[], total: number, max: number, page: string): Rich {
  const shown = items.slice(0, max);
  const hidden = total - shown.length;
  return hidden > 0 ? rich`${join(shown, ", ")} ${link(page, `and ${hidden} more`)}` : join(shown, ", ");
}

/** A reference: its label linked to its address when that is a web address, else both as text. */
export function referenceRich(reference: TermReference, max = NAME_SHOWN * 2): Rich {
  const label = shorten(reference.label || reference.url, max);
  return isWebUrl(reference.url) ? link(reference.url, label) : rich`${label} (${shorten(reference.url, max)})`;
}

/** "Finance › Revenue › Net revenue": where a term sits, its ancestors linked; empty for a top-level term. */
export function breadcrumbBlocks(details: TermDetails, links: Links): Block[] {
  const ancestors = details.ancestors ?? (details.parent ? [details.parent] : []);
  if (ancestors.length === 0) return [];
  const shown =
    ancestors.length <= ANCESTORS_SHOWN
      ? ancestors.map((a) => termLink(links, a))
      : [termLink(links, ancestors[0]!), words("…"), ...ancestors.slice(-(ANCESTORS_SHOWN - 1)).map((a) => termLink(links, a))];
  return [{ kind: "note", text: rich`${join([...shown, text(shorten(details.term.name, NAME_SHOWN))], " › ")}` }];
}

/**
 * A lookup's brief lines on the hierarchy and relations: "3 narrower terms: A, B, C", one line per relation type,
 * and the references as links; the term page lists them all.
 */
export function hierarchyBlocks(details: TermDetails, links: Links): Block[] {
  const page = links.term(details.term.slug);
  const lines: Rich[] = [];
  const children = details.children ?? [];
  const childCount = Math.max(details.childCount ?? children.length, children.length);
  if (childCount > 0) {
    const names = children.map((c) => termLink(links, c));
    lines.push(rich`${bold(plural(childCount, "narrower term"))}: ${someOf(names, childCount, CHILDREN_SHOWN, page)}`);
  }
  for (const group of groupRelations(details.relations)) {
    const names = group.terms.map((t) => termLink(links, t));
    lines.push(rich`${bold(RELATION_HEADING[group.type])}: ${someOf(names, names.length, RELATED_SHOWN, page)}`);
  }
  const blocks: Block[] = [];
  if (lines.length > 0) blocks.push({ kind: "text", text: join(lines, "\n") });
  if (details.references.length > 0) {
    const refs = details.references.map((r) => referenceRich(r));
    blocks.push({ kind: "text", text: rich`${bold("References")}: ${someOf(refs, refs.length, REFERENCES_SHOWN, page)}` });
  }
  return blocks;
}

/** A relation made or removed, or why nothing changed, with the term's relations now. */
export function relationChangedView(result: RelationChanged, ctx: ViewContext): MessageView {
  const { term, other, type, action, changed } = result;
  const name = (t: { slug: string; name: string }) => bold(link(ctx.links.term(t.slug), t.name));
  const said = rich`${name(term)} ${words(RELATION_VERB[type])} ${name(other)}`;
  let line: Rich;
  if (action === "relate") {
    line = changed ? rich`${icon("approve")} Recorded: ${said}.` : rich`Concord already records that ${said}; nothing changed.`;
  } else {
    line = changed ? rich`${icon("approve")} Removed the relation: ${said}.` : rich`Concord does not record that ${said}; nothing changed.`;
  }
  const groups = groupRelations(result.relations);
  const now =
    groups.length === 0
      ? rich`${name(term)} has no relations now.`
      : rich`Relations of ${name(term)}: ${join(
          groups.map((g) => rich`${words(RELATION_HEADING[g.type].toLowerCase())} ${join(g.terms.slice(0, RELATED_SHOWN).map((t) => termLink(ctx.links, t)), ", ")}${g.terms.length > RELATED_SHOWN ? words(` and ${g.terms.length - RELATED_SHOWN} more`) : []}`),
          "; ",
        )}.`;
  const body = rich`${line}\n${now}`;
  return { kind: "message", summary: plainText(line), blocks: [{ kind: "text", text: body }] };
}
