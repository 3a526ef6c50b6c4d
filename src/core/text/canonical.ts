import { stemmer } from "stemmer";
import {
  ABBREVIATIONS,
  CANONICAL_WORDS,
  MAXIMUM,
  MINIMUM,
  NEGATABLE_WORDS,
  NEGATION,
  NEGATIVE_PREFIXES,
  NUMBER_SCALES,
  NUMBER_WORDS,
} from "./lexicon.js";
import { singularise } from "./normalise.js";
import { wordRelations } from "./word-relations.js";

const STEM_CACHE_LIMIT = 200_000;
const STEMS = new Map<string, string>();

const UPPER_NEGATED = new Set(["more", "later", "longer", "greater", "higher", "over", "above"]);
const LOWER_NEGATED = new Set(["fewer", "less", "earlier", "shorter", "lower", "under", "below"]);

// "less any returns", "less one-off costs": a determiner or a number after "less" starts what is subtracted.
const DETERMINERS = new Set(["any", "all", "the", "its", "their", "every", "each"]);

const NEGATABLE_STEMS = new Set(NEGATABLE_WORDS.map((word) => stemWord(canonicalWord(word))));

/** Short forms of time units, read as the unit when they follow a number. */
const SHORT_UNITS: ReadonlyMap<string, string> = new Map([
  ...["s", "sec", "secs"].map((w) => [w, "seconds"] as const),
  ...["min", "mins"].map((w) => [w, "minutes"] as const),
  ...["h", "hr", "hrs"].map((w) => [w, "hours"] as const),
  ...["d"].map((w) => [w, "days"] as const),
  ...["wk", "wks"].map((w) => [w, "weeks"] as const),
  ...["mo", "mos"].map((w) => [w, "months"] as const),
  ...["yr", "yrs"].map((w) => [w, "years"] as const),
]);

/** Rewrites split, folded words into canonical words: abbreviations spelled out, numbers as digits, bounds and negations in one form. */
export function canonicalWords(words: readonly string[]): string[] {
  const expanded: string[] = [];
  for (const [at, word] of words.entries()) {
    // "4 h", "30 d", "2 yrs": a unit's short form after a number is the unit.
    const unit = isDigits(words[at - 1]) ? SHORT_UNITS.get(word) : undefined;
    if (unit !== undefined) {
      expanded.push(unit);
      continue;
    }
    const expansion = ABBREVIATIONS.get(word) ?? ABBREVIATIONS.get(singularise(word));
    if (expansion === undefined) expanded.push(word);
    else expanded.push(...expansion.split(" "));
  }
  const out: string[] = [];
  for (let i = 0; i < expanded.length; i++) {
    const word = expanded[i]!;
    const next = expanded[i + 1];
    // "re-enrol" is "enrol again".
    if (word === "re" && next !== undefined && /^[a-z]{3,}$/u.test(next)) {
      out.push(next, "again");
      i += 1;
      continue;
    }
    // "at least 3" and "3 or more" set the same lower bound; the bound word takes the phrase's place.
    if (word === "at" && next === "least") {
      out.push(MINIMUM);
      i += 1;
      continue;
    }
    if (word === "at" && next === "most") {
      out.push(MAXIMUM);
      i += 1;
      continue;
    }
    // "no more than 3", "not later than a day": an upper bound; "no fewer than 3", "not less than": a lower one.
    if ((word === "no" || word === "not") && expanded[i + 2] === "than" && next !== undefined && (UPPER_NEGATED.has(next) || LOWER_NEGATED.has(next))) {
      out.push(UPPER_NEGATED.has(next) ? MAXIMUM : MINIMUM);
      i += 2;
      continue;
    }
    // "10 percent or more" and "12 days or more" bound the number as "10 or more" does.
    const afterNumber = isDigits(out[out.length - 1]) || isDigits(out[out.length - 2]);
    if (word === "or" && afterNumber && next !== undefined) {
      if (next === "more" || next === "above" || next === "over") {
        out.push(MINIMUM);
        i += 1;
        continue;
      }
      if (next === "fewer" || next === "less" || next === "below") {
        out.push(MAXIMUM);
        i += 1;
        continue;
      }
    }
    // "at least once" is a count; "once it is confirmed" is a conjunction and stays a word.
    if (word === "once" && (out[out.length - 1] === MINIMUM || out[out.length - 1] === MAXIMUM)) {
      out.push("1", "time");
      continue;
    }
    // "revenue less returns" subtracts; "less than" compares, and "less common ones" qualifies: both are left alone.
    if (word === "less" && next !== "than" && out.length > 0 && !(next !== undefined && !DETERMINERS.has(next) && !NUMBER_WORDS.has(next) && wordRelations().adjective(next))) {
      out.push("minus");
      continue;
    }
    if (NUMBER_WORDS.has(word) || NUMBER_SCALES.has(word)) {
      i = readNumber(expanded, i, out) - 1;
      continue;
    }
    const canonical = canonicalWord(word);
    if (canonical === "") continue;
    const base = negatedBase(canonical);
    if (base === undefined) out.push(canonical);
    else out.push(NEGATION, base);
  }
  return out;
}

/** The stemmed token of one canonical word: singularised first, so Porter agrees on plurals it stems differently. */
export function stemWord(word: string): string {
  let stem = STEMS.get(word);
  if (stem === undefined) {
    stem = /^[a-z]+$/.test(word) ? stemmer(singularise(word)) : word;
    // A glossary's vocabulary is small beside its text: remembering stems makes tokenizing 100,000 definitions
    // several times faster. The cap keeps memory bounded on an unusual vocabulary.
    if (STEMS.size >= STEM_CACHE_LIMIT) STEMS.clear();
    STEMS.set(word, stem);
  }
  return stem;
}


/** True when a token is a whole number written in digits. */
export function isDigits(token: string | undefined): token is string {
  if (token === undefined || token.length === 0) return false;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function canonicalWord(word: string): string {
  return CANONICAL_WORDS.get(word) ?? CANONICAL_WORDS.get(singularise(word)) ?? word;
}

/** "unpaid" → "paid" when the rest of the word is a listed negatable word; undefined otherwise. */
function negatedBase(word: string): string | undefined {
  for (const prefix of NEGATIVE_PREFIXES) {
    if (!word.startsWith(prefix) || word.length - prefix.length < 4) continue;
    const base = canonicalWord(word.slice(prefix.length));
    if (NEGATABLE_STEMS.has(stemWord(base))) return base;
  }
  return undefined;
}

/** Reads a run of number words from `start` ("twenty four", "one hundred and five"), pushes its value in digits, returns the index after it. */
function readNumber(words: readonly string[], start: number, out: string[]): number {
  let total = 0;
  let current = 0;
  let last: "none" | "unit" | "tens" | "scale" = "none";
  let i = start;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const value = NUMBER_WORDS.get(word);
    const scale = NUMBER_SCALES.get(word);
    if (value !== undefined) {
      // "twenty four" is one number, "one two" is two: a unit continues only a run of tens or a scale.
      const tens = value >= 20;
      const continues = last === "none" || last === "scale" || (last === "tens" && !tens && value > 0 && value < 10);
      if (!continues) break;
      current += value;
      last = tens ? "tens" : "unit";
    } else if (scale !== undefined) {
      const previous = words[i - 1];
      // "5 million": the scale multiplies digits written just before it.
      if (last === "none" && isDigits(previous) && out[out.length - 1] === previous) {
        out.pop();
        current = Number(previous);
      }
      current = (current === 0 ? 1 : current) * scale;
      if (scale >= 1_000) {
        total += current;
        current = 0;
      }
      last = "scale";
    } else if (word === "and" && last === "scale" && NUMBER_WORDS.has(words[i + 1] ?? "")) {
      continue;
    } else {
      break;
    }
  }
  out.push(String(total + current));
  return i;
}
