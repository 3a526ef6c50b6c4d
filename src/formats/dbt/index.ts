export { DbtFileError } from "./errors.js";
export type { DbtReadOptions } from "./links.js";
export { MANIFEST_SCHEMA_VERSION, readDbtManifest, readDbtManifestStream } from "./manifest.js";
export { readMetricFlowYaml, type YamlFile } from "./metricflow.js";
