import type { Domain, DomainPosition, DriftIndex, OverlapPair, Policy, Proposal, Vote, VoteResult } from "../core/index.js";
import { describeDrift, type DriftLevel } from "../core/text/index.js";

/** Wording shared by every platform's renderers: counts, lists, percentages, relative times, positions and policies. */

/** "in 2 days", "in 5 hours", "3 minutes ago": how far `date` is from `now`. */
export function formatRelative(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  const minutes = Math.abs(ms) / 60_000;
  let span: string;
  if (minutes < 1) span = "less than a minute";
  else if (minutes < 90) span = plural(Math.round(minutes), "minute");
  else if (minutes < 36 * 60) span = plural(Math.round(minutes / 60), "hour");
  else span = plural(Math.round(minutes / (24 * 60)), "day");
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

/** "1 domain", "3 domains". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** "A", "A and B", "A, B and C". */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "changes the window: 90 → 30 days; adds an exclusion: refunds": a drift figure's reasons in one line ("" for none). */
export function describeDriftReasons(reasons: readonly { readonly text: string }[] | undefined, max = 3): string {
  if (!reasons || reasons.length === 0) return "";
  const shown = reasons.slice(0, max).map((r) => r.text);
  const more = reasons.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

/** A 0–1 score as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** How a domain's position reads in a sentence ("Sales approves", "Finance: no position yet"). */
export const POSITION_WORD: Record<DomainPosition, string> = {
  approve: "approves",
  object: "objects",
  abstain: "abstains",
  none: "no position yet",
};

/** How one vote reads. */
export const VOTE_WORD: Record<Vote["position"], string> = { approve: "approve", object: "object", abstain: "abstain" };

/** What each policy means, in one clause. */
export const POLICY_MEANING: Record<Policy, string> = {
  unanimous: "every affected domain must approve; one objection blocks it",
  majority: "more than half of the affected domains must approve",
  owner: "the owning domain's position decides",
  lazy: "approved at the deadline unless a domain objects",
};

/** "Proposal #12: amend Customer" (plain text, unescaped). */
export function proposalTitle(proposal: Proposal): string {
  return `Proposal #${proposal.id}: ${proposal.kind} ${proposal.termName}`;
}

/** What a voter is told about their vote; with `voterName` for a reply others in the conversation see too. */
export function describeVote(result: VoteResult, position: string, voterName?: string): string {
  const whose = voterName ? `${voterName}'s` : "your";
  const subject = `proposal #${result.proposal.id} on ${result.proposal.termName}`;
  if (!result.changed) return `${voterName ? `${voterName}'s` : "Your"} ${position} on ${subject} was already recorded; nothing changed.`;
  const counted =
    result.countedFor.length > 0
      ? `It counts for ${result.countedFor.map((d) => d.name).join(" and ")}.`
      : result.advisory === "own-proposal"
        ? "It is shown as advisory: a proposer's own vote does not count here."
        : "It is shown as advisory: only owners of the affected domains' votes count.";
  const decided = result.decided ? ` The proposal is now ${result.decided.status}.` : "";
  return `Recorded ${whose} ${position} on ${subject}. ${counted}${decided}`;
}

/** How the weekly digest's sections are titled, on every platform. */
export const DIGEST_SECTION_TITLE = {
  agreed: "Agreed this week",
  waiting: "Waiting on votes",
  stuck: "Stuck: cannot pass as things stand",
  drift: "Drift",
  stale: "Stale variants",
  overlaps: "Overlaps",
  gaps: "Gaps",
  unownedTerms: "Terms with no owning domain",
  ownerlessDomains: "Domains with no owners",
  silentDomains: "Consuming domains that never voted",
} as const;

/** The one line a digest section shows when it has nothing in it. */
export const DIGEST_EMPTY_LINE = {
  agreed: "Nothing agreed this week.",
  waiting: "No proposals are waiting on votes.",
  drift: "No variant drifts far from its agreed definition.",
  stale: "No stale variants: every variant was written against the agreed version.",
  overlaps: "No overlapping terms found.",
  gaps: "No gaps: every term has an owning domain, every domain has owners and every consuming domain has voted.",
} as const;

/** The line under a digest preview: who sees it, and where the real one goes. */
export const DIGEST_PREVIEW_NOTE = "Preview — only you can see this. The digest is posted to the governance channel every week.";

/** Why two terms look like one concept defined twice, as a phrase. */
export const OVERLAP_REASON: Record<OverlapPair["reason"], string> = {
  alias: "same alias",
  name: "similar names",
  definition: "similar definitions",
};

const PERIOD_DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const PERIOD_DAY_YEAR = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "23 Feb – 1 Mar 2026": the days a digest covers; the end is exclusive, so the last day shown is the one before it. */
export function formatPeriod(period: { readonly start: Date; readonly end: Date }): string {
  const last = new Date(Math.max(period.start.getTime(), period.end.getTime() - 1));
  const end = PERIOD_DAY_YEAR.format(last);
  if (PERIOD_DAY_YEAR.format(period.start) === end) return end;
  const start = period.start.getUTCFullYear() === last.getUTCFullYear() ? PERIOD_DAY.format(period.start) : PERIOD_DAY_YEAR.format(period.start);
  return `${start} – ${end}`;
}

/** The drift index (0–100) as shown: one decimal. */
export function formatIndexValue(value: number): string {
  return value.toFixed(1);
}

/** The drift level an index value reads as, on the same scale as one variant's drift. */
export function describeIndexLevel(value: number): DriftLevel {
  return describeDrift(Math.min(1, Math.max(0, value / 100)));
}

/** "up 3.2 points since last week", "down 1 point since last week", "no change since last week", "first week measured". */
export function describeIndexChange(index: DriftIndex): string {
  if (index.change === null && index.note) return "not compared with last week: the measure changed";
  if (index.change === null) return "first week measured";
  const size = Math.round(Math.abs(index.change) * 10) / 10;
  if (size === 0) return "no change since last week";
  const points = size === 1 ? "1 point" : `${size.toFixed(1)} points`;
  return `${index.change > 0 ? "up" : "down"} ${points} since last week`;
}

const SPARK = "▁▂▃▄▅▆▇█";
/** Weeks of history a sparkline shows. */
const SPARK_WEEKS = 12;

/** "▁▂▄█": the last weeks' values, low to high between their own minimum and maximum; flat when they barely move. */
export function formatSparkline(values: readonly number[]): string {
  const shown = values.slice(-SPARK_WEEKS);
  if (shown.length === 0) return "";
  const min = Math.min(...shown);
  const range = Math.max(...shown) - min;
  // Below a tenth of a point the index has not moved: a flat line, not noise blown up to full height.
  if (range < 0.1) return "▄".repeat(shown.length);
  return shown.map((v) => SPARK[Math.round(((v - min) / range) * (SPARK.length - 1))]).join("");
}

/** "closes in 2 days", "deadline passed 3 hours ago": an open proposal's deadline seen from when the digest was built. */
export function describeDeadline(deadline: Date, now: Date): string {
  const relative = formatRelative(deadline, now);
  return deadline.getTime() >= now.getTime() ? `closes ${relative}` : `deadline passed ${relative}`;
}

/** "written against v2, agreed is v3". */
export function describeStale(entry: { readonly baseVersion: number; readonly currentVersion: number }): string {
  return `written against v${entry.baseVersion}, agreed is v${entry.currentVersion}`;
}

/** "Support's", "Sales'": a name's possessive; `escape` prepares the name for the platform's markup. */
export function possessive(name: string, escape: (text: string) => string = (text) => text): string {
  return `${escape(name)}${/s$/i.test(name) ? "'" : "'s"}`;
}

/** How a digest is shown: narrowed to one domain's home channel, and/or as a preview only the caller sees. */
export interface DigestRenderOptions {
  /** The domain whose home channel gets the short version; the digest passed is already `focusDigest(…).digest`. */
  readonly focus?: Domain;
  readonly preview?: boolean;
}

/** Items of one digest list shown before "and N more on the digest page". */
export const DIGEST_ITEMS_SHOWN = 10;
/** Characters of a term or domain name a digest shows; the pages have the rest. */
export const DIGEST_NAME_SHOWN = 100;
/** Domains named in "no position yet from …" before "and N more". */
export const DIGEST_DOMAINS_NAMED = 5;
