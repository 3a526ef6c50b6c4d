import { describe, expect, it } from "vitest";
import * as text from "../../../src/core/text/index.js";

describe("core/text index", () => {
  it("re-exports the text helpers", () => {
    expect(Object.keys(text).sort()).toEqual(
      [
        "buildTermWeights",
        "cleanDisplayText",
        "compareReadings",
        "confusableSlug",
        "DRIFT_THRESHOLD",
        "loadTextTables",
        "measureTextDrift",
        "readDefinition",
        "describeDrift",
        "diffStats",
        "diffWords",
        "driftScore",
        "editDistance",
        "foldText",
        "lexicalSimilarity",
        "SAME_MEANING_THRESHOLD",
        "singularise",
        "splitWords",
        "termSlug",
        "textTableSteps",
        "weightsOfFrequencies",
        "tokenSimilarity",
        "tokenize",
        "uniformWeights",
      ].sort(),
    );
  });
});
