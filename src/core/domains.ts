import { assertCanManageDomain, ensureMember, isAdmin, requireDomain } from "./access.js";
import type { CoreDeps } from "./deps.js";
import { ConcordError } from "./errors.js";
import { cleanDisplayText } from "./text/index.js";
import type { Actor, Domain, DomainSummary, Member, Platform, UserRef } from "./types.js";

/** Every domain with its owners and home channels. */
export function listDomains(deps: CoreDeps): Promise<DomainSummary[]> {
  return deps.store.repos.domains.list();
}

/**
 * The home channels on a platform of the domains among `domainIds` that have one there, each with its domain: where
 * a proposal's or an import's notice goes, besides the governance channel.
 */
export async function affectedHomes(
  deps: CoreDeps,
  platform: Platform,
  domainIds: Iterable<number>,
): Promise<{ readonly domain: DomainSummary; readonly channelId: string }[]> {
  const affected = new Set(domainIds);
  return (await listDomains(deps)).flatMap((domain) => {
    const home = affected.has(domain.id) ? domain.channels.find((c) => c.platform === platform) : undefined;
    return home ? [{ domain, channelId: home.channelId }] : [];
  });
}

/** Creates a domain (admins only). */
export async function addDomain(deps: CoreDeps, actor: Actor, input: { slug: string; name: string }): Promise<Domain> {
  const now = deps.clock.now();
  const name = cleanDisplayText(input.name);
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    if (!isAdmin(deps.access, actor, member)) {
      throw new ConcordError("forbidden", "Only an admin can add a domain. Ask one of the people listed in ADMIN_USERS.");
    }
    const domain = await repos.domains.insert({ slug: input.slug, name }, now);
    if (!domain) {
      throw new ConcordError("domain-exists", `There is already a domain "${input.slug}".`, { domain: input.slug });
    }
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "domain.added",
      subjectType: "domain",
      subjectId: domain.slug,
      after: { slug: domain.slug, name: domain.name },
    });
    return domain;
  });
}

export interface OwnerChanged {
  readonly domain: Domain;
  readonly owner: Member;
  readonly action: "add" | "remove";
  /** False when nothing changed (already an owner, or not one). */
  readonly changed: boolean;
  readonly owners: readonly Member[];
}

/** Adds or removes an owner of a domain (admins, or the domain's own owners). */
export async function changeDomainOwner(
  deps: CoreDeps,
  actor: Actor,
  input: { slug: string; action: "add" | "remove"; owner: UserRef; ownerName?: string },
): Promise<OwnerChanged> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const domain = await requireDomain(repos, input.slug);
    await assertCanManageDomain(repos, deps.access, actor, member, domain, "change its owners");
    // A platform mention carries the person's name (Teams does): kept for a member Concord knew only by ref.
    const owner = await ensureMember(repos, { ref: input.owner, ...(input.ownerName ? { displayName: input.ownerName } : {}) }, now);
    const changed =
      input.action === "add"
        ? await repos.domains.addOwner(domain.id, owner.id, now)
        : await repos.domains.removeOwner(domain.id, owner.id);
    if (changed) {
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: input.action === "add" ? "domain.owner-added" : "domain.owner-removed",
        subjectType: "domain",
        subjectId: domain.slug,
        after: { owner: input.owner },
      });
      // Open proposals tally the domain's current owners: their messages show who can vote now (or that none can).
      for (const proposal of await repos.proposals.openForDomains([domain.id])) {
        await repos.outbox.enqueue({ kind: "proposal.tally", proposalId: proposal.id, payload: {} }, now);
      }
    }
    return { domain, owner, action: input.action, changed, owners: await repos.domains.owners(domain.id) };
  });
}

/** Makes the channel the command was run in a domain's home on that platform (admins, or its owners). */
export async function setDomainChannel(
  deps: CoreDeps,
  actor: Actor,
  input: { slug: string; platform: Platform; channelId: string; address?: unknown },
): Promise<{ domain: Domain; previous: string | undefined }> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const domain = await requireDomain(repos, input.slug);
    await assertCanManageDomain(repos, deps.access, actor, member, domain, "choose its home channel");
    const previous = await repos.domains.setChannel(
      domain.id,
      { platform: input.platform, channelId: input.channelId, address: input.address },
      now,
    );
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "domain.channel-set",
      subjectType: "domain",
      subjectId: domain.slug,
      before: previous ? { platform: input.platform, channelId: previous } : undefined,
      after: { platform: input.platform, channelId: input.channelId },
    });
    return { domain, previous };
  });
}
