import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/execute.js";
import { diffWords } from "../../src/core/text/index.js";
import { replyView, type MessageView } from "../../src/views/index.js";
import { ada, bob, carol, links, NOW, searchHits, support, term, version, words } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const view = (reply: Reply) => replyView(reply, { links, now: NOW }) as MessageView;
const shown = (reply: Reply) => read(view(reply));

describe("search results", () => {
  it("rank hits best first with what they matched on, a linked name and a snippet", () => {
    const text = shown({ kind: "search", result: { query: "churn", hits: searchHits(3) } });
    expect(text).toContain("3 terms matching churn, best first:");
    expect(text).toContain("1. [Churn Rate 0](https://concord.example.com/terms/churn-rate-0) · matched on name");
    expect(text).toContain("2. [Churn Rate 1](https://concord.example.com/terms/churn-rate-1) (deprecated) · matched on alias");
    expect(text).toContain("3. [Churn Rate 2](https://concord.example.com/terms/churn-rate-2) · matched on definition");
    expect(text).toContain("Customers who cancelled this month");
  });

  it("say when nothing matches, and how to propose it", () => {
    expect(shown({ kind: "search", result: { query: "zzz", hits: [] } })).toBe("Nothing in the glossary matches zzz. Try fewer words, or “propose zzz”.");
  });

  it("show twenty hits, snippets cut with a link, and count the rest", () => {
    const text = shown({ kind: "search", result: { query: "churn", hits: searchHits(200, words(4000)) } });
    expect(text).toContain("20. [Churn Rate 19]");
    expect(text).not.toContain("21. ");
    expect(text).toContain("… [Read the full definition](https://concord.example.com/terms/churn-rate-0)");
    expect(text).toContain("…and 180 more matches; add words to narrow the search.");
  });
});

describe("a term's history", () => {
  const history = (count: number, text: (i: number) => string): Reply => {
    const versions = Array.from({ length: count }, (_, i) =>
      version({ version: i + 1, text: text(i), proposalId: i === 0 ? null : 100 + i, proposedBy: i % 2 ? ada : null }),
    );
    const entries = versions.map((v, i) => (i === 0 ? { version: v } : { version: v, diff: diffWords(versions[i - 1]!.text, v.text) })).reverse();
    return { kind: "history", history: { term: term(), entries } };
  };

  it("lists versions newest first with who, when and the words that changed", () => {
    const v1 = version({ version: 1, text: "Anyone who paid us.", proposedBy: carol, proposalId: null });
    const v2 = version({ version: 2, text: "Anyone who paid us in the last 24 months.", proposedBy: bob, proposalId: 4 });
    const v = view({ kind: "history", history: { term: term(), entries: [{ version: v2, diff: diffWords(v1.text, v2.text) }, { version: v1 }] } });
    expect(read(v).split("\n")).toEqual([
      "History of Customer",
      "Version 2: agreed 2026-02-20 10:00 UTC by Bob · [proposal #4](https://concord.example.com/proposals/4)",
      "Anyone who paid us {+in the last 24 months+}.",
      "Version 1: agreed 2026-02-20 10:00 UTC by Carol",
      "Anyone who paid us.",
      "(how changes are marked) Each version is compared with the one before.",
      "[Open the history page](https://concord.example.com/terms/customer/history)",
    ]);
    expect(v.summary).toBe("History of Customer: 2 versions");
  });

  it("marks removed and added words of a replacement", () => {
    expect(shown(history(2, (i) => `paid in the last ${i === 0 ? 24 : 12} months`))).toContain("paid in the last [-24-]{+12+} months");
  });

  it("shows ten versions, each cut with a link to the history page, and counts the older ones", () => {
    const text = shown(history(30, (i) => words(4000, i % 2 ? "gross revenue net" : "net margin gross")));
    expect(text).toContain("Version 30:");
    expect(text).not.toContain("Version 20:");
    expect(text).toContain("… [Read the full history](https://concord.example.com/terms/customer/history)");
    expect(text).toContain("…and 20 older versions on [the history page](https://concord.example.com/terms/customer/history).");
  });
});

describe("a recorded variant", () => {
  const recorded = (overrides: { stale?: boolean; replaced?: boolean; text?: string } = {}): Reply => ({
    kind: "variant",
    recorded: {
      term: term(),
      agreed: version(),
      replaced: overrides.replaced ?? true,
      drift: {
        variant: { domain: support, text: overrides.text ?? "Anyone who opened a support ticket.", baseVersion: overrides.stale ? 2 : 3, updatedBy: bob, updatedAt: NOW },
        score: 0.7312,
        level: "major",
        stale: overrides.stale ?? false,
      },
    },
  });

  it("reports its drift from the agreed definition, with both texts", () => {
    const v = view(recorded());
    expect(read(v)).toContain(
      "Updated Support's variant of [Customer](https://concord.example.com/terms/customer): it drifts 73% (major) from the agreed definition (version 3).",
    );
    expect(read(v)).toContain("Support's variant\nAnyone who opened a support ticket.");
    expect(read(v)).toContain("Agreed definition\nA person or company that has paid");
    expect(read(v)).not.toContain("Stale");
    expect(v.summary).toBe("Updated Support's variant of Customer: 73% drift (major).");
  });

  it("warns when it was written against an older version, and says Recorded for a new one", () => {
    const text = shown(recorded({ stale: true, replaced: false }));
    expect(text).toContain("Recorded Support's variant");
    expect(text).toContain("⚠️ Stale: written against v2; the agreed definition is v3.");
  });
});
