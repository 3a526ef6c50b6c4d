import type postgres from "postgres";
import type { OpenedDatabase } from "./open.js";

/** The PostgreSQL channel an outbox write notifies, so that every replica's dispatcher wakes. */
export const OUTBOX_CHANNEL = "concord_outbox";

/** A subscription to a notification channel, and how to end it. */
export interface Listening {
  stop(): Promise<void>;
}

/**
 * Listens on a PostgreSQL channel, on a connection of its own that postgres.js re-opens (and listens on again)
 * after the server restarts. The embedded database is one process's alone: it has nobody else to hear from.
 */
export async function listenForNotices(
  opened: OpenedDatabase,
  channel: string,
  onNotice: (payload: string) => void,
): Promise<Listening | undefined> {
  if (opened.kind !== "postgres") return undefined;
  const client = (opened.db as unknown as { $client: postgres.Sql }).$client;
  const { unlisten } = await client.listen(channel, onNotice);
  return { stop: () => unlisten() };
}
