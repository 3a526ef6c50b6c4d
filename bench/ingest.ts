import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { checkDbtManifest, writeDbtManifest, type ManifestFacts, type ManifestOptions } from "./dbt-manifest.js";
import { runDigestBenchmark, type DigestResult } from "./digest.js";
import type { GeneratedGlossary } from "./generate.js";
import type { BenchDatabase } from "./support/databases.js";
import { ms } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const execute = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BAR_MS = 30_000;
const BAR_MB = 512;
/** The digest's bars hold with the usages too (PRODUCT.md: the digest for 100,000 terms in ≤ 5 s and ≤ 512 MB). */
const DIGEST_BAR_USAGES = 100_000;

export interface IngestRun {
  readonly wallMs: number;
  readonly maxRssMb: number;
  /** The command's own figure: from reading the file to the end of its transaction. */
  readonly tookS: number | null;
  /** The command's first lines: what it did. */
  readonly said: string;
  /** The machine's 1-minute load average as the command started (2 cores: above 2, it waited for a core). */
  readonly load: number;
}

export interface IngestResult {
  readonly domain: string;
  readonly manifest: ManifestFacts;
  readonly fileMb: number;
  /** The project's first ingest: every usage new. */
  readonly first: IngestRun;
  /** A week later: the same project with a share of its descriptions rewritten. */
  readonly changed: IngestRun & { readonly manifest: ManifestFacts };
  /** The changed manifest again: nothing written but when it was received. */
  readonly again: IngestRun;
  readonly againChangedNothing: boolean;
  readonly generateMs: number;
  readonly checkMs: number;
  /**
   * The first digest after the ingests, not counted against the bars: it measures what no digest measured before
   * (on a glossary seeded just now, every variant), as a glossary's first digest does once.
   */
  readonly firstDigest: DigestResult;
  /** The digest built with the project's usages stored, as the weeks after build it, and the load average as it started. */
  readonly digest: DigestResult;
  readonly digestLoad: number;
  readonly barMs: number;
  readonly barMb: number;
}

/**
 * `npm run concord -- ingest dbt manifest.json --domain <slug>` (the compiled command line, as that script runs it) of
 * a generated manifest (bench/dbt-manifest.ts, checked against dbt's v12 schema first) into the seeded glossary, each
 * in a process of its own timed from its start to its exit with its peak RSS: the project's first ingest, the project
 * a week later with a share of its descriptions changed, and that manifest again. Then the digest, as the digest
 * section builds it, with the project's usages stored. The database must be held open by no other process.
 */
export async function runIngestBenchmark(database: BenchDatabase, glossary: GeneratedGlossary, options: ManifestOptions = {}): Promise<IngestResult> {
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`scripts/build.mjs failed: ${built.stderr.trim()}`);
  const domain = glossary.domains.find((d) => d.slug.startsWith("support"))?.slug ?? glossary.domains[0]!.slug;
  const folder = mkdtempSync(join(tmpdir(), "concord-bench-ingest-"));
  try {
    const firstFile = join(folder, "manifest.json");
    const changedFile = join(folder, "manifest-next-week.json");
    const generating = performance.now();
    const manifest = writeDbtManifest(firstFile, glossary, domain, options);
    const next = writeDbtManifest(changedFile, glossary, domain, { ...options, revision: 1 });
    const generateMs = performance.now() - generating;
    const checking = performance.now();
    checkDbtManifest(firstFile);
    const checkMs = performance.now() - checking;

    const run = async (file: string): Promise<IngestRun> => {
      const load = +loadavg()[0]!.toFixed(1);
      const started = performance.now();
      const { stdout } = await execute(process.execPath, ["bench/import-child.mjs", "ingest", "dbt", file, "--domain", domain], {
        cwd: ROOT,
        env: { ...process.env, ...database.env },
        maxBuffer: 64 * 2 ** 20,
        timeout: 15 * 60_000,
      });
      const wallMs = performance.now() - started;
      const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as { code: number; stdout: string; stderr: string; maxRssMb: number };
      if (report.code !== 0) throw new Error(`the ingest failed: ${report.stderr.split("\n").slice(0, 4).join(" ")}`);
      const took = /\bin (\d+(?:\.\d+)?) s\b/.exec(report.stdout);
      return { wallMs, maxRssMb: report.maxRssMb, tookS: took ? Number(took[1]) : null, said: report.stdout.split("\n").slice(0, 2).join(" "), load };
    };
    const first = await run(firstFile);
    const changed = await run(changedFile);
    const again = await run(changedFile);
    const firstDigest = await runDigestBenchmark(database, 1);
    const digestLoad = +loadavg()[0]!.toFixed(1);
    const digest = await runDigestBenchmark(database);
    return {
      domain,
      manifest,
      fileMb: +(manifest.bytes / 2 ** 20).toFixed(1),
      first,
      changed: { ...changed, manifest: next },
      again,
      againChangedNothing: /nothing changed, nothing was written/.test(again.said),
      generateMs: Math.round(generateMs),
      checkMs: Math.round(checkMs),
      firstDigest,
      digest,
      digestLoad,
      barMs: BAR_MS,
      barMb: BAR_MB,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The ingest rows of a database's summary table; the bars are held only at PRODUCT.md's scale. */
export function ingestRows(result: IngestResult): BarRow[] {
  const m = result.manifest;
  const atScale = m.columns >= 100_000;
  const n = (value: number) => value.toLocaleString("en");
  const runRows = (what: string, run: IngestRun): BarRow[] => [
    {
      what: `${what}, from the command to its exit`,
      bar: `≤ ${ms(result.barMs)}`,
      measured: `${ms(run.wallMs)}${run.tookS === null ? "" : ` (the command's own ${run.tookS} s)`}; load ${run.load}`,
      holds: atScale ? run.wallMs <= result.barMs : null,
    },
    { what: "ingest dbt: peak RSS of that command", bar: `≤ ${result.barMb} MB`, measured: `${run.maxRssMb} MB`, holds: atScale ? run.maxRssMb <= result.barMb : null },
  ];
  const d = result.digest;
  const t = d.totals;
  const usages = t.usages ?? 0;
  const digestBars = usages >= DIGEST_BAR_USAGES;
  return [
    {
      what: `ingest: the manifest (${result.fileMb} MB, schema-checked): ${n(m.models)} models, ${n(m.columns)} columns, ${n(m.metrics)} metrics; ${n(m.linked)} linked to ${n(m.terms)} terms`,
      bar: "—",
      measured: `generated in ${ms(result.generateMs)}, checked in ${ms(result.checkMs)}; domain ${result.domain}`,
      holds: null,
    },
    ...runRows("ingest dbt: the project's first ingest", result.first),
    { what: "ingest dbt: what the first ingest said", bar: "—", measured: result.first.said.replace(/^Ingested .*? \(ingest #\d+\)\.\s*/, ""), holds: null },
    ...runRows(`ingest dbt: a week later, ${n(result.changed.manifest.changed)} descriptions changed`, result.changed),
    { what: "ingest dbt: what that ingest said", bar: "—", measured: result.changed.said.replace(/^Ingested .*? \(ingest #\d+\)\.\s*/, ""), holds: null },
    {
      what: "ingest dbt: the same manifest again changes nothing",
      bar: "nothing written",
      measured: `${ms(result.again.wallMs)}, ${result.again.maxRssMb} MB; load ${result.again.load}`,
      holds: result.againChangedNothing,
    },
    {
      what: "digest with usages: the first after the ingests, not counted (it measures what no digest measured yet)",
      bar: "—",
      measured: `${ms(result.firstDigest.medianMs)}, ${result.firstDigest.memory.maxRssMb} MB peak RSS`,
      holds: null,
    },
    {
      what: `digest with ${n(usages)} usages stored: buildDigest, median of ${d.runs}, each in a process of its own (best)`,
      bar: `≤ ${d.barMs / 1000} s`,
      measured: `${ms(d.medianMs)} (best ${ms(d.bestMs)}; ${d.wallMs.join(", ")} ms; CPU ${d.cpuMs.join(", ")} ms); load ${result.digestLoad}`,
      holds: digestBars ? d.medianMs <= d.barMs : null,
    },
    {
      what: "digest with usages: peak RSS of a digest's process, the highest of the runs (kernel maxRSS)",
      bar: `≤ ${d.barMb} MB`,
      measured: `${d.memory.maxRssMb} MB (baseline ${d.memory.baselineRssMb} MB, +${d.memory.peakMinusBaselineMb} MB)`,
      holds: digestBars ? d.memory.maxRssMb <= d.barMb : null,
    },
    {
      what: "digest with usages: what it covered",
      bar: "—",
      measured: `${t.terms} terms, ${t.variants} variants, ${usages} usages (${t.usageDrift ?? 0} drifting, ${t.unused ?? 0} terms unused), ${t.drift} variants drifting`,
      holds: null,
    },
    {
      what: "digest with usages: phases timed alone once",
      bar: "—",
      measured: Object.entries(d.phasesMs).map(([phase, value]) => `${phase} ${ms(value)}`).join(", "),
      holds: null,
    },
  ];
}
