import { describe, expect, it } from "vitest";
import { readVoteHistory } from "../../../src/core/consensus/vote-history.js";
import type { Repositories } from "../../../src/core/ports.js";
import type { AuditEvent, Member, Proposal, Vote } from "../../../src/core/types.js";

const fiona: Member = { id: 3, displayName: "Fiona", refs: ["slack:T1:UF", "teams:t1:af"] };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

/** The two repositories the history reads, holding the given audit events and members. */
function reposWith(events: readonly AuditEvent[], members: readonly Member[]): Repositories {
  return {
    audit: {
      forSubject: async (type: string, id: string, actions?: readonly string[]) =>
        events.filter((e) => e.subjectType === type && e.subjectId === id && (!actions || actions.includes(e.action))),
    },
    members: {
      findByRefs: async (refs: readonly string[]) =>
        new Map(refs.flatMap((ref) => members.filter((m) => m.refs.includes(ref)).map((m) => [ref, m] as const))),
    },
  } as unknown as Repositories;
}

const vote = (minute: number, actorRef: string, action: string, before: unknown, after: unknown): AuditEvent => ({
  at: at(minute),
  actorRef,
  action,
  subjectType: "proposal",
  subjectId: "7",
  ...(before ? { before } : {}),
  ...(after ? { after } : {}),
});

describe("a proposal's vote history", () => {
  const proposal = { id: 7 } as Proposal;

  it("finds each objection given up, from either of a member's identities, and not one that still stands", async () => {
    const repos = reposWith(
      [
        vote(0, "slack:T1:UF", "vote.cast", null, { position: "object", reason: "36 months", comment: null }),
        vote(5, "teams:t1:af", "vote.changed", { position: "object", reason: "36 months" }, { position: "object", reason: "48 months" }),
        vote(10, "slack:T1:UF", "vote.changed", { position: "object", reason: "48 months" }, { position: "abstain", reason: null }),
        vote(15, "slack:T1:UF", "vote.changed", { position: "abstain" }, { position: "object", reason: "again" }),
        vote(20, "slack:T1:UF", "vote.withdrawn", { position: "object", reason: "again" }, null),
        vote(25, "local:sven", "vote.cast", null, { position: "object", reason: "standing" }),
      ],
      [fiona],
    );
    const history = await readVoteHistory(repos, proposal, []);
    expect(history.changes.map((c) => [c.kind, c.voter?.displayName ?? c.voterRef, c.vote?.position ?? null])).toEqual([
      ["cast", "Fiona", "object"],
      ["changed", "Fiona", "object"],
      ["changed", "Fiona", "abstain"],
      ["changed", "Fiona", "object"],
      ["withdrawn", "Fiona", null],
      ["cast", "local:sven", "object"],
    ]);
    expect(history.withdrawnObjections).toEqual([
      { voterRef: "slack:T1:UF", voter: fiona, reason: "48 months", objectedAt: at(5), withdrawnAt: at(10), then: "abstain" },
      { voterRef: "slack:T1:UF", voter: fiona, reason: "again", objectedAt: at(15), withdrawnAt: at(20) },
    ]);
  });

  it("shows a current vote the audit knows nothing about as cast when it was", async () => {
    const stored: Vote = { member: fiona, position: "approve", reason: null, comment: "fine", castAt: at(3), updatedAt: at(3) };
    const history = await readVoteHistory(reposWith([], [fiona]), proposal, [stored]);
    expect(history.changes).toEqual([
      { at: at(3), voterRef: "slack:T1:UF", voter: fiona, kind: "cast", vote: { position: "approve", reason: null, comment: "fine" } },
    ]);
    expect(history.withdrawnObjections).toEqual([]);
  });
});
