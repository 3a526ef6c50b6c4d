import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner } from "../../src/core/index.js";
import { apiTokens, auditEvents } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { messageActivity, startFakeConnector, TENANT, type FakeConnector, type TeamsUser } from "./support/fake-connector.js";

const admin: TeamsUser = { name: "Ada Admin", aad: "0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01" };
const sally: TeamsUser = { name: "Sally Sales", aad: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02" };
const ref = (user: TeamsUser) => `teams:${TENANT}:${user.aad}`;
const CHANNEL = "19:data-governance@thread.tacv2";
const GROUP_CHAT = "19:meeting-metrics@thread.v2";
const TOKEN = /concord_\d+_[A-Za-z0-9_-]{43}/;
/** The token in a card, whose text escapes markdown (`concord\_1\_…`, as Teams shows `concord_1_…`). */
const tokenIn = (card: string) => TOKEN.exec(card.replace(/\\\\_/g, "_"))?.[0];

type Where = { type: "personal" } | { type: "channel" | "groupChat"; id: string };

/* On Teams a token's secret is shown only in a personal chat with Concord; in a channel or group chat nothing is made. */
describeEachDatabase("write-API tokens from Teams", (database) => {
  let connector: FakeConnector;
  let concord: Concord;
  let base: string;

  beforeEach(async () => {
    connector = await startFakeConnector();
    const port = await freePort();
    const config = loadConfig({ PORT: String(port), ADMIN_USERS: ref(admin) });
    concord = await startConcord(config, createMemoryLogger(), { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await connector.close();
  });

  /** Sends a message to the bot and returns what it answered in that conversation. */
  async function say(user: TeamsUser, where: Where, text: string): Promise<string> {
    const conversation = where.type === "personal" ? { id: `a:personal-${user.aad}`, type: "personal" as const } : { id: where.id, type: where.type };
    const before = connector.calls.length;
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user, conversation, text })),
    });
    expect(response.status).toBeLessThan(300);
    return eventually(() => {
      const replies = connector.calls.slice(before).filter((c) => c.conversationId.split(";")[0] === conversation.id);
      if (replies.length === 0) throw new Error(`no reply to ${text} yet`);
      return replies.map((r) => JSON.stringify(r.activity)).join("\n");
    });
  }

  it("makes a token only in a personal chat, refusing politely in a channel or a group chat", async () => {
    for (const where of [{ type: "channel", id: CHANNEL }, { type: "groupChat", id: GROUP_CHAT }] as const) {
      const refused = await say(admin, where, "token new admin");
      expect(refused).toContain("works in a personal chat with Concord");
      expect(tokenIn(refused)).toBeUndefined();
    }
    expect(await database().db.select().from(apiTokens)).toEqual([]);
    expect(await database().db.select().from(auditEvents).where(eq(auditEvents.subjectType, "api-token"))).toEqual([]);

    const made = await say(admin, { type: "personal" }, "token new admin");
    const secret = tokenIn(made)!;
    expect(made).toContain("shown only this once");
    const imported = await fetch(`${base}/api/import?format=csv&dry_run=true`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body: "name,definition,owner\nCustomer,Someone who paid.,sales\n",
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ dryRun: true, counts: { created: 1 } });
  });

  it("lets a domain's owner make its token in a personal chat and revoke it anywhere", async () => {
    const deps = concord.deps;
    await addDomain(deps, { ref: ref(admin) }, { slug: "sales", name: "Sales" });
    await changeDomainOwner(deps, { ref: ref(admin) }, { slug: "sales", action: "add", owner: ref(sally) });

    const made = await say(sally, { type: "personal" }, "token new sales");
    expect(made).toContain("domain's token #1, for its dbt ingest");
    expect(made).toContain("POST /api/ingest/dbt?domain=sales");
    expect(await say(sally, { type: "personal" }, "token new admin")).toContain("Only an admin can make an admin token");

    const secret = tokenIn(made)!;
    const asDomain = await fetch(`${base}/api/import?format=csv`, { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: "name,definition\nA,B.\n" });
    expect(asDomain.status).toBe(403);

    expect(await say(sally, { type: "channel", id: CHANNEL }, "token revoke 1")).toContain("domain's token #1: the write API refuses it from now on");
    const [row] = await database().db.select().from(apiTokens);
    expect(row!.revokedAt).not.toBeNull();
  });
});
