import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commandLineOf, descendantsOf, freePort, isAlive, refusesConnections, run, stopAll, waitHealthy } from "./support/processes.js";

afterEach(stopAll);

/*
 * A process manager signals the process it started: here npm. npm forwards SIGTERM and SIGINT to the script's
 * process, which `sh -c` runs; dash does not exec a lone command, so without the script's own `exec` the signal
 * reached the shell, which died (SIGTERM) or waited (SIGINT), and Concord went on serving the port.
 */
describe("npm start under a process manager", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("stops Concord cleanly on %s sent to npm, leaving no process and a free port", async (signal) => {
    const folder = mkdtempSync(join(tmpdir(), "concord-signal-"));
    let below: number[] = [];
    try {
      const port = await freePort();
      const npm = run("npm", ["start"], {
        env: { PORT: String(port), DATA_DIR: join(folder, "data"), npm_config_update_notifier: "false", npm_config_fund: "false" },
      });
      await waitHealthy(port, npm);
      below = descendantsOf(npm.child.pid!);
      expect(below.map(commandLineOf)).toContainEqual(expect.stringContaining("scripts/start.mjs"));

      npm.child.kill(signal);
      const code = await Promise.race([npm.exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 15_000))]);
      expect(code).toBe(0);
      expect(npm.output()).toContain(`stopping on ${signal}`);
      expect(await refusesConnections(port)).toBe(true);
      expect(below.filter(isAlive).map((pid) => `${pid} ${commandLineOf(pid)}`)).toEqual([]);
    } finally {
      // When the test fails, what npm left behind is ended here rather than left serving.
      for (const pid of below.filter(isAlive)) process.kill(pid, "SIGTERM");
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
