import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Concord } from "../../src/app.js";
import { ingestDbt } from "../../src/core/index.js";
import { chatPosts, outboxEvents } from "../../src/db/schema/index.js";
import { changedSupportProject, ingestSupportChange, seedDbtGlossary } from "../fixtures/dbt.js";
import { ADMIN, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { eventually } from "../support/eventually.js";
import { startTeamsConcord, stopTeamsConcord } from "./support/concord.js";
import { messageActivity, TENANT, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const admin: TeamsUser = { name: "Ada Admin", aad: "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}` as const;
const GOVERNANCE = "19:data-governance@thread.tacv2";
const SUPPORT_HOME = "19:support-home@thread.tacv2";

/*
 * A domain's dbt project changing a linked description so that it says something else than the agreed definition is
 * posted as one card in the domain's home channel and one in the governance channel, with the buttons to act on it;
 * the same event delivered again, or the same manifest ingested again, posts nothing more.
 */
describeEachDatabase("a changed data product announced in Teams", (database) => {
  let connector: FakeConnector;
  let concord: Concord;
  let base: string;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    // The glossary is seeded as the console's admin would; the Teams admin sets the channels.
    ({ connector, concord, base } = await startTeamsConcord(database().opened, { admins: `${ref(admin)},${ADMIN}`, clock }));
  });

  afterEach(() => stopTeamsConcord({ connector, concord, base }));

  async function say(channel: string, text: string) {
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user: admin, conversation: { id: channel, type: "channel" }, text })),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === channel);
      if (replies.length === 0) throw new Error(`no reply to ${text} yet`);
      return replies.map((r) => JSON.stringify(r.activity)).join("\n");
    });
  }

  const dispatchAll = async () => {
    while ((await concord.dispatcher.dispatchOnce()).more);
  };

  it("posts one card in the domain's home and one in the governance channel, with the three buttons, and no more", async () => {
    const deps = concord.deps;
    await seedDbtGlossary(deps);
    expect(await say(GOVERNANCE, "governance channel")).toContain("now the governance channel");
    expect(await say(SUPPORT_HOME, "domain channel support")).toContain("home");
    const before = connector.calls.length;
    await ingestSupportChange(deps, clock);
    await dispatchAll();

    const posted = connector.calls.slice(before).filter((c) => c.verb === "POST");
    expect(posted.map((c) => c.conversationId).sort()).toEqual([GOVERNANCE, SUPPORT_HOME].sort());
    for (const call of posted) {
      const card = JSON.stringify(call.activity);
      expect(card).toContain("application/vnd.microsoft.card.adaptive");
      expect(card).toContain("Support's data product changed what Active Customer means");
      expect(card).toContain("changes the window: 90 → 30 days");
      expect(card).toContain("Propose this as the shared definition");
      expect(card).toContain("Record as our variant");
      expect(card).toContain("The link is wrong");
    }
    const ledger = await database().db.select().from(chatPosts).where(eq(chatPosts.platform, "teams"));
    expect(ledger.filter((p) => p.purpose.startsWith("usage-changed:")).map((p) => p.channelId).sort()).toEqual([GOVERNANCE, SUPPORT_HOME].sort());

    const [event] = await database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "usage.changed"));
    const payload = event!.payload as { usageId: number; ingestId: number };
    await deps.store.transaction((repos) => repos.outbox.enqueue({ kind: "usage.changed", payload }, clock.now()));
    clock.advance(24 * 3_600_000);
    await ingestDbt(deps, { ref: MESH_OWNERS.support }, { domain: "support", project: changedSupportProject() });
    await dispatchAll();
    expect(connector.calls.slice(before).filter((c) => c.verb === "POST")).toHaveLength(2);
  }, 60_000);
});
