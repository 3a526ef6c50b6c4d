import {
  compareReadings,
  describeDrift,
  readDefinition,
  type DriftLevel,
  type DriftOptions,
  type DriftReason,
  type Reading,
} from "../text/index.js";
import { createHash } from "node:crypto";
import type { DefinitionVersion, Variant } from "../types.js";

/**
 * The drift measure's name, stored with each digest and with each drift figure the digest keeps. Digests stored
 * without it were measured by shared words (lexical similarity, IDF-weighted); "what-changed-1" by what changed
 * between the texts, each change found weighing the same wherever it was; from "what-changed-2" on, the figure is
 * how likely the variant is to say something else, given what changed and how the two texts line up
 * (src/core/text/calibration.ts); "what-changed-3" reads formulas, strict and inclusive bounds, runs of periods and
 * levels, and compares a scale only where both texts state one, recalibrated. Change it with the measure.
 */
export const DRIFT_MEASURE = "what-changed-3";

/**
 * What one comparison is stored by: the measure, the agreed text's length in UTF-8 bytes, and both texts, hashed
 * with SHA-256. The database computes the same (concord_drift_key, migration 0019), so the digest reads stored
 * figures without reading the texts.
 */
export function driftKey(agreed: string, text: string, measure: string = DRIFT_MEASURE): string {
  return createHash("sha256").update(`${measure}:${Buffer.byteLength(agreed, "utf8")}:`).update(agreed).update(text).digest("base64");
}

/** A drift figure as every face shows it: the score, rounded once to a whole percent, its level and its reasons. */
export interface DriftFigure {
  /** 0 (says what the agreed text says) … 1 (says something else), in steps of 0.01. */
  readonly score: number;
  readonly level: DriftLevel;
  /** The changes that drove the score, meaning-bearing ones first; empty when the texts say the same. */
  readonly reasons: readonly DriftReason[];
}

/**
 * The one drift figure of a text against the agreed definition: what changed between them, judged change by change
 * (src/core/text/drift.ts). The lookup, the variant reply, the term page, the JSON API and the digest all call
 * this, so the same variant shows the same number and reasons everywhere: one measure, no weighting by the rest of
 * the glossary, one rounding (a whole percent, done here so the level and every rendering agree with the number).
 * Pass readings from `readDefinition` to read a text compared many times only once.
 */
export function measureDrift(agreed: string | Reading, text: string | Reading, options: DriftOptions = {}): DriftFigure {
  const drift = compareReadings(
    typeof agreed === "string" ? readDefinition(agreed) : agreed,
    typeof text === "string" ? readDefinition(text) : text,
    options,
  );
  const score = Math.round(drift.score * 100) / 100;
  return { score, level: describeDrift(score), reasons: drift.reasons };
}

/** A domain's variant beside the agreed definition: how far it drifts, why, and whether it predates the agreed version. */
export interface VariantDrift {
  readonly variant: Variant;
  readonly score: number;
  readonly level: DriftLevel;
  /** Always set by `measureVariants`; optional so figures built by hand (renderer tests) need not invent reasons. */
  readonly reasons?: readonly DriftReason[];
  /** Written against an older agreed version than the current one. */
  readonly stale: boolean;
}

/** Scores each variant against the agreed definition, most drifted first. */
export function measureVariants(current: DefinitionVersion, variants: readonly Variant[]): VariantDrift[] {
  if (variants.length === 0) return [];
  const agreed = readDefinition(current.text);
  return variants
    .map((variant) => ({ variant, ...measureDrift(agreed, variant.text), stale: variant.baseVersion < current.version }))
    .sort((a, b) => b.score - a.score || a.variant.domain.slug.localeCompare(b.variant.domain.slug));
}

export type { DriftReason, DriftReasonKind } from "../text/index.js";
