import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { changeDomainOwner, ingestDbt } from "../../src/core/index.js";
import { readDbtPath } from "../../src/cli/ingest.js";
import { auditEvents, linkSuggestions, usages } from "../../src/db/schema/index.js";
import { SUGGESTION_ACCEPT, SUGGESTION_REJECT } from "../../src/slack/blocks/ids.js";
import { checkBlockLimits } from "../../src/slack/blocks/limits.js";
import { SUPPORT_OPTIONS, SUPPORT_PROJECT, seedDbtGlossary } from "../fixtures/dbt.js";
import { ADMIN, createManualClock, MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import { ADMIN as SLACK_ADMIN, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { buttonClick, commandBody, payloadBody, postSigned } from "./support/signed.js";

const SVEN = "U0SVEN";
const SALLY = "U0SALLY";
const HOLDER = "model.customers.account_holder";
const CUSTOMER_ID = "model.customers.customer_id";

type Answer = { text: string; blocks?: { type: string; elements?: { action_id: string; value?: string }[] }[]; response_type?: string };

/*
 * `/glossary links <term>` in Slack lists where Support's data products use a term and the links their names
 * suggest, with Accept / Reject; Support's owner accepts one (it becomes a usage) and rejects another, anyone else's
 * click, a second click and a stale button get a sentence back and change nothing.
 */
describeEachDatabase("suggested links decided from Slack", (database) => {
  let fake: FakeSlack;
  let concord: Concord;
  let base: string;
  let responses = 0;
  const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

  beforeEach(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    fake = await startFakeSlack();
    const port = await freePort();
    const admins = { ADMIN_USERS: `slack:${TEAM}:${SLACK_ADMIN},${ADMIN}` };
    concord = await startConcord(slackTestConfig(port, fake.apiUrl, admins), createMemoryLogger(), { database: database().opened, clock, schedule: false });
    base = `http://127.0.0.1:${port}`;
    await seedDbtGlossary(concord.deps);
    await changeDomainOwner(concord.deps, { ref: ADMIN }, { slug: "support", action: "add", owner: `slack:${TEAM}:${SVEN}` });
    await ingestDbt(concord.deps, { ref: MESH_OWNERS.support }, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, SUPPORT_OPTIONS) });
  });

  afterEach(async () => {
    await concord.stop();
    await fake.close();
  });

  const answered = (id: string, what: string) =>
    eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error(`no answer to ${what} yet`);
      return answer.body as Answer;
    });

  async function glossary(user: string, text: string, channel = "C0DATA"): Promise<Answer> {
    const id = `r${++responses}`;
    const response = await postSigned(base, commandBody({ team: TEAM, user, channel, text, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
    expect(response.status).toBe(200);
    return answered(id, text);
  }

  async function click(user: string, actionId: string, value: string): Promise<Answer> {
    const id = `r${++responses}`;
    const response = await postSigned(base, payloadBody(buttonClick({ team: TEAM, user, channel: "C0DATA", actionId, value, responseUrl: fake.responseUrl(id) })), { secret: SECRET });
    expect(response.status).toBe(200);
    return answered(id, `${actionId} ${value}`);
  }

  const suggestionAt = async (path: string) => (await database().db.select().from(linkSuggestions).where(eq(linkSuggestions.path, path)))[0]!;
  const buttons = (answer: Answer) => (answer.blocks ?? []).filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);

  it("lists usages and suggestions with their buttons, and only Support's owner's clicks decide, once", async () => {
    const listed = await glossary(SALLY, "links Customer");
    expect(listed.response_type).toBe("ephemeral");
    expect(checkBlockLimits({ text: listed.text, blocks: listed.blocks as never }, "message")).toEqual([]);
    const said = JSON.stringify(listed.blocks);
    expect(said).toContain("Where Customer is used");
    expect(said).toContain("`model.tickets.customer` in `support_analytics`");
    expect(said).toContain(`\`${HOLDER}\` in *Support*'s \`support_analytics\`: 85% confidence it means Customer`);
    const holder = await suggestionAt(HOLDER);
    const customerId = await suggestionAt(CUSTOMER_ID);
    expect(buttons(listed)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action_id: SUGGESTION_ACCEPT, value: String(holder.id) }),
        expect.objectContaining({ action_id: SUGGESTION_REJECT, value: String(holder.id) }),
      ]),
    );

    // Sally owns Sales, not Support: a polite refusal, nothing stored.
    expect((await click(SALLY, SUGGESTION_ACCEPT, String(holder.id))).text).toBe(
      "Only an admin or an owner of Support (support) can accept or reject links suggested in its data products.",
    );
    expect(await suggestionAt(HOLDER)).toMatchObject({ status: "open" });
    expect(await database().db.select().from(usages).where(eq(usages.path, HOLDER))).toEqual([]);

    const accepted = await click(SVEN, SUGGESTION_ACCEPT, String(holder.id));
    expect(accepted.text).toMatch(new RegExp(`^Linked ${HOLDER.replace(/\./g, "\\.")} \\(Support's support_analytics\\) to Customer: it is now a usage of the term, and it drifts \\d+%`));
    expect(await database().db.select().from(usages).where(eq(usages.path, HOLDER))).toMatchObject([{ linkSource: "accepted" }]);
    expect((await click(SVEN, SUGGESTION_ACCEPT, String(holder.id))).text).toBe(`The link from ${HOLDER} (support_analytics) to Customer was already accepted; nothing changed.`);

    expect((await click(SVEN, SUGGESTION_REJECT, String(customerId.id))).text).toBe(
      `Rejected the link from ${CUSTOMER_ID} (Support's support_analytics) to Customer: no ingest will suggest it again.`,
    );
    expect(await suggestionAt(CUSTOMER_ID)).toMatchObject({ status: "rejected" });
    const events = await database().db.select().from(auditEvents).where(eq(auditEvents.subjectId, "support"));
    expect(events.filter((e) => e.action.startsWith("usage.suggestion-")).map((e) => [e.action, e.actorRef])).toEqual([
      ["usage.suggestion-accepted", `slack:${TEAM}:${SVEN}`],
      ["usage.suggestion-rejected", `slack:${TEAM}:${SVEN}`],
    ]);

    // The list now shows the accepted usage and one suggestion less; in a direct message too.
    const after = JSON.stringify((await glossary(SVEN, "links Customer", "D0SVEN")).blocks);
    expect(after).toContain(`\`${HOLDER}\` in \`support_analytics\``);
    expect(after).toContain("an accepted suggestion");
    expect(after).not.toContain(CUSTOMER_ID);
  }, 60_000);

  it("answers a stale or broken button politely, and a lookup shows where the term is used", async () => {
    expect((await click(SVEN, SUGGESTION_ACCEPT, "2147483647")).text).toBe(
      "That suggested link is no longer recorded (its term may have been removed). `links <term>` shows the current ones.",
    );
    expect((await click(SVEN, SUGGESTION_REJECT, "not-a-number")).text).toBe("That button is out of date or was changed; please run the command again.");
    expect((await glossary(SVEN, "links")).text).toContain("Which term?");

    const lookup = await glossary(SALLY, "Active Customer");
    const said = JSON.stringify(lookup.blocks);
    expect(checkBlockLimits({ text: lookup.text, blocks: lookup.blocks as never }, "message")).toEqual([]);
    expect(said).toContain("*Where it is used*: 1 usage in 1 domain's data products");
    expect(said).toContain("changes the window: 90 → 30 days");
    expect(said).toContain("links Active Customer");
  }, 60_000);
});
