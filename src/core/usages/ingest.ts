import { createHash } from "node:crypto";
import { assertCanManageDomain, ensureMember, requireDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { DRIFT_MEASURE, measureDrift, type DriftFigure } from "../glossary/drift.js";
import { resolveTerm } from "../glossary/lookup.js";
import type { ComparedUsage, Repositories } from "../ports.js";
import { DRIFT_THRESHOLD, readDefinition, termSlug, type Reading } from "../text/index.js";
import type { Actor, Domain } from "../types.js";
import { buildTermNameIndex, candidateSlugs, suggestTerms } from "./suggest.js";
import type { DbtItem, DbtNote, DbtProject, UsageKind, UsageLinkSource } from "./types.js";

/** What an ingest counted; stored on its record. */
export interface IngestCounts {
  /** Items (models, columns, metrics, semantic parts) the artifacts describe. */
  readonly items: number;
  /** Usages the project now has: items linked to a term, explicitly or by an accepted suggestion. */
  readonly usages: number;
  readonly new: number;
  /** Usages whose text changed since the domain's last ingest of the project. */
  readonly changed: number;
  /** Changed usages that now drift from the agreed definition past the threshold: what notices are for. */
  readonly drifting: number;
  /** Usages the project no longer has. */
  readonly removed: number;
  /** Links newly suggested by name; not usages until accepted. */
  readonly suggestions: number;
  readonly problems: number;
}

/** A usage whose text changed in this ingest, with its drift from the agreed definition. */
export interface ChangedUsage {
  readonly usageId: number;
  readonly term: { readonly id: number; readonly name: string; readonly slug: string };
  readonly kind: UsageKind;
  readonly path: string;
  readonly previous: string;
  readonly description: string;
  readonly drift: DriftFigure | null;
  /** Drifts past DRIFT_THRESHOLD: a later notice's trigger. */
  readonly pastThreshold: boolean;
}

export interface IngestSummary {
  readonly dryRun: boolean;
  /** The ingest's record; null for a dry run. For the same artifacts received again, the earlier ingest's. */
  readonly ingestId: number | null;
  /** The artifacts are the ones the domain's last ingest of this project read: nothing was written but when. */
  readonly repeated: boolean;
  readonly domain: Domain;
  readonly project: string;
  readonly source: DbtProject["source"];
  readonly generatedAt: Date | null;
  readonly counts: IngestCounts;
  readonly changed: readonly ChangedUsage[];
  /** What could not be read or linked, with where: unknown terms named in meta, values of the wrong shape. */
  readonly problems: readonly DbtNote[];
}

export interface IngestInput {
  /** The slug of the domain that owns the dbt project. */
  readonly domain: string;
  readonly project: DbtProject;
  readonly dryRun?: boolean;
}

class DryRunRollback extends Error {
  constructor(readonly summary: IngestSummary) {
    super("dry run");
  }
}

/**
 * Ingests a domain's dbt project in one transaction: each model, column or metric linked to a term (in `meta`, or by
 * a suggestion the domain accepted) is a usage, measured against the term's agreed definition with the same drift
 * figure as variants; usages whose text changed since the domain's last ingest are kept with their previous text;
 * names that match a term suggest links (stored with the item's text and offered again while an ingest still finds
 * them; never counted until accepted; a rejected one is not offered again). One audit event per ingest. The same artifacts as the last ingest write no new row: only the time they
 * were received again. Admins, and the domain's owners (and so their domain's token), may ingest.
 */
export async function ingestDbt(deps: CoreDeps, actor: Actor, input: IngestInput): Promise<IngestSummary> {
  const now = deps.clock.now();
  const work = (repos: Repositories) => runIngest(deps, repos, actor, input, now);
  if (!input.dryRun) return deps.store.transaction(work);
  try {
    await deps.store.transaction(async (repos) => {
      throw new DryRunRollback(await work(repos));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return { ...error.summary, dryRun: true, ingestId: null };
    throw error;
  }
  throw new Error("a dry run's transaction ended without rolling back");
}

interface Desired {
  readonly item: DbtItem;
  readonly termId: number;
  readonly linkSource: UsageLinkSource;
}

async function runIngest(deps: CoreDeps, repos: Repositories, actor: Actor, input: IngestInput, now: Date): Promise<IngestSummary> {
  const member = await ensureMember(repos, actor, now);
  const domain = await requireDomain(repos, input.domain);
  await assertCanManageDomain(repos, deps.access, actor, member, domain, "ingest its dbt project");
  const { project } = input;
  const base = { dryRun: false, domain, project: project.project, source: project.source, generatedAt: project.generatedAt };

  const fileHash = hashOf(project);
  const last = await repos.usages.lastIngest(domain.id, project.project);
  if (last && last.fileHash === fileHash) {
    await repos.usages.markReceivedAgain(last.id, now);
    const counts = { ...emptyCounts(), ...(last.counts as Partial<IngestCounts>), new: 0, changed: 0, drifting: 0, removed: 0, suggestions: 0 };
    return { ...base, ingestId: last.id, repeated: true, counts, changed: [], problems: [] };
  }

  const problems: DbtNote[] = [...project.notes];
  const desired = new Map<string, Desired>();

  // A link someone marked wrong is kept as a rejected suggestion: neither linked again by meta nor suggested.
  const suggestions = await repos.usages.suggestionsOf(domain.id, project.project);
  const suggested = new Map(suggestions.map((s) => [placeKey(s.path, s.termId), s]));

  // Explicit links: each name resolved once, by exact name or unambiguous alias. A name that is an active term's own
  // is found in the index the suggestions use, not asked of the database one name at a time; the rest by resolveTerm.
  // Only the slugs this project's names and links could match are read: a glossary of 100,000 terms and 300,000
  // aliases is not held in memory for a project that names a few thousand.
  const wanted = new Set<string>();
  for (const item of project.items) {
    for (const { slug } of candidateSlugs(item.name)) wanted.add(slug);
    for (const link of item.links) wanted.add(termSlug(link.term));
  }
  const index = buildTermNameIndex(await repos.usages.termSlugs([...wanted]));
  const resolved = new Map<string, { id: number; slug: string } | null>();
  const termsById = new Map<number, { id: number; name: string; slug: string }>();
  for (const item of project.items) {
    for (const link of item.links) {
      const lookup = link.term.toLowerCase();
      if (!resolved.has(lookup)) {
        const slug = termSlug(link.term);
        const named = index.get(slug)?.find((entry) => entry.via === "name");
        if (named) resolved.set(lookup, { id: named.termId, slug });
        else {
          const found = await resolveTerm(repos, link.term, { allowFuzzy: false });
          const term = found.kind === "found" ? { id: found.term.id, name: found.term.name, slug: found.term.slug } : null;
          if (term) termsById.set(term.id, term);
          resolved.set(lookup, term);
        }
      }
      const term = resolved.get(lookup);
      if (!term) {
        problems.push({ where: item.path, message: `meta.${link.convention} names “${link.term}”, which is not a term in the glossary (by name or alias); it is not linked` });
        continue;
      }
      if (suggested.get(placeKey(item.path, term.id))?.status === "rejected") continue;
      desired.set(placeKey(item.path, term.id), { item, termId: term.id, linkSource: "explicit" });
    }
  }

  // Suggestions by name; accepted ones are usages, rejected ones are never offered again.
  // Open ones found again stay offered, with this ingest's text when it changed; only new ones are counted.
  const offered: { item: DbtItem; termId: number; confidence: number }[] = [];
  const foundAgain: number[] = [];
  let newSuggestions = 0;
  for (const item of project.items) {
    for (const [termId, confidence] of suggestTerms(item.name, index)) {
      const at = placeKey(item.path, termId);
      if (desired.has(at)) continue;
      const earlier = suggested.get(at);
      if (earlier?.status === "accepted") desired.set(at, { item, termId, linkSource: "accepted" });
      else if (earlier?.status === "open" && earlier.description === item.description && earlier.kind === item.kind && earlier.confidence === confidence) {
        foundAgain.push(earlier.id);
      } else if (!earlier || earlier.status === "open") {
        offered.push({ item, termId, confidence });
        if (!earlier) newSuggestions++;
      }
    }
  }

  // Each linked text measured against its term's agreed definition. A changed usage's figure is kept whole (its
  // reasons go into the notice); the rest need only their score, measured term by term below.
  const termIds = [...new Set([...desired.values()].map((d) => d.termId))];
  const agreed = await repos.usages.agreedDefinitions(termIds);
  const measurable = (termId: number, text: string) => isMeasurable(agreed.get(termId), text);

  // What is written: references to the wanted links and their stored usages, in the project's order; their rows are
  // built a batch at a time as they are written, so 100,000 usages are never held twice.
  const { inserts, updates, seen, removed, changedUsages } = compareWithStored(
    await repos.usages.usagesOf(domain.id, project.project),
    desired,
    (termId) => agreed.get(termId),
  );
  const changedFigures = new Map(changedUsages.map((c) => [c.usageId, c.drift]));
  const scores = scoreByTerm([...inserts, ...updates.map((u) => u.want)], agreed, measurable);

  // The texts they had, read for the changed ones only.
  const previous = await repos.usages.descriptionsOf(changedUsages.map((c) => c.usageId));
  const changed = await describeChanged(repos, changedUsages, previous, termsById);
  const counts: IngestCounts = {
    items: project.items.length,
    usages: desired.size,
    new: inserts.length,
    changed: changed.length,
    drifting: changed.filter((c) => c.pastThreshold).length,
    removed: removed.length,
    suggestions: newSuggestions,
    problems: problems.length,
  };

  const ingest = await repos.usages.insertIngest({
    domainId: domain.id,
    project: project.project,
    source: project.source,
    generatedAt: project.generatedAt,
    dbtVersion: project.dbtVersion,
    fileHash,
    counts: { ...counts },
    actorRef: actor.ref,
    at: now,
  });
  const planOf = (want: Desired, score: number | null | undefined) => {
    const drift = score ?? null;
    return {
      termId: want.termId,
      domainId: domain.id,
      project: project.project,
      kind: want.item.kind,
      path: want.item.path,
      description: want.item.description,
      linkSource: want.linkSource,
      driftScore: drift,
      measuredVersion: agreed.get(want.termId)?.version ?? 0,
      driftMeasure: drift === null ? null : DRIFT_MEASURE,
    };
  };
  for (let i = 0; i < inserts.length; i += WRITE_BATCH) {
    const rows = inserts.slice(i, i + WRITE_BATCH).map((want, j) => ({
      ...planOf(want, scores[i + j]),
      previousDescription: null,
      firstIngestId: ingest.id,
      lastIngestId: ingest.id,
      changedIngestId: ingest.id,
    }));
    await repos.usages.insertUsages(rows);
  }
  for (let i = 0; i < updates.length; i += WRITE_BATCH) {
    const rows = updates.slice(i, i + WRITE_BATCH).map(({ usage, want, changed: textChanged }, j) => {
      const figure = changedFigures.get(usage.id);
      return {
        ...planOf(want, figure === undefined ? scores[inserts.length + i + j] : (figure?.score ?? null)),
        id: usage.id,
        // Null keeps the text it had before, when this ingest did not change it.
        previousDescription: textChanged ? (previous.get(usage.id) ?? "") : null,
        lastIngestId: ingest.id,
        changedIngestId: textChanged ? ingest.id : usage.changedIngestId,
      };
    });
    await repos.usages.updateUsages(rows);
  }
  await repos.usages.markRemoved(removed, ingest.id);
  await repos.usages.markSeen(seen, ingest.id);
  await repos.usages.markSuggestionsSeen(foundAgain, ingest.id);
  await repos.usages.offerSuggestions(
    offered.map((s) => ({
      termId: s.termId,
      domainId: domain.id,
      project: project.project,
      kind: s.item.kind,
      path: s.item.path,
      confidence: s.confidence,
      description: s.item.description,
      ingestId: ingest.id,
    })),
  );
  // One notice per usage that changed and now says something else than the agreed definition, in this transaction.
  for (const change of changed) {
    if (change.pastThreshold) await repos.outbox.enqueue({ kind: "usage.changed", payload: { usageId: change.usageId, ingestId: ingest.id } }, now);
  }
  await repos.audit.record({
    at: now,
    actorRef: actor.ref,
    action: "dbt.ingested",
    subjectType: "domain",
    subjectId: domain.slug,
    after: {
      ingest: ingest.id,
      project: project.project,
      source: project.source,
      generatedAt: project.generatedAt?.toISOString() ?? null,
      fileHash,
      counts: { ...counts },
    },
  });
  return { ...base, ingestId: ingest.id, repeated: false, counts, changed, problems };
}

/** A usage to write, as `compareWithStored` found it, and the figure of a changed one. */
interface ChangedPlan {
  readonly usageId: number;
  readonly termId: number;
  readonly desired: Desired;
  readonly drift: DriftFigure | null;
}

/** Whether a text has something to be measured against: a text, and its term's agreed definition. */
function isMeasurable(agreed: { readonly text: string } | undefined, text: string): agreed is { readonly text: string } {
  return agreed !== undefined && text !== "";
}

/**
 * Compares the links a project now has with the usages stored for it: new ones, ones to rewrite (their text, link,
 * kind or measured version changed, or present again; a changed text measured whole here, for its notice), ones only
 * seen again, and the ids of present ones the project no longer has. The stored usages are dropped on return.
 */
function compareWithStored(
  storedUsages: readonly ComparedUsage[],
  desired: ReadonlyMap<string, Desired>,
  agreedOf: (termId: number) => { readonly version: number; readonly text: string } | undefined,
) {
  const stored = new Map<string, ComparedUsage>();
  for (const usage of storedUsages) stored.set(placeKey(usage.path, usage.termId), usage);
  const inserts: Desired[] = [];
  const updates: { usage: ComparedUsage; want: Desired; changed: boolean }[] = [];
  const seen: number[] = [];
  const changedUsages: ChangedPlan[] = [];
  for (const [at, want] of desired) {
    const text = want.item.description;
    const agreed = agreedOf(want.termId);
    const usage = stored.get(at);
    if (!usage) {
      inserts.push(want);
      continue;
    }
    // Measured by this measure whenever there is something to measure (a text and an agreed definition).
    const measuredBy = isMeasurable(agreed, text) ? DRIFT_MEASURE : null;
    const sameText = usage.descriptionMd5 === md5Of(text);
    if (sameText && usage.linkSource === want.linkSource && usage.kind === want.item.kind && usage.removedIngestId === null && usage.measuredVersion === (agreed?.version ?? 0) && usage.driftMeasure === measuredBy) {
      seen.push(usage.id);
      continue;
    }
    updates.push({ usage, want, changed: !sameText });
    if (!sameText) changedUsages.push({ usageId: usage.id, termId: want.termId, desired: want, drift: isMeasurable(agreed, text) ? measureDrift(agreed.text, text) : null });
  }
  const removed: number[] = [];
  for (const [at, usage] of stored) if (usage.removedIngestId === null && !desired.has(at)) removed.push(usage.id);
  return { inserts, updates, seen, removed, changedUsages };
}

/** A usage's place in a project, as one key: the item's path and the term it is linked to. */
function placeKey(path: string, termId: number): string {
  return `${path}\u0000${termId}`;
}

/** Usages written per batch: their rows are built as they are written. */
const WRITE_BATCH = 1_000;

/**
 * The drift score of each wanted link's text against its term's agreed definition (null when there is nothing to
 * measure), in the links' order. Measured term by term, so only one term's reading of its definition is held at a
 * time, and each distinct text once per term (a project repeats its texts: doc blocks, a column described alike in
 * every model).
 */
function scoreByTerm(
  wanted: readonly Desired[],
  agreed: ReadonlyMap<number, { readonly text: string }>,
  measurable: (termId: number, text: string) => boolean,
): (number | null)[] {
  const scores: (number | null)[] = new Array<number | null>(wanted.length).fill(null);
  const order = Uint32Array.from(wanted.keys()).sort((a, b) => wanted[a]!.termId - wanted[b]!.termId || a - b);
  let termId = -1;
  let reading: Reading | undefined;
  const byText = new Map<string, number>();
  for (const at of order) {
    const want = wanted[at]!;
    const text = want.item.description;
    if (!measurable(want.termId, text)) continue;
    if (want.termId !== termId) {
      termId = want.termId;
      reading = readDefinition(agreed.get(termId)!.text);
      byText.clear();
    }
    let score = byText.get(text);
    if (score === undefined) byText.set(text, (score = measureDrift(reading!, text).score));
    scores[at] = score;
  }
  return scores;
}

async function describeChanged(
  repos: Repositories,
  changes: readonly ChangedPlan[],
  previous: ReadonlyMap<number, string>,
  known: Map<number, { id: number; name: string; slug: string }>,
): Promise<ChangedUsage[]> {
  const result: ChangedUsage[] = [];
  for (const change of changes) {
    let term = known.get(change.termId);
    if (!term) {
      const details = await repos.terms.details(change.termId);
      term = { id: details.term.id, name: details.term.name, slug: details.term.slug };
      known.set(term.id, term);
    }
    result.push({
      usageId: change.usageId,
      term,
      kind: change.desired.item.kind,
      path: change.desired.item.path,
      previous: previous.get(change.usageId) ?? "",
      description: change.desired.item.description,
      drift: change.drift,
      pastThreshold: change.drift !== null && change.drift.score >= DRIFT_THRESHOLD,
    });
  }
  return result;
}

/**
 * SHA-256 (hex) of what Concord reads from the artifacts: their kind, project and every item with its text and
 * links, in path order. A manifest that dbt regenerated with nothing of that changed (a new generated_at, other compiled SQL) is
 * the same ingest again.
 */
export function hashOf(project: DbtProject): string {
  const hash = createHash("sha256");
  hash.update(`${project.source}\u0000${project.project}\u0000`);
  // By path, so that the order dbt happens to write entries in does not make a new ingest.
  const items = [...project.items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const item of items) hash.update(`${JSON.stringify([item.kind, item.path, item.name, item.description, item.links])}\n`);
  return hash.digest("hex");
}

/** MD5 (hex) of a text's UTF-8 bytes, as the database's md5() gives it for a usage's stored text. */
function md5Of(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

function emptyCounts(): IngestCounts {
  return { items: 0, usages: 0, new: 0, changed: 0, drifting: 0, removed: 0, suggestions: 0, problems: 0 };
}
