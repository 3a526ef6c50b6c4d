/**
 * OpenMetadata glossary CSV, read and written.
 *
 * The file is RFC 4180 CSV with the header
 * `parent,name*,displayName,description,synonyms,relatedTerms,references,tags,reviewers,owner,glossaryStatus,color,iconURL,domains,extension`
 * (the older header without color, iconURL and domains is read too; the 15-column one is written). Inside a cell,
 * lists are `;`-separated, and an item holding `;` (or `,`, a quote or a line break) is quoted as in CSV, as
 * OpenMetadata writes it. How each column maps to Concord:
 *
 * - `parent` is the parent's fully qualified name, `Glossary.Parent.Child`; a name holding a dot is quoted in it
 *   (`Glossary."a.b"`). The first segment is the glossary's name, kept as the glossary-level extra
 *   `openmetadata.glossary` (written as "Glossary" when there is none). Paths are built from `name*`.
 * - `name*` and `displayName`: Concord's term name is the display name when there is one, else the name. Should two
 *   terms come out with the same name, the later one is named "<label> (<path>)" and a note says so. Whenever the
 *   Concord name is not simply `name*` with no display name, `name*` is kept as `openmetadata.name` (and the display
 *   name as `openmetadata.displayName` when the Concord name differs from it), so the writer puts both back.
 * - `description` → the definition; `synonyms` → aliases; `tags` → tags as written (`Classification.Tag`).
 * - `relatedTerms`: name paths with an optional `relationType:` prefix (none: related). relatedTo/related,
 *   synonym, antonym, broader, narrower, partOf, hasPart, seeAlso map to Concord's relation types. Another type (a
 *   custom one) is read as related, with a note, and the type kept in `openmetadata.relationTypes` (JSON, by term
 *   name) so it is written back. A path to a term not in the file (another glossary, a Rejected term) is not a
 *   Concord relation: it is noted and kept as written in `openmetadata.unresolvedRelatedTerms`.
 * - `references`: `name;url` pairs in one list → references {label, url}.
 * - `owner` and `reviewers` (`user:jane;team:sales`, prefixes kept as written) → stewards, owners first; the
 *   reviewers are kept in `openmetadata.reviewers` (and the owners in `openmetadata.owner` when someone is both).
 * - `glossaryStatus`: Approved (or empty) → active, Deprecated → deprecated, Draft and In Review → draft (In Review is
 *   kept in `openmetadata.glossaryStatus`), Rejected → skipped with a note; its children come in at the top.
 * - `domains`: fully qualified domain names (`Sales`, `Sales.Emea`); the first is the owning domain, the others
 *   consumers. A domain's slug comes from its whole name ("Sales.Emea" → `sales-emea`) and its Concord name is the
 *   whole name as written, so the writer can write it back.
 * - `color`, `iconURL` → `openmetadata.color`, `openmetadata.iconURL`.
 * - `extension`: custom properties, `name:value;name:value` (a JSON object is read too). Concord's own fields that
 *   OpenMetadata lacks travel as custom properties: `concordExample`, `concordFormula`, `concordPolicy`,
 *   `concordVariants` (JSON: [{domain, text, baseVersion?}]) and `concordConsumers` (slugs separated by `|`, only
 *   when the term has consumers but no owning domain, since `domains` carries them otherwise). Other properties are
 *   kept, in file order, in `openmetadata.extension`. OpenMetadata accepts a custom property only once it is
 *   defined for glossary terms, so an import there needs the concord* ones defined (as string or markdown).
 */
import { CsvError as CsvParseError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { GlossaryExport, GlossaryRecord, ImportProblem, LocatedRecord, RelationType } from "../core/index.js";
import { cleanDisplayText, termSlug } from "../core/text/index.js";
import { CsvError, formatCsv, readCsvRange, scanCsv, type CsvRow } from "./csv.js";
import { domainSlugOf, GlossaryFileError, readThrough, type GlossaryStream, type ReadGlossary } from "./types.js";

export { domainSlugOf } from "./types.js";

/** The header OpenMetadata writes today, which the writer writes. */
export const OPENMETADATA_COLUMNS = [
  "parent",
  "name*",
  "displayName",
  "description",
  "synonyms",
  "relatedTerms",
  "references",
  "tags",
  "reviewers",
  "owner",
  "glossaryStatus",
  "color",
  "iconURL",
  "domains",
  "extension",
] as const;
type Column = (typeof OPENMETADATA_COLUMNS)[number];

/** The header of older OpenMetadata releases, without color, iconURL and domains. */
export const OPENMETADATA_OLD_COLUMNS: readonly Column[] = OPENMETADATA_COLUMNS.filter(
  (c) => c !== "color" && c !== "iconURL" && c !== "domains",
);

const DEFAULT_GLOSSARY = "Glossary";
const X = "openmetadata.";

/** OpenMetadata's relation type names → Concord's. */
const RELATION_FROM: Readonly<Record<string, RelationType>> = {
  relatedTo: "related",
  related: "related",
  synonym: "synonym",
  antonym: "antonym",
  broader: "broader",
  narrower: "narrower",
  partOf: "part-of",
  hasPart: "has-part",
  seeAlso: "see-also",
};
/** Concord's relation types → the prefix written; related is written bare, OpenMetadata's default. */
const RELATION_TO: Readonly<Record<RelationType, string>> = {
  related: "",
  synonym: "synonym",
  antonym: "antonym",
  broader: "broader",
  narrower: "narrower",
  "part-of": "partOf",
  "has-part": "hasPart",
  "see-also": "seeAlso",
};
const RELATION_PREFIX = /^([A-Za-z][A-Za-z0-9_-]*):(.+)$/s;

const CONCORD_PROPERTIES = ["concordExample", "concordFormula", "concordPolicy", "concordVariants", "concordConsumers"] as const;
const CONCORD_PROPERTY_SET = new Set<string>(CONCORD_PROPERTIES);

/** A cell's inner text that is not a well-formed `;` (or `.`) list; reported with the row's line. */
class CellError extends Error {}

/** Splits a list inside a cell at `delimiter`, reading quoted items as CSV does; items trimmed, empty ones dropped. */
function splitInner(text: string, delimiter: string, what: string): string[] {
  if (text.trim() === "") return [];
  let items: string[];
  if (!text.includes('"')) {
    items = text.split(delimiter);
  } else {
    try {
      const rows = parse(text, { delimiter, relax_quotes: true, record_delimiter: "\u0000", ltrim: true, rtrim: true }) as string[][];
      items = rows.flat();
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      throw new CellError(`the ${what} cell has a quote that is never closed or is misplaced (write a quote inside a quoted item twice)`);
    }
  }
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Joins items with `delimiter`, quoting those that hold it, a quote, or (in a list) a comma or a line break, as OpenMetadata does. */
function joinInner(items: readonly string[], delimiter: ";" | "."): string {
  const listy = delimiter === ";";
  // A quote inside an item is read as it is; only one that opens an item would be taken for CSV quoting.
  const needsQuotes = (item: string) => item.includes(delimiter) || item.startsWith('"') || (listy && /[,\r\n]/.test(item));
  if (!items.some(needsQuotes)) return items.join(delimiter);
  return stringify([items as string[]], {
    delimiter,
    record_delimiter: "\u0000",
    ...(listy ? { quoted_match: /[,\r\n]/ } : {}),
  }).slice(0, -1);
}

/** A fully qualified name's segments: `Glossary."a.b".c` → ["Glossary", "a.b", "c"]. */
function splitPath(path: string, what: string): string[] {
  const segments = splitInner(path, ".", what);
  if (!path.includes('"') && path.split(".").some((s) => s.trim() === "")) {
    throw new CellError(`the ${what} "${path}" has an empty part between dots`);
  }
  return segments;
}

/** Segments → a fully qualified name, quoting a segment that holds a dot. */
function joinPath(segments: readonly string[]): string {
  return joinInner(segments, ".");
}

const pathKey = (segments: readonly string[]) => segments.join("\u0000");


/** What is kept of a row until its record is made: little, since a file may have a hundred thousand of them. */
class Parsed {
  /** The parent's row, once the file's paths are known. */
  parent: Parsed | null = null;
  /** How many segments its path has, glossary included. */
  depth = 0;
  /** The display name, else `name*`, until the term's Concord name is chosen. */
  concordName: string;

  constructor(
    /** Its place among the file's rows. */
    readonly index: number,
    readonly line: number,
    /** Where the row is in the file's bytes, to read its cells again when its record is made. */
    readonly start: number,
    readonly end: number,
    /** `name*`, trimmed. */
    readonly name: string,
    label: string,
    readonly status: "active" | "deprecated" | "draft" | "rejected",
    /** The parent's path as the row writes it, until the file's paths are known. */
    public parentPath: string[] | null,
  ) {
    this.concordName = label;
  }

  get where(): string {
    return `line ${this.line}`;
  }
}

type Cells = Readonly<Record<Column, string>>;

/** How many rows are read again at once when their records are made. */
const ROWS_READ_AGAIN = 500;

/** Reads an OpenMetadata glossary CSV into records for `importGlossary`, the domains they name, and notes. */
export function readOpenMetadataCsv(text: string | Buffer): ReadGlossary {
  return readThrough(streamOpenMetadataCsv(text));
}

/**
 * Reads an OpenMetadata glossary CSV a record at a time. The whole file's structure (the header, each row's name,
 * parent and status, the hierarchy's paths and the Concord names) is read and checked at once, throwing
 * GlossaryFileError; the rows' other cells are read again, a few hundred rows at a time, only as `records` is
 * iterated, so that a large file is never held as objects.
 */
export function streamOpenMetadataCsv(text: string | Buffer): GlossaryStream {
  let buffer: Buffer | null = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const problems: ImportProblem[] = [];
  const notes: ImportProblem[] = [];
  const parsed: Parsed[] = [];
  let header: { line: number; columns: readonly Column[] | null } | undefined;
  let glossary: { name: string; where: string } | null = null;
  // Only while no row has named the glossary: the related terms may be what names it.
  let relatedCells: string[] | null = [];
  const checkGlossary = (segments: readonly string[], where: string, what: string): boolean => {
    const first = segments[0]!;
    if (glossary === null) {
      glossary = { name: first, where };
      relatedCells = null;
    } else if (glossary.name !== first) {
      problems.push({ where, message: `the ${what} "${joinPath(segments)}" is in the glossary "${first}", but ${glossary.where} puts this file's terms in "${glossary.name}"` });
      return false;
    }
    return true;
  };
  const readRow = (fileRow: CsvRow, start: number, end: number, columns: readonly Column[]) => {
    const where = `line ${fileRow.line}`;
    if (fileRow.fields.length !== columns.length) {
      problems.push({ where, message: `${fileRow.fields.length} fields, but the header has ${columns.length}` });
      return;
    }
    const cells = cellsOf(fileRow.fields, columns);
    const name = cells["name*"].trim();
    if (name === "") {
      problems.push({ where, message: "the name* cell is empty; every term needs a name" });
      return;
    }
    const status = statusOf(cells.glossaryStatus.trim());
    if (status === null) {
      problems.push({ where, message: `the glossaryStatus "${cells.glossaryStatus.trim()}" is not one of Draft, In Review, Approved, Deprecated, Rejected` });
      return;
    }
    let parentPath: string[] | null = null;
    try {
      if (cells.parent.trim() !== "") {
        parentPath = splitPath(cells.parent.trim(), "parent");
        if (parentPath.length < 2) {
          problems.push({ where, message: `the parent "${cells.parent.trim()}" names no term; it must be the glossary's name, a dot, then the parent's path (Glossary.Parent)` });
          return;
        }
        if (!checkGlossary(parentPath, where, "parent")) return;
      }
    } catch (error) {
      if (error instanceof CellError) problems.push({ where, message: error.message });
      else throw error;
      return;
    }
    const label = cleanDisplayText(cells.displayName) || cleanDisplayText(cells["name*"]);
    parsed.push(new Parsed(parsed.length, fileRow.line, start, end, name, label, status, parentPath));
    relatedCells?.push(cells.relatedTerms);
  };
  try {
    scanCsv(buffer, (fileRow, start, end) => {
      if (header === undefined) {
        const names = fileRow.fields.map((f) => (f.trim() === "name" ? "name*" : f.trim()));
        const columns =
          sameColumns(names, OPENMETADATA_COLUMNS) ? OPENMETADATA_COLUMNS : sameColumns(names, OPENMETADATA_OLD_COLUMNS) ? OPENMETADATA_OLD_COLUMNS : null;
        header = { line: fileRow.line, columns };
      } else if (header.columns) {
        readRow(fileRow, start, end, header.columns);
      }
    });
  } catch (error) {
    if (error instanceof CsvError) throw new GlossaryFileError(error.problems);
    throw error;
  }
  if (!header) throw new GlossaryFileError([{ where: "line 1", message: `the file is empty; it needs the header ${OPENMETADATA_COLUMNS.join(",")}` }]);
  const columns = header.columns;
  if (!columns) {
    throw new GlossaryFileError([
      {
        where: `line ${header.line}`,
        message: `this is not an OpenMetadata glossary CSV header; it must be ${OPENMETADATA_COLUMNS.join(",")} (or the older one without color, iconURL and domains)`,
      },
    ]);
  }
  // A top-level term's path starts with the glossary, known only once some row names it: a parent, else a related
  // term's path that names a top-level term of the file.
  const glossaryName = (glossary as { name: string } | null)?.name ?? glossaryFromRelations(parsed, relatedCells ?? []);
  relatedCells = null;
  const top = glossaryName ?? DEFAULT_GLOSSARY;
  const byPath = new Map<string, Parsed>();
  for (const term of parsed) {
    const path = [...(term.parentPath ?? [top]), term.name];
    term.depth = path.length;
    const key = pathKey(path);
    const earlier = byPath.get(key);
    if (earlier) problems.push({ where: term.where, message: `"${joinPath(path)}" is also the term on ${earlier.where}` });
    else byPath.set(key, term);
  }
  for (const term of parsed) {
    if (!term.parentPath) continue;
    term.parent = byPath.get(pathKey(term.parentPath)) ?? null;
    if (!term.parent) problems.push({ where: term.where, message: `the parent "${joinPath(term.parentPath)}" is not a term of this file` });
    term.parentPath = null;
  }
  if (problems.length > 0) throw new GlossaryFileError(sortByLine(problems));
  const pathOf = (term: Parsed): string[] => (term.parent ? [...pathOf(term.parent), term.name] : [top, term.name]);

  // Concord names: the label, unique by slug. On a clash the shallower term (then the earlier) keeps the label
  // and the other is named after its path.
  const taken = new Map<string, Parsed>();
  const byDepth = [...parsed].sort((a, b) => a.depth - b.depth || a.index - b.index);
  for (const term of byDepth) {
    if (term.status === "rejected") continue;
    const label = term.concordName;
    const slug = termSlug(label);
    const clash = taken.get(slug);
    if (clash) {
      term.concordName = `${label} (${joinPath(pathOf(term).slice(1))})`;
      notes.push({ where: term.where, message: `named "${term.concordName}" in Concord, since "${clash.concordName}" (${clash.where}) has the same name` });
    }
    taken.set(termSlug(term.concordName), term);
  }
  taken.clear();

  // Every row passed the checks above, so the rows between two rows' bytes are exactly the rows between them.
  const read = new Map<Parsed, Cells>();
  const cellsFor = (term: Parsed): Cells => {
    let cells = read.get(term);
    if (!cells) {
      const from = term.index;
      const to = Math.min(parsed.length, from + ROWS_READ_AGAIN);
      const rows = readCsvRange(buffer!, term.start, parsed[to - 1]!.end);
      if (rows.length !== to - from) throw new Error(`read ${rows.length} rows again where there were ${to - from}`);
      rows.forEach((fields, i) => {
        const other = parsed[from + i]!;
        if (other === term || (!emitted.has(other) && other.status !== "rejected")) read.set(other, cellsOf(fields, columns));
      });
      cells = read.get(term)!;
    }
    read.delete(term);
    return cells;
  };
  const domains = new Map<string, string>();
  const slugs = new Map<string, string>();
  const emitted = new Set<Parsed>();
  const waiting = new Map<Parsed, Parsed[]>();
  /** The term's record, then those of the children that waited for it (depth first, in file order). */
  function* emit(first: Parsed): Generator<LocatedRecord> {
    const stack = [first];
    for (let term = stack.pop(); term !== undefined; term = stack.pop()) {
      emitted.add(term);
      let data: Partial<Record<keyof GlossaryRecord, unknown>> | undefined;
      try {
        data = recordOf(term, cellsFor(term), byPath, top, pathOf, domains, slugs, notes);
      } catch (error) {
        if (error instanceof CellError) problems.push({ where: term.where, message: error.message });
        else throw error;
      }
      if (data) yield { where: term.where, data };
      stack.push(...[...(waiting.get(term) ?? [])].reverse());
    }
  }
  function* records(): Generator<LocatedRecord> {
    for (const term of parsed) {
      if (term.status === "rejected") {
        notes.push({ where: term.where, message: `"${term.name}" is Rejected in OpenMetadata, so it is not imported` });
        continue;
      }
      const parent = term.parent;
      // A child listed before its parent waits for it, so parents always come first.
      if (parent && parent.status !== "rejected" && !emitted.has(parent)) {
        waiting.set(parent, [...(waiting.get(parent) ?? []), term]);
      } else {
        yield* emit(term);
      }
    }
    // Read through: what the import goes on to hold is the records, not the file.
    buffer = null;
    parsed.length = 0;
    byPath.clear();
    emitted.clear();
    if (problems.length > 0) throw new GlossaryFileError(sortByLine(problems));
  }
  return {
    records: records(),
    get domains() {
      return [...domains].map(([slug, name]) => ({ slug, name }));
    },
    get notes() {
      return sortByLine(notes);
    },
    ...(glossaryName !== null ? { extras: { [`${X}glossary`]: glossaryName } } : {}),
  };
}

/** A row's cells by column, the columns the file's header lacks empty. */
function cellsOf(fields: readonly string[], columns: readonly Column[]): Cells {
  const cells = {} as Record<Column, string>;
  for (const c of OPENMETADATA_COLUMNS) cells[c] = "";
  columns.forEach((c, i) => (cells[c] = fields[i]!));
  return cells;
}

function glossaryFromRelations(parsed: readonly Parsed[], relatedCells: readonly string[]): string | null {
  const topLevel = new Set(parsed.filter((t) => t.parentPath === null).map((t) => t.name));
  for (const [i] of parsed.entries()) {
    let items: string[];
    try {
      items = splitInner(relatedCells[i]!, ";", "relatedTerms");
    } catch {
      continue;
    }
    for (const item of items) {
      const prefixed = RELATION_PREFIX.exec(item);
      const known = prefixed && RELATION_FROM[prefixed[1]!] !== undefined;
      for (const path of known ? [prefixed[2]!.trim(), item] : [item, prefixed?.[2]?.trim()]) {
        if (path === undefined) continue;
        try {
          const segments = splitPath(path, "related term");
          if (segments.length === 2 && topLevel.has(segments[1]!)) return segments[0]!;
        } catch {
          // Reported, if it matters, when the relation is read.
        }
      }
    }
  }
  return null;
}

function sameColumns(names: readonly string[], expected: readonly string[]): boolean {
  return names.length === expected.length && names.every((n, i) => n === expected[i]);
}

function sortByLine(problems: ImportProblem[]): ImportProblem[] {
  const line = (p: ImportProblem) => Number(/\d+/.exec(p.where)?.[0] ?? 0);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => line(a.p) - line(b.p) || a.i - b.i).map(({ p }) => p);
}

function statusOf(cell: string): Parsed["status"] | null {
  switch (cell.toLowerCase().replace(/\s+/g, "")) {
    case "":
    case "approved":
      return "active";
    case "deprecated":
      return "deprecated";
    case "draft":
    case "inreview":
      return "draft";
    case "rejected":
      return "rejected";
    default:
      return null;
  }
}

/** One row as a record for `importGlossary`; throws CellError for a cell that cannot be read. */
function recordOf(
  term: Parsed,
  cells: Cells,
  byPath: ReadonlyMap<string, Parsed>,
  glossary: string,
  pathOf: (term: Parsed) => string[],
  domains: Map<string, string>,
  slugs: Map<string, string>,
  notes: ImportProblem[],
): Partial<Record<keyof GlossaryRecord, unknown>> {
  const { where } = term;
  const extras: Record<string, string> = {};
  const name = term.name;
  const displayName = cells.displayName.trim();
  if (displayName !== "" || term.concordName !== name) extras[`${X}name`] = name;
  if (term.concordName !== (displayName || term.concordName)) extras[`${X}displayName`] = displayName;
  if (displayName === "" && term.concordName !== name) extras[`${X}displayName`] = "";

  let parent: string | null = null;
  if (term.parent) {
    const parentTerm = term.parent;
    if (parentTerm.status === "rejected") {
      notes.push({ where, message: `its parent "${joinPath(pathOf(parentTerm))}" (${parentTerm.where}) is Rejected and not imported, so this term is imported at the top level` });
    } else {
      parent = parentTerm.concordName;
    }
  }

  const relations: { type: RelationType; term: string }[] = [];
  const seen = new Set<string>();
  const customTypes: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const item of splitInner(cells.relatedTerms, ";", "relatedTerms")) {
    let target = resolve(item, byPath, glossary);
    let omType = "";
    if (!target) {
      const prefixed = RELATION_PREFIX.exec(item);
      if (prefixed && !prefixed[1]!.includes(".")) {
        omType = prefixed[1]!;
        target = resolve(prefixed[2]!.trim(), byPath, glossary);
      }
    }
    if (!target || target.status === "rejected") {
      unresolved.push(item);
      notes.push({
        where,
        message: `the related term "${item}" is ${target ? "Rejected and not imported" : "not a term of this file"}; it is kept for the next OpenMetadata export, not as a Concord relation`,
      });
      continue;
    }
    let type = RELATION_FROM[omType || "relatedTo"];
    if (type === undefined) {
      type = "related";
      customTypes[target.concordName] = omType;
      notes.push({ where, message: `the relation type "${omType}" (to "${target.concordName}") is not one Concord knows; it is imported as related and written back as ${omType}` });
    }
    const key = `${type}\u0000${termSlug(target.concordName)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    relations.push({ type, term: target.concordName });
  }
  if (Object.keys(customTypes).length > 0) extras[`${X}relationTypes`] = JSON.stringify(customTypes);
  if (unresolved.length > 0) extras[`${X}unresolvedRelatedTerms`] = joinInner(unresolved, ";");

  const referenceItems = splitInner(cells.references, ";", "references");
  if (referenceItems.length % 2 !== 0) {
    throw new CellError(`the references cell must hold name;url pairs (name;url;name;url), but it has ${referenceItems.length} items`);
  }
  const references: { label: string; url: string }[] = [];
  for (let i = 0; i < referenceItems.length; i += 2) references.push({ label: referenceItems[i]!, url: referenceItems[i + 1]! });

  const owners = splitInner(cells.owner, ";", "owner");
  const reviewers = splitInner(cells.reviewers, ";", "reviewers");
  if (reviewers.length > 0) extras[`${X}reviewers`] = joinInner(reviewers, ";");
  if (owners.some((o) => reviewers.includes(o))) extras[`${X}owner`] = joinInner(owners, ";");

  // Draft is what the writer writes for a draft; only In Review needs keeping.
  if (term.status === "draft" && /review/i.test(cells.glossaryStatus)) extras[`${X}glossaryStatus`] = "In Review";
  if (cells.color.trim() !== "") extras[`${X}color`] = cells.color.trim();
  if (cells.iconURL.trim() !== "") extras[`${X}iconURL`] = cells.iconURL.trim();

  const domainSlugs: string[] = [];
  for (const domain of splitInner(cells.domains, ";", "domains")) {
    const slug = slugs.get(domain) ?? domainSlugOf(domain);
    slugs.set(domain, slug);
    const known = domains.get(slug);
    if (known !== undefined && known !== domain) {
      throw new CellError(`the domains "${known}" and "${domain}" would both be the Concord domain "${slug}"; rename one of them`);
    }
    domains.set(slug, domain);
    if (!domainSlugs.includes(slug)) domainSlugs.push(slug);
  }

  const properties = readExtension(cells.extension);
  const concord = new Map(properties.filter(([key]) => CONCORD_PROPERTY_SET.has(key)));
  const others = properties.filter(([key]) => !CONCORD_PROPERTY_SET.has(key));
  if (others.length > 0) extras[`${X}extension`] = writeExtension(others);
  let variants: unknown = [];
  const variantsText = concord.get("concordVariants");
  if (variantsText !== undefined) {
    try {
      variants = JSON.parse(variantsText);
    } catch {
      throw new CellError("the extension's concordVariants is not valid JSON (a list of {domain, text, baseVersion})");
    }
  }
  const consumers = [...domainSlugs.slice(1), ...(concord.get("concordConsumers")?.split("|").map((s) => s.trim()).filter(Boolean) ?? [])];

  return {
    name: term.concordName,
    definition: cells.description,
    example: concord.get("concordExample") ?? null,
    formula: concord.get("concordFormula") ?? null,
    aliases: splitInner(cells.synonyms, ";", "synonyms"),
    owner: domainSlugs[0] ?? null,
    consumers,
    tags: splitInner(cells.tags, ";", "tags"),
    policy: concord.get("concordPolicy") ?? null,
    status: term.status === "deprecated" ? "deprecated" : "active",
    variants,
    parent,
    relations,
    references,
    stewards: [...new Set([...owners, ...reviewers])],
    draft: term.status === "draft",
    extras,
  };
}

/** The term a name path names in this file, if any: the glossary's own path first, then the path as written. */
function resolve(item: string, byPath: ReadonlyMap<string, Parsed>, glossary: string): Parsed | undefined {
  let segments: string[];
  try {
    segments = splitPath(item, "related term");
  } catch {
    return undefined;
  }
  if (segments.length < 2 || segments[0] !== glossary) return undefined;
  return byPath.get(pathKey(segments));
}

/** Custom properties from an extension cell: `name:value;name:value`, or a JSON object. */
function readExtension(cell: string): [string, string][] {
  const text = cell.trim();
  if (text === "") return [];
  if (text.startsWith("{")) {
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch {
      throw new CellError("the extension cell starts like JSON but is not valid JSON; write name:value;name:value or a JSON object");
    }
    if (typeof object !== "object" || object === null || Array.isArray(object)) throw new CellError("the extension cell's JSON must be an object of custom properties");
    return Object.entries(object).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]);
  }
  return splitInner(text, ";", "extension").map((item) => {
    const colon = item.indexOf(":");
    if (colon <= 0) throw new CellError(`the extension item "${item}" is not name:value`);
    return [item.slice(0, colon).trim(), item.slice(colon + 1)];
  });
}

function writeExtension(properties: readonly (readonly [string, string])[]): string {
  return joinInner(
    properties.map(([key, value]) => `${key}:${value}`),
    ";",
  );
}

/** The glossary as OpenMetadata glossary CSV (the 15-column header), parents before children. */
export function writeOpenMetadataCsv(glossary: GlossaryExport): string {
  const glossaryName = glossary.extras?.[`${X}glossary`] || DEFAULT_GLOSSARY;
  const domainNames = new Map(glossary.domains.map((d) => [d.slug, d.name]));
  const bySlug = new Map(glossary.terms.map((t) => [termSlug(t.name), t]));
  const paths = new Map<GlossaryRecord, string[]>();
  const pathOf = (term: GlossaryRecord, seen: Set<GlossaryRecord> = new Set()): string[] => {
    const known = paths.get(term);
    if (known) return known;
    if (seen.has(term)) throw new Error(`The parents of "${term.name}" form a cycle`);
    seen.add(term);
    const parent = term.parent ? bySlug.get(termSlug(term.parent)) : undefined;
    if (term.parent && !parent) throw new Error(`The parent "${term.parent}" of "${term.name}" is not in the glossary`);
    const path = [...(parent ? pathOf(parent, seen) : [glossaryName]), omNameOf(term)];
    paths.set(term, path);
    return path;
  };
  const rows: string[][] = [];
  const written = new Set<GlossaryRecord>();
  const write = (term: GlossaryRecord) => {
    if (written.has(term)) return;
    const parent = term.parent ? bySlug.get(termSlug(term.parent)) : undefined;
    if (parent) write(parent);
    written.add(term);
    rows.push(rowOf(term, pathOf(term), parent ? pathOf(parent) : null, domainNames, bySlug, pathOf));
  };
  for (const term of glossary.terms) write(term);
  return formatCsv([[...OPENMETADATA_COLUMNS], ...rows]);
}

function omNameOf(term: GlossaryRecord): string {
  return term.extras?.[`${X}name`] ?? term.name;
}

function rowOf(
  term: GlossaryRecord,
  path: readonly string[],
  parentPath: readonly string[] | null,
  domainNames: ReadonlyMap<string, string>,
  bySlug: ReadonlyMap<string, GlossaryRecord>,
  pathOf: (term: GlossaryRecord) => string[],
): string[] {
  const extras = term.extras ?? {};
  const extra = (field: string) => extras[X + field];
  const customTypes = parseCustomTypes(extra("relationTypes"));
  const related = (term.relations ?? []).map((relation) => {
    const target = bySlug.get(termSlug(relation.term));
    if (!target) throw new Error(`"${term.name}" is related to "${relation.term}", which is not in the glossary`);
    const prefix = relation.type === "related" ? (customTypes[relation.term] ?? "") : RELATION_TO[relation.type];
    const targetPath = joinPath(pathOf(target));
    return prefix ? `${prefix}:${targetPath}` : targetPath;
  });
  const unresolved = extra("unresolvedRelatedTerms");
  const reviewers = extra("reviewers") !== undefined ? splitInner(extra("reviewers")!, ";", "reviewers") : [];
  const stewards = term.stewards ?? [];
  const owners = extra("owner") !== undefined ? splitInner(extra("owner")!, ";", "owner") : stewards.filter((s) => !reviewers.includes(s));
  const status = term.draft
    ? (extra("glossaryStatus") === "In Review" ? "In Review" : "Draft")
    : term.status === "deprecated"
      ? "Deprecated"
      : "Approved";
  const domainCell = term.owner ? [term.owner, ...term.consumers.filter((c) => c !== term.owner)].map((slug) => domainNames.get(slug) ?? slug) : [];
  const properties: [string, string][] = [];
  if (term.example !== null) properties.push(["concordExample", term.example]);
  if (term.formula !== null) properties.push(["concordFormula", term.formula]);
  if (term.policy !== null) properties.push(["concordPolicy", term.policy]);
  if (term.variants.length > 0) properties.push(["concordVariants", JSON.stringify(term.variants)]);
  if (!term.owner && term.consumers.length > 0) properties.push(["concordConsumers", term.consumers.join("|")]);
  const extension = [writeExtension(properties), extra("extension") ?? ""].filter(Boolean).join(";");
  const displayName = extra("displayName") ?? (extra("name") !== undefined ? term.name : "");
  const cells: Record<Column, string> = {
    parent: parentPath ? joinPath(parentPath) : "",
    "name*": path.at(-1)!,
    displayName,
    description: term.definition,
    synonyms: joinInner(term.aliases, ";"),
    relatedTerms: [joinInner(related, ";"), unresolved ?? ""].filter(Boolean).join(";"),
    references: joinInner((term.references ?? []).flatMap((r) => [r.label, r.url]), ";"),
    tags: joinInner(term.tags, ";"),
    reviewers: joinInner(reviewers, ";"),
    owner: joinInner(owners, ";"),
    glossaryStatus: status,
    color: extra("color") ?? "",
    iconURL: extra("iconURL") ?? "",
    domains: joinInner(domainCell, ";"),
    extension,
  };
  return OPENMETADATA_COLUMNS.map((c) => cells[c]);
}

function parseCustomTypes(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}
