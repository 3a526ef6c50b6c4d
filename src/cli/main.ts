import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { collectEagerly } from "./heap.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import {
  exportGlossary,
  importGlossary,
  isConcordError,
  type CoreDeps,
  type ImportProblem,
  type ImportSummary,
} from "../core/index.js";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { migrateDatabase, openDatabase, type OpenedDatabase } from "../db/open.js";
import { createStore } from "../db/store.js";
import { IngestFileError, runIngestCommand } from "./ingest.js";
import { parseArgs, USAGE, UsageError, type CliCommand, type ImportFormat } from "./args.js";
import { detectFormat, FORMAT_NAMES, GlossaryFileError, streamGlossaryFile, writeGlossaryFile, type GlossaryStream } from "../formats/index.js";

/** The actor the command line acts as unless `--as` names another; trusted, since it already holds the database. */
export const CLI_ACTOR = "local:cli";

/** Where the command line writes; streams in production, buffers in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A failure the person running the command can fix: printed as it is, without a stack trace. */
class CliFailure extends Error {
  override readonly name = "CliFailure";
  constructor(
    message: string,
    readonly problems: readonly ImportProblem[] = [],
  ) {
    super(message);
  }
}

/** Runs one command line and returns the exit code: 0 done, 1 it failed (problems on stderr), 2 a usage error. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`concord: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    const config = readConfig(env);
    const database = await open(config, command.kind, io);
    let closed = false;
    try {
      const deps = createDeps(config, database, command.kind === "import" || command.kind === "ingest" ? command.as : undefined);
      if (command.kind === "import") await runImport(deps, command, io);
      else if (command.kind === "ingest") io.stdout(await runIngestCommand(deps, command, config.dbt ?? {}, command.as ?? CLI_ACTOR));
      else await runExport(deps, command, io);
    } finally {
      closed = await database.close().then(
        () => true,
        (error: unknown) => (io.stderr(`concord: closing the database failed: ${(error as Error).message}\n`), false),
      );
    }
    return closed ? 0 : 1;
  } catch (error) {
    if (error instanceof CliFailure || error instanceof IngestFileError) {
      io.stderr(`concord: ${error.message}\n`);
      for (const problem of error.problems) io.stderr(`${problem.where}: ${problem.message}\n`);
      return 1;
    }
    if (isConcordError(error)) {
      const problems = (error.details.problems as ImportProblem[] | undefined) ?? [];
      io.stderr(problems.length > 0 ? `concord: nothing was imported; ${countOf(problems.length, "problem")}:\n` : `concord: ${error.message}\n`);
      for (const problem of problems) io.stderr(`${problem.where}: ${problem.message}\n`);
      return 1;
    }
    throw error;
  }
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(`bad setting: ${error.message}`);
    throw error;
  }
}

/** Opens and migrates the database the settings name, as the server does. */
async function open(config: Config, commandName: string, io: CliIo): Promise<OpenedDatabase> {
  let database: OpenedDatabase | undefined;
  try {
    database = openDatabase(config.database.url ? { url: config.database.url } : { dataDir: config.database.dataDir }, {
      what: `concord ${commandName}`,
      onStaleLock: (message) => io.stderr(`concord: ${message}\n`),
    });
    await migrateDatabase(database);
    return database;
  } catch (error) {
    await database?.close().catch(() => {});
    // A server (or another command) holds the embedded database's folder: nothing was opened or written.
    if (error instanceof DataDirInUseError) throw new CliFailure(error.message);
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    if (config.database.url) {
      const { host, pathname } = new URL(config.database.url);
      throw new CliFailure(`cannot open the PostgreSQL database at ${host}${pathname} named by DATABASE_URL: ${reason}`);
    }
    throw new CliFailure(`cannot open the embedded database in DATA_DIR (${config.database.dataDir}): ${reason}`);
  }
}

function createDeps(config: Config, database: OpenedDatabase, as: string | undefined): CoreDeps {
  const admins = new Set(config.governance.admins);
  if (as === undefined) admins.add(CLI_ACTOR);
  return {
    // The outbox is not used by imports and exports; no notifier destinations are needed.
    store: createStore(database.db, { destinations: [] }),
    clock: { now: () => new Date() },
    access: { admins },
    governance: config.governance,
  };
}

async function runImport(deps: CoreDeps, command: Extract<CliCommand, { kind: "import" }>, io: CliIo): Promise<void> {
  const started = performance.now();
  collectEagerly();
  const { format, read } = openInput(command);
  const notAFile = (error: unknown) => {
    if (error instanceof GlossaryFileError) {
      throw new CliFailure(`nothing was imported; ${command.file} is not ${FORMAT_NAMES[format]}:`, error.problems);
    }
    throw error;
  };
  // The reader hands the records over as it reads them, and knows the file's domains and notes once it is through.
  const summary = await importGlossary(deps, { ref: command.as ?? CLI_ACTOR }, read.records, {
    get domains() {
      return read.domains;
    },
    fileName: basename(command.file),
    format,
    dryRun: command.dryRun,
    get notes() {
      return read.notes;
    },
    ...(read.extras ? { extras: read.extras } : {}),
  }).catch(notAFile);
  io.stdout(describeImport(summary, `${command.file} (${format})`, seconds(started)));
}

/** The file of an import, opened in its format; its bytes are not kept once the reader has what it needs of them. */
function openInput(command: Extract<CliCommand, { kind: "import" }>): { format: ImportFormat; read: GlossaryStream } {
  const bytes = readInput(command.file);
  const format = command.format ?? (detectFormat(command.file, bytes.subarray(0, 1_024).toString("utf8")) as ImportFormat);
  try {
    return { format, read: streamGlossaryFile(format, bytes) };
  } catch (error) {
    if (error instanceof GlossaryFileError) {
      throw new CliFailure(`nothing was imported; ${command.file} is not ${FORMAT_NAMES[format]}:`, error.problems);
    }
    throw error;
  }
}

/** What a dry run says it would do with a record. */
const WOULD: Readonly<Record<ImportSummary["items"][number]["action"], string>> = {
  created: "would create",
  proposed: "would propose",
  unchanged: "would leave unchanged",
  refused: "would refuse",
};

/** How many of each item the listing shows in full; proposals and refusals are always listed. */
const LISTED_QUIETLY = 20;

/** What an import did, or a dry run would do: counts, then the records that need a person, then the notes. */
export function describeImport(summary: ImportSummary, what: string, took: string): string {
  const { counts, dryRun } = summary;
  const lines: string[] = [];
  const verb = dryRun ? ["Would create", "would open", "would leave unchanged", "would refuse"] : ["Created", "opened", "left unchanged", "refused"];
  lines.push(
    dryRun ? `Dry run of ${what}: nothing was written.` : `Imported ${what} in ${took}${summary.importId === null ? "" : ` (import #${summary.importId})`}.`,
    `${verb[0]} ${countOf(counts.created, "term")}, ${verb[1]} ${countOf(counts.proposed, "proposal")}, ${verb[2]} ${countOf(counts.unchanged, "term")}, ${verb[3]} ${countOf(counts.refused, "term")}` +
      (summary.newDomains.length > 0 ? `; ${dryRun ? "would add" : "added"} ${countOf(summary.newDomains.length, "domain")} (${summary.newDomains.join(", ")})` : "") +
      ".",
  );
  const shown = { created: 0, unchanged: 0 };
  const hidden = { created: 0, unchanged: 0 };
  const rows: string[] = [];
  for (const item of summary.items) {
    if (item.action === "created" || item.action === "unchanged") {
      if (shown[item.action] >= LISTED_QUIETLY) {
        hidden[item.action]++;
        continue;
      }
      shown[item.action]++;
    }
    const proposal = item.proposalId === undefined || dryRun ? "" : ` as proposal #${item.proposalId}`;
    rows.push(`${item.where}: ${dryRun ? WOULD[item.action] : item.action} ${item.name}${proposal}: ${item.detail}`);
  }
  if (rows.length > 0) lines.push("", ...rows);
  if (hidden.created > 0) lines.push(`…and ${countOf(hidden.created, "more term")} created.`);
  if (hidden.unchanged > 0) lines.push(`…and ${countOf(hidden.unchanged, "more term")} unchanged.`);
  if (summary.notes.length > 0) {
    lines.push("", `Not imported (${countOf(summary.notes.length, "note")}):`, ...summary.notes.map((n) => `${n.where}: ${n.message}`));
  }
  if (counts.proposed > 0 && !dryRun) {
    lines.push("", "The owners of each affected domain get one notice listing the proposals; they vote on them as usual (`pending`).");
  }
  return `${lines.join("\n")}\n`;
}

async function runExport(deps: CoreDeps, command: Extract<CliCommand, { kind: "export" }>, io: CliIo): Promise<void> {
  const started = performance.now();
  const glossary = await exportGlossary(deps);
  const text = writeGlossaryFile(command.format, glossary, deps.clock.now());
  if (!command.out) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(command.out, text);
  } catch (error) {
    throw new CliFailure(`cannot write ${command.out}: ${(error as Error).message}`);
  }
  io.stdout(`Exported ${countOf(glossary.terms.length, "term")} to ${command.out} in ${seconds(started)}.\n`);
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliFailure(code === "ENOENT" ? `there is no file ${file}` : `cannot read ${file}: ${(error as Error).message}`);
  }
}

function countOf(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

/** Runs the command line of this process (`npm run concord -- …`) and sets its exit code. */
export function runCliFromCommandLine(): void {
  const io: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
  runCli(process.argv.slice(2), process.env, io).then(
    (code) => {
      // Setting the code rather than exiting lets a large export finish flushing to a pipe.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`concord stopped on an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) runCliFromCommandLine();
