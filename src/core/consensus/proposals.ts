import { ensureMember, isAdmin, requireDomain, resolveActingDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import { requireTerm, resolveTerm } from "../glossary/lookup.js";
import type { Repositories } from "../ports.js";
import { cleanDisplayText, termSlug } from "../text/index.js";
import type { Actor, Domain, Member, Platform, Proposal, ProposalExtras, ProposalKind, Term } from "../types.js";
import { noteImportProgress } from "./decide.js";
import { findNearDuplicates, type NearDuplicate } from "./near-duplicates.js";
import { proposalPassability, type Passability } from "./stuck.js";

const HOUR_MS = 60 * 60 * 1000;

export interface ProposeInput {
  /** The term's name as typed; an existing term (by name or alias) is amended, else a new one is proposed. */
  readonly term: string;
  /** `for <domain>`: the domain proposing; for a new term, the domain that will own it. */
  readonly domain?: string;
  readonly text: string;
  readonly rationale?: string;
  readonly example?: string;
  readonly formula?: string;
  /** Domains that depend on the term, added to the affected domains. */
  readonly consumers?: readonly string[];
  /** Where it was proposed, so its card is shown there too. */
  readonly origin?: ProposalOrigin;
}

/** The conversation a proposal was made in, carried by its `proposal.opened` event to that platform's notifier. */
export interface ProposalOrigin {
  readonly platform: Platform;
  readonly conversationId: string;
}

export interface Opened {
  readonly proposal: Proposal;
  readonly affected: readonly Domain[];
  /** Existing terms very like a proposed new one. */
  readonly nearDuplicates: readonly NearDuplicate[];
  /** Affected domains that cannot reach a position as things stand, and whether it can pass at all. */
  readonly passability: Passability;
}

/** What a `propose` would do, before the form opens: amend or create, and near-duplicates to warn of. */
export async function previewProposal(
  deps: CoreDeps,
  input: { term: string; text?: string },
): Promise<{ kind: "create" | "amend"; term: Term | undefined; currentText: string | undefined; nearDuplicates: NearDuplicate[] }> {
  const repos = deps.store.repos;
  const existing = await findExistingTerm(repos, input.term);
  const nearDuplicates = await findNearDuplicates(repos, {
    name: existing?.name ?? input.term,
    text: input.text ?? null,
    ...(existing ? { excludeTermId: existing.id } : {}),
  });
  const currentText = existing ? (await repos.terms.details(existing.id)).current.text : undefined;
  return { kind: existing ? "amend" : "create", term: existing, currentText, nearDuplicates };
}

/** Opens a proposal to create or amend a term, snapshotting its affected domains and policy. */
export async function openProposal(deps: CoreDeps, actor: Actor, input: ProposeInput): Promise<Opened> {
  const now = deps.clock.now();
  const text = input.text.trim();
  if (text === "") throw new ConcordError("invalid-input", "Please write the definition you propose.");
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const existing = await findExistingTerm(repos, input.term);
    const extra = await resolveDomains(repos, input.consumers ?? []);
    if (existing) {
      ensureActive(existing, "amend");
      if (input.domain) await requireDomain(repos, input.domain);
      const current = (await repos.terms.details(existing.id)).current;
      if (current.text.trim() === text) {
        throw new ConcordError(
          "invalid-input",
          `That is already the agreed definition of ${existing.name} (version ${existing.currentVersion}); there is nothing to change.`,
        );
      }
      return open(deps, repos, member, actor, now, {
        kind: "amend",
        term: existing,
        text,
        input,
        affected: await termAffected(repos, existing, extra),
        nearDuplicates: [],
      });
    }
    const name = cleanDisplayText(input.term);
    const owning = await resolveActingDomain(repos, member, input.domain, `propose ${name}`);
    const nearDuplicates = await findNearDuplicates(repos, { name, text });
    const affected = [{ domain: owning, owning: true }, ...extra.filter((d) => d.id !== owning.id).map((domain) => ({ domain, owning: false }))];
    return open(deps, repos, member, actor, now, { kind: "create", name, text, input, affected, nearDuplicates });
  });
}

/** Opens a proposal to deprecate a term. */
export async function proposeDeprecation(
  deps: CoreDeps,
  actor: Actor,
  input: { term: string; rationale?: string; replacement?: string; origin?: ProposalOrigin },
): Promise<Opened> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await findExistingTerm(repos, input.term);
    if (!term) throw new ConcordError("not-found", `There is no term "${input.term}" to deprecate.`, { query: input.term });
    ensureActive(term, "deprecate");
    const replacement = input.replacement === undefined ? undefined : await requireTerm(repos, input.replacement);
    if (replacement?.id === term.id) {
      throw new ConcordError("invalid-input", `${term.name} cannot be deprecated in favour of itself; name the term that replaces it.`);
    }
    if (replacement?.status === "deprecated") {
      throw new ConcordError("invalid-input", `${replacement.name} is deprecated itself, so ${term.name} cannot point to it; name an active term.`);
    }
    return open(deps, repos, member, actor, now, {
      kind: "deprecate",
      term,
      ...(replacement ? { replacement } : {}),
      text: null,
      input: {
        term: input.term,
        text: "",
        ...(input.rationale ? { rationale: input.rationale } : {}),
        ...(input.origin ? { origin: input.origin } : {}),
      },
      affected: await termAffected(repos, term, []),
      nearDuplicates: [],
    });
  });
}

/**
 * Opens a proposal to place a term under another (or at the top level, `parent: null`), keeping its agreed words:
 * decided by its affected domains like an amendment. Refused when it changes nothing or would make a cycle.
 */
export async function proposeMove(
  deps: CoreDeps,
  actor: Actor,
  input: { term: string; parent: string | null; rationale?: string; origin?: ProposalOrigin },
): Promise<Opened> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await findExistingTerm(repos, input.term);
    if (!term) throw new ConcordError("not-found", `There is no term "${input.term}" to move.`, { query: input.term });
    ensureActive(term, "move");
    const details = await repos.terms.details(term.id);
    const parent = input.parent === null ? null : await requireTerm(repos, input.parent);
    if (parent === null && details.parent === null) {
      throw new ConcordError("invalid-input", `${term.name} is already at the top level; there is nothing to change.`);
    }
    if (parent !== null) {
      if (parent.id === term.id) throw new ConcordError("invalid-input", `${term.name} cannot sit under itself; name the term it belongs under.`);
      if (details.parent?.id === parent.id) {
        throw new ConcordError("invalid-input", `${term.name} is already under ${parent.name}; there is nothing to change.`);
      }
      if ((await repos.terms.ancestorIds(parent.id)).includes(term.id)) {
        throw new ConcordError("invalid-input", `${parent.name} sits under ${term.name}, so ${term.name} cannot go under it: that would make a loop.`);
      }
    }
    const current = details.current;
    return open(deps, repos, member, actor, now, {
      kind: "amend",
      term,
      text: current.text,
      input: {
        term: input.term,
        text: current.text,
        ...(current.example ? { example: current.example } : {}),
        ...(current.formula ? { formula: current.formula } : {}),
        ...(input.rationale ? { rationale: input.rationale } : {}),
        ...(input.origin ? { origin: input.origin } : {}),
      },
      affected: await termAffected(repos, term, []),
      nearDuplicates: [],
      parentSlug: parent === null ? "" : parent.slug,
    });
  });
}

/** A proposal an import opens, inside the import's transaction: a new term, or a changed definition or parent. */
export interface ImportedProposal {
  readonly importId: number;
  readonly name: string;
  /** The term it amends or deprecates; absent for a new term. */
  readonly term?: Term;
  readonly kind: ProposalKind;
  readonly text: string | null;
  readonly example: string | null;
  readonly formula: string | null;
  readonly rationale: string;
  /** A new term's owning domain and consumers. */
  readonly owner?: Domain | null;
  readonly consumers?: readonly Domain[];
  readonly parentSlug: string | null;
  readonly extras?: ProposalExtras;
}

/**
 * Opens a proposal for an import (admins only, checked by the import): the same snapshot of affected domains and
 * policy as `propose`, announced by the import's notice. Throws `invalid-input` when nobody could vote on it.
 */
export async function openImportedProposal(
  deps: CoreDeps,
  repos: Repositories,
  member: Member,
  actor: Actor,
  now: Date,
  input: ImportedProposal,
): Promise<Proposal> {
  const common = {
    input: { term: input.name, text: input.text ?? "", rationale: input.rationale, ...(input.example ? { example: input.example } : {}), ...(input.formula ? { formula: input.formula } : {}) },
    nearDuplicates: [],
    parentSlug: input.parentSlug,
    importId: input.importId,
    ...(input.extras ? { extras: input.extras } : {}),
  };
  if (input.term && input.kind !== "create") {
    const affected = await termAffected(repos, input.term, []);
    return (await open(deps, repos, member, actor, now, { kind: input.kind, term: input.term, text: input.text, affected, ...common })).proposal;
  }
  const affected: AffectedSnapshot[] = [
    ...(input.owner ? [{ domain: input.owner, owning: true }] : []),
    ...(input.consumers ?? []).filter((d) => d.id !== input.owner?.id).map((domain) => ({ domain, owning: false })),
  ];
  const opening: Opening = { kind: "create", name: input.name, text: input.text ?? "", affected, ...common };
  return (await open(deps, repos, member, actor, now, opening)).proposal;
}

/** Withdraws an open proposal; only its proposer (or an admin) may. */
export async function withdrawProposal(deps: CoreDeps, actor: Actor, proposalId: number): Promise<Proposal> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const proposal = await requireOpenProposal(repos, proposalId);
    if (proposal.proposerId !== member.id && !isAdmin(deps.access, actor, member)) {
      throw new ConcordError("forbidden", `Only the person who opened proposal #${proposal.id} on ${proposal.termName}, or an admin, can withdraw it.`);
    }
    await repos.proposals.close(proposal.id, { status: "withdrawn" }, now);
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "proposal.withdrawn",
      subjectType: "proposal",
      subjectId: String(proposal.id),
      before: { status: "open" },
      after: { status: "withdrawn" },
    });
    await repos.outbox.enqueue({ kind: "proposal.withdrawn", proposalId: proposal.id, payload: { by: actor.ref } }, now);
    await noteImportProgress(repos, proposal, now);
    return (await repos.proposals.get(proposal.id))!;
  });
}

/**
 * Locks a proposal for the caller's transaction (its term's slug first, then its row); undefined if none.
 * A shared lock (for writing a vote) takes only the row: it never waits on the slug, so it cannot deadlock.
 */
export async function lockProposal(
  repos: Repositories,
  proposalId: number,
  lock: true | "share" = true,
): Promise<Proposal | undefined> {
  if (lock === "share") return repos.proposals.get(proposalId, { lock });
  const unlocked = await repos.proposals.get(proposalId);
  if (!unlocked) return undefined;
  await repos.proposals.lockTermSlug(unlocked.termSlug);
  return repos.proposals.get(proposalId, { lock: true });
}

/** A proposal that must still be open, locked for the caller's transaction; a polite error otherwise. */
export async function requireOpenProposal(
  repos: Repositories,
  proposalId: number,
  lock: true | "share" = true,
): Promise<Proposal> {
  const proposal = await lockProposal(repos, proposalId, lock);
  if (!proposal) throw new ConcordError("not-found", `There is no proposal #${proposalId}.`);
  if (proposal.status !== "open") {
    throw new ConcordError("closed", `Proposal #${proposal.id} on ${proposal.termName} is already ${proposal.status}.`, {
      status: proposal.status,
    });
  }
  return proposal;
}

/** What an import adds to an opening: where the term goes, which import, what else it brings. */
interface ImportedOpening {
  readonly parentSlug?: string | null;
  readonly importId?: number;
  readonly extras?: ProposalExtras;
}

type Opening = ImportedOpening &
  (
  | { kind: "create"; name: string; text: string; input: ProposeInput; affected: AffectedSnapshot[]; nearDuplicates: NearDuplicate[] }
  | {
      kind: Exclude<ProposalKind, "create">;
      term: Term;
      /** A deprecation's replacement, which lookups point to once it is agreed. */
      replacement?: Term;
      text: string | null;
      input: ProposeInput;
      affected: AffectedSnapshot[];
      nearDuplicates: NearDuplicate[];
    }
  );

interface AffectedSnapshot {
  readonly domain: Domain;
  readonly owning: boolean;
}

async function open(
  deps: CoreDeps,
  repos: Repositories,
  member: Member,
  actor: Actor,
  now: Date,
  opening: Opening,
): Promise<Opened> {
  const term = opening.kind === "create" ? undefined : opening.term;
  if (opening.affected.length === 0) {
    throw new ConcordError(
      "invalid-input",
      `${term?.name ?? "This term"} has no owning or consuming domain, so nobody could vote on it. ` +
        "An admin or a domain owner can first `subscribe` a domain to it.",
    );
  }
  const rationale = opening.input.rationale?.trim() ?? "";
  const proposal = await repos.proposals.insert(
    {
      kind: opening.kind,
      termId: term?.id ?? null,
      termSlug: term?.slug ?? termSlug(opening.kind === "create" ? opening.name : ""),
      termName: term?.name ?? (opening.kind === "create" ? opening.name : ""),
      baseVersion: term?.currentVersion ?? null,
      text: opening.text,
      example: opening.input.example?.trim() || null,
      formula: opening.input.formula?.trim() || null,
      rationale,
      proposerId: member.id,
      proposerRef: actor.ref,
      policy: term?.policy ?? deps.governance.defaultPolicy,
      allowSelfApproval: deps.governance.allowSelfApproval,
      deadline: new Date(now.getTime() + deps.governance.proposalTtlHours * HOUR_MS),
      replacementTermId: opening.kind === "create" ? null : (opening.replacement?.id ?? null),
      parentSlug: opening.parentSlug ?? null,
      importId: opening.importId ?? null,
      extras: opening.extras ?? null,
    },
    opening.affected.map((a) => ({ domainId: a.domain.id, owning: a.owning })),
    now,
  );
  await repos.audit.record({
    at: now,
    actorRef: actor.ref,
    action: "proposal.opened",
    subjectType: "proposal",
    subjectId: String(proposal.id),
    after: {
      kind: proposal.kind,
      term: proposal.termSlug,
      baseVersion: proposal.baseVersion,
      text: proposal.text,
      policy: proposal.policy,
      deadline: proposal.deadline.toISOString(),
      affected: opening.affected.map((a) => a.domain.slug),
      ...(opening.kind !== "create" && opening.replacement ? { replacement: opening.replacement.slug } : {}),
    },
  });
  const origin = opening.input.origin;
  // A proposal an import opened is announced by the import's one notice per domain, not by a message of its own.
  const payload = opening.importId !== undefined ? { importId: opening.importId } : origin ? { origin } : {};
  await repos.outbox.enqueue({ kind: "proposal.opened", proposalId: proposal.id, payload }, now);
  const passability = proposalPassability(proposal, await repos.proposals.domains(proposal.id));
  return { proposal, affected: opening.affected.map((a) => a.domain), nearDuplicates: opening.nearDuplicates, passability };
}

/** An existing term by exact name or a single alias; a near miss is not enough to amend it. */
async function findExistingTerm(repos: Repositories, name: string): Promise<Term | undefined> {
  const resolved = await resolveTerm(repos, name, { allowFuzzy: false });
  return resolved.kind === "found" ? resolved.term : undefined;
}

async function resolveDomains(repos: Repositories, slugs: readonly string[]): Promise<Domain[]> {
  const domains: Domain[] = [];
  for (const slug of new Set(slugs)) domains.push(await requireDomain(repos, slug));
  return domains;
}

/** The term's owning domain and its consumers (plus any named), as the affected set. */
async function termAffected(repos: Repositories, term: Term, extra: readonly Domain[]): Promise<AffectedSnapshot[]> {
  const details = await repos.terms.details(term.id);
  const affected = new Map<number, AffectedSnapshot>();
  if (term.ownerDomain) affected.set(term.ownerDomain.id, { domain: term.ownerDomain, owning: true });
  for (const domain of [...details.consumers, ...extra]) {
    if (!affected.has(domain.id)) affected.set(domain.id, { domain, owning: false });
  }
  return [...affected.values()];
}

function ensureActive(term: Term, action: string): void {
  if (term.status === "deprecated") {
    throw new ConcordError("invalid-input", `${term.name} is deprecated, so there is nothing to ${action}.`);
  }
}
