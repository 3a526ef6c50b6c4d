import { findOverlaps, type Overlap, type OverlapEntry } from "../glossary/overlaps.js";
import { measureDrift } from "../glossary/drift.js";
import type { CorpusTerm } from "../ports.js";
import type { DriftFigure } from "../glossary/drift.js";
import { buildTermWeights, readDefinition, tokenize, type Reading } from "../text/index.js";

/** What the digest computes from the glossary it read: the figures of the texts never measured, and the overlaps. */
export interface DigestFigures {
  readonly overlaps: readonly Overlap[];
  /** Each text of `toMeasure` measured, in the same order. */
  readonly measured: readonly MeasuredDrift[];
}

/** A text to measure against its term's agreed definition. */
export interface DriftToMeasure {
  readonly definition: string;
  readonly text: string;
}

/** A drift figure as it is measured and kept: its score and reasons (the level follows from the score). */
export type MeasuredDrift = Pick<DriftFigure, "score" | "reasons">;

export interface DigestFiguresInput {
  /** The glossary, for the near-duplicate search. */
  readonly corpus: readonly CorpusTerm[];
  /** Variants' and usages' texts no stored figure is known for, and those whose reasons the digest shows. */
  readonly toMeasure: readonly DriftToMeasure[];
  /** How many overlapping pairs to keep. */
  readonly overlapLimit: number;
}

/**
 * Computes the digest's figures: the heavy, pure part of a digest (reading every definition, measuring what was
 * never measured, the near-duplicate search), kept apart so it can run off the thread that serves requests.
 */
export type ComputeDigestFigures = (input: DigestFiguresInput) => Promise<DigestFigures>;

/** The figures computed here, on the calling thread. */
export const computeDigestFigures: ComputeDigestFigures = async (input) => digestFigures(input);

/** `computeDigestFigures`, synchronously: what a worker thread runs. */
export function digestFigures(input: DigestFiguresInput): DigestFigures {
  const { corpus, overlapLimit } = input;
  const measured = measureTexts(input.toMeasure);
  // Weights across the glossary, for overlaps: a word most definitions use says little about whether two terms agree.
  const definitionTokens = corpus.map((entry) => tokenize(entry.definition));
  const weights = buildTermWeights(definitionTokens);
  const overlaps = findOverlaps(overlapEntries(corpus, definitionTokens), { weights, limit: overlapLimit });
  return { overlaps, measured };
}

/**
 * Each text's drift from its agreed definition: the figure the lookup and the pages show for the same texts, not
 * one weighted by this corpus. Each agreed definition is read once however many texts are measured against it.
 */
export function measureTexts(toMeasure: readonly DriftToMeasure[]): MeasuredDrift[] {
  const readings = new Map<string, Reading>();
  return toMeasure.map(({ definition, text }) => {
    let agreed = readings.get(definition);
    if (agreed === undefined) readings.set(definition, (agreed = readDefinition(definition)));
    const { score, reasons } = measureDrift(agreed, text);
    return { score, reasons };
  });
}

/** The glossary as the near-duplicate search reads it, each definition with its tokens. */
export function overlapEntries(corpus: readonly CorpusTerm[], tokens: readonly (readonly string[])[]): OverlapEntry[] {
  return corpus.map((entry, i) => ({
    id: entry.term.id,
    slug: entry.term.slug,
    name: entry.term.name,
    aliases: entry.aliases,
    definition: entry.definition,
    tokens: tokens[i]!,
    ownerDomain: entry.term.ownerDomain?.slug ?? null,
  }));
}
