import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/index.js";
import { runCommandText } from "../../../src/commands/execute.js";
import type { CoreDeps } from "../../../src/core/index.js";

const intent = (text: string) => {
  const result = parseCommand(text);
  return result.ok ? result.intent : { error: result.error.code };
};

describe("governance channel", () => {
  it.each<[string, unknown]>([
    ["governance channel", { kind: "governance-channel" }],
    ["Governance Channel", { kind: "governance-channel" }],
    // Any other words after "governance" name a term to look up.
    ["governance", { kind: "lookup", term: "governance" }],
    ["Governance Board", { kind: "lookup", term: "Governance Board" }],
    ["governance channel policy", { kind: "lookup", term: "governance channel policy" }],
    ["help governance", { kind: "help", topic: "governance" }],
  ])("%s", (text, expected) => {
    expect(intent(text)).toEqual(expected);
  });

  it("is refused, before anything is read or written, where it cannot choose a channel", async () => {
    // Nothing may be touched: any use of the store fails the test.
    const untouched = () => {
      throw new Error("the store was used");
    };
    const deps = new Proxy({}, { get: untouched }) as CoreDeps;
    const actor = { ref: "slack:T0TEST:U0ADMIN" };
    // On Slack, when GLOSSARY_CHANNEL names the channel, and outside a channel (the Slack listener gives a direct
    // message no channel id: tests/slack/governance.test.ts).
    expect(await runCommandText(deps, { actor, platform: "slack", channelId: "C0DATA", governanceChannelSetting: "C0GOV" }, "governance channel")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("the one the GLOSSARY_CHANNEL setting names (C0GOV)"),
    });
    expect(await runCommandText(deps, { actor, platform: "slack" }, "governance channel")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("in the Slack channel that should become the governance channel"),
    });
    expect(await runCommandText(deps, { actor: { ref: "local:admin" }, platform: "local", channelId: "console" }, "governance channel")).toMatchObject({
      kind: "error",
    });
    const teams = { ref: "teams:72f988bf-86f1-41af-91ab-2d7cd011db47:0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
    expect(await runCommandText(deps, { actor: teams, platform: "teams", conversationId: "19:chat@thread.v2" }, "governance channel")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("in the Teams channel that should become the governance channel"),
    });
  });
});
