import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";
import { domains } from "./domains.js";
import { members } from "./members.js";

/**
 * A bearer token for the write API: an admin's (imports) or a domain's (its dbt ingest). Only a digest of its
 * secret is kept (SHA-256, base64url); the secret itself is shown once to its maker and never stored.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    /** The domain a domain token is for; null for an admin token. */
    domainId: integer().references(() => domains.id, { onDelete: "cascade" }),
    hash: text().notNull(),
    createdBy: integer()
      .notNull()
      .references(() => members.id),
    /** The maker's user ref as they made it: the actor the token acts as. */
    createdByRef: text().notNull(),
    createdAt: timestamptz().notNull(),
    revokedAt: timestamptz(),
    lastUsedAt: timestamptz(),
  },
  (t) => [
    check("api_tokens_kind_check", sql`(${t.kind} = 'admin' and ${t.domainId} is null) or (${t.kind} = 'domain' and ${t.domainId} is not null)`),
    index("api_tokens_domain_idx").on(t.domainId),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
