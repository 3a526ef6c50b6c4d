import { parseDocument } from "yaml";
import type { DbtProject } from "../../core/usages/types.js";
import { DbtFileError } from "./errors.js";
import { ItemCollector, configMeta } from "./items.js";
import { isRecord, type DbtReadOptions } from "./links.js";

/** One YAML file of a dbt project, by its name in the project. */
export interface YamlFile {
  readonly name: string;
  readonly text: string;
}

/**
 * Reads a dbt project's YAML: MetricFlow in both specs — the older top-level `semantic_models:` and `metrics:` with
 * `type_params`, and the newer one with `metrics:` (with `agg`/`expr`) on a `models:` entry — and the `models:`
 * entries' own descriptions and columns. Files with none of these keys are left out; if no file has any, it is not
 * a dbt project's YAML.
 */
export function readMetricFlowYaml(files: readonly YamlFile[], project: string, options: DbtReadOptions = {}): DbtProject {
  const collector = new ItemCollector(options);
  const problems: { where: string; message: string }[] = [];
  let read = 0;
  for (const file of files) {
    const document = parseDocument(file.text, { prettyErrors: false, uniqueKeys: false });
    if (document.errors.length > 0) {
      for (const error of document.errors.slice(0, 5)) {
        const line = error.linePos?.[0]?.line;
        problems.push({ where: line === undefined ? file.name : `${file.name} line ${line}`, message: `is not YAML: ${error.message.split("\n")[0]}` });
      }
      continue;
    }
    const root: unknown = document.toJS();
    if (!isRecord(root) || !["semantic_models", "metrics", "models"].some((key) => Array.isArray(root[key]))) continue;
    read++;
    for (const [i, model] of list(root.semantic_models)) {
      if (isRecord(model) && typeof model.name === "string") collector.addSemanticModel(model, `${file.name} semantic_models[${i}]`);
    }
    for (const [i, metric] of list(root.metrics)) {
      if (isRecord(metric) && typeof metric.name === "string") collector.addMetric(metric, `${file.name} metrics[${i}]`);
    }
    for (const [i, model] of list(root.models)) {
      if (!isRecord(model) || typeof model.name !== "string") continue;
      const where = `${file.name} models[${i}]`;
      const prefix = `model.${model.name}`;
      collector.add("model", prefix, model.name, model.description, [model.meta, configMeta(model)], where);
      collector.addColumns(prefix, model.columns, where);
      for (const [j, metric] of list(model.metrics)) {
        if (isRecord(metric) && typeof metric.name === "string") collector.addMetric(metric, `${where} metrics[${j}]`);
      }
    }
  }
  if (problems.length > 0) throw new DbtFileError(problems);
  if (read === 0) {
    const what = files.length === 1 ? files[0]!.name : `none of the ${files.length} YAML files`;
    throw new DbtFileError([
      { where: what, message: "is not dbt's: it has no semantic_models:, metrics: or models: list (MetricFlow YAML or a models' properties file)" },
    ]);
  }
  return { source: "metricflow", project, generatedAt: null, dbtVersion: null, items: collector.items, notes: collector.notes };
}

function list(value: unknown): [number, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : [];
}
