import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, commandHelp, helpFor, parseCommand, suggestCommand, type CommandName } from "../../../src/commands/index.js";

describe("commandHelp", () => {
  it("has exactly one entry per command", () => {
    expect(commandHelp.map((entry) => entry.command).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(commandHelp.map((entry) => [entry.command, entry] as const))("%s: its example parses to that command", (command, entry) => {
    expect(entry.usage.toLowerCase().startsWith(command)).toBe(true);
    expect(entry.summary.length).toBeGreaterThan(20);
    const result = parseCommand(entry.example);
    expect(result.ok).toBe(true);
    const kind = result.ok ? result.intent.kind : undefined;
    const expected: Record<CommandName, string> = {
      help: "help",
      define: "lookup",
      search: "search",
      propose: "propose",
      history: "history",
      variant: "variant",
      pending: "pending",
      governance: "governance-channel",
      subscribe: "subscribe",
      domain: "domain-owners",
      deprecate: "deprecate",
      withdraw: "withdraw",
      alias: "alias",
      relate: "relate",
      unrelate: "unrelate",
      move: "move",
      policy: "policy",
      links: "links",
      token: "token-new",
      digest: "digest",
    };
    expect(kind).toBe(expected[command]);
  });

  it("every domain usage line is a form that parses", () => {
    expect(parseCommand("domain list").ok).toBe(true);
    expect(parseCommand("domain owners sales")).toEqual({ ok: true, intent: { kind: "domain-owners-list", slug: "sales" } });
    expect(helpFor("domain").usage.split("\n")).toHaveLength(5);
  });
});

describe("suggestCommand", () => {
  it.each<[string, CommandName | undefined]>([
    ["serch", "search"],
    ["SERCH", "search"],
    ["propse", "propose"],
    ["porpose", "propose"],
    ["histroy", "history"],
    ["varient", "variant"],
    ["pendng", "pending"],
    ["subscibe", "subscribe"],
    ["domian", "domain"],
    ["domains", "domain"],
    ["deprecat", "deprecate"],
    ["digets", "digest"],
    ["hlep", "help"],
    ["defne", "define"],
    ["search", "search"],
    ["customer", undefined],
    ["revenue", undefined],
    ["", undefined],
    ["xyzzy", undefined],
  ])("%j → %s", (word, command) => {
    expect(suggestCommand(word)).toBe(command);
  });

  it("prefers the closest command", () => {
    // "defin" is one edit from "define" and more from anything else.
    expect(suggestCommand("defin")).toBe("define");
  });
});
