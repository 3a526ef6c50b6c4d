import { ensureMember } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import type { Actor, Domain, Proposal } from "../types.js";
import { applyOutcome, tallyCounts, tallyProposal, type Decided } from "./decide.js";
import { lockProposal, requireOpenProposal } from "./proposals.js";
import type { Tally, VotePosition } from "./tally.js";

export interface VoteInput {
  readonly proposalId: number;
  readonly position: VotePosition;
  /** Required when objecting. */
  readonly reason?: string;
  readonly comment?: string;
}

export interface VoteResult {
  readonly proposal: Proposal;
  readonly tally: Tally;
  /** The affected domains this vote counts for; empty for an advisory vote. */
  readonly countedFor: readonly Domain[];
  /** Why the vote is only advisory, when it is. */
  readonly advisory?: "not-an-owner" | "own-proposal";
  /** False when the same vote was already recorded (a double click, a retried request). */
  readonly changed: boolean;
  readonly decided?: Decided;
}

/**
 * Records or changes a member's vote, then takes the decision when the votes make one. Two transactions: the vote
 * is written under a shared lock on the proposal, so many owners' votes are written side by side; then the
 * proposal is locked alone to tally and decide. A decision waits for the votes being written, so it counts every
 * vote stored before it, and a vote arriving after it finds the proposal closed. Were the process to stop between
 * the two, the next sweep takes the decision the stored votes make.
 */
export async function castVote(deps: CoreDeps, actor: Actor, input: VoteInput): Promise<VoteResult> {
  const reason = input.reason?.trim() || null;
  const comment = input.comment?.trim() || null;
  if (input.position === "object" && !reason) {
    throw new ConcordError("invalid-input", "Please say why you object, so the proposer can answer it.");
  }
  const now = deps.clock.now();
  const written = await deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const proposal = await requireVotable(repos, input.proposalId, now, "share");
    const previous = await repos.proposals.upsertVote(
      proposal.id,
      { memberId: member.id, voterRef: actor.ref, position: input.position, reason, comment },
      now,
    );
    const changed =
      !previous || previous.position !== input.position || previous.reason !== reason || previous.comment !== comment;
    // Whom the vote counts for follows from the voter's own ownerships; the whole tally waits for the settlement.
    const owned = await repos.proposals.ownedAffected(proposal.id, member.id);
    const ownProposal = member.id === proposal.proposerId && !proposal.allowSelfApproval;
    const countedFor = ownProposal ? [] : owned;
    const advisory =
      countedFor.length > 0 ? undefined : owned.length > 0 ? ("own-proposal" as const) : ("not-an-owner" as const);
    if (changed) {
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: previous ? "vote.changed" : "vote.cast",
        subjectType: "proposal",
        subjectId: String(proposal.id),
        before: previous ? { position: previous.position, reason: previous.reason, comment: previous.comment } : undefined,
        after: { position: input.position, reason, comment, counted: countedFor.map((d) => d.slug) },
      });
    }
    return { proposal, result: { countedFor, ...(advisory ? { advisory } : {}), changed } };
  });
  if (!written.result.changed) {
    const { tally } = await tallyCounts(deps.store.repos, written.proposal);
    return { proposal: written.proposal, tally, ...written.result };
  }
  const settled = await settleProposal(deps, written.proposal, actor.ref, now);
  return { ...settled, ...written.result };
}

/**
 * Takes the decision if the stored votes make one; otherwise queues a tally update for the proposal's live
 * messages. The votes are first tallied without a lock: every vote is settled after it is stored, so the settlement
 * of the last vote stored sees them all, and a decision the votes make is never missed. Only a tally that decides
 * locks the proposal, and tallies again under the lock before deciding; the rest run side by side.
 */
export async function settleProposal(
  deps: CoreDeps,
  opened: Proposal,
  actorRef: string,
  now: Date,
  options: { announceTally?: boolean } = {},
): Promise<{ proposal: Proposal; tally: Tally; decided?: Decided }> {
  return deps.store.transaction(async (repos) => {
    // The rules a tally reads (policy, proposer, self-approval) never change once a proposal opens.
    const unlocked = await tallyCounts(repos, opened);
    if (!unlocked.tally.decision) {
      if (options.announceTally !== false) {
        await repos.outbox.enqueue({ kind: "proposal.tally", proposalId: opened.id, payload: {} }, now);
      }
      return { proposal: opened, tally: unlocked.tally };
    }
    const proposal = await lockProposal(repos, opened.id);
    if (!proposal) throw new ConcordError("not-found", `There is no proposal #${opened.id}.`);
    const { tally } = await tallyCounts(repos, proposal);
    // Another vote's settlement may have decided it already; this vote was counted there.
    if (proposal.status !== "open") return { proposal, tally };
    if (!tally.decision && options.announceTally === false) return { proposal, tally };
    return { ...(await settle(repos, proposal, tally, actorRef, now)), tally };
  });
}

/** Removes a member's vote (an objection withdrawn, say) and re-tallies. */
export async function withdrawVote(deps: CoreDeps, actor: Actor, proposalId: number): Promise<VoteResult> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const proposal = await requireVotable(repos, proposalId, now);
    const removed = await repos.proposals.deleteVote(proposal.id, member.id);
    const { tally } = await tallyProposal(repos, proposal);
    if (!removed) return { proposal, tally, countedFor: [], changed: false };
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "vote.withdrawn",
      subjectType: "proposal",
      subjectId: String(proposal.id),
      before: { position: removed.position, reason: removed.reason },
    });
    return { ...(await settle(repos, proposal, tally, actor.ref, now)), tally, countedFor: [], changed: true };
  });
}

/** After a vote changed: the decision if the votes make one, else a tally update for the live message. */
async function settle(
  repos: Repositories,
  proposal: Proposal,
  tally: Tally,
  actorRef: string,
  now: Date,
): Promise<{ proposal: Proposal; decided?: Decided }> {
  if (tally.decision) {
    const decided = await applyOutcome(repos, proposal, tally.decision, actorRef, now);
    return { proposal: (await repos.proposals.get(proposal.id))!, decided };
  }
  await repos.outbox.enqueue({ kind: "proposal.tally", proposalId: proposal.id, payload: {} }, now);
  return { proposal };
}

async function requireVotable(
  repos: Repositories,
  proposalId: number,
  now: Date,
  lock: true | "share" = true,
): Promise<Proposal> {
  const proposal = await requireOpenProposal(repos, proposalId, lock);
  if (proposal.deadline.getTime() <= now.getTime()) {
    throw new ConcordError(
      "closed",
      `Voting on proposal #${proposal.id} closed at its deadline; the outcome is being recorded.`,
      { status: "open" },
    );
  }
  return proposal;
}
