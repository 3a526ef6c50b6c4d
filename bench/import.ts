import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { GlossaryExport, GlossaryRecord, RelationType } from "../src/core/index.js";
import { writeOpenMetadataCsv } from "../src/formats/openmetadata.js";
import type { GeneratedGlossary } from "./generate.js";
import { ms } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const execute = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BAR_MS = 60_000;
const BAR_MB = 512;

export interface ImportRun {
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly code: number;
  /** The command's first lines: what it did. */
  readonly said: string;
}

export interface ImportResult {
  readonly terms: number;
  readonly fileMb: number;
  readonly first: ImportRun;
  readonly again: ImportRun;
  /** The second import of the same file created and proposed nothing. */
  readonly againChangedNothing: boolean;
  readonly barMs: number;
  readonly barMb: number;
}

/**
 * The generated glossary as an OpenMetadata glossary CSV: three levels (a tenth of the terms at the top, a tenth
 * of the rest under them, the others under those), a related term for every fifth, aliases as synonyms.
 */
export function openMetadataFile(glossary: GeneratedGlossary): string {
  const terms = glossary.terms;
  const top = Math.max(1, Math.floor(terms.length / 10));
  const middle = Math.max(top + 1, Math.floor(terms.length / 5));
  const parentOf = (i: number) => (i < top ? null : i < middle ? (i - top) % top : top + ((i - middle) % (middle - top)));
  const names = new Map(glossary.domains.map((d) => [d.slug, d.name]));
  const records: GlossaryRecord[] = terms.map((term, i) => {
    const parent = parentOf(i);
    const related: RelationType = i % 10 === 0 ? "see-also" : "related";
    return {
      name: term.name,
      definition: term.definition,
      example: null,
      formula: null,
      aliases: term.aliases.map((slug) => slug.replaceAll("-", " ")),
      owner: term.ownerDomain,
      consumers: [],
      tags: [],
      policy: null,
      status: "active",
      variants: [],
      parent: parent === null ? null : terms[parent]!.name,
      relations: i % 5 === 0 && i > 0 ? [{ type: related, term: terms[i - 1]!.name }] : [],
      references: [],
    };
  });
  const file: GlossaryExport = { domains: glossary.domains.map((d) => ({ slug: d.slug, name: names.get(d.slug)! })), terms: records };
  return writeOpenMetadataCsv(file);
}

/**
 * `npm run concord -- import glossary.csv` (the compiled command line, as that script runs it) of an OpenMetadata
 * CSV of the whole generated glossary into an empty database (a new PGlite folder, or a new PostgreSQL database),
 * then the same file again: each in a process of its own, timed from its start to its exit, with its peak RSS.
 * npm's own start (about 0.3 s) is left out.
 */
export async function runImportBenchmark(glossary: GeneratedGlossary, env: Readonly<Record<string, string>>): Promise<ImportResult> {
  // Compiled before the clock starts, as `npm install` does.
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`scripts/build.mjs failed: ${built.stderr.trim()}`);
  const folder = mkdtempSync(join(tmpdir(), "concord-bench-import-"));
  try {
    const file = join(folder, "glossary.csv");
    writeFileSync(file, openMetadataFile(glossary));
    const run = async (): Promise<ImportRun> => {
      const started = performance.now();
      const { stdout } = await execute(process.execPath, ["bench/import-child.mjs", "import", file], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 2 ** 20,
        timeout: 15 * 60_000,
      });
      const wallMs = performance.now() - started;
      const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as { code: number; stdout: string; stderr: string; maxRssMb: number };
      if (report.code !== 0) throw new Error(`the import failed: ${report.stderr.split("\n").slice(0, 4).join(" ")}`);
      return { wallMs, maxRssMb: report.maxRssMb, code: report.code, said: report.stdout.split("\n").slice(0, 2).join(" ") };
    };
    const first = await run();
    const again = await run();
    return {
      terms: glossary.terms.length,
      fileMb: +(statSync(file).size / 2 ** 20).toFixed(1),
      first,
      again,
      againChangedNothing: /Created 0 terms, opened 0 proposals/.test(again.said),
      barMs: BAR_MS,
      barMb: BAR_MB,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The import rows of a database's summary table. */
export function importRows(result: ImportResult): BarRow[] {
  const n = result.terms.toLocaleString("en");
  return [
    {
      what: `import: OpenMetadata CSV of ${n} terms (${result.fileMb} MB) into an empty glossary, from the command to its exit`,
      bar: `≤ ${ms(result.barMs)}`,
      measured: ms(result.first.wallMs),
      holds: result.terms >= 100_000 ? result.first.wallMs <= result.barMs : null,
    },
    {
      what: "import: peak memory of that command",
      bar: `≤ ${result.barMb} MB`,
      measured: `${result.first.maxRssMb} MB`,
      holds: result.terms >= 100_000 ? result.first.maxRssMb <= result.barMb : null,
    },
    {
      what: "import: the same file again changes nothing",
      bar: "nothing created or proposed",
      measured: `${ms(result.again.wallMs)}, ${result.again.maxRssMb} MB: ${result.again.said.replace(/^Imported .*?\.\s*/, "")}`,
      holds: result.againChangedNothing,
    },
  ];
}
