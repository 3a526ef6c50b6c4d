import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import type { OpenedDatabase } from "../src/db/open.js";
import { digestRows, runDigestBenchmark } from "./digest.js";
import { generateGlossary, type GeneratedGlossary } from "./generate.js";
import { liveRows, runLiveBenchmark } from "./live.js";
import { lookupRows, runLookupBenchmark } from "./lookup.js";
import { formatOverlapsResult, runOverlapsBenchmark } from "./overlaps.js";
import { seedGlossary, type SeedResult } from "./seed.js";
import { startRows, runStartBenchmark } from "./start.js";
import { startBenchConcord } from "./support/concord.js";
import {
  describePostgresRule,
  createPgliteDatabase,
  createPostgresDatabase,
  findPostgres,
  postgresVersion,
} from "./support/databases.js";
import { ms, round } from "./support/stats.js";
import { formatBarTable, type BarRow } from "./support/table.js";
import { runVotesBenchmark, votesRows } from "./votes.js";
import { replicaVotesRows, runReplicaVotesBenchmark } from "./replica-votes.js";
import { importRows, runImportBenchmark } from "./import.js";
import { ingestRows, runIngestBenchmark } from "./ingest.js";

const SECTIONS = ["seed", "lookup", "votes", "digest", "start", "live", "import", "ingest", "overlaps"] as const;
type SectionName = (typeof SECTIONS)[number];
/** Sections that need the seeded glossary. */
const NEEDS_SEED: ReadonlySet<SectionName> = new Set(["seed", "lookup", "votes", "digest", "ingest"]);
/** Sections that need the generated glossary, seeded or not. */
const NEEDS_GLOSSARY: ReadonlySet<SectionName> = new Set([...NEEDS_SEED, "import"]);

interface Options {
  readonly only: ReadonlySet<SectionName>;
  readonly terms: number;
  /** Lookups of each kind (exact, alias, fuzzy) per pass. */
  readonly lookups: number;
  readonly voters: number;
  readonly warmRuns: number;
  /** Stories of the live section (each gives every face one tally update and two of the others). */
  readonly stories: number;
  /** Fewer lookups and starts, for a run of under a minute or so (below 100,000 terms unless --full). */
  readonly quick: boolean;
  readonly databases: ReadonlySet<"pglite" | "postgres">;
}

const USAGE =
  "npm run bench -- [--only seed|lookup|votes|digest|start|live|import|ingest|overlaps[,…]] [--terms N] [--lookups N] [--voters N] " +
  "[--warm-runs N] [--stories N] [--database pglite|postgres] [--full]";

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    if (at < 0) return undefined;
    const next = argv[at + 1];
    if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value. Usage: ${USAGE}`);
    return next;
  };
  const whole = (flag: string, fallback: number, least: number): number => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const number = Number(text.replaceAll("_", "").replaceAll(",", ""));
    if (!Number.isInteger(number) || number < least) throw new Error(`${flag} needs a whole number of ${least} or more, got ${text}`);
    return number;
  };
  const known = new Set(["--only", "--terms", "--lookups", "--voters", "--warm-runs", "--stories", "--database", "--full"]);
  for (const [k, arg] of argv.entries()) {
    if (arg.startsWith("--") && !known.has(arg)) throw new Error(`unknown option ${arg}. Usage: ${USAGE}`);
    const previous = argv[k - 1] ?? "";
    if (!arg.startsWith("--") && (!known.has(previous) || previous === "--full")) throw new Error(`unexpected ${arg}. Usage: ${USAGE}`);
  }
  const only = value("--only")?.split(",").map((s) => s.trim());
  for (const name of only ?? []) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: no section "${name}"; the sections are ${SECTIONS.join(", ")}`);
  }
  const database = value("--database");
  if (database !== undefined && database !== "pglite" && database !== "postgres") throw new Error(`--database is pglite or postgres, got ${database}`);
  const terms = whole("--terms", 100_000, 100);
  const quick = terms < 100_000 && !argv.includes("--full");
  return {
    only: new Set((only ?? SECTIONS) as SectionName[]),
    terms,
    lookups: whole("--lookups", quick ? 40 : 250, 10),
    voters: whole("--voters", 200, 2),
    warmRuns: whole("--warm-runs", quick ? 2 : 5, 1),
    stories: whole("--stories", quick ? 12 : 50, 1),
    quick,
    databases: new Set(database ? [database] : (["pglite", "postgres"] as const)),
  };
}

/** What one database's sections produced: the summary rows and everything measured. */
interface DatabaseReport {
  readonly label: string;
  readonly skipped?: string;
  readonly rows: BarRow[];
  readonly results: Record<string, unknown>;
}

const options = parseOptions(process.argv.slice(2));
const runStarted = performance.now();
const loadAtStart = loadavg().map((load) => round(load, 2));
const cores = cpus().length;
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cores,
  cpuModel: cpus()[0]?.model ?? "unknown",
  totalMemoryMb: Math.round(totalmem() / 2 ** 20),
  loadAverageAtStart: loadAtStart,
};
console.log(`Concord bench: ${options.terms.toLocaleString("en")} terms; sections ${[...options.only].join(", ")}`);
if (options.quick) {
  console.log(`  quick run (under 100,000 terms): ${options.lookups} lookups a kind, ${options.warmRuns} warm starts, fewer cold starts; --full for all`);
}
console.log(`  ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryMb} MB, node ${machine.node}; load average ${loadAtStart.join(" ")}`);
if (loadAtStart[0]! > cores) {
  console.log(`  WARNING: the 1-minute load average (${loadAtStart[0]}) is above the ${cores} cores: this machine is busy, the figures are pessimistic.`);
}

const dbSections = [...options.only].filter((s) => s !== "overlaps");
const reports: DatabaseReport[] = [];
let glossary: GeneratedGlossary | undefined;
if (dbSections.length > 0) {
  const needsGlossary = dbSections.some((s) => NEEDS_GLOSSARY.has(s));
  if (needsGlossary) {
    const started = performance.now();
    glossary = generateGlossary({ terms: options.terms });
    console.log(`\ngenerated ${glossary.terms.length.toLocaleString("en")} terms in ${ms(performance.now() - started)}`);
  }
  for (const kind of ["pglite", "postgres"] as const) {
    if (!options.databases.has(kind)) continue;
    reports.push(await benchDatabase(kind, glossary));
  }
}

let overlaps: ReturnType<typeof runOverlapsBenchmark> | undefined;
if (options.only.has("overlaps")) {
  console.log("\noverlaps (in memory, no database)");
  overlaps = runOverlapsBenchmark({ terms: options.terms });
  console.log(formatOverlapsResult(overlaps));
}

const loadAtEnd = loadavg().map((load) => round(load, 2));
console.log(`\n${"=".repeat(100)}\nPRODUCT.md's quality bars beside the measured figures (${options.terms.toLocaleString("en")} terms)`);
console.log(
  "  Lookup handling is the whole of it: signed request in → the ephemeral answer posted to the response_url.\n" +
    "  The client, Concord and the fake Slack share this machine (and, on PGlite, Concord's process holds the database).",
);
for (const report of reports) {
  console.log(`\n${report.label}${report.skipped ? `: skipped, ${report.skipped}` : ""}`);
  if (report.rows.length > 0) console.log(formatBarTable(report.rows));
}
if (overlaps) {
  console.log(`\noverlaps (in memory): median ${ms(overlaps.wallMs.median)}, recall ${(overlaps.plantedRecall * 100).toFixed(1)}% (not a PRODUCT.md bar; the digest row includes it)`);
}
const verdicts = reports.flatMap((r) => r.rows.filter((row) => row.holds !== null).map((row) => ({ db: r.label, row })));
const failing = verdicts.filter((v) => v.row.holds === false);
console.log(`\n${verdicts.length - failing.length} of ${verdicts.length} bars hold${failing.length > 0 ? "; not holding:" : "."}`);
for (const { db, row } of failing) console.log(`  ✗ ${db}: ${row.what} — ${row.measured} (bar ${row.bar})`);
console.log(`load average at start ${loadAtStart.join(" ")}, at end ${loadAtEnd.join(" ")} (${cores} cores); whole run ${ms(performance.now() - runStarted)}`);
if (loadAtStart[0]! > cores || loadAtEnd[0]! > cores) console.log("WARNING: the machine was busier than its cores; the figures are pessimistic.");

const folder = new URL("./results/", import.meta.url);
mkdirSync(folder, { recursive: true });
const file = new URL("bench.json", folder);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      machine: { ...machine, loadAverageAtEnd: loadAtEnd },
      options: { ...options, only: [...options.only], databases: [...options.databases] },
      wallMs: Math.round(performance.now() - runStarted),
      databases: reports,
      ...(overlaps ? { overlaps } : {}),
    },
    null,
    2,
  )}\n`,
);
if (overlaps) writeFileSync(new URL("overlaps.json", folder), `${JSON.stringify({ at: machine.date, ...overlaps }, null, 2)}\n`);
console.log(`written to ${file.pathname}`);
process.exit(0);

/** Seeds one database and runs the selected sections on it; a failing section becomes a ✗ row, not a stop. */
async function benchDatabase(kind: "pglite" | "postgres", glossary: GeneratedGlossary | undefined): Promise<DatabaseReport> {
  const label = kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL";
  let serverUrl: string | undefined;
  const results: Record<string, unknown> = {};
  const rows: BarRow[] = [];
  if (kind === "postgres") {
    const found = await findPostgres();
    console.log(`\n${label}: ${"skip" in found ? "" : "using "}${describePostgresRule()}`);
    if ("skip" in found) {
      console.log(`\n${label}: skipped, ${found.skip} (set BENCH_DATABASE_URL to a server the bench may create databases on)`);
      return { label, skipped: found.skip, rows, results };
    }
    serverUrl = found.serverUrl;
    results.server = await postgresVersion(serverUrl);
  }
  console.log(`\n${label}${results.server ? ` — ${String(results.server).split(",")[0]}` : ""}`);
  const section = async (name: SectionName, work: () => Promise<BarRow[]>) => {
    if (!options.only.has(name)) return;
    const started = performance.now();
    try {
      const made = await work();
      rows.push(...made);
      console.log(`  ${name} done in ${ms(performance.now() - started)}`);
      console.log(formatBarTable(made));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results[name] = { error: message };
      rows.push({ what: `${name}: FAILED`, bar: "—", measured: message.split("\n")[0]!.slice(0, 160), holds: false });
      console.log(`  ${name} FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
    }
  };

  const seeded = dbSections.some((s) => NEEDS_SEED.has(s))
    ? kind === "pglite"
      ? await createPgliteDatabase()
      : await createPostgresDatabase(serverUrl!)
    : undefined;
  // Ctrl-C still drops the bench's database (or folder): a shared server should not keep 175 MB of test glossary.
  const onInterrupt = () => {
    console.log(`\ninterrupted: removing the ${label} bench database`);
    void (seeded?.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", onInterrupt);
  let opened: OpenedDatabase | undefined;
  const close = async () => {
    await opened?.close();
    opened = undefined;
  };
  try {
    if (seeded && glossary) {
      opened = seeded.open();
      try {
        const seed = await seedGlossary(opened, glossary, { now: new Date(), progress: (line) => console.log(`  seed: ${line}`) });
        results.seed = seed;
        if (options.only.has("seed")) rows.push(...seedRows(seed));
        console.log(formatBarTable(seedRows(seed)));
      } catch (error) {
        // Nothing else can run on a glossary that is not there.
        const message = error instanceof Error ? error.message : String(error);
        console.log(`  seed FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
        results.seed = { error: message };
        rows.push({ what: "seed: FAILED (the other sections were not run)", bar: "—", measured: message.split("\n")[0]!.slice(0, 160), holds: false });
        return { label, rows, results };
      }
    }

    await section("lookup", async () => {
      const bench = await startBenchConcord(opened!);
      try {
        const result = await runLookupBenchmark(bench, opened!, glossary!, {
          perKind: options.lookups,
          concurrency: 8,
          ...(options.quick ? { fuzzyPassMs: 2_000 } : {}),
        });
        results.lookup = result;
        return lookupRows(result);
      } finally {
        await bench.stop();
      }
    });
    // The digest runs in a process of its own, which must be the only one holding a PGlite folder open.
    await close();
    await section("digest", async () => {
      const result = await runDigestBenchmark(seeded!);
      results.digest = result;
      return digestRows(result);
    });
    await section("votes", async () => {
      opened = seeded!.open();
      const bench = await startBenchConcord(opened);
      try {
        // A first burst of the same size, on a proposal of its own, compiles the request path and opens the
        // connections a running server keeps (as the lookups' warm-up does); it is reported, not counted.
        const warmUp = await runVotesBenchmark(bench, opened, options.voters);
        console.log(`  votes warm-up: ${warmUp.voters} votes, ${warmUp.votesPerSecond} votes/s (not counted)`);
        const result = await runVotesBenchmark(bench, opened, options.voters);
        results.votes = { ...result, warmUpVotesPerSecond: warmUp.votesPerSecond };
        if (kind === "pglite") return votesRows(result);
        // Replicas share a PostgreSQL database; an embedded one is locked to the process that opened it.
        const replicas = await runReplicaVotesBenchmark(bench, opened, seeded!, glossary!, options.voters);
        results.replicaVotes = replicas;
        return [...votesRows(result), ...replicaVotesRows(replicas)];
      } finally {
        await bench.stop();
        await close();
      }
    });
    await section("start", async () => {
      const result = await runStartBenchmark(kind, {
        warmRuns: options.warmRuns,
        quick: options.quick,
        ...(seeded ? { seeded } : {}),
        ...(serverUrl ? { serverUrl } : {}),
      });
      results.start = result;
      return startRows(result);
    });
    // On databases of their own: what people see needs no 100,000-term glossary, and must not write to it.
    await section("live", async () => {
      const made: BarRow[] = [];
      const runs: unknown[] = [];
      for (const replicas of kind === "pglite" ? ([1] as const) : ([1, 2] as const)) {
        const fresh = kind === "pglite" ? await createPgliteDatabase() : await createPostgresDatabase(serverUrl!);
        try {
          const result = await runLiveBenchmark(fresh, { iterations: options.stories, replicas });
          runs.push(result);
          made.push(...liveRows(result));
        } finally {
          await fresh.destroy();
        }
      }
      results.live = runs;
      return made;
    });
    // Into an empty database of its own: a new PGlite folder (as a first import makes) or a new PostgreSQL database.
    await section("import", async () => {
      const target =
        kind === "pglite"
          ? { env: { DATA_DIR: join(mkdtempSync(join(tmpdir(), "concord-bench-import-db-")), "data") }, destroy: async () => {} }
          : await createPostgresDatabase(serverUrl!, false);
      try {
        const result = await runImportBenchmark(glossary!, target.env);
        results.import = result;
        return importRows(result);
      } finally {
        await target.destroy();
        if (kind === "pglite") rmSync(dirname(target.env.DATA_DIR!), { recursive: true, force: true });
      }
    });
    // Last, into the seeded glossary: the usages it stores would change what the digest section measures.
    await section("ingest", async () => {
      await close();
      const result = await runIngestBenchmark(seeded!, glossary!);
      results.ingest = result;
      return ingestRows(result);
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    await close().catch(() => {});
    await seeded?.destroy().catch((error: unknown) => console.log(`  could not remove the ${label} bench database: ${String(error)}`));
  }
  return { label, rows, results };
}

function seedRows(seed: SeedResult): BarRow[] {
  const c = seed.counts;
  return [
    {
      what: "seed: terms, aliases, domains (owners), variants (stale), versions, consumers",
      bar: "—",
      measured:
        `${c.terms.toLocaleString("en")}, ${c.aliases.toLocaleString("en")}, ${c.domains} (${c.owners}), ${c.variants.toLocaleString("en")} ` +
        `(${c.staleVariants}), ${c.versions.toLocaleString("en")}, ${c.consumers.toLocaleString("en")}`,
      holds: null,
    },
    {
      what: "seed: time (domains, terms through insertMany, analyze); database size",
      bar: "—",
      measured: `${ms(seed.ms.total)} (${ms(seed.ms.domains)}, ${ms(seed.ms.terms)}, ${ms(seed.ms.analyze)}); ${seed.databaseSizeMb} MB`,
      holds: null,
    },
  ];
}
