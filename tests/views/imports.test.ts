import { describe, expect, it } from "vitest";
import type { AffectedDomain, ImportChange, ImportedProposalEntry, ImportView, ProposalStatus } from "../../src/core/index.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { toSlackMessage } from "../../src/slack/blocks/convert.js";
import { toAdaptiveCard } from "../../src/teams/cards/convert.js";
import { importClosedView, importOpenedView } from "../../src/views/index.js";
import { toConsoleHtml } from "../../src/web/console/render.js";
import { validateCard } from "../teams/cards/validate.js";
import { ada, finance, HOUR, links, NOW, proposal, sales, support } from "../fixtures/chat-views.js";
import { read } from "./read.js";

const BASE = "https://concord.example.com";
const ctx = { links, now: NOW };
const withOwners = (domain: typeof sales, owning: boolean): AffectedDomain => ({ ...domain, owners: [ada], owning });

const CHANGES: readonly ImportChange[] = ["new-term", "definition", "deprecation", "parent"];

/** An import of `count` proposals: Sales owns the even ones, Finance the odd ones, and every third Support consumes. */
function importView(count: number, options: { status?: (i: number) => ProposalStatus; name?: (i: number) => string } = {}): ImportView {
  const proposals: ImportedProposalEntry[] = Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const change = CHANGES[k % CHANGES.length]!;
    const status = options.status?.(i) ?? "open";
    const name = options.name?.(i) ?? `Imported Term ${i}`;
    return {
      proposal: proposal({
        id: 100 + i,
        kind: change === "new-term" ? "create" : change === "deprecation" ? "deprecate" : "amend",
        termName: name,
        termSlug: `imported-term-${i}`,
        status,
        resultVersion: status === "approved" && change !== "parent" ? 2 : null,
        deadline: new Date(NOW.getTime() + 72 * HOUR),
        importId: 7,
      }),
      change,
      domains: [withOwners(i % 2 === 0 ? sales : finance, true), ...(i % 3 === 0 ? [withOwners(support, false)] : [])],
    };
  });
  const changes = { "new-term": 0, definition: 0, deprecation: 0, parent: 0 };
  const statuses = { open: 0, approved: 0, rejected: 0, expired: 0, superseded: 0, withdrawn: 0 };
  for (const entry of proposals) {
    changes[entry.change] += 1;
    statuses[entry.proposal.status] += 1;
  }
  return {
    record: { id: 7, actorRef: "slack:T0001:U0ADA", fileName: "glossary.csv", format: "openmetadata-csv", counts: {}, at: NOW },
    importer: ada,
    proposals,
    changes,
    statuses,
    deadline: new Date(NOW.getTime() + 72 * HOUR),
  };
}

/** Every face's rendering of a view is within its platform's limits. */
function expectWithinLimits(view: ReturnType<typeof importOpenedView>) {
  expect(checkBlockLimits(toSlackMessage(view), "message")).toEqual([]);
  expect(validateCard(toAdaptiveCard(view))).toEqual([]);
  expect(toConsoleHtml(view)).toContain("glossary.csv");
}

describe("an import's notice", () => {
  it("says who imported which file, what its proposals change, until when owners vote, the first ten and how to vote", () => {
    const text = read(importOpenedView(importView(12), ctx));
    expect(text.split("\n")).toEqual([
      "Glossary import: 12 proposals to vote on",
      "🗳️ Ada imported glossary.csv (openmetadata-csv) on 2026-03-02 09:00 UTC: it opened 12 proposals (3 new terms, 3 changed definitions, 3 deprecations and 3 parent moves).",
      "The owners of each proposal's affected domains vote on them as on any proposal, until 2026-03-05 09:00 UTC (in 3 days).",
      `• [#101 Imported Term 1](${BASE}/proposals/101): new term · Finance`,
      `• [#102 Imported Term 2](${BASE}/proposals/102): changed definition · Sales`,
      `• [#103 Imported Term 3](${BASE}/proposals/103): deprecation · Finance, Support`,
      `• [#104 Imported Term 4](${BASE}/proposals/104): parent move · Sales`,
      `• [#105 Imported Term 5](${BASE}/proposals/105): new term · Finance`,
      `• [#106 Imported Term 6](${BASE}/proposals/106): changed definition · Sales, Support`,
      `• [#107 Imported Term 7](${BASE}/proposals/107): deprecation · Finance`,
      `• [#108 Imported Term 8](${BASE}/proposals/108): parent move · Sales`,
      `• [#109 Imported Term 9](${BASE}/proposals/109): new term · Finance, Support`,
      `• [#110 Imported Term 10](${BASE}/proposals/110): changed definition · Sales`,
      "…and 2 more.",
      "To vote, send “pending”: it lists the proposals waiting on your domains, each with its Approve, Object and Abstain buttons. Each proposal's page shows it in full.",
    ]);
  });

  it("in a domain's home lists only the proposals its owners vote on, naming the other domains that vote too", () => {
    const view = importOpenedView(importView(12), ctx, support);
    const text = read(view);
    expect(text).toContain("Support: 4 proposals from a glossary import");
    expect(text).toContain("glossary.csv (openmetadata-csv) on 2026-03-02 09:00 UTC: 4 of its proposals affect Support (1 new term, 1 changed definition, 1 deprecation and 1 parent move).");
    expect(text).toContain("Support's owners vote on them as on any proposal, until 2026-03-05 09:00 UTC");
    expect(text).toContain(`• [#103 Imported Term 3](${BASE}/proposals/103): deprecation · also Finance`);
    expect(text).not.toContain("#101 ");
    expect(text).not.toContain("more.");
    expect(view.summary).toBe("Support: 4 proposals from the import of glossary.csv to vote on");
  });

  it("stays within Block Kit and Adaptive Card 1.5 limits for thousands of proposals with long names", () => {
    const long = (i: number) => `${"Quarterly Net Recurring Revenue Adjusted For Churn ".repeat(4)}${i}`.slice(0, 200);
    const view = importOpenedView(importView(5_000, { name: long }), ctx);
    expect(read(view)).toContain("…and 4990 more.");
    expectWithinLimits(view);
    expectWithinLimits(importOpenedView(importView(5_000, { name: long }), ctx, sales));
    expectWithinLimits(importClosedView(importView(5_000, { name: long, status: () => "approved" }), ctx));
  });
});

describe("an import's outcome", () => {
  const closed = (i: number): ProposalStatus => (i === 1 ? "rejected" : i === 2 ? "expired" : i === 3 ? "withdrawn" : i === 5 ? "superseded" : "approved");

  it("counts how its proposals closed and lists the terms agreed, linked to their pages", () => {
    const text = read(importClosedView(importView(16, { status: closed }), ctx));
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Glossary import decided",
      "✅ Every proposal from Ada's import of glossary.csv is closed: of 16 proposals, 12 approved, 1 rejected, 1 expired, 1 withdrawn and 1 superseded.",
      "Agreed (12)",
    ]);
    expect(text).toContain(`• [Imported Term 4](${BASE}/terms/imported-term-4): moved under another parent`);
    expect(text).toContain(`• [Imported Term 6](${BASE}/terms/imported-term-6) → version 2`);
    expect(text).toContain(`• [Imported Term 7](${BASE}/terms/imported-term-7): deprecated`);
    expect(text).toContain("…and 2 more.");
  });

  it("in a domain's home counts only its proposals, and says so when nothing was agreed", () => {
    const text = read(importClosedView(importView(4, { status: () => "expired" }), ctx, sales));
    expect(text).toContain("Sales: the glossary import is decided");
    expect(text).toContain("💤 Every proposal from Ada's import of glossary.csv affecting Sales is closed: of 2 proposals, 2 expired.");
    expect(text).toContain("Nothing from this import was agreed; the glossary is as it was.");
  });
});
