export { editDistance } from "./edit-distance.js";
export { cleanDisplayText, confusableSlug, foldText, singularise, splitWords, termSlug } from "./normalise.js";
export {
  buildTermWeights,
  weightsOfFrequencies,
  describeDrift,
  driftScore,
  lexicalSimilarity,
  SAME_MEANING_THRESHOLD,
  tokenize,
  tokenSimilarity,
  uniformWeights,
  type DriftLevel,
  type TermWeights,
} from "./similarity.js";
export { diffStats, diffWords, type DiffPart } from "./word-diff.js";
export {
  compareReadings,
  DRIFT_THRESHOLD,
  measureTextDrift,
  type DriftOptions,
  type DriftReason,
  type DriftReasonKind,
  type TextDrift,
} from "./drift.js";
export { readDefinition, type Reading } from "./meaning.js";
export { loadTextTables, textTableSteps } from "./tables.js";
