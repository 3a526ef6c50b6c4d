import { beforeEach, expect, it } from "vitest";
import { castVote, importTerm, lookupTerm, openProposal, proposeMove, viewProposal, type CoreDeps } from "../../src/core/index.js";
import { runCommandText } from "../../src/commands/execute.js";
import { parseCommand } from "../../src/commands/parse.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";

/*
 * A term's place in the hierarchy changes only through a proposal: `move <term> under <term>` (or `to the top`)
 * opens one that keeps the agreed words, its affected domains decide it, and a move never supersedes a change of
 * definition on the same version. An admin proposes here, so every owner's vote counts.
 */

const admin = { ref: ADMIN };

describeEachDatabase("moving a term through a proposal", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock());
    await seedCustomerMesh(deps);
    await importTerm(deps, admin, { name: "Party", text: "Anyone we deal with.", ownerDomain: "sales" });
  });

  const approveByAll = async (proposalId: number) => {
    for (const owner of Object.values(MESH_OWNERS)) await castVote(deps, { ref: owner }, { proposalId, position: "approve" });
  };
  const parentOf = async (name: string) => {
    const found = await lookupTerm(deps, name);
    if (found.kind !== "found") throw new Error(`no ${name}`);
    return [found.details.parent?.name ?? null, found.details.term.currentVersion];
  };

  it("parses move under and move to the top, and reads other words after move as a lookup", () => {
    expect(parseCommand("move Net Revenue under Revenue")).toEqual({ ok: true, intent: { kind: "move", term: "Net Revenue", parent: "Revenue" } });
    expect(parseCommand("move Net Revenue to the top")).toEqual({ ok: true, intent: { kind: "move", term: "Net Revenue", parent: null } });
    expect(parseCommand("move order")).toMatchObject({ ok: true, intent: { kind: "lookup", term: "move order" } });
    expect(parseCommand("move Customer under")).toMatchObject({ ok: false, error: { code: "missing-argument" } });
  });

  it("opens a proposal that the affected domains decide; once agreed the term sits under the other, its version unchanged", async () => {
    const reply = await runCommandText(deps, { actor: admin, platform: "local" }, "move Customer under Party");
    expect(reply).toMatchObject({ kind: "proposal-opened" });
    const opened = reply.kind === "proposal-opened" ? reply.opened.proposal : undefined;
    expect(opened).toMatchObject({ kind: "amend", parentSlug: "party", text: "A person or company that has paid for at least one order." });
    expect((await viewProposal(deps, opened!.id)).placement).toEqual({ under: { slug: "party", name: "Party", agreed: true } });
    expect(await parentOf("Customer")).toEqual([null, 1]);
    await approveByAll(opened!.id);
    expect(await parentOf("Customer")).toEqual(["Party", 1]);

    const back = await proposeMove(deps, admin, { term: "Customer", parent: null });
    await approveByAll(back.proposal.id);
    expect(await parentOf("Customer")).toEqual([null, 1]);
  });

  it("refuses a move that changes nothing, puts a term under itself or makes a loop, writing nothing", async () => {
    const refused = (parent: string | null, term = "Customer") => proposeMove(deps, admin, { term, parent }).catch((e: unknown) => e);
    expect(await refused(null)).toMatchObject({ code: "invalid-input", message: "Customer is already at the top level; there is nothing to change." });
    expect(await refused("Customer")).toMatchObject({ code: "invalid-input", message: "Customer cannot sit under itself; name the term it belongs under." });
    expect(await refused("Nowhere")).toMatchObject({ code: "not-found" });
    const move = await proposeMove(deps, admin, { term: "Party", parent: "Customer" });
    // Party is Sales's alone: its owner's vote decides.
    await castVote(deps, { ref: MESH_OWNERS.sales }, { proposalId: move.proposal.id, position: "approve" });
    expect(await refused("Party")).toMatchObject({ code: "invalid-input", message: "Party sits under Customer, so Customer cannot go under it: that would make a loop." });
    expect(await refused("Customer", "Party")).toMatchObject({ code: "invalid-input", message: "Party is already under Customer; there is nothing to change." });
  });

  it("does not supersede an open change of definition when a move of the same version is agreed", async () => {
    const amend = await openProposal(deps, admin, { term: "Customer", text: "A person or company with a paid order in the last year." });
    const move = await proposeMove(deps, admin, { term: "Customer", parent: "Party" });
    await approveByAll(move.proposal.id);
    expect((await viewProposal(deps, amend.proposal.id)).proposal.status).toBe("open");
    await approveByAll(amend.proposal.id);
    expect(await parentOf("Customer")).toEqual(["Party", 2]);
  });
});
