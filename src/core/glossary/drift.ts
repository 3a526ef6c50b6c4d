import { describeDrift, driftScore, type DriftLevel, type TermWeights } from "../text/index.js";
import type { DefinitionVersion, Variant } from "../types.js";

/** A domain's variant beside the agreed definition: how far it drifts, and whether it predates the agreed version. */
export interface VariantDrift {
  readonly variant: Variant;
  readonly score: number;
  readonly level: DriftLevel;
  /** Written against an older agreed version than the current one. */
  readonly stale: boolean;
}

/** Scores each variant against the agreed definition, most drifted first. */
export function measureVariants(
  current: DefinitionVersion,
  variants: readonly Variant[],
  weights?: TermWeights,
): VariantDrift[] {
  return variants
    .map((variant) => {
      const score = driftScore(current.text, variant.text, weights);
      return { variant, score, level: describeDrift(score), stale: variant.baseVersion < current.version };
    })
    .sort((a, b) => b.score - a.score || a.variant.domain.slug.localeCompare(b.variant.domain.slug));
}
