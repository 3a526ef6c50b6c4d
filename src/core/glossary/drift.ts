import { describeDrift, driftScore, type DriftLevel } from "../text/index.js";
import type { DefinitionVersion, Variant } from "../types.js";

/** A drift figure as every face shows it: the score, already rounded to a whole percent, and its level. */
export interface DriftFigure {
  /** 0 (says what the agreed text says) … 1 (shares nothing with it), in steps of 0.01. */
  readonly score: number;
  readonly level: DriftLevel;
}

/**
 * The one drift figure of a text against the agreed definition. The lookup, the variant reply, the term page, the
 * JSON API and the digest all call this, so the same variant shows the same number everywhere: one measure, one
 * weighting (none that depends on the rest of the glossary), one rounding (a whole percent, done here so that the
 * level and every rendering agree with the number shown).
 */
export function measureDrift(agreed: string, text: string): DriftFigure {
  const score = Math.round(driftScore(agreed, text) * 100) / 100;
  return { score, level: describeDrift(score) };
}

/** A domain's variant beside the agreed definition: how far it drifts, and whether it predates the agreed version. */
export interface VariantDrift extends DriftFigure {
  readonly variant: Variant;
  /** Written against an older agreed version than the current one. */
  readonly stale: boolean;
}

/** Scores each variant against the agreed definition, most drifted first. */
export function measureVariants(current: DefinitionVersion, variants: readonly Variant[]): VariantDrift[] {
  return variants
    .map((variant) => ({ variant, ...measureDrift(current.text, variant.text), stale: variant.baseVersion < current.version }))
    .sort((a, b) => b.score - a.score || a.variant.domain.slug.localeCompare(b.variant.domain.slug));
}
