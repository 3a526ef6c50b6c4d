import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The newest PostgreSQL server binaries installed (Debian's layout), or those PG_BIN names; undefined when none. */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  return candidates.find((bin) => existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl")));
}

/** A throwaway PostgreSQL cluster of this test's own, which it may stop and start at will. */
export interface PrivatePostgres {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * `pg_ctl restart -m immediate`: the server goes down as in a crash (every connection cut at once, no waiting
   * for clients or a checkpoint, which a busy machine can stretch past any timeout) and is back when it resolves.
   */
  restart(): Promise<void>;
  /** Removes the cluster's folder after stopping it. */
  destroy(): Promise<void>;
}

/**
 * Creates and starts a cluster in a temporary folder (trust authentication, loopback only, its own socket folder).
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startPrivatePostgres(bin: string, port: number): Promise<PrivatePostgres> {
  const folder = mkdtempSync(join(tmpdir(), "concord-pg-"));
  const data = join(folder, "data");
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(folder, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args]) : run(join(bin, command), args);
  await as("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const log = join(folder, "server.log");
  const start = async () => {
    await as("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"]);
  };
  const stop = async () => {
    await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "60", "stop"]);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async restart() {
      await as("pg_ctl", ["-D", data, "-o", options, "-l", log, "-m", "immediate", "-w", "-t", "60", "restart"]);
    },
    async destroy() {
      await stop().catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
