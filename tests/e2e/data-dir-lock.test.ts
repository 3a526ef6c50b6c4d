import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, run, startConcord, stopAll, waitHealthy, type Run } from "./support/processes.js";

afterEach(stopAll);

/** `npm run concord -- …` as its own process on the folder. */
async function concordCli(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env: { DATA_DIR: dataDir } });
  let stdout = "";
  let stderr = "";
  cli.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  cli.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await cli.exited;
  return { code, stdout, stderr };
}

async function termNames(port: number): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/api/terms`);
  const body = (await response.json()) as { terms: { name: string }[] };
  return body.terms.map((term) => term.name);
}

/** The folder's files and the lock's content: what a refused process must leave as it found them. */
function snapshot(folder: string): { files: string[]; lock: string } {
  // Sizes and times are left out: the running server itself writes to its database.
  return { files: readdirSync(folder, { recursive: true, encoding: "utf8" }).sort(), lock: readFileSync(join(folder, "concord.lock"), "utf8") };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const refusal = (dataDir: string, pid: number) =>
  `DATA_DIR ${escape(dataDir)} is in use by process ${pid} \\(concord start since \\d\\d:\\d\\d\\); stop that process first, or set DATA_DIR to another folder`;

describe("one process per embedded data folder", () => {
  it("refuses a second server, the demo and the command line while a server holds DATA_DIR, and frees it when it stops", async () => {
    const folder = mkdtempSync(join(tmpdir(), "concord-lock-e2e-"));
    const dataDir = join(folder, "data");
    try {
      const csv = join(folder, "glossary.csv");
      writeFileSync(csv, "name,definition,owner\nCustomer,Someone who paid at least once.,sales\n");
      expect(await concordCli(dataDir, "import", csv)).toMatchObject({ code: 0, stderr: "" });

      const port = await freePort();
      const first = startConcord({ PORT: String(port), DATA_DIR: dataDir });
      await waitHealthy(port, first);
      const pid = first.child.pid!;
      expect(JSON.parse(readFileSync(join(dataDir, "concord.lock"), "utf8"))).toMatchObject({ pid, what: "concord start" });
      const before = snapshot(dataDir);

      const refused = async (second: Run, prefix: string) => {
        expect(await second.exited).toBe(1);
        const lines = second.output().trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^${prefix}${refusal(dataDir, pid)}\\.?$`));
      };
      await refused(startConcord({ PORT: String(await freePort()), DATA_DIR: dataDir }), "Concord cannot start: ");
      await refused(startConcord({ PORT: String(await freePort()), DATA_DIR: dataDir }, ["--demo"]), "Concord cannot start: ");
      const exported = await concordCli(dataDir, "export", "--format", "csv");
      expect(exported.code).toBe(1);
      expect(exported.stdout).toBe("");
      expect(exported.stderr).toMatch(new RegExp(`^concord: ${refusal(dataDir, pid)}\n$`));
      expect(snapshot(dataDir)).toEqual(before);

      // The first server carries on with its data.
      expect(await termNames(port)).toEqual(["Customer"]);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dataDir, "concord.lock"))).toBe(false);

      // Once it has stopped, another starts on the folder; killed outright, it leaves its lock behind.
      const next = startConcord({ PORT: String(port), DATA_DIR: dataDir });
      await waitHealthy(port, next);
      expect(await termNames(port)).toEqual(["Customer"]);
      next.child.kill("SIGKILL");
      await next.exited;
      expect(existsSync(join(dataDir, "concord.lock"))).toBe(true);

      // The command line takes a lock whose process has gone, says so, and frees it when done.
      const taken = await concordCli(dataDir, "export", "--format", "csv");
      expect(taken.code).toBe(0);
      expect(taken.stderr).toMatch(
        new RegExp(
          `^concord: DATA_DIR ${escape(dataDir)} was locked by process ${next.child.pid} \\(concord start since \\d\\d:\\d\\d\\), which is no longer running; taking it over\n$`,
        ),
      );
      expect(taken.stdout).toContain("Customer,Someone who paid at least once.");
      expect(existsSync(join(dataDir, "concord.lock"))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
