import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import { diffWords, type DiffPart } from "../text/index.js";
import type { Actor, AffectedDomain, DefinitionVersion, Member, Proposal, TermSummary, Vote } from "../types.js";
import { tallyProposal } from "./decide.js";
import { proposalPassability, type Passability } from "./stuck.js";
import type { DomainTally, Tally } from "./tally.js";
import { readVoteHistory, type VoteHistory } from "./vote-history.js";

/** Everything a proposal message shows: text, diff, affected domains with their positions, votes, deadline. */
export interface ProposalView {
  readonly proposal: Proposal;
  /** The agreed version the proposal amends (or deprecates); absent for a new term. */
  readonly base: DefinitionVersion | undefined;
  /** Word-level changes from the base version to the proposed text. */
  readonly diff: readonly DiffPart[];
  readonly domains: readonly (AffectedDomain & { readonly tally: DomainTally })[];
  readonly votes: readonly (Vote & { readonly counted: boolean })[];
  readonly tally: Tally;
  /** The member who proposed it, when Concord knows them, so every face can name them. */
  readonly proposer?: Member;
  /** The affected domains that cannot reach a position with their current owners, and whether it can still pass. */
  readonly passability: Passability;
  /** For a deprecation in favour of another term: that term. */
  readonly replacement?: TermSummary;
  /** Every vote change with its reason, and the objections withdrawn; read only when asked for (pages, API). */
  readonly history?: VoteHistory;
  /**
   * Where a proposal that places the term puts it: under a term (agreed, or itself only proposed so far), or at the
   * top level (`under: null`). Absent when the proposal does not move the term.
   */
  readonly placement?: { readonly under: { readonly slug: string; readonly name: string; readonly agreed: boolean } | null };
}

/** The current state of a proposal, read from storage, for a message or a page. */
export async function viewProposal(
  deps: CoreDeps,
  proposalId: number,
  options: { history?: boolean } = {},
): Promise<ProposalView> {
  const repos = deps.store.repos;
  const proposal = await repos.proposals.get(proposalId);
  if (!proposal) throw new ConcordError("not-found", `There is no proposal #${proposalId}.`);
  const { domains, votes, tally } = await tallyProposal(repos, proposal);
  const base =
    proposal.termId !== null && proposal.baseVersion !== null
      ? (await repos.terms.versions(proposal.termId)).find((v) => v.version === proposal.baseVersion)
      : undefined;
  const counted = new Set(tally.domains.flatMap((d) => d.counted));
  const proposer = await repos.members.findByRef(proposal.proposerRef);
  const replacement = proposal.replacementTermId === null ? undefined : (await repos.terms.details(proposal.replacementTermId)).term;
  const history = options.history ? await readVoteHistory(repos, proposal, votes) : undefined;
  const placement = await placementOf(repos, proposal.parentSlug);
  return {
    proposal,
    base,
    diff: proposal.text === null ? [] : diffWords(base?.text ?? "", proposal.text),
    domains: domains.map((domain) => ({ ...domain, tally: tally.domains.find((t) => t.domainId === domain.id)! })),
    votes: votes.map((vote) => ({ ...vote, counted: counted.has(vote.member.id) })),
    tally,
    ...(proposer ? { proposer } : {}),
    passability: proposalPassability(proposal, domains),
    ...(replacement ? { replacement: { id: replacement.id, slug: replacement.slug, name: replacement.name, status: replacement.status } } : {}),
    ...(history ? { history } : {}),
    ...(placement ? { placement } : {}),
  };
}

/** Where a proposal's parent slug places its term, named: the agreed term, else the proposal that would create it. */
async function placementOf(repos: Repositories, parentSlug: string | null): Promise<ProposalView["placement"]> {
  if (parentSlug === null) return undefined;
  if (parentSlug === "") return { under: null };
  const agreed = await repos.terms.findBySlug(parentSlug);
  if (agreed) return { under: { slug: agreed.slug, name: agreed.name, agreed: true } };
  const [proposed] = await repos.proposals.forTerm(parentSlug, 1);
  return { under: { slug: parentSlug, name: proposed?.termName ?? parentSlug, agreed: false } };
}

export interface PendingProposal {
  readonly proposal: Proposal;
  /** The caller's domains this proposal affects, with their position so far. */
  readonly yourDomains: readonly { readonly slug: string; readonly name: string; readonly position: DomainTally["position"] }[];
  /** True when the caller has voted on it. */
  readonly voted: boolean;
  /** True when the caller proposed it (their own vote does not count unless self-approval is on). */
  readonly proposedByYou: boolean;
  /** Which affected domains cannot reach a position, and whether it is stuck rather than merely waiting. */
  readonly passability: Passability;
}

/** Open proposals waiting on the domains the caller owns, nearest deadline first. */
export async function pendingProposals(deps: CoreDeps, actor: Actor): Promise<PendingProposal[]> {
  const repos = deps.store.repos;
  const member = await repos.members.findByRef(actor.ref);
  if (!member) return [];
  const owned = await repos.domains.ownedBy(member.id);
  const pending: PendingProposal[] = [];
  for (const proposal of await repos.proposals.openForDomains(owned.map((d) => d.id))) {
    const { domains, votes, tally } = await tallyProposal(repos, proposal);
    pending.push({
      proposal,
      yourDomains: owned
        .map((domain) => ({ domain, tally: tally.domains.find((t) => t.domainId === domain.id) }))
        .filter((entry) => entry.tally !== undefined)
        .map(({ domain, tally: t }) => ({ slug: domain.slug, name: domain.name, position: t!.position })),
      voted: votes.some((v) => v.member.id === member.id),
      proposedByYou: proposal.proposerId === member.id,
      passability: proposalPassability(proposal, domains),
    });
  }
  return pending;
}
