/*
 * Fits the drift figure's calibration (src/core/text/calibration.ts) to the labelled pairs the measure may learn
 * from — the tuning and development halves of tests/fixtures/drift-pairs, never the measured half — by logistic
 * regression, and writes the weights to src/core/text/calibration-weights.ts. Run with `npx tsx scripts/fit-drift.ts`
 * after a change to the comparison or to the pairs; it prints the fit on each half it learnt from.
 */
import { writeFileSync } from "node:fs";
import { CALIBRATION_FEATURES, calibrationFeatures } from "../src/core/text/calibration.js";
import { driftEvidence } from "../src/core/text/drift.js";
import { readDefinition } from "../src/core/text/meaning.js";
import { DEVELOPMENT_PAIRS, TUNING_PAIRS, type DriftPair } from "../tests/fixtures/drift-pairs/index.js";

// A little ridge on every weight but the bias keeps the fit from leaning on any one input.
const RIDGE = 0.01;
const STEPS = 4000;
const RATE = 0.5;

interface Row {
  readonly x: readonly number[];
  readonly y: number;
}

function rowOf(pair: DriftPair): Row | undefined {
  const found = driftEvidence(readDefinition(pair.agreed), readDefinition(pair.variant));
  // A comparison that finds nothing scores 0 whatever the weights: it takes no part in the fit.
  if (found.evidence <= 0) return undefined;
  return { x: calibrationFeatures(found), y: pair.changesMeaning ? 1 : 0 };
}

function fit(rows: readonly Row[]): number[] {
  const weights = new Array<number>(CALIBRATION_FEATURES.length).fill(0);
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Array<number>(weights.length).fill(0);
    for (const row of rows) {
      const z = row.x.reduce((sum, v, i) => sum + v * weights[i]!, 0);
      const error = 1 / (1 + Math.exp(-z)) - row.y;
      row.x.forEach((v, i) => (gradient[i]! += error * v));
    }
    for (let i = 0; i < weights.length; i++) weights[i]! -= RATE * (gradient[i]! / rows.length + (i === 0 ? 0 : RIDGE * weights[i]!));
  }
  return weights;
}

const rows = [...TUNING_PAIRS, ...DEVELOPMENT_PAIRS].flatMap((pair) => rowOf(pair) ?? []);
const weights = fit(rows);
const lines = CALIBRATION_FEATURES.map((name, i) => `  ${weights[i]!.toFixed(4)}, // ${name}`);
writeFileSync(
  new URL("../src/core/text/calibration-weights.ts", import.meta.url),
  [
    "// Written by scripts/fit-drift.ts: the drift calibration's weights, in the order of CALIBRATION_FEATURES.",
    `// Fitted on ${rows.length} labelled pairs of the tuning and development halves.`,
    "export const CALIBRATION_WEIGHTS: readonly number[] = [",
    ...lines,
    "];",
    "",
  ].join("\n"),
);
console.log(`fitted on ${rows.length} pairs:\n${lines.join("\n")}`);
