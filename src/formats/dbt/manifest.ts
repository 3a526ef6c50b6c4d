import type { DbtProject } from "../../core/usages/types.js";
import { DbtFileError } from "./errors.js";
import { ItemCollector, configMeta } from "./items.js";
import { isRecord, type DbtReadOptions } from "./links.js";

/** The manifest schema Concord reads: dbt 1.8 and later write v12. */
export const MANIFEST_SCHEMA_VERSION = 12;

const NODE_KINDS = new Set(["model", "seed", "snapshot"]);

/**
 * Reads a dbt `manifest.json` (schema v12): the root project's models, seeds and snapshots with their columns, its
 * sources, semantic models and metrics; other packages' nodes (dbt_utils and the like) are left out.
 */
export function readDbtManifest(text: string, options: DbtReadOptions = {}): DbtProject {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new DbtFileError([{ where: "manifest", message: `is not a dbt manifest: it is not JSON (${(error as Error).message})` }]);
  }
  const metadata = isRecord(manifest) && isRecord(manifest.metadata) ? manifest.metadata : undefined;
  const version = metadata?.dbt_schema_version;
  if (!isRecord(manifest) || typeof version !== "string") {
    throw new DbtFileError([{ where: "manifest", message: "is not a dbt manifest: it has no metadata.dbt_schema_version" }]);
  }
  const number = /\/manifest\/v(\d+)\.json$/u.exec(version)?.[1];
  if (number === undefined) {
    throw new DbtFileError([{ where: "metadata.dbt_schema_version", message: `is not a dbt manifest: its schema is “${version.slice(0, 120)}”` }]);
  }
  if (Number(number) !== MANIFEST_SCHEMA_VERSION) {
    throw new DbtFileError([
      {
        where: "metadata.dbt_schema_version",
        message: `this is a dbt manifest of schema v${number}; Concord reads v${MANIFEST_SCHEMA_VERSION} (written by dbt 1.8 and later): run \`dbt docs generate\` with a newer dbt`,
      },
    ]);
  }
  const project = typeof metadata!.project_name === "string" && metadata!.project_name !== "" ? metadata!.project_name : undefined;
  const collector = new ItemCollector(options);
  const ours = (value: Record<string, unknown>) => project === undefined || value.package_name === undefined || value.package_name === project;

  for (const [id, node] of entries(manifest.nodes)) {
    if (!isRecord(node) || !NODE_KINDS.has(String(node.resource_type)) || !ours(node)) continue;
    const name = typeof node.name === "string" ? node.name : id;
    const prefix = `${String(node.resource_type)}.${name}${node.version === undefined || node.version === null ? "" : `.v${String(node.version)}`}`;
    collector.add("model", prefix, name, node.description, [node.meta, configMeta(node)], id);
    collector.addColumns(prefix, node.columns, id);
  }
  for (const [id, source] of entries(manifest.sources)) {
    if (!isRecord(source) || !ours(source)) continue;
    const prefix = `source.${String(source.source_name)}.${String(source.name)}`;
    collector.add("model", prefix, String(source.name), source.description, [source.source_meta, source.meta, configMeta(source)], id);
    collector.addColumns(prefix, source.columns, id);
  }
  for (const [id, model] of entries(manifest.semantic_models)) {
    if (isRecord(model) && typeof model.name === "string" && ours(model)) collector.addSemanticModel(model, id);
  }
  for (const [id, metric] of entries(manifest.metrics)) {
    if (isRecord(metric) && typeof metric.name === "string" && ours(metric)) collector.addMetric(metric, id);
  }

  let generatedAt: Date | null = null;
  if (typeof metadata!.generated_at === "string") {
    const at = new Date(metadata!.generated_at);
    if (Number.isNaN(at.getTime())) collector.notes.push({ where: "metadata.generated_at", message: "is not a date and time; the ingest is dated when it is read" });
    else generatedAt = at;
  }
  return {
    source: "manifest",
    project: project ?? "default",
    generatedAt,
    dbtVersion: typeof metadata!.dbt_version === "string" ? metadata!.dbt_version : null,
    items: collector.items,
    notes: collector.notes,
  };
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}
