import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

/** The repository's root folder. */
export const root = new URL("../../..", import.meta.url).pathname;

/** A child process with everything it printed, on stdout and stderr together. */
export interface Run {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** Runs a command with only PATH, HOME and `env` set; `stopAll` ends it if the test did not. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env: Record<string, string> }): Run {
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  running.push(child);
  return { child, output: () => output, exited };
}

/** Starts `src/main.ts` from its sources (`node --import tsx`), so the child's pid is Concord's own. */
export function startConcord(env: Record<string, string>, args: readonly string[] = []): Run {
  return run(process.execPath, ["--import", "tsx", "src/main.ts", ...args], { env });
}

/** Sends SIGTERM to every child a test started and has not seen exit. */
export function stopAll(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}

/** A TCP port nothing listens on just now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls /healthz until it answers 200, or fails after `ms` (at once if the process exits). */
export async function waitHealthy(port: number, concord: Run, ms = 40_000): Promise<unknown> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (concord.child.exitCode !== null) throw new Error(`exited early:\n${concord.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy within ${ms} ms:\n${concord.output()}`);
}

/** Whether a TCP connection to the port on loopback is refused (nothing listens). */
export function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** Every process below `pid` (children, their children, …), from /proc. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether a process runs (exists and is not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

function parentOf(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}

function readStat(pid: number): { state: string; ppid: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // it has ended
  }
  // "pid (name) state ppid …": the name may hold spaces and parentheses, so read after the last ")".
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: state!, ppid: Number(ppid) };
}

/** The command line of a running process, for a failure message. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "(ended)";
  }
}
