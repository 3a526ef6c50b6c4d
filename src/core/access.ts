import { ConcordError } from "./errors.js";
import { cleanDisplayName } from "./members.js";
import type { Repositories } from "./ports.js";
import type { Actor, Domain, Member, Platform } from "./types.js";

/** Who may change what: admins from settings, and each domain's owners for their own domain. */
export interface AccessPolicy {
  readonly admins: ReadonlySet<string>;
}

/** The platform a user ref belongs to. */
export function platformOf(ref: string): Platform {
  const prefix = ref.slice(0, ref.indexOf(":"));
  if (prefix === "slack" || prefix === "teams" || prefix === "local") return prefix;
  throw new ConcordError("invalid-input", `"${ref}" is not a user reference Concord understands.`);
}

/** The actor's member row, created on first sight, and named from the actor's display name when it had none. */
export function ensureMember(repos: Repositories, actor: Actor, now: Date): Promise<Member> {
  return repos.members.ensure(actor.ref, platformOf(actor.ref), cleanDisplayName(actor.displayName), now);
}

/** True when the member (or the actor's ref) is listed in ADMIN_USERS. */
export function isAdmin(access: AccessPolicy, actor: Actor, member?: Member): boolean {
  if (access.admins.has(actor.ref)) return true;
  return member?.refs.some((ref) => access.admins.has(ref)) ?? false;
}

/** Throws unless the actor is an admin or an owner of the domain. */
export async function assertCanManageDomain(
  repos: Repositories,
  access: AccessPolicy,
  actor: Actor,
  member: Member,
  domain: Domain,
  what: string,
): Promise<void> {
  if (isAdmin(access, actor, member)) return;
  const owners = await repos.domains.owners(domain.id);
  if (owners.some((owner) => owner.id === member.id)) return;
  throw new ConcordError(
    "forbidden",
    `Only an admin or an owner of ${domain.name} (${domain.slug}) can ${what}.`,
    { domain: domain.slug },
  );
}

/** The domain with this slug, or a polite error naming it. */
export async function requireDomain(repos: Repositories, slug: string): Promise<Domain> {
  const domain = await repos.domains.findBySlug(slug);
  if (!domain) {
    throw new ConcordError(
      "unknown-domain",
      `There is no domain "${slug}". \`domain list\` shows the domains Concord knows.`,
      { domain: slug },
    );
  }
  return domain;
}

/**
 * The domain a member acts for: the one named, else the only one they own.
 * Owning none or several without naming one is a question back to the user.
 */
export async function resolveActingDomain(
  repos: Repositories,
  member: Member,
  named: string | undefined,
  command: string,
): Promise<Domain> {
  if (named) return requireDomain(repos, named);
  const owned = await repos.domains.ownedBy(member.id);
  if (owned.length === 1) return owned[0]!;
  if (owned.length === 0) {
    throw new ConcordError(
      "needs-domain",
      `Which domain is this for? You don't own a domain, so please name one: \`${command} for <domain>\`.`,
    );
  }
  throw new ConcordError(
    "needs-domain",
    `You own several domains (${owned.map((d) => d.slug).join(", ")}); please name one: \`${command} for <domain>\`.`,
    { candidates: owned.map((d) => d.slug) },
  );
}
