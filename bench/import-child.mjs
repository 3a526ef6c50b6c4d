/*
 * `node bench/import-child.mjs <cli arguments…>` runs the command line from the compiled JavaScript, as
 * `npm run concord -- …` does (scripts/concord.mjs), in a process of its own, and prints one JSON line: the exit
 * code, what it printed, and the process's peak RSS.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildIfStale, OUT } from "../scripts/build.mjs";

await buildIfStale();
const { runCli } = await import(pathToFileURL(join(OUT, "cli", "main.js")).href);
let stdout = "";
let stderr = "";
const code = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => void (stdout += text),
  stderr: (text) => void (stderr += text),
});
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ code, stdout: stdout.slice(0, 4_000), stderr: stderr.slice(0, 4_000), maxRssMb })}\n`);
