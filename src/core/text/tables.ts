import { synonymSets } from "./synonym-sets.js";
import { wordRelations, wordRelationsInSteps } from "./word-relations.js";
import { wordVectors, wordVectorsInSteps } from "./word-vectors.js";

/**
 * Reads the drift measure's word tables (word vectors, WordNet's synonym sets and relations) now rather than on the first
 * comparison, so no lookup pays for them; about 100 ms. Safe to call more than once.
 */
export function loadTextTables(): { readonly words: number; readonly synonymSets: number; readonly relations: number } {
  return { words: wordVectors().size, synonymSets: synonymSets().size, relations: wordRelations().size };
}

/** `loadTextTables` in steps of a few milliseconds (the synonym sets, about 20 ms, are one), for work done in turns. */
export function* textTableSteps(): Generator<void, void> {
  yield* wordVectorsInSteps();
  yield;
  synonymSets();
  yield;
  yield* wordRelationsInSteps();
  yield;
}
