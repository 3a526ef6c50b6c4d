import type { GlossaryExport, ImportProblem, LocatedRecord } from "../core/index.js";

/** The formats Concord reads and writes, by the names the CLI and the API take (`--format`, `?format=`). */
export const GLOSSARY_FORMATS = ["openmetadata-csv", "datahub-yaml", "skos-turtle", "csv", "json", "md"] as const;
export type GlossaryFormat = (typeof GLOSSARY_FORMATS)[number];

/** What a reader finds in a file: the records for `importGlossary`, and what it could not carry over. */
export interface ReadGlossary {
  /** One per term, located ("line 17", "term 3") for messages; each checked by `importGlossary`. */
  readonly records: readonly LocatedRecord[];
  /** `{ slug, name }` for the domains the file names. */
  readonly domains: readonly unknown[];
  /**
   * What the file holds that Concord does not import, each with where it is: skipped rows (a rejected term),
   * fields Concord cannot hold. Listed to the user; never dropped silently.
   */
  readonly notes: readonly ImportProblem[];
  /** Glossary-level fields kept for the next export to the same format ("openmetadata.glossary"). */
  readonly extras?: Readonly<Record<string, string>>;
}

/** A file that is not of the format it was read as, with where each problem is. */
export class GlossaryFileError extends Error {
  override readonly name: string = "GlossaryFileError";
  constructor(readonly problems: readonly ImportProblem[]) {
    super(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  }
}

/** A reader and a writer of one format. */
export interface GlossaryCodec {
  read(text: string): ReadGlossary;
  write(glossary: GlossaryExport): string;
}
