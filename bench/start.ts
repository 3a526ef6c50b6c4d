import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startConcord } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createPostgresDatabase, type BenchDatabase } from "./support/databases.js";
import { createQuietLogger, freePort, median, ms, round } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const BAR_MS = 2_000;
/** A first start on a new folder may take longer: it unpacks the database. */
const COLD_BAR_MS = 3_000;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const POLL_MS = 20;

/**
 * How Concord is launched: `npm start` as a user types it (npm's own start included; it runs the JavaScript that
 * `npm install` compiled), and, for comparison, the TypeScript sources through tsx's loader as the tests run them.
 */
const LAUNCHERS = {
  "npm start": ["npm", ["start"]],
  "node --import tsx src/main.ts": [process.execPath, ["--import", "tsx", "src/main.ts"]],
} as const satisfies Record<string, readonly [string, readonly string[]]>;
type Launcher = keyof typeof LAUNCHERS;
const NPM_START: Launcher = "npm start";

export interface StartTimings {
  /** Launchers not started cold in a quick run are missing. */
  readonly coldMs: Readonly<Partial<Record<Launcher, number>>>;
  readonly warmMs: Readonly<Record<Launcher, readonly number[]>>;
  readonly warmMedianMs: Readonly<Record<Launcher, number>>;
  /** One start of `npm start` on the seeded database, when there is one. */
  readonly seededMs: number | null;
  /** `startConcord` alone, in this process (modules already loaded): Concord's own part of the start. */
  readonly inProcess: { readonly coldMs: number | null; readonly warmMs: readonly number[]; readonly warmMedianMs: number };
}

export interface StartResult extends StartTimings {
  readonly kind: "pglite" | "postgres";
  readonly warmRuns: number;
  readonly barMs: number;
  readonly coldBarMs: number;
}

/**
 * Start to ready: spawn Concord, poll GET /healthz every 20 ms until it answers 200. Cold on an empty DATA_DIR (or a
 * new, unmigrated PostgreSQL database), then warm (migrated) `warmRuns` times for each launcher.
 */
export async function runStartBenchmark(
  kind: "pglite" | "postgres",
  options: { warmRuns: number; seeded?: BenchDatabase; serverUrl?: string; quick?: boolean },
): Promise<StartResult> {
  const made: (() => Promise<void>)[] = [];
  const fresh = async (): Promise<Record<string, string>> => {
    if (kind === "pglite") {
      const folder = mkdtempSync(join(tmpdir(), "concord-start-"));
      made.push(async () => rmSync(folder, { recursive: true, force: true }));
      return { DATA_DIR: join(folder, "data") };
    }
    const database = await createPostgresDatabase(options.serverUrl!, false);
    made.push(() => database.destroy());
    return { ...database.env };
  };
  // What `npm install` does before a user's first start: compile the sources (a no-op when they have not changed).
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`scripts/build.mjs failed: ${built.stderr.trim()}`);
  try {
    const coldMs: Partial<Record<Launcher, number>> = {};
    const warmMs = {} as Record<Launcher, number[]>;
    let warmEnv: Record<string, string> | undefined;
    for (const launcher of Object.keys(LAUNCHERS) as Launcher[]) {
      // A quick run starts cold once (a first start creates the folder or database), and reuses it.
      const env = warmEnv && options.quick ? warmEnv : await fresh();
      if (!(warmEnv && options.quick)) coldMs[launcher] = await timeSpawn(launcher, env);
      warmEnv ??= env;
      warmMs[launcher] = [];
      for (let run = 0; run < options.warmRuns; run++) warmMs[launcher].push(await timeSpawn(launcher, env));
    }
    const seededMs = options.seeded && !options.quick ? await timeSpawn(NPM_START, { ...options.seeded.env }) : null;

    const inProcessCold = options.quick ? null : await timeInProcess(await fresh());
    const inProcessWarm: number[] = [];
    for (let run = 0; run < Math.max(3, options.warmRuns); run++) inProcessWarm.push(await timeInProcess(warmEnv!));
    return {
      kind,
      warmRuns: options.warmRuns,
      coldMs,
      warmMs,
      warmMedianMs: Object.fromEntries(Object.entries(warmMs).map(([launcher, runs]) => [launcher, round(median(runs), 0)])) as Record<Launcher, number>,
      seededMs,
      inProcess: { coldMs: inProcessCold, warmMs: inProcessWarm, warmMedianMs: round(median(inProcessWarm), 0) },
      barMs: BAR_MS,
      coldBarMs: COLD_BAR_MS,
    };
  } finally {
    for (const clean of made.reverse()) await clean().catch(() => {});
  }
}

/** The environment Concord starts with: this one without chat or storage settings, plus `extra`. */
function childEnv(port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|MICROSOFT_|DATABASE_URL|DATA_DIR|PORT|HOST|CONSOLE|PAGES|ADMIN_USERS|GLOSSARY_CHANNEL)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, PORT: String(port), LOG_LEVEL: "warn", npm_config_update_notifier: "false", ...extra };
}

/** Spawns Concord and measures spawn → first 200 from /healthz; then stops it (SIGTERM to its process group). */
async function timeSpawn(launcher: Launcher, extra: Record<string, string>): Promise<number> {
  const port = await freePort();
  const [command, args] = LAUNCHERS[launcher];
  const started = performance.now();
  const child = spawn(command, [...args], { cwd: ROOT, env: childEnv(port, extra), stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`Concord (${launcher}) exited before it was ready: ${stderr.trim().split("\n").slice(-3).join(" / ")}`);
      if ((await healthStatus(port)) === 200) return round(performance.now() - started, 0);
      if (performance.now() - started > 60_000) throw new Error(`Concord (${launcher}) was not ready within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    if (!gone) process.kill(-child.pid!, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    // npx's children may outlive it for a moment; wait until the port is free so PGlite's folder is let go.
    for (let k = 0; k < 250 && (await healthStatus(port)) !== 0; k++) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** `startConcord` alone on the given storage, until it resolves (its server is listening and migrations ran). */
async function timeInProcess(extra: Record<string, string>): Promise<number> {
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), ...extra });
  const started = performance.now();
  const concord = await startConcord(config, createQuietLogger(), { schedule: false });
  const elapsed = performance.now() - started;
  const status = await healthStatus(port);
  await concord.stop();
  if (status !== 200) throw new Error(`in-process Concord answered /healthz with ${status}`);
  return round(elapsed, 0);
}

/** The status of GET /healthz, or 0 when nothing answers. */
function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/healthz", timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(0));
  });
}

/** The start rows of a database's summary table; the bar is PGlite's (`npm start`'s launcher, warm median). */
export function startRows(result: StartResult): BarRow[] {
  const embedded = result.kind === "pglite";
  const rows: BarRow[] = [];
  for (const launcher of Object.keys(LAUNCHERS) as Launcher[]) {
    // The bars are `npm start`'s on the embedded database; tsx on the sources is a comparison.
    const barred = embedded && launcher === NPM_START;
    const bar = (limit: number) => (barred ? `≤ ${limit / 1000} s` : "—");
    const holds = (value: number, limit: number) => (barred ? value <= limit : null);
    rows.push({
      what: `start to ready, ${launcher}, warm (migrated), median of ${result.warmRuns}`,
      bar: bar(result.barMs),
      measured: `${ms(result.warmMedianMs[launcher])} (${result.warmMs[launcher].join(", ")} ms)`,
      holds: holds(result.warmMedianMs[launcher], result.barMs),
    });
    const cold = result.coldMs[launcher];
    if (cold === undefined) continue;
    const first = embedded ? "cold (new folder, unpacked from the stored template)" : "cold (new database, migrations run)";
    rows.push({ what: `start to ready, ${launcher}, ${first}`, bar: bar(result.coldBarMs), measured: ms(cold), holds: holds(cold, result.coldBarMs) });
  }
  if (result.seededMs !== null) {
    rows.push({
      what: `start to ready, ${NPM_START}, on the seeded glossary`,
      bar: embedded ? `≤ ${result.barMs / 1000} s` : "—",
      measured: ms(result.seededMs),
      holds: embedded ? result.seededMs <= result.barMs : null,
    });
  }
  rows.push({
    what: "start: startConcord alone in-process, warm median · cold (the rest is process start and module loading)",
    bar: "—",
    measured: `${ms(result.inProcess.warmMedianMs)} · ${result.inProcess.coldMs === null ? "not run (quick)" : ms(result.inProcess.coldMs)}`,
    holds: null,
  });
  return rows;
}
