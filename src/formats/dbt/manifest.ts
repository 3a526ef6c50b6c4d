import { Readable } from "node:stream";
import chain from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/pick.js";
import { streamValues } from "stream-json/streamers/stream-values.js";
import type { DbtProject } from "../../core/usages/types.js";
import { DbtFileError } from "./errors.js";
import { ItemCollector, configMeta } from "./items.js";
import { isRecord, type DbtReadOptions } from "./links.js";

/** The manifest schema Concord reads: dbt 1.8 and later write v12. */
export const MANIFEST_SCHEMA_VERSION = 12;

const NODE_KINDS = new Set(["model", "seed", "snapshot"]);
const SECTIONS = new Set(["nodes", "sources", "semantic_models", "metrics"]);

/**
 * Reads a dbt `manifest.json` (schema v12) already in memory: the root project's models, seeds and snapshots with
 * their columns, its sources, semantic models and metrics; other packages' nodes (dbt_utils and the like) are left
 * out. For a large file, `readDbtManifestStream` holds far less.
 */
export function readDbtManifest(text: string, options: DbtReadOptions = {}): DbtProject {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new DbtFileError([{ where: "manifest", message: `is not a dbt manifest: it is not JSON (${(error as Error).message})` }]);
  }
  const reader = new ManifestReader(options);
  if (isRecord(manifest)) {
    // In the document's order, as the stream reads it.
    for (const [key, value] of Object.entries(manifest)) {
      if (key === "metadata") reader.accept(value);
      else if (SECTIONS.has(key) && isRecord(value)) for (const entry of Object.values(value)) reader.accept(entry);
    }
  }
  return reader.finish();
}

/**
 * Reads a dbt `manifest.json` (schema v12) as a stream, one node at a time, so that a manifest of 100,000 columns
 * is never held whole: only `metadata` and the entries of `nodes`, `sources`, `semantic_models` and `metrics` are
 * assembled, each dropped once read; compiled SQL, the parent and child maps and macros are skipped unbuilt.
 */
export async function readDbtManifestStream(source: Readable | Buffer, options: DbtReadOptions = {}): Promise<DbtProject> {
  const reader = new ManifestReader(options);
  const pipeline = chain([
    Buffer.isBuffer(source) ? Readable.from([source]) : source,
    // Packed tokens only: a string or number is one token, not a run of chunks (less to build and collect).
    parser({ streamValues: false }),
    pick({ filter: (stack) => (stack.length === 1 && stack[0] === "metadata") || (stack.length === 2 && SECTIONS.has(String(stack[0]))) }),
    streamValues(),
  ]);
  try {
    for await (const { value } of pipeline as AsyncIterable<{ value: unknown }>) reader.accept(value);
  } catch (error) {
    if (error instanceof DbtFileError) throw error;
    throw new DbtFileError([{ where: "manifest", message: `is not a dbt manifest: it is not JSON (${(error as Error).message})` }]);
  }
  return reader.finish();
}

/** Takes a manifest's metadata and entries in any order, and turns them into the root project's items. */
class ManifestReader {
  private metadata: Record<string, unknown> | undefined;
  /** Items by the package that wrote them; only the root project's are kept once its name is known. */
  private readonly byPackage = new Map<string, ItemCollector>();

  constructor(private readonly options: DbtReadOptions) {}

  accept(value: unknown): void {
    if (!isRecord(value)) return;
    if (typeof value.dbt_schema_version === "string" && this.metadata === undefined) {
      this.metadata = value;
      return;
    }
    const type = String(value.resource_type);
    const id = typeof value.unique_id === "string" ? value.unique_id : String(value.name);
    const collector = this.collectorFor(value.package_name);
    if (NODE_KINDS.has(type)) {
      const name = typeof value.name === "string" ? value.name : id;
      const version = value.version === undefined || value.version === null ? "" : `.v${String(value.version)}`;
      const prefix = `${type}.${name}${version}`;
      collector.add("model", prefix, name, value.description, [value.meta, configMeta(value)], id);
      collector.addColumns(prefix, value.columns, id);
    } else if (type === "source") {
      const prefix = `source.${String(value.source_name)}.${String(value.name)}`;
      collector.add("model", prefix, String(value.name), value.description, [value.source_meta, value.meta, configMeta(value)], id);
      collector.addColumns(prefix, value.columns, id);
    } else if (type === "semantic_model" && typeof value.name === "string") {
      collector.addSemanticModel(value, id);
    } else if (type === "metric" && typeof value.name === "string") {
      collector.addMetric(value, id);
    }
  }

  finish(): DbtProject {
    const metadata = this.metadata;
    const version = metadata?.dbt_schema_version;
    if (typeof version !== "string") {
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
    // Entries without a package, and every package when the manifest names no root project, are read.
    const kept = [...this.byPackage].filter(([pkg]) => project === undefined || pkg === "" || pkg === project).map(([, c]) => c);
    const items = kept.flatMap((c) => c.items);
    const notes = kept.flatMap((c) => c.notes);
    let generatedAt: Date | null = null;
    if (typeof metadata!.generated_at === "string") {
      const at = new Date(metadata!.generated_at);
      if (Number.isNaN(at.getTime())) notes.push({ where: "metadata.generated_at", message: "is not a date and time; the ingest is dated when it is read" });
      else generatedAt = at;
    }
    return {
      source: "manifest",
      project: project ?? "default",
      generatedAt,
      dbtVersion: typeof metadata!.dbt_version === "string" ? metadata!.dbt_version : null,
      items,
      notes,
    };
  }

  private collectorFor(pkg: unknown): ItemCollector {
    const key = typeof pkg === "string" ? pkg : "";
    let collector = this.byPackage.get(key);
    if (!collector) this.byPackage.set(key, (collector = new ItemCollector(this.options)));
    return collector;
  }
}
