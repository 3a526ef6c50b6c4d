import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { RecentChange, Repositories, SearchHit, SimilarTerm } from "../ports.js";
import { diffWords, termSlug, type DiffPart } from "../text/index.js";
import type { DefinitionVersion, Term, TermDetails, TermSummary } from "../types.js";
import { measureVariants, type VariantDrift } from "./drift.js";

/** How many "did you mean" suggestions a lookup offers. */
export const SUGGESTION_LIMIT = 5;
/** A fuzzy match this alike, and clearly ahead of the next, is taken as the answer ("custmer" → Customer). */
const CONFIDENT_SIMILARITY = 0.45;
const CONFIDENT_MARGIN = 0.1;

export type MatchKind = "name" | "alias" | "fuzzy";

export type LookupResult =
  | {
      readonly kind: "found";
      readonly query: string;
      readonly matchedBy: MatchKind;
      readonly details: TermDetails;
      readonly drift: readonly VariantDrift[];
    }
  | {
      readonly kind: "not-found";
      readonly query: string;
      /** Existing terms that resemble the query, most alike first. */
      readonly suggestions: readonly SimilarTerm[];
    };

type Resolution =
  | { readonly kind: "found"; readonly term: Term; readonly matchedBy: MatchKind }
  | { readonly kind: "not-found"; readonly suggestions: readonly SimilarTerm[] };

/** Finds a term by exact name, then alias, then (when allowed) a confident fuzzy match. */
export async function resolveTerm(
  repos: Repositories,
  query: string,
  options: { allowFuzzy: boolean; nameChecked?: boolean; aliasMatches?: number },
): Promise<Resolution> {
  const slug = termSlug(query);
  if (slug === "") return { kind: "not-found", suggestions: [] };
  const exact = options.nameChecked ? undefined : await repos.terms.findBySlug(slug);
  if (exact) return { kind: "found", term: exact, matchedBy: "name" };
  // A caller that counted the terms having the slug as an alias and found none has no need to ask again.
  const byAlias = options.aliasMatches === 0 ? [] : await repos.terms.findByAlias(slug);
  if (byAlias.length === 1) return { kind: "found", term: byAlias[0]!, matchedBy: "alias" };
  if (byAlias.length > 1) {
    return { kind: "not-found", suggestions: byAlias.map((term) => ({ term, similarity: 1, alias: query })) };
  }
  const similar = await repos.terms.findSimilar(slug, SUGGESTION_LIMIT);
  const best = options.allowFuzzy ? confidentMatch(similar) : undefined;
  if (best) {
    const term = await repos.terms.findBySlug(best.term.slug);
    if (term) return { kind: "found", term, matchedBy: "fuzzy" };
  }
  return { kind: "not-found", suggestions: similar };
}

/** The suggestion taken as the answer ("custmer" → Customer): alike enough, and clearly ahead of the next. */
function confidentMatch(similar: readonly SimilarTerm[]): SimilarTerm | undefined {
  const [best, second] = similar;
  if (!best || best.similarity < CONFIDENT_SIMILARITY) return undefined;
  return !second || best.similarity - second.similarity >= CONFIDENT_MARGIN ? best : undefined;
}

/** Resolves a term for a change: exact name or unambiguous alias only, else a polite error with suggestions. */
export async function requireTerm(repos: Repositories, query: string): Promise<Term> {
  const resolved = await resolveTerm(repos, query, { allowFuzzy: false });
  if (resolved.kind === "found") return resolved.term;
  throw noSuchTerm(query, resolved.suggestions);
}

/** Resolves a term to read about it: a confident fuzzy match too ("custmer"), else a polite error with suggestions. */
export async function findTerm(repos: Repositories, query: string): Promise<{ readonly term: Term; readonly matchedBy: MatchKind }> {
  const resolved = await resolveTerm(repos, query, { allowFuzzy: true });
  if (resolved.kind === "found") return resolved;
  throw noSuchTerm(query, resolved.suggestions);
}

/** "There is no term … Did you mean …?", with the suggestions' slugs for the faces' buttons. */
function noSuchTerm(query: string, suggestions: readonly SimilarTerm[]): ConcordError {
  const names = suggestions.map((s) => s.term.name);
  const hint = names.length > 0 ? ` Did you mean ${formatChoices(names)}?` : "";
  return new ConcordError("not-found", `There is no term "${query}" in the glossary.${hint}`, {
    query,
    suggestions: suggestions.map((s) => s.term.slug),
  });
}

/** Looks a term up the way a person types it, with drift for every domain's variant. */
export async function lookupTerm(deps: CoreDeps, query: string): Promise<LookupResult> {
  const repos = deps.store.repos;
  const found = (matchedBy: MatchKind, details: TermDetails): LookupResult => ({
    kind: "found",
    query,
    matchedBy,
    details,
    drift: measureVariants(details.current, details.variants),
  });
  // Most lookups name a term or one of its aliases: its details in one read, then "did you mean" for the rest.
  const slug = termSlug(query);
  if (slug === "") return { kind: "not-found", query, suggestions: [] };
  const direct = await repos.terms.detailsByNameOrAlias(slug);
  if (direct.matchedBy) return found(direct.matchedBy, direct.details);
  const resolved = await resolveTerm(repos, query, { allowFuzzy: false, nameChecked: true, aliasMatches: direct.aliasMatches });
  if (resolved.kind === "found") return found(resolved.matchedBy, await repos.terms.details(resolved.term.id));
  // A confident "did you mean" is the answer, read by its slug in one go.
  const best = confidentMatch(resolved.suggestions);
  const byCorrection = best ? await repos.terms.detailsBySlug(best.term.slug) : undefined;
  if (byCorrection) return found("fuzzy", byCorrection);
  return { kind: "not-found", query, suggestions: resolved.suggestions };
}

export interface SearchResult {
  readonly query: string;
  readonly hits: readonly SearchHit[];
}

/** The number of search results shown at most. */
export const SEARCH_LIMIT = 20;

/** Terms whose name, alias or definition matches the words, best first (names above definitions). */
export async function searchTerms(deps: CoreDeps, query: string, limit = SEARCH_LIMIT): Promise<SearchResult> {
  const words = query.trim();
  if (words === "") throw new ConcordError("invalid-input", "What should I search for? Try `search churn`.");
  const hits = await deps.store.repos.terms.search({ slug: termSlug(words), words }, limit);
  return { query: words, hits };
}

export interface HistoryEntry {
  readonly version: DefinitionVersion;
  /** Word-level changes from the previous version; absent for version 1. */
  readonly diff?: readonly DiffPart[];
}

export interface TermHistory {
  readonly term: TermSummary;
  readonly entries: readonly HistoryEntry[];
}

/** Every agreed version of a term, newest first, each with its diff from the one before. */
export async function termHistory(deps: CoreDeps, query: string): Promise<TermHistory> {
  const repos = deps.store.repos;
  const resolved = await findTerm(repos, query);
  const versions = await repos.terms.versions(resolved.term.id);
  const entries = versions.map((version, i) => {
    const previous = versions[i - 1];
    return previous ? { version, diff: diffWords(previous.text, version.text) } : { version };
  });
  return { term: resolved.term, entries: entries.reverse() };
}

/** "A", "A or B", "A, B or C". */
export function formatChoices(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** The most recently agreed definitions across the glossary, newest first. */
export function recentChanges(deps: CoreDeps, limit = 10): Promise<RecentChange[]> {
  return deps.store.repos.terms.recentVersions(limit);
}
