import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type OpenedDatabase } from "../../src/db/open.js";

/** Where one database of the bench lives, and how to open it again (a child process opens it by `target`). */
export interface BenchDatabase {
  readonly kind: "pglite" | "postgres";
  readonly label: string;
  /** `DATA_DIR` for PGlite, `DATABASE_URL` for PostgreSQL. */
  readonly env: Readonly<Record<string, string>>;
  /** A database target as `openDatabase` takes it. */
  readonly target: { dataDir: string } | { url: string };
  open(): OpenedDatabase;
  /** Removes the folder or drops the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated PGlite folder under the system's temp folder. */
export async function createPgliteDatabase(): Promise<BenchDatabase> {
  const folder = mkdtempSync(join(tmpdir(), "concord-bench-"));
  const dataDir = join(folder, "data");
  const database: BenchDatabase = {
    kind: "pglite",
    label: "PGlite",
    env: { DATA_DIR: dataDir },
    target: { dataDir },
    open: () => openDatabase({ dataDir }),
    async destroy() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
  const opened = database.open();
  await migrateDatabase(opened);
  await opened.close();
  return database;
}

/**
 * Which PostgreSQL server to use, or why none. BENCH_DATABASE_URL names a server (any database on it: the bench
 * creates its own beside it); without it, 127.0.0.1:5432 as user postgres when that port answers.
 */
export async function findPostgres(): Promise<{ serverUrl: string } | { skip: string }> {
  const named = process.env.BENCH_DATABASE_URL?.trim();
  const url = new URL(named || "postgres://postgres@127.0.0.1:5432/postgres");
  const port = Number(url.port || 5432);
  const host = url.hostname || "127.0.0.1";
  const answers = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });
  if (!answers) {
    const why = named ? `BENCH_DATABASE_URL (${host}:${port}) does not answer` : `BENCH_DATABASE_URL is unset and nothing answers on ${host}:${port}`;
    return { skip: why };
  }
  return { serverUrl: url.toString() };
}

/** The rule `findPostgres` follows, in a sentence for the output. */
export function describePostgresRule(): string {
  return process.env.BENCH_DATABASE_URL?.trim()
    ? "the server BENCH_DATABASE_URL names (the bench creates a database of its own there and drops it after)"
    : "BENCH_DATABASE_URL unset, so postgres@127.0.0.1:5432 when it answers (a database of its own, dropped after), else skipped";
}

/** A fresh database on the server (CREATE DATABASE, as createdb does), migrated; dropped by `destroy`. */
export async function createPostgresDatabase(serverUrl: string, migrate = true): Promise<BenchDatabase> {
  const name = `concord_bench_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database: BenchDatabase = {
    kind: "postgres",
    label: "PostgreSQL",
    env: { DATABASE_URL: url.toString() },
    target: { url: url.toString() },
    open: () => openDatabase({ url: url.toString() }),
    async destroy() {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
  if (migrate) {
    const opened = database.open();
    await migrateDatabase(opened);
    await opened.close();
  }
  return database;
}

/** The PostgreSQL server's version line, for the results. */
export async function postgresVersion(serverUrl: string): Promise<string> {
  return (await adminQuery(serverUrl, "select version()")).trim();
}

/** One statement on the server's own database (CREATE/DROP DATABASE cannot run in the database they name). */
async function adminQuery(serverUrl: string, statement: string): Promise<string> {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await client.unsafe(statement);
    return rows.map((row) => Object.values(row).join(" ")).join("\n");
  } finally {
    await client.end({ timeout: 5 });
  }
}
