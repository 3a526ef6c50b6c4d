import type { Repositories } from "../ports.js";
import type { AuditEvent, Member, Proposal, UserRef, Vote } from "../types.js";
import type { VotePosition } from "./tally.js";

/** A vote as it stood at one moment: its position and why. */
export interface VoteState {
  readonly position: VotePosition;
  readonly reason: string | null;
  readonly comment: string | null;
}

/** One change of one member's vote on a proposal, as the audit recorded it. */
export interface VoteChange {
  readonly at: Date;
  /** The identity the vote was cast from. */
  readonly voterRef: UserRef;
  /** The member behind it, when Concord knows them (for their display name). */
  readonly voter?: Member;
  readonly kind: "cast" | "changed" | "withdrawn";
  /** The vote after the change; absent when it was withdrawn. */
  readonly vote?: VoteState;
  /** The vote before the change; absent when it was first cast, or when the audit does not say. */
  readonly previous?: VoteState;
}

/** An objection its voter later gave up, by changing their vote or withdrawing it. */
export interface WithdrawnObjection {
  readonly voterRef: UserRef;
  readonly voter?: Member;
  readonly reason: string | null;
  /** When the objection was made (or last restated). */
  readonly objectedAt: Date;
  readonly withdrawnAt: Date;
  /** The vote that replaced it; absent when the vote was withdrawn altogether. */
  readonly then?: VotePosition;
}

/** Every vote change on a proposal, oldest first, and the objections withdrawn along the way. */
export interface VoteHistory {
  readonly changes: readonly VoteChange[];
  readonly withdrawnObjections: readonly WithdrawnObjection[];
}

const VOTE_ACTIONS = { "vote.cast": "cast", "vote.changed": "changed", "vote.withdrawn": "withdrawn" } as const;

/**
 * Reads a proposal's vote history from its audit events. A current vote the audit holds nothing about (stored
 * before votes were audited, or written by hand) appears as cast when it was, so no vote is missing.
 */
export async function readVoteHistory(repos: Repositories, proposal: Proposal, votes: readonly Vote[]): Promise<VoteHistory> {
  const events = await repos.audit.forSubject("proposal", String(proposal.id), Object.keys(VOTE_ACTIONS));
  const members = await repos.members.findByRefs(events.map((e) => e.actorRef));
  const changes: VoteChange[] = events.map((event) => toChange(event, members.get(event.actorRef)));
  const audited = new Set(changes.flatMap((c) => (c.voter ? [c.voter.id] : [])));
  for (const vote of votes) {
    if (audited.has(vote.member.id)) continue;
    const state = { position: vote.position, reason: vote.reason, comment: vote.comment };
    const voterRef = vote.member.refs[0] ?? `member ${vote.member.id}`;
    changes.push({ at: vote.castAt, voterRef, voter: vote.member, kind: "cast", vote: state });
  }
  changes.sort((a, b) => +a.at - +b.at);
  return { changes, withdrawnObjections: withdrawnObjections(changes) };
}

function toChange(event: AuditEvent, voter: Member | undefined): VoteChange {
  const kind = VOTE_ACTIONS[event.action as keyof typeof VOTE_ACTIONS];
  const vote = kind === "withdrawn" ? undefined : voteState(event.after);
  const previous = kind === "cast" ? undefined : voteState(event.before);
  return { at: event.at, voterRef: event.actorRef, ...(voter ? { voter } : {}), kind, ...(vote ? { vote } : {}), ...(previous ? { previous } : {}) };
}

/** A vote's state from an audit event's before or after, when it holds one. */
function voteState(value: unknown): VoteState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { position, reason, comment } = value as Record<string, unknown>;
  if (position !== "approve" && position !== "object" && position !== "abstain") return undefined;
  return { position, reason: typeof reason === "string" ? reason : null, comment: typeof comment === "string" ? comment : null };
}

/** Each time a voter's objection gave way to another position or to no vote, with the objection's reason. */
function withdrawnObjections(changes: readonly VoteChange[]): WithdrawnObjection[] {
  const objecting = new Map<string, VoteChange>();
  const withdrawn: WithdrawnObjection[] = [];
  for (const change of changes) {
    const voter = change.voter ? `member ${change.voter.id}` : change.voterRef;
    const objection = objecting.get(voter);
    if (change.vote?.position === "object") {
      objecting.set(voter, change);
      continue;
    }
    objecting.delete(voter);
    const given = objection?.vote ?? (change.previous?.position === "object" ? change.previous : undefined);
    if (!given) continue;
    withdrawn.push({
      voterRef: change.voterRef,
      ...(change.voter ? { voter: change.voter } : {}),
      reason: given.reason,
      objectedAt: objection?.at ?? change.at,
      withdrawnAt: change.at,
      ...(change.vote ? { then: change.vote.position } : {}),
    });
  }
  return withdrawn;
}
