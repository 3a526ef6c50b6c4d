/**
 * What `npm start` and `npm run demo` run: Concord's compiled JavaScript (dist/server, built by `npm install`),
 * compiled again first when a source is newer than the last build, so an edited checkout still starts what it holds.
 *
 *   node scripts/start.mjs [--demo]
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildIfStale, OUT, stale } from "./build.mjs";

if (stale()) {
  process.stderr.write("Compiling Concord (the sources changed since the last build)…\n");
  try {
    await buildIfStale();
  } catch (error) {
    process.stderr.write(`Concord cannot start: its sources do not compile (${error instanceof Error ? error.message : String(error)}).\n`);
    process.exit(1);
  }
}
const { runFromCommandLine } = await import(pathToFileURL(join(OUT, "main.js")).href);
runFromCommandLine();
