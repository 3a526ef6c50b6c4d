import { readFileSync } from "node:fs";
import { atOnce } from "../turns.js";
import { baseForms } from "./synonym-sets.js";

/**
 * WordNet's antonyms, derivations, similar adjectives and verbs (derived by scripts/wordnet-relations.ts into a small table in this
 * folder). Word vectors rate "permanent" and "temporary" as alike as "goods" and "merchandise"; WordNet says the
 * first two are opposites. Loaded on first use, never at start.
 */
export interface WordRelations {
  /** True when some inflection of `a` and some inflection of `b` have opposite senses. */
  opposites(a: string, b: string): boolean;
  /** True when one word is derived from the other ("sell", "seller"; "employ", "employee"). */
  derivation(a: string, b: string): boolean;
  /** True when two adjectives have similar senses ("first", "initial"). */
  similar(a: string, b: string): boolean;
  /** True when WordNet knows the word as an adjective with senses like others' ("common", "usual"). */
  adjective(word: string): boolean;
  /** True when two words name kinds of one thing ("yesterday", "today"; "retail", "wholesale"). */
  siblings(a: string, b: string): boolean;
  /** True when English uses the word (or the base form it is inflected from) mostly as a verb. */
  verb(word: string): boolean;
  readonly size: number;
}

const TABLE = new URL("./resources/word-relations.txt", import.meta.url);

let loaded: WordRelations | undefined;

/** The shipped table, read once. */
export function wordRelations(): WordRelations {
  return atOnce(wordRelationsInSteps());
}

/** `wordRelations()` a few thousand lines a step (about 60 ms in all), for work that shares the thread. */
export function* wordRelationsInSteps(): Generator<void, WordRelations> {
  if (loaded === undefined) {
    const parsed = yield* parseInSteps(readFileSync(TABLE, "utf8"));
    loaded ??= parsed;
  }
  return loaded;
}

/** Lines parsed between two steps. */
const LINES_A_STEP = 5_000;

/**
 * Reads "! a b" (opposites), "+ a b" (derivation), "& a b" (similar), "@ word kind …" (what a word is a kind of)
 * and "v word …" (verbs) lines; "#" starts a comment line.
 */
export function parseWordRelations(text: string): WordRelations {
  return atOnce(parseInSteps(text));
}

function* parseInSteps(text: string): Generator<void, WordRelations> {
  const pairs = new Set<string>();
  const verbs = new Set<string>();
  const kinds = new Map<string, readonly string[]>();
  const adjectives = new Set<string>();
  let size = 0;
  const lines = text.split("\n");
  // The loop itself in a plain function: V8 optimises a generator's own loops less well (about 25 ms more here).
  const parseLines = (from: number, to: number) => {
    for (let at = from; at < to; at++) {
      const line = lines[at]!;
      if (line === "" || line.startsWith("#")) continue;
      const [kind, ...words] = line.split(" ");
      if (kind === "v") for (const word of words) verbs.add(word);
      else if (kind === "@" && words.length >= 2) kinds.set(words[0]!, words.slice(1));
      else if ((kind === "!" || kind === "+" || kind === "&") && words.length === 2) {
        pairs.add(`${kind}${words[0]} ${words[1]}`);
        if (kind === "&") adjectives.add(words[0]!).add(words[1]!);
      }
      else continue;
      size += 1;
    }
  };
  for (let from = 0; from < lines.length; from += LINES_A_STEP) {
    parseLines(from, Math.min(lines.length, from + LINES_A_STEP));
    yield;
  }
  const related = (kind: "!" | "+" | "&", a: string, b: string): boolean => {
    if (a === b) return false;
    for (const x of baseForms(a)) {
      for (const y of baseForms(b)) {
        if (pairs.has(x < y ? `${kind}${x} ${y}` : `${kind}${y} ${x}`)) return true;
      }
    }
    return false;
  };
  return {
    size,
    opposites: (a, b) => related("!", a, b),
    derivation: (a, b) => related("+", a, b),
    similar: (a, b) => related("&", a, b),
    adjective: (word) => adjectives.has(word),
    siblings(a, b) {
      if (a === b) return false;
      const of = (word: string) => baseForms(word).flatMap((form) => kinds.get(form) ?? []);
      const left = of(a);
      return left.length > 0 && of(b).some((k) => left.includes(k));
    },
    verb: (word) => baseForms(word).some((form) => verbs.has(form)),
  };
}
