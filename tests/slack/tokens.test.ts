import { asc } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { apiTokens } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import { ADMIN, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { commandBody, postSigned } from "./support/signed.js";

const TOKEN = /concord_\d+_[A-Za-z0-9_-]{43}/;

/* On Slack a token is made with `/glossary token new …`, whose reply is ephemeral: only its maker sees the secret. */
describeEachDatabase("write-API tokens from Slack", (database) => {
  let fake: FakeSlack;
  let concord: Concord;
  let base: string;

  beforeEach(async () => {
    fake = await startFakeSlack();
    const port = await freePort();
    concord = await startConcord(slackTestConfig(port, fake.apiUrl), createMemoryLogger(), { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await concord.stop();
    await fake.close();
  });

  let sent = 0;
  async function glossary(user: string, text: string, channel = "C0DATA"): Promise<Record<string, unknown>> {
    const id = `token-${++sent}`;
    const response = await postSigned(base, commandBody({ team: TEAM, user, channel, text, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
    expect(response.status).toBe(200);
    return eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error("no answer yet");
      return answer.body;
    });
  }

  const importCsv = (token: string) =>
    fetch(`${base}/api/import?format=csv`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: "name,definition,owner\nCustomer,Someone who paid.,sales\n",
    });

  it("shows a new token only to its maker, in an ephemeral reply, and the token imports until it is revoked", async () => {
    const refused = await glossary("U0MEMBER", "token new admin");
    expect(refused).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(refused)).toContain("Only an admin can make an admin token");

    const made = await glossary(ADMIN, "token new admin");
    expect(made.response_type).toBe("ephemeral");
    const secret = TOKEN.exec(JSON.stringify(made.blocks))![0];
    // The notification line (shown in previews and notifications) leaves the secret out.
    expect(made.text).toBe("Your new token #1 (shown once).");
    const [row] = await database().db.select().from(apiTokens).orderBy(asc(apiTokens.id));
    expect(row).toMatchObject({ id: 1, kind: "admin", createdByRef: `slack:${TEAM}:${ADMIN}` });
    expect(row!.hash).not.toContain(secret.slice(-43));

    expect((await importCsv(secret)).status).toBe(200);
    expect(JSON.stringify(await glossary(ADMIN, "token revoke 1"))).toContain("Revoked admin token #1");
    expect((await importCsv(secret)).status).toBe(401);
  });
});
