/*
 * What a drift comparison returns: a figure and the changes that drove it. Kept apart from the measure so that the
 * parts of the measure can name reasons without importing one another.
 */

/** What kind of change a reason names; each is one a steward must check. */
export type DriftReasonKind =
  | "window"
  | "grain"
  | "boundary"
  | "event"
  | "and-or"
  | "inclusion"
  | "exclusion"
  | "plus-minus"
  | "net-gross"
  | "before-after"
  | "count-amount"
  | "scale"
  | "numerator"
  | "denominator"
  | "negation"
  | "unit"
  | "bound"
  | "aggregation"
  | "number"
  | "population"
  | "wording";

/** One change that drove a drift figure, as data and as the sentence every face shows. */
export interface DriftReason {
  readonly kind: DriftReasonKind;
  /** What the agreed definition says, where there is one thing to name ("90 days"); absent for an addition. */
  readonly from?: string;
  /** What the variant says instead; absent for something dropped. */
  readonly to?: string;
  /** "changes the window: 90 → 30 days". */
  readonly text: string;
}

/** How far a variant's meaning has moved from the agreed text, and why. */
export interface TextDrift {
  /** 0 (says the same) … 1 (says something else), unrounded. */
  readonly score: number;
  /** Meaning-bearing changes first, the weightiest first. */
  readonly reasons: readonly DriftReason[];
}
