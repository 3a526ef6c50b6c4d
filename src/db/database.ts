import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema/index.js";

/** A drizzle database over either PGlite or postgres.js, with Concord's schema. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** What runs SQL: the database itself or a transaction opened on it. */
export type Executor = Pick<Database, "select" | "insert" | "update" | "delete" | "execute" | "selectDistinct" | "$with" | "with">;
