import { and, count, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { runAction } from "../../src/commands/actions.js";
import { openProposal, sweepProposals, type CoreDeps } from "../../src/core/index.js";
import type { Store } from "../../src/core/ports.js";
import { auditEvents, outboxEvents, proposals, votes } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger } from "../support/eventually.js";

const admin = { ref: ADMIN };
const sales = { ref: "local:sally" };
const support = { ref: "local:sven" };
const finance = { ref: "local:fiona" };

/**
 * The store with a switch that makes its outbox refuse to queue inside transactions, as a database that fails
 * between a vote's commit and its settlement would: the vote is written, the settlement (which always queues a
 * tally update or a decision) fails.
 */
function withOutboxSwitch(store: Store): { store: Store; down: { on: boolean } } {
  const down = { on: false };
  return {
    down,
    store: {
      ...store,
      transaction: (work) =>
        store.transaction((repos) =>
          work(
            down.on
              ? {
                  ...repos,
                  outbox: {
                    ...repos.outbox,
                    enqueue: async () => {
                      throw new Error("the outbox cannot be written (connection lost)");
                    },
                  },
                }
              : repos,
          ),
        ),
    },
  };
}

describeEachDatabase("a vote stored but not settled", (database) => {
  let deps: CoreDeps;
  let down: { on: boolean };
  let logger: ReturnType<typeof createMemoryLogger>;
  let proposalId: number;

  beforeEach(async () => {
    logger = createMemoryLogger();
    const switched = withOutboxSwitch(database().store);
    down = switched.down;
    deps = { ...coreDeps(database(), createManualClock()), store: switched.store, logger };
    await seedCustomerMesh(deps);
    ({
      proposal: { id: proposalId },
    } = await openProposal(deps, { ref: "local:proposer" }, { term: "Customer", text: "A person or company that has paid in the last 24 months." }));
  });

  const vote = (actor: { ref: string }) => runAction(deps, actor, { concord: "vote", proposalId, position: "approve" });

  async function storedPositions(): Promise<Record<string, string>> {
    const rows = await database().db.select().from(votes).where(eq(votes.proposalId, proposalId));
    return Object.fromEntries(rows.map((r) => [r.voterRef, r.position]));
  }

  it("answers the deciding vote as recorded, logs the failure with its stack, and the sweep takes the decision", async () => {
    await vote(support);
    await vote(finance);
    down.on = true;
    expect(await vote(sales)).toEqual({ kind: "text", text: "Recorded your approve on proposal #1 on Customer. It counts for Sales." });
    expect(await storedPositions()).toEqual({ [support.ref]: "approve", [finance.ref]: "approve", [sales.ref]: "approve" });
    const [open] = await database().db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(open!.status).toBe("open");
    const failure = logger.lines.find((line) => line.level === "error");
    expect(failure?.fields).toMatchObject({ proposal: proposalId });
    const error = failure?.fields?.error as Error;
    expect(error.stack).toMatch(/the outbox cannot be written[\s\S]*\n\s+at /);

    down.on = false;
    const report = await sweepProposals(deps);
    expect(report.decided.map((d) => [d.proposalId, d.status])).toEqual([[proposalId, "approved"]]);
    const [decided] = await database().db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(decided).toMatchObject({ status: "approved", resultVersion: 2 });
    // Decided once, in the name of the vote that made the decision.
    const approvals = await database()
      .db.select({ actor: auditEvents.actorRef })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "proposal.approved"), eq(auditEvents.subjectId, String(proposalId))));
    expect(approvals).toEqual([{ actor: sales.ref }]);
    expect((await sweepProposals(deps)).decided).toEqual([]);
  });

  it("answers a vote that decides nothing as recorded, and the sweep queues the tally update its messages missed", async () => {
    const tallies = async () =>
      (
        await database()
          .db.select({ n: count() })
          .from(outboxEvents)
          .where(and(eq(outboxEvents.kind, "proposal.tally"), eq(outboxEvents.proposalId, proposalId)))
      )[0]!.n;
    down.on = true;
    const [first, second] = await Promise.all([vote(support), vote(finance)]);
    expect(first).toEqual({ kind: "text", text: "Recorded your approve on proposal #1 on Customer. It counts for Support." });
    expect(second).toEqual({ kind: "text", text: "Recorded your approve on proposal #1 on Customer. It counts for Finance." });
    expect(await storedPositions()).toEqual({ [support.ref]: "approve", [finance.ref]: "approve" });
    expect(await tallies()).toBe(0);

    // While the outbox still fails, the sweep keeps the proposal for the next one.
    await expect(sweepProposals(deps)).resolves.toMatchObject({ decided: [] });
    expect(await tallies()).toBe(0);
    down.on = false;
    await sweepProposals(deps);
    expect(await tallies()).toBe(1);
    // Settled once: a later sweep has nothing more to announce.
    await sweepProposals(deps);
    expect(await tallies()).toBe(1);
    const [row] = await database().db.select().from(proposals).where(eq(proposals.id, proposalId));
    expect(row!.status).toBe("open");
  });

  it("leaves nothing for the sweep when a later vote's settlement succeeds", async () => {
    const tallies = async () =>
      (
        await database()
          .db.select({ n: count() })
          .from(outboxEvents)
          .where(and(eq(outboxEvents.kind, "proposal.tally"), eq(outboxEvents.proposalId, proposalId)))
      )[0]!.n;
    down.on = true;
    await vote(support);
    down.on = false;
    // The next vote's settlement counts both votes and queues the tally update the first one missed.
    await vote(finance);
    expect(await tallies()).toBe(1);
    await sweepProposals(deps);
    expect(await tallies()).toBe(1);
  });
});
