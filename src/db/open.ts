import { mkdirSync } from "node:fs";
import { basename, relative } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { projectPath } from "../paths.js";
import { isLockEntry, lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import type { Database } from "./database.js";
import { seedPgliteFolder } from "./pglite-template.js";
import * as schema from "./schema/index.js";

/** The folder of drizzle-kit's generated migrations. */
export const migrationsFolder = projectPath("drizzle/migrations");

/** An open database and how to close it. */
export interface OpenedDatabase {
  readonly kind: "pglite" | "postgres";
  readonly db: Database;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL, a PGlite folder, or an already created PGlite instance. */
export type DatabaseTarget = { url: string } | { dataDir: string } | { pglite: PGlite };

/**
 * PGlite's buffer cache, which it allocates and clears in the process's own memory at start (PostgreSQL's default,
 * 128 MB, made a third of the embedded bot's resident memory before it read a row). Pages outside it are read
 * from the operating system's file cache: at 100,000 terms a lookup by name took 1.6 ms instead of 1.3 ms.
 */
const PGLITE_SHARED_BUFFERS = "32MB";

/**
 * Creates a PGlite instance with the extensions Concord's migrations need; in memory when no folder is given. A
 * folder must be locked first (`openDatabase` does it), since two instances on one folder corrupt it.
 */
export function createPglite(dataDir?: string, loadDataDir?: Blob): PGlite {
  // A new folder starts as a copy of the stored template rather than a fresh initdb (seconds saved at first start).
  if (dataDir && !loadDataDir) seedPgliteFolder(dataDir, undefined, isLockEntry);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return new PGlite({
    dataDir,
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}

/** How a database is opened. */
export interface OpenOptions {
  /** What this process is, recorded in a PGlite folder's lock for whoever finds it held (`concord start`). */
  readonly what?: string;
  /** Told when a PGlite folder's lock, left by a process that no longer runs, is taken over. */
  readonly onStaleLock?: (message: string) => void;
}

/**
 * Opens (without migrating) the database a target names. A PGlite folder is locked to this process until `close`
 * or exit: DataDirInUseError (before anything is written) when another process holds it.
 */
export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): OpenedDatabase {
  if ("url" in target) {
    const client = postgres(target.url, {
      max: 10,
      onnotice: () => {},
      connection: { application_name: "concord" },
      // postgres.js waits longer after each failed connection, up to 20 s (3^n / 100 s): after a restart of the
      // server the pool would stay away long after it is back, and requests wait on it. A second at most.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Database;
    return {
      kind: "postgres",
      db,
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if ("pglite" in target) client = target.pglite;
  else {
    lock = lockDataDir(target.dataDir, {
      what: options.what ?? describeThisProcess(),
      ...(options.onStaleLock ? { onStaleLock: options.onStaleLock } : {}),
    });
    try {
      client = createPglite(target.dataDir);
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** "node bench/digest-child.ts": what a process that did not say what it is looks like in a lock. */
function describeThisProcess(): string {
  const script = process.argv[1] ? relative(process.cwd(), process.argv[1]) : "";
  return [basename(process.argv0), script].filter(Boolean).join(" ");
}

/** Applies pending migrations; on PostgreSQL under an advisory lock so replicas starting together migrate once. */
export async function migrateDatabase(opened: OpenedDatabase): Promise<void> {
  if (opened.kind === "pglite") {
    await migratePglite(opened.db as never, { migrationsFolder });
    return;
  }
  await withSessionLock(opened, () => migratePostgres(opened.db as never, { migrationsFolder }));
}

const MIGRATION_LOCK_KEY = 7_311_455_301;

async function withSessionLock(opened: OpenedDatabase, fn: () => Promise<void>): Promise<void> {
  const client = (opened.db as unknown as { $client: postgres.Sql }).$client;
  const reserved = await client.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await fn();
    } finally {
      await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    reserved.release();
  }
}
