import type { DriftEvidence } from "./drift.js";
import type { Reading } from "./meaning.js";
import type { DriftReason } from "./reasons.js";
import { wordVectors } from "./word-vectors.js";
import { CALIBRATION_WEIGHTS } from "./calibration-weights.js";

/*
 * The drift figure's last step. The comparison (drift.ts) aligns the two texts and names each difference it finds;
 * how far those findings can be trusted depends on how the texts line up. A change found where the rest of the
 * sentence is word for word the same ("14 days" → "7 days") is almost always real; the same finding inside a
 * sentence rebuilt from other words ("are left out of the report" for "except") is often the restructuring itself.
 * So the figure is a logistic model of the evidence and of the alignment: what the comparison weighed, whether it
 * found a change of a plain kind (numbers, windows, and/or, clauses…) or one read from wording (events, populations,
 * parts of a ratio, negation…), how much of the word order both texts keep, and how many content words they share.
 * Its weights are fitted to the labelled pairs by scripts/fit-drift.ts, which writes calibration-weights.ts.
 */

// Kinds a comparison finds from the texts' figures and markers rather than from their wording.
const PLAIN_KINDS: ReadonlySet<DriftReason["kind"]> = new Set([
  "window",
  "number",
  "boundary",
  "and-or",
  "net-gross",
  "scale",
  "bound",
  "unit",
  "plus-minus",
  "exclusion",
  "inclusion",
  "before-after",
]);

// What a named change usually weighs in the comparison (REASON_WEIGHT in drift.ts).
const NAMED_WEIGHT = 0.6;

/** The names of the model's inputs, in the order of CALIBRATION_WEIGHTS. */
export const CALIBRATION_FEATURES = [
  "bias",
  "evidence",
  "evidence × order kept",
  "order kept",
  "plain change",
  "plain change × order kept",
  "change read from wording",
  "change read from wording × order kept",
  "wording reason",
  "wording reason × order kept",
  "content words shared",
  "likeness of words swapped",
] as const;

/** The model's inputs for what one comparison found. */
export function calibrationFeatures(found: DriftEvidence): number[] {
  const order = orderKept(found.a.words, found.b.words);
  // The weightiest reason of each sort, as a share of a named change's usual weight.
  let plain = 0;
  let read = 0;
  found.reasons.forEach((reason, i) => {
    const strength = Math.min(1, (found.strengths[i] ?? 0) / NAMED_WEIGHT);
    if (PLAIN_KINDS.has(reason.kind)) plain = Math.max(plain, strength);
    else if (reason.kind !== "wording") read = Math.max(read, strength);
  });
  const wording = found.reasons.some((r) => r.kind === "wording") ? 1 : 0;
  return [
    1,
    found.evidence,
    found.evidence * order,
    order,
    plain,
    plain * order,
    read,
    read * order,
    wording,
    wording * order,
    sharedConcepts(found.a, found.b),
    swappedLikeness(found.reasons),
  ];
}

/** The drift figure for what a comparison found: 0 when it found nothing, else the model's probability of a change. */
export function calibratedDrift(found: DriftEvidence, weights: readonly number[] = CALIBRATION_WEIGHTS): number {
  if (found.evidence <= 0) return 0;
  const features = calibrationFeatures(found);
  let z = 0;
  for (let i = 0; i < features.length; i++) z += features[i]! * (weights[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * How alike, by word vectors, the words are that a reason says were swapped ("marked" → "flagged"), the most alike
 * pair of them: 0 when no reason names one word for another.
 */
function swappedLikeness(reasons: readonly DriftReason[]): number {
  const vectors = wordVectors();
  let likeness = 0;
  for (const reason of reasons) {
    const from = reason.from?.split(" ").at(-1);
    const to = reason.to?.split(" ").at(-1);
    if (from === undefined || to === undefined || from === to) continue;
    likeness = Math.max(likeness, vectors.similarity(from, to) ?? 0);
  }
  return likeness;
}

/** The share of the longer text's words that both say in the same order (longest common subsequence). */
function orderKept(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]! / Math.max(a.length, b.length);
}

/** The share of the richer text's content concepts the other also says. */
function sharedConcepts(a: Reading, b: Reading): number {
  const left = new Set(a.rest);
  const right = new Set(b.rest);
  let shared = 0;
  for (const concept of left) if (right.has(concept)) shared++;
  return shared / Math.max(1, left.size, right.size);
}
