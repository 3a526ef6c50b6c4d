import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, inject } from "vitest";
import type { Store } from "../../src/core/ports.js";
import type { Database } from "../../src/db/database.js";
import { createPglite, openDatabase, type OpenedDatabase } from "../../src/db/open.js";
import { rowsOf } from "../../src/db/rows.js";
import { createStore } from "../../src/db/store.js";
import { withDatabase } from "./global-setup.js";

/** The notifier destinations test stores queue outbox events for. */
export const TEST_DESTINATIONS = ["test"];

export type DatabaseKind = "pglite" | "postgres";

/** A migrated database of one kind for one test file, emptied before each test. */
export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly opened: OpenedDatabase;
  readonly db: Database;
  readonly store: Store;
  /** A URL for a second connection pool (postgres only), as another replica would open. */
  readonly url?: string;
}

let counter = 0;

/** Opens a fresh copy of the migrated template of the given kind. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase & { close(): Promise<void> }> {
  if (kind === "pglite") {
    const blob = new Blob([readFileSync(inject("pgliteTemplate"))]);
    const opened = openDatabase({ pglite: createPglite(undefined, blob) });
    return { kind, opened, db: opened.db, store: createStore(opened.db, { destinations: TEST_DESTINATIONS }), close: () => opened.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const template = inject("postgresTemplate")!;
  const name = `concord_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = withDatabase(base, name);
  const opened = openDatabase({ url });
  return {
    kind,
    opened,
    db: opened.db,
    store: createStore(opened.db, { destinations: TEST_DESTINATIONS }),
    url,
    close: async () => {
      await opened.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Empties every table of Concord's schema (the migrations journal stays). */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`),
  ).map((r) => `"${r.tablename}"`);
  if (tables.length > 0) await db.execute(sql.raw(`truncate ${tables.join(", ")} restart identity cascade`));
}

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * Runs the same tests on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL;
 * each kind gets its own database for the block, emptied before every test unless the block only reads.
 */
export function describeEachDatabase(
  title: string,
  body: (database: () => TestDatabase) => void,
  options: { resetBeforeEach?: boolean } = {},
): void {
  const resetBeforeEach = options.resetBeforeEach ?? true;
  for (const kind of ["pglite", "postgres"] as const) {
    const skip = kind === "postgres" && !hasPostgres;
    describe.skipIf(skip)(`${title} [${kind}${skip ? ": skipped, TEST_DATABASE_URL is not set" : ""}]`, () => {
      let current: (TestDatabase & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.close();
      });
      beforeEach(async () => {
        if (resetBeforeEach) await resetDatabase(current!.db);
      });
      body(() => current!);
    });
  }
}
