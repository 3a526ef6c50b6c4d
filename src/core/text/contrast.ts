import { canonicalWords, isDigits, stemWord } from "./canonical.js";
import { NEGATION } from "./lexicon.js";

/**
 * Sets of words that name alternatives of one thing: two definitions that differ by swapping one member for
 * another mean different things ("gross" for "net", "daily" for "monthly"). Each inner list is one member, its
 * words interchangeable. Words are canonicalised and stemmed like any text, so "monthly" and "months" count as
 * "month". Active/inactive and paid/unpaid need no set: the negative prefix becomes "not" and the negation rule
 * sees it.
 */
export const CONTRAST_SETS: readonly (readonly (readonly string[])[])[] = [
  [["gross"], ["net"]],
  [["including", "inclusive", "incl"], ["excluding", "exclusive", "excl"]],
  [["day"], ["week"], ["month"], ["quarter"], ["year"]],
  [["opened"], ["closed", "resolved"]],
  [["before", "pre"], ["after", "post"]],
  [["first"], ["last", "latest"]],
  [["new"], ["existing", "returning", "repeat"]],
  [["paid"], ["free"]],
  [["minimum"], ["maximum"]],
  [["gained", "won", "acquired"], ["lost", "loss"]],
  [["increase"], ["decrease"]],
  [["upgrade"], ["downgrade"]],
  [["renewed"], ["cancelled", "churned"]],
  [["placed"], ["paid"], ["shipped"], ["delivered"], ["returned"]],
  [["inbound"], ["outbound"]],
  [["internal"], ["external"]],
  [["debit"], ["credit"]],
  [["above", "higher"], ["below", "lower"]],
  [["average", "mean"], ["median"]],
];

/**
 * How much each kind of contrast found between two texts multiplies their similarity. The three kinds backed by a
 * rule or a lexicon halve it, so with SAME_MEANING_THRESHOLD at 0.5 any one of them takes two different texts to
 * the threshold or below: a one-word flip does not read as the same meaning.
 */
export const CONTRAST_PENALTY = {
  /** A number on each side that the other side lacks ("30 days" against "90 days"). */
  number: 0.5,
  /** A word negated on one side and stated plainly on the other ("not renewed" against "renewed"). */
  negation: 0.5,
  /** Different members of one contrast set on the two sides ("gross" against "net"). */
  set: 0.5,
  /**
   * One content word swapped for another in the same place. Milder than the lexicon-backed kinds, since a
   * paraphrase may swap in a synonym the lexicon does not know ("won" for "acquired").
   */
  swap: 0.7,
} as const;

// Token → the (set, member) codes it belongs to, set * 64 + member; a token may sit in several sets.
const MEMBERSHIP = new Map<string, number[]>();
CONTRAST_SETS.forEach((set, setIndex) => {
  set.forEach((member, memberIndex) => {
    for (const word of member) {
      for (const token of canonicalWords([word]).map(stemWord)) {
        const codes = MEMBERSHIP.get(token) ?? [];
        const code = setIndex * 64 + memberIndex;
        if (!codes.includes(code)) codes.push(code);
        MEMBERSHIP.set(token, codes);
      }
    }
  });
});

/** Anything that answers whether a text holds a token: a Set, or the term vector a caller already built. */
export interface TokenLookup {
  has(token: string): boolean;
}

/**
 * The factor in (0, 1] that the contrasts between two token lists multiply their similarity by; symmetric.
 * `inA`/`inB` answer membership for `a`/`b`; pass maps already built to keep a hot loop free of allocation.
 */
export function contrastFactor(
  a: readonly string[],
  b: readonly string[],
  inA: TokenLookup = new Set(a),
  inB: TokenLookup = new Set(b),
): number {
  let factor = 1;
  if (numbersDiffer(a, b, inA, inB)) factor *= CONTRAST_PENALTY.number;
  if (negationDiffers(a, b) || negationDiffers(b, a)) factor *= CONTRAST_PENALTY.negation;
  if (membersDiffer(a, b, inA, inB)) factor *= CONTRAST_PENALTY.set;
  if (wordSwapped(a, b, inA, inB)) factor *= CONTRAST_PENALTY.swap;
  return factor;
}

/** True when each side has a number the other does not: a changed quantity, not an added one. */
export function numbersDiffer(
  a: readonly string[],
  b: readonly string[],
  inA: TokenLookup = new Set(a),
  inB: TokenLookup = new Set(b),
): boolean {
  return hasOwnNumber(a, inB) && hasOwnNumber(b, inA);
}

/** True when a word negated in `a` appears in `b` only un-negated. */
export function negationDiffers(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 1; i < a.length; i++) {
    const token = a[i]!;
    if (a[i - 1] !== NEGATION || token === NEGATION) continue;
    let plain = false;
    let negated = false;
    for (let j = 0; j < b.length; j++) {
      if (b[j] !== token) continue;
      if (j > 0 && b[j - 1] === NEGATION) negated = true;
      else plain = true;
    }
    if (plain && !negated) return true;
  }
  return false;
}

/** True when a contrast-set member found only in `a` faces a different member of that set found only in `b`. */
export function membersDiffer(
  a: readonly string[],
  b: readonly string[],
  inA: TokenLookup = new Set(a),
  inB: TokenLookup = new Set(b),
): boolean {
  for (const x of a) {
    const xCodes = MEMBERSHIP.get(x);
    if (xCodes === undefined || inB.has(x)) continue;
    for (const y of b) {
      const yCodes = MEMBERSHIP.get(y);
      if (yCodes === undefined || inA.has(y)) continue;
      for (const xCode of xCodes) {
        for (const yCode of yCodes) {
          if (xCode >> 6 === yCode >> 6 && xCode !== yCode) return true;
        }
      }
    }
  }
  return false;
}

/**
 * True when a word found only in `a` and a word found only in `b` sit between the same neighbours (or the same
 * text edge): one word swapped for another in an unchanged frame ("paid for one order" / "opened one ticket").
 * Symmetric, since the neighbours match both ways.
 */
export function wordSwapped(
  a: readonly string[],
  b: readonly string[],
  inA: TokenLookup = new Set(a),
  inB: TokenLookup = new Set(b),
): boolean {
  // Indexes are bounds-checked by hand: reading past an array's end is slow in V8, and this runs per comparison.
  const lastA = a.length - 1;
  const lastB = b.length - 1;
  for (let i = 0; i <= lastA; i++) {
    const before = i > 0 ? a[i - 1] : undefined;
    const after = i < lastA ? a[i + 1] : undefined;
    if (before === undefined && after === undefined) continue;
    const x = a[i]!;
    if (isDigits(x) || inB.has(x)) continue;
    for (let j = 0; j <= lastB; j++) {
      if ((j > 0 ? b[j - 1] : undefined) !== before || (j < lastB ? b[j + 1] : undefined) !== after) continue;
      const y = b[j]!;
      if (!isDigits(y) && !inA.has(y)) return true;
    }
  }
  return false;
}

function hasOwnNumber(a: readonly string[], inB: TokenLookup): boolean {
  for (const token of a) if (isDigits(token) && !inB.has(token)) return true;
  return false;
}
