import type { KnownBlock } from "@slack/types";
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
import { actions, button, context, divider, header, packLines, section } from "./build.js";
import { OPEN_LINK } from "./ids.js";
import type { RenderedMessage } from "./proposal.js";
import { escapeMrkdwn, formatList, formatRelative, link, percent, plural, truncatePlain } from "./text.js";

/** Sections one list may fill; with every list full the message stays near 30 of Slack's 50 blocks. */
const BLOCKS_PER_LIST = 2;

/** The weekly drift digest as a Slack message: the full version for the governance channel, or the short one for a domain. */
export function renderDigestMessage(digest: Digest, links: Links, options: DigestRenderOptions = {}): RenderedMessage {
  const { focus } = options;
  const page = links.digest();
  const period = formatPeriod(digest.period);
  const blocks: KnownBlock[] = [header(focus ? `${focus.name}: weekly glossary digest, ${period}` : `Weekly glossary digest, ${period}`)];
  if (options.preview) blocks.push(context(DIGEST_PREVIEW_NOTE));
  blocks.push(section(describeIndex(digest)));
  if (!focus) {
    const { totals } = digest;
    blocks.push(
      context(
        `${plural(totals.terms, "term")} · ${plural(totals.domains, "domain")} · ${plural(totals.variants, "variant")} · ${plural(totals.openProposals, "open proposal")}`,
        "The drift index is 0 when every domain's variant says what the agreed definition says, 100 when none shares a word with it.",
      ),
    );
    if (totals.terms === 0) {
      blocks.push(section("The glossary is empty so far: propose the first term with `/glossary propose <term>`, and the affected domains vote on it."));
    }
  }

  const ctx: Context = { digest, links, page };
  const parts: { readonly empty: boolean; readonly render: () => KnownBlock[] }[] = [
    { empty: digest.agreed.total === 0, render: () => renderList(ctx, "agreed", digest.agreed, (c) => describeAgreed(ctx, c)) },
    { empty: digest.waiting.total === 0, render: () => renderList(ctx, "waiting", digest.waiting, (p) => describeWaiting(ctx, p)) },
    { empty: digest.drift.total === 0, render: () => renderList(ctx, "drift", digest.drift, (e) => describeDrift(ctx, e)) },
    { empty: digest.stale.total === 0, render: () => renderList(ctx, "stale", digest.stale, (e) => describeStaleEntry(ctx, e)) },
    { empty: digest.overlaps.total === 0, render: () => renderList(ctx, "overlaps", digest.overlaps, (o) => describeOverlap(ctx, o)) },
    { empty: gapsEmpty(digest), render: () => renderGaps(ctx, Boolean(focus)) },
  ];
  const shown = focus ? parts.filter((part) => !part.empty) : parts;
  for (const part of shown) blocks.push(divider(), ...part.render());
  if (focus && shown.length === 0) blocks.push(divider(), section(`Nothing in this week's digest concerns *${escapeMrkdwn(focus.name)}*.`));

  blocks.push(actions([button({ text: focus ? "Open the full digest" : "Open the digest page", actionId: OPEN_LINK, url: page })]));
  return { text: fallbackText(digest, period, focus), blocks };
}

interface Context {
  readonly digest: Digest;
  readonly links: Links;
  readonly page: string;
}

type ListKey = Exclude<keyof typeof DIGEST_EMPTY_LINE, "gaps">;

/** "*Drift index: 34.6* of 100 (minor) · up 3.2 points since last week · ▃▄▅█". */
function describeIndex(digest: Digest): string {
  const { index } = digest;
  const value = `*Drift index: ${formatIndexValue(index.value)}* of 100`;
  if (digest.totals.variants === 0 && index.value === 0) return `${value}: no domain has written a variant yet, so nothing drifts.`;
  const spark = index.history.length > 1 ? ` · ${formatSparkline(index.history.map((week) => week.value))}` : "";
  return `${value} (${describeIndexLevel(index.value)}) · ${describeIndexChange(index)}${spark}`;
}

/** A titled list with its count, at most DIGEST_ITEMS_SHOWN items and "…and N more" linking to the digest page. */
function renderList<T>(ctx: Context, key: ListKey, list: Section<T>, describe: (item: T) => string): KnownBlock[] {
  if (list.total === 0) return [section(DIGEST_EMPTY_LINE[key])];
  return packList(ctx, `*${DIGEST_SECTION_TITLE[key]}* (${list.total})`, list, describe);
}

/** Title line and bullets packed into at most BLOCKS_PER_LIST sections; what is cut, here or by the builder, is counted. */
function packList<T>(ctx: Context, title: string, list: Section<T>, describe: (item: T) => string): KnownBlock[] {
  const more = (count: number) => `…and ${count} more on ${link(ctx.page, "the digest page")}.`;
  const items = list.items.slice(0, DIGEST_ITEMS_SHOWN);
  if (items.length === 0) return [section(`${title}: listed on ${link(ctx.page, "the digest page")}.`)];
  const hidden = Math.max(0, list.total - items.length);
  const lines = [title, ...items.map((item) => `• ${describe(item)}`)];
  if (hidden > 0) lines.push(more(hidden));
  // A dropped "…and N more" line is itself among the dropped lines, not an item.
  return packLines(lines, BLOCKS_PER_LIST, (dropped) => more(hidden + dropped - (hidden > 0 ? 1 : 0)));
}

function gapsEmpty(digest: Digest): boolean {
  const { gaps } = digest;
  return gaps.unownedTerms.total === 0 && gaps.ownerlessDomains.total === 0 && gaps.silentDomains.total === 0;
}

/** Terms with no owner, domains with no owners, domains that never voted: each its own short list under one title. */
function renderGaps(ctx: Context, short: boolean): KnownBlock[] {
  if (gapsEmpty(ctx.digest)) return [section(DIGEST_EMPTY_LINE.gaps)];
  const { gaps } = ctx.digest;
  const sub = <T>(title: string, list: Section<T>, describe: (item: T) => string): KnownBlock[] => {
    if (list.total === 0) return short ? [] : [section(`_${title}_: none.`)];
    return packList(ctx, `_${title}_ (${list.total})`, list, describe);
  };
  return [
    section(`*${DIGEST_SECTION_TITLE.gaps}*`),
    ...sub(DIGEST_SECTION_TITLE.unownedTerms, gaps.unownedTerms, (t) => termLink(ctx, t)),
    ...sub(DIGEST_SECTION_TITLE.ownerlessDomains, gaps.ownerlessDomains, domainName),
    ...sub(DIGEST_SECTION_TITLE.silentDomains, gaps.silentDomains, describeSilent),
  ];
}

function name(text: string): string {
  return truncatePlain(text, DIGEST_NAME_SHOWN);
}

function termLink(ctx: Context, term: { readonly slug: string; readonly name: string }): string {
  return `*${link(ctx.links.term(term.slug), name(term.name))}*`;
}

function domainName(domain: Domain): string {
  return escapeMrkdwn(name(domain.name));
}

function ownerOf(term: DigestTerm): string {
  return term.ownerDomain ? ` (${domainName(term.ownerDomain)})` : "";
}

/** "*Customer* (Sales) is at version 4, agreed 5 days ago · proposal #12". */
function describeAgreed(ctx: Context, change: AgreedChange): string {
  const how = change.proposalId === null ? "imported" : link(ctx.links.proposal(change.proposalId), `proposal #${change.proposalId}`);
  return `${termLink(ctx, change.term)}${ownerOf(change.term)} is at version ${change.version}, agreed ${formatRelative(change.agreedAt, ctx.digest.generatedAt)} · ${how}`;
}

/** "Proposal #21: amend *Churn Rate* · no position yet from *Support* and *Marketing* · closes in 2 days". */
function describeWaiting(ctx: Context, waiting: WaitingProposal): string {
  const title = `${link(ctx.links.proposal(waiting.proposalId), `Proposal #${waiting.proposalId}`)}: ${waiting.kind} *${escapeMrkdwn(name(waiting.termName))}*`;
  const undecided =
    waiting.undecided.length === 0 ? "every affected domain has a position" : `no position yet from ${namedDomains(waiting.undecided)}`;
  return `${title} · ${undecided} · ${describeDeadline(waiting.deadline, ctx.digest.generatedAt)}`;
}

function namedDomains(domains: readonly Domain[]): string {
  const named = domains.slice(0, DIGEST_DOMAINS_NAMED).map((d) => `*${domainName(d)}*`);
  const rest = domains.length - named.length;
  return formatList(rest > 0 ? [...named, plural(rest, "more domain")] : named);
}

/** "Support's *Customer* — 62% drift (moderate)". */
function describeDrift(ctx: Context, entry: DriftEntry): string {
  return `${possessive(name(entry.domain.name), escapeMrkdwn)} ${termLink(ctx, entry.term)} — ${percent(entry.score)} drift (${entry.level})`;
}

/** "Support's *Customer* — written against v3, agreed is v4 · updated 20 days ago". */
function describeStaleEntry(ctx: Context, entry: DriftEntry): string {
  return `${possessive(name(entry.domain.name), escapeMrkdwn)} ${termLink(ctx, entry.term)} — ${describeStale(entry)} · updated ${formatRelative(entry.updatedAt, ctx.digest.generatedAt)}`;
}

/** "*Revenue* ↔ *ARR* — same alias “recurring revenue”", "*Customer* ↔ *Active Customer* — similar names, 71% alike". */
function describeOverlap(ctx: Context, pair: OverlapPair): string {
  const reason =
    pair.reason === "alias" && pair.detail !== undefined
      ? `${OVERLAP_REASON.alias} “${escapeMrkdwn(name(pair.detail))}”`
      : `${OVERLAP_REASON[pair.reason]}, ${percent(pair.similarity)} alike`;
  return `${termLink(ctx, pair.a)} ↔ ${termLink(ctx, pair.b)} — ${reason}`;
}

function describeSilent(silent: SilentDomain): string {
  return `${domainName(silent.domain)} — asked on ${plural(silent.missed, "proposal")}, never voted`;
}

/** The notification line: what changed, in one sentence. */
function fallbackText(digest: Digest, period: string, focus: Domain | undefined): string {
  const whose = focus ? `${escapeMrkdwn(focus.name)}: weekly glossary digest` : "Weekly glossary digest";
  const index = `drift index ${formatIndexValue(digest.index.value)} (${describeIndexChange(digest.index)})`;
  return `${whose}, ${period}: ${index}; ${digest.agreed.total} agreed, ${plural(digest.waiting.total, "proposal")} waiting on votes.`;
}
