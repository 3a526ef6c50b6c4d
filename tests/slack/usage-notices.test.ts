import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { ingestDbt, setDomainChannel } from "../../src/core/index.js";
import { chatPosts, outboxEvents } from "../../src/db/schema/index.js";
import { changedSupportProject, ingestSupportChange, seedDbtGlossary } from "../fixtures/dbt.js";
import { ADMIN, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "./support/fake-slack.js";
import { GOVERNANCE, ADMIN as SLACK_ADMIN, slackTestConfig, TEAM } from "./support/settings.js";

const SUPPORT_HOME = "C0SUPPORTHOME";

/*
 * A domain's dbt project changing a linked description so that it says something else than the agreed definition is
 * posted once in the domain's home channel and once in the governance channel, with the buttons to act on it; the
 * same event delivered again, or the same manifest ingested again, posts nothing more.
 */
describeEachDatabase("a changed data product announced in Slack", (database) => {
  let fake: FakeSlack;
  let concord: Concord;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    fake = await startFakeSlack();
    const port = await freePort();
    // The glossary is seeded as the console's admin would; Slack's admin stays one too.
    const admins = { ADMIN_USERS: `slack:${TEAM}:${SLACK_ADMIN},${ADMIN}` };
    concord = await startConcord(slackTestConfig(port, fake.apiUrl, admins), createMemoryLogger(), { database: database().opened, clock, schedule: false });
  });

  afterEach(async () => {
    await concord.stop();
    await fake.close();
  });

  const dispatchAll = async () => {
    while ((await concord.dispatcher.dispatchOnce()).more);
  };
  const posts = (since: number) => fake.calls.slice(since).filter((c) => c.method === "chat.postMessage");
  const said = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks ?? "");

  it("posts one notice in the domain's home and one in the governance channel, with the three buttons, and no more", async () => {
    const deps = concord.deps;
    await seedDbtGlossary(deps);
    await setDomainChannel(deps, { ref: ADMIN }, { slug: "support", platform: "slack", channelId: SUPPORT_HOME });
    const before = fake.calls.length;
    await ingestSupportChange(deps, clock);
    await dispatchAll();

    const posted = posts(before);
    expect(posted.map((c) => c.args.channel).sort()).toEqual([GOVERNANCE, SUPPORT_HOME].sort());
    for (const call of posted) {
      const text = said(call);
      expect(text).toContain("support_analytics");
      expect(text).toContain("model.customers.active_customer");
      expect(text).toContain("changes the window: 90 → 30 days");
      expect(text).toContain("Propose this as the shared definition");
      expect(text).toContain("Record as our variant");
      expect(text).toContain("The link is wrong");
    }
    const ledger = await database().db.select().from(chatPosts).where(eq(chatPosts.platform, "slack"));
    expect(ledger.filter((p) => p.purpose.startsWith("usage-changed:")).map((p) => p.channelId).sort()).toEqual([GOVERNANCE, SUPPORT_HOME].sort());

    // The same event delivered again (a replica's repair) and the same manifest ingested again post nothing more.
    const [event] = await database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "usage.changed"));
    const payload = event!.payload as { usageId: number; ingestId: number };
    await deps.store.transaction((repos) => repos.outbox.enqueue({ kind: "usage.changed", payload }, clock.now()));
    clock.advance(24 * 3_600_000);
    await ingestDbt(deps, { ref: MESH_OWNERS.support }, { domain: "support", project: changedSupportProject() });
    await dispatchAll();
    expect(posts(before)).toHaveLength(2);
  }, 60_000);
});
