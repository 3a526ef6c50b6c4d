import { mkdirSync, writeFileSync } from "node:fs";
import { formatOverlapsResult, runOverlapsBenchmark, termsArgument } from "./overlaps.js";

/** What a section hands back: a table for the terminal and the numbers for bench/results/<name>.json. */
interface SectionResult {
  readonly table: string;
  readonly json: object;
}

/** One benchmark; `run` may be async (a database section will be). */
interface Section {
  readonly name: string;
  run(options: { terms?: number }): SectionResult | Promise<SectionResult>;
}

/** The sections `npm run bench` runs, in order; add new ones here. */
const SECTIONS: readonly Section[] = [
  {
    name: "overlaps",
    run(options) {
      const result = runOverlapsBenchmark(options);
      return { table: formatOverlapsResult(result), json: result };
    },
  },
];

const terms = termsArgument(process.argv.slice(2));
const folder = new URL("./results/", import.meta.url);
mkdirSync(folder, { recursive: true });
for (const { name, run } of SECTIONS) {
  console.log(`\n${name}`);
  const { table, json } = await run(terms === undefined ? {} : { terms });
  console.log(table);
  const file = new URL(`${name}.json`, folder);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...json }, null, 2)}\n`);
  console.log(`  written to ${file.pathname}`);
}
