import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, withContext } from "../../src/logger.js";
import { boltLine, slackIdsOf } from "../../src/slack/app.js";
import { VOTE_APPROVE } from "../../src/slack/blocks/ids.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("the logger", () => {
  it("writes one JSON line per event with the child's bindings, and an error with its stack and cause", () => {
    const { lines, stream } = capture();
    const logger = withContext(createLogger("info", stream), { team: "T0ONE", user: "U0ONE", proposal: undefined });
    logger.debug("not at this level");
    logger.error("a Slack request failed", { error: new Error("the query failed", { cause: new TypeError("the socket closed") }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      msg: "a Slack request failed",
      team: "T0ONE",
      user: "U0ONE",
      err: {
        type: "Error",
        message: "the query failed",
        stack: expect.stringMatching(/^Error: the query failed\n\s+at /),
        cause: { type: "TypeError", message: "the socket closed", stack: expect.stringMatching(/^TypeError: the socket closed\n\s+at /) },
      },
    });
    expect(lines[0]).not.toHaveProperty("proposal");
  });

  it("adds the bindings to each line's fields for a logger without children", () => {
    const seen: unknown[] = [];
    const plain = { debug() {}, info: (message: string, fields?: Record<string, unknown>) => seen.push({ message, fields }), warn() {}, error() {} };
    withContext(plain, { delivery: 7 }).info("delivered", { kind: "proposal.tally" });
    expect(seen).toEqual([{ message: "delivered", fields: { delivery: 7, kind: "proposal.tally" } }]);
  });
});

describe("Bolt's log calls", () => {
  it("keep their words as the message, an error whole and other objects as details", () => {
    const error = new Error("socket hang up");
    expect(boltLine(["An API call failed:", 3, error, { method: "chat.update" }])).toEqual({
      message: "An API call failed: 3",
      fields: { error, details: { method: "chat.update" } },
    });
    expect(boltLine([error])).toEqual({ message: "socket hang up", fields: { error } });
  });

  it("name the team and user of a command, an interaction and an event", () => {
    expect(slackIdsOf({ team_id: "T1", user_id: "U1", command: "/glossary" })).toEqual({ team: "T1", user: "U1" });
    expect(slackIdsOf({ type: "block_actions", team: { id: "T2" }, user: { id: "U2", team_id: "T2" } })).toEqual({ team: "T2", user: "U2" });
    expect(slackIdsOf({ team_id: "T3", event: { type: "app_home_opened", user: "U3" } })).toEqual({ team: "T3", user: "U3" });
    expect(slackIdsOf(null)).toEqual({});
  });

  it("name the proposal a vote button or an objection's form is about", () => {
    const click = { type: "block_actions", team: { id: "T4" }, user: { id: "U4" }, actions: [{ action_id: VOTE_APPROVE, value: "12" }] };
    expect(slackIdsOf(click)).toEqual({ team: "T4", user: "U4", proposal: 12 });
    const form = { type: "view_submission", team: { id: "T5" }, user: { id: "U5" }, view: { private_metadata: JSON.stringify({ action: { concord: "vote", proposalId: 7, position: "object" } }) } };
    expect(slackIdsOf(form)).toEqual({ team: "T5", user: "U5", proposal: 7 });
    expect(slackIdsOf({ ...click, actions: [{ action_id: VOTE_APPROVE, value: "not a number" }] })).toEqual({ team: "T4", user: "U4" });
  });
});
