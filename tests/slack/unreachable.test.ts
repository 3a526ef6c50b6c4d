import { createServer } from "node:net";
import { afterEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { startFakeSlack } from "./support/fake-slack.js";
import { commandBody, postSigned } from "./support/signed.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeEachDatabase("Slack's Web API unreachable", (database) => {
  let concord: Concord | undefined;
  afterEach(async () => {
    await concord?.stop();
  });

  it("starts and stays up without the Web API, and answers once it is back", async () => {
    const logger = createMemoryLogger();
    const down = `http://127.0.0.1:${await closedPort()}/api/`;
    const port = await freePort();
    const settings = { PORT: String(port), SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: down };
    concord = await startConcord(loadConfig(settings), logger, { database: database().opened, schedule: false });
    const base = `http://127.0.0.1:${port}`;
    // A command while Slack is unreachable cannot be authorised (Bolt refuses it), but nothing crashes.
    await postSigned(base, commandBody({ team: "T0TEST", user: "U0ONE", channel: "C0DATA", text: "help", responseUrl: `${down}response` }), { secret: SECRET });
    expect(logger.lines.some((line) => line.message.includes("auth.test failed"))).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await concord.stop();

    // With the Web API back, the same process settings work: the identity is asked for again, not kept failed.
    const fake = await startFakeSlack();
    try {
      const again = await freePort();
      concord = await startConcord(loadConfig({ ...settings, PORT: String(again), SLACK_API_URL: fake.apiUrl }), logger, {
        database: database().opened,
        schedule: false,
      });
      const response = await postSigned(
        `http://127.0.0.1:${again}`,
        commandBody({ team: "T0TEST", user: "U0ONE", channel: "C0DATA", text: "help", responseUrl: fake.responseUrl("r1") }),
        { secret: SECRET },
      );
      expect(response.status).toBe(200);
      await eventually(() => {
        if (!fake.responses.some((r) => r.id === "r1")) throw new Error("no answer yet");
      });
    } finally {
      await fake.close();
    }
  });
});
