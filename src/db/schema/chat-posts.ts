import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** What Concord has posted about a proposal on a platform, so a retried announcement updates instead of repeating. */
export const chatPosts = pgTable(
  "chat_posts",
  {
    platform: text().notNull(),
    proposalId: integer().notNull(),
    /** `proposal` (the live message), `notice`, `decision`, `superseded`, `withdrawn`, `reminder:<ref>`. */
    purpose: text().notNull(),
    channelId: text().notNull(),
    messageId: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.proposalId, t.purpose, t.channelId] }),
    index("chat_posts_message_idx").on(t.platform, t.channelId, t.messageId),
  ],
);
