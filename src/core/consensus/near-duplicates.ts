import type { Repositories } from "../ports.js";
import { compareReadings, confusableSlug, DRIFT_THRESHOLD, readDefinition, termSlug } from "../text/index.js";
import type { TermSummary } from "../types.js";

/** Names this alike (trigram similarity) are worth a warning. */
const NAME_SIMILARITY = 0.4;
/** Definitions this alike (1 − drift) say the same thing: neither drifts from the other. Worth a warning. */
const DEFINITION_SIMILARITY = 1 - DRIFT_THRESHOLD;
const LIMIT = 5;

export interface NearDuplicate {
  readonly term: TermSummary;
  readonly similarity: number;
  readonly reason: "name" | "alias" | "definition";
}

/** Existing terms whose name, alias or definition is very like a proposed term's, most alike first. */
export async function findNearDuplicates(
  repos: Repositories,
  input: { name: string; text?: string | null; excludeTermId?: number },
): Promise<NearDuplicate[]> {
  const found = new Map<number, NearDuplicate>();
  const keep = (candidate: NearDuplicate) => {
    if (candidate.term.id === input.excludeTermId) return;
    const existing = found.get(candidate.term.id);
    if (!existing || existing.similarity < candidate.similarity) found.set(candidate.term.id, candidate);
  };
  const slug = termSlug(input.name);
  for (const similar of await repos.terms.findSimilar(slug, LIMIT)) {
    if (similar.similarity >= NAME_SIMILARITY && similar.term.slug !== slug) {
      keep({ term: similar.term, similarity: similar.similarity, reason: similar.alias ? "alias" : "name" });
    }
  }
  // A name spelled with look-alike letters ("Сustomer" with a Cyrillic С) is checked as the name it mimics.
  const mimicked = confusableSlug(input.name);
  if (mimicked !== slug && mimicked !== "") {
    for (const similar of await repos.terms.findSimilar(mimicked, LIMIT)) {
      if (similar.similarity >= NAME_SIMILARITY) keep({ term: similar.term, similarity: similar.similarity, reason: similar.alias ? "alias" : "name" });
    }
  }
  const aliasOwners = await repos.terms.findByAlias(slug);
  for (const term of aliasOwners) keep({ term, similarity: 1, reason: "alias" });
  if (input.text) {
    const proposed = readDefinition(input.text);
    for (const hit of await repos.terms.findSimilarDefinitions(input.text, 20)) {
      const similarity = Math.round((1 - compareReadings(readDefinition(hit.definition), proposed).score) * 100) / 100;
      if (similarity > DEFINITION_SIMILARITY) keep({ term: hit.term, similarity, reason: "definition" });
    }
  }
  return [...found.values()].sort((a, b) => b.similarity - a.similarity || a.term.name.localeCompare(b.term.name)).slice(0, LIMIT);
}
