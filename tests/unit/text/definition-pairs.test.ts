import { describe, expect, it } from "vitest";
import { buildTermWeights, lexicalSimilarity, SAME_MEANING_THRESHOLD, tokenize } from "../../../src/core/text/index.js";
import { DEFINITION_PAIRS, HELD_OUT_PAIRS, type DefinitionPair } from "../../fixtures/definition-pairs.js";

interface Evaluation {
  readonly precision: number;
  readonly recall: number;
  readonly meanSame: number;
  readonly meanDifferent: number;
  readonly misclassified: readonly string[];
}

/** Scores every pair with IDF over all the set's texts (as the digest weights over the whole glossary), at the exported threshold. */
function evaluate(pairs: readonly DefinitionPair[]): Evaluation {
  const weights = buildTermWeights(pairs.flatMap((pair) => [tokenize(pair.a), tokenize(pair.b)]));
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const same: number[] = [];
  const different: number[] = [];
  const misclassified: string[] = [];
  for (const pair of pairs) {
    const similarity = lexicalSimilarity(pair.a, pair.b, weights);
    const predicted = similarity >= SAME_MEANING_THRESHOLD;
    (pair.same ? same : different).push(similarity);
    if (predicted && pair.same) truePositives += 1;
    if (predicted && !pair.same) falsePositives += 1;
    if (!predicted && pair.same) falseNegatives += 1;
    if (predicted !== pair.same) misclassified.push(`${pair.same ? "same" : "different"} ${similarity.toFixed(3)} "${pair.note}"`);
  }
  return {
    precision: truePositives / (truePositives + falsePositives),
    recall: truePositives / (truePositives + falseNegatives),
    meanSame: mean(same),
    meanDifferent: mean(different),
    misclassified,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function report(name: string, count: number, e: Evaluation): void {
  console.log(
    `${name} (${count} pairs, threshold ${SAME_MEANING_THRESHOLD}) | precision ${e.precision.toFixed(3)} | recall ${e.recall.toFixed(3)} | mean same ${e.meanSame.toFixed(3)} | mean different ${e.meanDifferent.toFixed(3)} | misclassified: ${e.misclassified.join("; ") || "none"}`,
  );
}

describe("similarity on the labelled definition pairs", () => {
  it("has a held-out set of new pairs on both sides", () => {
    expect(HELD_OUT_PAIRS.filter((pair) => pair.same).length).toBeGreaterThanOrEqual(8);
    expect(HELD_OUT_PAIRS.filter((pair) => !pair.same).length).toBeGreaterThanOrEqual(8);
  });

  it("separates rewordings from different meanings at the exported threshold", () => {
    const evaluation = evaluate(DEFINITION_PAIRS);
    report("definition pairs", DEFINITION_PAIRS.length, evaluation);
    expect(evaluation.precision).toBeGreaterThanOrEqual(0.85);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.85);
    expect(evaluation.meanSame - evaluation.meanDifferent).toBeGreaterThanOrEqual(0.25);
  });

  it("holds up on pairs it was not tuned on", () => {
    const evaluation = evaluate(HELD_OUT_PAIRS);
    report("held-out pairs", HELD_OUT_PAIRS.length, evaluation);
    expect(evaluation.precision).toBeGreaterThanOrEqual(0.75);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.75);
    expect(evaluation.meanSame - evaluation.meanDifferent).toBeGreaterThanOrEqual(0.15);
  });
});
