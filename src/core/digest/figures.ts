import { findOverlapsInSteps, type Overlap, type OverlapEntry } from "../glossary/overlaps.js";
import { measureDrift } from "../glossary/drift.js";
import type { CorpusTerm } from "../ports.js";
import { atOnce, inTurns } from "../turns.js";
import type { DriftFigure } from "../glossary/drift.js";
import { readDefinition, textTableSteps, type Reading } from "../text/index.js";

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
 * never measured, the near-duplicate search), kept apart so that it can share the thread with requests.
 */
export type ComputeDigestFigures = (input: DigestFiguresInput, turnMs?: number) => Promise<DigestFigures>;

/**
 * The figures computed on this thread in turns of the event loop (`inTurns`), so that a lookup or a Slack
 * acknowledgement arriving meanwhile is answered within a turn rather than after the whole computation. On the
 * same thread as the database it read (the embedded one runs there too), nothing it reads is copied again.
 */
export const computeDigestFigures: ComputeDigestFigures = (input, turnMs) => inTurns(digestFigureSteps(input), turnMs);

/** The figures computed at once, holding the thread until they are done. */
export function digestFigures(input: DigestFiguresInput): DigestFigures {
  return atOnce(digestFigureSteps(input));
}

/** How many texts are measured (each about 0.1 ms) between two steps. */
const MEASURED_A_STEP = 50;

function* digestFigureSteps(input: DigestFiguresInput): Generator<void, DigestFigures> {
  const { corpus, overlapLimit } = input;
  // The measure's word tables, read on their first use in a process (about 0.1 s in all), a few milliseconds a step.
  yield* textTableSteps();
  const measured: MeasuredDrift[] = [];
  const readings = new Map<string, Reading>();
  for (let at = 0; at < input.toMeasure.length; at += MEASURED_A_STEP) {
    measured.push(...measureTexts(input.toMeasure.slice(at, at + MEASURED_A_STEP), readings));
    yield;
  }
  // The near-duplicate search reads the definitions once, a distinct word at a time, and weighs each word by how
  // many definitions hold it (a word most definitions use says little about whether two terms agree); only the few
  // candidate pairs are tokenized whole.
  const overlaps = yield* findOverlapsInSteps(overlapEntries(corpus), { limit: overlapLimit });
  return { overlaps, measured };
}

/**
 * Each text's drift from its agreed definition: the figure the lookup and the pages show for the same texts, not
 * one weighted by this corpus. Each agreed definition is read once (kept in `readings`) however many texts are
 * measured against it.
 */
export function measureTexts(toMeasure: readonly DriftToMeasure[], readings = new Map<string, Reading>()): MeasuredDrift[] {
  return toMeasure.map(({ definition, text }) => {
    let agreed = readings.get(definition);
    if (agreed === undefined) readings.set(definition, (agreed = readDefinition(definition)));
    const { score, reasons } = measureDrift(agreed, text);
    return { score, reasons };
  });
}

/** The glossary as the near-duplicate search reads it, each definition with its tokens when they are given. */
export function overlapEntries(corpus: readonly CorpusTerm[], tokens?: readonly (readonly string[])[]): OverlapEntry[] {
  return corpus.map((entry, i) => ({
    id: entry.term.id,
    slug: entry.term.slug,
    name: entry.term.name,
    aliases: entry.aliases,
    definition: entry.definition,
    ...(tokens ? { tokens: tokens[i]! } : {}),
    ownerDomain: entry.term.ownerDomain?.slug ?? null,
  }));
}
