import type { Domain } from "../types.js";
import type { Digest, DomainDigest, Section } from "./types.js";

/** How many items of each list the short version keeps. */
const SHORT_LIMIT = 5;

/** The short version for a domain's home channel: only what its owners can act on, the index unchanged. */
export function focusDigest(digest: Digest, domain: Domain): DomainDigest {
  const concerns = (owner: Domain | null) => owner?.id === domain.id;
  const affects = (p: { readonly affected: readonly Domain[] }) => p.affected.some((d) => d.id === domain.id);
  const waiting = digest.waiting.items
    .filter(affects)
    // Proposals still waiting on this domain first.
    .sort((a, b) => Number(isUndecided(b.undecided, domain)) - Number(isUndecided(a.undecided, domain)) || +a.deadline - +b.deadline);
  return {
    domain,
    digest: {
      ...digest,
      agreed: narrow(digest.agreed.items.filter((c) => concerns(c.term.ownerDomain))),
      waiting: narrow(waiting),
      stuck: narrow((digest.stuck?.items ?? []).filter(affects)),
      drift: narrow(digest.drift.items.filter((e) => e.domain.id === domain.id || concerns(e.term.ownerDomain))),
      stale: narrow(digest.stale.items.filter((e) => e.domain.id === domain.id)),
      ...(digest.usageDrift ? { usageDrift: narrow(digest.usageDrift.items.filter((e) => e.domain.id === domain.id || concerns(e.term.ownerDomain))) } : {}),
      // Terms no product uses are the terms' owners' concern.
      ...(digest.unused ? { unused: narrow(digest.unused.items.filter((t) => concerns(t.ownerDomain))) } : {}),
      overlaps: narrow(digest.overlaps.items.filter((o) => concerns(o.a.ownerDomain) || concerns(o.b.ownerDomain))),
      gaps: {
        // Terms nobody owns are the governance channel's concern, not one domain's.
        unownedTerms: { items: [], total: 0 },
        ownerlessDomains: narrow(digest.gaps.ownerlessDomains.items.filter((d) => d.id === domain.id)),
        silentDomains: narrow(digest.gaps.silentDomains.items.filter((s) => s.domain.id === domain.id)),
      },
    },
  };
}

function isUndecided(undecided: readonly Domain[], domain: Domain): boolean {
  return undecided.some((d) => d.id === domain.id);
}

function narrow<T>(items: readonly T[]): Section<T> {
  return { items: items.slice(0, SHORT_LIMIT), total: items.length };
}
