import { canonicalWords, stemWord } from "./canonical.js";
import { contrastFactor } from "./contrast.js";
import { foldText, splitWords } from "./normalise.js";

// Function words only. Negations, quantities and time words (not, no, more, less, before, after, …) are kept on
// purpose: in a definition they carry meaning ("has paid" vs "has not paid").
const STOP_WORDS = new Set([
  "a", "about", "also", "am", "an", "and", "any", "all", "are", "as", "at", "be", "because", "been", "being",
  "both", "but", "by", "can", "could", "did", "do", "does", "doing", "each", "either", "else", "etc", "every",
  "for", "from", "had", "has", "have", "having", "he", "her", "hers", "herself", "him", "himself", "his", "how",
  "i", "ie", "eg", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "might", "must", "my",
  "myself", "of", "on", "onto", "or", "our", "ours", "ourselves", "own", "per", "same", "shall", "she",
  "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
  "there", "these", "they", "this", "those", "thus", "to", "too", "upon", "us", "very", "via", "was", "we",
  "were", "what", "whatever", "when", "whenever", "where", "whether", "which", "while", "who", "whom", "whose",
  "why", "will", "with", "would", "yet", "you", "your", "yours", "yourself",
]);

// Share of the score that comes from matching word pairs; small, so order matters a little.
const BIGRAM_SHARE = 0.15;

/** Per-token weights for similarity; `idf` must be positive. */
export interface TermWeights {
  idf(token: string): number;
}

/** Weights that treat every token alike. */
export const uniformWeights: TermWeights = { idf: () => 1 };

/**
 * Splits text into stemmed content words, in order: folded, canonicalised (abbreviations spelled out, number
 * words as digits, negations as "not"), stop words dropped, numbers kept.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of canonicalWords(splitWords(foldText(text)))) {
    if (STOP_WORDS.has(word)) continue;
    tokens.push(stemWord(word));
  }
  return tokens;
}

/** Smoothed inverse document frequency, ln((N+1)/(df+1)) + 1, over token lists (each list counts a token once). */
export function buildTermWeights(documents: Iterable<readonly string[]>): TermWeights {
  const documentFrequency = new Map<string, number>();
  let documentCount = 0;
  for (const document of documents) {
    documentCount += 1;
    for (const token of new Set(document)) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  return weightsOfFrequencies(documentCount, (token) => documentFrequency.get(token));
}

/** `buildTermWeights`'s weights from counts kept elsewhere: how many documents, and how many of them hold a token. */
export function weightsOfFrequencies(documentCount: number, frequency: (token: string) => number | undefined): TermWeights {
  const unseen = Math.log(documentCount + 1) + 1;
  return {
    idf(token) {
      const df = frequency(token);
      return df === undefined ? unseen : Math.log((documentCount + 1) / (df + 1)) + 1;
    },
  };
}

/**
 * Similarity at or above which two definitions are taken to mean the same thing (a near-duplicate, no real drift).
 * Chosen on DEFINITION_PAIRS in tests/fixtures/definition-pairs.ts with IDF weights over the set; it sits in the
 * gap between the highest-scoring different pairs and the lowest-scoring rewordings there, and matches the
 * halving contrast penalties in contrast.ts.
 */
export const SAME_MEANING_THRESHOLD = 0.5;

/**
 * Similarity in [0, 1] of two texts: 1 when equal after tokenizing, 0 when they share no token or either has none;
 * lowered when they contrast (another number, a negation, gross for net, one word swapped).
 */
export function lexicalSimilarity(a: string, b: string, weights: TermWeights = uniformWeights): number {
  return tokenSimilarity(tokenize(a), tokenize(b), weights);
}

/** `lexicalSimilarity` on token lists from `tokenize`, so a caller comparing many texts tokenizes each once. */
export function tokenSimilarity(
  a: readonly string[],
  b: readonly string[],
  weights: TermWeights = uniformWeights,
): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a.length === b.length && a.every((token, i) => token === b[i])) return 1;
  const vectorA = termVector(a, weights.idf);
  const vectorB = termVector(b, weights.idf);
  const unigrams = cosine(vectorA, vectorB);
  if (unigrams === 0) return 0;
  // Two single-word texts have no pairs to compare; the words alone decide.
  const pairs = a.length === 1 && b.length === 1 ? unigrams : cosine(pairVector(a, weights.idf), pairVector(b, weights.idf));
  // Contrasts (another number, a negation, gross for net) change the meaning however many words are shared.
  return round4(((1 - BIGRAM_SHARE) * unigrams + BIGRAM_SHARE * pairs) * contrastFactor(a, b, vectorA, vectorB));
}

/** How far a variant has moved from the agreed text: 1 − similarity, in [0, 1], rounded to 4 decimals. */
export function driftScore(agreed: string, variant: string, weights: TermWeights = uniformWeights): number {
  return round4(1 - lexicalSimilarity(agreed, variant, weights));
}

export type DriftLevel = "aligned" | "minor" | "moderate" | "major";

/**
 * Names a drift score from measureTextDrift: aligned < 0.1 ≤ minor < 0.4 ≤ moderate < 0.7 ≤ major. The score is
 * how likely the variant is to say something else (see calibration.ts): a rewording stays under DRIFT_THRESHOLD
 * (0.5), a change found where the rest of the text is unchanged is major, one found inside a wider rewording may
 * be moderate.
 */
export function describeDrift(score: number): DriftLevel {
  if (!(score >= 0 && score <= 1)) throw new RangeError(`drift score must be in [0, 1], got ${score}`);
  if (score < 0.1) return "aligned";
  if (score < 0.4) return "minor";
  if (score < 0.7) return "moderate";
  return "major";
}

function termVector(tokens: readonly string[], idf: (token: string) => number): Map<string, number> {
  const vector = new Map<string, number>();
  for (const token of tokens) vector.set(token, (vector.get(token) ?? 0) + 1);
  // Sublinear tf: a word repeated three times is stronger evidence, not three times stronger.
  for (const [token, count] of vector) vector.set(token, (1 + Math.log(count)) * idf(token));
  return vector;
}

function pairVector(tokens: readonly string[], idf: (token: string) => number): Map<string, number> {
  const vector = new Map<string, number>();
  let repeats: Map<string, number> | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const first = tokens[i - 1]!;
    const second = tokens[i]!;
    // The length prefix keeps pairs distinct whatever characters the tokens hold ("a"+"bc" is not "ab"+"c").
    const key = `${first.length}:${first}${second}`;
    if (!vector.has(key)) vector.set(key, Math.sqrt(idf(first) * idf(second)));
    else (repeats ??= new Map()).set(key, (repeats.get(key) ?? 1) + 1);
  }
  if (repeats) for (const [key, count] of repeats) vector.set(key, (1 + Math.log(count)) * vector.get(key)!);
  return vector;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  // Summing over the same side's keys whichever argument it is makes the result exactly symmetric.
  const [outer, inner] = sumsFirst(a, b) ? [a, b] : [b, a];
  let dot = 0;
  let shared = false;
  for (const [key, value] of outer) {
    const other = inner.get(key);
    if (other === undefined) continue;
    dot += value * other;
    shared = true;
  }
  if (!shared) return 0;
  const norms = norm(a) * norm(b);
  return norms === 0 ? 0 : Math.min(1, Math.max(0, dot / norms));
}

/** Whether `a` is the side to sum over: the smaller map, else the one whose keys come first in order; ties sum alike. */
function sumsFirst(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return a.size < b.size;
  const keysB = b.keys();
  for (const key of a.keys()) {
    const other = keysB.next().value!;
    if (key !== other) return key < other;
  }
  return true;
}

function norm(vector: ReadonlyMap<string, number>): number {
  // One vector's own insertion order, so the same text always gets the same norm whichever side it is on.
  let sum = 0;
  for (const value of vector.values()) sum += value ** 2;
  return Math.sqrt(sum);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
