import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { OpenedDatabase } from "../../src/db/open.js";
import { BENCH_TEAM } from "../seed.js";
import { startBenchClient, type BenchClient } from "./client.js";
import { createQuietLogger, freePort } from "./stats.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const GOVERNANCE_CHANNEL = "C0GOVERNANCE";
export const ADMIN_REF = `slack:${BENCH_TEAM}:U0ADMIN`;

/** Concord serving Slack over HTTP against a fake Web API, on an open database, with no jobs scheduled. */
export interface BenchConcord {
  readonly concord: Concord;
  /** The load generator and fake Slack Web API, in a worker thread. */
  readonly client: BenchClient;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly logger: ReturnType<typeof createQuietLogger>;
  stop(): Promise<void>;
}

export async function startBenchConcord(opened: OpenedDatabase): Promise<BenchConcord> {
  const client = await startBenchClient();
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    HOST: "127.0.0.1",
    SLACK_BOT_TOKEN: "xoxb-bench-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: client.apiUrl,
    ADMIN_USERS: ADMIN_REF,
    GLOSSARY_CHANNEL: GOVERNANCE_CHANNEL,
    PUBLIC_URL: "https://concord.example.com",
  });
  const logger = createQuietLogger();
  const concord = await startConcord(config, logger, { database: opened, schedule: false });
  return {
    concord,
    client,
    base: `http://127.0.0.1:${port}`,
    logger,
    async stop() {
      await concord.stop();
      await client.close();
    },
  };
}
