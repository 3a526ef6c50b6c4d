/** What the command line asks for, parsed once at the edge. */
export type CliCommand =
  | { readonly kind: "help" }
  | { readonly kind: "import"; readonly file: string; readonly format: FileFormat; readonly as?: string }
  | { readonly kind: "export"; readonly format: ExportFormat; readonly out?: string };

export type FileFormat = "csv" | "json";
export type ExportFormat = FileFormat | "md";

/** A command line Concord does not understand; the message says why, and the usage follows it. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `Usage:
  npm run concord -- import <file.csv|file.json> [--format csv|json] [--as <user ref>]
  npm run concord -- export --format csv|json|md [--out <file>]
  npm run concord -- --help

import  adds every term in the file as agreed, creating the domains it names; if any row is bad, or names a
        term the glossary already has, nothing is imported and every problem is listed with its line.
export  writes the whole glossary (stdout unless --out is given). CSV and Markdown carry the current state;
        JSON also carries every term's history and round-trips it.
--as    the admin to act as (a user ref listed in ADMIN_USERS); by default local:cli, which the command line
        treats as an admin because whoever runs it already has the server's database.

The database is the one Concord uses (DATABASE_URL, else DATA_DIR). The embedded database in DATA_DIR can be
open in one process at a time: stop a running Concord server on the same DATA_DIR first.`;

const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "json", "md"];

/** Parses `import …` / `export …` / `--help`; anything else is a UsageError. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h" || arg === "help") return { kind: "help" };
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!["format", "out", "as"].includes(name)) throw new UsageError(`unknown option --${name}`);
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
    const detected = format ?? /\.(csv|json)$/i.exec(file)?.[1]?.toLowerCase();
    if (detected !== "csv" && detected !== "json") {
      throw new UsageError(format ? `import reads csv or json, not ${format}` : `cannot tell the format of ${file}; name it .csv or .json, or add --format`);
    }
    const as = flags.get("as");
    return { kind: "import", file, format: detected, ...(as ? { as } : {}) };
  }
  if (command === "export") {
    if (rest.length > 0) throw new UsageError(`export takes no file name; use --out ${rest[0]}`);
    if (flags.has("as")) throw new UsageError("--as is for import");
    if (!format) throw new UsageError("export needs --format csv, json or md");
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`export writes csv, json or md, not ${format}`);
    const out = flags.get("out");
    return { kind: "export", format: format as ExportFormat, ...(out ? { out } : {}) };
  }
  throw new UsageError(`unknown command "${command}"`);
}
