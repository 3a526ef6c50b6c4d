import { assertCanManageDomain, ensureMember, requireDomain } from "../access.js";
import { openProposal, type Opened } from "../consensus/proposals.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import { measureDrift, type DriftFigure } from "../glossary/drift.js";
import { recordVariant, type VariantRecorded } from "../glossary/variants.js";
import type { Repositories, StoredUsage } from "../ports.js";
import { diffWords, type DiffPart } from "../text/index.js";
import type { Actor, Domain } from "../types.js";

/** What a changed usage's notice shows: which product, its text before and now, and how it differs from the agreed definition. */
export interface UsageChangeView {
  readonly usageId: number;
  readonly term: { readonly id: number; readonly name: string; readonly slug: string };
  readonly domain: Domain;
  readonly project: string;
  readonly kind: StoredUsage["kind"];
  readonly path: string;
  readonly previous: string;
  readonly description: string;
  readonly agreed: { readonly version: number; readonly text: string };
  /** Word by word, the previous text against the new one. */
  readonly sincePrevious: readonly DiffPart[];
  /** Word by word, the agreed definition against the new text. */
  readonly fromAgreed: readonly DiffPart[];
  readonly drift: DriftFigure;
  /** The link was marked wrong or the project no longer has the item: the buttons are of no use any more. */
  readonly removed: boolean;
}

/**
 * A changed usage's notice in the post ledger, which keys posts by proposal: it concerns none (proposal 0), so its
 * purpose names the usage and the ingest that changed it. One key for every platform.
 */
export function usageNoticePurpose(payload: { readonly usageId: number; readonly ingestId: number }): string {
  return `usage-changed:${payload.usageId}:${payload.ingestId}`;
}

/** A changed usage's notice as it reads now (null when the usage or its term is gone, or it has no earlier text). */
export async function viewUsageChange(deps: CoreDeps, usageId: number): Promise<UsageChangeView | null> {
  const repos = deps.store.repos;
  const usage = await repos.usages.usageById(usageId);
  if (!usage || usage.previousDescription === null) return null;
  const domain = await repos.domains.findBySlug(usage.domainSlug);
  const details = await repos.terms.details(usage.termId).catch(() => undefined);
  if (!domain || !details) return null;
  const agreed = { version: details.current.version, text: details.current.text };
  return {
    usageId: usage.id,
    term: { id: details.term.id, name: details.term.name, slug: details.term.slug },
    domain,
    project: usage.project,
    kind: usage.kind,
    path: usage.path,
    previous: usage.previousDescription,
    description: usage.description,
    agreed,
    sincePrevious: diffWords(usage.previousDescription, usage.description),
    fromAgreed: diffWords(agreed.text, usage.description),
    drift: measureDrift(agreed.text, usage.description),
    removed: usage.removedIngestId !== null,
  };
}

/** The usage and its owning domain, once the actor is shown to be one of its owners or an admin. */
async function ownedUsage(deps: CoreDeps, repos: Repositories, actor: Actor, usageId: number, what: string) {
  const now = deps.clock.now();
  const member = await ensureMember(repos, actor, now);
  const usage = await repos.usages.usageById(usageId);
  if (!usage) throw new ConcordError("invalid-input", "That data product's link is no longer recorded.");
  const domain = await requireDomain(repos, usage.domainSlug);
  await assertCanManageDomain(repos, deps.access, actor, member, domain, what);
  if (usage.removedIngestId !== null) throw new ConcordError("invalid-input", `${usage.path} is no longer linked (its link was marked wrong, or ${usage.project} no longer has it).`);
  return { usage, domain, member, now };
}

/** "Propose this as the shared definition": a proposal on the usage's term whose text is the product's description. */
export async function proposeFromUsage(deps: CoreDeps, actor: Actor, usageId: number): Promise<Opened> {
  const { usage, domain } = await deps.store.transaction((repos) => ownedUsage(deps, repos, actor, usageId, "propose its data product's description"));
  const details = await deps.store.repos.terms.details(usage.termId);
  return openProposal(deps, actor, {
    term: details.term.name,
    text: usage.description,
    domain: domain.slug,
    rationale: `${domain.name}'s ${usage.project} describes ${usage.path} this way.`,
  });
}

/** "Record as our variant": the product's description becomes its domain's variant of the term, as `variant` records one. */
export async function recordUsageVariant(deps: CoreDeps, actor: Actor, usageId: number): Promise<VariantRecorded> {
  const { usage, domain } = await deps.store.transaction((repos) => ownedUsage(deps, repos, actor, usageId, "record its variant"));
  const details = await deps.store.repos.terms.details(usage.termId);
  return recordVariant(deps, actor, { term: details.term.name, domain: domain.slug, text: usage.description });
}

/** "The link is wrong": the usage is removed and the link is never made or suggested again. */
export async function rejectUsageLink(deps: CoreDeps, actor: Actor, usageId: number): Promise<{ readonly path: string; readonly term: string }> {
  return deps.store.transaction(async (repos) => {
    const { usage, domain, member, now } = await ownedUsage(deps, repos, actor, usageId, "unlink its data product");
    const details = await repos.terms.details(usage.termId);
    await repos.usages.rejectLink(usage, { memberId: member.id, at: now });
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "usage.link-rejected",
      subjectType: "domain",
      subjectId: domain.slug,
      before: { usage: usage.id, term: details.term.slug, project: usage.project, path: usage.path },
    });
    return { path: usage.path, term: details.term.name };
  });
}
