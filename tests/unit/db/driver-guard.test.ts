import { describe, expect, it } from "vitest";
import { isKnownDriverCrash } from "../../../src/db/driver-guard.js";

/** A TypeError with a given message and first stack frame, as Node reports an uncaught one. */
function typeError(message: string, frame: string): TypeError {
  const error = new TypeError(message);
  error.stack = `TypeError: ${message}\n    at ${frame}\n    at process.processImmediate (node:internal/timers:491:21)`;
  return error;
}

describe("the driver failure the process survives", () => {
  it("is the driver writing to a closed connection, from its own connection code", () => {
    expect(
      isKnownDriverCrash(
        typeError("Cannot read properties of null (reading 'write')", "nextWrite (/srv/concord/node_modules/postgres/src/connection.js:255:22)"),
      ),
    ).toBe(true);
  });

  it("is nothing else: the same message elsewhere, another error from the driver, or not an error at all", () => {
    expect(isKnownDriverCrash(typeError("Cannot read properties of null (reading 'write')", "render (/srv/concord/src/slack/blocks/reply.ts:10:5)"))).toBe(false);
    expect(isKnownDriverCrash(typeError("Cannot read properties of undefined (reading 'length')", "parse (/srv/concord/node_modules/postgres/src/connection.js:500:1)"))).toBe(false);
    expect(isKnownDriverCrash(new RangeError("Cannot read properties of null (reading 'write') postgres/src/connection.js"))).toBe(false);
    expect(isKnownDriverCrash("reading 'write'")).toBe(false);
  });
});
