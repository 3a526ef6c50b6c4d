import { z } from "zod";
import type { GlossaryExport, LocatedRecord } from "../core/index.js";
import { GlossaryFileError } from "./types.js";

/** The version of the file shape below; a reader refuses others rather than guess. */
export const JSON_FORMAT_VERSION = 1;

/** The envelope only: each term is checked by `importGlossary`, so every bad term is reported, not just the first. */
const envelopeSchema = z.object({
  concord: z.literal(JSON_FORMAT_VERSION, { error: `"concord" must be ${JSON_FORMAT_VERSION} (the file format's version)` }),
  domains: z.array(z.unknown(), { error: '"domains" must be a list' }).default([]),
  terms: z.array(z.unknown(), { error: '"terms" must be a list' }),
});

/** A JSON file that is not a Concord glossary. */
export class JsonFileError extends GlossaryFileError {
  override readonly name = "JsonFileError";
}

/** The glossary as `{ "concord": 1, "domains": [...], "terms": [...] }`, with each term's history. */
export function writeGlossaryJson(glossary: GlossaryExport): string {
  return `${JSON.stringify({ concord: JSON_FORMAT_VERSION, domains: glossary.domains, terms: glossary.terms }, null, 2)}\n`;
}

/** Reads a glossary JSON file into located records ("term 3") and the domains it names. */
export function readGlossaryJson(text: string): { records: LocatedRecord[]; domains: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new JsonFileError([{ where: "file", message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw new JsonFileError(
      envelope.error.issues.map((issue) => ({
        where: "file",
        message: issue.path.length === 0 ? 'expected an object { "concord": 1, "domains": [...], "terms": [...] }' : issue.message,
      })),
    );
  }
  return {
    records: envelope.data.terms.map((data, i) => ({ where: `term ${i + 1}`, data })),
    // Checked by importGlossary with the terms, so a bad domain is reported beside bad terms.
    domains: envelope.data.domains,
  };
}
