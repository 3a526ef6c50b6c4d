import type { Repositories, TallyRows } from "../ports.js";
import { termSlug } from "../text/index.js";
import type { AffectedDomain, Proposal, Vote } from "../types.js";
import { tallyVotes, type Outcome, type Tally } from "./tally.js";

/** A proposal's affected domains, votes and their tally. */
export interface TalliedProposal {
  readonly domains: readonly AffectedDomain[];
  readonly votes: readonly Vote[];
  readonly tally: Tally;
}

/** The tally of a proposal from stored votes and the current owners of its affected domains. */
export async function tallyProposal(repos: Repositories, proposal: Proposal, atDeadline = false): Promise<TalliedProposal> {
  const domains = await repos.proposals.domains(proposal.id);
  const votes = await repos.proposals.votes(proposal.id);
  const tally = tallyVotes(
    {
      policy: proposal.policy,
      proposerId: proposal.proposerId,
      allowSelfApproval: proposal.allowSelfApproval,
      domains: domains.map((d) => ({ domainId: d.id, owning: d.owning, ownerIds: d.owners.map((o) => o.id) })),
      votes: votes.map((v) => ({ memberId: v.member.id, position: v.position })),
    },
    atDeadline,
  );
  return { domains, votes, tally };
}

/** A tally from the fewest rows (owner ids and positions), for votes and sweeps that need no names. */
export async function tallyCounts(
  repos: Repositories,
  proposal: Proposal,
  atDeadline = false,
): Promise<{ readonly domains: TallyRows["domains"]; readonly tally: Tally }> {
  const { domains, votes } = await repos.proposals.tallyInput(proposal.id);
  const tally = tallyVotes(
    {
      policy: proposal.policy,
      proposerId: proposal.proposerId,
      allowSelfApproval: proposal.allowSelfApproval,
      domains: domains.map((d) => ({ domainId: d.id, owning: d.owning, ownerIds: d.ownerIds })),
      votes,
    },
    atDeadline,
  );
  return { domains, tally };
}

export interface Decided {
  readonly proposalId: number;
  readonly status: "approved" | "rejected" | "expired" | "superseded";
  readonly resultVersion?: number;
  /** Other proposals this approval superseded. */
  readonly superseded: readonly number[];
}

/**
 * Applies an outcome to a proposal whose row the caller has locked, inside the caller's transaction:
 * the new version (or term, or deprecation), the status, the audit events and the outbox rows, together.
 * An approval whose base version is no longer current becomes "superseded" instead.
 */
export async function applyOutcome(
  repos: Repositories,
  proposal: Proposal,
  outcome: Outcome,
  actorRef: string,
  now: Date,
): Promise<Decided> {
  if (outcome !== "approved") {
    await repos.proposals.close(proposal.id, { status: outcome }, now);
    await recordClosing(repos, proposal, outcome, actorRef, now, {});
    return { proposalId: proposal.id, status: outcome, superseded: [] };
  }

  const applied = await applyApproval(repos, proposal, now);
  if (applied === undefined) {
    await repos.proposals.close(proposal.id, { status: "superseded" }, now);
    await recordClosing(repos, proposal, "superseded", actorRef, now, { reason: "base version no longer current" });
    return { proposalId: proposal.id, status: "superseded", superseded: [] };
  }
  await repos.proposals.close(
    proposal.id,
    applied.version === undefined ? { status: "approved" } : { status: "approved", resultVersion: applied.version },
    now,
  );
  await recordClosing(repos, proposal, "approved", actorRef, now, { termId: applied.termId, version: applied.version });

  const superseded: number[] = [];
  // A move that keeps the agreed words leaves the version as it was, so rival amendments of it stay open.
  const rivals = proposal.kind === "amend" && applied.version === undefined ? [] : await repos.proposals.competitors(proposal);
  for (const rival of rivals) {
    await repos.proposals.close(rival.id, { status: "superseded", supersededBy: proposal.id }, now);
    await repos.audit.record({
      at: now,
      actorRef,
      action: "proposal.superseded",
      subjectType: "proposal",
      subjectId: String(rival.id),
      before: { status: "open" },
      after: { status: "superseded", supersededBy: proposal.id },
    });
    await repos.outbox.enqueue(
      { kind: "proposal.superseded", proposalId: rival.id, payload: { supersededBy: proposal.id, version: applied.version ?? null } },
      now,
    );
    await noteImportProgress(repos, rival, now);
    superseded.push(rival.id);
  }
  return {
    proposalId: proposal.id,
    status: "approved",
    ...(applied.version === undefined ? {} : { resultVersion: applied.version }),
    superseded,
  };
}

/** Writes what an approval changes; undefined when the proposal's base is no longer current. */
async function applyApproval(
  repos: Repositories,
  proposal: Proposal,
  now: Date,
): Promise<{ termId: number; version?: number } | undefined> {
  const version = {
    text: proposal.text ?? "",
    example: proposal.example,
    formula: proposal.formula,
    proposedBy: proposal.proposerId,
    proposalId: proposal.id,
  };
  if (proposal.kind === "create") {
    const domains = await repos.proposals.domains(proposal.id);
    const owning = domains.find((d) => d.owning);
    const term = await repos.terms.insert(
      { slug: proposal.termSlug, name: proposal.termName, ownerDomainId: owning?.id ?? null, policy: null, tags: [] },
      version,
      now,
    );
    if (!term) return undefined;
    for (const domain of domains) {
      if (!domain.owning) await repos.terms.addConsumer(term.id, domain.id, now);
    }
    await equipCreatedTerm(repos, term.id, term.slug, proposal, now);
    await placeTerm(repos, term.id, proposal, now);
    // Terms agreed earlier under this one, waiting for it to exist.
    for (const childId of await repos.proposals.termsAwaitingParent(term.slug)) {
      if (childId !== term.id && !(await repos.terms.ancestorIds(term.id)).includes(childId)) await repos.terms.setParent(childId, term.id, now);
    }
    return { termId: term.id, version: 1 };
  }
  const term = await repos.terms.lock(proposal.termId!);
  if (!term || term.currentVersion !== proposal.baseVersion || term.status === "deprecated") return undefined;
  if (proposal.kind === "deprecate") {
    await repos.terms.setStatus(term.id, "deprecated", now);
    if (proposal.replacementTermId !== null) await repos.terms.setReplacement(term.id, proposal.replacementTermId, now);
    return { termId: term.id };
  }
  const next = term.currentVersion + 1;
  // An import's amend may change only the parent, keeping the agreed text: then no new version is written.
  const current = (await repos.terms.versions(term.id)).at(-1);
  const sameText = current !== undefined && current.text === version.text && current.example === version.example && current.formula === version.formula;
  await placeTerm(repos, term.id, proposal, now);
  if (sameText && proposal.parentSlug !== null) return { termId: term.id };
  await repos.terms.addVersion(term.id, next, version, now);
  return { termId: term.id, version: next };
}

/** Puts a term where its proposal places it, if that parent exists and the move makes no cycle. */
async function placeTerm(repos: Repositories, termId: number, proposal: Proposal, now: Date): Promise<void> {
  if (proposal.parentSlug === null) return;
  if (proposal.parentSlug === "") {
    await repos.terms.setParent(termId, null, now);
    return;
  }
  const parent = await repos.terms.findBySlug(proposal.parentSlug);
  if (!parent || parent.id === termId) return;
  if ((await repos.terms.ancestorIds(parent.id)).includes(termId)) return;
  await repos.terms.setParent(termId, parent.id, now);
}

/** What an imported proposal brings besides its definition, applied to the term it created. */
async function equipCreatedTerm(repos: Repositories, termId: number, slug: string, proposal: Proposal, now: Date): Promise<void> {
  const extras = proposal.extras;
  if (!extras) return;
  const aliases = (extras.aliases ?? []).map((alias) => ({ alias, slug: termSlug(alias) })).filter((a) => a.slug !== "" && a.slug !== slug);
  if (aliases.length > 0) await repos.terms.addAliases(termId, aliases, now);
  if (extras.tags && extras.tags.length > 0) await repos.terms.setTags(termId, extras.tags, now);
  if (extras.references && extras.references.length > 0) await repos.terms.setReferences(termId, extras.references);
  if (extras.catalogueFields && Object.keys(extras.catalogueFields).length > 0) {
    await repos.terms.setCatalogueFields(termId, extras.catalogueFields, now);
  }
  for (const relation of extras.relations ?? []) {
    const other = await repos.terms.findBySlug(relation.slug);
    if (other && other.id !== termId) await repos.terms.addRelation(termId, relation.type, other.id, now);
  }
}

async function recordClosing(
  repos: Repositories,
  proposal: Proposal,
  status: Decided["status"],
  actorRef: string,
  now: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await repos.audit.record({
    at: now,
    actorRef,
    action: `proposal.${status}`,
    subjectType: "proposal",
    subjectId: String(proposal.id),
    before: { status: "open" },
    after: { status, ...details, ...(proposal.importId === null ? {} : { importId: proposal.importId }) },
  });
  await repos.outbox.enqueue({ kind: "proposal.decided", proposalId: proposal.id, payload: { status, ...details } }, now);
  await noteImportProgress(repos, proposal, now);
}

/**
 * Once the last open proposal of an import closes, the import's outcome is announced once (`import.closed`), in
 * place of a thread reply per proposal. Called inside the transaction that closed it.
 */
export async function noteImportProgress(repos: Repositories, proposal: Proposal, now: Date): Promise<void> {
  if (proposal.importId === null) return;
  if ((await repos.proposals.openForImport(proposal.importId)) === 0) {
    await repos.outbox.enqueue({ kind: "import.closed", payload: { importId: proposal.importId } }, now);
  }
}
