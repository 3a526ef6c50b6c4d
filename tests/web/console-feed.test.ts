import { beforeEach, expect, it } from "vitest";
import { addDomain, changeDomainOwner, createDispatcher, openProposal, type CoreDeps } from "../../src/core/index.js";
import { buildFeed } from "../../src/web/console/feed.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, TEST_DESTINATIONS } from "../support/databases.js";

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const sales = { ref: "local:sally" };

describeEachDatabase("the console's channel", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock());
    await addDomain(deps, { ref: ADMIN }, { slug: "sales", name: "Sales" });
    await changeDomainOwner(deps, { ref: ADMIN }, { slug: "sales", action: "add", owner: sales.ref });
  });

  it("shows the latest 30 messages, newest last, however long its history", async () => {
    for (let i = 1; i <= 35; i++) await openProposal(deps, sales, { term: `Feed Term ${i}`, text: `Definition number ${i}.` });
    const notifier = { destination: TEST_DESTINATIONS[0]!, deliver: async () => {} };
    const dispatcher = createDispatcher({ queue: deps.store.outboxQueue, notifiers: [notifier], clock: deps.clock, logger: silentLogger });
    while ((await dispatcher.dispatchOnce()).delivered > 0);

    const feed = await buildFeed(deps, createLinks("https://concord.example.com"), TEST_DESTINATIONS[0]!, undefined);
    expect(feed.channel.map((m) => m.id)).toEqual(Array.from({ length: 30 }, (_, k) => `proposal-${k + 6}`));
    expect(feed.channel.at(-1)!.html).toContain("Feed Term 35");
  });
});
