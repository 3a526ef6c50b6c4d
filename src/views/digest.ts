import {
  describeDeadline,
  describeIndexChange,
  describeIndexLevel,
  describeStale,
  DIGEST_DOMAINS_NAMED,
  DIGEST_EMPTY_LINE,
  DIGEST_ITEMS_SHOWN,
  DIGEST_NAME_SHOWN,
  DIGEST_PREVIEW_NOTE,
  DIGEST_SECTION_TITLE,
  formatIndexValue,
  formatPeriod,
  formatRelative,
  formatSparkline,
  OVERLAP_REASON,
  percent,
  plural,
  type DigestRenderOptions,
} from "../commands/format.js";
import type { AgreedChange, Digest, DigestTerm, Domain, DriftEntry, Member, OverlapPair, Section, SilentDomain, UsageDriftEntry, WaitingProposal } from "../core/index.js";
import type { Links } from "../web/links.js";
import { driftReasons } from "./lookup.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { bold, command, italic, join, link, listOf, member, rich, shorten, text, words } from "./rich.js";

interface Context {
  readonly digest: Digest;
  readonly links: Links;
  readonly page: string;
}

type ListKey = Exclude<keyof typeof DIGEST_EMPTY_LINE, "gaps">;

/** The weekly drift digest: the full version for the governance channel, or the short one for a domain's home. */
export function digestView(digest: Digest, ctx: ViewContext, options: DigestRenderOptions = {}): MessageView {
  const { focus } = options;
  const page = ctx.links.digest();
  const period = formatPeriod(digest.period);
  const blocks: Block[] = [{ kind: "header", text: focus ? rich`${focus.name}: weekly glossary digest, ${words(period)}` : words(`Weekly glossary digest, ${period}`) }];
  if (options.preview) blocks.push({ kind: "note", tone: "accent", text: words(DIGEST_PREVIEW_NOTE) });
  blocks.push(indexChart(digest));
  if (!focus) {
    const { totals } = digest;
    blocks.push(
      {
        kind: "facts",
        facts: [
          { label: words("Terms"), value: words(String(totals.terms)) },
          { label: words("Domains"), value: words(String(totals.domains)) },
          { label: words("Variants"), value: words(String(totals.variants)) },
          { label: words("Open proposals"), value: words(String(totals.openProposals)) },
        ],
      },
      { kind: "note", text: rich`The drift index is 0 when every domain's variant says what the agreed definition says, 100 when none shares a word with it.` },
    );
    if (totals.terms === 0) {
      blocks.push({ kind: "text", text: rich`The glossary is empty so far: propose the first term with ${command("propose <term>")}, and the affected domains vote on it.` });
    }
  }

  const c: Context = { digest, links: ctx.links, page };
  const parts: { readonly empty: boolean; readonly blocks: () => Block[] }[] = [
    { empty: digest.agreed.total === 0, blocks: () => [list(c, "agreed", digest.agreed, (x) => describeAgreed(c, x))] },
    ...(digest.stuck && digest.stuck.total > 0
      ? [{ empty: false, blocks: () => [itemList(c, rich`${bold(DIGEST_SECTION_TITLE.stuck)} (${digest.stuck!.total})`, digest.stuck!, (x) => describeStuck(c, x))] }]
      : []),
    { empty: digest.waiting.total === 0, blocks: () => [list(c, "waiting", digest.waiting, (x) => describeWaiting(c, x))] },
    { empty: digest.drift.total === 0, blocks: () => [list(c, "drift", digest.drift, (x) => describeDrift(c, x))] },
    { empty: digest.stale.total === 0, blocks: () => [list(c, "stale", digest.stale, (x) => describeStaleEntry(c, x))] },
    ...(digest.usageDrift
      ? [{
          empty: digest.usageDrift.total === 0,
          blocks: () => [
            digest.usageDrift!.total === 0
              ? ({ kind: "text", text: words(USAGE_DRIFT_EMPTY) } as Block)
              : itemList(c, rich`${bold(USAGE_DRIFT_TITLE)} (${digest.usageDrift!.total})`, digest.usageDrift!, (x) => describeUsageDrift(x, c.links)),
          ],
        }]
      : []),
    // Only once a domain has ingested a data product: before that every term is unused.
    ...(digest.unused && digest.unused.total > 0 ? [{ empty: false, blocks: () => [unusedTerms(c, digest.unused!)] }] : []),
    { empty: digest.overlaps.total === 0, blocks: () => [list(c, "overlaps", digest.overlaps, (x) => describeOverlap(c, x))] },
    { empty: gapsEmpty(digest), blocks: () => gaps(c, Boolean(focus)) },
  ];
  const shown = focus ? parts.filter((part) => !part.empty) : parts;
  for (const part of shown) blocks.push({ kind: "divider" }, ...part.blocks());
  if (focus && shown.length === 0) blocks.push({ kind: "divider" }, { kind: "text", text: rich`Nothing in this week's digest concerns ${bold(focus.name)}.` });
  blocks.push({ kind: "buttons", buttons: [{ label: focus ? "Open the full digest" : "Open the digest page", url: page }] });
  return { kind: "message", summary: summary(digest, period, focus), blocks, page: { url: page, label: "the digest page" } };
}

/** The index with its level, its change since last week and a sparkline of the past weeks. */
function indexChart(digest: Digest): Block {
  const { index } = digest;
  const quiet = digest.totals.variants === 0 && index.value === 0;
  return {
    kind: "chart",
    label: "Drift index",
    value: formatIndexValue(index.value),
    scale: "of 100",
    level: describeIndexLevel(index.value),
    change: describeIndexChange(index),
    trend: index.history.length > 1 ? formatSparkline(index.history.map((week) => week.value)) : "",
    ...(quiet ? { note: "No domain has written a variant yet, so nothing drifts." } : {}),
  };
}

/** A titled list with its count, at most DIGEST_ITEMS_SHOWN items, and "…and N more" linking to the digest page. */
function list<T>(c: Context, key: ListKey, section: Section<T>, describe: (item: T) => Rich): Block {
  if (section.total === 0) return { kind: "text", text: words(DIGEST_EMPTY_LINE[key]) };
  return itemList(c, rich`${bold(DIGEST_SECTION_TITLE[key])} (${section.total})`, section, describe);
}

function itemList<T>(c: Context, title: Rich, section: Section<T>, describe: (item: T) => Rich): Block {
  return {
    kind: "list",
    title,
    marker: "bullet",
    items: section.items.map((item): Block => ({ kind: "text", text: describe(item) })),
    max: DIGEST_ITEMS_SHOWN,
    total: section.total,
    more: (hidden) => rich`…and ${hidden} more on ${link(c.page, "the digest page")}.`,
  };
}

function gapsEmpty(digest: Digest): boolean {
  const { gaps } = digest;
  return gaps.unownedTerms.total === 0 && gaps.ownerlessDomains.total === 0 && gaps.silentDomains.total === 0;
}

/** Terms with no owner, domains with no owners, domains that never voted: each its own short list under one title. */
function gaps(c: Context, short: boolean): Block[] {
  if (gapsEmpty(c.digest)) return [{ kind: "text", text: words(DIGEST_EMPTY_LINE.gaps) }];
  const { gaps: found } = c.digest;
  const sub = <T>(title: string, section: Section<T>, describe: (item: T) => Rich): Block[] => {
    if (section.total === 0) return short ? [] : [{ kind: "text", text: rich`${italic(title)}: none.` }];
    return [itemList(c, rich`${italic(title)} (${section.total})`, section, describe)];
  };
  return [
    { kind: "text", text: bold(DIGEST_SECTION_TITLE.gaps) },
    ...sub(DIGEST_SECTION_TITLE.unownedTerms, found.unownedTerms, (t) => termLink(c, t)),
    ...sub(DIGEST_SECTION_TITLE.ownerlessDomains, found.ownerlessDomains, domainName),
    ...sub(DIGEST_SECTION_TITLE.silentDomains, found.silentDomains, describeSilent),
  ];
}

/** A term or domain name as the digest shows it: short, the pages have the rest. */
function name(value: string): Rich {
  return text(shorten(value, DIGEST_NAME_SHOWN));
}

function termLink(c: Context, term: { readonly slug: string; readonly name: string }): Rich {
  return linkTerm(c.links, term);
}

function linkTerm(links: Links, term: { readonly slug: string; readonly name: string }): Rich {
  return bold(link(links.term(term.slug), shorten(term.name, DIGEST_NAME_SHOWN)));
}

function domainName(domain: Domain): Rich {
  return name(domain.name);
}

/** A person by the name Concord keeps for them, written out so a digest mentions nobody; by mention (or ref) when it has none. */
function personName(who: Member): Rich {
  return who.displayName ? name(who.displayName) : member(who);
}

/** " by Fiona Finance" after a proposal's term, when the digest knows its proposer. */
function byProposer(waiting: WaitingProposal): Rich {
  return waiting.proposer ? rich` by ${personName(waiting.proposer)}` : [];
}

/** "Support's", "Sales'". */
function possessive(domain: Domain): Rich {
  return rich`${name(domain.name)}${words(/s$/i.test(domain.name) ? "'" : "'s")}`;
}

function ownerOf(term: DigestTerm): Rich {
  return term.ownerDomain ? rich` (${domainName(term.ownerDomain)})` : [];
}

/** "Customer (Sales) is at version 4, agreed 5 days ago · proposal #12". */
function describeAgreed(c: Context, change: AgreedChange): Rich {
  const how = change.proposalId === null ? words("imported") : link(c.links.proposal(change.proposalId), `proposal #${change.proposalId}`);
  return rich`${termLink(c, change.term)}${ownerOf(change.term)} is at version ${change.version}, agreed ${words(formatRelative(change.agreedAt, c.digest.generatedAt))} · ${how}`;
}

/** "Proposal #21: amend Churn Rate · no position yet from Support and Marketing · closes in 2 days". */
function describeWaiting(c: Context, waiting: WaitingProposal): Rich {
  const named = waiting.undecided.slice(0, DIGEST_DOMAINS_NAMED).map((d) => bold(domainName(d)));
  const rest = waiting.undecided.length - named.length;
  const domains = listOf(rest > 0 ? [...named, words(plural(rest, "more domain"))] : named);
  const undecided = waiting.undecided.length === 0 ? words("every affected domain has a position") : rich`no position yet from ${domains}`;
  return rich`${link(c.links.proposal(waiting.proposalId), `Proposal #${waiting.proposalId}`)}: ${words(waiting.kind)} ${bold(name(waiting.termName))}${byProposer(waiting)} · ${undecided} · ${words(describeDeadline(waiting.deadline, c.digest.generatedAt))}`;
}

/** "Proposal #3: create Customer · Sales has no owners · closes in 2 days": a stuck proposal and what nobody can vote for. */
function describeStuck(c: Context, waiting: WaitingProposal): Rich {
  const why = (waiting.voiceless ?? []).slice(0, DIGEST_DOMAINS_NAMED).map((v) =>
    v.reason === "no-owners" ? rich`${bold(domainName(v.domain))} has no owners` : rich`${bold(possessive(v.domain))} only owner proposed it`,
  );
  const fix = waiting.voiceless?.[0] ? rich` · add an owner with ${command(`domain owners ${waiting.voiceless[0].domain.slug} add @someone`)}` : [];
  return rich`${link(c.links.proposal(waiting.proposalId), `Proposal #${waiting.proposalId}`)}: ${words(waiting.kind)} ${bold(name(waiting.termName))}${byProposer(waiting)} · ${join(why, "; ")}${fix} · ${words(describeDeadline(waiting.deadline, c.digest.generatedAt))}`;
}

/** "Support's Customer — 62% drift (moderate) — changes the window: 90 → 30 days". */
function describeDrift(c: Context, entry: DriftEntry): Rich {
  return rich`${possessive(entry.domain)} ${termLink(c, entry.term)} — ${percent(entry.score)} drift (${words(entry.level)})${driftReasons(entry.reasons)}`;
}

/** The digest's data product sections as every face titles them. */
export const USAGE_DRIFT_TITLE = "Data products that drift from the agreed definition";
export const USAGE_DRIFT_EMPTY = "No data product drifts from the agreed definition.";
export const UNUSED_TERMS_TITLE = "Terms no data product uses";

/**
 * "Support · shop · column orders.active_customer uses Active Customer — 64% drift (strong) — changes the window:
 * 90 → 30 days": one drifting data product, the same line in chat and on the digest page (whose links it is given).
 */
export function describeUsageDrift(entry: UsageDriftEntry, links: Links): Rich {
  const where = entry.path.startsWith(`${entry.kind}.`) ? entry.path.slice(entry.kind.length + 1) : entry.path;
  return rich`${bold(domainName(entry.domain))} · ${name(entry.project)} · ${words(entry.kind)} ${name(where)} uses ${linkTerm(links, entry.term)} — ${percent(entry.score)} drift (${words(entry.level)})${driftReasons(entry.reasons)}`;
}

/** "Terms no data product uses (120): Churn Rate, Customer, … and 115 more": one block however many there are. */
function unusedTerms(c: Context, section: Section<DigestTerm>): Block {
  const named = join(section.items.map((t) => termLink(c, t)), ", ");
  const rest = section.total - section.items.length;
  const more = rest > 0 ? rich` and ${rest} more on ${link(c.page, "the digest page")}` : [];
  return { kind: "text", text: rich`${bold(UNUSED_TERMS_TITLE)} (${section.total}): ${named}${more}.` };
}

/** "Support's Customer — written against v3, agreed is v4 · updated 20 days ago". */
function describeStaleEntry(c: Context, entry: DriftEntry): Rich {
  return rich`${possessive(entry.domain)} ${termLink(c, entry.term)} — ${words(describeStale(entry))} · updated ${words(formatRelative(entry.updatedAt, c.digest.generatedAt))}`;
}

/** "Revenue ↔ ARR — same alias “recurring revenue”", "Customer ↔ Active Customer — similar names, 71% alike". */
function describeOverlap(c: Context, pair: OverlapPair): Rich {
  const reason =
    pair.reason === "alias" && pair.detail !== undefined
      ? rich`${words(OVERLAP_REASON.alias)} “${name(pair.detail)}”`
      : rich`${words(OVERLAP_REASON[pair.reason])}, ${percent(pair.similarity)} alike`;
  return rich`${termLink(c, pair.a)} ↔ ${termLink(c, pair.b)} — ${reason}`;
}

function describeSilent(silent: SilentDomain): Rich {
  return rich`${domainName(silent.domain)} — asked on ${words(plural(silent.missed, "proposal"))}, never voted`;
}

/** The notification line: what changed, in one sentence. */
function summary(digest: Digest, period: string, focus: Domain | undefined): string {
  const whose = focus ? `${focus.name}: weekly glossary digest` : "Weekly glossary digest";
  const index = `drift index ${formatIndexValue(digest.index.value)} (${describeIndexChange(digest.index)})`;
  const stuck = digest.stuck && digest.stuck.total > 0 ? `, ${plural(digest.stuck.total, "proposal")} stuck` : "";
  return `${whose}, ${period}: ${index}; ${digest.agreed.total} agreed, ${plural(digest.waiting.total, "proposal")} waiting on votes${stuck}.`;
}
