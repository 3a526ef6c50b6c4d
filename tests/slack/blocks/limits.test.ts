import type { AnyBlock, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { checkBlockLimits } from "../../../src/slack/blocks/limits.js";

const md = (text: string) => ({ type: "mrkdwn" as const, text });
const plain = (text: string) => ({ type: "plain_text" as const, text });
const sectionOf = (text: string): KnownBlock => ({ type: "section", text: md(text) });
const buttonOf = (text: string, extra: Record<string, unknown> = {}) => ({ type: "button" as const, text: plain(text), action_id: "a", ...extra });
const option = (text: string, value: string) => ({ text: plain(text), value });

/** Checks one message block and returns the problems. */
const check = (block: AnyBlock, surface: "message" | "modal" | "home" = "message") => checkBlockLimits({ blocks: [block] }, surface);

describe("checkBlockLimits", () => {
  it("accepts a well-formed message", () => {
    const blocks: KnownBlock[] = [
      { type: "header", text: plain("Customer") },
      sectionOf("A person or company that paid."),
      { type: "context", elements: [md("v3")] },
      { type: "actions", elements: [buttonOf("Share", { value: "customer" })] },
    ];
    expect(checkBlockLimits({ text: "Customer", blocks }, "message")).toEqual([]);
  });

  it("counts blocks: 50 in a message, 100 in a modal or the Home tab", () => {
    const blocks = (n: number) => Array.from({ length: n }, () => sectionOf("x"));
    expect(checkBlockLimits({ blocks: blocks(50) }, "message")).toEqual([]);
    expect(checkBlockLimits({ blocks: blocks(51) }, "message")).toEqual(["The message has 51 blocks; Slack allows at most 50."]);
    expect(checkBlockLimits({ blocks: blocks(100) }, "home")).toEqual([]);
    expect(checkBlockLimits({ blocks: blocks(101) }, "home")).toEqual(["The home has 101 blocks; Slack allows at most 100."]);
    expect(checkBlockLimits({ blocks: blocks(101), title: plain("T") }, "modal")).toHaveLength(1);
  });

  it("limits section text to 3000 characters and refuses an empty one", () => {
    expect(check(sectionOf("x".repeat(3000)))).toEqual([]);
    expect(check(sectionOf("x".repeat(3001)))).toEqual(["The section text at blocks[0] is 3001 characters long; Slack allows at most 3000."]);
    expect(check(sectionOf(""))).toEqual(["The section text at blocks[0] is empty; Slack needs at least one character."]);
    expect(check({ type: "section" } as KnownBlock)).toEqual(["The section at blocks[0] has neither text nor fields."]);
  });

  it("limits section fields to ten of at most 2000 characters", () => {
    const fields = (n: number, length = 5) => ({ type: "section" as const, fields: Array.from({ length: n }, () => md("x".repeat(length))) });
    expect(check(fields(10, 2000))).toEqual([]);
    expect(check(fields(11))).toEqual(["The section at blocks[0] has 11 fields; Slack allows at most 10."]);
    expect(check(fields(1, 2001))).toEqual(["The section field at blocks[0].fields[0] is 2001 characters long; Slack allows at most 2000."]);
  });

  it("limits header text to 150 characters", () => {
    expect(check({ type: "header", text: plain("x".repeat(150)) })).toEqual([]);
    expect(check({ type: "header", text: plain("x".repeat(151)) })).toEqual(["The header text at blocks[0] is 151 characters long; Slack allows at most 150."]);
  });

  it("limits context blocks to ten elements", () => {
    const elements = Array.from({ length: 11 }, () => md("x"));
    expect(check({ type: "context", elements })).toEqual(["The context at blocks[0] has 11 elements; Slack allows at most 10."]);
  });

  it("limits buttons: text 75, value 2000, action_id 255", () => {
    const actionsOf = (...elements: ReturnType<typeof buttonOf>[]): KnownBlock => ({ type: "actions", elements });
    expect(check(actionsOf(buttonOf("x".repeat(75), { value: "v".repeat(2000), action_id: "a".repeat(255) })))).toEqual([]);
    expect(check(actionsOf(buttonOf("x".repeat(76))))).toEqual([
      "The button text at blocks[0].elements[0] is 76 characters long; Slack allows at most 75.",
    ]);
    expect(check(actionsOf(buttonOf("ok", { value: "v".repeat(2001) })))).toEqual([
      "The button value at blocks[0].elements[0] is 2001 characters long; Slack allows at most 2000.",
    ]);
    expect(check(actionsOf(buttonOf("ok", { action_id: "a".repeat(256) })))).toEqual([
      "The action_id at blocks[0].elements[0] (button) is 256 characters long; Slack allows at most 255.",
    ]);
  });

  it("limits block_id to 255 characters, on any block", () => {
    expect(check({ type: "divider", block_id: "b".repeat(256) })).toEqual([
      "The block_id at blocks[0] (divider) is 256 characters long; Slack allows at most 255.",
    ]);
  });

  it("limits actions blocks to 25 elements", () => {
    const elements = Array.from({ length: 26 }, (_, i) => buttonOf(`b${i}`, { action_id: `a${i}` }));
    expect(check({ type: "actions", elements })).toEqual(["The actions block at blocks[0] has 26 elements; Slack allows at most 25."]);
  });

  it("limits options wherever they are nested: text 75, value 150, 100 per select", () => {
    const select = (options: ReturnType<typeof option>[]): KnownBlock => ({
      type: "input",
      label: plain("Domains"),
      element: { type: "multi_static_select", action_id: "d", options },
    });
    expect(check(select([option("x".repeat(75), "v".repeat(150))]), "home")).toEqual([]);
    expect(check(select([option("x".repeat(76), "v")]), "home")).toEqual([
      "The option text at blocks[0].element.options[0] is 76 characters long; Slack allows at most 75.",
    ]);
    expect(check(select([option("x", "v".repeat(151))]), "home")).toEqual([
      "The option value at blocks[0].element.options[0] is 151 characters long; Slack allows at most 150.",
    ]);
    const many = Array.from({ length: 101 }, (_, i) => option(`o${i}`, `v${i}`));
    expect(check(select(many), "home")).toEqual([
      "The element at blocks[0].element (multi_static_select) has 101 options; Slack allows at most 100.",
    ]);
    const accessory: KnownBlock = { type: "section", text: md("Pick"), accessory: { type: "overflow", action_id: "o", options: [option("x".repeat(80), "v")] } };
    expect(check(accessory)).toEqual(["The option text at blocks[0].accessory.options[0] is 80 characters long; Slack allows at most 75."]);
  });

  it("limits input labels to 2000 characters and text inputs to 3000", () => {
    const input = (label: string, element: Record<string, unknown> = {}): KnownBlock => ({
      type: "input",
      label: plain(label),
      element: { type: "plain_text_input", action_id: "t", ...element },
    });
    expect(check(input("x".repeat(2001)), "home")).toEqual([
      "The input label at blocks[0] is 2001 characters long; Slack allows at most 2000.",
    ]);
    expect(check(input("ok", { max_length: 4000 }), "home")).toEqual([
      "The text input at blocks[0].element allows 4000 characters; Slack allows at most 3000.",
    ]);
    expect(check(input("ok", { max_length: 10, initial_value: "x".repeat(11) }), "home")).toEqual([
      "The initial value of the text input at blocks[0].element is 11 characters long; Slack allows at most 10.",
    ]);
  });

  it("limits a modal's title, submit and close to 24 characters", () => {
    const blocks: KnownBlock[] = [{ type: "input", label: plain("Reason"), element: { type: "plain_text_input", action_id: "r" } }];
    expect(checkBlockLimits({ blocks, title: plain("x".repeat(24)), submit: plain("Object"), close: plain("Cancel") }, "modal")).toEqual([]);
    expect(checkBlockLimits({ blocks, title: plain("x".repeat(25)), submit: plain("y".repeat(25)), close: plain("z".repeat(25)) }, "modal")).toEqual([
      "The modal title is 25 characters long; Slack allows at most 24.",
      "The modal submit button is 25 characters long; Slack allows at most 24.",
      "The modal close button is 25 characters long; Slack allows at most 24.",
    ]);
    expect(checkBlockLimits({ blocks }, "modal")).toEqual([
      "The modal has no title; Slack requires one.",
      "The modal has input blocks but no submit button; Slack requires one.",
    ]);
  });

  it("limits the top-level message text (the notification fallback) to 40000 characters", () => {
    expect(checkBlockLimits({ text: "x".repeat(40000) }, "message")).toEqual([]);
    expect(checkBlockLimits({ text: "x".repeat(40001) }, "message")).toEqual([
      "The message text (the notification fallback) is 40001 characters long; Slack allows at most 40000.",
    ]);
  });

  it("reports every violation, not only the first", () => {
    const blocks: KnownBlock[] = [
      sectionOf("x".repeat(3001)),
      { type: "header", text: plain("x".repeat(151)) },
      { type: "actions", elements: [buttonOf("x".repeat(76))] },
    ];
    expect(checkBlockLimits({ blocks }, "message")).toHaveLength(3);
  });

  it("checks private_metadata and callback_id", () => {
    expect(
      checkBlockLimits({ blocks: [], title: plain("T"), private_metadata: "m".repeat(3001), callback_id: "c".repeat(256) }, "modal"),
    ).toEqual([
      "The private_metadata is 3001 characters long; Slack allows at most 3000.",
      "The callback_id is 256 characters long; Slack allows at most 255.",
    ]);
  });
});
