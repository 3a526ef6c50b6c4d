import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffStats, diffWords, type DiffPart } from "../../../src/core/text/word-diff.js";

describe("diffWords", () => {
  it("gives one same part for identical text", () => {
    expect(diffWords("A person who paid", "A person who paid")).toEqual([{ kind: "same", text: "A person who paid" }]);
  });

  it("gives no parts when both are empty", () => {
    expect(diffWords("", "")).toEqual([]);
  });

  it("shows a changed word as removed then added", () => {
    expect(diffWords("A person who paid", "A company who paid")).toEqual([
      { kind: "same", text: "A " },
      { kind: "removed", text: "person" },
      { kind: "added", text: "company" },
      { kind: "same", text: " who paid" },
    ]);
  });

  it("gives everything as added when before is empty", () => {
    expect(diffWords("", "A person who paid")).toEqual([{ kind: "added", text: "A person who paid" }]);
  });

  it("gives everything as removed when after is empty", () => {
    expect(diffWords("A person who paid", "")).toEqual([{ kind: "removed", text: "A person who paid" }]);
  });

  it("ignores changes in whitespace alone", () => {
    expect(diffWords("A  person\nwho paid", "A person who paid")).toEqual([{ kind: "same", text: "A person who paid" }]);
  });

  it("treats punctuation as its own token", () => {
    expect(diffWords("paid once.", "paid once!")).toEqual([
      { kind: "same", text: "paid once" },
      { kind: "removed", text: "." },
      { kind: "added", text: "!" },
    ]);
  });

  it("never has two adjacent parts of the same kind, nor an empty part", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "d", ",", "the", "order"), { maxLength: 12 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = diffWords(before, after);
        return parts.every((part, i) => part.text !== "" && (i === 0 || parts[i - 1]!.kind !== part.kind));
      }),
    );
  });

  it("keeps every word of before (same + removed) and of after (same + added) in order", () => {
    const words = (s: string) => s.split(/\s+/).filter(Boolean).join(" ");
    const pick = (parts: DiffPart[], kind: DiffPart["kind"]) =>
      parts.filter((p) => p.kind === "same" || p.kind === kind).map((p) => p.text).join("");
    const text = fc.array(fc.constantFrom("a", "b", "c", "customer", "order", "paid"), { maxLength: 12 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = diffWords(before, after);
        return words(pick(parts, "added")) === words(after) && words(pick(parts, "removed")).replaceAll(" ", "") === before.replaceAll(" ", "");
      }),
    );
  });
});

describe("diffStats", () => {
  it("counts added and removed words", () => {
    expect(diffStats(diffWords("A person who paid", "A company or person who has paid"))).toEqual({ added: 3, removed: 0 });
    expect(diffStats(diffWords("A person who paid", "A company who paid"))).toEqual({ added: 1, removed: 1 });
  });

  it("counts nothing for identical text", () => {
    expect(diffStats(diffWords("same words", "same words"))).toEqual({ added: 0, removed: 0 });
  });

  it("counts every word when before is empty", () => {
    expect(diffStats(diffWords("", "one two three"))).toEqual({ added: 3, removed: 0 });
  });

  it("counts multi-word parts by their words", () => {
    expect(
      diffStats([
        { kind: "same", text: "kept words here" },
        { kind: "removed", text: "old  wording\nhere" },
        { kind: "added", text: "new" },
      ]),
    ).toEqual({ added: 1, removed: 3 });
  });

  it("counts nothing for no parts", () => {
    expect(diffStats([])).toEqual({ added: 0, removed: 0 });
  });
});
