import type { LookupResult, NearDuplicate, UsageSummary, VariantDrift } from "../core/index.js";
import { describeDriftReasons, formatRelative, percent, plural } from "../commands/format.js";
import type { Links } from "../web/links.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { breadcrumbBlocks, hierarchyBlocks } from "./relations.js";
import { bold, command, date, icon, link, listOf, member, rich, shorten, text, words } from "./rich.js";

/** The label of the link a cut definition ends with. */
export const READ_MORE_LABEL = "Read the full definition";
/** Characters of an agreed definition a lookup shows; the term page has the rest. */
const DEFINITION_SHOWN = 3000;
const SIDE_TEXT_SHOWN = 600;
/** Characters of a definition shown per variant or search hit. */
export const SNIPPET = 300;
const VARIANTS_SHOWN = 10;
/** Domains a lookup's "where it is used" names. */
const USING_DOMAINS_SHOWN = 5;
/** Open proposals on a term a lookup names, each with a button. */
const VOTES_SHOWN = 3;

type Found = Extract<LookupResult, { kind: "found" }>;
type NotFound = Extract<LookupResult, { kind: "not-found" }>;

/** "Did you mean `search churn`?" under an answer, when the words looked like a mistyped command. */
function didYouMeanNote(didYouMean: string | undefined): Block[] {
  return didYouMean ? [{ kind: "note", text: rich`${icon("idea")} Did you mean ${command(didYouMean)}?` }] : [];
}

/**
 * A lookup: the agreed definition with its facts, each domain's drift and where its data products use the term, or
 * what was not found and an offer to propose it.
 */
export function lookupView(result: LookupResult, ctx: ViewContext, didYouMean?: string, usages?: UsageSummary): MessageView {
  return result.kind === "found" ? foundView(result, ctx.links, ctx.now, didYouMean, usages) : notFoundView(result, ctx.links, didYouMean);
}

function foundView(result: Found, links: Links, now: Date, didYouMean: string | undefined, usages: UsageSummary | undefined): MessageView {
  const { term, current, aliases, consumers } = result.details;
  const page = links.term(term.slug);
  const more = { url: page, label: READ_MORE_LABEL };
  const deprecated = term.status === "deprecated" ? " (deprecated)" : "";
  const blocks: Block[] = [{ kind: "header", text: rich`${term.name}${words(deprecated)}` }, ...breadcrumbBlocks(result.details, links)];
  if (result.matchedBy !== "name") {
    const how = result.matchedBy === "alias" ? "Matched by alias" : "Closest match";
    blocks.push({ kind: "note", text: rich`${how}: you typed “${result.query}”.` });
  }
  blocks.push(...didYouMeanNote(didYouMean));
  const { replacedBy, stewards, underVote = [] } = result.details;
  if (term.status === "deprecated") {
    blocks.push({
      kind: "note",
      tone: "warning",
      text: replacedBy
        ? rich`${icon("warning")} This term is deprecated in favour of ${bold(link(links.term(replacedBy.slug), replacedBy.name))}: use that instead; look it up with ${command(`define ${replacedBy.name}`)}.`
        : rich`${icon("warning")} This term is deprecated; keep it only for reading old data.`,
    });
  }
  blocks.push({ kind: "text", text: text(current.text), cut: { max: DEFINITION_SHOWN, more } });
  if (current.example) blocks.push({ kind: "text", lead: bold("Example"), text: text(current.example), style: "quote", cut: { max: SIDE_TEXT_SHOWN, more } });
  if (current.formula) blocks.push({ kind: "text", lead: bold("Formula"), text: text(current.formula), style: "code", cut: { max: SIDE_TEXT_SHOWN, more } });
  const by = current.proposedBy ? rich` by ${member(current.proposedBy)}` : [];
  blocks.push({
    kind: "facts",
    facts: [
      { label: rich`Version`, value: link(links.history(term.slug), `version ${current.version}`) },
      { label: rich`Owner domain`, value: term.ownerDomain ? text(term.ownerDomain.name) : rich`none yet` },
      ...(term.ownerDomain && stewards ? [{ label: rich`Stewards`, value: stewards.length > 0 ? listOf(stewards.map(member)) : rich`no owners yet` }] : []),
      { label: rich`Aliases`, value: aliases.length > 0 ? text(aliases.join(", ")) : rich`none` },
      { label: rich`Consuming domains`, value: consumers.length > 0 ? text(consumers.map((d) => d.name).join(", ")) : rich`none` },
      { label: rich`Last change`, value: rich`${date(current.agreedAt)}${by}` },
    ],
  });
  blocks.push(...hierarchyBlocks(result.details, links));
  if (result.drift.length > 0) {
    blocks.push({ kind: "divider" }, {
      kind: "list",
      title: rich`${bold("How each domain's variant drifts from it")} (${result.drift.length})`,
      items: result.drift.map((drift) => variantItem(drift, current.version, page)),
      max: VARIANTS_SHOWN,
      more: (hidden) => rich`…and ${plural(hidden, "more variant")} on ${link(page, "the term page")}.`,
    });
  }
  blocks.push(...usageSummaryBlocks(usages, term.name));
  for (const open of underVote.slice(0, VOTES_SHOWN)) {
    const closes = open.deadline.getTime() > now.getTime() ? rich`closes ${words(formatRelative(open.deadline, now))} (${date(open.deadline)})` : rich`has reached its deadline`;
    blocks.push({ kind: "note", tone: "accent", text: rich`${icon("ballot")} A change is being voted on: ${link(links.proposal(open.id), `#${open.id}`)} (${words(open.kind)}), ${closes}.` });
  }
  blocks.push({
    kind: "buttons",
    buttons: [
      { label: "Share in channel", action: { concord: "share", slug: term.slug } },
      { label: "History", url: links.history(term.slug) },
      ...underVote.slice(0, VOTES_SHOWN).map((open) => ({ label: `Proposal #${open.id}`, url: links.proposal(open.id) })),
    ],
  });
  return { kind: "message", summary: `${term.name}${deprecated}: ${shorten(current.text, 200)}`, blocks, page: more };
}

/** " — changes the window: 90 → 30 days": what drove a drift figure, as every face shows it beside the figure. */
export function driftReasons(reasons: readonly { readonly text: string }[] | undefined): Rich {
  const line = describeDriftReasons(reasons);
  // The reasons quote the definitions' own words, so they are escaped like any text someone typed.
  return line ? rich` — ${text(line)}` : [];
}

/** "Support: 73% drift (major) — changes the window: 90 → 30 days · stale: written against v2" over the variant's text. */
function variantItem(drift: VariantDrift, currentVersion: number, page: string): Block {
  const stale = drift.stale ? rich` · ${icon("warning")} stale: written against v${drift.variant.baseVersion}, the agreed one is v${currentVersion}` : [];
  return {
    kind: "text",
    lead: rich`${bold(drift.variant.domain.name)}: ${percent(drift.score)} drift (${drift.level})${driftReasons(drift.reasons)}${stale}`,
    text: text(drift.variant.text),
    style: "quote",
    cut: { max: SNIPPET, more: { url: page, label: READ_MORE_LABEL } },
  };
}

function notFoundView(result: NotFound, links: Links, didYouMean: string | undefined): MessageView {
  const blocks: Block[] = [{ kind: "text", text: rich`No term ${bold(result.query)} in the glossary.` }, ...didYouMeanNote(didYouMean)];
  if (result.suggestions.length > 0) {
    const names = result.suggestions.map((s) => bold(link(links.term(s.term.slug), s.term.name)));
    blocks.push({ kind: "text", text: rich`Did you mean ${listOf(names)}?` });
  }
  blocks.push(
    { kind: "note", text: rich`Should it exist? Propose a definition and the affected domains vote on it.` },
    { kind: "buttons", buttons: [{ label: `Propose ${result.query}`, action: { concord: "propose-form", term: result.query }, style: "primary" }] },
  );
  return { kind: "message", summary: `No term ${result.query} in the glossary.`, blocks };
}

const DUPLICATE_REASON: Record<NearDuplicate["reason"], string> = { name: "similar name", alias: "same alias", definition: "similar definition" };

/** A warning naming existing terms very like a proposed one (linked to their pages when `links` is given). */
export function nearDuplicatesNote(nearDuplicates: readonly NearDuplicate[], links?: Links): Block[] {
  if (nearDuplicates.length === 0) return [];
  const items = nearDuplicates.map((d) => {
    const name = bold(links ? link(links.term(d.term.slug), d.term.name) : d.term.name);
    return rich`${name} (${DUPLICATE_REASON[d.reason]}, ${percent(d.similarity)} alike)`;
  });
  return [{ kind: "note", tone: "warning", text: rich`${icon("warning")} Similar terms already exist, check this is not a duplicate: ${listOf(items)}.` }];
}

/**
 * A lookup's "where it is used": usages per domain with the highest drift, and the command that lists them; nothing
 * when no data product uses the term and no link is suggested for it.
 */
function usageSummaryBlocks(summary: UsageSummary | undefined, termName: string): Block[] {
  if (!summary || (summary.usages === 0 && summary.suggestions === 0)) return [];
  const blocks: Block[] = [{ kind: "divider" }];
  if (summary.usages > 0) {
    blocks.push(
      { kind: "text", text: rich`${bold("Where it is used")}: ${words(plural(summary.usages, "usage"))} in ${words(usedIn(summary.domains.length))} data products` },
      {
        kind: "facts",
        rows: true,
        facts: summary.domains.map((d) => ({
          label: text(d.domain.name),
          value: d.highest
            ? rich`${words(plural(d.usages, "usage"))}, the most drifted ${words(percent(d.highest.score))} (${words(d.highest.level)})${driftReasons(d.highest.reasons.slice(0, 1))}`
            : rich`${words(plural(d.usages, "usage"))}, none described`,
        })),
        max: USING_DOMAINS_SHOWN,
        more: (hidden) => rich`…and ${words(plural(hidden, "more domain"))}.`,
      },
    );
  }
  const waiting = summary.suggestions > 0 ? rich`${words(plural(summary.suggestions, "suggested link"))} ${words(summary.suggestions === 1 ? "waits" : "wait")} for a decision. ` : [];
  blocks.push({ kind: "note", text: rich`${waiting}${command(`links ${termName}`)} shows each usage${summary.suggestions > 0 ? " and suggestion" : ""}.` });
  return blocks;
}

/** "1 domain's", "3 domains'". */
function usedIn(count: number): string {
  return count === 1 ? "1 domain's" : `${count} domains'`;
}
