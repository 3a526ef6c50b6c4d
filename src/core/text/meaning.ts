import { canonicalWords, isDigits, stemWord } from "./canonical.js";
import { NEGATION } from "./lexicon.js";
import { foldText, singularise, splitWords } from "./normalise.js";
import { FILLER_WORDS, PHRASES, SYNONYM_GROUPS } from "./synonyms.js";

// Marks that end what a "per" names: "per ward, reported monthly".
const MARKS: ReadonlySet<string> = new Set([",", ";", ":", "."]);

/**
 * What a definition says, read for the parts a steward checks: its quantities and periods, events, and/or,
 * inclusions and exclusions, count or amount, scale, numerator and denominator, negations, units, bounds and
 * aggregations, and the remaining content words (as concepts: synonyms share one). Built once per text.
 */
export interface Reading {
  /** The text read. */
  readonly source: string;
  /** Canonical words, in order, examples left out. */
  readonly words: readonly string[];
  /** Days of each period the text names ("90 days" → 90, "a month" → 30), with how it is used. */
  readonly periods: readonly Period[];
  /** Whether its period rolls ("the trailing 30 days") or is one of the calendar's ("the current month"). */
  readonly anchors: ReadonlySet<"rolling" | "calendar">;
  readonly boundaries: ReadonlySet<"start" | "end">;
  readonly events: ReadonlySet<string>;
  /** The word each event was written with ("opened" for the event "created"). */
  readonly eventWords: ReadonlyMap<string, string>;
  readonly ands: number;
  readonly ors: number;
  /** Clauses that add to what is counted ("including …", "plus …") and that take away ("excluding …", "minus …"). */
  readonly additions: readonly Clause[];
  readonly subtractions: readonly Clause[];
  readonly netGross: ReadonlySet<"net" | "gross">;
  readonly beforeAfter: ReadonlySet<"before" | "after">;
  /** What each "before" or "after" is before or after ("after discounts"), as concept and word. */
  readonly beforeAfterOf: readonly { readonly side: "before" | "after"; readonly concept: string; readonly word: string }[];
  /** "whether or not …", "… or not": a condition said not to matter. */
  readonly regardless: readonly string[];
  readonly measure: ReadonlySet<"count" | "amount">;
  /** 1 for a plain ratio, 100 for a percentage, 1,000,000 for "per million". */
  readonly scale: number;
  /**
   * Whether the text says its scale: a percentage, "per thousand", or a plain ratio said as one (a division, "per
   * visitor", "a fraction between 0 and 1", "as a ratio"). "The share of …" and "the proportion of …" may be given
   * either way and say no scale.
   */
  readonly scaleStated: boolean;
  /** Whether the text states a ratio: a share, rate or percentage, a division, or a figure per something. */
  readonly ratio: boolean;
  readonly numerators: readonly string[];
  readonly denominators: readonly string[];
  readonly grains: readonly string[];
  readonly negations: number;
  readonly negated: readonly string[];
  readonly units: ReadonlyMap<string, string>;
  /** Bounds on a quantity: at least or at most it, or strictly above or below it. */
  readonly bounds: ReadonlySet<Bound>;
  readonly aggregations: ReadonlySet<string>;
  /** Each aggregation as often as the text names it ("peak …: the highest …" names the maximum twice). */
  readonly aggregationList: readonly string[];
  /** Months the text names ("1 April through 31 March"), in order. */
  readonly months: readonly string[];
  /** Numbers that are not periods, scales or part of an example. */
  readonly numbers: readonly number[];
  /** Content concepts the categories above do not explain. */
  readonly rest: readonly string[];
  /** The word each concept in `rest` came from, for reasons and word vectors. */
  readonly restWords: readonly string[];
  /** Where each concept in `rest` stands in `words`. */
  readonly restAt: readonly number[];
  /** The word the text's period is said of ("reported" in "claims reported during the period"), if any. */
  readonly periodOf: string | undefined;
  /** Content words written just before another ("new customers"): modifier and head, as concepts and words. */
  readonly modifiers: readonly Modifier[];
}

export type Bound = "minimum" | "maximum" | "above" | "below";

export interface Modifier {
  readonly modifier: string;
  readonly head: string;
  readonly modifierWord: string;
  readonly headWord: string;
}

export interface Period {
  readonly days: number;
  readonly role: "window" | "grain";
  readonly text: string;
}

export interface Clause {
  readonly words: readonly string[];
  readonly concepts: readonly string[];
}

const PERIOD_DAYS: ReadonlyMap<string, number> = new Map([
  ["day", 1], ["week", 7], ["fortnight", 14], ["month", 30], ["quarter", 91], ["year", 365], ["decade", 3650],
]);
const TIME_UNITS: ReadonlyMap<string, number> = new Map([["second", 1], ["minute", 60], ["hour", 3600]]);

/** Unit words by what they measure; any change among them changes the unit. */
const UNITS: ReadonlyMap<string, string> = new Map([
  ...["second", "minute", "hour"].map((w) => [w, "time"] as const),
  ...["kilometre", "kilometer", "km", "mile", "metre", "meter", "foot", "yard"].map((w) => [w, "length"] as const),
  ...["kilogram", "kg", "tonne", "ton", "gram", "lb"].map((w) => [w, "weight"] as const),
  ...["euro", "dollar", "usd", "eur", "gbp", "sterling", "yen", "cent", "currency"].map((w) => [w, "currency"] as const),
  ...["pallet", "crate", "container", "carton"].map((w) => [w, "capacity"] as const),
  ...["unit", "piece"].map((w) => [w, "quantity"] as const),
  ...["kilowatt", "megawatt", "joule", "megajoule", "therm", "calorie"].map((w) => [w, "energy"] as const),
  ...["litre", "liter", "gallon"].map((w) => [w, "volume"] as const),
  ...["thousand", "thousands", "million", "millions", "billion", "billions"].map((w) => [w, "scale"] as const),
]);

/** Codes and spellings that name the same unit. */
const UNIT_NAMES: ReadonlyMap<string, string> = new Map([
  ["eur", "euro"], ["usd", "dollar"], ["gbp", "pound"], ["km", "kilometre"], ["kilometer", "kilometre"],
  ["meter", "metre"], ["kg", "kilogram"], ["ton", "tonne"], ["liter", "litre"],
]);

/** Event words: what happened to the thing counted. Words in one group name the same event. */
const EVENT_GROUPS: readonly (readonly string[])[] = [
  ["created", "create", "creates", "creation", "generated", "generate", "raised", "raise", "raising", "opened", "opens", "issued", "issuing"],
  ["closed", "close", "closes", "resolved", "resolve", "solved", "solve"],
  ["win", "wins", "winning"],
  ["lose", "loses", "losing", "churned", "churn", "attrition"],
  ["placed", "place", "submitted", "filed", "lodged", "ordered"],
  ["pay", "pays", "paying", "settled", "settle", "payment"],
  ["shipped", "ship", "ships", "shipping", "dispatch", "dispatched", "dispatches", "dispatching"],
  ["delivered", "deliver", "delivers", "arrive", "arrived"],
  ["returned", "return"],
  ["cancelled", "canceled", "cancel", "cancels", "cancellation", "terminated"],
  ["renewed", "renew", "renews", "renewal"],
  ["signed", "sign", "signature"],
  ["received", "receive", "receiving"],
  ["approved", "approve", "accepted", "accept", "agreed", "agree", "consented", "consent"],
  ["declined", "decline", "rejected", "reject", "refused", "refuse"],
  ["attended", "attend"],
  ["booked", "book", "booking"],
  ["started", "began", "begun"],
  ["retried", "retry"],
  ["failed", "fail"],
  ["attempted", "attempt"],
  ["contacted", "contact", "contacting"],
  ["verified", "verify"],
  ["completed", "complete", "finished"],
  ["hired", "hire", "engaged"],
  ["left", "leave", "leaving", "resigned", "quit", "departure"],
  ["registered", "register"],
];
const EVENTS = new Map<string, string>();
for (const group of EVENT_GROUPS) for (const word of group) EVENTS.set(word, group[0]!);

const AGGREGATIONS: ReadonlyMap<string, string> = new Map([
  ...["average", "mean", "avg", "averaged", "averaging"].map((w) => [w, "average"] as const),
  ["median", "median"],
  ...["maximum", "max", "highest", "largest", "biggest", "greatest", "longest", "peak"].map((w) => [w, "maximum"] as const),
  ...["minimum", "min", "lowest", "smallest", "shortest"].map((w) => [w, "minimum"] as const),
  ...["total", "sum", "overall"].map((w) => [w, "total"] as const),
  ["closing", "closing"],
]);

const MINIMUM_BOUND = new Set(["minimum", "over", "above", "more", "greater", "longer", "exceeding", "exceeds", "exceed", "exceeded", "beyond", "least"]);
const MAXIMUM_BOUND = new Set(["maximum", "under", "below", "less", "fewer", "within", "inside", "shorter", "up"]);
// Bound words that leave the bound itself out: "more than 20" is not "at least 20", nor "under 5" "at most 5".
const STRICT_BOUND = new Set(["over", "above", "more", "greater", "longer", "exceeding", "exceeds", "exceed", "exceeded", "beyond", "under", "below", "less", "fewer", "shorter"]);
const DETERMINERS_THE = new Set(["the", "an", "a"]);
const CONSECUTIVE = new Set(["consecutive", "successive", "straight"]);
const COUNT_WORDS = new Set(["number", "count", "quantity", "headcount", "counted"]);
const AMOUNT_WORDS = new Set(["amount", "value", "worth", "revenue", "income", "spend", "spent", "cost", "price", "sum"]);
const NEGATIVE_WORDS = new Set(["none", "neither", "nothing", "nobody", "nowhere"]);
const SUBTRACTED = new Set(["subtracted", "deducted"]);
const ADDITIVE = new Set(["including", "inclusive", "incl", "plus"]);
const SUBTRACTIVE = new Set(["excluding", "excluded", "exclusive", "excl", "minus"]);
// Words that say a figure is a ratio; what it is a ratio of is what matters, and the scale says the rest.
const RATIO_WORDS = new Set(["share", "fraction", "proportion", "ratio", "rate"]);
// "all customers" against "new customers" narrows the population; "all" is otherwise a filler word.
const QUANTIFIERS = new Set(["all", "every", "any", "each"]);
// "the tenth teaching day": an ordinal is a number ("first" is left to the words: "first response", "first day of").
const ORDINALS: ReadonlyMap<string, number> = new Map(
  ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "fifteenth", "twentieth", "thirtieth"].map(
    (w, i) => [w, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 30][i]!] as const,
  ),
);
const LOOKING_BACK = new Set(["last", "past", "previous", "preceding", "trailing", "prior", "rolling"]);
const CALENDAR_WORDS = new Set(["current", "this", "calendar"]);
const MONTHS = new Set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]);
const START_WORDS = new Set(["start", "begin", "beginning", "outset", "opening", "commencement"]);
const END_WORDS = new Set(["end", "close", "closing", "ending", "conclusion", "finish"]);

// Words first, then stems where no word claims them: "ordered" stems to "order", which is a word of its own.
const SYNONYMS = new Map<string, string>();
for (const group of SYNONYM_GROUPS) for (const word of group) SYNONYMS.set(word, group[0]!);
for (const group of SYNONYM_GROUPS) {
  for (const word of group) if (!SYNONYMS.has(stemWord(word))) SYNONYMS.set(stemWord(word), group[0]!);
}

// Phrases by their first word, longest first, so one pass over the words rewrites them.
const PHRASES_BY_FIRST = new Map<string, { words: string[]; replacement: string[] }[]>();
for (const [phrase, replacement] of PHRASES) {
  const words = phrase.split(" ");
  const list = PHRASES_BY_FIRST.get(words[0]!) ?? [];
  list.push({ words, replacement: replacement === "" ? [] : replacement.split(" ") });
  list.sort((a, b) => b.words.length - a.words.length);
  PHRASES_BY_FIRST.set(words[0]!, list);
}

// "for example …", "e.g. …", "such as …", ", like …": an example up to the end of its clause.
const EXAMPLE = /(?:\(\s*|[,;:—–-]\s*|\s)(?:(?:for example|for instance|such as|(?<=,\s*)like)\b|e\.\s?g\.?).*?(?=[;)]|\.(?:\s|$)|$)/giu;

// "(resignation, dismissal or retirement, for example)": a parenthesis that says it holds examples.
const EXAMPLE_PARENTHESIS = /\([^()]*\b(?:for example|for instance|such as|e\.\s?g\.?)[^()]*\)/giu;

// A full stop ends a clause, but not the one of an abbreviation ("incl.", "e.g.").
const CLAUSE_BREAK = /(,|[:;()]|\s[—–-]\s|(?<!\b(?:incl|excl|approx|etc|vs|esp|no|e\.g|i\.e))\.(?:\s+|$))/u;
const CLAUSE_BREAK_ONLY = /^(?:[:;()]|\s[—–-]\s|\.\s*)$/u;

/** True for the tokens definitionWords keeps for clause breaks. */
function isBreak(word: string | undefined): boolean {
  return word === "," || word === ":";
}

const HAS_DIGIT = /\d/u;
const MAY_HOLD_EXAMPLE = /for example|for instance|e\.\s?g|such as|,\s*like/iu;

/** The concept a word stands for: its synonym group's first word, else its stem. */
export function conceptOf(word: string): string {
  let concept = CONCEPTS.get(word);
  if (concept === undefined) {
    const stem = stemWord(word);
    concept = SYNONYMS.get(word) ?? SYNONYMS.get(singularise(word)) ?? SYNONYMS.get(stem) ?? stem;
    // A glossary's vocabulary is small beside its text: each word's concept is worked out once.
    if (CONCEPTS.size >= 200_000) CONCEPTS.clear();
    CONCEPTS.set(word, concept);
  }
  return concept;
}

const CONCEPTS = new Map<string, string>();

// Words between what a period is said of and the period: "claims that were reported during …".
const LINK_WORDS = new Set(["a", "an", "the", "that", "which", "who", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "they"]);

/**
 * The participle or event word just before the first "during" or "within": what the text's period is said of;
 * undefined if there is none.
 */
function wordBeforePeriod(words: readonly string[]): string | undefined {
  const at = words.findIndex((w) => w === "during" || w === "within");
  for (let k = at - 1; k >= 0; k--) {
    const word = words[k]!;
    if (word === ":" || word === "," || isDigits(word)) return undefined;
    if (!LINK_WORDS.has(word)) return /(?:ed|en)$/u.test(word) || EVENTS.has(word) ? word : undefined;
  }
  return undefined;
}

/** The event a word names ("arrive" names "delivered"), if it names one. */
export function eventOf(word: string): string | undefined {
  return EVENTS.get(word) ?? EVENTS.get(singularise(word));
}

/** Whether "is left", "remains" or "remaining" comes a few words before `at` in its clause ("what is left of …"). */
function leftBefore(words: readonly string[], at: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - 6; k--) {
    const word = words[k]!;
    if (word === ":" || word === ",") return false;
    if (word === "remains" || word === "remain" || word === "remaining") return true;
    if (word === "left" && (words[k - 1] === "is" || words[k - 1] === "are" || words[k - 1] === "was")) return true;
  }
  return false;
}

/** Whether the "and" at `at` ends a "between … and …" range begun earlier in its clause, with no "and" in between. */
function closesBetween(words: readonly string[], at: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - 12; k--) {
    const word = words[k]!;
    if (word === "between") return true;
    if (word === "and" || word === ":" || word === ",") return false;
  }
  return false;
}

/** Whether a canonical word names a period or a length of one ("month", "30", "days"). */
export function namesPeriod(word: string | undefined): boolean {
  return word !== undefined && (isDigits(word) || PERIOD_DAYS.has(singularise(word)));
}

/** Reads a definition for what the drift measure compares. */
export function readDefinition(text: string): Reading {
  const words = definitionWords(text);
  const singles = words.map(singularise);
  const used = new Uint8Array(words.length);

  const periods: Period[] = [];
  const boundaries = new Set<"start" | "end">();
  const events = new Set<string>();
  const additions: Clause[] = [];
  const subtractions: Clause[] = [];
  const netGross = new Set<"net" | "gross">();
  const beforeAfter = new Set<"before" | "after">();
  const beforeAfterOf: { side: "before" | "after"; concept: string; word: string }[] = [];
  const regardless: string[] = [];
  const measure = new Set<"count" | "amount">();
  const numerators: string[] = [];
  const denominators: string[] = [];
  const grains: string[] = [];
  const negated: string[] = [];
  const units = new Map<string, string>();
  const bounds = new Set<Bound>();
  const aggregations = new Set<string>();
  const aggregationList: string[] = [];
  const months: string[] = [];
  const numbers: number[] = [];
  const eventAt = new Map<number, string>();
  const eventWords = new Map<string, string>();
  let scale = 1;
  let ratioWords = 0;
  const anchors = new Set<"rolling" | "calendar">();
  let ands = 0;
  let ors = 0;
  let negations = 0;


  const divides = words.some((w, i) => w === "divided" && words[i + 1] === "by");

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const previous = words[i - 1];
    const next = words[i + 1];
    const single = singles[i]!;
    if (isBreak(word)) {
      // "licences, subscriptions and services": a comma in a list that "and" or "or" ends, a few words on, joins
      // one more item.
      if (word === "," && next !== "and" && next !== "or") {
        for (let j = i + 1; j < words.length && j <= i + 4 && words[j] !== ":"; j++) {
          if (words[j] === "and") { ands += 1; break; }
          if (words[j] === "or") { ors += 1; break; }
        }
      }
      used[i] = 1;
      continue;
    }

    // "capital expenditure subtracted from operating cash flow", "once tax has been deducted": what comes before
    // is taken away.
    // "restructuring costs added back": what comes before is added.
    if (word === "added" && next === "back") {
      const clause: string[] = [];
      collectBefore(words, i, clause);
      if (clause.length > 0) {
        additions.push({ words: wordsBefore(words, i), concepts: clause });
        used[i] = 1;
        used[i + 1] = 1;
        continue;
      }
    }
    if (SUBTRACTED.has(word) || (word === "taken" && (next === "away" || next === "off"))) {
      const clause: string[] = [];
      collectBefore(words, i, clause);
      if (clause.length > 0) {
        subtractions.push({ words: wordsBefore(words, i), concepts: clause });
        used[i] = 1;
        if (next === "from" || next === "away" || next === "off") used[i + 1] = 1;
        continue;
      }
    }

    if (isDigits(word)) {
      const unit = singles[i + 1];
      if (previous === "per" && Number(word) >= 100) {
        scale = Number(word);
        used[i] = 1;
        used[i - 1] = 1;
      } else if ((previous === "times" || next === "times") && word === "100") {
        scale = 100;
        used[i] = 1;
        used[previous === "times" ? i - 1 : i + 1] = 1;
      } else if (unit !== undefined && CONSECUTIVE.has(unit) && PERIOD_DAYS.has(singles[i + 2] ?? "")) {
        // "three consecutive months" and "three months running" name one run of three months.
        periods.push({ days: Number(word) * PERIOD_DAYS.get(singles[i + 2]!)!, role: "window", text: `${word} ${words[i + 2]}` });
        used[i] = used[i + 1] = used[i + 2] = 1;
        i += 2;
      } else if (unit !== undefined && PERIOD_DAYS.has(unit)) {
        periods.push({ days: Number(word) * PERIOD_DAYS.get(unit)!, role: "window", text: `${word} ${next}` });
        used[i] = 1;
        used[i + 1] = 1;
        i += 1;
        if (singles[i + 1] === "running" || (words[i + 1] === "in" && words[i + 2] === "a" && words[i + 3] === "row")) {
          used[i + 1] = 1;
          if (words[i + 1] === "in") used[i + 2] = used[i + 3] = 1;
        }
      } else if (unit !== undefined && TIME_UNITS.has(unit)) {
        // "24 hours" and "a day" name one window.
        periods.push({ days: (Number(word) * TIME_UNITS.get(unit)!) / 86_400, role: "window", text: `${word} ${next}` });
        units.set("time", unit);
        used[i] = 1;
        used[i + 1] = 1;
        i += 1;
      } else if (word === "0") {
        // "zero units" and "no units" say the same.
        negations += 1;
        if (next !== undefined) negated.push(next);
        used[i] = 1;
      } else {
        numbers.push(Number(word));
        used[i] = 1;
      }
      continue;
    }
    const ordinal = ORDINALS.get(word);
    if (ordinal !== undefined) {
      numbers.push(ordinal);
      used[i] = 1;
      continue;
    }
    if (PERIOD_DAYS.has(single)) {
      const grain = previous === "per" || previous === "each" || previous === "every";
      periods.push({ days: PERIOD_DAYS.get(single)!, role: grain ? "grain" : "window", text: grain ? `${previous} ${single}` : single });
      used[i] = 1;
      if (grain) used[i - 1] = 1;
      continue;
    }
    if ((START_WORDS.has(word) || END_WORDS.has(word)) && next === "of") {
      boundaries.add(START_WORDS.has(word) ? "start" : "end");
      used[i] = 1;
      continue;
    }
    if ((word === "first" || word === "last") && (PERIOD_DAYS.has(singles[i + 1] ?? "") || PERIOD_DAYS.has(singles[i + 2] ?? "")) && (words[i + 2] === "of" || words[i + 3] === "of")) {
      boundaries.add(word === "first" ? "start" : "end");
      used[i] = 1;
      continue;
    }
    // "the last 30 days", "the trailing 30 days", "the past month": one window however it is said, one that rolls;
    // "the current calendar month", "this quarter" name a calendar period instead.
    if (LOOKING_BACK.has(word) && namesPeriod(next)) {
      anchors.add("rolling");
      used[i] = 1;
      continue;
    }
    if (CALENDAR_WORDS.has(word) && (namesPeriod(next) || (CALENDAR_WORDS.has(next ?? "") && namesPeriod(words[i + 2])))) {
      anchors.add("calendar");
      // "calendar days" against "business days" is a unit of its own: only "current" and "this" say no more.
      if (word !== "calendar") {
        used[i] = 1;
        continue;
      }
    }
    if (word === "pct" || word === "percent") {
      scale = 100;
      used[i] = 1;
      continue;
    }
    if (word === "regardless") {
      // "whether or not they paid", "paying or not": the condition named next (or just before) no longer counts.
      const target = words[i + 1] !== undefined && !FILLER_WORDS.has(words[i + 1]!) ? words[i + 1]! : (words.slice(i + 1).find((w) => !FILLER_WORDS.has(w)) ?? previous ?? "");
      // "resolved or not." waives the condition just before; "shipped short, or not at all," denies it.
      if (isBreak(target) || target === ":" || target === "") {
        if (previous !== undefined && !isBreak(previous)) regardless.push(singularise(previous));
        else {
          negations += 1;
          const denied = words.slice(0, i).reverse().find((w) => !isBreak(w) && !FILLER_WORDS.has(w));
          if (denied !== undefined) negated.push(denied);
        }
      } else {
        regardless.push(singularise(target));
      }
      used[i] = 1;
      continue;
    }
    if (word === NEGATION || NEGATIVE_WORDS.has(word)) {
      negations += 1;
      // "has not paid", "has not yet been shipped" negate the next content word; "paying or not" the one before.
      let ahead: string | undefined;
      for (let k = i + 1; k < words.length && k <= i + 4 && ahead === undefined; k++) {
        const w = words[k]!;
        if (w === ":" || w === ",") break;
        if (!FILLER_WORDS.has(w)) ahead = w;
      }
      const target = ahead ?? (previous === "or" ? words[i - 2] : previous);
      if (target !== undefined) negated.push(target);
      used[i] = 1;
      continue;
    }
    if (MONTHS.has(word) && (isDigits(previous) || isDigits(next) || previous === "from" || previous === "through" || previous === "until" || previous === "to")) {
      months.push(word);
      used[i] = 1;
      continue;
    }
    if (RATIO_WORDS.has(single)) {
      // "the share of customers who …" states a ratio; "net of the share ceded" names a part.
      if (next === "of" || single === "rate" || single === "ratio") ratioWords += 1;
      used[i] = 1;
      continue;
    }
    if (word === "and" || word === "both" || word === "but" || (word === "also" && previous !== "and")) {
      // "between the moment an order is placed and the moment it ships": the "and" of a range joins no condition.
      if (word !== "and" || !closesBetween(words, i)) ands += 1;
      used[i] = 1;
      continue;
    }
    if (word === "or" || word === "either") {
      ors += 1;
      used[i] = 1;
      continue;
    }
    if (ADDITIVE.has(word) || SUBTRACTIVE.has(word)) {
      let clause = clauseAfter(words, i);
      // "bot traffic included", "walk-ins excluded": a marker closing its clause names what comes before it, which
      // stays content too (the other text may name it after its own marker).
      if (clause.words.length === 0) {
        const before = wordsBefore(words, i);
        if (before.length > 0) clause = { words: before, concepts: clause.concepts };
      }
      (ADDITIVE.has(word) ? additions : subtractions).push(clause);
      used[i] = 1;
      continue;
    }
    if (word === "net" || word === "gross") {
      netGross.add(word);
      used[i] = 1;
      continue;
    }
    // "what is left of revenue after cost of goods sold": what comes after is taken away.
    if (word === "after" && leftBefore(words, i)) {
      subtractions.push(clauseAfter(words, i));
      used[i] = 1;
      continue;
    }
    if (word === "before" || word === "after") {
      beforeAfter.add(word);
      for (let j = i + 1; j < words.length && j <= i + 3; j++) {
        if (FILLER_WORDS.has(words[j]!)) continue;
        beforeAfterOf.push({ side: word, concept: conceptOf(words[j]!), word: singles[j]! });
        break;
      }
      used[i] = 1;
      continue;
    }
    // "more than 10" bounds what follows, "10 or more" (read as "10 minimum") what comes before.
    const boundsBehind = (word === "minimum" || word === "maximum") && quantityBehind(words, singles, i);
    if ((MINIMUM_BOUND.has(word) || MAXIMUM_BOUND.has(word)) && (boundsBehind || quantityAhead(words, singles, i, 3))) {
      const strict = STRICT_BOUND.has(word);
      bounds.add(MINIMUM_BOUND.has(word) ? (strict ? "above" : "minimum") : strict ? "below" : "maximum");
      used[i] = 1;
      if (next === "than" || next === "to") used[i + 1] = 1;
      continue;
    }
    const aggregation = AGGREGATIONS.get(word);
    if (aggregation !== undefined) {
      aggregations.add(aggregation);
      aggregationList.push(aggregation);
      // "the total amount" is an amount, "the total number" a count.
      if (aggregation === "total" && !COUNT_WORDS.has(singles[i + 1] ?? "")) measure.add("amount");
      used[i] = 1;
      continue;
    }
    if (COUNT_WORDS.has(single)) {
      measure.add("count");
      used[i] = 1;
      continue;
    }
    if (AMOUNT_WORDS.has(single)) {
      measure.add("amount");
      // "revenue", "cost" and "price" say what is measured as well as that it is an amount: they stay content.
      if (single === "amount" || single === "value" || single === "worth" || single === "sum") used[i] = 1;
      if (single !== "amount" && single !== "value" && single !== "worth" && single !== "sum") {
        // fall through to the rest below
      } else {
        continue;
      }
    }
    if (word === "per" && next !== undefined && !isDigits(next) && !PERIOD_DAYS.has(singles[i + 1]!)) {
      // "returned units divided by units sold, per product category": once a text divides, "per" breaks it down.
      // ", per line" set off by a comma breaks the figure down as "for each line" does.
      const counted = previous === "counted" || previous === "1" || previous === "time" || previous === "once" || previous === "," || divides;
      // "per customer", "per active customer": up to two content words name what it is per.
      // "per store and SKU" names two; "per ward and per month" ends at the "and".
      const ends = (at: number) => at >= words.length || FILLER_WORDS.has(words[at]!) || isDigits(words[at]) || PERIOD_DAYS.has(singles[at]!) || words[at] === "per" || MARKS.has(words[at]!);
      let end = i + 1;
      let named = 0;
      while (!ends(end) && named < 2) {
        if (words[end] === "and" || words[end] === "or") {
          if (ends(end + 1)) break;
        } else {
          named++;
        }
        end++;
      }
      const targets = words
        .slice(i + 1, end)
        .filter((w) => w !== "and" && w !== "or")
        .map(conceptOf);
      (counted ? grains : denominators).push(...targets);
      if (!counted) collectBefore(words, i, numerators);
      for (let k = i; k < end; k++) used[k] = 1;
      i = end - 1;
      continue;
    }
    if (word === "divided" && next === "by") {
      collectBefore(words, i, numerators);
      const clause = clauseAfter(words, i + 1);
      denominators.push(...clause.concepts);
      used[i] = 1;
      used[i + 1] = 1;
      continue;
    }
    // "calculated at the account level": what is counted, as "per account" would say.
    if (word === "at" && words[i + 3] === "level" && DETERMINERS_THE.has(words[i + 1]!) && !isBreak(words[i + 2]!)) {
      grains.push(conceptOf(words[i + 2]!));
      used[i] = used[i + 1] = used[i + 2] = used[i + 3] = 1;
      i += 3;
      continue;
    }
    if ((word === "at" && words[i + 2] === "level") || (word === "level" && previous !== undefined)) {
      continue;
    }
    const event = EVENTS.get(word) ?? EVENTS.get(single);
    if (event !== undefined) {
      events.add(event);
      if (!eventWords.has(event)) eventWords.set(event, word);
      eventAt.set(i, event);
      used[i] = 1;
      continue;
    }
    const unit = UNITS.get(single) ?? UNITS.get(word);
    // "kilowatt-hours", "square metres", "cubic metres": a unit of two words is one unit.
    if (unit === "energy" && singles[i + 1] === "hour") {
      units.set("energy", `${single} hour`);
      used[i] = 1;
      used[i + 1] = 1;
      i += 1;
      continue;
    }
    if (unit === "length" && (previous === "square" || previous === "cubic")) {
      units.set(previous === "square" ? "area" : "volume", `${previous} ${UNIT_NAMES.get(single) ?? single}`);
      used[i] = 1;
      used[i - 1] = 1;
      continue;
    }
    // "the mean number of minutes", "hours worked", "seconds from …": a time unit in the plural, or after a count
    // or an aggregation, names what is counted: it is the unit.
    const counted = unit === "time" && (word !== single || previous === "number" || (previous !== undefined && AGGREGATIONS.has(previous)));
    if (unit !== undefined && (previous === "in" || previous === "of" || isDigits(previous) || unit === "currency" || counted)) {
      units.set(unit === "scale" ? "scale" : unit, unit === "scale" ? "thousand" : (UNIT_NAMES.get(single) ?? single));
      used[i] = 1;
      continue;
    }
  }

  const rest: string[] = [];
  const restWords: string[] = [];
  const restAt: number[] = [];
  const modifiers: Modifier[] = [];
  let before: { concept: string; word: string; at: number } | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (isBreak(word)) {
      before = undefined;
      continue;
    }
    if (QUANTIFIERS.has(word)) {
      before = { concept: "all", word: "all", at: i };
      continue;
    }
    // An event word is content too: one the other text lacks may face a verb the event lists do not know
    // ("interviewed" → "rejected"). Before a noun it qualifies it ("a paid plan").
    const event = eventAt.get(i);
    if (event !== undefined) {
      rest.push(event);
      restWords.push(word);
      restAt.push(i);
      before = { concept: event, word, at: i };
      continue;
    }
    if (used[i] || FILLER_WORDS.has(word) || word.length < 2) continue;
    const single = singles[i]!;
    if (FILLER_WORDS.has(single)) continue;
    const concept = conceptOf(word);
    rest.push(concept);
    restWords.push(single);
    restAt.push(i);
    if (before !== undefined && before.at === i - 1) {
      modifiers.push({ modifier: before.concept, head: concept, modifierWord: before.word, headWord: single });
    }
    before = { concept, word: single, at: i };
  }

  const periodOf = wordBeforePeriod(words);
  // An average is a ratio too: a total divided by how many.
  const scaleStated = scale !== 1 || divides || denominators.length > 0 || singles.some((w) => w === "fraction" || w === "decimal" || w === "ratio");
  const ratio = ratioWords > 0 || scale !== 1 || divides || denominators.length > 0 || aggregations.has("average") || aggregations.has("median");

  return {
    source: text,
    periodOf,
    anchors,
    words,
    periods,
    boundaries,
    events,
    eventWords,
    ands,
    ors,
    additions,
    subtractions,
    netGross,
    beforeAfter,
    beforeAfterOf,
    regardless,
    measure,
    scale,
    scaleStated,
    ratio,
    numerators,
    denominators,
    grains,
    negations,
    negated,
    units,
    bounds,
    aggregations,
    aggregationList,
    months,
    numbers,
    rest,
    restWords,
    restAt,
    modifiers,
  };
}

/** Canonical words of a definition: examples dropped, phrases rewritten, then canonicalWords (numbers, negations, …). */
export function definitionWords(text: string): string[] {
  let plain = MAY_HOLD_FORMULA.test(text) ? formulaInWords(text) : text;
  // Most definitions hold no number and no example: the cheap tests spare them the regular expressions.
  if (HAS_DIGIT.test(plain)) {
    plain = plain
      .replace(/(\d),(?=\d{3}\b)/gu, "$1")
      .replace(/(\d)\.(\d)/gu, "$1 $2")
      .replace(/[$]\s?(\d+)/gu, "$1 dollars")
      .replace(/€\s?(\d+)/gu, "$1 euros")
      .replace(/£\s?(\d+)/gu, "$1 pounds")
      .replace(/(\d)\s?%/gu, "$1 percent");
  }
  if (plain.includes("%")) plain = plain.replace(/%/gu, " percent ");
  // "AR / total credit sales × days": a slash between spaced words divides, a multiplication sign multiplies, and
  // "no. of" is "number of".
  if (plain.includes("/")) plain = plain.replace(/\s\/\s/gu, " divided by ");
  if (plain.includes("×")) plain = plain.replace(/×/gu, " times ");
  if (plain.includes("÷")) plain = plain.replace(/\s*÷\s*/gu, " divided by ");
  if (plain.includes(".")) plain = plain.replace(/\bno\.\s+of\b/giu, "number of");
  // "Divide revenue by the active users": the same division as "revenue divided by the active users".
  if (/\bdivide\b/iu.test(plain)) plain = plain.replace(/\bdivide\s+([^,;:.]{1,80}?)\s+by\s+/giu, "$1 divided by ");
  // "S&M", "P&L", "sales & marketing": the ampersand is "and".
  if (plain.includes("&")) plain = plain.replace(/&/gu, " and ");
  if (MAY_HOLD_EXAMPLE.test(plain)) plain = plain.replace(EXAMPLE_PARENTHESIS, " ").replace(EXAMPLE, dropExample);
  // Clause breaks are kept as tokens: "," for a comma, ":" for a colon, semicolon, parenthesis, dash or full stop,
  // so what a ratio divides, or a qualifier qualifies, does not reach across them.
  const split: string[] = [];
  for (const piece of foldText(plain).split(CLAUSE_BREAK)) {
    if (piece === ",") split.push(",");
    else if (piece !== undefined && CLAUSE_BREAK_ONLY.test(piece)) split.push(":");
    else if (piece) split.push(...splitWords(piece));
  }
  const phrased: string[] = [];
  for (let i = 0; i < split.length; i++) {
    const candidates = PHRASES_BY_FIRST.get(split[i]!);
    const match = candidates?.find((p) => p.words.every((w, k) => split[i + k] === w));
    if (match) {
      phrased.push(...match.replacement);
      i += match.words.length - 1;
      continue;
    }
    const word = split[i]!;
    // canonicalWords would make "percentage" a "share": a percentage is a ratio on another scale, kept apart.
    phrased.push(word === "percentage" || word === "percent" ? "pct" : word);
  }
  return dropRestatedAcronyms(canonicalWords(phrased));
}

// Signs and verbs of arithmetic, and a definition said last: what formulaInWords rewrites.
const MAY_HOLD_FORMULA = /[=+\u2212÷]|\d(?:st|nd|rd|th)\b|\b(?:subtract|take away|takes away|add|adds|divide by|result is|remains is|left is)\b/iu;

/**
 * A definition written as a formula or as steps, in the words the rest of the reading knows: "=" is "is", "+" is
 * "plus", a minus sign "minus", brackets around a sum only group it ("(losses + expenses) / premium"), "subtract X
 * from Y" is "Y minus X", "take Y and subtract X" is "Y minus X", "add X to Y" is "Y plus X", "add up X" is "the sum of
 * X", "the 40th" is "40", and "…; what remains is net revenue" is "net revenue is …".
 */
function formulaInWords(text: string): string {
  let out = text
    .replace(/(\d)(?:st|nd|rd|th)\b/gu, "$1")
    .replace(/\(([^()]*?\s(?:[+\u2212×*/÷-])\s[^()]*?)\)/gu, "$1")
    .replace(/\s*=\s*/gu, " is ")
    .replace(/\s\+\s/gu, " plus ")
    .replace(/\s?\u2212\s?/gu, " minus ");
  // A spaced hyphen or dash is a minus only in a text that is a formula already.
  if (/\s(?:is|plus|divided by|times)\s/u.test(out) && /[=+\u2212/×]/u.test(text)) out = out.replace(/\s[-–]\s/gu, " minus ");
  out = out
    .replace(/\b(?:then\s+)?subtract(?:s|ing)?\s+([^,;:.]{1,80}?)\s+from\s+([^,;:.]{1,80})/giu, "$2 minus $1")
    .replace(/\btake\s+([^,;:.]{1,80}?)\s*,?\s+(?:and\s+|then\s+)+(?:subtract|take away|deduct|remove)\b/giu, "$1 minus")
    .replace(/\b(?:then\s+)?(?:subtract|take away|takes away|deduct)\b/giu, "minus")
    .replace(/\badds? up\b/giu, "is the sum of")
    .replace(/\b(?:and|then)\s+divide\s+by\b/giu, "divided by")
    .replace(/\badd\s+([^,;:.]{1,80}?)\s+to\s+([^,;:.]{1,80})/giu, "$2 plus $1");
  // "…; what remains is net revenue": the definition first, the name it defines last.
  const last = /^(.+?)\s*[;,:]\s*(?:what remains|what is left|the result|the outcome)\s+is\s+([^;,.]+?)\.?\s*$/iu.exec(out);
  if (last !== null) out = `${last[2]} is ${last[1]}.`;
  return out;
}

/**
 * "Days sales outstanding (DSO): …", "Average order value (AOV): …": an acronym in parentheses, or its spelling out,
 * that restates the words just before it says nothing more and is dropped, so the text compares as one that names
 * the thing once, either way.
 */
function dropRestatedAcronyms(words: string[]): string[] {
  let out: string[] | undefined;
  for (let open = 1; open < words.length; open++) {
    if (words[open] !== ":") continue;
    let close = open + 1;
    while (close < words.length && close <= open + 7 && words[close] !== ":" && words[close] !== ",") close++;
    if (close >= words.length || words[close] !== ":" || close === open + 1) continue;
    const inside = words.slice(open + 1, close);
    const before = words.slice(Math.max(0, open - inside.length), open);
    const restates =
      (inside.length === before.length && inside.every((w, k) => w === before[k])) ||
      (inside.length === 1 && /^[a-z]{2,6}$/u.test(inside[0]!) && spellsInitials(inside[0]!, words.slice(Math.max(0, open - 8), open)));
    if (!restates) continue;
    out ??= [...words];
    for (let k = open + 1; k <= close; k++) out[k] = "";
  }
  return out === undefined ? words : out.filter((w) => w !== "");
}

/** Whether `letters` are the initials of the last words of `words`, short glue words allowed between. */
function spellsInitials(letters: string, words: readonly string[]): boolean {
  let k = letters.length - 1;
  for (let j = words.length - 1; j >= 0 && k >= 0; j--) {
    const word = words[j]!;
    if (word[0] === letters[k]) k--;
    else if (!ACRONYM_GLUE.has(word)) return false;
  }
  return k < 0;
}

const ACRONYM_GLUE = new Set(["of", "on", "and", "to", "the", "for", "in", "per", "a"]);

/**
 * What an example leaves of the text: nothing, or, for an example set off by commas whose list has ended
 * (", such as morphine or fentanyl, issued by the pharmacy"), what follows its closing comma.
 */
function dropExample(example: string): string {
  if (!example.startsWith(",")) return " ";
  const end = /\b(?:or|and)\s+[^,]+,/u.exec(example);
  return end === null ? " " : ` ${example.slice(end.index + end[0].length)}`;
}

/** A bound word after a quantity: "10 minimum", "10 pct minimum", "60 days minimum", "12 orders minimum". */
function quantityBehind(words: readonly string[], singles: readonly string[], i: number): boolean {
  const previous = words[i - 1];
  if (isDigits(previous)) return true;
  return previous !== undefined && !isBreak(previous) && isDigits(words[i - 2]);
}

/** A bound word bounds a quantity: a number, or a period ("under a year"), within `span` words. */
function quantityAhead(words: readonly string[], singles: readonly string[], i: number, span: number): boolean {
  for (let j = i + 1; j <= i + span && j < words.length; j++) if (isDigits(words[j]) || PERIOD_DAYS.has(singles[j]!)) return true;
  return false;
}

/** Up to four content concepts after a marker: what an inclusion, exclusion or denominator names. */
function clauseAfter(words: readonly string[], at: number): Clause {
  const clauseWords: string[] = [];
  const concepts: string[] = [];
  for (let j = at + 1; j < words.length && concepts.length < 4; j++) {
    const word = words[j]!;
    if (ADDITIVE.has(word) || SUBTRACTIVE.has(word) || word === "divided" || word === "per" || word === ":" || word === "before" || word === "after") break;
    if (word === ",") continue;
    clauseWords.push(word);
    // "the 37.5-hour week": a number's unit is the period read already, not what the clause names.
    const unitOfNumber = isDigits(words[j - 1]) && (PERIOD_DAYS.has(singularise(word)) || TIME_UNITS.has(singularise(word)));
    if (FILLER_WORDS.has(word) || word === "and" || word === "or" || isDigits(word) || unitOfNumber || COUNT_WORDS.has(word) || AGGREGATIONS.has(word)) continue;
    concepts.push(conceptOf(word));
  }
  return { words: clauseWords, concepts };
}

/** The words whose concepts `collectBefore` takes, in the order written, for a reason to show. */
function wordsBefore(words: readonly string[], at: number): string[] {
  const out: string[] = [];
  for (let j = at - 1; j >= 0 && out.length < 4; j--) {
    const word = words[j]!;
    if (word === "divided" || word === "per" || ADDITIVE.has(word) || SUBTRACTIVE.has(word) || isBreak(word) || COPULA.has(word)) break;
    if (FILLER_WORDS.has(word) || word === "and" || word === "or" || word === "times" || isDigits(word) || COUNT_WORDS.has(word) || AGGREGATIONS.has(word) || PERIOD_DAYS.has(singularise(word))) continue;
    out.unshift(word);
  }
  return out;
}

// "Gross margin is gross profit divided by revenue": the numerator ends where the name it defines does.
const COPULA = new Set(["is", "are", "equals"]);

/** Up to four content concepts before an operator: the numerator of "… divided by" or "… per", or what "… subtracted from" subtracts. */
function collectBefore(words: readonly string[], at: number, into: string[]): void {
  let taken = 0;
  for (let j = at - 1; j >= 0 && taken < 4; j--) {
    const word = words[j]!;
    if (word === "divided" || word === "per" || ADDITIVE.has(word) || SUBTRACTIVE.has(word) || isBreak(word) || COPULA.has(word)) break;
    if (FILLER_WORDS.has(word) || word === "and" || word === "or" || word === "times" || isDigits(word) || COUNT_WORDS.has(word) || AGGREGATIONS.has(word) || PERIOD_DAYS.has(singularise(word))) continue;
    into.push(conceptOf(word));
    taken += 1;
  }
}
