import { CsvError as CsvParseError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { GlossaryExport, GlossaryRecord, ImportProblem, LocatedRecord } from "../core/index.js";
import { GlossaryFileError } from "./types.js";

/** One CSV record and the physical line it starts on (1-based, counting the header). */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/** A file that is not well-formed CSV, with the line each problem is on. */
export class CsvError extends GlossaryFileError {
  override readonly name = "CsvError";
}

/**
 * Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF or LF;
 * a leading UTF-8 byte order mark is ignored, and so are empty lines between records. A cell that `formatCsv`
 * kept from being run as a formula is read without the apostrophe it put in front.
 */
export function parseCsv(text: string | Buffer): CsvRow[] {
  const rows: CsvRow[] = [];
  scanCsv(text, (row) => rows.push(row));
  return rows;
}

/**
 * Reads CSV as `parseCsv` does, handing each record to `visit` as it is read, with the bytes it spans in the
 * buffer (`readCsvRange` reads them again); nothing is handed over after the first problem, and the problems are
 * thrown together at the end.
 */
export function scanCsv(text: string | Buffer, visit: (row: CsvRow, start: number, end: number) => void): void {
  const buffer = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const problems: ImportProblem[] = [];
  let from = 0;
  let firstLine = 1;
  for (;;) {
    const lines = createLineCounter(buffer, from, firstLine);
    let previousEnd = from;
    try {
      parse(buffer.subarray(from), {
        bom: true,
        record_delimiter: ["\r\n", "\n"],
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (record: string[], context) => {
          const start = previousEnd;
          previousEnd = from + context.bytes;
          if (problems.length === 0) visit({ line: lines.startOf(start), fields: record.map(restoreFormulaCell) }, start, previousEnd);
          return null;
        },
      });
      if (problems.length === 0) return;
      break;
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      if (error.code === "CSV_QUOTE_NOT_CLOSED") {
        problems.push({ where: `line ${lines.startOf(previousEnd)}`, message: PARSE_PROBLEMS[error.code]! });
        break;
      }
      const line = firstLine + Number(error.lines ?? 1) - 1;
      problems.push({ where: `line ${line}`, message: PARSE_PROBLEMS[error.code] ?? error.message });
      // The rest is read only to report its problems too; nothing is returned once one is found.
      const next = lines.offsetOfLine(line + 1);
      if (next === undefined) break;
      from = next;
      firstLine = line + 1;
    }
  }
  throw new CsvError(problems);
}

/** The records of a span of bytes `scanCsv` handed over (from one record's start to a later one's end), read again. */
export function readCsvRange(buffer: Buffer, start: number, end: number): string[][] {
  const records: string[][] = [];
  parse(buffer.subarray(start, end), {
    bom: start === 0,
    record_delimiter: ["\r\n", "\n"],
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[]) => {
      records.push(record.map(restoreFormulaCell));
      return null;
    },
  });
  return records;
}

const PARSE_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed (a quote is missing)",
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field; quote the whole field and write the quote twice ("")',
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted field is written twice ("")',
};

/** Physical line numbers (counting LF only, as editors do) of byte offsets in a buffer, read forward once. */
function createLineCounter(buffer: Buffer, from: number, firstLine: number) {
  let offset = from;
  let line = firstLine;
  const advanceTo = (target: number) => {
    for (let at = buffer.indexOf(0x0a, offset); at !== -1 && at < target; at = buffer.indexOf(0x0a, at + 1)) line++;
    offset = Math.max(offset, target);
  };
  return {
    /** The line a record starts on when the previous one ended at `end`, past any blank lines. */
    startOf(end: number): number {
      let start = end === 0 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : end;
      while (buffer[start] === 0x0a || (buffer[start] === 0x0d && buffer[start + 1] === 0x0a)) start += buffer[start] === 0x0d ? 2 : 1;
      advanceTo(start);
      return line;
    },
    /** Where a line begins, or undefined past the end. */
    offsetOfLine(wanted: number): number | undefined {
      let at = from;
      for (let current = firstLine; current < wanted; current++) {
        const newline = buffer.indexOf(0x0a, at);
        if (newline === -1) return undefined;
        at = newline + 1;
      }
      return at < buffer.length ? at : undefined;
    },
  };
}

/** Writes rows as RFC 4180 CSV with CRLF line ends, quoting only fields that need it or that could run as formulas. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseFormulaCell)),
    { record_delimiter: "\r\n", quote_record_delimiter: true, quoted_match: [FORMULA_CELL, SURROUNDING_SPACE] },
  );
}

/*
 * OWASP's rule against formula injection: a cell that begins with = + - @, a tab or a carriage return (or the
 * full-width = + - @ some spreadsheets read as those) is prefixed with an apostrophe and quoted, so a spreadsheet
 * shows it as text. A cell that already begins with apostrophes before such a sign gets one more, so reading
 * strips exactly one and every cell comes back as it was.
 */
const FORMULA_LEAD = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const FORMULA_CELL = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const SURROUNDING_SPACE = /^\s|\s$/;

function neutraliseFormulaCell(cell: string): string {
  return FORMULA_LEAD.test(cell) ? `'${cell}` : cell;
}

function restoreFormulaCell(cell: string): string {
  return FORMULA_CELL.test(cell) ? cell.slice(1) : cell;
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
    const data: Partial<Record<keyof GlossaryRecord, unknown>> = {
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
