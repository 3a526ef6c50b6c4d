import { ConcordError } from "../errors.js";
import { termSlug } from "../text/index.js";
import type { RelationType } from "../types.js";
import { domainsOf, validateRecords, type CheckedRecord, type ImportProblem, type LocatedRecord } from "./transfer.js";

/*
 * An import checks its records one at a time, as a reader hands them over, and keeps of each only what the
 * whole-file checks and the writes' order need (its name, slug, parent and relations), with the checked record
 * itself as JSON text to be read back a batch at a time when it is written. At 100,000 terms the records as objects,
 * held all at once by each stage, cost more than a gigabyte; this keeps the import within a few hundred megabytes.
 */

/** What an import keeps in memory of one checked record. */
export interface ImportEntry {
  /** Its place among the file's valid records, in file order. */
  readonly index: number;
  readonly where: string;
  readonly slug: string;
  readonly name: string;
  /** The parent's slug, if the record names a parent. */
  readonly parentSlug: string | null;
  /** The relations it names, by the other term's slug. */
  readonly relations: readonly { readonly type: RelationType; readonly slug: string }[];
  readonly draft: boolean;
  /** It names stewards (a catalogue's owners or reviewers). */
  readonly stewarded: boolean;
}

/** Every valid record of an import, light in memory, and what they name together. */
export interface CheckedImport {
  readonly entries: readonly ImportEntry[];
  readonly domainNames: ReadonlyMap<string, string>;
  /** Every domain the file lists or a record names, by slug. */
  readonly domainSlugs: ReadonlySet<string>;
  /** The user refs the histories of records that are not drafts name as proposers, in the order first named. */
  readonly proposerRefs: ReadonlySet<string>;
  /** A record as the import checked and cleaned it, read back from where it is kept. */
  record(entry: ImportEntry): CheckedRecord;
}

const NO_RELATIONS: ImportEntry["relations"] = Object.freeze([]);

/**
 * Checks records as they are read, exactly as `validateRecords` checks a whole file (the same problems, in the
 * same order), keeping each valid one as JSON text. `domains` is read once the records have all been read, since a
 * reader reading a record at a time knows only then every domain the file names. Returns the problems instead of
 * throwing them, so that the caller decides what a refusal takes precedence over.
 */
export function checkImport(
  records: Iterable<LocatedRecord>,
  domains: () => readonly unknown[] | undefined,
): { checked: CheckedImport; problems: ImportProblem[] } {
  const recordProblems: ImportProblem[] = [];
  const entries: ImportEntry[] = [];
  const texts = new RecordStore();
  const firstSeen = new Map<string, string>();
  const domainSlugs = new Set<string>();
  const proposerRefs = new Set<string>();
  for (const located of records) {
    let record: CheckedRecord;
    try {
      record = validateRecords([located], {}).valid[0]!.record;
    } catch (error) {
      recordProblems.push(...problemsOf(error));
      continue;
    }
    const slug = termSlug(record.name);
    const earlier = firstSeen.get(slug);
    if (earlier !== undefined) {
      recordProblems.push({ where: located.where, message: `"${record.name}" is the same term as ${earlier}` });
      continue;
    }
    firstSeen.set(slug, located.where);
    for (const domain of domainsOf(record)) domainSlugs.add(domain);
    if (!record.draft) for (const version of record.versions ?? []) if (version.proposedBy) proposerRefs.add(version.proposedBy);
    entries.push({
      index: entries.length,
      where: located.where,
      slug,
      name: record.name,
      parentSlug: record.parent === null ? null : termSlug(record.parent),
      relations: record.relations.length === 0 ? NO_RELATIONS : record.relations.map((r) => ({ type: r.type, slug: termSlug(r.term) })),
      draft: record.draft,
      stewarded: record.stewards.length > 0,
    });
    texts.push(record);
  }
  let domainNames = new Map<string, string>();
  const domainProblems: ImportProblem[] = [];
  try {
    domainNames = validateRecords([], { domains: domains() ?? [] }).domainNames;
  } catch (error) {
    domainProblems.push(...problemsOf(error));
  }
  for (const slug of domainNames.keys()) domainSlugs.add(slug);
  const checked: CheckedImport = {
    entries,
    domainNames,
    domainSlugs,
    proposerRefs,
    record: (entry) => texts.get(entry.index),
  };
  return { checked, problems: [...domainProblems, ...recordProblems] };
}

/**
 * Checked records kept as JSON: each as the list of its values, the names of its fields kept once for all the
 * records that have the same ones (they nearly all do), which at 100,000 terms saves some 20 MB.
 */
class RecordStore {
  private readonly texts = new TextStore();
  private readonly shapes = new Map<string, number>();
  private readonly fields: string[][] = [];

  push(record: CheckedRecord): void {
    const values = record as unknown as Record<string, unknown>;
    // JSON leaves out a field whose value is undefined; so does the shape.
    const fields = Object.keys(values).filter((field) => values[field] !== undefined);
    const key = fields.join(",");
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      shape = this.fields.push(fields) - 1;
      this.shapes.set(key, shape);
    }
    this.texts.push(JSON.stringify([shape, ...fields.map((field) => values[field])]));
  }

  get(index: number): CheckedRecord {
    const [shape, ...values] = JSON.parse(this.texts.get(index)) as [number, ...unknown[]];
    const record: Record<string, unknown> = {};
    this.fields[shape]!.forEach((field, i) => (record[field] = values[i]));
    return record as unknown as CheckedRecord;
  }
}

/**
 * Texts kept as UTF-8 in blocks of bytes outside the JavaScript heap, so that holding them neither grows the heap
 * nor makes its collector go over them again and again.
 */
class TextStore {
  private static readonly BLOCK = 4 * 2 ** 20;
  private readonly blocks: Uint8Array[] = [];
  /** For each text: its block, where it starts, how many bytes it has. */
  private readonly spans: number[] = [];
  private block = new Uint8Array(0);
  private used = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  push(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const most = text.length * 3;
    if (this.used + most > this.block.length) {
      this.block = new Uint8Array(Math.max(TextStore.BLOCK, most));
      this.blocks.push(this.block);
      this.used = 0;
    }
    const { written } = this.encoder.encodeInto(text, this.block.subarray(this.used));
    this.spans.push(this.blocks.length - 1, this.used, written);
    this.used += written;
  }

  get(index: number): string {
    const [block, start, length] = this.spans.slice(3 * index, 3 * index + 3) as [number, number, number];
    return this.decoder.decode(this.blocks[block]!.subarray(start, start + length));
  }
}

function problemsOf(error: unknown): readonly ImportProblem[] {
  if (error instanceof ConcordError && error.code === "invalid-input") return error.details.problems as ImportProblem[];
  throw error;
}
