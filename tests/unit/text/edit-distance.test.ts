import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance } from "../../../src/core/text/edit-distance.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("customer", "customer")).toBe(0);
    expect(editDistance("customer", "custmer")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("counts by code point", () => {
    expect(editDistance("😀a", "😃a")).toBe(1);
  });

  it("returns max + 1 once the distance exceeds max", () => {
    expect(editDistance("customer", "ticket", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });

  it("is symmetric", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => editDistance(a, b) === editDistance(b, a)));
  });
});
