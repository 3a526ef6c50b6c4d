import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { BenchDatabase } from "./support/databases.js";
import { median, ms } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const execute = promisify(execFile);
const BAR_MS = 5_000;
const BAR_MB = 512;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface DigestResult {
  readonly runs: number;
  readonly wallMs: readonly number[];
  readonly cpuMs: readonly number[];
  readonly bestMs: number;
  readonly medianMs: number;
  readonly totals: Record<string, number>;
  readonly memory: {
    /** RSS after opening the database, before building. */
    readonly baselineRssMb: number;
    readonly baselineMaxRssMb: number;
    /** Highest RSS seen by the 20 ms sampler (it cannot sample while synchronous work holds the thread). */
    readonly sampledPeakRssMb: number;
    /** The kernel's high-water mark of the process (getrusage maxRSS): the figure held against the bar. */
    readonly maxRssMb: number;
    readonly peakMinusBaselineMb: number;
  };
  readonly phasesMs: Record<string, number>;
  readonly barMs: number;
  readonly barMb: number;
}

/**
 * Runs bench/digest-child.mjs on the database (which no other process may hold open, for PGlite) `runs` times, one
 * digest per process: a digest is a weekly job, so each is measured as it runs, without the garbage of the one
 * before it. Time is the median; memory the highest peak of any of them.
 */
export async function runDigestBenchmark(database: BenchDatabase, runs = 3): Promise<DigestResult> {
  const where = "url" in database.target ? database.target.url : database.target.dataDir;
  type Child = Omit<DigestResult, "bestMs" | "medianMs" | "barMs" | "barMb" | "memory" | "runs"> & {
    memory: Omit<DigestResult["memory"], "peakMinusBaselineMb">;
  };
  const children: Child[] = [];
  for (let run = 0; run < runs; run++) {
    const { stdout } = await execute(process.execPath, ["bench/digest-child.mjs", where, "1"], {
      cwd: ROOT,
      maxBuffer: 16 * 2 ** 20,
      timeout: 10 * 60_000,
    });
    children.push(JSON.parse(stdout.trim().split("\n").at(-1)!) as Child);
  }
  const wallMs = children.flatMap((c) => c.wallMs);
  const highest = children.reduce((top, c) => (c.memory.maxRssMb > top.memory.maxRssMb ? c : top));
  return {
    runs,
    wallMs,
    cpuMs: children.flatMap((c) => c.cpuMs),
    totals: children[0]!.totals,
    phasesMs: children.at(-1)!.phasesMs,
    bestMs: Math.min(...wallMs),
    medianMs: median(wallMs),
    memory: {
      baselineRssMb: highest.memory.baselineRssMb,
      baselineMaxRssMb: highest.memory.baselineMaxRssMb,
      sampledPeakRssMb: Math.max(...children.map((c) => c.memory.sampledPeakRssMb)),
      maxRssMb: highest.memory.maxRssMb,
      peakMinusBaselineMb: +(highest.memory.maxRssMb - highest.memory.baselineRssMb).toFixed(1),
    },
    barMs: BAR_MS,
    barMb: BAR_MB,
  };
}

/** The digest rows of a database's summary table. */
export function digestRows(result: DigestResult): BarRow[] {
  const t = result.totals;
  const phases = Object.entries(result.phasesMs).map(([phase, value]) => `${phase} ${ms(value)}`).join(", ");
  return [
    {
      what: `digest: buildDigest, median of ${result.runs}, each in a process of its own (best; all)`,
      bar: `≤ ${result.barMs / 1000} s`,
      measured: `${ms(result.medianMs)} (best ${ms(result.bestMs)}; ${result.wallMs.join(", ")} ms; CPU ${result.cpuMs.join(", ")} ms)`,
      holds: result.medianMs <= result.barMs,
    },
    {
      what: "digest: peak RSS of a digest's process, the highest of the runs (kernel maxRSS, incl. Node and the database)",
      bar: `≤ ${result.barMb} MB`,
      measured: `${result.memory.maxRssMb} MB (baseline ${result.memory.baselineRssMb} MB, +${result.memory.peakMinusBaselineMb} MB; sampled peak ${result.memory.sampledPeakRssMb} MB)`,
      holds: result.memory.maxRssMb <= result.barMb,
    },
    {
      what: "digest: what it covered",
      bar: "—",
      measured: `${t.terms} terms, ${t.domains} domains, ${t.variants} variants, ${t.overlaps} overlaps, ${t.drift} drifting, ${t.stale} stale`,
      holds: null,
    },
    { what: "digest: phases timed alone once", bar: "—", measured: phases, holds: null },
  ];
}
