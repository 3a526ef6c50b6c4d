import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { OpenedDatabase } from "../src/db/open.js";
import type { GeneratedGlossary } from "./generate.js";
import { launch, stop, type Replica } from "./live.js";
import { BENCH_TEAM } from "./seed.js";
import { SIGNING_SECRET, type BenchConcord } from "./support/concord.js";
import type { BenchDatabase } from "./support/databases.js";
import { commandBody } from "./support/signed.js";
import { round } from "./support/stats.js";
import type { BarRow } from "./support/table.js";
import { runVoteBurst, type VotesResult } from "./votes.js";

/**
 * Lookups each process serves, and clicks on a proposal of their own, before the counted burst (reported, not
 * counted): a process started from the sources compiles its request path on the first few hundred requests.
 */
const WARM_UP_LOOKUPS = 100;
const WARM_UP_VOTERS = 200;

/** One burst of clicks on `replicas` processes: its figures, and the CPU each process spent on it. */
export interface ReplicaBurst {
  readonly replicas: number;
  /** The first burst a process (or a pair) served: the warm-up, on a proposal of its own, not counted. */
  readonly warmUpVotesPerSecond: number;
  readonly votes: VotesResult;
  /** CPU milliseconds per vote (user + system) of each Concord process, in order. */
  readonly cpuMsPerVote: readonly number[];
  /** The same for the database server's processes together. */
  readonly databaseCpuMsPerVote: number;
}

export interface ReplicaVotesResult {
  readonly voters: number;
  readonly one: ReplicaBurst;
  readonly two: ReplicaBurst;
}

/**
 * Concord as `npm start` runs it, in processes of its own on the one PostgreSQL database: one process, then two
 * replicas with the clicks sent to them in turn. Before each counted burst every process serves lookups and a
 * smaller burst of votes on another proposal (not counted): the first burst of votes then meets a warm server, not
 * the same burst twice. Each burst is read for its votes/s, every vote counted once and the decision taken once;
 * the CPU every process spent on it, per vote, says how far more machines would carry it (on a 2-core machine the
 * replicas and the database share the cores).
 */
export async function runReplicaVotesBenchmark(
  bench: BenchConcord,
  opened: OpenedDatabase,
  database: BenchDatabase,
  glossary: GeneratedGlossary,
  voters: number,
): Promise<ReplicaVotesResult> {
  const replicas: Replica[] = [];
  try {
    replicas.push(await launch({ ...database.env }, { apiUrl: bench.client.apiUrl }));
    const one = await measuredBurst(bench, opened, glossary, replicas, voters);
    replicas.push(await launch({ ...database.env }, { apiUrl: bench.client.apiUrl }));
    const two = await measuredBurst(bench, opened, glossary, replicas, voters);
    return { voters, one, two };
  } finally {
    for (const replica of replicas) await stop(replica);
  }
}

async function measuredBurst(
  bench: BenchConcord,
  opened: OpenedDatabase,
  glossary: GeneratedGlossary,
  replicas: readonly Replica[],
  voters: number,
): Promise<ReplicaBurst> {
  const bases = replicas.map((r) => r.base);
  for (const [r, base] of bases.entries()) {
    const lookups = Array.from({ length: WARM_UP_LOOKUPS }, (_, k) => {
      const term = glossary.terms[(k * 7_919 + r * 104_729) % glossary.terms.length]!;
      const id = `replica-warm-${r}-${k}-${Date.now().toString(36)}`;
      return { id, body: commandBody({ team: BENCH_TEAM, user: "U0READER", channel: "C0DATA", text: `define ${term.name}`, responseUrl: bench.client.responseUrl(id) }) };
    });
    await bench.client.send(base, SIGNING_SECRET, lookups, 4);
  }
  const warmUp = await runVoteBurst(bench, opened, WARM_UP_VOTERS, bases);

  const pids = replicas.map((r) => r.child.pid!);
  const before = pids.map(cpuMsOf);
  const databaseBefore = databaseCpuMs();
  const votes = await runVoteBurst(bench, opened, voters, bases);
  const spent = pids.map((pid, k) => cpuMsOf(pid) - before[k]!);
  const databaseSpent = databaseCpuMs() - databaseBefore;
  // The burst counted here includes its decision (the objector's turn and the repeat clicks): per click of all of it.
  const { clicks } = votes;
  return {
    replicas: replicas.length,
    warmUpVotesPerSecond: warmUp.votesPerSecond,
    votes,
    cpuMsPerVote: spent.map((ms) => round(ms / clicks, 2)),
    databaseCpuMsPerVote: round(databaseSpent / clicks, 2),
  };
}

let ticksPerSecond: number | undefined;

/** User and system CPU a process has spent, in milliseconds (from /proc, in clock ticks). */
function cpuMsOf(pid: number): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name, in parentheses, may hold spaces: the fields are counted from after it (utime is 14th, stime 15th).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
}

/** CPU spent by every PostgreSQL server process on this machine (the database shares it with the bench). */
function databaseCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (comm === "postgres" || comm.startsWith("postgres:")) total += cpuMsOf(Number(entry));
    } catch {
      // The process ended between the listing and the read: it no longer counts.
    }
  }
  return total;
}

/** The rows for votes across replicas, in PostgreSQL's summary table. */
export function replicaVotesRows(result: ReplicaVotesResult): BarRow[] {
  const { one, two } = result;
  const cpu = (burst: ReplicaBurst) =>
    `${burst.cpuMsPerVote.map((ms) => `${ms} ms`).join(" + ")} Concord, ${burst.databaseCpuMsPerVote} ms database`;
  return [
    {
      what: `votes, npm start processes: ${result.voters} clicks on one process · split between two replicas`,
      bar: "2 ≥ 1, ≥ 300 votes/s",
      measured:
        `${one.votes.votesPerSecond} · ${two.votes.votesPerSecond} votes/s ` +
        `(their first bursts, ${WARM_UP_VOTERS} clicks after ${WARM_UP_LOOKUPS} lookups each, not counted: ${one.warmUpVotesPerSecond} · ${two.warmUpVotesPerSecond})`,
      holds: two.votes.votesPerSecond >= one.votes.votesPerSecond && two.votes.votesPerSecond >= one.votes.barVotesPerSecond,
    },
    {
      what: "votes across two replicas: every vote counted once, the decision taken once",
      bar: "each = N, 1 decision",
      measured:
        `${two.votes.checks.approveRows} rows, ${two.votes.checks.voteCastEvents} events, ${two.votes.checks.confirmationsCounted} replies; ` +
        `${two.votes.checks.finalStatus}, ${two.votes.checks.decisionEvents} decision(s), ${two.votes.checks.newVersions} version(s)`,
      holds: two.votes.everyVoteCountedOnce && two.votes.decidedOnce && one.votes.everyVoteCountedOnce && one.votes.decidedOnce,
    },
    {
      what: "votes: CPU per click, one process · two replicas (each process; the database's processes together)",
      bar: "—",
      measured: `${cpu(one)} · ${cpu(two)}`,
      holds: null,
    },
  ];
}
