import type { AffectedDomain, Domain, Proposal } from "../types.js";
import { tallyVotes, type TallyDomain, type TallyInput } from "./tally.js";

/** Why an affected domain can never reach a position as things stand. */
export type VoicelessReason =
  /** Nobody owns the domain, so no vote can count for it: an admin must add an owner. */
  | "no-owners"
  /** Its only owners proposed it and self-approval is off: they (or an admin) must add another owner. */
  | "only-proposer";

/** An affected domain that cannot reach a position, and why. */
export interface VoicelessDomain {
  readonly domain: Domain;
  readonly reason: VoicelessReason;
}

/** Whether a proposal can still pass, and which affected domains cannot take a position. */
export interface Passability {
  readonly voiceless: readonly VoicelessDomain[];
  /** True when even if every owner whose vote counts approved, the policy could never approve it: it is stuck. */
  readonly stuck: boolean;
}

/** Why a domain can never take a position, or undefined when some owner's vote would count for it. */
export function voicelessReason(input: Pick<TallyInput, "proposerId" | "allowSelfApproval">, domain: TallyDomain): VoicelessReason | undefined {
  const owners = new Set(domain.ownerIds);
  if (owners.size === 0) return "no-owners";
  if (!input.allowSelfApproval && owners.size === 1 && owners.has(input.proposerId)) return "only-proposer";
  return undefined;
}

/**
 * The affected domains that can never reach a position with their current owners, and whether the policy could
 * still approve the proposal: tallied as if every owner whose vote counts approved, at the deadline.
 */
export function passability(input: Omit<TallyInput, "votes">, domains: readonly Domain[]): Passability {
  const byId = new Map(domains.map((d) => [d.id, d]));
  const voiceless: VoicelessDomain[] = [];
  for (const domain of input.domains) {
    const reason = voicelessReason(input, domain);
    const found = byId.get(domain.domainId);
    if (reason && found) voiceless.push({ domain: { id: found.id, slug: found.slug, name: found.name }, reason });
  }
  if (voiceless.length === 0) return { voiceless, stuck: false };
  const voters = new Set(input.domains.flatMap((d) => d.ownerIds));
  if (!input.allowSelfApproval) voters.delete(input.proposerId);
  const best = tallyVotes({ ...input, votes: [...voters].map((memberId) => ({ memberId, position: "approve" })) }, true);
  return { voiceless, stuck: best.decision !== "approved" };
}

/** A stored proposal's passability, from its affected domains with their current owners. */
export function proposalPassability(
  proposal: Pick<Proposal, "policy" | "proposerId" | "allowSelfApproval">,
  domains: readonly AffectedDomain[],
): Passability {
  return passability(
    {
      policy: proposal.policy,
      proposerId: proposal.proposerId,
      allowSelfApproval: proposal.allowSelfApproval,
      domains: domains.map((d) => ({ domainId: d.id, owning: d.owning, ownerIds: d.owners.map((o) => o.id) })),
    },
    domains,
  );
}
