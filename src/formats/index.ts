import type { GlossaryExport } from "../core/index.js";
import { readGlossaryCsv, writeGlossaryCsv } from "./csv.js";
import { readDataHubYaml, writeDataHubYaml } from "./datahub.js";
import { readGlossaryJson, writeGlossaryJson } from "./json.js";
import { writeGlossaryMarkdown } from "./markdown.js";
import { readOpenMetadataCsv, streamOpenMetadataCsv, writeOpenMetadataCsv } from "./openmetadata.js";
import { readSkosTurtle, writeSkosTurtle } from "./skos.js";
import { GLOSSARY_FORMATS, type GlossaryFormat, type GlossaryStream, type ReadGlossary } from "./types.js";

export { GLOSSARY_FORMATS, GlossaryFileError, type GlossaryFormat, type GlossaryStream, type ReadGlossary } from "./types.js";

/** The formats an import reads: every one but Markdown, which is for people to read. */
export const IMPORT_FORMATS: readonly GlossaryFormat[] = GLOSSARY_FORMATS.filter((f) => f !== "md");

/** What each format is, for messages and help. */
export const FORMAT_NAMES: Readonly<Record<GlossaryFormat, string>> = {
  "openmetadata-csv": "an OpenMetadata glossary CSV",
  "datahub-yaml": "a DataHub business glossary YAML",
  "skos-turtle": "a SKOS Turtle file",
  csv: "a Concord glossary CSV",
  json: "a Concord glossary JSON",
  md: "a Markdown glossary",
};

/** The media type each format is served with. */
export const FORMAT_MEDIA_TYPES: Readonly<Record<GlossaryFormat, string>> = {
  "openmetadata-csv": "text/csv; charset=utf-8",
  "datahub-yaml": "application/yaml; charset=utf-8",
  "skos-turtle": "text/turtle; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** The file name an export in each format is offered under. */
export const FORMAT_FILE_NAMES: Readonly<Record<GlossaryFormat, string>> = {
  "openmetadata-csv": "glossary.openmetadata.csv",
  "datahub-yaml": "business_glossary.yml",
  "skos-turtle": "glossary.ttl",
  csv: "glossary.csv",
  json: "glossary.json",
  md: "glossary.md",
};

export function isGlossaryFormat(value: string): value is GlossaryFormat {
  return (GLOSSARY_FORMATS as readonly string[]).includes(value);
}

/**
 * The format of a file from its name, and for a CSV from its header: OpenMetadata's starts with `parent,name*`.
 * Undefined when neither tells.
 */
export function detectFormat(fileName: string, text?: string): GlossaryFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  switch (extension) {
    case "csv":
      return text !== undefined && /^\uFEFF?"?parent"?,"?name\*/i.test(text) ? "openmetadata-csv" : "csv";
    case "json":
      return "json";
    case "yml":
    case "yaml":
      return "datahub-yaml";
    case "ttl":
      return "skos-turtle";
    default:
      return undefined;
  }
}

/** Reads a file in a format; throws GlossaryFileError (with where each problem is) for one that is not of it. */
export function readGlossaryFile(format: Exclude<GlossaryFormat, "md">, text: string): ReadGlossary {
  switch (format) {
    case "openmetadata-csv":
      return readOpenMetadataCsv(text);
    case "datahub-yaml":
      return readDataHubYaml(text);
    case "skos-turtle":
      return readSkosTurtle(text);
    case "csv":
      return { records: readGlossaryCsv(text), domains: [], notes: [] };
    case "json":
      return { ...readGlossaryJson(text), notes: [] };
  }
}

/**
 * Reads a file in a format a record at a time where the format allows it (an OpenMetadata CSV: its rows are let go
 * as their records are made), else whole; throws GlossaryFileError as `readGlossaryFile` does, and its records do
 * after the last one for a problem found in a record.
 */
export function streamGlossaryFile(format: Exclude<GlossaryFormat, "md">, bytes: Buffer): GlossaryStream {
  if (format === "openmetadata-csv") return streamOpenMetadataCsv(bytes);
  return readGlossaryFile(format, bytes.toString("utf8"));
}

/** Writes the glossary in a format. */
export function writeGlossaryFile(format: GlossaryFormat, glossary: GlossaryExport, now: Date): string {
  switch (format) {
    case "openmetadata-csv":
      return writeOpenMetadataCsv(glossary);
    case "datahub-yaml":
      return writeDataHubYaml(glossary);
    case "skos-turtle":
      return writeSkosTurtle(glossary);
    case "csv":
      return writeGlossaryCsv(glossary);
    case "json":
      return writeGlossaryJson(glossary);
    case "md":
      return writeGlossaryMarkdown(glossary, now);
  }
}
