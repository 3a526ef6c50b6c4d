import { unicodeName } from "unicode-name";
import { describe, expect, it } from "vitest";
import { FORMAT_CHARACTER_NAMES } from "../../../src/core/glossary/format-character-names.js";
import { findFormatCharacter } from "../../../src/core/glossary/names.js";

describe("invisible format characters", () => {
  it("have a name for every one this Node knows (else run scripts/format-character-names.ts)", () => {
    const missing: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      if (/^\p{Cf}$/u.test(character) && FORMAT_CHARACTER_NAMES.get(code) !== unicodeName(code)) missing.push(code.toString(16));
    }
    expect(missing).toEqual([]);
    expect(FORMAT_CHARACTER_NAMES.size).toBeGreaterThan(150);
  });

  it("are named by code point and name; other characters are not format characters", () => {
    expect(findFormatCharacter("\u202eremotsuC")).toBe("U+202E RIGHT-TO-LEFT OVERRIDE");
    expect(findFormatCharacter("Churn\u{e007f}")).toBe("U+E007F CANCEL TAG");
    expect(findFormatCharacter("Cus\u200btomer\u2066")).toBe("U+200B ZERO WIDTH SPACE");
    for (const fine of ["Customer", "Café Visit", "顧客", "عميل", "Churn\u00a0Rate", "C\u0301ustomer", "😀"]) {
      expect(findFormatCharacter(fine)).toBeUndefined();
    }
  });
});
