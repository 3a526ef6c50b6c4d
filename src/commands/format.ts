import type { DomainPosition, Policy, Proposal, Vote } from "../core/index.js";

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
