import type { DomainPosition, Policy, Proposal, Vote, VoteResult } from "../core/index.js";

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
