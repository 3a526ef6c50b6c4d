import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { withDatabase } from "../support/global-setup.js";

const root = new URL("../..", import.meta.url).pathname;
const tsx = join(root, "node_modules/.bin/tsx");

interface Run {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` from its sources, as `npm start` starts its compiled copy, in a folder of its own, with only the given settings. */
function startConcord(cwd: string, env: Record<string, string>): Run {
  const child = spawn(tsx, [join(root, "src/main.ts")], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  running.push(child);
  return { child, output: () => output, exited };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM");
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls /healthz until it answers 200, or fails after `ms`. */
async function waitHealthy(port: number, run: Run, ms = 40_000): Promise<unknown> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy within ${ms} ms:\n${run.output()}`);
}

describe("npm start", () => {
  it("creates ./data on the embedded database, answers /healthz, and reuses the data on a second start", async () => {
    const folder = mkdtempSync(join(tmpdir(), "concord-start-"));
    try {
      const port = await freePort();
      const first = startConcord(folder, { PORT: String(port) });
      expect(await waitHealthy(port, first)).toEqual({ status: "ok", database: "pglite" });
      expect(first.output()).toContain("no chat platform is configured");
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      const files = readdirSync(join(folder, "data"));
      expect(files).toContain("PG_VERSION");

      const second = startConcord(folder, { PORT: String(port) });
      expect(await waitHealthy(port, second)).toEqual({ status: "ok", database: "pglite" });
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
      expect(readdirSync(join(folder, "data"))).toEqual(files);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses a DATA_DIR that is a file with one line naming it, and leaves the file alone", async () => {
    const folder = mkdtempSync(join(tmpdir(), "concord-bad-"));
    try {
      const file = join(folder, "not-a-folder");
      writeFileSync(file, "notes");
      const run = startConcord(folder, { DATA_DIR: file });
      expect(await run.exited).not.toBe(0);
      const lines = run.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Concord cannot start: the data folder .*not-a-folder cannot be used/);
      expect(readFileSync(file, "utf8")).toBe("notes");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);

  it.each([
    ["PORT", "abc", "PORT must be a whole number"],
    ["DEFAULT_POLICY", "consensus", "DEFAULT_POLICY"],
    ["DATABASE_URL", "mysql://localhost/x", "DATABASE_URL"],
  ])("refuses %s=%s with one line naming it", async (name, value, expected) => {
    const folder = mkdtempSync(join(tmpdir(), "concord-bad-"));
    try {
      const run = startConcord(folder, { [name]: value });
      expect(await run.exited).not.toBe(0);
      const lines = run.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(expected);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);

  describe.skipIf(!process.env.TEST_DATABASE_URL)("with DATABASE_URL [postgres]", () => {
    it("migrates the server's database and serves /healthz", async () => {
      const base = process.env.TEST_DATABASE_URL!;
      const name = `concord_start_${process.pid}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name}`);
      await admin.unsafe(`create database ${name}`);
      const folder = mkdtempSync(join(tmpdir(), "concord-pg-"));
      try {
        const port = await freePort();
        const run = startConcord(folder, { PORT: String(port), DATABASE_URL: withDatabase(base, name) });
        expect(await waitHealthy(port, run)).toEqual({ status: "ok", database: "postgres" });
        run.child.kill("SIGTERM");
        await run.exited;
        const db = postgres(withDatabase(base, name), { max: 1, onnotice: () => {} });
        const tables = await db`select tablename from pg_tables where schemaname = 'public' order by tablename`;
        await db.end();
        expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["terms", "definition_versions", "variants"]));
        expect(readdirSync(folder)).toEqual([]);
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
        rmSync(folder, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
