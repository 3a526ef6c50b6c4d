import { startConcord, type Concord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import type { Clock } from "../../../src/core/ports.js";
import type { OpenedDatabase } from "../../../src/db/open.js";
import { createMemoryLogger, freePort } from "../../support/eventually.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";

/** Concord serving Teams on a free port, talking to a fake Bot Framework connector, as the Teams stories start it. */
export interface TeamsConcord {
  readonly connector: FakeConnector;
  readonly concord: Concord;
  /** Where Concord listens: `${base}/api/messages` takes the activities. */
  readonly base: string;
}

/** Starts it on `opened`, with `admins` (ADMIN_USERS) and the test's clock, and no scheduled passes. */
export async function startTeamsConcord(opened: OpenedDatabase, options: { admins: string; clock: Clock }): Promise<TeamsConcord> {
  const connector = await startFakeConnector();
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), ADMIN_USERS: options.admins, PUBLIC_URL: "https://concord.example.com" });
  const concord = await startConcord(config, createMemoryLogger(), { database: opened, clock: options.clock, schedule: false });
  return { connector, concord, base: `http://127.0.0.1:${port}` };
}

/** Stops what `startTeamsConcord` started. */
export async function stopTeamsConcord({ concord, connector }: TeamsConcord): Promise<void> {
  await concord.stop();
  await connector.close();
}
