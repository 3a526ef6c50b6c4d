import { createHash } from "node:crypto";
import type { GlossaryExport, ImportProblem, LocatedRecord } from "../core/index.js";
import { foldText } from "../core/text/index.js";

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

/**
 * A file read a record at a time: `records` makes each record as it is iterated (once), and throws
 * GlossaryFileError after the last one for problems found on the way; `domains` and `notes` are complete once
 * `records` has been read through.
 */
export interface GlossaryStream extends Omit<ReadGlossary, "records"> {
  readonly records: Iterable<LocatedRecord>;
}

/** A stream read through into a whole file's records. */
export function readThrough(stream: GlossaryStream): ReadGlossary {
  const records = [...stream.records];
  return { records, domains: stream.domains, notes: stream.notes, ...(stream.extras ? { extras: stream.extras } : {}) };
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

/**
 * A Concord domain slug from a catalogue's domain name, as every reader derives them: accents folded, anything but
 * letters and digits a hyphen ("Sales.Emea" → "sales-emea", "Café & Bar" → "cafe-bar"); a name that gives no valid
 * slug (日本, "X") gets `domain-` and 8 hex digits of its hash, stable across imports.
 */
export function domainSlugOf(name: string): string {
  const slug = foldText(name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  if (/^[a-z][a-z0-9-]{1,39}$/.test(slug)) return slug;
  // Names with no Latin letters (日本語) or too short still need a slug; the name itself is what is written back.
  return `domain-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}
