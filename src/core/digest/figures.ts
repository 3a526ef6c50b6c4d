import { findOverlaps, type Overlap, type OverlapEntry } from "../glossary/overlaps.js";
import { measureDrift } from "../glossary/drift.js";
import type { CorpusTerm, CorpusUsage, CorpusVariant, StoredDriftFigure } from "../ports.js";
import { buildTermWeights, describeDrift, readDefinition, tokenize, type Reading } from "../text/index.js";
import type { DriftFigure } from "../glossary/drift.js";
import type { DriftEntry } from "./types.js";

/** What the digest computes from the glossary it read: every variant's drift, and the terms that overlap. */
export interface DigestFigures {
  readonly drifts: readonly DriftEntry[];
  readonly overlaps: readonly Overlap[];
  /** Every described usage's drift from its term's current agreed definition. */
  readonly usageDrifts: readonly UsageDrift[];
  /** The figures measured here that `known` did not have, by key, for the next digest to read. */
  readonly measured?: readonly StoredDriftFigure[];
}

/** A usage measured: where it is, and its drift figure. */
export type UsageDrift = Omit<CorpusUsage, "description"> & DriftFigure;

export interface DigestFiguresInput {
  readonly corpus: readonly CorpusTerm[];
  readonly variants: readonly CorpusVariant[];
  /** Present usages in the domains' data products; none when omitted. */
  readonly usages?: readonly CorpusUsage[];
  /** How many overlapping pairs to keep. */
  readonly overlapLimit: number;
  /** Figures an earlier digest measured, by `driftKey`; with the keys of `variants` and `usages`, in their order. */
  readonly known?: ReadonlyMap<string, StoredDriftFigure>;
  readonly variantKeys?: readonly string[];
  readonly usageKeys?: readonly string[];
}

/**
 * Computes the digest's figures: the heavy, pure part of a digest (reading every definition, measuring every
 * variant, the near-duplicate search), kept apart so it can run off the thread that serves requests.
 */
export type ComputeDigestFigures = (input: DigestFiguresInput) => Promise<DigestFigures>;

/** The figures computed here, on the calling thread. */
export const computeDigestFigures: ComputeDigestFigures = async (input) => digestFigures(input);

/** `computeDigestFigures`, synchronously: what a worker thread runs. */
export function digestFigures(input: DigestFiguresInput): DigestFigures {
  const { corpus, overlapLimit } = input;
  // Weights across the glossary, for overlaps: a word most definitions use says little about whether two terms agree.
  const definitionTokens = corpus.map((entry) => tokenize(entry.definition));
  const weights = buildTermWeights(definitionTokens);
  const { drifts, usageDrifts, measured } = driftFigures(input);
  const overlaps = findOverlaps(overlapEntries(corpus, definitionTokens), { weights, limit: overlapLimit });
  return { drifts, overlaps, usageDrifts, measured };
}

/**
 * Every variant's and described usage's drift: the figure stored under its key in `known`, else measured (and
 * returned in `measured`, to be stored). Drift is the figure the lookup and the pages show for the same variant, not
 * one weighted by this corpus; each agreed definition is read once however many texts are measured against it.
 */
export function driftFigures({
  corpus,
  variants,
  usages = [],
  known,
  variantKeys,
  usageKeys,
}: Omit<DigestFiguresInput, "overlapLimit">): Pick<DigestFigures, "drifts" | "usageDrifts"> & { measured: StoredDriftFigure[] } {
  const readings = new Map<number, Reading>();
  const measured: StoredDriftFigure[] = [];
  const figureOf = (key: string | undefined, termId: number, definition: string, text: string): DriftFigure => {
    const stored = key === undefined ? undefined : known?.get(key);
    if (stored !== undefined) return { score: stored.score, level: describeDrift(stored.score), reasons: stored.reasons };
    let agreed = readings.get(termId);
    if (agreed === undefined) {
      agreed = readDefinition(definition);
      readings.set(termId, agreed);
    }
    const figure = measureDrift(agreed, text);
    if (key !== undefined) measured.push({ key, score: figure.score, reasons: figure.reasons });
    return figure;
  };
  const drifts = variants.map(
    (row, i): DriftEntry => ({
      term: row.term,
      domain: row.domain,
      ...figureOf(variantKeys?.[i], row.term.id, row.definition, row.text),
      baseVersion: row.baseVersion,
      currentVersion: row.currentVersion,
      updatedAt: row.updatedAt,
    }),
  );
  // A usage is measured against the agreed definition as it is now, as the term page measures it, so an agreed
  // change shows at once; a usage with no description has nothing to measure.
  const definitions = new Map(corpus.map((entry) => [entry.term.id, entry.definition]));
  const usageDrifts: UsageDrift[] = [];
  usages.forEach(({ description, ...place }, i) => {
    const definition = definitions.get(place.termId);
    if (description === "" || definition === undefined) return;
    usageDrifts.push({ ...place, ...figureOf(usageKeys?.[i], place.termId, definition, description) });
  });
  return { drifts, usageDrifts, measured };
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
