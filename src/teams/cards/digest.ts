import {
  describeDeadline,
  describeIndexChange,
  describeIndexLevel,
  describeStale,
  DIGEST_EMPTY_LINE,
  DIGEST_PREVIEW_NOTE,
  DIGEST_SECTION_TITLE,
  formatIndexValue,
  formatPeriod,
  formatSparkline,
  OVERLAP_REASON,
  possessive,
  DIGEST_DOMAINS_NAMED,
  DIGEST_ITEMS_SHOWN,
  DIGEST_NAME_SHOWN,
  type DigestRenderOptions,
} from "../../commands/format.js";
import type { AgreedChange, Digest, DigestTerm, Domain, DriftEntry, OverlapPair, Section, SilentDomain, WaitingProposal } from "../../core/index.js";
import type { Links } from "../../web/links.js";
import {
  createCard,
  factSet,
  fitItems,
  heading,
  LIST_BUDGET_BYTES,
  note,
  openUrlAction,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from "./build.js";
import { escapeMarkdown, formatList, formatRelative, markdownLink, percent, plural, truncatePlain } from "./text.js";

/** The lists a digest can hold (five sections and three kinds of gap): each gets an equal share of the list budget. */
const LISTS = 8;

/** The weekly drift digest as an Adaptive Card: the full version for the governance channel, or the short one for a domain. */
export function renderDigestCard(digest: Digest, links: Links, options: DigestRenderOptions = {}): AdaptiveCard {
  const { focus } = options;
  const page = links.digest();
  const body: CardElement[] = [
    heading(focus ? `${escapeMarkdown(focus.name)}: weekly glossary digest` : "Weekly glossary digest"),
    note(formatPeriod(digest.period)),
  ];
  if (options.preview) body.push(textBlock(DIGEST_PREVIEW_NOTE, { color: "Accent", size: "Small", spacing: "Small" }));
  body.push(renderIndex(digest));
  if (!focus) {
    const { totals } = digest;
    body.push(
      factSet([
        { title: "Terms", value: String(totals.terms) },
        { title: "Domains", value: String(totals.domains) },
        { title: "Variants", value: String(totals.variants) },
        { title: "Open proposals", value: String(totals.openProposals) },
      ]),
      note("The drift index is 0 when every domain's variant says what the agreed definition says, 100 when none shares a word with it."),
    );
    if (totals.terms === 0) {
      body.push(textBlock("The glossary is empty so far: propose the first term by sending “propose” and its name, and the affected domains vote on it."));
    }
  }

  const ctx: Context = { digest, links, page };
  const parts: { readonly empty: boolean; readonly render: () => CardElement[] }[] = [
    { empty: digest.agreed.total === 0, render: () => renderList(ctx, "agreed", digest.agreed, (c) => describeAgreed(ctx, c)) },
    { empty: digest.waiting.total === 0, render: () => renderList(ctx, "waiting", digest.waiting, (p) => describeWaiting(ctx, p)) },
    { empty: digest.drift.total === 0, render: () => renderList(ctx, "drift", digest.drift, (e) => describeDrift(ctx, e)) },
    { empty: digest.stale.total === 0, render: () => renderList(ctx, "stale", digest.stale, (e) => describeStaleEntry(ctx, e)) },
    { empty: digest.overlaps.total === 0, render: () => renderList(ctx, "overlaps", digest.overlaps, (o) => describeOverlap(ctx, o)) },
    { empty: gapsEmpty(digest), render: () => renderGaps(ctx, Boolean(focus)) },
  ];
  const shown = focus ? parts.filter((part) => !part.empty) : parts;
  for (const part of shown) body.push(...part.render());
  if (focus && shown.length === 0) {
    body.push(textBlock(`Nothing in this week's digest concerns **${escapeMarkdown(focus.name)}**.`, { separator: true }));
  }

  return createCard(body, [openUrlAction(focus ? "Open the full digest" : "Open the digest page", page)]);
}

interface Context {
  readonly digest: Digest;
  readonly links: Links;
  readonly page: string;
}

type ListKey = Exclude<keyof typeof DIGEST_EMPTY_LINE, "gaps">;

/** The index large on the left; its level, change and a sparkline of the past weeks beside it. */
function renderIndex(digest: Digest): CardElement {
  const { index } = digest;
  const value = formatIndexValue(index.value);
  const lines: CardElement[] = [textBlock("**Drift index** of 100", { spacing: "None" })];
  if (digest.totals.variants === 0 && index.value === 0) {
    lines.push(note("No domain has written a variant yet, so nothing drifts."));
  } else {
    const spark = index.history.length > 1 ? ` · ${formatSparkline(index.history.map((week) => week.value))}` : "";
    lines.push(note(`${describeIndexLevel(index.value)} · ${describeIndexChange(index)}${spark}`));
  }
  return {
    type: "ColumnSet",
    separator: true,
    columns: [
      { type: "Column", width: "auto", verticalContentAlignment: "Center", items: [textBlock(value, { size: "ExtraLarge", weight: "Bolder" })] },
      { type: "Column", width: "stretch", verticalContentAlignment: "Center", items: lines },
    ],
  };
}

/** A titled list with its count, at most DIGEST_ITEMS_SHOWN items within its share of the budget, and "…and N more". */
function renderList<T>(ctx: Context, key: ListKey, list: Section<T>, describe: (item: T) => string): CardElement[] {
  if (list.total === 0) return [textBlock(DIGEST_EMPTY_LINE[key], { separator: true })];
  return fitList(ctx, textBlock(`**${DIGEST_SECTION_TITLE[key]}** (${list.total})`, { separator: true }), list, describe);
}

function fitList<T>(ctx: Context, title: CardElement, list: Section<T>, describe: (item: T) => string): CardElement[] {
  const digestLink = markdownLink(ctx.page, "the digest page");
  if (list.items.length === 0) return [title, note(`Listed on ${digestLink}.`)];
  const { elements, dropped } = fitItems(list.items, (item) => [textBlock(`• ${describe(item)}`, { spacing: "Small" })], {
    maxItems: DIGEST_ITEMS_SHOWN,
    maxBytes: LIST_BUDGET_BYTES / LISTS,
  });
  const hidden = dropped + Math.max(0, list.total - list.items.length);
  return hidden > 0 ? [title, ...elements, note(`…and ${hidden} more on ${digestLink}.`)] : [title, ...elements];
}

function gapsEmpty(digest: Digest): boolean {
  const { gaps } = digest;
  return gaps.unownedTerms.total === 0 && gaps.ownerlessDomains.total === 0 && gaps.silentDomains.total === 0;
}

/** Terms with no owner, domains with no owners, domains that never voted: each its own short list under one title. */
function renderGaps(ctx: Context, short: boolean): CardElement[] {
  if (gapsEmpty(ctx.digest)) return [textBlock(DIGEST_EMPTY_LINE.gaps, { separator: true })];
  const { gaps } = ctx.digest;
  const sub = <T>(title: string, list: Section<T>, describe: (item: T) => string): CardElement[] => {
    if (list.total === 0) return short ? [] : [textBlock(`_${title}_: none.`, { spacing: "Small" })];
    return fitList(ctx, textBlock(`_${title}_ (${list.total})`, { spacing: "Small" }), list, describe);
  };
  return [
    textBlock(`**${DIGEST_SECTION_TITLE.gaps}**`, { separator: true }),
    ...sub(DIGEST_SECTION_TITLE.unownedTerms, gaps.unownedTerms, (t) => termLink(ctx, t)),
    ...sub(DIGEST_SECTION_TITLE.ownerlessDomains, gaps.ownerlessDomains, domainName),
    ...sub(DIGEST_SECTION_TITLE.silentDomains, gaps.silentDomains, describeSilent),
  ];
}

function name(text: string): string {
  return truncatePlain(text, DIGEST_NAME_SHOWN);
}

function termLink(ctx: Context, term: { readonly slug: string; readonly name: string }): string {
  return `**${markdownLink(ctx.links.term(term.slug), name(term.name))}**`;
}

function domainName(domain: Domain): string {
  return escapeMarkdown(name(domain.name));
}

function ownerOf(term: DigestTerm): string {
  return term.ownerDomain ? ` (${domainName(term.ownerDomain)})` : "";
}

/** "**Customer** (Sales) is at version 4, agreed 5 days ago · proposal #12". */
function describeAgreed(ctx: Context, change: AgreedChange): string {
  const how = change.proposalId === null ? "imported" : markdownLink(ctx.links.proposal(change.proposalId), `proposal #${change.proposalId}`);
  return `${termLink(ctx, change.term)}${ownerOf(change.term)} is at version ${change.version}, agreed ${formatRelative(change.agreedAt, ctx.digest.generatedAt)} · ${how}`;
}

/** "Proposal #21: amend **Churn Rate** · no position yet from **Support** and **Marketing** · closes in 2 days". */
function describeWaiting(ctx: Context, waiting: WaitingProposal): string {
  const title = `${markdownLink(ctx.links.proposal(waiting.proposalId), `Proposal #${waiting.proposalId}`)}: ${waiting.kind} **${escapeMarkdown(name(waiting.termName))}**`;
  const undecided =
    waiting.undecided.length === 0 ? "every affected domain has a position" : `no position yet from ${namedDomains(waiting.undecided)}`;
  return `${title} · ${undecided} · ${describeDeadline(waiting.deadline, ctx.digest.generatedAt)}`;
}

function namedDomains(domains: readonly Domain[]): string {
  const named = domains.slice(0, DIGEST_DOMAINS_NAMED).map((d) => `**${domainName(d)}**`);
  const rest = domains.length - named.length;
  return formatList(rest > 0 ? [...named, plural(rest, "more domain")] : named);
}

/** "Support's **Customer** — 62% drift (moderate)". */
function describeDrift(ctx: Context, entry: DriftEntry): string {
  return `${possessive(name(entry.domain.name), escapeMarkdown)} ${termLink(ctx, entry.term)} — ${percent(entry.score)} drift (${entry.level})`;
}

/** "Support's **Customer** — written against v3, agreed is v4 · updated 20 days ago". */
function describeStaleEntry(ctx: Context, entry: DriftEntry): string {
  return `${possessive(name(entry.domain.name), escapeMarkdown)} ${termLink(ctx, entry.term)} — ${describeStale(entry)} · updated ${formatRelative(entry.updatedAt, ctx.digest.generatedAt)}`;
}

/** "**Revenue** ↔ **ARR** — same alias “recurring revenue”", "**Customer** ↔ **Active Customer** — similar names, 71% alike". */
function describeOverlap(ctx: Context, pair: OverlapPair): string {
  const reason =
    pair.reason === "alias" && pair.detail !== undefined
      ? `${OVERLAP_REASON.alias} “${escapeMarkdown(name(pair.detail))}”`
      : `${OVERLAP_REASON[pair.reason]}, ${percent(pair.similarity)} alike`;
  return `${termLink(ctx, pair.a)} ↔ ${termLink(ctx, pair.b)} — ${reason}`;
}

function describeSilent(silent: SilentDomain): string {
  return `${domainName(silent.domain)} — asked on ${plural(silent.missed, "proposal")}, never voted`;
}
