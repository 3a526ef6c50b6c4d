import { index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** Where Concord can post on a platform without being spoken to first (a Teams conversation reference). */
export const conversations = pgTable(
  "conversations",
  {
    platform: text().notNull(),
    conversationId: text().notNull(),
    /** `personal`, `channel` or `groupChat`. */
    scope: text().notNull(),
    /** For a personal chat: the user it is with. */
    userRef: text(),
    address: jsonb().notNull(),
    updatedAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.conversationId] }), index("conversations_user_idx").on(t.platform, t.userRef)],
);
