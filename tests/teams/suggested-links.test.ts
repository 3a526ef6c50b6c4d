import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Concord } from "../../src/app.js";
import { readDbtPath } from "../../src/cli/ingest.js";
import { changeDomainOwner, ingestDbt } from "../../src/core/index.js";
import { auditEvents, linkSuggestions, usages } from "../../src/db/schema/index.js";
import { SUPPORT_OPTIONS, SUPPORT_PROJECT, seedDbtGlossary } from "../fixtures/dbt.js";
import { ADMIN, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { eventually } from "../support/eventually.js";
import { actionsOf } from "./cards/fixtures.js";
import { validateCard } from "./cards/validate.js";
import { startTeamsConcord, stopTeamsConcord } from "./support/concord.js";
import { messageActivity, TENANT, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const sven: TeamsUser = { name: "Sven Support", aad: "0b7a2f1e-4444-4c3e-9a55-8f6f2e1d9c04" };
const sally: TeamsUser = { name: "Sally Sales", aad: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02" };
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}`;
const SUPPORT_HOME = "19:support-home@thread.tacv2";
const HOLDER = "model.customers.account_holder";
const CUSTOMER_ID = "model.customers.customer_id";

type Reply = { text?: string; attachments?: { contentType: string; content: { body: unknown[]; actions?: unknown[] } }[] };

/*
 * `links <term>` in Teams answers with a card listing where Support's data products use the term and the suggested
 * links with Accept / Reject; the card's buttons come back as submissions, and only Support's owners' decide.
 */
describeEachDatabase("suggested links decided from Teams", (database) => {
  let connector: FakeConnector;
  let concord: Concord;
  let base: string;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    ({ connector, concord, base } = await startTeamsConcord(database().opened, { admins: ADMIN, clock }));
    await seedDbtGlossary(concord.deps);
    await changeDomainOwner(concord.deps, { ref: ADMIN }, { slug: "support", action: "add", owner: ref(sven) });
    await ingestDbt(concord.deps, { ref: MESH_OWNERS.support }, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, SUPPORT_OPTIONS) });
  });

  afterEach(() => stopTeamsConcord({ connector, concord, base }));

  /** A message or a card's submission from a user, in their personal chat or a channel; what the bot sent back. */
  async function say(user: TeamsUser, input: { text?: string; value?: unknown; channel?: string }): Promise<Reply[]> {
    const conversation = input.channel ? { id: input.channel, type: "channel" as const } : { id: `a:personal-${user.aad}`, type: "personal" as const };
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user, conversation, ...input })),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === conversation.id);
      if (replies.length === 0) throw new Error(`no reply to ${input.text ?? "a card"} yet`);
      return replies.map((r) => r.activity as Reply);
    });
  }
  const cardOf = (replies: Reply[]) => replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")!.content;
  const textOf = async (user: TeamsUser, value: unknown) => (await say(user, { value })).map((r) => r.text ?? "").join("\n");
  const suggestionAt = async (path: string) => (await database().db.select().from(linkSuggestions).where(eq(linkSuggestions.path, path)))[0]!;

  it("lists usages and suggestions as a valid card whose buttons decide, only for Support's owners, once", async () => {
    const card = cardOf(await say(sally, { text: "links Customer" }));
    expect(validateCard(card)).toEqual([]);
    const shown = JSON.stringify(card);
    expect(shown).toContain("Where Customer is used");
    expect(shown).toContain("85% confidence it means Customer");
    const holder = await suggestionAt(HOLDER);
    const customerId = await suggestionAt(CUSTOMER_ID);
    const submits = actionsOf(card).filter((a) => a.type === "Action.Submit").map((a) => a.data);
    expect(submits).toEqual(
      expect.arrayContaining([
        { concord: "suggestion-accept", suggestionId: holder.id },
        { concord: "suggestion-reject", suggestionId: holder.id },
        { concord: "suggestion-reject", suggestionId: customerId.id },
      ]),
    );

    expect(await textOf(sally, { concord: "suggestion-accept", suggestionId: holder.id })).toBe(
      "Only an admin or an owner of Support (support) can accept or reject links suggested in its data products.",
    );
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "open" });

    expect(await textOf(sven, { concord: "suggestion-accept", suggestionId: holder.id })).toMatch(/^Linked model\.customers\.account_holder \(Support's support_analytics\) to Customer: it is now a usage of the term/);
    expect(await database().db.select().from(usages).where(eq(usages.path, HOLDER))).toMatchObject([{ linkSource: "accepted" }]);
    expect(await textOf(sven, { concord: "suggestion-accept", suggestionId: holder.id })).toBe(`The link from ${HOLDER} (support_analytics) to Customer was already accepted; nothing changed.`);
    expect(await textOf(sven, { concord: "suggestion-reject", suggestionId: customerId.id })).toBe(
      `Rejected the link from ${CUSTOMER_ID} (Support's support_analytics) to Customer: no ingest will suggest it again.`,
    );
    const events = await database().db.select().from(auditEvents).where(eq(auditEvents.subjectId, "support"));
    expect(events.filter((e) => e.action.startsWith("usage.suggestion-")).map((e) => [e.action, e.actorRef])).toEqual([
      ["usage.suggestion-accepted", ref(sven)],
      ["usage.suggestion-rejected", ref(sven)],
    ]);

    // In a channel, with the @mention, the list shows what changed.
    const after = JSON.stringify(cardOf(await say(sven, { text: "links Customer", channel: SUPPORT_HOME })));
    expect(after).toContain("an accepted suggestion");
    expect(after).not.toContain(CUSTOMER_ID);
  }, 60_000);

  it("answers a stale card politely, and a lookup's card shows where the term is used", async () => {
    expect(await textOf(sven, { concord: "suggestion-reject", suggestionId: 2_147_483_647 })).toBe(
      "That suggested link is no longer recorded (its term may have been removed). `links <term>` shows the current ones.",
    );
    expect(await textOf(sven, { concord: "suggestion-reject", suggestionId: "soon" })).toBe("That card is out of date or was changed; please run the command again.");
    const lookup = cardOf(await say(sally, { text: "Active Customer" }));
    expect(validateCard(lookup)).toEqual([]);
    const shown = JSON.stringify(lookup);
    expect(shown).toContain("Where it is used");
    expect(shown).toContain("changes the window: 90 → 30 days");
    expect(shown).toContain("links Active Customer");
  }, 60_000);
});
