import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { migrateDatabase, openDatabase } from "../../src/db/open.js";
import { rowsOf } from "../../src/db/rows.js";
import { seedPgliteFolder } from "../../src/db/pglite-template.js";
import { auditEvents, definitionVersions, domains, members, termAliases, termConsumers, terms, variants } from "../../src/db/schema/index.js";
import { createTestDatabase } from "../support/databases.js";
import { eventually } from "../support/eventually.js";
import { changedTables, snapshotTables } from "./support/snapshot.js";

const root = new URL("../..", import.meta.url).pathname;
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Enough terms that the import's one transaction runs for seconds (some 30 MB of WAL on PGlite). */
const TERMS = 5_000;
const DOMAINS = ["finance", "marketing", "sales", "support"];
/** What the whole file imports: each term has two versions, two aliases, two consumers and one variant. */
const FULL = {
  terms: TERMS,
  versions: 2 * TERMS,
  aliases: 2 * TERMS,
  consumers: 2 * TERMS,
  variants: TERMS,
  domains: DOMAINS.length,
};

/** A Concord JSON glossary of TERMS terms, with history, aliases, consumers and variants. */
function writeLargeGlossary(file: string): void {
  const records = Array.from({ length: TERMS }, (_, i) => {
    const text = `The count of orders placed in region ${i} over the trailing ${(i % 90) + 1} days, excluding refunds and test accounts.`;
    return {
      name: `Metric ${String(i).padStart(6, "0")}`,
      definition: text,
      aliases: [`m${i} alias`, `metric number ${i}`],
      owner: "sales",
      consumers: ["finance", "support"],
      tags: ["kpi"],
      status: "active",
      variants: [{ domain: "support", text: `Orders in region ${i} as support counts them.`, baseVersion: 2 }],
      versions: [
        { version: 1, text: `Earlier wording for metric ${i}.`, agreedAt: "2025-01-01T00:00:00Z", proposedBy: "local:ada" },
        { version: 2, text, agreedAt: "2025-06-01T00:00:00Z", proposedBy: "local:bob" },
      ],
    };
  });
  const named = DOMAINS.map((slug) => ({ slug, name: slug[0]!.toUpperCase() + slug.slice(1) }));
  writeFileSync(file, JSON.stringify({ concord: 1, domains: named, terms: records }));
}

/** The rows an import writes, by kind; `audit` and `members` are left out of FULL (how many an import writes is its own affair). */
async function countRows(db: Database) {
  const n = async (table: Parameters<ReturnType<Database["select"]>["from"]>[0]) => {
    const [row] = await db.select({ n: count() }).from(table);
    return row!.n;
  };
  return {
    terms: await n(terms),
    versions: await n(definitionVersions),
    aliases: await n(termAliases),
    consumers: await n(termConsumers),
    variants: await n(variants),
    domains: await n(domains),
    audit: await n(auditEvents),
    members: await n(members),
  };
}

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `concord import <file> --format json` in a process of its own, as `npm run concord` runs it. */
function startImport(file: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "import", file, "--format", "json"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/**
 * Polls `midImport` until it says the import is writing, then kills the process with SIGKILL. Fails when the
 * process ends first: a kill that never landed inside the import proves nothing.
 */
async function killWhileWriting(run: Run, midImport: () => Promise<boolean>): Promise<void> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  for (;;) {
    if (ended) {
      const { code, stdout, stderr } = await run.exited;
      throw new Error(`the import ended (exit ${code}) before it was seen writing:\n${stdout}${stderr}`);
    }
    if (await midImport()) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  run.child.kill("SIGKILL");
  expect((await run.exited).signal).toBe("SIGKILL");
}

/**
 * After a kill inside the import's transaction nothing of it may be in the glossary, in any table (an import that
 * commits as it goes leaves half of itself here); a second import of the same file then succeeds and brings all of it.
 */
async function expectNothingThenAll(
  readDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>,
  before: Awaited<ReturnType<typeof snapshotTables>>,
  again: () => Promise<Awaited<Run["exited"]>>,
): Promise<void> {
  const afterKill = await readDb(async (db) => ({ snapshot: await snapshotTables(db), counts: await countRows(db) }));
  expect({ changed: changedTables(before, afterKill.snapshot), counts: afterKill.counts }).toEqual({
    changed: {},
    counts: { ...Object.fromEntries(Object.keys(FULL).map((key) => [key, 0])), audit: 0, members: 0 },
  });
  const second = await again();
  expect(second, second.stderr).toMatchObject({ code: 0, stderr: "" });
  const { audit, members: people, ...imported } = await readDb(countRows);
  expect(imported).toEqual(FULL);
  // The import is audited, and names who ran it.
  expect(audit).toBeGreaterThan(0);
  expect(people).toBeGreaterThan(0);
}

// Each case imports the file twice (once killed): seconds each, more on a loaded machine.
const CASE_TIMEOUT = 90_000;

describe("an import killed with SIGKILL while it writes leaves nothing of itself", () => {
  let folder: string;
  let file: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "concord-import-kill-"));
    file = join(folder, "large.json");
    writeLargeGlossary(file);
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  describe.skipIf(!hasPostgres)(`[postgres${hasPostgres ? "" : ": skipped, TEST_DATABASE_URL is not set"}]`, () => {
    it("rolls the killed import back; the same file then imports whole", { timeout: CASE_TIMEOUT }, async () => {
      const database = await createTestDatabase("postgres");
      const name = new URL(database.url!).pathname.slice(1);
      const watcher = postgres(database.url!, { max: 1, onnotice: () => {} });
      try {
        const before = await snapshotTables(database.db);
        // Writing: a backend of this database holds the lock an insert into `terms` takes, inside the import's
        // transaction; or rows of the import are visible from outside while it runs (an import that commits as it
        // goes), which must then fail the check below.
        const midImport = async () => {
          const [row] = await watcher`
            select
              (select count(*)::int from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where a.datname = ${name} and l.relation = 'terms'::regclass and l.mode = 'RowExclusiveLock'
                  and a.pid <> pg_backend_pid()) as writing,
              (select count(*)::int from terms) as visible`;
          return (row!.writing as number) > 0 || (row!.visible as number) > 0;
        };
        const env = { DATABASE_URL: database.url! };
        await killWhileWriting(startImport(file, env), midImport);
        // PostgreSQL rolls the transaction back when it finds its client gone; wait until its backend has let go.
        await eventually(async () => {
          const [row] = await watcher`
            select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where a.datname = ${name} and l.relation = 'terms'::regclass and a.pid <> pg_backend_pid()`;
          expect(row!.n).toBe(0);
        });
        await expectNothingThenAll((work) => work(database.db), before, () => startImport(file, env).exited);
      } finally {
        await watcher.end();
        await database.close();
      }
    });
  });

  describe("[pglite]", () => {
    it("opens again after the kill (the stale lock taken over), without the killed import; the same file then imports whole", { timeout: CASE_TIMEOUT }, async () => {
      const dataDir = join(folder, "data");
      seedPgliteFolder(dataDir);
      const readDb = async <T>(work: (db: Database) => Promise<T>, stale?: string[], migrate = false): Promise<T> => {
        const opened = openDatabase({ dataDir }, { what: "the import-kill test", ...(stale ? { onStaleLock: (message: string) => stale.push(message) } : {}) });
        try {
          if (migrate) await migrateDatabase(opened);
          return await work(opened.db);
        } finally {
          await opened.close();
        }
      };
      // Migrated first, as the command line will (the stored template may lack the newest migrations).
      const { before, termsFile } = await readDb(
        async (db) => ({
          before: await snapshotTables(db),
          termsFile: join(dataDir, rowsOf<{ path: string }>(await db.execute(sql`select pg_relation_filepath('terms') as path`))[0]!.path),
        }),
        undefined,
        true,
      );
      const sizeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      const emptySize = sizeOf(termsFile);
      // Nothing outside the process can see into the embedded database while it runs; its files can be watched. A
      // table grows on disk as rows are inserted, before they commit: the import is writing its terms.
      const midImport = async () => sizeOf(termsFile) > emptySize;
      const env = { DATA_DIR: dataDir };
      await killWhileWriting(startImport(file, env), midImport);

      // The killed process's lock is still in the folder: the next to open it takes it over, and PGlite recovers.
      const stale: string[] = [];
      await readDb(async () => {}, stale);
      expect(stale).toEqual([expect.stringMatching(/was locked by process \d+ \(concord import since .*\), which is no longer running; taking it over$/)]);
      await expectNothingThenAll(readDb, before, () => startImport(file, env).exited);
    });
  });
});
