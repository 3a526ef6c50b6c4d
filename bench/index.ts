import { mkdirSync, writeFileSync } from "node:fs";
import { formatOverlapsResult, runOverlapsBenchmark, termsArgument } from "./overlaps.js";

/** One benchmark: a name (its results go to bench/results/<name>.json), a run, and how to print its result. */
interface Section<Result> {
  readonly name: string;
  run(options: { terms?: number }): Result;
  format(result: Result): string;
}

function section<Result>(value: Section<Result>): Section<unknown> {
  return value as Section<unknown>;
}

/** The sections `npm run bench` runs, in order; add new ones here. */
const SECTIONS: readonly Section<unknown>[] = [
  section({ name: "overlaps", run: runOverlapsBenchmark, format: formatOverlapsResult }),
];

const terms = termsArgument(process.argv.slice(2));
const folder = new URL("./results/", import.meta.url);
mkdirSync(folder, { recursive: true });
for (const { name, run, format } of SECTIONS) {
  console.log(`\n${name}`);
  const result = run(terms === undefined ? {} : { terms });
  console.log(format(result));
  const file = new URL(`${name}.json`, folder);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...(result as object) }, null, 2)}\n`);
  console.log(`  written to ${file.pathname}`);
}
