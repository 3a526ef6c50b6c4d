import { conceptOf, eventOf, readDefinition, type Bound, type Clause, type Period, type Reading } from "./meaning.js";
import { calibratedDrift } from "./calibration.js";
import type { DriftReason, DriftReasonKind, TextDrift } from "./reasons.js";
import { synonymSets } from "./synonym-sets.js";
import { FILLER_WORDS } from "./synonyms.js";
import { wordRelations } from "./word-relations.js";
import { wordVectors, type WordVectors } from "./word-vectors.js";
import { compareWording, derived, informationOf, saysOpposite } from "./wording.js";

export type { DriftReason, DriftReasonKind, TextDrift } from "./reasons.js";

/**
 * Drift at or above which a variant is taken to say something else than the agreed text: any one meaning-bearing
 * change reaches it on its own; rewordings, however many words they change, stay below it.
 */
export const DRIFT_THRESHOLD = 0.5;

/** How much one change of each kind weighs; any of them alone reaches DRIFT_THRESHOLD. */
const REASON_WEIGHT: Record<Exclude<DriftReasonKind, "wording">, number> = {
  window: 0.62,
  grain: 0.6,
  boundary: 0.6,
  event: 0.6,
  "and-or": 0.6,
  inclusion: 0.58,
  exclusion: 0.6,
  "plus-minus": 0.65,
  "net-gross": 0.62,
  "before-after": 0.6,
  "count-amount": 0.6,
  scale: 0.58,
  numerator: 0.58,
  denominator: 0.6,
  negation: 0.66,
  unit: 0.6,
  bound: 0.62,
  aggregation: 0.6,
  number: 0.6,
  population: 0.58,
};

// A negation of a word the other text does not say at all: how the other text's wording is put in the negative.
const SAID_OTHERWISE_NEGATION_WEIGHT = 0.3;
// However many words a rewording changes, what they cost together stays below DRIFT_THRESHOLD: only a named change
// or a word swapped in an unchanged frame reaches it.
const WORDING_CAP = 0.45;
// A qualifier this alike to a word of the other text is the same qualifier said another way ("European", "Europe").
const SAME_QUALIFIER_SIMILARITY = 0.65;
// Two qualifiers of one head this alike are taken as one said two ways, unless they are opposites.
const RELATED_QUALIFIER_SIMILARITY = 0.5;

/** Options for one comparison. */
export interface DriftOptions {
  /** Word vectors for paraphrase; the shipped table unless given. */
  readonly vectors?: WordVectors;
}

/** How far `variant` has moved from `agreed` in meaning, with the changes that drove it. */
export function measureTextDrift(agreed: string, variant: string, options: DriftOptions = {}): TextDrift {
  return compareReadings(readDefinition(agreed), readDefinition(variant), options);
}

/** `measureTextDrift` on readings from `readDefinition`, so a caller comparing many texts reads each once. */
export function compareReadings(a: Reading, b: Reading, options: DriftOptions = {}): TextDrift {
  if (a.words.length === 0 || b.words.length === 0) {
    return a.words.length === b.words.length ? { score: 0, reasons: [] } : { score: 1, reasons: [] };
  }
  const found = driftEvidence(a, b, options);
  return { score: calibratedDrift(found), reasons: found.reasons };
}

/** What a comparison found before calibration: its weighed evidence, its reasons, and the readings it compared. */
export interface DriftEvidence {
  readonly evidence: number;
  readonly reasons: readonly DriftReason[];
  /** How much each reason weighed, in the order of `reasons` (0 for wording, which `evidence` weighs as a whole). */
  readonly strengths: readonly number[];
  /** The readings compared, after abbreviations one text spells out were read as those words. */
  readonly a: Reading;
  readonly b: Reading;
}

/**
 * Aligns two readings and names each difference: the evidence that `calibratedDrift` turns into the figure. Shared
 * with scripts/fit-drift.ts, which fits the calibration to it.
 */
export function driftEvidence(a: Reading, b: Reading, options: DriftOptions = {}): DriftEvidence {
  if (a.words.length === b.words.length && a.words.every((w, i) => w === b.words[i])) return { evidence: 0, reasons: [], strengths: [], a, b };
  // "after-call work (ACW)": an abbreviation given in brackets after the words it stands for says them again.
  const unbracketedA = withoutBracketedAcronyms(a.source);
  const unbracketedB = withoutBracketedAcronyms(b.source);
  if (unbracketedA !== undefined || unbracketedB !== undefined) {
    return driftEvidence(unbracketedA === undefined ? a : readDefinition(unbracketedA), unbracketedB === undefined ? b : readDefinition(unbracketedB), options);
  }
  // An abbreviation one text uses for words the other spells out ("ETA", "estimated time of arrival") is read
  // as those words; the lexicon knows the common ones, this finds the rest.
  const spelledB = spellOutAcronyms(b, a);
  if (spelledB !== undefined) return driftEvidence(a, readDefinition(spelledB), options);
  const spelledA = spellOutAcronyms(a, b);
  if (spelledA !== undefined) return driftEvidence(readDefinition(spelledA), b, options);
  // A short form one text writes for a word the other spells out ("mfg." for "manufacturing", "hrs" for "hours").
  const longB = spellOutShortForms(b, a);
  if (longB !== undefined) return driftEvidence(a, readDefinition(longB), options);
  const longA = spellOutShortForms(a, b);
  if (longA !== undefined) return driftEvidence(readDefinition(longA), b, options);
  // An illustration one text adds after its definition ("(email, chat, phone and so on)", ": if the baseline
  // predicts 120 MWh …", "; hours on internal codes such as INT-ADMIN are therefore not billable") says nothing the
  // definition does not: the definitions are compared without it.
  const plainB = withoutIllustration(b.source, a.source);
  if (plainB !== undefined) return driftEvidence(a, readDefinition(plainB), options);
  const plainA = withoutIllustration(a.source, b.source);
  if (plainA !== undefined) return driftEvidence(readDefinition(plainA), b, options);
  const reasons: DriftReason[] = [];
  // A reason that weighs less than its kind does.
  const weights = new Map<DriftReason, number>();
  const denied = new Set<string>();
  // "beyond 40 in a week" of "the hours" and "beyond 40 hours in a week": a bare number on one side is the other's
  // period when the first names that period's unit elsewhere.
  const unitNamedA = periodsNamedBare(b, a);
  const unitNamedB = periodsNamedBare(a, b);
  comparePeriods(
    a.periods.filter((p) => !unitNamedB.periods.has(p)),
    b.periods.filter((p) => !unitNamedA.periods.has(p)),
    reasons,
  );
  if (!reasons.some((r) => r.kind === "window") && a.anchors.size === 1 && b.anchors.size === 1 && !a.anchors.has([...b.anchors][0]!)) {
    const name = (r: Reading) => (r.anchors.has("rolling") ? "a rolling period" : "a calendar period");
    reasons.push({ kind: "window", from: name(a), to: name(b), text: `changes the window: ${name(a)} → ${name(b)}` });
  }
  compareSets(a.boundaries, b.boundaries, reasons, "boundary", (x) => `${x} of the period`, "changes the boundary");
  const onlyEventA = [...a.events].find((x) => !b.events.has(x));
  const onlyEventB = [...b.events].find((x) => !a.events.has(x));
  if (onlyEventA !== undefined && onlyEventB !== undefined) {
    const from = a.eventWords.get(onlyEventA) ?? onlyEventA;
    const to = b.eventWords.get(onlyEventB) ?? onlyEventB;
    reasons.push({ kind: "event", from, to, text: `changes the event: ${from} → ${to}` });
  } else {
    // As many times as each is said: "shipping costs divided by orders shipped" against "shipping costs divided by
    // orders placed" names shipping in both, yet counts another event.
    const eventsAt = (r: Reading) => r.rest.flatMap((concept, at) => (r.events.has(concept) ? [at] : []));
    const atA = eventsAt(a);
    const atB = eventsAt(b);
    const fromAt = atA.find((i) => !b.events.has(a.rest[i]!) || atA.filter((k) => a.rest[k] === a.rest[i]).length > atB.filter((k) => b.rest[k] === a.rest[i]).length);
    const toAt = atB.find((j) => !a.events.has(b.rest[j]!) || atB.filter((k) => b.rest[k] === b.rest[j]).length > atA.filter((k) => a.rest[k] === b.rest[j]).length);
    if (fromAt !== undefined && toAt !== undefined && a.rest[fromAt] !== b.rest[toAt]) {
      const from = a.restWords[fromAt]!;
      const to = b.restWords[toAt]!;
      reasons.push({ kind: "event", from, to, text: `changes the event: ${from} → ${to}` });
    }
  }
  // "neither attended nor cancelled" and "did not cancel and did not attend" say one thing (De Morgan): one negation
  // of two conditions joined by or is two negations joined by and.
  // A "but" the "neither … nor" side says besides is read as an and of its own: the other side has at least as many.
  const deMorgan = (x: Reading, y: Reading) => x.negations + 1 === y.negations && x.ors === y.ors + 1 && y.ands >= x.ands && y.ands > 0;
  const sameLogic = deMorgan(a, b) || deMorgan(b, a);
  if (!sameLogic && a.ors !== b.ors && a.ands !== b.ands) {
    const [from, to] = a.ors > b.ors ? ["or", "and"] : ["and", "or"];
    reasons.push({ kind: "and-or", from, to, text: `changes ${from} to ${to} between conditions` });
  } else if (!sameLogic && b.ors > a.ors && b.rest.length > a.rest.length) {
    // "paid for an order or opened a ticket": another way in widens what is counted.
    const added = joinedWord(b, a, "or");
    if (added !== undefined) reasons.push({ kind: "and-or", to: `or ${added}`, text: `adds an alternative: or ${added}` });
  } else if (!sameLogic && b.ands > a.ands && b.ors === a.ors && b.rest.length > a.rest.length && b.additions.length === a.additions.length && b.subtractions.length === a.subtractions.length) {
    // "the sales department and its contractors": something more joined to what is counted.
    const added = joinedWord(b, a, "and");
    if (added !== undefined) reasons.push({ kind: "inclusion", to: `and ${added}`, text: `adds to what is counted: and ${added}` });
  } else if (!sameLogic && a.ands > b.ands && b.ors === a.ors && a.rest.length > b.rest.length && b.additions.length === a.additions.length && b.subtractions.length === a.subtractions.length) {
    // "residential and business lines" → "residential lines": something joined to what is counted, dropped.
    const dropped = joinedWord(a, b, "and");
    if (dropped !== undefined) reasons.push({ kind: "inclusion", from: `and ${dropped}`, text: `drops from what is counted: and ${dropped}` });
  }
  // "losses that occurred during the period, whenever reported" against "claims reported during the period,
  // whenever the loss occurred": the same words, but the period is said of another event.
  if (!reasons.some((r) => r.kind === "event") && a.periodOf !== undefined && b.periodOf !== undefined && a.periodOf !== b.periodOf) {
    const from = a.periodOf;
    const to = b.periodOf;
    // "cancelled or did not renew during the quarter" and "did not renew or cancelled during the quarter": the
    // period is said of both words the list joins, whichever is next to it.
    const joined = (r: Reading) => {
      const x = r.words.indexOf(from);
      const y = r.words.indexOf(to);
      const [first, last] = x < y ? [x, y] : [y, x];
      return first >= 0 && last - first <= 5 && r.words.slice(first + 1, last).some((w) => w === "or" || w === "and");
    };
    if (conceptOf(from) !== conceptOf(to) && b.words.includes(from) && a.words.includes(to) && !synonymSets().synonyms(from, to) && !(joined(a) && joined(b))) {
      reasons.push({ kind: "event", from, to, text: `changes what the period is counted by: ${from} → ${to}` });
    }
  }
  // Words a reported clause, numerator, denominator or grain change names are explained; the wording check skips them.
  const explained = new Set<string>();
  compareClauses(a, b, reasons, explained);
  compareSets(a.netGross, b.netGross, reasons, "net-gross", (x) => x, "changes net and gross", true);
  compareSets(a.beforeAfter, b.beforeAfter, reasons, "before-after", (x) => x, "changes before and after");
  if (!reasons.some((r) => r.kind === "before-after")) {
    // "after discounts" on one side, "before discounts" on the other, whatever else each says before or after.
    const flipped = b.beforeAfterOf.find((y) => a.beforeAfterOf.some((x) => x.concept === y.concept && x.side !== y.side));
    if (flipped) {
      const from = `${flipped.side === "before" ? "after" : "before"} ${flipped.word}`;
      const to = `${flipped.side} ${flipped.word}`;
      reasons.push({ kind: "before-after", from, to, text: `changes ${from} to ${to}` });
    } else if (!reasons.some((r) => r.kind === "exclusion" || r.kind === "inclusion" || r.kind === "plus-minus")) {
      // "minus … taxes" on one side, "before taxes" on the other: what one text takes away the other leaves in.
      const subtracted = (r: Reading) => new Set(r.subtractions.flatMap((c) => c.concepts));
      const leftIn = (x: Reading, y: Reading) => y.beforeAfterOf.find((z) => z.side === "before" && subtracted(x).has(z.concept) && !subtracted(y).has(z.concept));
      const keptB = leftIn(a, b);
      const keptA = keptB === undefined ? leftIn(b, a) : undefined;
      if (keptB !== undefined) reasons.push({ kind: "plus-minus", from: `minus ${keptB.word}`, to: `before ${keptB.word}`, text: `no longer takes away: ${keptB.word}` });
      else if (keptA !== undefined) reasons.push({ kind: "plus-minus", from: `before ${keptA.word}`, to: `minus ${keptA.word}`, text: `takes away: ${keptA.word}` });
    }
  }
  const waived = b.regardless.find((w) => !a.regardless.includes(w));
  const restored = a.regardless.find((w) => !b.regardless.includes(w));
  if (waived !== undefined) reasons.push({ kind: "inclusion", to: `whether or not ${waived}`, text: `drops a condition: whether or not ${waived}` });
  else if (restored !== undefined) reasons.push({ kind: "inclusion", from: `whether or not ${restored}`, text: `adds back a condition: ${restored}` });
  compareMeasure(a, b, reasons);
  if (a.scale !== b.scale && a.scaleStated && b.scaleStated) {
    const from = scaleName(a.scale);
    const to = scaleName(b.scale);
    reasons.push({ kind: "scale", from, to, text: `changes the scale: ${from} → ${to}` });
  }
  compareParts(a, b, a.denominators, b.denominators, reasons, "denominator", explained);
  if (!reasons.some((r) => r.kind === "denominator")) compareParts(a, b, a.numerators, b.numerators, reasons, "numerator", explained);
  compareParts(a, b, a.grains, b.grains, reasons, "grain", explained);
  // "unresolved tickets" and "open tickets": a word denied in one text whose opposite the other says is one thing.
  const oppositeSaid = (x: Reading, y: Reading) =>
    x.negated.find((w) => !y.words.includes(w) && y.restWords.some((v) => !x.restWords.includes(v) && saysOpposite(w, v))) !== undefined;
  const negatedOpposite = a.negations !== b.negations && (a.negations > b.negations ? oppositeSaid(a, b) : oppositeSaid(b, a));
  if (negatedOpposite) for (const word of [...a.negated, ...b.negated]) denied.add(word);
  if (a.negations !== b.negations && !sameLogic && !negatedOpposite) {
    const [more, fewer] = a.negations > b.negations ? [a, b] : [b, a];
    const word = more.negated.find((w) => !fewer.negated.includes(w)) ?? more.negated[0];
    const said = word === undefined ? "not" : `not ${word}`;
    const reason: DriftReason = {
      kind: "negation",
      ...(more === b ? { to: said } : { from: said }),
      text: more === b ? `adds a negation: ${said}` : `drops a negation: ${said}`,
    };
    reasons.push(reason);
    // "not renewed" against "renewed" denies what the other text asserts. "could not be delivered" against
    // "bounced" says the same thing by denying a word the other text does not use: weighed as wording. A common
    // word denied ("not longer") is not judged so.
    if (word !== undefined && !saysWord(fewer, word) && informationOf(word, options.vectors ?? wordVectors()) >= 0.5) {
      weights.set(reason, SAID_OTHERWISE_NEGATION_WEIGHT);
      // The word denied is this reason's: swapped for the other text's word, it is that wording, not a second change.
      denied.add(word);
    }
  }
  compareUnits(a.units, b.units, reasons);
  compareBounds(a, b, reasons);
  compareAggregations(a.aggregationList, b.aggregationList, reasons);
  if (a.months.length > 0 && b.months.length > 0 && a.months.join(" ") !== b.months.join(" ")) {
    const from = a.months.join(" – ");
    const to = b.months.join(" – ");
    reasons.push({ kind: "boundary", from, to, text: `changes the dates: ${from} → ${to}` });
  }
  compareNumbers(
    a.numbers.filter((n) => !unitNamedA.numbers.has(n)),
    b.numbers.filter((n) => !unitNamedB.numbers.has(n)),
    reasons,
  );

  const vectors = options.vectors ?? wordVectors();
  comparePopulation(a, b, reasons, vectors);
  const wording = compareWording(a, b, vectors, reasons.some((r) => r.kind === "event"), explained, reasons.length > 0, denied);
  let keep = (1 - Math.min(WORDING_CAP, wording.cost)) * (1 - wording.swap);
  for (const reason of reasons) keep *= 1 - (weights.get(reason) ?? REASON_WEIGHT[reason.kind as Exclude<DriftReasonKind, "wording">]);
  if (reasons.length === 0) reasons.push(...wording.reasons);
  else reasons.push(...wording.reasons.slice(0, 1));
  const strengths = reasons.map((r) => (r.kind === "wording" ? 0 : (weights.get(r) ?? REASON_WEIGHT[r.kind])));
  return { evidence: Math.min(1, Math.max(0, 1 - keep)), reasons, strengths, a, b };
}

// Where an illustration may start after a definition, and what marks it as one; a part that excludes, restricts or
// adds is a change however it is set off.
const ILLUSTRATION_START = /\s*\(|\s*[:;]\s|\s+[—–-]\s|\.\s+(?=[A-Z(])|,\s+(?=so (?:a|an|the)\b|whether (?:by|in|through|via|on|at|from)\b)/gu;
const ILLUSTRATION_CUE = /\b(?:say|e\.\s?g|for example|for instance|such as|so (?:a|an|the)|if (?:a|an|the|someone|you)|alike|and so on|and the like|and similar|among others|whether (?:by|in|through|via|on|at|from)|etc|therefore|thus|i\.\s?e)\b/iu;
const NOT_ILLUSTRATION = /\b(?:exclud\w*|except|only|net of|minus|plus|instead|unless|including|includes)\b/iu;

/** `text` without an illustration it ends with that `other` does not give; undefined when there is none. */
function withoutIllustration(text: string, other: string): string | undefined {
  for (const start of text.matchAll(ILLUSTRATION_START)) {
    const head = text.slice(0, start.index).trim();
    const tail = text.slice(start.index);
    const cued = ILLUSTRATION_CUE.exec(tail) ?? /^\s*\(\s*(so)\b/iu.exec(tail);
    if (head.split(/\s+/u).length < 3 || cued === null || NOT_ILLUSTRATION.test(tail)) continue;
    const cue = cued[0].replace(/^\W+/u, "").toLowerCase();
    if (other.toLowerCase().includes(cue)) continue;
    return `${head.replace(/[,;:]$/u, "")}.`;
  }
  return undefined;
}

// Short words an acronym's letters may skip ("return on ad spend" is ROAS, "cost of goods sold" COGS).
const ACRONYM_GLUE = new Set(["of", "on", "and", "to", "the", "for", "in", "per", "a"]);

/**
 * The text of `reading` with an acronym of its spelled out, when its letters are the initials of words `other` says
 * in a row and `other` does not use it: undefined when there is none.
 */
function spellOutAcronyms(reading: Reading, other: Reading): string | undefined {
  const otherWords = new Set(other.words);
  // Besides the words left, the capitals as written: the lexicon may have read "LTV" as another phrase's letters.
  const written = [...reading.source.matchAll(/\b[A-Z]{2,6}s?\b/gu)].map((m) => m[0].toLowerCase());
  const otherSource = other.source.toLowerCase();
  for (const word of new Set([...reading.restWords, ...written])) {
    if (word.length < 2 || word.length > 6 || otherWords.has(word) || otherSource.includes(word) || !/^[a-z]+$/u.test(word)) continue;
    const run = initialsRun(word, other.words) ?? (word.endsWith("s") ? initialsRun(word.slice(0, -1), other.words) : undefined);
    if (run === undefined) continue;
    const pattern = new RegExp(`\\b${word}s?\\b`, "iu");
    if (!pattern.test(reading.source)) continue;
    return reading.source.replace(pattern, run.join(" "));
  }
  return undefined;
}

/**
 * The text of `reading` with a short form of its spelled out, when `other` does not use it but says, where `reading`
 * does not, a longer word that starts with the same letter and holds its letters in order ("mfg", "manufacturing"):
 * undefined if none. Only one such longer word may fit, so "mgr" is not read as "manager" beside "margin".
 */
function spellOutShortForms(reading: Reading, other: Reading): string | undefined {
  const mine = new Set(reading.words);
  const theirs = new Set(other.words);
  const candidates = [...new Set(other.restWords)].filter((w) => !mine.has(w) && w.length >= 5);
  for (const word of new Set(reading.restWords)) {
    // "P1" for "priority 1": a letter and a number, where the other text says a word of that letter and the number.
    const coded = /^([a-z])(\d+)$/u.exec(word);
    if (coded !== null && !theirs.has(word)) {
      const at = other.words.findIndex((w, i) => w.length > 1 && w[0] === coded[1] && other.words[i + 1] === coded[2]);
      const pattern = new RegExp(`\\b${word}\\b`, "iu");
      if (at >= 0 && pattern.test(reading.source)) return reading.source.replace(pattern, `${other.words[at]} ${coded[2]}`);
    }
    // "capex" for "capital expenditure", "opex" for "operating expenses": the starts of two words the other says in a row.
    const blend = word.length >= 4 && word.length <= 8 && !theirs.has(word) && /^[a-z]+$/u.test(word) ? blendOf(word, other.words) : undefined;
    if (blend !== undefined) {
      const pattern = new RegExp(`\\b${word}\\b`, "iu");
      if (pattern.test(reading.source)) return reading.source.replace(pattern, blend);
    }
    if (word.length < 2 || word.length > 4 || theirs.has(word) || !/^[a-z]+$/u.test(word)) continue;
    const fits = candidates.filter((long) => long[0] === word[0] && long.length >= word.length + 2 && holdsInOrder(long, word));
    if (fits.length !== 1) continue;
    const pattern = new RegExp(`\\b${word}\\b\\.?`, "iu");
    if (!pattern.test(reading.source)) continue;
    return reading.source.replace(pattern, fits[0]!);
  }
  return undefined;
}

/** The two words of `words`, in a row, whose starts (two letters or more each) make `word`; undefined if none. */
function blendOf(word: string, words: readonly string[]): string | undefined {
  for (let k = 0; k + 1 < words.length; k++) {
    const [first, second] = [words[k]!, words[k + 1]!];
    if (first.length < 3 || second.length < 3 || first[0] !== word[0]) continue;
    for (let cut = 2; cut <= word.length - 2; cut++) {
      const head = word.slice(0, cut);
      const tail = word.slice(cut);
      if (first.startsWith(head) && second.startsWith(tail) && first.length > head.length) return `${first} ${second}`;
    }
  }
  return undefined;
}

function holdsInOrder(long: string, letters: string): boolean {
  let at = 0;
  for (const letter of long) if (letter === letters[at]) at++;
  return at === letters.length;
}

/** `text` without the abbreviations it gives in brackets after the words they stand for; undefined if none. */
function withoutBracketedAcronyms(text: string): string | undefined {
  if (!text.includes("(")) return undefined;
  let changed = false;
  const out = text.replace(/\s*\(([A-Z][A-Za-z]{1,5})\)/gu, (bracket: string, letters: string, at: number) => {
    const before = text.slice(0, at).toLowerCase().split(/[^a-z]+/u).filter(Boolean).slice(-8);
    const run = initialsRun(letters.toLowerCase().replace(/s$/u, ""), before);
    if (run === undefined || before.length === 0 || run.at(-1) !== before.at(-1)) return bracket;
    changed = true;
    return "";
  });
  return changed ? out : undefined;
}

/** The words of `words`, in a row, whose initials spell `letters` (glue words may be skipped); undefined if none. */
function initialsRun(letters: string, words: readonly string[]): string[] | undefined {
  const match = (at: number, k: number): number | undefined => {
    if (k === letters.length) return at;
    if (at >= words.length) return undefined;
    const word = words[at]!;
    if (word[0] === letters[k]) {
      const end = match(at + 1, k + 1);
      if (end !== undefined) return end;
    }
    return k > 0 && ACRONYM_GLUE.has(word) ? match(at + 1, k) : undefined;
  };
  for (let start = 0; start < words.length; start++) {
    if (ACRONYM_GLUE.has(words[start]!) || words[start]![0] !== letters[0]) continue;
    const end = match(start, 0);
    if (end !== undefined) return words.slice(start, end);
  }
  return undefined;
}

function comparePeriods(a: readonly Period[], b: readonly Period[], reasons: DriftReason[]): void {
  const same = (x: number, y: number) => Math.abs(x - y) <= 0.02 * Math.max(x, y);
  const onlyA = a.filter((p) => !b.some((q) => same(p.days, q.days)));
  const onlyB = b.filter((p) => !a.some((q) => same(p.days, q.days)));
  if (onlyA.length === 0 && onlyB.length === 0) {
    const grainsA = a.filter((p) => p.role === "grain").map((p) => p.days);
    const grainsB = b.filter((p) => p.role === "grain").map((p) => p.days);
    if (grainsA.length > 0 && grainsB.length > 0 && !grainsA.some((d) => grainsB.includes(d))) {
      reasons.push({ kind: "grain", text: "changes the grain" });
    }
    return;
  }
  const from = onlyA[0];
  const to = onlyB[0];
  const kind = (from?.role ?? to?.role) === "grain" ? "grain" : "window";
  const what = kind === "grain" ? "the grain" : "the window";
  if (from && to) reasons.push({ kind, from: from.text, to: to.text, text: `changes ${what}: ${shortChange(from.text, to.text)}` });
  else if (to) reasons.push({ kind, to: to.text, text: `adds ${what}: ${to.text}` });
  else if (from) reasons.push({ kind, from: from.text, text: `drops ${what}: ${from.text}` });
}

/** "90 → 30 days" for "90 days" and "30 days"; "week → month" otherwise. */
function shortChange(from: string, to: string): string {
  const unitFrom = from.split(" ").at(-1);
  const unitTo = to.split(" ").at(-1);
  if (from.includes(" ") && to.includes(" ") && unitFrom === unitTo) return `${from.slice(0, -unitFrom!.length - 1)} → ${to}`;
  return `${from} → ${to}`;
}

function compareSets<T extends string>(
  a: ReadonlySet<T>,
  b: ReadonlySet<T>,
  reasons: DriftReason[],
  kind: Exclude<DriftReasonKind, "wording">,
  name: (value: T) => string,
  label: string,
  oneSideCounts = false,
): void {
  const onlyA = [...a].filter((x) => !b.has(x));
  const onlyB = [...b].filter((x) => !a.has(x));
  if (onlyA.length > 0 && onlyB.length > 0) {
    const from = name(onlyA[0]!);
    const to = name(onlyB[0]!);
    reasons.push({ kind, from, to, text: `${label}: ${from} → ${to}` });
  } else if (oneSideCounts && onlyB.length > 0) {
    reasons.push({ kind, to: name(onlyB[0]!), text: `${label}: adds ${name(onlyB[0]!)}` });
  } else if (oneSideCounts && onlyA.length > 0) {
    reasons.push({ kind, from: name(onlyA[0]!), text: `${label}: drops ${name(onlyA[0]!)}` });
  }
}

function scaleName(scale: number): string {
  return scale === 1 ? "a ratio" : scale === 100 ? "a percentage" : `per ${scale.toLocaleString("en-GB")}`;
}

function said(clause: Clause): string {
  return clause.words.join(" ");
}

/** Clauses of `mine` that share no concept with any clause of `theirs`. */
function unmatched(mine: readonly Clause[], theirs: readonly Clause[]): Clause[] {
  if (mine.length === 0) return [];
  return mine.filter((c) => !theirs.some((t) => t.concepts.some((x) => c.concepts.includes(x))));
}

function compareClauses(a: Reading, b: Reading, reasons: DriftReason[], explained: Set<string>): void {
  const addsA = unmatched(a.additions, b.additions);
  const addsB = unmatched(b.additions, a.additions);
  const subsA = unmatched(a.subtractions, b.subtractions);
  const subsB = unmatched(b.subtractions, a.subtractions);
  const report = (reason: DriftReason, ...clauses: (Clause | undefined)[]) => {
    reasons.push(reason);
    for (const clause of clauses) for (const concept of clause?.concepts ?? []) explained.add(concept);
  };
  // "the cost of goods now included": a clause may name nothing after its marker; the other side's names it.
  const either = (x: Clause, y: Clause) => said(x) || said(y);
  if (addsA.length > 0 && subsB.length > 0) {
    const what = either(subsB[0]!, addsA[0]!);
    report({ kind: "plus-minus", from: `plus ${either(addsA[0]!, subsB[0]!)}`, to: `minus ${what}`, text: `changes plus to minus: ${what}` }, addsA[0], subsB[0]);
    return;
  }
  if (subsA.length > 0 && addsB.length > 0) {
    const what = either(addsB[0]!, subsA[0]!);
    report({ kind: "plus-minus", from: `minus ${either(subsA[0]!, addsB[0]!)}`, to: `plus ${what}`, text: `changes minus to plus: ${what}` }, subsA[0], addsB[0]);
    return;
  }
  // "plus expansion, minus contraction and churn" against "plus expansion plus contraction, minus churn": every
  // clause shares a word ("MRR"), yet one term moved from one side of the sum to the other.
  const signs = (r: Reading) => {
    const out = new Map<string, Set<"+" | "-">>();
    for (const [clauses, sign] of [[r.additions, "+"], [r.subtractions, "-"]] as const) {
      for (const clause of clauses) for (const concept of clause.concepts) (out.get(concept) ?? out.set(concept, new Set()).get(concept)!).add(sign);
    }
    return out;
  };
  const signsA = signs(a);
  const signsB = signs(b);
  for (const [concept, sideA] of signsA) {
    const sideB = signsB.get(concept);
    if (sideB === undefined || sideA.size !== 1 || sideB.size !== 1 || [...sideA][0] === [...sideB][0]) continue;
    const word = (b.restWords[b.rest.indexOf(concept)] ?? concept);
    const toPlus = sideB.has("+");
    report({ kind: "plus-minus", from: `${toPlus ? "minus" : "plus"} ${word}`, to: `${toPlus ? "plus" : "minus"} ${word}`, text: `changes ${toPlus ? "minus to plus" : "plus to minus"}: ${word}` });
    explained.add(concept);
    return;
  }
  // "X are excluded from the balance" against "the balance excludes X": one side reads a clause where the other
  // says the same words around a verb. Its words are explained, not a change.
  const sameByVerb = (clause: Clause, other: Reading, verb: RegExp) => {
    // Most of the clause's words, said around the verb: "known bots and internal staff", "known bots and our own staff".
    const shared = clause.concepts.filter((c) => other.rest.includes(c)).length;
    if (!verb.test(other.source) || clause.concepts.length === 0 || shared < Math.max(1, clause.concepts.length - 1) || shared * 3 < clause.concepts.length * 2) return false;
    for (const concept of clause.concepts) explained.add(concept);
    return true;
  };
  if (subsB.length > 0 && !sameByVerb(subsB[0]!, a, EXCLUDING_VERB)) report({ kind: "exclusion", to: said(subsB[0]!), text: `adds an exclusion: ${said(subsB[0]!)}` }, subsB[0]);
  else if (subsB.length === 0 && subsA.length > 0 && !sameByVerb(subsA[0]!, b, EXCLUDING_VERB)) {
    report({ kind: "exclusion", from: said(subsA[0]!), text: `drops an exclusion: ${said(subsA[0]!)}` }, subsA[0]);
  }
  // "sales spend plus marketing spend" and "sales and marketing spend": one sum, said with "and".
  const sameSum = (clause: Clause, other: Reading) => {
    if (other.ands === 0 || clause.concepts.length === 0 || !clause.concepts.every((c) => other.rest.includes(c))) return false;
    for (const concept of clause.concepts) explained.add(concept);
    return true;
  };
  if (addsB.length > 0 && !sameByVerb(addsB[0]!, a, INCLUDING_VERB) && !sameSum(addsB[0]!, a)) report({ kind: "inclusion", to: said(addsB[0]!), text: `adds an inclusion: ${said(addsB[0]!)}` }, addsB[0]);
  else if (addsB.length === 0 && addsA.length > 0 && !sameByVerb(addsA[0]!, b, INCLUDING_VERB) && !sameSum(addsA[0]!, b)) {
    report({ kind: "inclusion", from: said(addsA[0]!), text: `drops an inclusion: ${said(addsA[0]!)}` }, addsA[0]);
  }
}

const EXCLUDING_VERB = /\b(?:exclud\w*|except|leaves? out|left out|omit\w*|not counted)\b/iu;
const INCLUDING_VERB = /\b(?:includ\w*|counts? in|counted in)\b/iu;

function measureOf(r: Reading): string | undefined {
  const count = r.measure.has("count");
  const amount = r.measure.has("amount");
  return count && !amount ? "a count" : amount && !count ? "an amount" : undefined;
}

function compareMeasure(a: Reading, b: Reading, reasons: DriftReason[]): void {
  const from = measureOf(a);
  const to = measureOf(b);
  if (from && to && from !== to) {
    reasons.push({ kind: "count-amount", from, to, text: `changes what is measured: ${from} → ${to}` });
    return;
  }
  // "the share of customers who …" against "the number of customers who …": a ratio made a plain count or amount.
  // An average on one side only is a change of aggregation, reported as such.
  const averaged = (r: Reading) => r.aggregations.has("average") || r.aggregations.has("median");
  if (a.ratio !== b.ratio && averaged(a) === averaged(b)) {
    const plain = a.ratio ? to : from;
    if (plain === undefined) return;
    const [x, y] = a.ratio ? ["a ratio", plain] : [plain, "a ratio"];
    reasons.push({ kind: "count-amount", from: x, to: y, text: `changes what is measured: ${x} → ${y}` });
  }
}

function compareParts(
  readingA: Reading,
  readingB: Reading,
  a: readonly string[],
  b: readonly string[],
  reasons: DriftReason[],
  kind: "numerator" | "denominator" | "grain",
  explained: Set<string>,
): void {
  if (a.length === 0 || b.length === 0) return;
  // "per doctor" and "per physician" name one denominator: words WordNet has in one synonym set are the same part.
  const synonyms = synonymSets();
  // "units shipped" and "units dispatched": words of one event are the same part too.
  const sameEvent = (x: string, y: string) => {
    const event = eventOf(x);
    return event !== undefined && event === eventOf(y);
  };
  const sameAs = (x: string, y: string, rx: Reading, ry: Reading) => {
    if (x === y) return true;
    const [wx, wy] = [wordFor(rx, x), wordFor(ry, y)];
    return synonyms.synonyms(wx, wy) || sameEvent(wx, wy);
  };
  const onlyA = a.filter((x) => !b.some((y) => sameAs(x, y, readingA, readingB)));
  const onlyB = b.filter((y) => !a.some((x) => sameAs(x, y, readingA, readingB)));
  if (onlyA.length === 0 || onlyB.length === 0) return;
  for (const concept of [...onlyA, ...onlyB]) explained.add(concept);
  const from = onlyA.map((c) => shownWord(readingA, c)).join(" ");
  const to = onlyB.map((c) => shownWord(readingB, c)).join(" ");
  const label = kind === "grain" ? "the grain" : `the ${kind}`;
  reasons.push({ kind, from, to, text: `changes ${label}: ${from} → ${to}` });
}

function compareUnits(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>, reasons: DriftReason[]): void {
  for (const [dimension, unit] of a) {
    const other = b.get(dimension);
    if (other !== undefined && other !== unit) {
      reasons.push({ kind: "unit", from: unit, to: other, text: `changes the unit: ${unit} → ${other}` });
      return;
    }
  }
  const scaleA = a.has("scale");
  const scaleB = b.has("scale");
  if (scaleA !== scaleB) {
    reasons.push({ kind: "unit", text: scaleA ? "drops the unit's scale (thousands, millions)" : "adds a scale to the unit (thousands, millions)" });
    return;
  }
  const dimensionsA = [...a.keys()].filter((d) => d !== "scale");
  const dimensionsB = [...b.keys()].filter((d) => d !== "scale");
  if (dimensionsA.length > 0 && dimensionsB.length > 0 && !dimensionsA.some((d) => b.has(d))) {
    const from = a.get(dimensionsA[0]!)!;
    const to = b.get(dimensionsB[0]!)!;
    reasons.push({ kind: "unit", from, to, text: `changes the unit: ${from} → ${to}` });
  }
}

const BOUND_NAMES: Record<Bound, string> = { minimum: "at least", maximum: "at most", above: "more than", below: "less than" };

function compareBounds(a: Reading, b: Reading, reasons: DriftReason[]): void {
  const name = (bound: Bound) => BOUND_NAMES[bound];
  const onlyA = [...a.bounds].filter((x) => !b.bounds.has(x));
  const onlyB = [...b.bounds].filter((x) => !a.bounds.has(x));
  if (onlyA.length > 0 && onlyB.length > 0) {
    reasons.push({ kind: "bound", from: name(onlyA[0]!), to: name(onlyB[0]!), text: `changes the bound: ${name(onlyA[0]!)} → ${name(onlyB[0]!)}` });
  }
}

function compareAggregations(a: readonly string[], b: readonly string[], reasons: DriftReason[]): void {
  // As multisets: "peak users: the highest number" against "peak users: the average number" changes one of two.
  const onlyA = withoutEach(a, b);
  const onlyB = withoutEach(b, a);
  if (onlyA.length > 0 && onlyB.length > 0) {
    reasons.push({ kind: "aggregation", from: onlyA[0]!, to: onlyB[0]!, text: `changes the aggregation: ${onlyA[0]} → ${onlyB[0]}` });
  }
}

/** `mine` less one occurrence of each item of `theirs`. */
function withoutEach(mine: readonly string[], theirs: readonly string[]): string[] {
  const left = [...theirs];
  return mine.filter((x) => {
    const at = left.indexOf(x);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/**
 * The periods of `other` ("40 hours") whose number `bare` gives without a unit ("beyond 40") while naming the
 * unit elsewhere ("the hours"), and those numbers of `bare`.
 */
function periodsNamedBare(other: Reading, bare: Reading): { periods: Set<Period>; numbers: Set<number> } {
  const periods = new Set<Period>();
  const numbers = new Set<number>();
  for (const period of other.periods) {
    const said = /^(\d+(?:\.\d+)?) ([a-z]+)$/u.exec(period.text);
    if (said === null) continue;
    const value = Number(said[1]);
    const unit = said[2]!.replace(/s$/u, "");
    if (!bare.numbers.includes(value) || !bare.words.some((w) => w === unit || w === `${unit}s`)) continue;
    periods.add(period);
    numbers.add(value);
  }
  return { periods, numbers };
}

function compareNumbers(a: readonly number[], b: readonly number[], reasons: DriftReason[]): void {
  // "a" and "one" say the same: a lone 1 on one side ("at least one order" / "an order") is no change.
  const onlyA = a.filter((x) => !b.includes(x) && x !== 1);
  const onlyB = b.filter((x) => !a.includes(x) && x !== 1);
  if (onlyA.length > 0 && onlyB.length > 0) {
    reasons.push({ kind: "number", from: String(onlyA[0]), to: String(onlyB[0]), text: `changes a number: ${onlyA[0]} → ${onlyB[0]}` });
  } else if (onlyA.length > 0 || onlyB.length > 0) {
    const added = onlyB.length > 0;
    const value = String(added ? onlyB[0] : onlyA[0]);
    reasons.push({ kind: "number", ...(added ? { to: value } : { from: value }), text: `${added ? "adds" : "drops"} a number: ${value}` });
  }
}

/**
 * A head word both texts share, qualified differently: "all customers" → "new customers", "enterprise accounts" →
 * "all accounts". A qualifier the other text says elsewhere, or says in other words, is a rewording.
 */
function comparePopulation(a: Reading, b: Reading, reasons: DriftReason[], vectors: WordVectors): void {
  if (a.modifiers.length === 0 && b.modifiers.length === 0) return;
  const heads = new Set([...a.modifiers.map((m) => m.head), ...b.modifiers.map((m) => m.head)]);
  for (const head of heads) {
    if (!a.rest.includes(head) || !b.rest.includes(head)) continue;
    const modA = a.modifiers.find((m) => m.head === head);
    const modB = b.modifiers.find((m) => m.head === head);
    if (modA?.modifier === modB?.modifier) continue;
    const changedA = modA !== undefined && modA.modifier !== "all" && !(saysElsewhere(modA.modifierWord, modA.modifier, b, vectors) && !saysMoreOften(a, b, modA.modifier, modA.modifierWord, vectors));
    const changedB = modB !== undefined && modB.modifier !== "all" && !(saysElsewhere(modB.modifierWord, modB.modifier, a, vectors) && !saysMoreOften(b, a, modB.modifier, modB.modifierWord, vectors));
    if (!changedA && !changedB) continue;
    // A qualifier merely left out may be implied by the context; "all" said instead, or another qualifier, is not.
    if (modA === undefined || modB === undefined) continue;
    // Qualifiers word vectors rate alike may say one thing two ways ("registered", "signed-up"), unless WordNet
    // has them as opposites ("open", "closed"); an unrelated qualifier, or "all" for one, changes who is counted.
    if (modA.modifier !== "all" && modB.modifier !== "all") {
      const alike = (vectors.similarity(modA.modifierWord, modB.modifierWord) ?? 0) >= RELATED_QUALIFIER_SIMILARITY;
      const opposite = saysOpposite(modA.modifierWord, modB.modifierWord);
      if (alike && !opposite) continue;
      // "not resolved" qualifying what the other text calls "open": the opposite denied is the same qualifier.
      const denied = a.negated.includes(modA.modifierWord) !== b.negated.includes(modB.modifierWord);
      if (opposite && denied) continue;
    }
    const headWord = (modA ?? modB)!.headWord;
    const from = modA ? `${modA.modifierWord} ${headWord}` : headWord;
    const to = modB ? `${modB.modifierWord} ${headWord}` : headWord;
    reasons.push({ kind: "population", from, to, text: `changes the population: ${from} → ${to}` });
    return;
  }
}

/**
 * Whether `mine` says a concept more often than `other`: "the share of resolved tickets that were resolved on first
 * contact" says "resolved" once more than "the share of all tickets that were resolved on first contact", so its
 * qualifier is not the other text's word said elsewhere but a new one.
 */
function saysMoreOften(mine: Reading, other: Reading, concept: string, word: string, vectors: WordVectors): boolean {
  const mineTimes = mine.rest.filter((c) => c === concept).length;
  // The other text's words that say it in any form ("advertising" for "ad") count as saying it.
  const synonyms = synonymSets();
  const otherTimes = other.rest.filter(
    (c, k) => c === concept || derived(word, other.restWords[k]!) || synonyms.synonyms(word, other.restWords[k]!) || (vectors.similarity(word, other.restWords[k]!) ?? 0) >= SAME_QUALIFIER_SIMILARITY,
  ).length;
  return mineTimes > otherTimes && otherTimes > 0;
}

/** Whether the other text says a qualifier too: the same concept or event, a synonym, or a near word by vectors. */
function saysElsewhere(word: string, concept: string, other: Reading, vectors: WordVectors): boolean {
  if (concept === "all") return false;
  if (other.rest.includes(concept) || other.events.has(concept)) return true;
  const synonyms = synonymSets();
  return other.restWords.some((w) => derived(word, w) || synonyms.synonyms(word, w) || (vectors.similarity(word, w) ?? 0) >= SAME_QUALIFIER_SIMILARITY);
}

/** Whether a text says a word in any form: the word, its concept, or the event it names. */
function saysWord(reading: Reading, word: string): boolean {
  if (reading.words.includes(word) || reading.rest.includes(conceptOf(word))) return true;
  const event = eventOf(word);
  return event !== undefined && reading.events.has(event);
}

/** The word a reading wrote for a concept ("subscribing" for "subscrib"); the concept when none is found. */
function wordFor(reading: Reading, concept: string): string {
  const at = reading.rest.indexOf(concept);
  return at >= 0 ? reading.restWords[at]! : concept;
}

/** The word a reading wrote for a concept, as a reason shows it: an event word too ("resolved", not "resolv"). */
function shownWord(reading: Reading, concept: string): string {
  const at = reading.rest.indexOf(concept);
  if (at >= 0) return reading.restWords[at]!;
  // An event word stands in `rest` as its event ("closed" for "resolved"); its own concept is its stem.
  return reading.restWords.find((word) => conceptOf(word) === concept) ?? concept;
}

/**
 * The first content word `mine` joins with `joiner` ("and its contractors", "or opened a ticket", "but not gift
 * cards") that `theirs` does not say; undefined when every joined word is one `theirs` says, or the word
 * after the joiner is no content word ("on average and counted in days").
 */
function joinedWord(mine: Reading, theirs: Reading, joiner: "and" | "or"): string | undefined {
  for (let k = 0; k < mine.words.length; k++) {
    if (mine.words[k] !== joiner && !(joiner === "and" && mine.words[k] === "but")) continue;
    for (let m = k + 1; m < mine.words.length && m <= k + 4; m++) {
      const at = mine.restAt.indexOf(m);
      if (at < 0) {
        if (FILLER_WORDS.has(mine.words[m]!) || mine.words[m] === "not") continue;
        break;
      }
      if (!theirs.rest.includes(mine.rest[at]!)) return mine.restWords[at]!;
      break;
    }
  }
  return undefined;
}

