import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/execute.js";
import { commandHelp } from "../../src/commands/help.js";
import { replyView, type Block, type MessageView } from "../../src/views/index.js";
import { ada, bob, carol, finance, links, NOW, pendingList, sales, support, term } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const view = (reply: Reply) => replyView(reply, { links, now: NOW }) as MessageView;
const shown = (reply: Reply) => read(view(reply));
const blocksOf = (v: MessageView, kind: Block["kind"]): Block[] => {
  const walk = (blocks: readonly Block[]): Block[] =>
    blocks.flatMap((b) => [...(b.kind === kind ? [b] : []), ...(b.kind === "group" ? walk(b.blocks) : b.kind === "list" ? walk(b.items) : [])]);
  return walk(v.blocks);
};

describe("pending proposals", () => {
  it("list each with its deadline, the caller's domains' positions, the text and the vote buttons", () => {
    const v = view({ kind: "pending", pending: pendingList(2) });
    expect(read(v)).toContain(
      [
        "2 proposals waiting on your domains, nearest deadline first:",
        "[#100 amend Term 0](https://concord.example.com/proposals/100): closes in 60 minutes (2026-03-02 10:00 UTC)",
        "Your domains: Sales ⏳ no position yet, Finance ✅ approves · you have voted (you can still change it)",
        "A person or company that has paid for at least one order in the last 12 months.",
        "[Approve] [Object] [Abstain]",
        "[#101 amend Term 1](https://concord.example.com/proposals/101): closes in 2 hours (2026-03-02 11:00 UTC)",
      ].join("\n"),
    );
    expect(read(v)).toContain("you have not voted");
    expect(blocksOf(v, "votes")).toEqual([
      { kind: "votes", proposalId: 100 },
      { kind: "votes", proposalId: 101 },
    ]);
    expect(v.summary).toBe("2 proposals waiting on your domains");
  });

  it("say when nothing is waiting", () => {
    expect(shown({ kind: "pending", pending: [] })).toBe("Nothing waits on your domains' votes right now. 🎉");
  });

  it("show the nearest fifteen and count the rest", () => {
    const text = shown({ kind: "pending", pending: pendingList(60) });
    expect(text).toContain("#114 amend Term 14");
    expect(text).not.toContain("#115 amend");
    expect(text).toContain("…and 45 more proposals, due later than these; send “pending” again once you have voted on these.");
  });
});

describe("domains", () => {
  it("are listed with their owners and home channels", () => {
    const text = shown({
      kind: "domains",
      domains: [
        { ...sales, owners: [ada, carol], channels: [{ platform: "slack", channelId: "C0SALES" }, { platform: "teams", channelId: "19:x" }] },
        { ...finance, owners: [], channels: [] },
      ],
    });
    expect(text).toBe(
      [
        "2 domains",
        "Sales (sales)\nOwners: Ada and Carol\nHome channel: a Slack channel and a Teams channel",
        "Finance (finance)\nOwners: no owners yet\nHome channel: none yet",
      ].join("\n"),
    );
    // The console has one channel: it is "the console's channel", never "a the … channel".
    const local = shown({ kind: "domains", domains: [{ ...sales, owners: [ada], channels: [{ platform: "local", channelId: "console" }] }] });
    expect(local).toContain("Home channel: the console's channel");
  });

  it("show forty, and say how to add the first one", () => {
    const domains = Array.from({ length: 60 }, (_, i) => ({ id: i, slug: `d${i}`, name: `Domain ${i}`, owners: [ada, bob], channels: [] }));
    expect(shown({ kind: "domains", domains })).toContain("…and 20 more domains.");
    expect(shown({ kind: "domains", domains: [] })).toBe("No domains yet. Add one by sending “domain add <slug> <name>”.");
  });
});

describe("confirmations", () => {
  it("of a new domain name the next steps", () => {
    expect(shown({ kind: "domain-added", domain: sales })).toBe(
      "✅ Added the domain Sales (sales). Next: name its owners with “domain owners sales add @someone”, and send “domain channel sales” in its home channel.",
    );
  });

  it("of owner changes say when nothing changed, and list the owners", () => {
    const change = (action: "add" | "remove", changed: boolean, owner = bob) =>
      shown({ kind: "owner-changed", result: { domain: sales, owner, action, changed, owners: [ada, bob] } });
    expect(change("add", true)).toBe("✅ Bob is now an owner of Sales.\nOwners: Ada and Bob");
    expect(change("add", false)).toContain("Bob already owns Sales; nothing changed.");
    expect(change("remove", true)).toContain("✅ Bob is no longer an owner of Sales.");
    expect(change("remove", false, carol)).toContain("Carol was not an owner of Sales; nothing changed.");
  });

  it("of a home channel name the one it replaces", () => {
    expect(shown({ kind: "channel-set", domain: sales, platform: "teams", previous: undefined })).toBe(
      "✅ This channel is now the home of Sales: proposals affecting it are announced here.",
    );
    expect(shown({ kind: "channel-set", domain: sales, platform: "teams", previous: "19:old@thread.tacv2" })).toContain("It replaces the previous home channel.");
  });

  it("of a governance channel say what is posted there, and name the one it replaces", () => {
    const set = (previous: string | undefined, openProposals: number) =>
      shown({ kind: "governance-channel-set", result: { platform: "teams", channelId: "19:gov@thread.tacv2", previous, openProposals } });
    expect(set(undefined, 0)).toBe(
      "✅ This channel is now the governance channel: every proposal is posted here as a card to vote on, updated as votes arrive.",
    );
    expect(set("19:old@thread.tacv2", 2)).toContain("2 open proposals will be posted here too. It replaces the previous governance channel.");
    expect(set("19:gov@thread.tacv2", 1)).not.toContain("replaces");
  });

  it("of a subscription say what changed", () => {
    const sub = (added: boolean, domain = support) => shown({ kind: "subscribed", result: { term: term(), domain, added } });
    expect(sub(true)).toBe("✅ Support now consumes [Customer](https://concord.example.com/terms/customer); its owners vote on future changes to it.");
    expect(sub(false, sales)).toBe("Sales owns [Customer](https://concord.example.com/terms/customer), so its owners already vote on every change to it.");
    expect(sub(false)).toContain("Support already consumes");
  });
});

describe("help", () => {
  it("lists every command with its usage and an example", () => {
    const v = view({ kind: "help", entries: commandHelp });
    const text = read(v);
    for (const entry of commandHelp) {
      expect(text).toContain(`${entry.command}: ${entry.summary}\n${entry.usage}\nExample: “${entry.example}”`);
    }
    expect(text).toContain("propose <term> [for <domain>] [= <definition>]");
    expect(v.summary).toBe("Concord commands");
  });

  it("on a topic shows that command only, and how to see every command", () => {
    const topic = commandHelp.find((h) => h.command === "variant")!;
    const v = view({ kind: "help", entries: commandHelp, topic });
    expect(read(v)).toBe(`variant: ${topic.summary}\n${topic.usage}\nExample: “${topic.example}”\nSend “help” for every command with an example.`);
    expect(v.summary).toBe(`variant: ${topic.summary}`);
  });

  it("on a word that is no command says there is no such topic and lists the topics", () => {
    const v = view({ kind: "help", entries: commandHelp, unknownTopic: "frobnicate" });
    const text = read(v);
    expect(text.split("\n")[0]).toBe("⚠️ There is no help topic frobnicate.");
    expect(text).toContain(`The topics are the commands: ${commandHelp.slice(0, -1).map((h) => h.command).join(", ")} and help.`);
    expect(text).not.toContain(commandHelp[0]!.summary);
    expect(v.summary).toBe("There is no help topic “frobnicate”.");
  });
});

describe("errors", () => {
  it("say what went wrong, with the usage of the command", () => {
    const v = view({ kind: "error", message: "Which term?", usage: "history <term>" });
    expect(read(v)).toBe("⚠️ Which term?\nUsage:\nhistory <term>");
    expect(v.summary).toBe("Which term?");
  });

  it("set a quoted command apart as code, on every face, and keep the rest as typed", () => {
    const v = view({ kind: "error", message: "Run `domain channel <slug>` in the channel." });
    const [block] = v.blocks as Block[];
    expect(block).toMatchObject({ kind: "text", text: expect.arrayContaining([{ kind: "marked", mark: "code", content: [expect.objectContaining({ text: "domain channel <slug>" })] }]) });
    expect(v.summary).toBe("Run `domain channel <slug>` in the channel.");
  });
});
