import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** A person, known by one or more platform identities. */
export const members = pgTable("members", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  displayName: text(),
  createdAt: timestamptz().notNull(),
});

/** One platform identity of a member, written as a user ref (`slack:T:U`, `teams:tenant:aad`, `local:name`). */
export const memberIdentities = pgTable(
  "member_identities",
  {
    ref: text().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index("member_identities_member_idx").on(t.memberId)],
);

export type MemberRow = typeof members.$inferSelect;
export type MemberIdentityRow = typeof memberIdentities.$inferSelect;
