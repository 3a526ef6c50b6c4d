import { ensureMember, platformOf } from "../access.js";
import { openImportedProposal } from "../consensus/proposals.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { ImportedTermState, Repositories } from "../ports.js";
import { termSlug } from "../text/index.js";
import { INVERSE_RELATION, type Actor, type Domain, type Member, type Proposal, type ProposalKind, type RelationType, type UserRef } from "../types.js";
import { checkImport, type CheckedImport, type ImportEntry } from "./import-records.js";
import {
  aliasesOf,
  assertImportAdmin,
  importError,
  nameFromSlug,
  STEWARDS_FIELD,
  type CheckedRecord,
  type ImportItem,
  type ImportOptions,
  type ImportProblem,
  type ImportSummary,
  type LocatedRecord,
} from "./transfer.js";

/*
 * An import goes through the vote. Into an empty glossary an admin loads the file directly: every term is written
 * as agreed, with its hierarchy, relations and references. Into a glossary with agreed terms an import never
 * overwrites a definition or a parent: a new term, a changed definition, example, formula or parent, and a
 * deprecation each become a proposal, voted on as usual, and the import's one notice per domain lists them.
 * Records the glossary already holds as they are, or that an open proposal already proposes, change nothing, so
 * importing the same file twice opens nothing the second time. A dry run does all of it inside a transaction that
 * is then rolled back, so what it reports is exactly what the import would do.
 */

/** Thrown inside a dry run's transaction to roll it back, carrying what the import would have done. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super("dry run");
  }
}

/**
 * Imports records (admins only): every record is checked first and every problem reported together
 * (`invalid-input` with `details.problems`); then everything is written in one transaction, or nothing is.
 * The records are read once, in order, before `options.domains` and `options.notes` are: a reader may hand them
 * over one at a time as it reads the file, completing those two as it goes, and throw its own error at the end.
 */
export async function importGlossary(
  deps: CoreDeps,
  actor: Actor,
  records: Iterable<LocatedRecord>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // A file its reader cannot read is refused before the actor is checked; records that break the rules, after.
  const { checked, problems } = checkImport(records, () => options.domains);
  await assertImportAdmin(deps, actor);
  if (problems.length > 0) throw importError(problems);
  const now = deps.clock.now();
  const work = (repos: Repositories) => runImport(deps, repos, actor, checked, options, now);
  if (!options.dryRun) return deps.store.transaction(work);
  try {
    await deps.store.transaction(async (repos) => {
      throw new DryRunRollback(await work(repos));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return { ...error.summary, dryRun: true, importId: null };
    throw error;
  }
  throw new Error("a dry run's transaction ended without rolling back");
}

async function runImport(
  deps: CoreDeps,
  repos: Repositories,
  actor: Actor,
  checked: CheckedImport,
  options: ImportOptions,
  now: Date,
): Promise<ImportSummary> {
  const valid = checked.entries;
  const member = await ensureMember(repos, actor, now);
  const existing = await repos.terms.importSnapshot();
  const direct = existing.size === 0;
  const openBySlug = groupBySlug(direct ? [] : await repos.proposals.openSnapshot());
  checkPlacement(checked, (slug) => existing.has(slug) || (openBySlug.get(slug) ?? []).some((p) => p.kind === "create"), await repos.terms.parentSlugs());
  const { known, newDomains } = await ensureDomains(repos, actor, checked, now);
  const notes: ImportProblem[] = [...(options.notes ?? [])];
  await appointStewards(repos, actor, checked, known, notes, now);
  const importId = await repos.proposals.recordImport(
    { actorRef: actor.ref, fileName: options.fileName ?? "(unnamed)", format: options.format ?? "json", counts: {} },
    now,
  );
  if (options.extras && Object.keys(options.extras).length > 0) await repos.terms.setGlossaryFields(options.extras, now);

  const items: (ImportItem | undefined)[] = new Array<ImportItem | undefined>(valid.length);
  const created = direct ? valid.filter((entry) => !entry.draft) : [];
  if (created.length > 0) await insertAgreed(repos, actor, member, checked, created, known, now);
  for (const entry of created) items[entry.index] = { where: entry.where, name: entry.name, action: "created", detail: "agreed, as the glossary was empty" };

  const relations = created.length === valid.length ? new Map() : relationsBySlug(valid);
  const rationale = `Imported from ${options.fileName ?? "a file"} by ${actor.ref}.`;
  for (const light of valid) {
    if (items[light.index]) continue;
    const entry = { ...light, record: checked.record(light) };
    const plan = planRecord(entry, existing.get(entry.slug), openBySlug.get(entry.slug) ?? []);
    if (plan.action !== "proposed") {
      items[entry.index] = { where: entry.where, name: entry.record.name, ...plan };
      continue;
    }
    if (plan.kind === "create" && entry.record.owner === null && entry.record.consumers.length === 0) {
      const detail = `it names no domain, so nobody could vote on it${entry.record.draft ? " as a draft" : ""}: give it an owning domain in the file`;
      items[entry.index] = { where: entry.where, name: entry.record.name, action: "refused", detail };
      continue;
    }
    try {
      const proposal = await openImportedProposal(deps, repos, member, actor, now, {
        importId,
        name: entry.record.name,
        ...(plan.term ? { term: await requireTermRow(repos, plan.term.term.slug) } : {}),
        kind: plan.kind,
        text: plan.kind === "deprecate" ? null : plan.text,
        example: plan.kind === "deprecate" ? null : plan.example,
        formula: plan.kind === "deprecate" ? null : plan.formula,
        rationale,
        owner: entry.record.owner ? known.get(entry.record.owner)! : null,
        consumers: entry.record.consumers.map((slug) => known.get(slug)!),
        parentSlug: plan.parentSlug,
        ...(plan.kind === "create" ? { extras: extrasOf(entry, relations) } : {}),
      });
      items[entry.index] = { where: entry.where, name: entry.record.name, action: "proposed", detail: plan.detail, proposalId: proposal.id };
    } catch (error) {
      if (!(error instanceof ConcordError)) throw error;
      items[entry.index] = { where: entry.where, name: entry.record.name, action: "refused", detail: error.message };
    }
  }

  const ordered = items as ImportItem[];
  const counts = {
    created: ordered.filter((i) => i.action === "created").length,
    proposed: ordered.filter((i) => i.action === "proposed").length,
    unchanged: ordered.filter((i) => i.action === "unchanged").length,
    refused: ordered.filter((i) => i.action === "refused").length,
  };
  await repos.proposals.setImportCounts(importId, counts);
  // One summary event: the audit port writes a row per call, and 10,000 calls would cost a third of the import.
  // It names every term created, and a term imported without history names the importer as its version's proposer.
  await repos.audit.record({
    at: now,
    actorRef: actor.ref,
    action: "glossary.imported",
    subjectType: "term",
    subjectId: "*",
    after: {
      importId,
      file: options.fileName ?? null,
      format: options.format ?? null,
      counts,
      terms: created.map((v) => v.slug),
      proposals: ordered.flatMap((i) => (i.proposalId === undefined ? [] : [i.proposalId])),
      newDomains,
    },
  });
  if (counts.proposed > 0) await repos.outbox.enqueue({ kind: "import.opened", payload: { importId } }, now);
  return { terms: counts.created, newDomains, importId, dryRun: false, counts, items: ordered, notes };
}

/** A record read back in full, with what the import keeps of it. */
type Entry = ImportEntry & { readonly record: CheckedRecord };

type Plan =
  | { action: "unchanged" | "refused"; detail: string }
  | {
      action: "proposed";
      kind: ProposalKind;
      detail: string;
      term?: ImportedTermState;
      text: string;
      example: string | null;
      formula: string | null;
      parentSlug: string | null;
    };

/** What an import does with one record, given the term the glossary has and the open proposals on its slug. */
function planRecord(entry: Entry, state: ImportedTermState | undefined, open: readonly Proposal[]): Plan {
  const { record } = entry;
  const parentSlug = record.parent === null ? null : termSlug(record.parent);
  if (!state) {
    const same = open.find((p) => p.kind === "create" && p.text === record.definition && (parentSlug === null || p.parentSlug === parentSlug));
    if (same) return { action: "unchanged", detail: `already proposed as #${same.id}` };
    if (record.status === "deprecated") return { action: "refused", detail: "a new term cannot arrive deprecated; propose it first" };
    const detail = record.draft ? "a new term (a draft in the file)" : "a new term";
    return { action: "proposed", kind: "create", detail, text: record.definition, example: record.example, formula: record.formula, parentSlug };
  }
  const term = state.term;
  if (term.status === "deprecated") {
    return record.status === "deprecated"
      ? { action: "unchanged", detail: "deprecated, as in the glossary" }
      : { action: "refused", detail: `${term.name} is deprecated in the glossary; an import does not bring a deprecated term back` };
  }
  if (record.status === "deprecated") {
    const same = open.find((p) => p.kind === "deprecate");
    if (same) return { action: "unchanged", detail: `its deprecation is already proposed as #${same.id}` };
    return { action: "proposed", kind: "deprecate", detail: "a deprecation", term: state, text: "", example: null, formula: null, parentSlug: null };
  }
  const textChanged = record.definition !== state.text || record.example !== state.example || record.formula !== state.formula;
  const moved = parentSlug !== null && parentSlug !== state.parentSlug;
  if (!textChanged && !moved) return { action: "unchanged", detail: "the same as the agreed term" };
  const text = textChanged ? record.definition : state.text;
  const example = textChanged ? record.example : state.example;
  const formula = textChanged ? record.formula : state.formula;
  const proposedParent = moved ? parentSlug : null;
  const same = open.find((p) => p.kind === "amend" && p.text === text && p.example === example && p.formula === formula && p.parentSlug === proposedParent);
  if (same) return { action: "unchanged", detail: `already proposed as #${same.id}` };
  const detail = textChanged && moved ? "a changed definition and parent" : textChanged ? "a changed definition" : "a new parent";
  return { action: "proposed", kind: "amend", detail, term: state, text, example, formula, parentSlug: proposedParent };
}

/**
 * Every parent and related term a record names must be in the file or the glossary (or proposed there), and parents
 * must not make a cycle once the file's hierarchy is laid over the glossary's; else nothing is imported.
 */
function checkPlacement(checked: CheckedImport, inGlossary: (slug: string) => boolean, glossaryParents: ReadonlyMap<string, string>): void {
  const valid = checked.entries;
  const problems: ImportProblem[] = [];
  const inFile = new Set(valid.map((v) => v.slug));
  const known = (slug: string) => inFile.has(slug) || inGlossary(slug);
  const parents = new Map(glossaryParents);
  for (const { slug, parentSlug } of valid) if (parentSlug !== null) parents.set(slug, parentSlug);
  for (const entry of valid) {
    const { where, slug, parentSlug } = entry;
    // The names as the file wrote them, for the message: read back only for a record that has a problem.
    if (parentSlug !== null && !known(parentSlug)) {
      problems.push({ where, message: `its parent "${checked.record(entry).parent}" is neither in the file nor in the glossary` });
    }
    entry.relations.forEach(({ type, slug: other }, i) => {
      if (other === slug) problems.push({ where, message: `it cannot be ${type} itself` });
      else if (!known(other)) problems.push({ where, message: `its ${type} term "${checked.record(entry).relations[i]!.term}" is neither in the file nor in the glossary` });
    });
    if (parentSlug === null) continue;
    const line = [slug];
    for (let at = parents.get(slug); at !== undefined && line.length <= 1_000; at = parents.get(at)) {
      line.push(at);
      if (at === slug) {
        problems.push({ where, message: `its parents make a cycle: ${line.join(" › ")}` });
        break;
      }
    }
  }
  if (problems.length > 0) throw importError(problems);
}

/** Each record's relations by the other term's slug, with those other records name it by, inverted. */
function relationsBySlug(valid: readonly ImportEntry[]): Map<string, { type: RelationType; slug: string }[]> {
  const bySlug = new Map<string, Map<string, { type: RelationType; slug: string }>>();
  const add = (from: string, type: RelationType, to: string) => {
    const list = bySlug.get(from) ?? new Map<string, { type: RelationType; slug: string }>();
    list.set(`${type} ${to}`, { type, slug: to });
    bySlug.set(from, list);
  };
  for (const { slug, relations } of valid) {
    for (const relation of relations) {
      add(slug, relation.type, relation.slug);
      add(relation.slug, INVERSE_RELATION[relation.type], slug);
    }
  }
  return new Map([...bySlug].map(([slug, list]) => [slug, [...list.values()]]));
}

/** The catalogue fields a term keeps: the file's extras, and its stewards as the file named them. */
function catalogueFieldsOf(record: CheckedRecord): Record<string, string> {
  return { ...record.extras, ...(record.stewards.length > 0 ? { [STEWARDS_FIELD]: JSON.stringify(record.stewards) } : {}) };
}

function extrasOf(entry: Entry, relations: ReadonlyMap<string, readonly { type: RelationType; slug: string }[]>) {
  const { record } = entry;
  return {
    aliases: aliasesOf(record, entry.slug).map((a) => a.alias),
    tags: record.tags,
    references: record.references,
    relations: relations.get(entry.slug) ?? [],
    catalogueFields: catalogueFieldsOf(record),
  };
}

/** How many records go to the database in one call: their rows are built, written and let go before the next. */
const WRITE_BATCH = 1_000;

/**
 * Writes records as agreed terms, with their history, hierarchy, relations and references, a batch at a time, so
 * that only one batch's rows are held at once (at 100,000 terms, all of them at once cost hundreds of megabytes).
 * Parents go first, so a term's parent is written before it, in its batch or an earlier one; a relation is written
 * with whichever of its two terms comes later, so both exist when it is.
 */
async function insertAgreed(
  repos: Repositories,
  actor: Actor,
  member: Member,
  checked: CheckedImport,
  entries: readonly ImportEntry[],
  known: ReadonlyMap<string, Domain>,
  now: Date,
): Promise<void> {
  const proposers = await proposersOf(repos, checked.proposerRefs, now);
  const domainId = (slug: string) => known.get(slug)!.id;
  const ordered = parentsFirst(entries);
  const position = new Map(ordered.map((entry, i) => [entry.slug, i]));
  const later = new Map<string, { type: RelationType; slug: string }[]>();
  ordered.forEach(({ slug, relations }, i) => {
    for (const relation of relations) {
      const other = relation.slug;
      const at = position.get(other);
      // Stored from one side only: the relations other records of the file name it by are theirs.
      const [owner, stored] = at !== undefined && at > i ? [other, { type: INVERSE_RELATION[relation.type], slug }] : [slug, { type: relation.type, slug: other }];
      const list = later.get(owner);
      if (list) list.push(stored);
      else later.set(owner, [stored]);
    }
  });
  for (let start = 0; start < ordered.length; start += WRITE_BATCH) {
    const batch = ordered.slice(start, start + WRITE_BATCH).map((entry) => {
      const { slug } = entry;
      const record = checked.record(entry);
      const versions = record.versions ?? [
        { text: record.definition, example: record.example, formula: record.formula, agreedAt: now.toISOString(), proposedBy: actor.ref },
      ];
      const current = versions.length;
      return {
        term: { slug, name: record.name, ownerDomainId: record.owner ? domainId(record.owner) : null, policy: record.policy, tags: record.tags },
        status: record.status,
        versions: versions.map((v) => ({
          text: v.text,
          example: v.example,
          formula: v.formula,
          proposedBy: v.proposedBy === null ? null : (proposers.get(v.proposedBy) ?? member).id,
          proposalId: null,
          agreedAt: new Date(v.agreedAt),
        })),
        aliases: aliasesOf(record, slug),
        consumerIds: record.consumers.filter((c) => c !== record.owner).map(domainId),
        variants: record.variants.map((v) => ({ domainId: domainId(v.domain), text: v.text, baseVersion: v.baseVersion ?? current, updatedBy: member.id })),
        parentSlug: record.parent === null ? null : termSlug(record.parent),
        relations: later.get(slug) ?? [],
        references: record.references,
        catalogueFields: catalogueFieldsOf(record),
      };
    });
    const { taken } = await repos.terms.insertMany(batch, now);
    if (taken.length > 0) throw new Error(`Terms ${taken.join(", ")} appeared during an import into an empty glossary`);
  }
}

/** Records reordered so that a parent among them comes before its children (file order otherwise kept). */
function parentsFirst(entries: readonly ImportEntry[]): ImportEntry[] {
  const bySlug = new Map(entries.map((entry) => [entry.slug, entry]));
  const placed = new Set<string>();
  const ordered: ImportEntry[] = [];
  const place = (entry: ImportEntry, depth: number) => {
    if (placed.has(entry.slug)) return;
    const parent = entry.parentSlug === null ? undefined : bySlug.get(entry.parentSlug);
    // A cycle is refused before this is called; the depth bound only keeps a bad file from looping.
    if (parent && depth < 10_000) place(parent, depth + 1);
    placed.add(entry.slug);
    ordered.push(entry);
  };
  for (const entry of entries) place(entry, 0);
  return ordered;
}

/** The domains the records and the file name, created where missing (each audited). */
async function ensureDomains(
  repos: Repositories,
  actor: Actor,
  { domainSlugs, domainNames }: CheckedImport,
  now: Date,
): Promise<{ known: Map<string, Domain>; newDomains: string[] }> {
  const known = new Map((await repos.domains.list()).map((d): [string, Domain] => [d.slug, d]));
  const newDomains: string[] = [];
  for (const slug of [...domainSlugs].sort()) {
    if (known.has(slug)) continue;
    const name = domainNames.get(slug) ?? nameFromSlug(slug);
    const domain = await repos.domains.insert({ slug, name }, now);
    if (!domain) throw new Error(`Domain ${slug} appeared during an import`);
    known.set(slug, domain);
    newDomains.push(slug);
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "domain.added",
      subjectType: "domain",
      subjectId: slug,
      after: { slug, name: domain.name, by: "import" },
    });
  }
  return { known, newDomains };
}

/** The ref a catalogue's person names, if it names one Concord could know: "user:jane" → local:jane. */
function stewardRef(steward: string): UserRef | "group" | undefined {
  if (/^(slack|teams|local):\S+$/.test(steward)) return steward as UserRef;
  if (/^(team|group|urn:li:corpGroup):/i.test(steward)) return "group";
  const person = /^(?:user|urn:li:corpuser):(\S+)$/i.exec(steward)?.[1] ?? (/^[\w.@-]+$/.test(steward) ? steward : undefined);
  return person ? (`local:${person}` as UserRef) : undefined;
}

/**
 * The people a file names as a term's stewards become owners of its owning domain when they are members Concord
 * knows and the domain has no owners yet; everyone else is reported, and kept with the term for the next export.
 */
async function appointStewards(
  repos: Repositories,
  actor: Actor,
  checked: CheckedImport,
  known: ReadonlyMap<string, Domain>,
  notes: ImportProblem[],
  now: Date,
): Promise<void> {
  const named = checked.entries.filter((v) => v.stewarded).map((v) => ({ where: v.where, record: checked.record(v) }));
  if (named.length === 0) return;
  const refs = new Set<UserRef>();
  for (const { record } of named) {
    for (const steward of record.stewards) {
      const ref = stewardRef(steward);
      if (ref && ref !== "group") refs.add(ref);
    }
  }
  const members = await repos.members.findByRefs([...refs]);
  const ownerless = new Map<number, boolean>();
  for (const { where, record } of named) {
    const domain = record.owner ? known.get(record.owner) : undefined;
    for (const steward of record.stewards) {
      const ref = stewardRef(steward);
      const found = ref && ref !== "group" ? members.get(ref) : undefined;
      if (!found) {
        const why = ref === "group" ? "is a group, not a member" : "names no member Concord knows";
        notes.push({ where, message: `the steward ${steward} ${why}: kept with the term, not made an owner` });
        continue;
      }
      if (!domain) {
        notes.push({ where, message: `the steward ${steward} was not made an owner: the term has no owning domain` });
        continue;
      }
      if (!ownerless.has(domain.id)) ownerless.set(domain.id, (await repos.domains.owners(domain.id)).length === 0);
      if (!ownerless.get(domain.id) && !(await repos.domains.owners(domain.id)).some((o) => o.id === found.id)) {
        notes.push({ where, message: `the steward ${steward} was not made an owner: ${domain.name} already has owners, who may add them with \`domain owners ${domain.slug} add\`` });
        continue;
      }
      if (await repos.domains.addOwner(domain.id, found.id, now)) {
        await repos.audit.record({
          at: now,
          actorRef: actor.ref,
          action: "domain.owner-added",
          subjectType: "domain",
          subjectId: domain.slug,
          after: { member: found.refs[0] ?? ref, by: "import" },
        });
      }
    }
  }
}

/** The members behind every proposer a file's history names, created on first sight. */
async function proposersOf(repos: Repositories, refs: ReadonlySet<string>, now: Date): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  for (const ref of refs) members.set(ref, await repos.members.ensure(ref, platformOf(ref), undefined, now));
  return members;
}

function groupBySlug(proposals: readonly Proposal[]): Map<string, Proposal[]> {
  const bySlug = new Map<string, Proposal[]>();
  for (const proposal of proposals) bySlug.set(proposal.termSlug, [...(bySlug.get(proposal.termSlug) ?? []), proposal]);
  return bySlug;
}

async function requireTermRow(repos: Repositories, slug: string) {
  const term = await repos.terms.findBySlug(slug);
  if (!term) throw new Error(`Term ${slug} vanished during an import`);
  return term;
}
