import type { CoreDeps } from "../deps.js";
import type { ImportRecord } from "../ports.js";
import type { Domain, Member, Proposal, ProposalStatus } from "../types.js";

/** What an imported proposal changes: a new term, a changed definition, a deprecation, or only where a term sits. */
export type ImportChange = "new-term" | "definition" | "deprecation" | "parent";

/** One proposal an import opened, with what it changes and the domains that vote on it. */
export interface ImportedProposalEntry {
  readonly proposal: Proposal;
  readonly change: ImportChange;
  /** Its affected domains, the owning one first. */
  readonly domains: readonly (Domain & { readonly owning: boolean })[];
}

/** An import as its notices show it: who imported which file, the proposals it opened and where they stand. */
export interface ImportView {
  readonly record: ImportRecord;
  /** Whoever imported it, when Concord knows them, so every face can name them. */
  readonly importer?: Member;
  /** Its proposals, oldest first. */
  readonly proposals: readonly ImportedProposalEntry[];
  /** How many of its proposals change what, and how many are in each status. */
  readonly changes: Readonly<Record<ImportChange, number>>;
  readonly statuses: Readonly<Record<ProposalStatus, number>>;
  /** When voting on its proposals closes (the latest of their deadlines); null when it opened none. */
  readonly deadline: Date | null;
}

/** The import's record and its proposals' current state; undefined when no such import was recorded. */
export async function viewImport(deps: CoreDeps, importId: number): Promise<ImportView | undefined> {
  const repos = deps.store.repos;
  const record = await repos.proposals.importRecord(importId);
  if (!record) return undefined;
  const importer = await repos.members.findByRef(record.actorRef);
  // One read for every proposal's domains: an import may open thousands of proposals.
  const domains = new Map<number, (Domain & { owning: boolean })[]>();
  for (const { proposalId, domain, owning } of await repos.proposals.importDomains(importId)) {
    domains.set(proposalId, [...(domains.get(proposalId) ?? []), { ...domain, owning }]);
  }
  const proposals: ImportedProposalEntry[] = [];
  for (const proposal of await repos.proposals.forImport(importId)) {
    proposals.push({ proposal, change: await changeOf(deps, proposal), domains: domains.get(proposal.id) ?? [] });
  }
  const changes: Record<ImportChange, number> = { "new-term": 0, definition: 0, deprecation: 0, parent: 0 };
  const statuses: Record<ProposalStatus, number> = { open: 0, approved: 0, rejected: 0, expired: 0, superseded: 0, withdrawn: 0 };
  let deadline: Date | null = null;
  for (const { proposal, change } of proposals) {
    changes[change] += 1;
    statuses[proposal.status] += 1;
    if (deadline === null || proposal.deadline.getTime() > deadline.getTime()) deadline = proposal.deadline;
  }
  return { record, ...(importer ? { importer } : {}), proposals, changes, statuses, deadline };
}

/** An amend that places a term and keeps its agreed text only moves it; every other amend changes its definition. */
async function changeOf(deps: CoreDeps, proposal: Proposal): Promise<ImportChange> {
  if (proposal.kind === "create") return "new-term";
  if (proposal.kind === "deprecate") return "deprecation";
  if (proposal.parentSlug === null || proposal.termId === null) return "definition";
  const base = (await deps.store.repos.terms.versions(proposal.termId)).find((v) => v.version === proposal.baseVersion);
  const same = base !== undefined && base.text === proposal.text && base.example === proposal.example && base.formula === proposal.formula;
  return same ? "parent" : "definition";
}
