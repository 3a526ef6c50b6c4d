import { index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns.js";
import { members } from "./members.js";

/** A team that owns data products. */
export const domains = pgTable("domains", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  ...timestamps,
});

/** The members who own a domain; their votes count for it. */
export const domainOwners = pgTable(
  "domain_owners",
  {
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    addedAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.domainId, t.memberId] }), index("domain_owners_member_idx").on(t.memberId)],
);

/** A domain's home channel on one platform; `address` holds what that platform needs to post there. */
export const domainChannels = pgTable(
  "domain_channels",
  {
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    platform: text().notNull(),
    channelId: text().notNull(),
    address: jsonb(),
    updatedAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.domainId, t.platform] })],
);

export type DomainRow = typeof domains.$inferSelect;
