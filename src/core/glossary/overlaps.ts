import {
  weightsOfFrequencies,
  compareReadings,
  editDistance,
  readDefinition,
  SAME_MEANING_THRESHOLD,
  tokenize,
  tokenSimilarity,
  type Reading,
  type TermWeights,
} from "../text/index.js";
import { atOnce } from "../turns.js";
import { equalKeyGroups, fnv1a, mix32, sortedInSteps } from "./in-steps.js";

/** One term as the overlap search sees it. */
export interface OverlapEntry {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** Alias slugs. */
  readonly aliases: readonly string[];
  readonly definition: string;
  /** The owning domain's slug. */
  readonly ownerDomain: string | null;
  /** `tokenize(definition)`, when the caller has it already; saves tokenizing the glossary a second time. */
  readonly tokens?: readonly string[];
}

/** Two terms that look like one concept written twice. */
export interface Overlap {
  /** Term ids, a < b. */
  readonly a: number;
  readonly b: number;
  readonly reason: "alias" | "name" | "definition";
  /**
   * In [0, 1]: 1 for an alias collision, word-aligned spelling similarity for names; for definitions 1 − their drift
   * (measureTextDrift) when it names a meaning-bearing change, else the higher of that and `tokenSimilarity`.
   */
  readonly similarity: number;
  /** The colliding alias or slug, for alias collisions and identical slugs. */
  readonly detail?: string;
}

export interface OverlapOptions {
  /** Token weights for definitions; by default built from the definitions given. */
  readonly weights?: TermWeights;
  /** Least name similarity of two slugs to report them (default 0.75). */
  readonly nameThreshold?: number;
  /** Least `tokenSimilarity` of two definitions to report them (default SAME_MEANING_THRESHOLD, 0.5). */
  readonly definitionThreshold?: number;
  /** Most overlaps returned, most similar first (default 200). */
  readonly limit?: number;
}

// Names are alike when they have the same words up to order, spelling and filler: "net-revenue" = "revenue-net",
// "cancelled-order" ≈ "canceled-order", "total-order-count" = "order-count". A word more or a word swapped makes
// another concept ("net-revenue" vs "gross-revenue", "active-customer" vs "active-customer-count") and is never
// reported, however many letters the names share. The score, 1 − edits / letters of the aligned words, then has to
// reach 0.75. The spelling allowance is tight because "contract"/"contractor" and "attrition"/"attribution" are
// two edits apart too; "catalogue"/"catalog" is missed for that.
const DEFAULT_NAME_THRESHOLD = 0.75;
const NAME_FILLERS = new Set(["total", "overall", "all", "the", "of", "a", "an"]);
// On the labelled definition pairs (tests/fixtures/definition-pairs.ts, all 72) tokenSimilarity with IDF weights
// over the set finds at 0.5 32 of 36 rewordings and flags 2 of 36 different meanings; at 0.6, 27 and 2; at 0.75
// only 19 and 0. So the default is the text module's own bar for "means the same thing".
const DEFAULT_DEFINITION_THRESHOLD = SAME_MEANING_THRESHOLD;
// Definitions sharing less than this (IDF-weighted words) are not read for meaning: they are not one concept
// written twice. At the threshold itself, the reading vetoes pairs whose words agree but whose meaning does not;
// at 100,000 generated terms a lower gate (0.35) read more pairs and found no more of the planted overlaps.
const LEXICAL_GATE = 0.5;
const DEFAULT_LIMIT = 200;

// LSH bands × rows. A pair is a candidate when all rows of any band agree: P = 1 − (1 − J^rows)^bands.
// Names are not hashed whole: in a glossary built from a shared vocabulary, "gross-order-count" and
// "net-order-count" share most trigrams (J ≈ 0.6, like a misspelling), and whole-slug LSH gave 3.9 million
// candidates for 100,000 names. The LSH runs over the distinct name words instead, to find spelling variants;
// names are then paired through a hash of their other words. Words, 32 × 2 over trigrams: P = 0.95 at J = 0.3
// ("sesion"/"session" is 0.63, "canceled"/"cancelled" 0.7).
const WORD_BANDS = 32;
const WORD_ROWS = 2;
// Definitions, 32 × 3 over rare tokens: P = 0.88 at J = 0.4, 0.99 at 0.5, 0.03 at 0.1. Labelled rewordings at
// tokenSimilarity ≥ 0.5 have a token Jaccard of 0.4 or more.
const DEFINITION_BANDS = 32;
const DEFINITION_ROWS = 3;
// Candidates below this Jaccard of their rare-token sets are dropped before the costlier tokenSimilarity: at
// 100,000 generated terms, the 13,350 candidates between 0.3 and 0.4 held 4 pairs scoring 0.5 or more, none planted.
const DEFINITION_JACCARD_FLOOR = 0.4;

// A token in more than 1% of definitions (and more than 20 of them, so small glossaries keep every word) is left out
// of the MinHash sets: its idf is under half a rare word's, and as a set member it mostly pairs unrelated texts
// ("customer", "period"). tokenSimilarity still sees every token.
const COMMON_SHARE = 0.01;
const COMMON_MIN_ENTRIES = 20;

// A bucket holding many entries (the same band in hundreds of signatures: templated or empty text) would add
// quadratically many candidates. Beyond this many pairs, each member is paired only with the next few members, so
// a huge bucket costs linear time and still chains its members together.
const MAX_PAIRS_PER_BUCKET = 1_000;

/** Entries read between two steps of a search in steps (`findOverlapsInSteps`). */
const STEP_ENTRIES = 5_000;
/** Definitions tokenized between two steps: the first ones meet mostly new words, each tokenized then (~0.03 ms a definition). */
const STEP_DEFINITIONS = 64;
/** Groups of equal names paired between two steps. */
const STEP_GROUPS = 500;

// Pair keys i · n + j must stay exact doubles, and indices fit an Int32Array.
const MAX_ENTRIES = 2 ** 26;

/** Finds near-duplicate terms, alias collisions first, without comparing every pair (MinHash-LSH). */
export function findOverlaps(entries: readonly OverlapEntry[], options: OverlapOptions = {}): Overlap[] {
  return searchOverlaps(entries, options).overlaps;
}

/** `findOverlaps` as steps: it pauses (yields) every little while, for `inTurns` to let the thread serve requests. */
export function* findOverlapsInSteps(entries: readonly OverlapEntry[], options: OverlapOptions = {}): Generator<void, Overlap[]> {
  return (yield* overlapSearch(entries, options)).overlaps;
}

/** How much work a search did, for benchmarks. */
export interface OverlapSearchStats {
  /** Distinct candidate pairs from the definition LSH and the name keys. */
  readonly candidatePairs: number;
  readonly definitionCandidates: number;
  /** Definition candidates close enough in Jaccard to be scored with tokenSimilarity. */
  readonly definitionChecks: number;
  readonly nameCandidates: number;
}

/** `findOverlaps` with counts of the work done. */
export function searchOverlaps(entries: readonly OverlapEntry[], options: OverlapOptions = {}): { overlaps: Overlap[]; stats: OverlapSearchStats } {
  return atOnce(overlapSearch(entries, options));
}

function* overlapSearch(
  entries: readonly OverlapEntry[],
  options: OverlapOptions,
): Generator<void, { overlaps: Overlap[]; stats: OverlapSearchStats }> {
  const nameThreshold = checkedShare("nameThreshold", options.nameThreshold ?? DEFAULT_NAME_THRESHOLD);
  const definitionThreshold = checkedShare(
    "definitionThreshold",
    options.definitionThreshold ?? DEFAULT_DEFINITION_THRESHOLD,
  );
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!(limit >= 0)) throw new RangeError(`limit must be 0 or more, got ${limit}`);
  if (entries.length > MAX_ENTRIES) throw new RangeError(`at most ${MAX_ENTRIES} entries, got ${entries.length}`);
  const ids = new Set(entries.map((entry) => entry.id));
  if (ids.size !== entries.length) throw new RangeError("entry ids must be unique");

  const count = entries.length;
  const found = new Map<number, Overlap>();
  const record = (key: number, reason: Overlap["reason"], similarity: number, detail?: string) => {
    const left = entries[Math.floor(key / count)]!;
    const right = entries[key % count]!;
    const [a, b] = left.id < right.id ? [left.id, right.id] : [right.id, left.id];
    found.set(key, detail === undefined ? { a, b, reason, similarity } : { a, b, reason, similarity, detail });
  };

  const words = yield* wordTokens(entries);
  yield;
  const holders = yield* documentFrequencies(words);
  // The default weights count the same token lists: how many definitions hold each word.
  const weights =
    options.weights ?? weightsOfFrequencies(entries.length, (token) => {
      const id = words.idOf.get(token);
      return id === undefined ? undefined : holders[id];
    });
  // Exact tokens only for the few definitions that reach the final check.
  const exact = new Map<number, readonly string[]>();
  const tokensOf = (i: number) => {
    let tokens = entries[i]!.tokens ?? exact.get(i);
    if (tokens === undefined) exact.set(i, (tokens = tokenize(entries[i]!.definition)));
    return tokens;
  };
  // Definitions are judged like drift: the same meaning is a drift under DRIFT_THRESHOLD, so "net revenue" and
  // "gross revenue" written alike are two concepts, not one written twice. Word overlap gates the costlier reading.
  const readings = new Map<number, Reading>();
  const readingOf = (i: number) => {
    let reading = readings.get(i);
    if (reading === undefined) readings.set(i, (reading = readDefinition(entries[i]!.definition)));
    return reading;
  };
  const definitionSimilarity = (key: number) => {
    const i = Math.floor(key / count);
    const j = key % count;
    const lexical = tokenSimilarity(tokensOf(i), tokensOf(j), weights);
    if (lexical < LEXICAL_GATE) return lexical;
    // The term with the lower id is read as the first text, so the figure does not depend on the entries' order.
    const [first, second] = entries[i]!.id < entries[j]!.id ? [i, j] : [j, i];
    const drift = compareReadings(readingOf(first), readingOf(second));
    // A meaning-bearing change (another window, event, population, …) makes two concepts however alike the words;
    // without one, definitions this alike in words are one concept written twice even if reworded loosely.
    const meaning = 1 - drift.score;
    const changed = drift.reasons.some((reason) => reason.kind !== "wording");
    return Math.round((changed ? meaning : Math.max(lexical, meaning)) * 10_000) / 10_000;
  };

  yield;
  const definitionSets = yield* rareTokenSets(words, holders);
  yield;
  const definitionCandidates = yield* candidatePairSteps(definitionSets, DEFINITION_BANDS, DEFINITION_ROWS);
  let definitionChecks = 0;
  let visited = 0;
  for (const key of definitionCandidates) {
    // A check can read both definitions (about 0.5 ms the first time): a step every few.
    if ((++visited & 15) === 0) yield;
    if (jaccard(definitionSets, Math.floor(key / count), key % count) < DEFINITION_JACCARD_FLOOR) continue;
    definitionChecks += 1;
    const similarity = definitionSimilarity(key);
    if (similarity >= definitionThreshold) record(key, "definition", similarity);
  }

  yield;
  const names: string[][] = [];
  for (const entry of entries) if (names.push(nameWords(entry.slug)) % STEP_ENTRIES === 0) yield;
  const namePairs = yield* nameCandidates(names);
  for (const key of namePairs) {
    if ((++visited & 15) === 0) yield;
    if (found.has(key)) continue;
    const similarity = nameSimilarity(names[Math.floor(key / count)]!, names[key % count]!);
    if (similarity < nameThreshold) continue;
    // LSH can miss a pair that it finds by name; a definition match still outranks the name.
    const definition = definitionSimilarity(key);
    if (definition >= definitionThreshold) record(key, "definition", definition);
    else record(key, "name", similarity);
  }

  yield;
  for (const { key, detail, bothSlugs } of yield* aliasCollisions(entries)) record(key, bothSlugs ? "name" : "alias", 1, detail);
  yield;

  const overlaps = [...found.values()]
    .sort((x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b)
    .slice(0, limit);
  const shared = countShared(definitionCandidates, namePairs);
  return {
    overlaps,
    stats: {
      candidatePairs: definitionCandidates.length + namePairs.length - shared,
      definitionCandidates: definitionCandidates.length,
      definitionChecks,
      nameCandidates: namePairs.length,
    },
  };
}

/** How many keys two ascending key lists have in common. */
function countShared(x: Float64Array, y: Float64Array): number {
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) (shared += 1), (i += 1), (j += 1);
    else if (x[i]! < y[j]!) i += 1;
    else j += 1;
  }
  return shared;
}

function checkedShare(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
  return value;
}

interface AliasCollision {
  /** The pair's key, i · entries + j with i < j. */
  readonly key: number;
  readonly detail: string;
  /** Two terms with the same slug, not an alias. */
  readonly bothSlugs: boolean;
}

/** Pairs of entries sharing a slug or alias slug, where at least one side is an alias (or both slugs are equal). */
function* aliasCollisions(entries: readonly OverlapEntry[]): Generator<void, AliasCollision[]> {
  // Every entry's slug and aliases, each with its holder coded as index · 2 + (1 for a slug).
  const keys: string[] = [];
  const holders: number[] = [];
  for (const [index, entry] of entries.entries()) {
    keys.push(entry.slug);
    holders.push(index * 2 + 1);
    // A term's own alias repeating its slug, or listed twice, is no collision.
    const aliases = entry.aliases.length > 1 ? new Set(entry.aliases) : entry.aliases;
    for (const alias of aliases) {
      if (alias === entry.slug) continue;
      keys.push(alias);
      holders.push(index * 2);
    }
    if ((index + 1) % STEP_ENTRIES === 0) yield;
  }
  const shared = (yield* equalKeyGroups(keys)).map(
    (group) => [keys[group[0]!]!, group.map((at) => ({ index: holders[at]! >> 1, isSlug: (holders[at]! & 1) === 1 }))] as const,
  );
  yield;

  const byPair = new Map<number, AliasCollision>();
  // Keys in sorted order so that a pair colliding on several aliases always reports the same one.
  shared.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  yield;
  for (const [at, [key, list]] of shared.entries()) {
    if ((at + 1) % STEP_ENTRIES === 0) yield;
    forBucketPairs(list.length, (x, y) => {
      const first = list[x]!;
      const second = list[y]!;
      const bothSlugs = first.isSlug && second.isSlug;
      const pair = Math.min(first.index, second.index) * entries.length + Math.max(first.index, second.index);
      const seen = byPair.get(pair);
      // An alias collision outranks two equal slugs; otherwise the first key in sorted order is kept.
      if (seen && (bothSlugs || !seen.bothSlugs)) return;
      byPair.set(pair, { key: pair, detail: key, bothSlugs });
    });
  }
  return [...byPair.values()];
}

/** Feature sets as sorted, distinct 32-bit hashes, all entries in one array: entry i owns [start[i], start[i+1]). */
interface FeatureSets {
  readonly hashes: Uint32Array;
  readonly start: Uint32Array;
}

function packSets(sets: readonly Uint32Array[]): FeatureSets {
  const start = new Uint32Array(sets.length + 1);
  sets.forEach((set, i) => (start[i + 1] = start[i]! + set.length));
  const hashes = new Uint32Array(start[sets.length]!);
  sets.forEach((set, i) => hashes.set(set, start[i]!));
  return { hashes, start };
}

function sortedDistinct(values: Uint32Array): Uint32Array {
  values.sort();
  let kept = 0;
  for (let k = 0; k < values.length; k++) if (k === 0 || values[k] !== values[kept - 1]) values[kept++] = values[k]!;
  return values.slice(0, kept);
}

/** A slug's words without filler, sorted; all its words when it is made only of filler. */
function nameWords(slug: string): string[] {
  const words = slug.split("-").filter((word) => word !== "");
  const meaningful = words.filter((word) => !NAME_FILLERS.has(word));
  return (meaningful.length > 0 ? meaningful : words).sort();
}

/** Trigrams of each name word padded with boundary marks, so word order does not count and short words do. */
function nameTrigramSets(names: readonly (readonly string[])[]): FeatureSets {
  return packSets(
    names.map((words) => {
      const grams: number[] = [];
      for (const word of words) {
        const padded = `\u0002${word}\u0003`;
        for (let k = 0; k + 3 <= padded.length; k++) grams.push(mix32(fnv1a(padded, k, k + 3)));
      }
      return sortedDistinct(Uint32Array.from(grams));
    }),
  );
}

/**
 * 1 − edits / letters when every word of one name pairs with a word of the other that is equal or a spelling
 * variant (see spellingDistance); 0 when the names differ by a word.
 */
function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  const rest = [...b];
  const differing: string[] = [];
  for (const word of a) {
    const same = rest.indexOf(word);
    if (same >= 0) rest.splice(same, 1);
    else differing.push(word);
  }
  let edits = 0;
  for (const word of differing) {
    let best = -1;
    let bestEdits = Number.POSITIVE_INFINITY;
    rest.forEach((other, k) => {
      const distance = spellingDistance(word, other);
      if (distance < bestEdits) [best, bestEdits] = [k, distance];
    });
    if (best < 0) return 0;
    rest.splice(best, 1);
    edits += bestEdits;
  }
  const letters = Math.max(a.join("").length, b.join("").length);
  return Math.round((1 - edits / letters) * 10_000) / 10_000;
}

/**
 * Edits between two spellings of one word, else Infinity: same first letter; a letter added or dropped from 5
 * letters, one edit of any kind from 7, two from 10. A letter changed in a short word is usually another word
 * (quote/quota, count/mount).
 */
function spellingDistance(word: string, other: string): number {
  const shorter = Math.min(word.length, other.length);
  const allowed = shorter >= 10 ? 2 : shorter >= 5 ? 1 : 0;
  if (allowed === 0 || word[0] !== other[0]) return Number.POSITIVE_INFINITY;
  if (shorter < 7 && word.length === other.length) return Number.POSITIVE_INFINITY;
  const distance = editDistance(word, other, allowed);
  return distance <= allowed ? distance : Number.POSITIVE_INFINITY;
}

/** Pairs (keys i · n + j) of names with the same words up to order and filler, or but for one word's spelling. */
function* nameCandidates(names: readonly (readonly string[])[]): Generator<void, Float64Array> {
  const count = names.length;
  const pairs = new PairBuffer();
  // Pairs within each group of name indices (members x and y of group g accepted), a step every STEP_GROUPS groups.
  function* pairWithin(groups: readonly (readonly number[])[], accept: (g: number, x: number, y: number) => boolean): Generator<void, void> {
    for (const [g, members] of groups.entries()) {
      if ((g + 1) % STEP_GROUPS === 0) yield;
      forBucketPairs(members.length, (x, y) => {
        const [i, j] = [members[x]!, members[y]!].sort((p, q) => p - q);
        if (i! !== j! && accept(g, x, y)) pairs.push(i! * count + j!);
      });
    }
  }
  const joined: string[] = [];
  for (const words of names) if (joined.push(words.join(" ")) % STEP_ENTRIES === 0) yield;
  yield* pairWithin(yield* equalKeyGroups(joined), () => true);
  yield;

  const distinctWords = new Set<string>();
  for (const [index, words] of names.entries()) {
    for (const word of words) distinctWords.add(word);
    if ((index + 1) % STEP_ENTRIES === 0) yield;
  }
  const vocabulary = [...distinctWords].sort();
  yield;
  const spellings = new Map<string, Set<string>>();
  let visited = 0;
  for (const key of yield* candidatePairSteps(nameTrigramSets(vocabulary.map((word) => [word])), WORD_BANDS, WORD_ROWS)) {
    if ((++visited & 255) === 0) yield;
    const word = vocabulary[Math.floor(key / vocabulary.length)]!;
    const other = vocabulary[key % vocabulary.length]!;
    if (spellingDistance(word, other) === Number.POSITIVE_INFINITY) continue;
    for (const [x, y] of [[word, other], [other, word]] as const) {
      const known = spellings.get(x);
      if (known) known.add(y);
      else spellings.set(x, new Set([y]));
    }
  }
  yield;
  // Each name with a word that has another spelling, keyed by its other words.
  const holders: number[] = [];
  const heldWords: string[] = [];
  const rests: string[] = [];
  for (const [index, words] of names.entries()) {
    if ((index + 1) % STEP_ENTRIES === 0) yield;
    words.forEach((word, position) => {
      if (!spellings.has(word)) return;
      holders.push(index);
      heldWords.push(word);
      rests.push([...words.slice(0, position), "", ...words.slice(position + 1)].join(" "));
    });
  }
  const byRest = yield* equalKeyGroups(rests);
  const spelledAlike = (g: number, x: number, y: number) => spellings.get(heldWords[byRest[g]![x]!]!)!.has(heldWords[byRest[g]![y]!]!);
  yield* pairWithin(byRest.map((members) => members.map((m) => holders[m]!)), spelledAlike);
  yield;
  return yield* pairs.distinct();
}

/** How many definitions hold each word of the vocabulary (by id), each definition counted once. */
function* documentFrequencies(tokens: DefinitionTokens): Generator<void, Uint32Array> {
  const { ids, start, vocabulary } = tokens;
  const count = start.length - 1;
  const holders = new Uint32Array(vocabulary.length);
  const lastHolder = new Int32Array(vocabulary.length).fill(-1);
  for (let i = 0; i < count; i++) {
    for (let t = start[i]!; t < start[i + 1]!; t++) {
      const id = ids[t]!;
      if (lastHolder[id] !== i) (lastHolder[id] = i), (holders[id]! += 1);
    }
    if ((i + 1) % STEP_ENTRIES === 0) yield;
  }
  return holders;
}

/**
 * Each definition's distinct tokens held by at most COMMON_SHARE of the definitions, as 32-bit token hashes; a
 * definition made only of common tokens keeps them all.
 */
function* rareTokenSets(tokens: DefinitionTokens, holders: Uint32Array): Generator<void, FeatureSets> {
  const { ids, start, vocabulary } = tokens;
  const count = start.length - 1;
  const hashes = Uint32Array.from(vocabulary, (token) => mix32(fnv1a(token, 0, token.length)));
  yield;
  const cutOff = Math.max(COMMON_MIN_ENTRIES, COMMON_SHARE * count);
  // One flat array written in place: 100,000 small typed arrays cost more to allocate than to fill.
  const kept = new Uint32Array(ids.length);
  const keptStart = new Uint32Array(count + 1);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const from = next;
    for (let t = start[i]!; t < start[i + 1]!; t++) if (holders[ids[t]!]! <= cutOff) kept[next++] = hashes[ids[t]!]!;
    if (next === from) for (let t = start[i]!; t < start[i + 1]!; t++) kept[next++] = hashes[ids[t]!]!;
    const set = kept.subarray(from, next).sort();
    let distinct = 0;
    for (let k = 0; k < set.length; k++) if (k === 0 || set[k] !== set[distinct - 1]) set[distinct++] = set[k]!;
    next = from + distinct;
    keptStart[i + 1] = next;
    if ((i + 1) % STEP_ENTRIES === 0) yield;
  }
  return { hashes: kept.slice(0, next), start: keptStart };
}

function jaccard(sets: FeatureSets, i: number, j: number): number {
  let x = sets.start[i]!;
  const xEnd = sets.start[i + 1]!;
  let y = sets.start[j]!;
  const yEnd = sets.start[j + 1]!;
  const union = xEnd - x + (yEnd - y);
  if (union === 0) return 0;
  let shared = 0;
  while (x < xEnd && y < yEnd) {
    const left = sets.hashes[x]!;
    const right = sets.hashes[y]!;
    if (left === right) {
      shared += 1;
      x += 1;
      y += 1;
    } else if (left < right) x += 1;
    else y += 1;
  }
  return Math.round((shared / (union - shared)) * 10_000) / 10_000;
}

/**
 * Distinct candidate pairs (keys i·n + j, i < j, ascending) whose MinHash signatures agree on at least one band;
 * a step a band.
 */
function* candidatePairSteps(sets: FeatureSets, bands: number, rows: number): Generator<void, Float64Array> {
  const count = sets.start.length - 1;
  const family = hashFamily(bands * rows);
  // One band's MinHash rows at a time (the same hash functions as a whole signature): a glossary's signatures
  // were the largest allocation of the digest (100,000 × 96 values).
  const signatures = new Int32Array(count * rows);
  const pairs = new PairBuffer();
  // Buckets of one band: an open-addressing table of band hashes, each slot chaining its entries in index order.
  const size = 2 ** Math.ceil(Math.log2(Math.max(2, count) * 2));
  const mask = size - 1;
  const slotHash = new Int32Array(size);
  const slotFirst = new Int32Array(size);
  const slotLast = new Int32Array(size);
  const slotMembers = new Int32Array(size);
  const next = new Int32Array(count);
  const shared: number[] = [];
  const members: number[] = [];
  const table: BandTable = { mask, slotHash, slotFirst, slotLast, slotMembers, next, shared, members };
  for (let band = 0; band < bands; band++) {
    if (band > 0) yield;
    bandSignatures(sets, family, band * rows, rows, signatures);
    pairBand(sets, signatures, rows, table, pairs);
  }
  yield;
  return yield* pairs.distinct();
}

/** The open-addressing table of one band's buckets, allocated once for every band. */
interface BandTable {
  readonly mask: number;
  readonly slotHash: Int32Array;
  readonly slotFirst: Int32Array;
  readonly slotLast: Int32Array;
  readonly slotMembers: Int32Array;
  readonly next: Int32Array;
  readonly shared: number[];
  readonly members: number[];
}

/** Buckets every entry by its band signature, and pairs the members of each bucket shared by two or more. */
function pairBand(sets: FeatureSets, signatures: Int32Array, rows: number, table: BandTable, pairs: PairBuffer): void {
  const { mask, slotHash, slotFirst, slotLast, slotMembers, next, shared, members } = table;
  const count = sets.start.length - 1;
  slotFirst.fill(-1);
  shared.length = 0;
  for (let i = 0; i < count; i++) {
    // An empty set has no signature; without this every empty entry would share every bucket.
    if (sets.start[i + 1] === sets.start[i]) continue;
    let h = 0x811c9dc5 | 0;
    const at = i * rows;
    for (let row = 0; row < rows; row++) h = Math.imul(h ^ signatures[at + row]!, 0x01000193);
    h = mix32(h) | 0;
    let slot = h & mask;
    while (slotFirst[slot] !== -1 && slotHash[slot] !== h) slot = (slot + 1) & mask;
    next[i] = -1;
    if (slotFirst[slot] === -1) {
      slotHash[slot] = h;
      slotFirst[slot] = i;
      slotMembers[slot] = 1;
    } else {
      next[slotLast[slot]!] = i;
      slotMembers[slot]! += 1;
      if (slotMembers[slot] === 2) shared.push(slot);
    }
    slotLast[slot] = i;
  }
  for (const slot of shared) {
    members.length = 0;
    for (let i = slotFirst[slot]!; i !== -1; i = next[i]!) members.push(i);
    const reach = bucketReach(members.length);
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length && y - x <= reach; y++) pairs.push(members[x]! * count + members[y]!);
    }
  }
}

/** Calls back each pair (x < y) of a bucket of `size` members, or a capped chain of them (see MAX_PAIRS_PER_BUCKET). */
function forBucketPairs(size: number, visit: (x: number, y: number) => void): void {
  const reach = bucketReach(size);
  for (let x = 0; x < size; x++) {
    for (let y = x + 1; y < size && y - x <= reach; y++) visit(x, y);
  }
}

/** How many following members each member of a bucket is paired with. */
function bucketReach(size: number): number {
  return (size * (size - 1)) / 2 <= MAX_PAIRS_PER_BUCKET ? size : Math.max(1, Math.floor(MAX_PAIRS_PER_BUCKET / size));
}

/**
 * One band of MinHash signatures into `into` (`rows` values per entry): the minimum of hash s, (a_s·h + b_s) mod
 * 2^32 of each feature hash h, for s in [first, first + rows). Values are stored with the top bit flipped as int32,
 * which keeps their order and the arithmetic in small integers.
 */
function bandSignatures(
  sets: FeatureSets,
  family: { a: Int32Array; b: Int32Array },
  first: number,
  rows: number,
  into: Int32Array,
): void {
  const { a, b } = family;
  const count = sets.start.length - 1;
  if (rows <= 3) {
    // The bands used (2 or 3 rows): each entry's minima kept in locals rather than read and written in `into`.
    const a0 = a[first]!, b0 = b[first]!;
    const a1 = rows > 1 ? a[first + 1]! : 0, b1 = rows > 1 ? b[first + 1]! : 0;
    const a2 = rows > 2 ? a[first + 2]! : 0, b2 = rows > 2 ? b[first + 2]! : 0;
    const { start, hashes } = sets;
    for (let i = 0; i < count; i++) {
      let m0 = 0x7fffffff, m1 = 0x7fffffff, m2 = 0x7fffffff;
      const end = start[i + 1]!;
      for (let f = start[i]!; f < end; f++) {
        const h = hashes[f]! | 0;
        const v0 = ((Math.imul(a0, h) + b0) | 0) ^ -0x80000000;
        const v1 = ((Math.imul(a1, h) + b1) | 0) ^ -0x80000000;
        const v2 = ((Math.imul(a2, h) + b2) | 0) ^ -0x80000000;
        if (v0 < m0) m0 = v0;
        if (v1 < m1) m1 = v1;
        if (v2 < m2) m2 = v2;
      }
      const base = i * rows;
      into[base] = m0;
      if (rows > 1) into[base + 1] = m1;
      if (rows > 2) into[base + 2] = m2;
    }
    return;
  }
  into.fill(0x7fffffff);
  for (let i = 0; i < count; i++) {
    const base = i * rows;
    for (let f = sets.start[i]!; f < sets.start[i + 1]!; f++) {
      const h = sets.hashes[f]! | 0;
      for (let row = 0; row < rows; row++) {
        const s = first + row;
        const value = ((Math.imul(a[s]!, h) + b[s]!) | 0) ^ -0x80000000;
        if (value < into[base + row]!) into[base + row] = value;
      }
    }
  }
}

/** Fixed multipliers (odd) and offsets from a seeded generator, so every run buckets alike. */
function hashFamily(k: number): { a: Int32Array; b: Int32Array } {
  let state = 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mix32(state);
  };
  const a = new Int32Array(k);
  const b = new Int32Array(k);
  for (let s = 0; s < k; s++) {
    a[s] = next() | 1;
    b[s] = next();
  }
  return { a, b };
}

/** A growable list of pair keys that sorts and drops repeats at the end, cheaper than a Set of numbers. */
class PairBuffer {
  private keys = new Float64Array(1024);
  private length = 0;

  push(key: number): void {
    if (this.length === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.length++] = key;
  }

  /** The keys sorted, each once, in steps. */
  *distinct(): Generator<void, Float64Array> {
    const sorted = yield* sortedInSteps(this.keys.subarray(0, this.length));
    let kept = 0;
    for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[kept - 1]) sorted[kept++] = sorted[k]!;
    return sorted.slice(0, kept);
  }
}

/** Definitions' tokens as ids into one vocabulary, every definition's end to end: definition i's are ids[start[i]…start[i + 1]). */
interface DefinitionTokens {
  readonly ids: Uint32Array;
  readonly start: Uint32Array;
  readonly vocabulary: readonly string[];
  /** Each word's id: its index in `vocabulary`. */
  readonly idOf: ReadonlyMap<string, number>;
}

/**
 * Keeps definitions' tokens, added one definition at a time in the entries' order, as ids into one vocabulary: a
 * typed array grown by doubling, where 100,000 lists of strings held several times their size.
 */
function definitionTokensBuilder(): { add(tokens: readonly string[]): void; done(): DefinitionTokens } {
  const idOf = new Map<string, number>();
  const vocabulary: string[] = [];
  let ids = new Uint32Array(1024);
  let length = 0;
  const starts: number[] = [0];
  const push = (id: number) => {
    if (length === ids.length) {
      const grown = new Uint32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[length++] = id;
  };
  return {
    add(tokens) {
      for (const token of tokens) {
        let id = idOf.get(token);
        if (id === undefined) idOf.set(token, (id = vocabulary.push(token) - 1));
        push(id);
      }
      starts.push(length);
    },
    done: () => ({ ids: ids.slice(0, length), start: Uint32Array.from(starts), vocabulary, idOf }),
  };
}

/**
 * Each definition's tokens: the entry's own when given, else from `tokenize` run once per distinct
 * space-separated chunk in the whole glossary, since tokenizing 100,000 definitions text by text takes seconds.
 * Rules of `tokenize` that span words ("at least 3", "no more than") are missed that way, so these tokens only feed
 * the MinHash sets and the default weights; every reported similarity comes from `tokenize` on whole texts, weighed
 * by those weights.
 */
function* wordTokens(entries: readonly OverlapEntry[]): Generator<void, DefinitionTokens> {
  const chunks = new Map<string, readonly string[]>();
  const words = definitionTokensBuilder();
  const list: string[] = [];
  for (const [i, { definition, tokens }] of entries.entries()) {
    if ((i + 1) % STEP_DEFINITIONS === 0) yield;
    if (tokens !== undefined) {
      words.add(tokens);
      continue;
    }
    list.length = 0;
    // Splitting on spaces alone is enough: a chunk holding a tab or newline is still tokenized whole.
    for (const chunk of definition.split(" ")) {
      if (chunk === "") continue;
      let chunkTokens = chunks.get(chunk);
      if (chunkTokens === undefined) chunks.set(chunk, (chunkTokens = tokenize(chunk)));
      for (const token of chunkTokens) list.push(token);
    }
    words.add(list);
  }
  return words.done();
}

