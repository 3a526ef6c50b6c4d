import { runCli } from "../src/cli/main.js";

/*
 * `node --import tsx bench/import-child.ts <cli arguments…>` runs the command line as `npm run concord -- …` does,
 * in a process of its own, and prints its output then one JSON line: the exit code and the process's peak RSS.
 */
let stdout = "";
let stderr = "";
const code = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => void (stdout += text),
  stderr: (text) => void (stderr += text),
});
process.stdout.write(`${JSON.stringify({ code, stdout: stdout.slice(0, 4_000), stderr: stderr.slice(0, 4_000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
