import type { Policy } from "../types.js";

export type VotePosition = "approve" | "object" | "abstain";
/**
 * A domain's position: the majority of its owners' counted approve/object votes (abstentions stand aside, as in
 * any vote); "abstain" when its counted votes are all abstentions; a tie or no vote is "none".
 */
export type DomainPosition = VotePosition | "none";
export type Outcome = "approved" | "rejected" | "expired";

/** An affected domain with the members who own it now. */
export interface TallyDomain {
  readonly domainId: number;
  /** The owning domain of the term (for a new term: the domain that will own it). */
  readonly owning: boolean;
  readonly ownerIds: readonly number[];
}

export interface TallyVote {
  readonly memberId: number;
  readonly position: VotePosition;
}

export interface TallyInput {
  readonly policy: Policy;
  readonly domains: readonly TallyDomain[];
  readonly votes: readonly TallyVote[];
  readonly proposerId: number;
  readonly allowSelfApproval: boolean;
}

export interface DomainTally {
  readonly domainId: number;
  readonly owning: boolean;
  readonly position: DomainPosition;
  readonly approve: number;
  readonly object: number;
  readonly abstain: number;
  /** The members whose votes counted for this domain. */
  readonly counted: readonly number[];
}

export interface Tally {
  readonly domains: readonly DomainTally[];
  /** Votes recorded but not counted (not an owner of an affected domain, or the proposer's own). */
  readonly advisory: readonly number[];
  /** The outcome now, if the votes already decide it; undefined while it stays open. */
  readonly decision: Outcome | undefined;
}

/** Whether a member's vote counts: owners of an affected domain, and the proposer only when self-approval is on. */
export function countsFor(input: TallyInput, memberId: number): number[] {
  if (memberId === input.proposerId && !input.allowSelfApproval) return [];
  return input.domains.filter((d) => d.ownerIds.includes(memberId)).map((d) => d.domainId);
}

/** The majority of approve and object votes; abstentions decide only when they are all there is. */
function positionOf(approve: number, object: number, abstain: number): DomainPosition {
  if (approve > object) return "approve";
  if (object > approve) return "object";
  if (approve === 0 && abstain > 0) return "abstain";
  return "none";
}

/**
 * Tallies votes per affected domain and applies the policy. `atDeadline` asks for the final outcome:
 * lazy consensus approves when no domain objects, a standing objection rejects, anything else expires.
 * An abstaining domain stands aside: it neither blocks unanimity nor counts towards a majority.
 */
export function tallyVotes(input: TallyInput, atDeadline = false): Tally {
  const byMember = new Map(input.votes.map((v) => [v.memberId, v.position]));
  const counted = new Set<number>();
  const domains = input.domains.map((domain): DomainTally => {
    const tally = { approve: 0, object: 0, abstain: 0 };
    const members: number[] = [];
    for (const ownerId of new Set(domain.ownerIds)) {
      const position = byMember.get(ownerId);
      if (!position || (ownerId === input.proposerId && !input.allowSelfApproval)) continue;
      tally[position] += 1;
      members.push(ownerId);
      counted.add(ownerId);
    }
    return {
      domainId: domain.domainId,
      owning: domain.owning,
      position: positionOf(tally.approve, tally.object, tally.abstain),
      ...tally,
      counted: members,
    };
  });
  const advisory = input.votes.map((v) => v.memberId).filter((id) => !counted.has(id));
  return { domains, advisory, decision: decide(input.policy, domains, atDeadline) };
}

function decide(policy: Policy, domains: readonly DomainTally[], atDeadline: boolean): Outcome | undefined {
  const approving = domains.filter((d) => d.position === "approve").length;
  const objecting = domains.filter((d) => d.position === "object").length;
  const standingAside = domains.filter((d) => d.position === "abstain").length;
  const everyoneConsents = domains.length > 0 && approving > 0 && approving + standingAside === domains.length;
  const final = atDeadline ? "expired" : undefined;
  switch (policy) {
    case "unanimous":
      if (objecting > 0) return atDeadline ? "rejected" : undefined;
      return everyoneConsents ? "approved" : final;
    case "majority":
      if (approving * 2 > domains.length) return "approved";
      if (domains.length > 0 && objecting * 2 >= domains.length) return "rejected";
      return final;
    case "owner": {
      const owning = domains.find((d) => d.owning);
      if (owning?.position === "approve") return "approved";
      if (owning?.position === "object") return "rejected";
      return final;
    }
    case "lazy":
      if (domains.length === 0) return final;
      if (objecting > 0) return atDeadline ? "rejected" : undefined;
      if (everyoneConsents) return "approved";
      return atDeadline ? "approved" : undefined;
  }
}
