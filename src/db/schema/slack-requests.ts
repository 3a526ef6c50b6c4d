import { index, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/**
 * Slack requests acted on in the last few minutes, by their signature (HTTP) or envelope id (Socket Mode), so
 * that a replay of one is acknowledged and ignored by every replica. Rows past the replay window are pruned.
 */
export const seenSlackRequests = pgTable(
  "seen_slack_requests",
  {
    /** `signature:<x-slack-signature>` or `envelope:<envelope_id>`. */
    key: text().primaryKey(),
    seenAt: timestamptz().notNull(),
  },
  (t) => [index("seen_slack_requests_seen_at_idx").on(t.seenAt)],
);
