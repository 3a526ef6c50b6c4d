import { conceptOf, eventOf, namesPeriod, type Reading } from "./meaning.js";
import type { DriftReason } from "./reasons.js";
import { baseForms, synonymSets } from "./synonym-sets.js";
import { wordRelations } from "./word-relations.js";
import type { WordVectors } from "./word-vectors.js";

/*
 * The drift measure's word-level comparison: what the content words left over once every category (periods,
 * events, clauses, parts of a ratio, …) has had its say cost, aligned most alike first, and when such a word is a
 * change of its own (a swap in an otherwise unchanged text, a qualifier added or dropped).
 */

// A content word the other side lacks costs this much at most; a word the other side says in other words
// (a word-vector match) costs in proportion to how far apart the two words are.
const WORDING_WEIGHT = 0.26;
// Word pairs at least this alike by word vectors are taken as a paraphrase.
const PARAPHRASE_SIMILARITY = 0.5;
// One word swapped for a non-synonym in an unchanged frame: as weighty as a named change.
const SWAP_WEIGHT = 0.5;
// A swap is in an unchanged frame when it is the only change, or when next to a word both texts share and at most
// one other leftover word is anywhere: inside a wider paraphrase a swapped neighbour says little.
const FRAME_CHANGES = 3;
// Words added or dropped where all else is said alike (see loneEdit): at most this many, one of them not a verb
// and saying this much ("full", "retail"; not "once", "too").
const LONE_EDIT_WORDS = 3;
const LONE_EDIT_INFORMATION = 0.6;
const LONE_EDIT_WEIGHT = 0.55;
// Verbs at least this alike by word vectors are taken as one event said two ways; swapped, they still weigh this.
const RELATED_VERB_SIMILARITY = 0.38;
const RELATED_VERB_WEIGHT = 0.4;
// Verbs this alike say the same thing ("stays", "spends"; "received", "came in"): a paraphrase.
const SAME_VERB_SIMILARITY = 0.55;
// Nouns this alike by word vectors, and not kinds of one thing in WordNet, are one thing said two ways ("issue",
// "problem"; "length", "span"); swapped, they weigh this.
const SAME_NOUN_SIMILARITY = 0.64;
const SAME_NOUN_WEIGHT = 0.3;
// A word swapped for its opposite ("permanent" → "temporary"), in WordNet's senses: weightier than any other swap.
const OPPOSITE_WEIGHT = 0.6;
// Two changed words this far apart are reported as a change of wording that matters.
const WORDING_REASON_COST = 0.55;

/**
 * The content words left once every category has had its say. The same concept on both sides costs nothing. A word
 * swapped for another in an unchanged frame (same neighbours, or the only change) is a change of meaning unless the
 * two are synonyms (the lexicon, WordNet, or one derived from the other): word vectors rate "retail" and "wholesale"
 * as alike, so they only soften swaps inside a wider paraphrase. A word with no counterpart costs by how much a word
 * that rare says (frequent words say little).
 */
export function compareWording(
  a: Reading,
  b: Reading,
  vectors: WordVectors,
  eventsReported: boolean,
  explained: ReadonlySet<string>,
  named: boolean,
  denied: ReadonlySet<string>,
): { cost: number; swap: number; reasons: DriftReason[] } {
  // Events already reported as changed are explained; their words take no further part.
  let left = unmatchedIndexes(a.rest, b.rest);
  let right = unmatchedIndexes(b.rest, a.rest);
  if (eventsReported) {
    left = left.filter((i) => !a.events.has(a.rest[i]!));
    right = right.filter((j) => !b.events.has(b.rest[j]!));
  }
  if (explained.size > 0) {
    left = left.filter((i) => !explained.has(a.rest[i]!) && !explained.has(conceptOf(a.restWords[i]!)));
    right = right.filter((j) => !explained.has(b.rest[j]!) && !explained.has(conceptOf(b.restWords[j]!)));
  }
  // "policy holders" and "policyholders": two words written as one.
  [left, right] = joinCompounds(a, left, b, right);
  [right, left] = joinCompounds(b, right, a, left);
  const reasons: DriftReason[] = [];
  const relations = wordRelations();
  let keep = 1;
  let swap = 0;
  let swapped = false;
  const pairedRight = new Set<number>();
  const onlyChange = left.length === 1 && right.length === 1;
  const matches = alignWords(a, left, b, right, vectors);
  const edit = named ? undefined : loneEdit(a, left, b, right, matches, vectors);
  if (edit !== undefined) return { cost: edit.cost, swap: LONE_EDIT_WEIGHT, reasons: [edit.reason] };
  for (const i of left) {
    const word = a.restWords[i]!;
    const match = matches.get(i);
    if (match === undefined) {
      const cost = informationOf(word, vectors);
      keep *= 1 - WORDING_WEIGHT * cost;
      if (cost >= WORDING_REASON_COST) reasons.push({ kind: "wording", from: word, text: `drops: ${word}` });
      continue;
    }
    const { j: best, synonym, similarity: bestSimilarity } = match;
    pairedRight.add(best);
    const other = b.restWords[best]!;
    if (synonym) {
      keep *= 1 - WORDING_WEIGHT * 0.1;
      continue;
    }
    const neighbour =
      (i > 0 && best > 0 && a.rest[i - 1] === b.rest[best - 1]) ||
      (i + 1 < a.rest.length && best + 1 < b.rest.length && a.rest[i + 1] === b.rest[best + 1]);
    const frame = onlyChange || (neighbour && left.length + right.length <= FRAME_CHANGES);
    // "could not be delivered" for "bounced", "not resolved" for "open": a verb the other text denies, or the
    // opposite of a word it denies, is that negation said otherwise, not a second change.
    const verbLike = (w: string) => looksLikeVerb(w) || relations.verb(w);
    const deniedPredicate = (denied.has(word) || denied.has(other)) && ((verbLike(word) && verbLike(other)) || saysOpposite(word, other));
    if (deniedPredicate) {
      keep *= 1 - WORDING_WEIGHT * 0.1;
      continue;
    }
    if (frame && !swapped) {
      swapped = true;
      // A word swapped for its opposite changes what is counted. Two verbs that word vectors rate alike say what
      // happened in other words ("stays", "spends"), related ones may ("logged", "recorded"); unrelated verbs name
      // another event. Nouns swapped in a frame change what is counted however related the vectors rate them
      // ("retail", "wholesale").
      // An event the lexicon knows ("attended") swapped for a verb it does not ("invited") is at most related.
      // A word qualifying a noun ("start date", "offer date") is used as a noun, whatever else it can be.
      const qualifies = (r: Reading, at: number) => r.modifiers.some((m) => m.modifierWord === r.restWords[at] && m.head === r.rest[at + 1]);
      const verbs =
        (looksLikeVerb(word) || relations.verb(word)) && (looksLikeVerb(other) || relations.verb(other)) && !qualifies(a, i) && !qualifies(b, best);
      const knownEvent = a.events.has(a.rest[i]!) || b.events.has(b.rest[best]!);
      if (relations.opposites(word, other)) swap = OPPOSITE_WEIGHT;
      else if (verbs && !knownEvent && bestSimilarity >= SAME_VERB_SIMILARITY) swap = WORDING_WEIGHT * (1 - bestSimilarity);
      else if (!verbs && !knownEvent && bestSimilarity >= SAME_NOUN_SIMILARITY && !relations.siblings(word, other)) swap = SAME_NOUN_WEIGHT;
      else swap = verbs && bestSimilarity >= RELATED_VERB_SIMILARITY ? RELATED_VERB_WEIGHT : SWAP_WEIGHT;
      if (swap >= SWAP_WEIGHT) reasons.unshift({ kind: "wording", from: word, to: other, text: `changes ${word} to ${other}` });
      continue;
    }
    if (bestSimilarity >= PARAPHRASE_SIMILARITY) {
      keep *= 1 - WORDING_WEIGHT * (1 - bestSimilarity) * 0.5;
      continue;
    }
    const pairCost = (informationOf(word, vectors) + informationOf(other, vectors)) / 2;
    keep *= 1 - WORDING_WEIGHT * pairCost;
    if (pairCost >= WORDING_REASON_COST) reasons.push({ kind: "wording", from: word, to: other, text: `changes the wording: ${word} → ${other}` });
  }
  for (const j of right) {
    if (pairedRight.has(j)) continue;
    const word = b.restWords[j]!;
    const cost = informationOf(word, vectors);
    keep *= 1 - WORDING_WEIGHT * cost;
    if (cost >= WORDING_REASON_COST) reasons.push({ kind: "wording", to: word, text: `adds: ${word}` });
  }
  return { cost: 1 - keep, swap, reasons };
}

/**
 * Words one text adds or drops where everything else is said alike: "permanent employees" for "employees",
 * "customers" for "retail customers", "website visitors" for "customers". In an otherwise unchanged text such an edit qualifies what is
 * counted, and weighs as a named change; inside a wider paraphrase or a reordered text the same words are only
 * wording. Undefined when the leftover words are not one short run on each side, or include no word added or
 * dropped outright.
 */
function loneEdit(
  a: Reading,
  left: readonly number[],
  b: Reading,
  right: readonly number[],
  matches: ReadonlyMap<number, { j: number; similarity: number; synonym: boolean }>,
  vectors: WordVectors,
): { cost: number; reason: DriftReason } | undefined {
  const poorLeft: number[] = [];
  const poorRight: number[] = [];
  const pairedRight = new Set<number>();
  let cost = 0;
  for (const i of left) {
    const match = matches.get(i);
    if (match === undefined) poorLeft.push(i);
    else {
      pairedRight.add(match.j);
      if (match.synonym) cost += WORDING_WEIGHT * 0.1;
      // Words said otherwise by word vectors alone make the text a paraphrase, where an added word is wording.
      else if (match.similarity >= PARAPHRASE_SIMILARITY) return undefined;
      else {
        poorLeft.push(i);
        poorRight.push(match.j);
      }
    }
  }
  const added = right.filter((j) => !pairedRight.has(j));
  const dropped = poorLeft.filter((i) => !matches.has(i));
  if (added.length === 0 && dropped.length === 0) return undefined;
  poorRight.push(...added);
  if (poorLeft.length + poorRight.length > LONE_EDIT_WORDS) return undefined;
  if (!isRun(poorLeft) || !isRun(poorRight)) return undefined;
  if (a.rest.length - poorLeft.length < 2 || b.rest.length - poorRight.length < 2) return undefined;
  // The words both texts share come in the same order: a reordered text is a rewording, not an edit of one.
  const leftSet = new Set(left);
  const rightSet = new Set(right);
  const keptA = a.rest.filter((_, i) => !leftSet.has(i));
  const keptB = b.rest.filter((_, j) => !rightSet.has(j));
  if (keptA.length !== keptB.length || keptA.some((concept, k) => concept !== keptB[k])) return undefined;
  // A word the other text says elsewhere is the sentence restructured ("of the customers at the start, the share
  // lost"), not an edit; an edit of verbs alone is how something is said ("placed", "generated"); an edit of
  // common words alone ("past", "once") says little.
  if (poorLeft.length + poorRight.length === 1 && [...dropped.map((i) => b.rest.includes(a.rest[i]!)), ...added.map((j) => a.rest.includes(b.rest[j]!))].some(Boolean)) return undefined;
  const relations = wordRelations();
  const from = poorLeft.sort((x, y) => x - y).map((i) => a.restWords[i]!);
  const to = poorRight.sort((x, y) => x - y).map((j) => b.restWords[j]!);
  // A word next to a period ("the past 30 days", "the current month") belongs to the window, compared on its own.
  const weighty = (mine: Reading, at: number) => {
    const word = mine.restWords[at]!;
    const k = mine.restAt[at]!;
    // "outgoing", "refurbished": a participle WordNet knows as an adjective, and not as a verb, qualifies.
    const verb = relations.verb(word) || eventOf(word) !== undefined || (looksLikeVerb(word) && !relations.adjective(word));
    if (verb || namesPeriod(mine.words[k - 1]) || namesPeriod(mine.words[k + 1])) return false;
    return informationOf(word, vectors) >= LONE_EDIT_INFORMATION;
  };
  if (!dropped.some((i) => weighty(a, i)) && !added.some((j) => weighty(b, j))) return undefined;
  const reason: DriftReason =
    from.length === 0
      ? { kind: "population", to: to.join(" "), text: `adds a qualifier: ${to.join(" ")}` }
      : to.length === 0
        ? { kind: "population", from: from.join(" "), text: `drops a qualifier: ${from.join(" ")}` }
        : { kind: "population", from: from.join(" "), to: to.join(" "), text: `changes ${from.join(" ")} to ${to.join(" ")}` };
  return { cost: Math.min(1, cost), reason };
}

/** Whether two words are opposites in WordNet, an event word by its event too ("resolved" is "closed", against "open"). */
export function saysOpposite(x: string, y: string): boolean {
  const relations = wordRelations();
  if (relations.opposites(x, y)) return true;
  const ex = eventOf(x);
  const ey = eventOf(y);
  return (ex !== undefined && ex !== x && relations.opposites(ex, y)) || (ey !== undefined && ey !== y && relations.opposites(x, ey));
}

/** Whether indexes, in any order, are consecutive. */
function isRun(indexes: readonly number[]): boolean {
  if (indexes.length <= 1) return true;
  return Math.max(...indexes) - Math.min(...indexes) + 1 === new Set(indexes).size;
}

/**
 * Pairs the leftover words of two texts, the most alike first: synonyms (the lexicon, WordNet, or one word derived
 * from the other), then by word vectors, so a word's close counterpart is not taken by an earlier word's weaker one.
 */
function alignWords(
  a: Reading,
  left: readonly number[],
  b: Reading,
  right: readonly number[],
  vectors: WordVectors,
): Map<number, { j: number; similarity: number; synonym: boolean }> {
  const matches = new Map<number, { j: number; similarity: number; synonym: boolean }>();
  if (left.length === 0 || right.length === 0) return matches;
  const synonyms = synonymSets();
  const relations = wordRelations();
  const candidates: { i: number; j: number; similarity: number; synonym: boolean }[] = [];
  for (const i of left) {
    const word = a.restWords[i]!;
    for (const j of right) {
      const other = b.restWords[j]!;
      const synonym = derived(word, other) || abbreviates(word, other) || abbreviates(other, word) || synonyms.synonyms(word, other) || relations.derivation(word, other) || relations.similar(word, other);
      // A word one text repeats that the other says once ("invoices issued …, as a share of all invoices issued") is
      // the sentence built another way: it pairs only with a synonym.
      if (!synonym && (b.rest.includes(a.rest[i]!) || a.rest.includes(b.rest[j]!))) continue;
      candidates.push({ i, j, similarity: synonym ? 1 : (vectors.similarity(word, other) ?? 0), synonym });
    }
  }
  candidates.sort((x, y) => Number(y.synonym) - Number(x.synonym) || y.similarity - x.similarity || x.i - y.i || x.j - y.j);
  const taken = new Set<number>();
  for (const c of candidates) {
    if (matches.has(c.i) || taken.has(c.j)) continue;
    matches.set(c.i, { j: c.j, similarity: c.similarity, synonym: c.synonym });
    taken.add(c.j);
  }
  return matches;
}

/** A past or present participle, or an adverb: the forms a verb takes in a definition ("closed", "shipping"). */
function looksLikeVerb(word: string): boolean {
  return /(?:ed|ing|ly)$/u.test(word) || IRREGULAR_PARTICIPLES.has(word);
}

const IRREGULAR_PARTICIPLES = new Set(["made", "held", "kept", "left", "sold", "bought", "paid", "spent", "won", "lost", "sent", "taken", "given", "written", "wrote", "found", "shut", "set", "put", "cut", "hit", "run", "done", "got", "gone"]);

/** Drops from `theirs` a word that is two adjacent words of `mine` joined, and those two from `mine`. */
function joinCompounds(mine: Reading, left: number[], other: Reading, right: number[]): [number[], number[]] {
  const dropMine = new Set<number>();
  const dropTheirs = new Set<number>();
  for (const j of right) {
    const word = other.restWords[j]!;
    for (let i = 0; i + 1 < mine.restWords.length; i++) {
      const first = mine.restWords[i]!;
      const second = mine.restWords[i + 1]!;
      // Compared in place rather than joined: this runs for every pair of leftover words.
      if (word.length === first.length + second.length && word.startsWith(first) && word.endsWith(second)) {
        dropMine.add(i).add(i + 1);
        dropTheirs.add(j);
        break;
      }
    }
  }
  return [left.filter((i) => !dropMine.has(i)), right.filter((j) => !dropTheirs.has(j))];
}

/**
 * A short form of a word: its first letters and then some of the rest, in order ("rev", "revenue"; "avg",
 * "average"; "ad", "advertising"; "prem", "premium"). Only leftover words are compared, so a short word that is
 * also a word of its own ("ad") is taken as the abbreviation only where the other text spells a match out.
 */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short.length > 4 || long.length < short.length + 3 || short[0] !== long[0]) return false;
  if (short.length > 2 && short[1] !== long[1]) return false;
  let k = 1;
  for (let j = 1; j < long.length && k < short.length; j++) if (long[j] === short[k]) k++;
  return k === short.length;
}

/** One word built from the other ("department", "departmental"; "Europe", "European"; "new", "newly"). */
export function derived(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 5 && long.startsWith(short.slice(0, Math.max(5, short.length - 1)))) return true;
  return short.length >= 3 && long.startsWith(short) && baseForms(long).includes(short);
}

function unmatchedIndexes(mine: readonly string[], theirs: readonly string[]): number[] {
  const available = new Map<string, number>();
  for (const concept of theirs) available.set(concept, (available.get(concept) ?? 0) + 1);
  const out: number[] = [];
  mine.forEach((concept, i) => {
    const count = available.get(concept) ?? 0;
    if (count > 0) available.set(concept, count - 1);
    else out.push(i);
  });
  return out;
}

/** 0.2 … 1: how much one word says, from its frequency rank in the word-vector table (the table is by frequency). */
export function informationOf(word: string, vectors: WordVectors): number {
  const rank = vectors.rank(word);
  if (rank === undefined) return 1;
  return Math.min(1, Math.max(0.2, Math.log10(rank + 10) / 4.5));
}
