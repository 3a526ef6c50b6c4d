import { count } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { governanceChannels } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import { ADMIN, SECRET, slackTestConfig, TEAM } from "./support/settings.js";
import { commandBody, postSigned } from "./support/signed.js";

const CHOSEN = "C0CHOSEN";

/*
 * On Slack without GLOSSARY_CHANNEL, an admin makes a channel the governance channel with `governance channel`, as
 * on Teams; with the setting, the setting decides and the command says so.
 */
describeEachDatabase("the Slack governance channel chosen by command", (database) => {
  let fake: FakeSlack;
  let concord: Concord | undefined;
  let base: string;

  const start = async (settings: Record<string, string> = {}) => {
    const port = await freePort();
    const config = slackTestConfig(port, fake.apiUrl, { GLOSSARY_CHANNEL: "", ...settings });
    concord = await startConcord(config, createMemoryLogger(), { database: database().opened, schedule: false });
    base = `http://127.0.0.1:${port}`;
  };

  beforeEach(async () => {
    fake = await startFakeSlack();
  });

  afterEach(async () => {
    await concord?.stop();
    concord = undefined;
    await fake.close();
  });

  let sent = 0;
  async function glossary(user: string, text: string, channel = "C0DATA"): Promise<string> {
    const id = `gov-${++sent}`;
    const response = await postSigned(base, commandBody({ team: TEAM, user, channel, text, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
    expect(response.status).toBe(200);
    return eventually(() => {
      const answer = fake.responses.find((r) => r.id === id);
      if (!answer) throw new Error("no answer yet");
      return (answer.body as { text: string }).text;
    });
  }
  const stored = async () => (await database().db.select({ n: count() }).from(governanceChannels))[0]!.n;

  it("is chosen by an admin in a channel, and proposals are then posted there", async () => {
    await start();
    expect(await glossary("U0MEMBER", "governance channel", CHOSEN)).toContain("Only an admin can choose the governance channel");
    expect(await glossary(ADMIN, "governance channel", "D0DIRECT")).toContain("Run `governance channel` in the Slack channel");
    expect(await stored()).toBe(0);

    expect(await glossary(ADMIN, "governance channel", CHOSEN)).toContain("This channel is now the governance channel");
    await glossary(ADMIN, "domain add sales Sales");
    await glossary(ADMIN, "domain owners sales add <@U0SALES>");
    expect(await glossary(ADMIN, "propose Customer for sales = A person or company that has paid for at least one order.")).toContain("Proposal #1");
    await concord!.dispatcher.dispatchOnce();
    await eventually(() => expect(fake.callsTo("chat.postMessage").map((c) => c.args.channel)).toContain(CHOSEN));
  });

  it("is the one GLOSSARY_CHANNEL names when it is set, and the command says so and stores nothing", async () => {
    await start({ GLOSSARY_CHANNEL: "C0SETTING" });
    expect(await glossary(ADMIN, "governance channel", CHOSEN)).toContain("the one the GLOSSARY_CHANNEL setting names (C0SETTING)");
    expect(await stored()).toBe(0);
  });
});
