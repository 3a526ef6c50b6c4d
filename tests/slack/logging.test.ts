import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { APOLOGY } from "../../src/views/index.js";
import { createTestDatabase, type DatabaseKind } from "../support/databases.js";
import { eventually, freePort } from "../support/eventually.js";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.js";
import { commandBody, postSigned } from "./support/signed.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** The JSON lines a logger wrote, parsed as they arrive. */
function captureLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

for (const kind of ["pglite", "postgres"] as const satisfies readonly DatabaseKind[]) {
  const skip = kind === "postgres" && !process.env.TEST_DATABASE_URL;
  describe.skipIf(skip)(`Slack's failures in the log [${kind}${skip ? ": skipped, TEST_DATABASE_URL is not set" : ""}]`, () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let concord: Concord | undefined;
    let slack: FakeSlack;

    beforeEach(async () => {
      database = await createTestDatabase(kind);
      slack = await startFakeSlack();
    });

    afterEach(async () => {
      await concord?.stop();
      await slack.close();
      await database.close().catch(() => {});
    });

    it("logs a failing command's error as JSON with its stack and cause, and the team and user it came from", async () => {
      const { lines, stream } = captureLines();
      const port = await freePort();
      concord = await startConcord(
        loadConfig({ PORT: String(port), SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }),
        createLogger("debug", stream),
        { database: database.opened, schedule: false },
      );
      // The database goes away: the lookup the command needs fails inside the listener.
      await database.opened.close();
      const response = await postSigned(
        `http://127.0.0.1:${port}`,
        commandBody({ team: "T0LOGS", user: "U0LOGGER", channel: "C0DATA", text: "Customer", responseUrl: slack.responseUrl("r1") }),
        { secret: SECRET },
      );
      expect(response.status).toBe(200);
      const answer = await eventually(() => {
        const found = slack.responses.find((r) => r.id === "r1");
        if (!found) throw new Error("no answer yet");
        return found.body;
      });
      expect(answer).toMatchObject({ text: APOLOGY });

      const failure = await eventually(() => {
        const found = lines.find((line) => line.msg === "a Slack request failed");
        if (!found) throw new Error("not logged yet");
        return found;
      });
      expect(failure).toMatchObject({
        level: "error",
        team: "T0LOGS",
        user: "U0LOGGER",
        err: { message: expect.any(String), stack: expect.stringMatching(/\n\s+at /) },
      });
      // The driver's error behind the query's is kept as the cause, with its own stack.
      expect((failure.err as { cause?: unknown }).cause).toMatchObject({ message: expect.any(String), stack: expect.stringMatching(/\n\s+at /) });
      expect(typeof failure.time).toBe("string");
      // Bolt's own lines come through the same logger, named by their component.
      expect(lines.some((line) => line.level === "debug" && line.component === "slack-bolt")).toBe(true);
    });
  });
}
