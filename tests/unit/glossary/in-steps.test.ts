import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalKeyGroups, sortedInSteps } from "../../../src/core/glossary/in-steps.js";
import { atOnce } from "../../../src/core/turns.js";

/** Counts the steps a generator yields while running it to its end. */
function stepped<T>(steps: Generator<void, T>): { value: T; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, steps: count };
    count += 1;
  }
}

describe("sortedInSteps", () => {
  it("sorts arrays longer than one sorted run, merging the runs (pair keys past 2^32 included)", () => {
    // 200,000 values: four runs of 65,536 merged in two passes, with repeats and keys as large as pair keys get.
    const values = Float64Array.from({ length: 200_000 }, (_, k) => ((k * 7_919) % 150_001) * 2 ** 21 + (k % 3));
    const expected = Float64Array.from(values).sort();
    const { value, steps } = stepped(sortedInSteps(values));
    expect(Array.from(value)).toEqual(Array.from(expected));
    expect(steps).toBeGreaterThan(4);
  });

  it("sorts any array as a whole sort does", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), { maxLength: 300 }), (list) => {
        expect(Array.from(atOnce(sortedInSteps(Float64Array.from(list))))).toEqual(Array.from(Float64Array.from(list).sort()));
      }),
    );
  });
});

describe("equalKeyGroups", () => {
  /** The same groups from a Map, as the search found them before. */
  const byMap = (keys: readonly string[]) => {
    const groups = new Map<string, number[]>();
    keys.forEach((key, index) => {
      if (key === "") return;
      const group = groups.get(key);
      if (group) group.push(index);
      else groups.set(key, [index]);
    });
    return [...groups.values()].filter((group) => group.length > 1);
  };

  it("groups the indices of equal keys, each in index order, the groups by their first index, blanks never", () => {
    const keys = ["net-revenue", "", "churn", "net-revenue", "", "churn", "arr", "net-revenue", "mrr"];
    expect(atOnce(equalKeyGroups(keys))).toEqual([
      [0, 3, 7],
      [2, 5],
    ]);
  });

  it("finds the groups a Map finds, on many keys that share hashes' leading bits and on arbitrary keys", () => {
    // 120,000 keys from 40,000 distinct ones: hash prefixes of 24 bits collide among distinct keys here.
    const many = Array.from({ length: 120_000 }, (_, k) => `term-${(k * 31) % 40_000}`);
    expect(atOnce(equalKeyGroups(many))).toEqual(byMap(many));
    fc.assert(
      fc.property(fc.array(fc.constantFrom("", "a", "b", "ab", "ba", "é", "e\u0301", "a-b"), { maxLength: 40 }), (keys) => {
        expect(atOnce(equalKeyGroups(keys))).toEqual(byMap(keys));
      }),
    );
  });
});
