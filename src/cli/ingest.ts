import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ingestDbt, type CoreDeps, type DbtProject, type IngestSummary } from "../core/index.js";
import { collectEagerly } from "./heap.js";
import { DbtFileError, readDbtManifestStream, readMetricFlowYaml, type DbtReadOptions, type YamlFile } from "../formats/dbt/index.js";

/** `ingest dbt <manifest.json|dir> --domain <slug> [--dry-run]`, parsed. */
export interface IngestCommand {
  readonly kind: "ingest";
  readonly path: string;
  readonly domain: string;
  readonly dryRun: boolean;
  readonly as?: string;
}

/** A problem with the artifacts the person running the command can fix, with where each is. */
export class IngestFileError extends Error {
  override readonly name = "IngestFileError";
  constructor(
    message: string,
    readonly problems: readonly { where: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * Reads a dbt project's artifacts from a path: a manifest.json, a MetricFlow YAML file, or a project folder (its
 * target/manifest.json when there is one, else every .yml/.yaml under models/). A YAML project is named by its
 * dbt_project.yml, else by its folder.
 */
export async function readDbtPath(path: string, options: DbtReadOptions): Promise<DbtProject> {
  if (!existsSync(path)) throw new IngestFileError(`there is no file or folder ${path}`);
  try {
    if (statSync(path).isDirectory()) {
      for (const manifest of [join(path, "target", "manifest.json"), join(path, "manifest.json")]) {
        if (existsSync(manifest)) return await readManifestFile(manifest, options);
      }
      const models = join(path, "models");
      const files = existsSync(models) ? yamlFiles(models).map((file) => ({ name: relative(path, file), text: readText(file) })) : [];
      if (files.length === 0) {
        throw new IngestFileError(`${path} is not a dbt project: it has no target/manifest.json (run \`dbt docs generate\`) and no .yml files under models/`);
      }
      return readMetricFlowYaml(files, projectName(path), options);
    }
    if ([".yml", ".yaml"].includes(extname(path).toLowerCase())) {
      const file: YamlFile = { name: basename(path), text: readText(path) };
      return readMetricFlowYaml([file], projectName(dirname(path), basename(path, extname(path))), options);
    }
    return await readManifestFile(path, options);
  } catch (error) {
    if (!(error instanceof DbtFileError)) throw error;
    const [only, ...others] = error.problems;
    // One problem (not dbt's, another schema version) is one line.
    if (only && others.length === 0) {
      const where = only.where === "manifest" || only.where === basename(path) ? "" : `, ${only.where},`;
      throw new IngestFileError(`nothing was ingested: ${path}${where} ${only.message}`);
    }
    throw new IngestFileError(`nothing was ingested; ${path} is not dbt artifacts Concord reads:`, error.problems);
    throw error;
  }
}

/** Runs the command: reads the artifacts, ingests them for the domain, and describes what happened. */
export async function runIngestCommand(deps: CoreDeps, command: IngestCommand, options: DbtReadOptions, actor: string): Promise<string> {
  const started = performance.now();
  collectEagerly();
  const project = await readDbtPath(command.path, options);
  const summary = await ingestDbt(deps, { ref: actor }, { domain: command.domain, project, dryRun: command.dryRun });
  return describeIngest(summary, command.path, `${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** How many problems and changes are listed; the counts say how many there were. */
const LISTED = 50;

/** What an ingest did (or a dry run would do): its counts, the usages that changed, then the problems. */
export function describeIngest(summary: IngestSummary, what: string, took: string): string {
  const { counts, dryRun } = summary;
  const lines: string[] = [];
  const project = `${summary.domain.slug}'s dbt project ${summary.project}`;
  if (summary.repeated) {
    lines.push(
      `${what} is what the last ingest of ${project} read (#${summary.ingestId}): nothing changed, nothing was written${dryRun ? "" : " but the time it was received again"}.`,
    );
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    dryRun
      ? `Dry run of ${what} for ${project}: nothing was written.`
      : `Ingested ${what} for ${project} in ${took} (ingest #${summary.ingestId}).`,
    `${countOf(counts.items, "item")} read; ${countOf(counts.usages, "usage")} linked to terms (${counts.new} new, ${counts.changed} changed, ${counts.removed} removed); ` +
      `${countOf(counts.drifting, "changed usage")} now drifting past the threshold; ${countOf(counts.suggestions, "new suggested link")}; ${countOf(counts.problems, "problem")}.`,
  );
  if (summary.changed.length > 0) {
    lines.push("", "Changed since the last ingest:");
    for (const change of summary.changed.slice(0, LISTED)) {
      const drift = change.drift ? `${Math.round(change.drift.score * 100)}% drift from ${change.term.name}${change.drift.reasons.length > 0 ? ` (${change.drift.reasons.map((r) => r.text).join("; ")})` : ""}` : "no description";
      lines.push(`${change.path}: ${drift}${change.pastThreshold ? " — past the threshold" : ""}`);
    }
    if (summary.changed.length > LISTED) lines.push(`…and ${countOf(summary.changed.length - LISTED, "more change")}.`);
  }
  if (summary.problems.length > 0) {
    lines.push("", `Problems (${summary.problems.length}):`, ...summary.problems.slice(0, LISTED).map((p) => `${p.where}: ${p.message}`));
    if (summary.problems.length > LISTED) lines.push(`…and ${countOf(summary.problems.length - LISTED, "more problem")}.`);
  }
  return `${lines.join("\n")}\n`;
}

/** A manifest read as a stream from its file: a large one is never held whole. */
async function readManifestFile(file: string, options: DbtReadOptions): Promise<DbtProject> {
  const stream = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
  try {
    await opened;
  } catch (error) {
    throw new IngestFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return readDbtManifestStream(stream, options);
}

function yamlFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (/\.ya?ml$/iu.test(entry.name)) found.push(path);
  }
  return found;
}

/** The `name:` of the nearest dbt_project.yml at or above the folder (three levels up), else the fallback or the folder's name. */
function projectName(folder: string, fallback?: string): string {
  let at = resolve(folder);
  for (let i = 0; i < 4; i++) {
    const file = join(at, "dbt_project.yml");
    if (existsSync(file)) {
      let name: unknown;
      try {
        name = (parseYaml(readText(file)) as { name?: unknown } | null)?.name;
      } catch {
        // A dbt_project.yml that is not YAML names nothing; the folder names the project.
      }
      if (typeof name === "string" && name.trim() !== "") return name.trim();
      break;
    }
    at = dirname(at);
  }
  return fallback ?? basename(resolve(folder));
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new IngestFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function countOf(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
