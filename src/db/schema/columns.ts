import { timestamp } from "drizzle-orm/pg-core";

/** A timezone-aware timestamp column read as a Date. */
export const timestamptz = () => timestamp({ withTimezone: true, mode: "date" });

/** created_at / updated_at, set by the application's clock (never by the database's now()). */
export const timestamps = {
  createdAt: timestamptz().notNull(),
  updatedAt: timestamptz().notNull(),
};
