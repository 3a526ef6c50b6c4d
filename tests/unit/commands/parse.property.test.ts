import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, intentSchema, parseCommand, type ParseResult } from "../../../src/commands/index.js";

function checkShape(result: ParseResult): void {
  if (result.ok) {
    expect(intentSchema.safeParse(result.intent).success).toBe(true);
  } else {
    expect(result.error.code).toMatch(/^[a-z-]+$/);
    expect(result.error.message.length).toBeGreaterThan(10);
  }
}

const commandLine = fc
  .tuple(
    fc.constantFrom(...COMMAND_NAMES, "domain list", "domain add", "domain owners sales add", "domain channel", "Customer"),
    fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("for", "sales", "=", "\n", "<@U1>")), {
      maxLength: 12,
    }),
  )
  .map(([command, words]) => [command, ...words].join(" "));

describe("parseCommand never throws", () => {
  it("for any string of UTF-16 units, lone surrogates included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => checkShape(parseCommand(text))), {
      numRuns: 2000,
    });
  });

  it("for any Unicode text after a command word", () => {
    fc.assert(fc.property(commandLine, (text) => checkShape(parseCommand(text))), { numRuns: 2000 });
  });

  it("for ASCII control characters anywhere", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "=", "\n", "\t", "\r", "\u0000", "\u001f", "\u0085", "p") }), (text) =>
        checkShape(parseCommand(`propose ${text}`)),
      ),
      { numRuns: 1000 },
    );
  });

  it("for huge input", () => {
    for (const text of ["x".repeat(1_000_000), `propose Customer = ${"é ".repeat(200_000)}`, "\ufdfa".repeat(9_999), " ".repeat(100_000)]) {
      checkShape(parseCommand(text));
    }
  });
});
