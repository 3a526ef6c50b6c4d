import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { searchOverlaps, type Overlap, type OverlapSearchStats } from "../src/core/glossary/overlaps.js";
import { generateGlossary, type PlantedKind } from "./generate.js";

/** What one run of the overlap benchmark measured; written to bench/results/overlaps.json. */
export interface OverlapsBenchmarkResult {
  readonly terms: number;
  readonly runs: number;
  /** LSH and hash-map candidates, definitions and names, each counted once per pair. */
  readonly candidatePairsChecked: number;
  readonly stats: OverlapSearchStats;
  readonly overlapsFound: number;
  readonly byReason: Readonly<Record<string, number>>;
  readonly planted: number;
  readonly plantedFound: number;
  readonly plantedRecall: number;
  readonly recallByKind: Readonly<Partial<Record<PlantedKind, { found: number; planted: number }>>>;
  /** Reported pairs that were not planted. */
  readonly unplantedFound: number;
  readonly wallMs: { readonly best: number; readonly median: number; readonly all: readonly number[] };
  /** Process CPU time (user + system) of the median run: less sensitive than wall time to a busy machine. */
  readonly cpuMsMedianRun: number;
  readonly memory: { readonly peakRssMb: number; readonly heapUsedAfterMb: number; readonly heapGrowthMb: number };
  readonly loadAverage: readonly number[];
  readonly barMs: number;
  readonly barHolds: boolean;
}

const BAR_MS = 5_000;
const RUNS = 3;

/** Generates a glossary of `terms` terms and times `findOverlaps` on it, best and median of three runs. */
export function runOverlapsBenchmark(options: { terms?: number; seed?: number } = {}): OverlapsBenchmarkResult {
  const terms = options.terms ?? 100_000;
  const glossary = generateGlossary({ terms, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const walls: number[] = [];
  const cpus: number[] = [];
  let overlaps: readonly Overlap[] = [];
  let stats: OverlapSearchStats | undefined;
  let heapUsedAfter = 0;
  let heapGrowth = 0;
  for (let run = 0; run < RUNS; run++) {
    const heapBefore = process.memoryUsage().heapUsed;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    ({ overlaps, stats } = searchOverlaps(glossary.terms, { limit: Number.POSITIVE_INFINITY }));
    walls.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1_000);
    heapUsedAfter = Math.max(heapUsedAfter, process.memoryUsage().heapUsed);
    heapGrowth = Math.max(heapGrowth, process.memoryUsage().heapUsed - heapBefore);
  }

  const key = (a: number, b: number) => `${a}:${b}`;
  const found = new Set(overlaps.map((overlap) => key(overlap.a, overlap.b)));
  const plantedKeys = new Set(glossary.planted.map((pair) => key(pair.a, pair.b)));
  const recallByKind: Partial<Record<PlantedKind, { found: number; planted: number }>> = {};
  for (const pair of glossary.planted) {
    const kind = (recallByKind[pair.kind] ??= { found: 0, planted: 0 });
    kind.planted += 1;
    if (found.has(key(pair.a, pair.b))) kind.found += 1;
  }
  const plantedFound = glossary.planted.filter((pair) => found.has(key(pair.a, pair.b))).length;
  const byReason: Record<string, number> = {};
  for (const overlap of overlaps) byReason[overlap.reason] = (byReason[overlap.reason] ?? 0) + 1;
  const sorted = [...walls].sort((x, y) => x - y);
  const median = sorted[Math.floor(RUNS / 2)]!;
  const medianIndex = walls.indexOf(median);
  return {
    terms: glossary.terms.length,
    runs: RUNS,
    candidatePairsChecked: stats!.candidatePairs,
    stats: stats!,
    overlapsFound: overlaps.length,
    byReason,
    planted: glossary.planted.length,
    plantedFound,
    plantedRecall: round(plantedFound / Math.max(1, glossary.planted.length), 4),
    recallByKind,
    unplantedFound: overlaps.filter((overlap) => !plantedKeys.has(key(overlap.a, overlap.b))).length,
    wallMs: { best: round(sorted[0]!, 0), median: round(median, 0), all: walls.map((ms) => round(ms, 0)) },
    cpuMsMedianRun: round(cpus[medianIndex]!, 0),
    memory: {
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      heapUsedAfterMb: round(heapUsedAfter / 2 ** 20, 1),
      heapGrowthMb: round(heapGrowth / 2 ** 20, 1),
    },
    loadAverage: loadavg().map((load) => round(load, 2)),
    barMs: BAR_MS,
    barHolds: median < BAR_MS,
  };
}

/** The result as a small table for the terminal. */
export function formatOverlapsResult(result: OverlapsBenchmarkResult): string {
  const kinds = Object.entries(result.recallByKind)
    .map(([kind, counts]) => `${kind} ${counts.found}/${counts.planted}`)
    .join(", ");
  const rows: [string, string][] = [
    ["terms", result.terms.toLocaleString("en")],
    [
      "candidate pairs checked",
      `${result.candidatePairsChecked.toLocaleString("en")} (definitions ${result.stats.definitionCandidates.toLocaleString("en")}, ` +
        `of which ${result.stats.definitionChecks.toLocaleString("en")} scored; names ${result.stats.nameCandidates.toLocaleString("en")})`,
    ],
    ["overlaps found", `${result.overlapsFound} (${Object.entries(result.byReason).map(([r, n]) => `${r} ${n}`).join(", ")})`],
    ["planted recall", `${result.plantedFound}/${result.planted} = ${(result.plantedRecall * 100).toFixed(1)}% (${kinds})`],
    ["unplanted pairs reported", String(result.unplantedFound)],
    ["time (wall)", `best ${result.wallMs.best} ms, median ${result.wallMs.median} ms of ${result.runs} (${result.wallMs.all.join(", ")})`],
    ["time (CPU, median run)", `${result.cpuMsMedianRun} ms`],
    ["memory", `peak RSS ${result.memory.peakRssMb} MB, heap used ${result.memory.heapUsedAfterMb} MB (+${result.memory.heapGrowthMb} MB in a run)`],
    ["load average", result.loadAverage.map((load) => load.toFixed(2)).join(" ")],
    [`bar < ${result.barMs / 1000} s (median)`, result.barHolds ? "holds" : "FAILS"],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n");
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `--terms N` from the command line, else the default. */
export function termsArgument(argv: readonly string[]): number | undefined {
  const at = argv.indexOf("--terms");
  if (at < 0) return undefined;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 2) throw new Error(`--terms needs a whole number of 2 or more, got ${argv[at + 1]}`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const terms = termsArgument(process.argv.slice(2));
  console.log(formatOverlapsResult(runOverlapsBenchmark(terms === undefined ? {} : { terms })));
}
