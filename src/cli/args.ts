import type { IngestCommand } from "./ingest.js";
import { detectFormat, GLOSSARY_FORMATS, IMPORT_FORMATS, isGlossaryFormat, type GlossaryFormat } from "../formats/index.js";

/** What the command line asks for, parsed once at the edge. */
export type CliCommand =
  | { readonly kind: "help" }
  | {
      readonly kind: "import";
      readonly file: string;
      /** Undefined: told from the file's name and, for a CSV, its header, once it is read. */
      readonly format?: ImportFormat;
      readonly dryRun: boolean;
      readonly as?: string;
    }
  | { readonly kind: "export"; readonly format: GlossaryFormat; readonly out?: string }
  | IngestCommand;

export type ImportFormat = Exclude<GlossaryFormat, "md">;

/** A command line Concord does not understand; the message says why, and the usage follows it. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `Usage:
  npm run concord -- import <file> [--format <format>] [--dry-run] [--as <user ref>]
  npm run concord -- export --format <format> [--out <file>]
  npm run concord -- ingest dbt <manifest.json|project folder|file.yml> --domain <slug> [--dry-run] [--as <user ref>]
  npm run concord -- --help

Formats: ${GLOSSARY_FORMATS.join(", ")} (md is for export only). An import tells the format from the file's
name (.csv, .json, .yml/.yaml, .ttl) and, for a CSV, from its header (OpenMetadata's starts with parent,name*).

import     into an empty glossary, adds every term in the file as agreed, with its hierarchy, relations and
           references, creating the domains it names. Into a glossary with agreed terms it never overwrites a
           definition or a parent: new terms, changed definitions or parents and deprecations become proposals,
           voted on as usual, with one notice per affected domain; unchanged terms are left alone. If any row is
           bad, nothing is imported and every problem is listed with its line.
--dry-run  prints what the import would do (created, proposed, unchanged, refused, with lines) and writes
           nothing.
export     writes the whole glossary (stdout unless --out is given). JSON also carries every term's history.
ingest dbt reads a domain's dbt project (target/manifest.json, schema v12, or MetricFlow YAML under models/) and
           links its models, columns and metrics to terms through meta (glossary, concord.term,
           openmetadata.glossary, DBT_GLOSSARY_META_KEY); prints the usages linked, changed and drifting, the
           links suggested by name, and the problems. --dry-run writes nothing.
--as    the admin to act as (a user ref listed in ADMIN_USERS); by default local:cli, which the command line
        treats as an admin because whoever runs it already has the server's database.

The database is the one Concord uses (DATABASE_URL, else DATA_DIR). The embedded database in DATA_DIR can be
open in one process at a time: stop a running Concord server on the same DATA_DIR first.`;

/** Parses `import …` / `export …` / `--help`; anything else is a UsageError. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h" || arg === "help") return { kind: "help" };
    if (arg === "--dry-run") {
      if (flags.has("dry-run")) throw new UsageError("--dry-run is given twice");
      flags.set("dry-run", "true");
      continue;
    }
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!["format", "out", "as", "domain"].includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
      if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
      flags.set(name, value);
    } else {
      words.push(arg);
    }
  }
  const [command, ...rest] = words;
  if (command === undefined) return { kind: "help" };
  const format = flags.get("format")?.toLowerCase();
  if (command === "import") {
    if (rest.length !== 1) throw new UsageError(rest.length === 0 ? "import needs a file" : "import takes one file");
    if (flags.has("out")) throw new UsageError("--out is for export");
    const file = rest[0]!;
    if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`import reads ${IMPORT_FORMATS.join(", ")}, not ${format}`);
    }
    if (format === undefined && detectFormat(file) === undefined) {
      throw new UsageError(`cannot tell the format of ${file} from its name; add --format (${IMPORT_FORMATS.join(", ")})`);
    }
    const as = flags.get("as");
    return {
      kind: "import",
      file,
      ...(format ? { format: format as ImportFormat } : {}),
      dryRun: flags.has("dry-run"),
      ...(as ? { as } : {}),
    };
  }
  if (command === "ingest") return parseIngest(rest, flags);
  if (flags.has("domain")) throw new UsageError("--domain is for ingest");
  if (command === "export") {
    if (rest.length > 0) throw new UsageError(`export takes no file name; use --out ${rest[0]}`);
    if (flags.has("as")) throw new UsageError("--as is for import");
    if (flags.has("dry-run")) throw new UsageError("--dry-run is for import");
    if (!format) throw new UsageError(`export needs --format (${GLOSSARY_FORMATS.join(", ")})`);
    if (!isGlossaryFormat(format)) throw new UsageError(`export writes ${GLOSSARY_FORMATS.join(", ")}, not ${format}`);
    const out = flags.get("out");
    return { kind: "export", format, ...(out ? { out } : {}) };
  }
  throw new UsageError(`unknown command "${command}"`);
}

function parseIngest(rest: readonly string[], flags: ReadonlyMap<string, string>): IngestCommand {
  const [what, path, ...more] = rest;
  if (what !== "dbt") throw new UsageError(what === undefined ? "ingest needs what to ingest: ingest dbt <manifest.json|dir>" : `ingest reads dbt projects: ingest dbt <manifest.json|dir>, not ${what}`);
  if (path === undefined) throw new UsageError("ingest dbt needs a manifest.json or a dbt project folder");
  if (more.length > 0) throw new UsageError("ingest dbt takes one manifest or folder");
  for (const flag of ["format", "out"]) if (flags.has(flag)) throw new UsageError(`--${flag} is not for ingest`);
  const domain = flags.get("domain");
  if (domain === undefined) throw new UsageError("ingest dbt needs --domain <slug>: the domain that owns the dbt project");
  const as = flags.get("as");
  return { kind: "ingest", path, domain: domain.toLowerCase(), dryRun: flags.has("dry-run"), ...(as ? { as } : {}) };
}
