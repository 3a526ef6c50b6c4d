import { z } from "zod";
import { ensureMember, isAdmin, platformOf } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import { cleanDisplayText, termSlug } from "../text/index.js";
import { findFormatCharacter } from "./names.js";
import { POLICIES, RELATION_TYPES, type Actor, type Domain, type Member, type Policy, type RelationType, type TermDetails, type TermStatus } from "../types.js";

/** One agreed version of a term, as a file carries its history (JSON only). */
export interface GlossaryVersion {
  readonly version: number;
  readonly text: string;
  readonly example: string | null;
  readonly formula: string | null;
  /** ISO 8601 instant. */
  readonly agreedAt: string;
  /** The user ref of whoever proposed it, if known. */
  readonly proposedBy: string | null;
}

/** A domain's working definition of a term. */
export interface GlossaryVariant {
  readonly domain: string;
  readonly text: string;
  /** The agreed version it was written against; the current version when a file leaves it out. */
  readonly baseVersion?: number;
}

/** A typed relation from a term to another term of the glossary, named by its term name. */
export interface GlossaryRelation {
  readonly type: RelationType;
  readonly term: string;
}

/** A named link from a term to something outside the glossary (a standard, a wiki page, a concept elsewhere). */
export interface GlossaryReference {
  readonly label: string;
  readonly url: string;
}

/** One term as import and export files carry it: its current agreed state, and optionally its history. */
export interface GlossaryRecord {
  readonly name: string;
  /** The current agreed text. */
  readonly definition: string;
  readonly example: string | null;
  readonly formula: string | null;
  readonly aliases: readonly string[];
  /** The owning domain's slug. */
  readonly owner: string | null;
  /** The consuming domains' slugs. */
  readonly consumers: readonly string[];
  readonly tags: readonly string[];
  readonly policy: Policy | null;
  readonly status: TermStatus;
  readonly variants: readonly GlossaryVariant[];
  /** Every agreed version, oldest first; the last one is the current definition. Absent: version 1 only. */
  readonly versions?: readonly GlossaryVersion[];
  /** The parent term's name (a hierarchy of any depth); absent or null: a top-level term. */
  readonly parent?: string | null;
  readonly relations?: readonly GlossaryRelation[];
  readonly references?: readonly GlossaryReference[];
  /**
   * The people a catalogue names as the term's owners or reviewers, as it writes them ("user:jane", "team:sales",
   * "urn:li:corpuser:jane"): made owners of the owning domain where they name a known member, else reported.
   */
  readonly stewards?: readonly string[];
  /**
   * A catalogue holds the term as a draft or in review: it is imported as an open proposal for a new term, not as an
   * agreed one.
   */
  readonly draft?: boolean;
  /**
   * Catalogue fields Concord does not model, kept so that an export to the same format writes them back: keys are
   * "<format>.<field>" ("openmetadata.color", "datahub.term_source"), values strings.
   */
  readonly extras?: Readonly<Record<string, string>>;
}

/** A domain a file names, with its display name. */
export interface GlossaryDomain {
  readonly slug: string;
  readonly name: string;
}

/** The whole glossary as a file carries it. */
export interface GlossaryExport {
  /** The domains the terms name, by slug. */
  readonly domains: readonly GlossaryDomain[];
  /** Every term, by slug; a parent before its children. */
  readonly terms: readonly GlossaryRecord[];
  /** Glossary-level catalogue fields kept from the last import ("openmetadata.glossary", "skos.scheme"). */
  readonly extras?: Readonly<Record<string, string>>;
}

/** A record read from a file, with where it was found ("line 17", "term 3") for error messages. */
export interface LocatedRecord {
  readonly where: string;
  readonly data: unknown;
}

/** One problem with one record of an import. */
export interface ImportProblem {
  readonly where: string;
  readonly message: string;
}

export interface ImportOptions {
  /** The file's name, as the import's record and audit name it. */
  readonly fileName?: string;
  /** The format it was read as ("openmetadata-csv", "json"…). */
  readonly format?: string;
  /** Works out and reports what the import would do, and writes nothing. */
  readonly dryRun?: boolean;
  /** What the reader could not carry over, reported with the summary. */
  readonly notes?: readonly ImportProblem[];
  /** Glossary-level catalogue fields the file holds, kept for the next export to the same format. */
  readonly extras?: Readonly<Record<string, string>>;
  /**
   * `{ slug, name }` for domains the import creates (a JSON file's `domains`), checked like the records; domains
   * the records name without one here are named after their slug.
   */
  readonly domains?: readonly unknown[];
}

/** What an import did, or would do, with one record. */
export interface ImportItem {
  readonly where: string;
  readonly name: string;
  /**
   * created: written as agreed (into an empty glossary); proposed: a proposal was opened for it (a new term, a
   * changed definition or parent, a deprecation); unchanged: nothing to do; refused: it cannot be applied (why).
   */
  readonly action: "created" | "proposed" | "unchanged" | "refused";
  /** For a proposal, what kind it is; for the rest, a short reason. */
  readonly detail: string;
  readonly proposalId?: number;
}

export interface ImportSummary {
  /** How many terms were written as agreed. */
  readonly terms: number;
  /** Slugs of the domains the import created. */
  readonly newDomains: readonly string[];
  /** The import's record; null for a dry run or an import that changed nothing. */
  readonly importId: number | null;
  readonly dryRun: boolean;
  readonly counts: { readonly created: number; readonly proposed: number; readonly unchanged: number; readonly refused: number };
  /** Every record, in file order. */
  readonly items: readonly ImportItem[];
  /** What the file held that was not imported, and people it named who are not members. */
  readonly notes: readonly ImportProblem[];
}

/** Same rule as `domain add`: a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens. */
const DOMAIN_SLUG = /^[a-z][a-z0-9-]{1,39}$/;
const USER_REF = /^(slack|teams|local):\S+$/;
const NAME_MAX = 120;
const TEXT_MAX = 20_000;
const SHORT_MAX = 200;

/** Optional text: missing, null and blank all mean "none". */
/**
 * Control characters other than tab and line breaks: PostgreSQL cannot store a NUL in text, and the rest are noise a
 * chat face cannot show.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const noControl = (what: string) => (value: string) => !CONTROL.test(value) || `${what} holds a control character (such as NUL); remove it`;
const refuseControl = (what: string) => (value: string, ctx: z.RefinementCtx) => {
  const verdict = noControl(what)(value);
  if (verdict !== true) ctx.addIssue({ code: "custom", message: verdict });
};

const optionalText = z
  .string()
  .max(TEXT_MAX, `must be at most ${TEXT_MAX} characters`)
  .superRefine(refuseControl("the text"))
  .nullish()
  .transform((value) => (value === undefined || value === null || value.trim() === "" ? null : value.trim()));

const requiredText = (what: string) =>
  z
    .string({ error: `${what} is missing` })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, `${what} is empty`).max(TEXT_MAX, `${what} is longer than ${TEXT_MAX} characters`).superRefine(refuseControl(what)));

const domainSlug = z.string().regex(DOMAIN_SLUG, {
  error: (issue) => {
    const format = findFormatCharacter(String(issue.input));
    return format
      ? `"${String(issue.input)}" is not a domain slug: it holds an invisible formatting character (${format})`
      : `"${String(issue.input)}" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)`;
  },
});

/** Refuses a name holding an invisible format character (a bidirectional control, a zero-width space), naming it. */
const refuseFormatCharacters = (what: string) => (value: string, ctx: z.RefinementCtx) => {
  const format = findFormatCharacter(value);
  if (format) {
    ctx.addIssue({
      code: "custom",
      message: `${what} holds an invisible formatting character (${format}), which can make it display differently from what it says`,
    });
  }
};

const shortList = (what: string, options: { names?: boolean } = {}) =>
  z
    .array(
      z
        .string()
        .max(SHORT_MAX, `${what} must be at most ${SHORT_MAX} characters`)
        .superRefine(options.names ? refuseFormatCharacters(what) : () => {}),
    )
    .nullish()
    .transform((items) => [...new Set((items ?? []).map(cleanDisplayText).filter((item) => item !== ""))]);

const versionSchema = z.object({
  version: z.number().int().min(1),
  text: requiredText("the version's text"),
  example: optionalText,
  formula: optionalText,
  agreedAt: z.iso.datetime({ offset: true, error: "agreedAt must be an ISO 8601 date and time" }),
  proposedBy: z.string().regex(USER_REF, "proposedBy must be a user ref such as local:jane").nullish().transform((v) => v ?? null),
});

const recordSchema = z
  .object({
    name: z
      .string({ error: "the name is missing" })
      .transform(cleanDisplayText)
      .pipe(z.string().min(1, "the name is empty").max(NAME_MAX, `the name is longer than ${NAME_MAX} characters`))
      .superRefine(refuseFormatCharacters("the name"))
      .refine((name) => termSlug(name) !== "", "the name needs at least one letter or digit"),
    definition: requiredText("the definition"),
    example: optionalText,
    formula: optionalText,
    aliases: shortList("an alias", { names: true }),
    owner: z.union([domainSlug, z.literal(""), z.null()]).optional().transform((v) => (v ? v : null)),
    consumers: z.array(domainSlug).nullish().transform((v) => [...new Set(v ?? [])]),
    tags: shortList("a tag"),
    policy: z
      .union([z.enum(POLICIES as [Policy, ...Policy[]]), z.literal(""), z.null()], {
        error: `the policy must be one of ${POLICIES.join(", ")} or empty`,
      })
      .optional()
      .transform((v) => (v ? v : null)),
    status: z
      .union([z.enum(["active", "deprecated"]), z.literal("")], { error: "the status must be active or deprecated" })
      .optional()
      .transform((v): TermStatus => (v ? v : "active")),
    variants: z
      .array(z.object({ domain: domainSlug, text: requiredText("the variant's text"), baseVersion: z.number().int().min(1).optional() }))
      .nullish()
      .transform((v) => v ?? []),
    versions: z.array(versionSchema).min(1, "versions, when given, must list at least one").optional(),
    parent: z
      .string()
      .max(NAME_MAX, `the parent's name is longer than ${NAME_MAX} characters`)
      .nullish()
      .transform((v) => (v ? cleanDisplayText(v) || null : null)),
    relations: z
      .array(
        z.object({
          type: z.enum(RELATION_TYPES, { error: `a relation's type must be one of ${RELATION_TYPES.join(", ")}` }),
          term: z.string().transform(cleanDisplayText).pipe(z.string().min(1, "a relation names no term").max(NAME_MAX)),
        }),
      )
      .nullish()
      .transform((v) => v ?? []),
    references: z
      .array(
        z.object({
          label: z.string().transform(cleanDisplayText).pipe(z.string().max(SHORT_MAX, `a reference's label must be at most ${SHORT_MAX} characters`)),
          url: z
            .string()
            .trim()
            .max(2_000, "a reference's URL must be at most 2,000 characters")
            .refine(isWebOrUri, "a reference's URL must be an http(s), mailto or ftp URL, or a urn: or doi: name"),
        }),
      )
      .nullish()
      .transform((v) => v ?? []),
    stewards: z
      .array(z.string().max(SHORT_MAX))
      .nullish()
      .transform((v) => [...new Set((v ?? []).map((s) => s.trim()).filter(Boolean))]),
    draft: z.boolean().nullish().transform((v) => v === true),
    extras: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*\.[^\s]+$/, "an extra field's key must be <format>.<field>"), z.string().max(TEXT_MAX))
      .nullish()
      .transform((v) => v ?? {}),
  })
  .superRefine((record, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: "custom", message });
    const seen = new Set<string>();
    for (const variant of record.variants) {
      if (seen.has(variant.domain)) problem(`two variants for the domain "${variant.domain}"`);
      seen.add(variant.domain);
    }
    const versions = record.versions;
    const current = versions?.length ?? 1;
    versions?.forEach((version, i) => {
      if (version.version !== i + 1) problem(`versions must be numbered 1, 2, 3… in order (found ${version.version} at position ${i + 1})`);
    });
    const related = new Set<string>();
    for (const relation of record.relations) {
      const key = `${relation.type} ${termSlug(relation.term)}`;
      if (related.has(key)) problem(`the relation ${relation.type} "${relation.term}" is listed twice`);
      related.add(key);
    }
    if (record.parent !== null && termSlug(record.parent) === termSlug(record.name)) problem("a term cannot be its own parent");
    const last = versions?.at(-1);
    if (last && (last.text !== record.definition || last.example !== record.example || last.formula !== record.formula)) {
      problem("the last of versions must have the same text, example and formula as the definition");
    }
    for (const variant of record.variants) {
      if (variant.baseVersion !== undefined && variant.baseVersion > current) {
        problem(`the variant for "${variant.domain}" is based on version ${variant.baseVersion}, but the term has ${current}`);
      }
    }
  });

type ValidRecord = z.output<typeof recordSchema>;

const domainSchema = z.object({
  slug: domainSlug,
  name: z
    .string()
    .transform(cleanDisplayText)
    .pipe(z.string().min(1, "the domain name is empty").max(80, "the domain name is longer than 80 characters"))
    .superRefine(refuseFormatCharacters("the domain name")),
});

/**
 * An absolute URL or URI a reader may follow or a catalogue may name: http(s), mailto, ftp, or a URN or DOI. Other
 * schemes (javascript:, data:, file:) are refused, since a reference becomes a link on the term page.
 */
function isWebOrUri(value: string): boolean {
  return /^(?:https?:\/\/\S+|mailto:\S+|ftp:\/\/\S+|urn:\S+|doi:\S+)$/i.test(value);
}

/** Turns zod issues into one readable sentence per issue, naming the field. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return field && !issue.message.includes(field) ? `${field}: ${issue.message}` : issue.message;
  });
}

/** "sales-ops" → "Sales Ops": the name given to a domain an import creates without one. */
export function nameFromSlug(slug: string): string {
  return slug
    .split("-")
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/** The catalogue field keeping a term's stewards as a file named them (a JSON list), for the next export. */
export const STEWARDS_FIELD = "concord.stewards";

/**
 * Every term with its current state, history, place in the hierarchy, relations and references, and the domains
 * they name: top-level terms in slug order, each followed by its children (so a parent comes before its children).
 */
export async function exportGlossary(deps: Pick<CoreDeps, "store">): Promise<GlossaryExport> {
  const repos = deps.store.repos;
  const domains = new Map((await repos.domains.list()).map((domain) => [domain.slug, domain]));
  const used = new Set<string>();
  const records: GlossaryRecord[] = [];
  for (const details of inHierarchyOrder(await repos.terms.listAll())) {
    const { term } = details;
    const owner = term.ownerDomain?.slug ?? null;
    const consumers = details.consumers.map((d) => d.slug);
    const variants = details.variants.map((v) => ({ domain: v.domain.slug, text: v.text, baseVersion: v.baseVersion }));
    for (const slug of [...(owner ? [owner] : []), ...consumers, ...variants.map((v) => v.domain)]) used.add(slug);
    const { [STEWARDS_FIELD]: stewards, ...extras } = details.catalogueFields;
    records.push({
      name: term.name,
      definition: details.current.text,
      example: details.current.example,
      formula: details.current.formula,
      aliases: details.aliases,
      owner,
      consumers,
      tags: term.tags,
      policy: term.policy,
      status: term.status,
      variants,
      versions: details.versions.map((v) => ({
        version: v.version,
        text: v.text,
        example: v.example,
        formula: v.formula,
        agreedAt: v.agreedAt.toISOString(),
        proposedBy: v.proposedBy?.refs[0] ?? null,
      })),
      parent: details.parent?.name ?? null,
      relations: details.relations.map((r) => ({ type: r.type, term: r.term.name })),
      references: details.references,
      stewards: stewards ? (JSON.parse(stewards) as string[]) : [],
      extras,
    });
  }
  return {
    domains: [...used].sort().map((slug) => ({ slug, name: domains.get(slug)?.name ?? nameFromSlug(slug) })),
    terms: records,
    extras: await repos.terms.glossaryFields(),
  };
}

/** Sorted by code point, so both databases (whatever their collation) write the same file. */
const bySlug = (a: TermDetails, b: TermDetails) => (a.term.slug < b.term.slug ? -1 : a.term.slug > b.term.slug ? 1 : 0);

/** Terms depth first: top-level ones by slug, each followed by its children by slug, and theirs. */
function inHierarchyOrder<T extends TermDetails>(all: readonly T[]): T[] {
  const children = new Map<number | null, T[]>();
  const ids = new Set(all.map((d) => d.term.id));
  for (const details of all) {
    const parent = details.parent && ids.has(details.parent.id) ? details.parent.id : null;
    children.set(parent, [...(children.get(parent) ?? []), details]);
  }
  const ordered: T[] = [];
  const visit = (parent: number | null) => {
    for (const details of (children.get(parent) ?? []).sort(bySlug)) {
      ordered.push(details);
      visit(details.term.id);
    }
  };
  visit(null);
  return ordered;
}

/** The import's single error: every problem, in file order, under `details.problems`. */
export function importError(problems: readonly ImportProblem[]): ConcordError {
  const count = problems.length;
  const head = problems
    .slice(0, 3)
    .map((p) => `${p.where}: ${p.message}`)
    .join("; ");
  return new ConcordError(
    "invalid-input",
    `Nothing was imported: ${count} ${count === 1 ? "problem" : "problems"} (${head}${count > 3 ? "; …" : ""}).`,
    { problems },
  );
}

export async function assertImportAdmin(deps: CoreDeps, actor: Actor): Promise<void> {
  platformOf(actor.ref);
  const member = await deps.store.repos.members.findByRef(actor.ref);
  if (!isAdmin(deps.access, actor, member)) {
    throw new ConcordError("forbidden", "Only an admin can import terms; anyone can `propose` one.");
  }
}

/** A record as an import checked and cleaned it: names trimmed, lists deduplicated, blanks made null. */
export type CheckedRecord = ValidRecord;

/**
 * Checks records as `importGlossary` does, without a database: every problem is reported together in one
 * `invalid-input` error. Readers' tests use it to see that what they read would import.
 */
export function checkImportRecords(records: readonly LocatedRecord[], options: ImportOptions = {}): readonly CheckedRecord[] {
  return validateRecords(records, options).valid.map((v) => v.record);
}

export interface Validated {
  readonly valid: { where: string; slug: string; record: ValidRecord }[];
  readonly domainNames: Map<string, string>;
}

export function validateRecords(records: readonly LocatedRecord[], options: ImportOptions): Validated {
  const problems: ImportProblem[] = [];
  const domainNames = new Map<string, string>();
  (options.domains ?? []).forEach((domain, i) => {
    const parsed = domainSchema.safeParse(domain);
    if (!parsed.success) {
      for (const message of describeIssues(parsed.error)) problems.push({ where: `domain ${i + 1}`, message });
    } else if (domainNames.has(parsed.data.slug)) {
      problems.push({ where: `domain ${i + 1}`, message: `the domain "${parsed.data.slug}" is listed twice` });
    } else {
      domainNames.set(parsed.data.slug, parsed.data.name);
    }
  });
  const valid: Validated["valid"] = [];
  const firstSeen = new Map<string, string>();
  for (const { where, data } of records) {
    const parsed = recordSchema.safeParse(data);
    if (!parsed.success) {
      for (const message of describeIssues(parsed.error)) problems.push({ where, message });
      continue;
    }
    const slug = termSlug(parsed.data.name);
    const earlier = firstSeen.get(slug);
    if (earlier !== undefined) {
      problems.push({ where, message: `"${parsed.data.name}" is the same term as ${earlier}` });
      continue;
    }
    firstSeen.set(slug, where);
    valid.push({ where, slug, record: parsed.data });
  }
  if (problems.length > 0) throw importError(problems);
  return { valid, domainNames };
}

export function domainsOf(record: ValidRecord): string[] {
  return [...(record.owner ? [record.owner] : []), ...record.consumers, ...record.variants.map((v) => v.domain)];
}

export function aliasesOf(record: ValidRecord, slug: string): { alias: string; slug: string }[] {
  const bySlug = new Map<string, string>();
  for (const alias of record.aliases) {
    const aliasSlug = termSlug(alias);
    if (aliasSlug !== "" && aliasSlug !== slug && !bySlug.has(aliasSlug)) bySlug.set(aliasSlug, alias);
  }
  return [...bySlug].map(([aliasSlug, alias]) => ({ alias, slug: aliasSlug }));
}

/** The members behind every proposer a file's history names, created on first sight. */
export async function proposersOf(
  repos: Repositories,
  valid: readonly Validated["valid"][number][],
  now: Date,
): Promise<Map<string, Member>> {
  const refs = new Set<string>();
  for (const { record } of valid) {
    for (const version of record.versions ?? []) if (version.proposedBy) refs.add(version.proposedBy);
  }
  const members = new Map<string, Member>();
  for (const ref of refs) members.set(ref, await repos.members.ensure(ref, platformOf(ref), undefined, now));
  return members;
}
