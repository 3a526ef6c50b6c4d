import { ensureMember } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError, isConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import type { Actor, AuditEvent, Domain, Proposal } from "../types.js";
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
  /** Absent when the vote is stored but its proposal could not be settled yet (the sweep settles it). */
  readonly tally?: Tally;
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
 *
 * Votes on one proposal that arrive while another batch of them is being written are written together, in one
 * transaction and one settlement (a group commit): when 200 owners click at once, a few transactions carry all
 * their votes instead of 400. A lone vote is written at once, as before.
 */
export async function castVote(deps: CoreDeps, actor: Actor, input: VoteInput): Promise<VoteResult> {
  const reason = input.reason?.trim() || null;
  const comment = input.comment?.trim() || null;
  if (input.position === "object" && !reason) {
    throw new ConcordError("invalid-input", "Please say why you object, so the proposer can answer it.");
  }
  return new Promise<VoteResult>((resolve, reject) => {
    const queues = batchesOf(deps).waiting;
    const queue = queues.get(input.proposalId);
    const waiting: Waiting = { ballot: { actor, position: input.position, reason, comment }, resolve, reject };
    if (queue) {
      queue.push(waiting);
      return;
    }
    queues.set(input.proposalId, [waiting]);
    drain(deps, input.proposalId).catch((error: unknown) => {
      // Not expected (each batch's failure is answered inside): whoever still waits learns of it, none hangs.
      const left = queues.get(input.proposalId) ?? [];
      queues.delete(input.proposalId);
      for (const stranded of left.splice(0)) stranded.reject(error);
    });
  });
}

interface Ballot {
  readonly actor: Actor;
  readonly position: VotePosition;
  readonly reason: string | null;
  readonly comment: string | null;
}

interface Waiting {
  readonly ballot: Ballot;
  resolve(result: VoteResult): void;
  reject(error: unknown): void;
}

/** The most votes written in one transaction. */
const MAX_BATCH = 250;
/**
 * A vote arriving this soon after the proposal's last batch is part of a burst (many owners clicking at once):
 * its batch waits `GATHER_MS` for the votes still being read off the network, so a burst is written in a few
 * transactions rather than one each. A vote on a quiet proposal is written at once.
 */
const BURST_WINDOW_MS = 50;
const GATHER_MS = 10;

/** Per store (one database, one process): the ballots waiting per proposal, and when its last batch ended. */
interface Batches {
  readonly waiting: Map<number, Waiting[]>;
  readonly lastEnded: Map<number, number>;
}

const batches = new WeakMap<CoreDeps["store"], Batches>();

function batchesOf(deps: CoreDeps): Batches {
  let found = batches.get(deps.store);
  if (!found) {
    found = { waiting: new Map(), lastEnded: new Map() };
    batches.set(deps.store, found);
  }
  return found;
}

/** Writes a proposal's waiting ballots, batch after batch, until none wait. */
async function drain(deps: CoreDeps, proposalId: number): Promise<void> {
  const { waiting: queues, lastEnded } = batchesOf(deps);
  const queue = queues.get(proposalId)!;
  const ended = lastEnded.get(proposalId);
  if (ended !== undefined && performance.now() - ended < BURST_WINDOW_MS) {
    await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
  }
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    try {
      const results = await writeBallots(deps, proposalId, batch.map((w) => w.ballot));
      batch.forEach((waiting, k) => waiting.resolve(results[k]!));
    } catch (error) {
      if (isConcordError(error) || batch.length === 1) {
        // The proposal's own state (gone, closed, past its deadline) answers every ballot alike.
        for (const waiting of batch) waiting.reject(error);
        continue;
      }
      // An unexpected failure (a deadlock with another replica, a dropped connection): each ballot on its own,
      // so one failure is never reported for votes that could be written.
      for (const waiting of batch) {
        try {
          waiting.resolve((await writeBallots(deps, proposalId, [waiting.ballot]))[0]!);
        } catch (single) {
          waiting.reject(single);
        }
      }
    }
  }
  queues.delete(proposalId);
  const now = performance.now();
  lastEnded.set(proposalId, now);
  for (const [id, at] of lastEnded) if (now - at > BURST_WINDOW_MS) lastEnded.delete(id);
}

/** Writes ballots on one proposal in one transaction, then settles the proposal once; one result per ballot. */
async function writeBallots(deps: CoreDeps, proposalId: number, ballots: readonly Ballot[]): Promise<VoteResult[]> {
  const now = deps.clock.now();
  const written = await deps.store.transaction(async (repos) => {
    const members = await repos.members.findByRefs(ballots.map((b) => b.actor.ref));
    for (const { actor } of ballots) {
      if (!members.has(actor.ref)) members.set(actor.ref, await ensureMember(repos, actor, now));
    }
    const proposal = await requireVotable(repos, proposalId, now, "share");
    const memberOf = (ballot: Ballot) => members.get(ballot.actor.ref)!;
    const stored = await repos.proposals.writeVotes(
      proposal.id,
      ballots.map((b) => ({ memberId: memberOf(b).id, voterRef: b.actor.ref, position: b.position, reason: b.reason, comment: b.comment })),
      now,
    );
    // Whom each vote counts for follows from the voter's own ownerships; the whole tally waits for the settlement.
    const owned = await repos.proposals.ownedAffected(proposal.id, [...new Set(ballots.map((b) => memberOf(b).id))]);
    const events: AuditEvent[] = [];
    // In arrival order, as if written one by one: a member's second ballot replaces their first.
    const results = ballots.map((ballot) => {
      const member = memberOf(ballot);
      const previous = stored.get(member.id);
      const { position, reason, comment } = ballot;
      stored.set(member.id, { position, reason, comment });
      const changed = !previous || previous.position !== position || previous.reason !== reason || previous.comment !== comment;
      const ownedByVoter = owned.get(member.id) ?? [];
      const ownProposal = member.id === proposal.proposerId && !proposal.allowSelfApproval;
      const countedFor = ownProposal ? [] : ownedByVoter;
      const advisory =
        countedFor.length > 0 ? undefined : ownedByVoter.length > 0 ? ("own-proposal" as const) : ("not-an-owner" as const);
      if (changed) {
        events.push({
          at: now,
          actorRef: ballot.actor.ref,
          action: previous ? "vote.changed" : "vote.cast",
          subjectType: "proposal",
          subjectId: String(proposal.id),
          before: previous ? { position: previous.position, reason: previous.reason, comment: previous.comment } : undefined,
          after: { position, reason, comment, counted: countedFor.map((d) => d.slug) },
        });
      }
      return { countedFor, ...(advisory ? { advisory } : {}), changed };
    });
    await repos.audit.recordMany(events);
    return { proposal, results };
  });
  const last = written.results.findLastIndex((result) => result.changed);
  if (last < 0) {
    const tally = await tallyCounts(deps.store.repos, written.proposal).then(
      (counts) => counts.tally,
      () => undefined,
    );
    return written.results.map((result) => ({ proposal: written.proposal, ...(tally ? { tally } : {}), ...result }));
  }
  // The batch's last changed vote settles it, and is named as the decision's actor (as when votes come one by one).
  const actorRef = ballots[last]!.actor.ref;
  let settlement: Awaited<ReturnType<typeof settleProposal>>;
  try {
    settlement = await settleProposal(deps, written.proposal, actorRef, now);
  } catch (error) {
    if (isConcordError(error)) throw error;
    // The votes are committed: they are answered as recorded, and the next sweep takes the decision they make or
    // announces the tally (see `settleUnsettled`).
    unsettledOf(deps).set(proposalId, actorRef);
    deps.logger?.error("a vote was stored but settling its proposal failed; the next sweep settles it", {
      proposal: proposalId,
      error,
    });
    return written.results.map((result) => ({ proposal: written.proposal, ...result }));
  }
  // A later settlement counts every stored vote, so it settles what an earlier failure left too.
  unsettledOf(deps).delete(proposalId);
  const { decided, ...settled } = settlement;
  return written.results.map((result, k) => ({ ...settled, ...(k === last && decided ? { decided } : {}), ...result }));
}

/** Per store: proposals whose stored votes were not settled, each with the voter whose vote was to settle it. */
const unsettled = new WeakMap<CoreDeps["store"], Map<number, string>>();

function unsettledOf(deps: CoreDeps): Map<number, string> {
  let found = unsettled.get(deps.store);
  if (!found) {
    found = new Map();
    unsettled.set(deps.store, found);
  }
  return found;
}

/**
 * Settles the proposals whose votes this process stored but could not settle (the database failed between the
 * two transactions): the decision they make, or the tally update their live messages missed. A proposal settled
 * here is forgotten; one that fails again is kept for the next sweep. A process that stopped in between forgets
 * them, but its decisions are still taken by the sweep's scan of open proposals.
 */
export async function settleUnsettled(deps: CoreDeps, now: Date): Promise<Decided[]> {
  const waiting = unsettledOf(deps);
  const decided: Decided[] = [];
  for (const [proposalId, actorRef] of [...waiting]) {
    try {
      const proposal = await deps.store.repos.proposals.get(proposalId);
      if (proposal?.status === "open" && proposal.deadline.getTime() > now.getTime()) {
        const settled = await settleProposal(deps, proposal, actorRef, now);
        if (settled.decided) decided.push(settled.decided);
      }
      // A closed proposal (or one past its deadline, which the sweep decides) needs nothing more.
      waiting.delete(proposalId);
    } catch (error) {
      deps.logger?.error("settling a proposal after its votes were stored failed again; the next sweep tries again", {
        proposal: proposalId,
        error,
      });
    }
  }
  return decided;
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
