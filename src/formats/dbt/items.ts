import type { DbtItem, DbtNote, UsageKind } from "../../core/usages/types.js";
import { isRecord, mergedMeta, readMetaLinks, type DbtReadOptions } from "./links.js";

/** Collects a project's described items, noting what could not be read; shared by the manifest and YAML readers. */
export class ItemCollector {
  readonly items: DbtItem[] = [];
  readonly notes: DbtNote[] = [];
  private readonly paths = new Set<string>();

  constructor(private readonly options: DbtReadOptions) {}

  /** Adds one item; a second item at the same path is noted and left out. */
  add(kind: UsageKind, path: string, name: string, description: unknown, metas: readonly unknown[], where: string): void {
    if (this.paths.has(path)) {
      this.notes.push({ where, message: `${path} is described twice; the first one is read` });
      return;
    }
    this.paths.add(path);
    const links = readMetaLinks(mergedMeta(...metas), this.options, where, this.notes).map((link) => ({ term: own(link.term), convention: link.convention }));
    this.items.push({ kind, path: own(path), name: own(name), description: own(textOf(description)), links });
  }

  /** Adds a model's (or source table's) columns, given as dbt's `columns` map or a YAML list. */
  addColumns(prefix: string, columns: unknown, where: string): void {
    const entries: [string, unknown][] = Array.isArray(columns)
      ? columns.map((c, i) => [isRecord(c) && typeof c.name === "string" ? c.name : `#${i + 1}`, c])
      : isRecord(columns)
        ? Object.entries(columns)
        : [];
    for (const [key, column] of entries) {
      if (!isRecord(column)) continue;
      const name = typeof column.name === "string" && column.name !== "" ? column.name : key;
      this.add("column", `${prefix}.${name}`, name, column.description, [column.meta, configMeta(column)], `${where} column ${name}`);
    }
  }

  /** Adds a metric, its definition (type and parameters) written after its description so a change to either shows. */
  addMetric(metric: Record<string, unknown>, where: string): void {
    const name = String(metric.name);
    const definition = metricDefinition(metric);
    const description = [textOf(metric.description), definition].filter((t) => t !== "").join(" ");
    this.add("metric", `metric.${name}`, name, description, [metric.meta, configMeta(metric)], where);
  }

  /** Adds a semantic model and its entities, measures and dimensions. */
  addSemanticModel(model: Record<string, unknown>, where: string): void {
    const name = String(model.name);
    const prefix = `semantic_model.${name}`;
    this.add("semantic", prefix, name, model.description, [model.meta, configMeta(model)], where);
    for (const part of ["entity", "measure", "dimension"] as const) {
      const list = model[part === "entity" ? "entities" : `${part}s`];
      if (!Array.isArray(list)) continue;
      for (const element of list) {
        if (!isRecord(element) || typeof element.name !== "string") continue;
        const description = part === "measure" ? withAggregation(element) : textOf(element.description);
        this.add("semantic", `${prefix}.${part}.${element.name}`, element.name, description, [element.meta, configMeta(element)], `${where} ${part} ${element.name}`);
      }
    }
  }
}

/**
 * A copy of a string that holds only its own characters. A JSON stream hands out slices of the text it read, and a
 * kept slice keeps its whole chunk alive: 105,500 items of a 43 MB manifest held about 45 MB of it.
 */
function own(text: string): string {
  return text.length === 0 ? "" : Buffer.from(text, "utf8").toString("utf8");
}

export function configMeta(value: Record<string, unknown>): unknown {
  return isRecord(value.config) ? value.config.meta : undefined;
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/** "Calculated as a ratio of churned_customers to customers_at_start." — the metric's type and inputs in words. */
function metricDefinition(metric: Record<string, unknown>): string {
  const type = typeof metric.type === "string" ? metric.type : undefined;
  // The newer YAML spec writes a ratio's numerator and denominator on the metric itself.
  const params = isRecord(metric.type_params) ? metric.type_params : metric;
  const input = (value: unknown): string | undefined =>
    typeof value === "string" ? value : isRecord(value) && typeof value.name === "string" ? value.name : undefined;
  if (type === "ratio") {
    const numerator = input(params.numerator);
    const denominator = input(params.denominator);
    if (numerator && denominator) return `Calculated as a ratio of ${numerator} to ${denominator}.`;
  }
  if (type === "derived" && typeof params.expr === "string") return `Calculated as ${params.expr}.`;
  const agg = typeof metric.agg === "string" ? metric.agg : undefined;
  if (agg) return `Calculated as the ${aggregationOf(agg)} of ${typeof metric.expr === "string" ? metric.expr : metric.name}.`;
  return "";
}

/** dbt's aggregation names in words: `count_distinct` → "count of distinct". */
const AGGREGATIONS: Readonly<Record<string, string>> = {
  count_distinct: "count of distinct values",
  sum_boolean: "count of true",
  average: "average",
  percentile: "percentile",
  median: "median",
};

function aggregationOf(agg: string): string {
  return AGGREGATIONS[agg] ?? agg;
}

function withAggregation(measure: Record<string, unknown>): string {
  const description = textOf(measure.description);
  if (typeof measure.agg !== "string") return description;
  const of = typeof measure.expr === "string" ? measure.expr : String(measure.name);
  return [description, `Calculated as the ${aggregationOf(measure.agg)} of ${of}.`].filter((t) => t !== "").join(" ");
}
