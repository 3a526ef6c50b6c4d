import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { createRandom, type GeneratedGlossary, type GeneratedTerm } from "./generate.js";

/** The size of the generated project: PRODUCT.md's scale is 5,000 models, 100,000 columns and 500 metrics. */
export interface ManifestOptions {
  readonly models?: number;
  readonly columnsPerModel?: number;
  readonly metrics?: number;
  /** Terms the project's links are drawn from (default 20,000 of the glossary's). */
  readonly termPool?: number;
  /**
   * Which version of the project: 0 is the first; a later revision rewrites the descriptions of `changedShare` of the
   * linked items (a week's edits to a domain's project), and reads the same otherwise.
   */
  readonly revision?: number;
  readonly changedShare?: number;
  readonly seed?: number;
}

/** What a written manifest holds, for the bench's rows. */
export interface ManifestFacts {
  readonly project: string;
  readonly models: number;
  readonly columns: number;
  readonly metrics: number;
  /** Items linked to a term in their meta: the usages the ingest stores. */
  readonly linked: number;
  /** Distinct terms the links name. */
  readonly terms: number;
  /** Linked items whose description this revision changed. */
  readonly changed: number;
  readonly bytes: number;
}

const SCHEMA = new URL("../tests/fixtures/schemas/dbt/manifest-v12.json", import.meta.url);
const LAYERS = ["stg", "int", "dim", "fct", "mart"];
/** The column every model has that no term is named after: neither linked nor suggested. */
const PLAIN_COLUMN = "loaded_at";
const CHANGES = [
  (text: string) => `${text.replace(/\.$/, "")} in the last 30 days.`,
  (text: string) => `${text.replace(/\.$/, "")}, excluding refunds and test accounts.`,
  (text: string) => text.replace(/\b(the|a|any)\b/i, "no"),
  (text: string) => `${text.replace(/\.$/, "")} per region, counted weekly.`,
];

/**
 * Writes a dbt `manifest.json` (schema v12) of one domain's project to `file`, entry by entry, so the bench never
 * holds the whole file: `models` models of `columnsPerModel` columns each, and `metrics` metrics. Every model, every
 * metric and every column but one a model name a term of the glossary in their meta, in each of the conventions Concord reads
 * (`glossary`, `concord.term`, `openmetadata.glossary`), drawn from the first `termPool` terms; a column is named after
 * its term, so suggestions by name meet the links too. Descriptions are the term's definition as agreed (most), a
 * rewording, or a change of meaning (a window, an exclusion, a negation, a grain), so usages drift by varying amounts.
 * The same options write the same file.
 */
export function writeDbtManifest(file: string, glossary: GeneratedGlossary, domain: string, options: ManifestOptions = {}): ManifestFacts {
  const models = options.models ?? 5_000;
  const perModel = options.columnsPerModel ?? 20;
  const metricCount = options.metrics ?? 500;
  const pool = glossary.terms.slice(0, Math.min(options.termPool ?? 20_000, glossary.terms.length));
  const revision = options.revision ?? 0;
  const changedShare = revision === 0 ? 0 : (options.changedShare ?? 0.01);
  const random = createRandom(options.seed ?? 4_242);
  // The edits of a revision come from their own dice, so the rest of the project reads the same in every revision.
  const edits = createRandom(9_001 + revision);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const project = `${domain.replaceAll("-", "_")}_analytics`;
  const used = new Set<number>();
  let linked = 0;
  let changed = 0;
  let columns = 0;

  const describe = (term: GeneratedTerm): string => {
    const roll = random();
    const text = roll < 0.6 ? term.definition : roll < 0.85 ? reorder(term.definition, random) : pick(CHANGES)(term.definition);
    if (changedShare > 0 && edits() < changedShare) {
      changed += 1;
      return CHANGES[Math.floor(edits() * CHANGES.length)]!(text);
    }
    return text;
  };
  const metaFor = (term: GeneratedTerm): Record<string, unknown> => {
    used.add(term.id);
    linked += 1;
    const convention = random();
    return convention < 0.5 ? { glossary: [term.name] } : convention < 0.8 ? { concord: { term: term.name } } : { openmetadata: { glossary: [`Glossary.${term.name}`] } };
  };

  const out = openSync(file, "w");
  let bytes = 0;
  const write = (text: string) => (bytes += writeSync(out, text));
  try {
    write(`{"metadata":${JSON.stringify(metadata(project, revision))}`);
    write(`,"nodes":{`);
    for (let m = 0; m < models; m++) {
      const modelTerm = pick(pool);
      const name = `${pick(LAYERS)}_${snake(modelTerm.name)}_${m}`;
      const columnMap: Record<string, unknown> = {};
      columnMap[PLAIN_COLUMN] = column(PLAIN_COLUMN, "When the row was last written.", {});
      columns += 1;
      while (Object.keys(columnMap).length < perModel) {
        const term = pick(pool);
        const columnName = snake(term.name);
        if (columnName in columnMap) continue;
        columnMap[columnName] = column(columnName, describe(term), metaFor(term));
        columns += 1;
      }
      const meta = metaFor(modelTerm);
      const id = `model.${project}.${name}`;
      const node = {
        database: "analytics",
        schema: project,
        name,
        resource_type: "model",
        package_name: project,
        path: `${name}.sql`,
        original_file_path: `models/${name}.sql`,
        unique_id: id,
        fqn: [project, name],
        alias: name,
        checksum: { name: "sha256", checksum: "0".repeat(64) },
        config: { enabled: true, materialized: "table", meta, tags: [] },
        tags: [],
        description: describe(modelTerm),
        columns: columnMap,
        meta,
        raw_code: `select * from {{ ref('stg_${m}') }}`,
      };
      write(`${m === 0 ? "" : ","}${JSON.stringify(id)}:${JSON.stringify(node)}`);
    }
    write(`},"sources":{},"macros":{},"docs":{},"exposures":{},"metrics":{`);
    for (let k = 0; k < metricCount; k++) {
      const term = pick(pool);
      const name = `${snake(term.name)}_${k}`;
      const id = `metric.${project}.${name}`;
      const meta = metaFor(term);
      const ratio = random() < 0.3;
      const metric = {
        name,
        resource_type: "metric",
        package_name: project,
        path: `metrics/${name}.yml`,
        original_file_path: `models/metrics/${name}.yml`,
        unique_id: id,
        fqn: [project, name],
        description: describe(term),
        label: term.name,
        type: ratio ? "ratio" : "simple",
        type_params: ratio
          ? { numerator: { name: `${name}_numerator` }, denominator: { name: `${name}_denominator` } }
          : { measure: { name: `${name}_measure` }, input_measures: [{ name: `${name}_measure` }] },
        meta,
        config: { enabled: true, meta },
        tags: [],
      };
      write(`${k === 0 ? "" : ","}${JSON.stringify(id)}:${JSON.stringify(metric)}`);
    }
    write(`},"groups":{},"selectors":{},"disabled":{},"parent_map":{},"child_map":{},"group_map":{},"saved_queries":{},"semantic_models":{},"unit_tests":{}}`);
  } finally {
    closeSync(out);
  }
  return { project, models, columns, metrics: metricCount, linked, terms: used.size, changed, bytes };
}

/**
 * Checks the written file against dbt's v12 schema, vendored in tests/fixtures/schemas/dbt/: a sample of its
 * nodes and every metric, before anything is timed: a bench of a file dbt would not write measures nothing.
 */
export function checkDbtManifest(file: string, sampleNodes = 200): void {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; its module object's `default` is the plugin itself. The schema's user_id is a uuid.
  formats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")) as object);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  const ids = Object.keys(manifest.nodes!);
  const every = Math.max(1, Math.floor(ids.length / sampleNodes));
  const sample = { ...manifest, nodes: Object.fromEntries(ids.filter((_, i) => i % every === 0).map((id) => [id, manifest.nodes![id]])) };
  if (!validate(sample)) {
    const first = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message ?? ""}`).join("; ");
    throw new Error(`the generated manifest is not valid against dbt's v12 schema: ${first}`);
  }
}

function metadata(project: string, revision: number): Record<string, unknown> {
  return {
    dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
    dbt_version: "1.9.4",
    generated_at: new Date(Date.UTC(2026, 10, 2 + 7 * revision, 6)).toISOString(),
    invocation_id: `00000000-0000-4000-8000-${String(revision).padStart(12, "0")}`,
    invocation_started_at: null,
    env: {},
    project_name: project,
    project_id: null,
    user_id: null,
    send_anonymous_usage_stats: false,
    adapter_type: "postgres",
    quoting: null,
  };
}

function column(name: string, description: string, meta: Record<string, unknown>): Record<string, unknown> {
  return { name, description, meta, data_type: null, constraints: [], quote: null, config: { meta, tags: [] }, tags: [] };
}

/** "Active Order Count" → "active_order_count". */
function snake(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** The same words with its clauses turned round: a rewording, which is not drift. */
function reorder(definition: string, random: () => number): string {
  const words = definition.replace(/\.$/, "").split(" ");
  const cut = 2 + Math.floor(random() * Math.max(1, words.length - 4));
  return `${[...words.slice(cut), ...words.slice(0, cut)].join(" ")}.`;
}
