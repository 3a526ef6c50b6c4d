import type { CoreDeps } from "../deps.js";
import { applyOutcome, tallyCounts, tallyProposal, type Decided } from "./decide.js";
import { lockProposal } from "./proposals.js";
import { settleProposal, settleUnsettled } from "./votes.js";

/** The actor recorded for what Concord does on its own (deadlines, reminders). */
export const SYSTEM_ACTOR = "system:concord";
/** Owners without a vote are reminded once, this long before the deadline. */
export const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;
/** Open proposals checked each sweep for a decision their votes already make. */
const OPEN_SCAN = 500;

export interface SweepReport {
  readonly decided: readonly Decided[];
  readonly reminded: readonly { proposalId: number; memberRefs: readonly string[] }[];
}

/**
 * Closes open proposals whose deadline has passed (approved, rejected or expired by their policy) and queues
 * the one reminder due 24 hours before a deadline. Safe to run from several replicas at once: each proposal
 * is decided under its row lock, and a closed or reminded one is skipped.
 */
export async function sweepProposals(deps: CoreDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const decided: Decided[] = [];
  for (const id of await deps.store.repos.proposals.dueForDecision(now, BATCH)) {
    const result = await deps.store.transaction(async (repos) => {
      const proposal = await lockProposal(repos, id);
      if (!proposal || proposal.status !== "open" || proposal.deadline.getTime() > now.getTime()) return undefined;
      const { tally } = await tallyProposal(repos, proposal, true);
      return applyOutcome(repos, proposal, tally.decision ?? "expired", SYSTEM_ACTOR, now);
    });
    if (result) decided.push(result);
  }

  // A vote is written before its decision is taken, in a second transaction. Where that second one failed in this
  // process, the proposal is settled now (its decision, or the tally its messages missed); where a process stopped
  // between the two, the stored votes already make a decision that nobody took: take it now.
  decided.push(...(await settleUnsettled(deps, now)));
  for (const proposal of await deps.store.repos.proposals.open(OPEN_SCAN)) {
    if (proposal.deadline.getTime() <= now.getTime()) continue;
    const { tally } = await tallyCounts(deps.store.repos, proposal);
    if (!tally.decision) continue;
    const settled = await settleProposal(deps, proposal, SYSTEM_ACTOR, now, { announceTally: false });
    if (settled.decided) decided.push(settled.decided);
  }

  const reminded: { proposalId: number; memberRefs: string[] }[] = [];
  for (const id of await deps.store.repos.proposals.dueForReminder(now, REMINDER_BEFORE_MS, BATCH)) {
    const result = await deps.store.transaction(async (repos) => {
      const proposal = await lockProposal(repos, id);
      if (!proposal || proposal.status !== "open" || proposal.remindedAt) return undefined;
      const { domains, votes } = await tallyProposal(repos, proposal);
      const voted = new Set(votes.map((v) => v.member.id));
      const waiting = new Map<number, string>();
      for (const domain of domains) {
        for (const owner of domain.owners) {
          if (!voted.has(owner.id) && owner.refs[0]) waiting.set(owner.id, owner.refs[0]);
        }
      }
      await repos.proposals.markReminded(proposal.id, now);
      const memberRefs = [...waiting.values()];
      if (memberRefs.length > 0) {
        await repos.outbox.enqueue({ kind: "proposal.reminder", proposalId: proposal.id, payload: { memberRefs } }, now);
      }
      return { proposalId: proposal.id, memberRefs };
    });
    if (result) reminded.push(result);
  }
  return { decided, reminded };
}
