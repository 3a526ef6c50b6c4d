import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/**
 * A platform's governance channel chosen by an admin with `governance channel` (on Teams, where no setting names
 * one): every proposal's card and the whole digest go there. `address` holds what that platform needs to post there.
 */
export const governanceChannels = pgTable("governance_channels", {
  platform: text().primaryKey(),
  channelId: text().notNull(),
  address: jsonb(),
  updatedAt: timestamptz().notNull(),
});
