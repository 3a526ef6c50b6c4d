import type { GlossaryExport, GlossaryRecord, ImportProblem, LocatedRecord } from "../../core/index.js";

/** One CSV record and the physical line it starts on (1-based, counting the header). */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/** A file that is not well-formed CSV, with the line each problem is on. */
export class CsvError extends Error {
  override readonly name = "CsvError";
  constructor(readonly problems: readonly ImportProblem[]) {
    super(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  }
}

/**
 * Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF or LF;
 * a leading UTF-8 byte order mark is ignored, and so are empty lines between records.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const problems: ImportProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let recordDone = false;
    let broken = false;
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] === "\n")) {
      i += text[i] === "\r" ? 2 : 1;
      line++;
      continue;
    }
    while (!recordDone) {
      let field = "";
      if (text[i] === '"') {
        i++;
        const opened = line;
        for (;;) {
          if (i >= text.length) {
            problems.push({ where: `line ${opened}`, message: "a quoted field is never closed (a quote is missing)" });
            return failWith(problems);
          }
          const char = text[i]!;
          if (char === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (char === "\n") line++;
          field += char;
          i++;
        }
        if (i < text.length && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          if (!broken) problems.push({ where: `line ${line}`, message: "text follows a closing quote; a quote inside a quoted field is written twice (\"\")" });
          broken = true;
          while (i < text.length && text[i] !== "," && text[i] !== "\n") i++;
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          if (text[i] === '"' && !broken) {
            problems.push({ where: `line ${line}`, message: "a quote inside an unquoted field; quote the whole field and write the quote twice (\"\")" });
            broken = true;
          }
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ",") {
        i++;
      } else {
        if (i < text.length) {
          i += text[i] === "\r" ? 2 : 1;
          line++;
        }
        recordDone = true;
      }
    }
    if (!broken) rows.push({ line: start, fields });
  }
  if (problems.length > 0) return failWith(problems);
  return rows;
}

function failWith(problems: readonly ImportProblem[]): never {
  throw new CsvError(problems);
}

/** Writes rows as RFC 4180 CSV with CRLF line ends, quoting only fields that need it. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(",") + "\r\n").join("");
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Joins a list into one cell with "; ", escaping a literal `;` as `\;` and a backslash as `\\`. */
export function joinList(items: readonly string[]): string {
  return items.map((item) => item.replaceAll("\\", "\\\\").replaceAll(";", "\\;")).join("; ");
}

/** Splits a list cell at unescaped `;`, trimming each item and dropping empty ones. */
export function splitList(cell: string): string[] {
  const items: string[] = [];
  let current = "";
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i]!;
    if (char === "\\" && (cell[i + 1] === ";" || cell[i + 1] === "\\")) {
      current += cell[i + 1];
      i++;
    } else if (char === ";") {
      items.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** The glossary CSV's columns, in the order an export writes them; `variant:<domain>` columns follow. */
export const CSV_COLUMNS = [
  "name",
  "definition",
  "example",
  "formula",
  "aliases",
  "owner",
  "consumers",
  "tags",
  "policy",
  "status",
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const VARIANT_PREFIX = "variant:";

/** The glossary as CSV: one row per term, current state only (history travels in JSON). */
export function writeGlossaryCsv(glossary: GlossaryExport): string {
  const variantDomains = [...new Set(glossary.terms.flatMap((t) => t.variants.map((v) => v.domain)))].sort();
  const header = [...CSV_COLUMNS, ...variantDomains.map((d) => VARIANT_PREFIX + d)];
  const rows = glossary.terms.map((term) => {
    const variants = new Map(term.variants.map((v) => [v.domain, v.text]));
    const cells: Record<Column, string> = {
      name: term.name,
      definition: term.definition,
      example: term.example ?? "",
      formula: term.formula ?? "",
      aliases: joinList(term.aliases),
      owner: term.owner ?? "",
      consumers: joinList(term.consumers),
      tags: joinList(term.tags),
      policy: term.policy ?? "",
      status: term.status,
    };
    return [...CSV_COLUMNS.map((c) => cells[c]), ...variantDomains.map((d) => variants.get(d) ?? "")];
  });
  return formatCsv([header, ...rows]);
}

/** Reads a glossary CSV into records for `importGlossary`, each located by the line its row starts on. */
export function readGlossaryCsv(text: string): LocatedRecord[] {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  if (!header) throw new CsvError([{ where: "line 1", message: "the file is empty; it needs a header row (name,definition,…)" }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  const where = `line ${header.line}`;
  const known = new Set<string>(CSV_COLUMNS);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) problems.push({ where, message: `the column "${name}" appears twice` });
    else if (!known.has(name) && !name.startsWith(VARIANT_PREFIX)) {
      problems.push({ where, message: `unknown column "${name}"; the columns are ${CSV_COLUMNS.join(", ")} and variant:<domain>` });
    }
  });
  for (const required of ["name", "definition"]) {
    if (!names.includes(required)) problems.push({ where, message: `the header has no "${required}" column` });
  }
  for (const row of body) {
    if (row.fields.length !== names.length) {
      problems.push({ where: `line ${row.line}`, message: `${row.fields.length} fields, but the header has ${names.length}` });
    }
  }
  if (problems.length > 0) throw new CsvError(problems);
  return body.map((row) => {
    const cell = (column: string): string | undefined => {
      const index = names.indexOf(column);
      return index < 0 ? undefined : row.fields[index];
    };
    const list = (column: string) => splitList(cell(column) ?? "");
    const variants = names.flatMap((name, index) => {
      const text = row.fields[index] ?? "";
      return name.startsWith(VARIANT_PREFIX) && text.trim() !== "" ? [{ domain: name.slice(VARIANT_PREFIX.length), text }] : [];
    });
    const data: Record<keyof GlossaryRecord, unknown> = {
      name: cell("name"),
      definition: cell("definition"),
      example: cell("example") ?? null,
      formula: cell("formula") ?? null,
      aliases: list("aliases"),
      owner: cell("owner")?.trim() ?? null,
      consumers: list("consumers"),
      tags: list("tags"),
      policy: cell("policy")?.trim() ?? null,
      status: cell("status")?.trim() ?? "",
      variants,
      versions: undefined,
    };
    return { where: `line ${row.line}`, data };
  });
}
