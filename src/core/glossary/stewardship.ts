import { ensureMember, isAdmin, requireDomain, type AccessPolicy } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import { cleanDisplayText, termSlug } from "../text/index.js";
import type { Actor, Domain, Member, Policy, Proposal, Term } from "../types.js";
import { requireTerm } from "./lookup.js";

/** Throws unless the actor is an admin or an owner of the term's owning domain. */
export async function assertCanManageTerm(
  repos: Repositories,
  access: AccessPolicy,
  actor: Actor,
  member: Member,
  term: Term,
  what: string,
): Promise<void> {
  if (isAdmin(access, actor, member)) return;
  const steward = term.ownerDomain;
  if (!steward) {
    throw new ConcordError("forbidden", `${term.name} has no owning domain, so only an admin can ${what}.`, { term: term.slug });
  }
  const owners = await repos.domains.owners(steward.id);
  if (owners.some((owner) => owner.id === member.id)) return;
  throw new ConcordError(
    "forbidden",
    `Only an admin or an owner of ${steward.name} (${steward.slug}), which owns ${term.name}, can ${what}.`,
    { term: term.slug, domain: steward.slug },
  );
}

export interface AliasChanged {
  readonly term: Term;
  readonly alias: string;
  readonly action: "add" | "remove";
  /** False when nothing changed (already an alias, or not one). */
  readonly changed: boolean;
  /** The term's aliases now. */
  readonly aliases: readonly string[];
}

/**
 * Adds or removes an alias of a term (the owning domain's owners or an admin). An alias that is another term's
 * name or alias is refused, naming that term, so a lookup by it keeps finding one term.
 */
export async function changeAlias(
  deps: CoreDeps,
  actor: Actor,
  input: { term: string; action: "add" | "remove"; alias: string },
): Promise<AliasChanged> {
  const now = deps.clock.now();
  const alias = cleanDisplayText(input.alias);
  const slug = termSlug(alias);
  if (slug === "") throw new ConcordError("invalid-input", "An alias needs at least one letter or digit.");
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await requireTerm(repos, input.term);
    const verb = input.action === "add" ? "add an alias to it" : "remove its aliases";
    await assertCanManageTerm(repos, deps.access, actor, member, term, verb);
    if (input.action === "add") {
      if (slug === term.slug) {
        throw new ConcordError("invalid-input", `“${alias}” is ${term.name}'s own name, so it needs no alias.`);
      }
      const named = await repos.terms.findBySlug(slug);
      if (named) {
        throw new ConcordError("term-exists", `“${alias}” is already the name of the term ${named.name}, so it cannot also be an alias of ${term.name}.`, {
          term: named.slug,
        });
      }
      const other = (await repos.terms.findByAlias(slug)).find((t) => t.id !== term.id);
      if (other) {
        throw new ConcordError("term-exists", `“${alias}” is already an alias of ${other.name}, so it cannot also be an alias of ${term.name}.`, {
          term: other.slug,
        });
      }
    }
    const changed =
      input.action === "add"
        ? (await repos.terms.addAliases(term.id, [{ alias, slug }], now)).length > 0
        : (await repos.terms.removeAlias(term.id, slug)) !== undefined;
    if (changed) {
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: input.action === "add" ? "term.alias-added" : "term.alias-removed",
        subjectType: "term",
        subjectId: term.slug,
        ...(input.action === "add" ? { after: { alias } } : { before: { alias } }),
      });
    }
    return { term, alias, action: input.action, changed, aliases: (await repos.terms.details(term.id)).aliases };
  });
}

export interface PolicySet {
  readonly term: Term;
  /** The term's own policy before, or null when it followed the default. */
  readonly before: Policy | null;
  readonly policy: Policy;
  readonly changed: boolean;
  /** Open proposals on the term, which keep the policy they were opened with. */
  readonly open: readonly Proposal[];
}

/** Sets how future proposals on a term are decided (the owning domain's owners or an admin); open ones keep theirs. */
export async function setTermPolicy(deps: CoreDeps, actor: Actor, input: { term: string; policy: Policy }): Promise<PolicySet> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await requireTerm(repos, input.term);
    await assertCanManageTerm(repos, deps.access, actor, member, term, "change its policy");
    const changed = term.policy !== input.policy;
    if (changed) {
      await repos.terms.setPolicy(term.id, input.policy, now);
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: "term.policy-set",
        subjectType: "term",
        subjectId: term.slug,
        before: { policy: term.policy },
        after: { policy: input.policy },
      });
    }
    const open = (await repos.proposals.forTerm(term.slug, 50)).filter((p) => p.status === "open");
    return { term, before: term.policy, policy: input.policy, changed, open };
  });
}

export interface DomainOwners {
  readonly domain: Domain;
  readonly owners: readonly Member[];
}

/** A domain's owners, for anyone to read. */
export async function listDomainOwners(deps: CoreDeps, slug: string): Promise<DomainOwners> {
  const repos = deps.store.repos;
  const domain = await requireDomain(repos, slug);
  return { domain, owners: await repos.domains.owners(domain.id) };
}
