import { assertCanManageDomain, ensureMember, resolveActingDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Actor, DefinitionVersion, Term } from "../types.js";
import { measureVariants, type VariantDrift } from "./drift.js";
import { requireTerm } from "./lookup.js";

export interface VariantRecorded {
  readonly term: Term;
  readonly agreed: DefinitionVersion;
  readonly drift: VariantDrift;
  /** True when the domain had a variant before and this replaced it. */
  readonly replaced: boolean;
}

/** Records (or replaces) a domain's working definition of a term and reports its drift from the agreed one. */
export async function recordVariant(
  deps: CoreDeps,
  actor: Actor,
  input: { term: string; domain?: string; text: string },
): Promise<VariantRecorded> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await requireTerm(repos, input.term);
    const domain = await resolveActingDomain(repos, member, input.domain, `variant ${term.name}`);
    await assertCanManageDomain(repos, deps.access, actor, member, domain, `record ${domain.name}'s variant`);
    const details = await repos.terms.details(term.id);
    if (details.current.text.trim() === input.text.trim()) {
      throw new ConcordError(
        "invalid-input",
        `That is word for word the agreed definition of ${term.name} (version ${term.currentVersion}), so ${domain.name} has no variant to record.`,
      );
    }
    const { before, after } = await repos.terms.upsertVariant(
      { termId: term.id, domainId: domain.id, text: input.text, baseVersion: term.currentVersion, updatedBy: member.id },
      now,
    );
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: before ? "variant.updated" : "variant.recorded",
      subjectType: "variant",
      subjectId: `${term.slug}/${domain.slug}`,
      before: before ? { text: before.text, baseVersion: before.baseVersion } : undefined,
      after: { text: after.text, baseVersion: after.baseVersion },
    });
    const [drift] = measureVariants(details.current, [after]);
    return { term, agreed: details.current, drift: drift!, replaced: before !== undefined };
  });
}
