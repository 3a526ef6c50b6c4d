import { beforeEach, expect, it } from "vitest";
import { addDomain, castVote, changeDomainOwner, createDispatcher, openProposal, type CoreDeps } from "../../src/core/index.js";
import { buildFeed } from "../../src/web/console/feed.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { importTerms, seedAgreedGlossary } from "../fixtures/imports.js";
import { describeEachDatabase, TEST_DESTINATIONS } from "../support/databases.js";

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const sally = { ref: "local:sally" } as const;

describeEachDatabase("an import in the console's channel", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock());
    await addDomain(deps, { ref: ADMIN }, { slug: "sales", name: "Sales" });
    await changeDomainOwner(deps, { ref: ADMIN }, { slug: "sales", action: "add", owner: sally.ref });
  });

  async function deliverAll() {
    const notifier = { destination: TEST_DESTINATIONS[0]!, deliver: async () => {} };
    const dispatcher = createDispatcher({ queue: deps.store.outboxQueue, notifiers: [notifier], clock: deps.clock, logger: silentLogger });
    while ((await dispatcher.dispatchOnce()).delivered > 0);
  }
  const feed = () => buildFeed(deps, createLinks("https://concord.example.com"), TEST_DESTINATIONS[0]!, sally.ref);

  it("is one message when it opens its proposals and one when the last closes, with no message per proposal", async () => {
    await seedAgreedGlossary(deps, { ref: ADMIN });
    await openProposal(deps, sally, { term: "Customer", text: "A person or company that has paid for an order." });
    const terms = Array.from({ length: 12 }, (_, i) => ({ name: `Imported Term ${i + 1}`, text: `Imported definition ${i + 1}.`, owner: "sales" }));
    await importTerms(deps, { ref: ADMIN }, "sales.csv", terms);
    await deliverAll();

    const opened = await feed();
    expect(opened.channel.map((m) => m.id.replace(/-\d+$/, ""))).toEqual(["proposal", "import.opened"]);
    expect(opened.channel[1]!.html).toContain("Glossary import: 12 proposals to vote on");
    expect(opened.channel[1]!.html).toContain("sales.csv");
    expect(opened.channel[1]!.html).not.toContain("Imported Term 11");

    for (let id = 2; id <= 13; id++) await castVote(deps, sally, { proposalId: id, position: "approve" });
    await deliverAll();

    const closed = await feed();
    expect(closed.channel.map((m) => m.id.replace(/-\d+$/, ""))).toEqual(["proposal", "import.opened", "import.closed"]);
    expect(closed.channel[2]!.html).toContain("Glossary import decided");
    expect(closed.channel[2]!.html).toContain("Agreed");
    expect(closed.channel.every((m) => m.thread.length === 0)).toBe(true);
    expect(closed.direct).toEqual([]);
  });
});
