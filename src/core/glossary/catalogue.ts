import type { CoreDeps } from "../deps.js";
import type { Repositories } from "../ports.js";
import type { Domain, Proposal, ProposalStatus, TermSummary } from "../types.js";

/** A term as the glossary index lists it: its name, owning domain and current definition. */
export interface CatalogueEntry {
  readonly term: TermSummary;
  readonly ownerDomain: Domain | null;
  readonly currentVersion: number;
  readonly definition: string;
}

/** One page of a list, with how many there are in all. */
export interface CataloguePage<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** Which proposals a listing shows. */
export type ProposalFilter = "open" | "all";

/**
 * Read-only listings for the glossary pages and the API: terms alphabetically, proposals by status.
 * (A port of its own so that a database-backed one can replace the fallback built from the repositories.)
 */
export interface CatalogueRepository {
  /** Terms by name (case-insensitive), `offset`…`offset + limit`, with the total. */
  terms(offset: number, limit: number): Promise<CataloguePage<CatalogueEntry>>;
  /** Open proposals nearest deadline first, or every proposal newest first. */
  proposals(filter: ProposalFilter, offset: number, limit: number): Promise<CataloguePage<Proposal>>;
}

/** Terms on one page of the glossary index. */
export const TERMS_PER_PAGE = 100;
/** Proposals one listing returns at most. */
export const PROPOSALS_PER_PAGE = 100;

export interface TermListing extends CataloguePage<CatalogueEntry> {
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  readonly perPage: number;
}

/** One page of the glossary, alphabetically; a page past the end is empty (pages still says how many there are). */
export async function listTerms(
  catalogue: CatalogueRepository,
  options: { page: number; perPage?: number },
): Promise<TermListing> {
  const perPage = options.perPage ?? TERMS_PER_PAGE;
  const page = Math.max(1, Math.floor(options.page));
  const { items, total } = await catalogue.terms((page - 1) * perPage, perPage);
  return { items, total, page, perPage, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** Proposals by status: open ones nearest deadline first, or all of them newest first. */
export function listProposals(
  catalogue: CatalogueRepository,
  options: { filter: ProposalFilter; page?: number; perPage?: number },
): Promise<CataloguePage<Proposal>> {
  const perPage = options.perPage ?? PROPOSALS_PER_PAGE;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  return catalogue.proposals(options.filter, (page - 1) * perPage, perPage);
}

/** How many proposals per term the fallback reads when listing every proposal. */
const FALLBACK_PROPOSALS_PER_TERM = 1000;

/**
 * A catalogue built only from the core's repositories, for when no database-backed one is wired. It reads the
 * whole corpus for each listing and lists active terms only; "all" proposals are the open ones plus those on
 * existing terms (a rejected or expired proposal for a term that was never created is not found).
 */
export function createRepositoryCatalogue(deps: CoreDeps): CatalogueRepository {
  const repos = (): Repositories => deps.store.repos;
  return {
    async terms(offset, limit) {
      const corpus = await repos().digests.corpus();
      const sorted = corpus
        .map(
          (entry): CatalogueEntry => ({
            term: { id: entry.term.id, slug: entry.term.slug, name: entry.term.name, status: entry.term.status },
            ownerDomain: entry.term.ownerDomain,
            currentVersion: entry.currentVersion,
            definition: entry.definition,
          }),
        )
        .sort(byName);
      return { items: sorted.slice(offset, offset + limit), total: sorted.length };
    },
    async proposals(filter, offset, limit) {
      const domains = await repos().domains.list();
      const open = await repos().proposals.openForDomains(domains.map((d) => d.id));
      if (filter === "open") return { items: open.slice(offset, offset + limit), total: open.length };
      const byId = new Map<number, Proposal>(open.map((p) => [p.id, p]));
      for (const entry of await repos().digests.corpus()) {
        for (const proposal of await repos().proposals.forTerm(entry.term.slug, FALLBACK_PROPOSALS_PER_TERM)) {
          byId.set(proposal.id, proposal);
        }
      }
      const all = [...byId.values()].sort(newestFirst);
      return { items: all.slice(offset, offset + limit), total: all.length };
    },
  };
}

/** Open first (nearest deadline first), then the rest newest first: how a term page lists its proposals. */
export function openProposalsFirst(proposals: readonly Proposal[]): Proposal[] {
  const rank = (status: ProposalStatus) => (status === "open" ? 0 : 1);
  return [...proposals].sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      (a.status === "open" ? +a.deadline - +b.deadline : +b.createdAt - +a.createdAt) ||
      b.id - a.id,
  );
}

function byName(a: CatalogueEntry, b: CatalogueEntry): number {
  return a.term.name.localeCompare(b.term.name, "en", { sensitivity: "base" }) || a.term.slug.localeCompare(b.term.slug);
}

function newestFirst(a: Proposal, b: Proposal): number {
  return +b.createdAt - +a.createdAt || b.id - a.id;
}
