import { assertCanManageDomain, ensureMember, isAdmin, requireDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import { cleanDisplayText, termSlug } from "../text/index.js";
import type { Actor, Domain, Policy, Term } from "../types.js";
import { requireTerm } from "./lookup.js";

/** A term as an import file or a seed describes it: agreed already, at version 1. */
export interface ImportedTerm {
  readonly name: string;
  readonly text: string;
  readonly example?: string;
  readonly formula?: string;
  readonly aliases?: readonly string[];
  readonly ownerDomain?: string;
  readonly consumers?: readonly string[];
  readonly tags?: readonly string[];
  readonly policy?: Policy;
}

/** Adds an agreed term directly (admins only): for imports and seeding, not for everyday changes. */
export async function importTerm(deps: CoreDeps, actor: Actor, input: ImportedTerm): Promise<Term> {
  const now = deps.clock.now();
  const name = cleanDisplayText(input.name);
  const slug = termSlug(name);
  if (slug === "") throw new ConcordError("invalid-input", "A term name needs at least one letter or digit.");
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    if (!isAdmin(deps.access, actor, member)) {
      throw new ConcordError("forbidden", "Only an admin can add agreed terms directly; anyone can `propose` one.");
    }
    const owner = input.ownerDomain ? await requireDomain(repos, input.ownerDomain) : null;
    const consumers: Domain[] = [];
    for (const consumer of input.consumers ?? []) consumers.push(await requireDomain(repos, consumer));
    const term = await repos.terms.insert(
      {
        slug,
        name,
        ownerDomainId: owner?.id ?? null,
        policy: input.policy ?? null,
        tags: [...new Set((input.tags ?? []).map(cleanDisplayText).filter(Boolean))],
      },
      { text: input.text, example: input.example ?? null, formula: input.formula ?? null, proposedBy: member.id, proposalId: null },
      now,
    );
    if (!term) {
      throw new ConcordError("term-exists", `The glossary already has a term named like "${name}".`, { slug });
    }
    const aliases = (input.aliases ?? [])
      .map((alias) => ({ alias: cleanDisplayText(alias), slug: termSlug(alias) }))
      .filter((alias) => alias.slug !== "" && alias.slug !== slug);
    await repos.terms.addAliases(term.id, aliases, now);
    for (const consumer of consumers) {
      if (consumer.id !== owner?.id) await repos.terms.addConsumer(term.id, consumer.id, now);
    }
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "term.imported",
      subjectType: "term",
      subjectId: term.slug,
      after: { ...input, name, version: 1 },
    });
    return term;
  });
}

export interface Subscribed {
  readonly term: Term;
  readonly domain: Domain;
  /** False when the domain already consumed (or owned) the term. */
  readonly added: boolean;
}

/** Marks a domain as consuming a term, so its owners vote on future changes (admins or that domain's owners). */
export async function subscribeDomain(
  deps: CoreDeps,
  actor: Actor,
  input: { term: string; domain: string },
): Promise<Subscribed> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await requireTerm(repos, input.term);
    const domain = await requireDomain(repos, input.domain);
    await assertCanManageDomain(repos, deps.access, actor, member, domain, `subscribe ${domain.name} to a term`);
    if (term.ownerDomain?.id === domain.id) return { term, domain, added: false };
    const added = await repos.terms.addConsumer(term.id, domain.id, now);
    if (added) {
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: "term.consumer-added",
        subjectType: "term",
        subjectId: term.slug,
        after: { consumer: domain.slug },
      });
    }
    return { term, domain, added };
  });
}
