import { createHash } from "node:crypto";
import { assertCanManageDomain, ensureMember, requireDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { DRIFT_MEASURE, measureDrift, type DriftFigure } from "../glossary/drift.js";
import { resolveTerm } from "../glossary/lookup.js";
import type { NewUsage, Repositories, StoredUsage } from "../ports.js";
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
  const key = (path: string, termId: number) => `${path}\u0000${termId}`;

  // A link someone marked wrong is kept as a rejected suggestion: neither linked again by meta nor suggested.
  const suggestions = await repos.usages.suggestionsOf(domain.id, project.project);
  const suggested = new Map(suggestions.map((s) => [key(s.path, s.termId), s]));

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
      if (suggested.get(key(item.path, term.id))?.status === "rejected") continue;
      desired.set(key(item.path, term.id), { item, termId: term.id, linkSource: "explicit" });
    }
  }

  // Suggestions by name; accepted ones are usages, rejected ones are never offered again.
  // Open ones found again stay offered, with this ingest's text when it changed; only new ones are counted.
  const offered: { item: DbtItem; termId: number; confidence: number }[] = [];
  const foundAgain: number[] = [];
  let newSuggestions = 0;
  for (const item of project.items) {
    for (const [termId, confidence] of suggestTerms(item.name, index)) {
      const at = key(item.path, termId);
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

  // Each linked text measured against its term's agreed definition, read once per term.
  const termIds = [...new Set([...desired.values()].map((d) => d.termId))];
  const agreed = await repos.usages.agreedDefinitions(termIds);
  const readings = new Map<number, Reading>();
  // A project repeats its texts (doc blocks, a column described alike in every model): each pair is measured once.
  const figures = new Map<string, DriftFigure>();
  const measure = (termId: number, text: string): DriftFigure | null => {
    const definition = agreed.get(termId);
    if (!definition || text === "") return null;
    const at = key(text, termId);
    const known = figures.get(at);
    if (known !== undefined) return known;
    let reading = readings.get(termId);
    if (!reading) readings.set(termId, (reading = readDefinition(definition.text)));
    const figure = measureDrift(reading, text);
    figures.set(at, figure);
    return figure;
  };

  const stored = new Map((await repos.usages.usagesOf(domain.id, project.project)).map((u) => [key(u.path, u.termId), u]));
  type Plan = Omit<NewUsage, "firstIngestId" | "lastIngestId" | "changedIngestId">;
  const inserts: Plan[] = [];
  const updates: { usage: StoredUsage; plan: Plan; changed: boolean }[] = [];
  const seen: number[] = [];
  const changedUsages: { usageId: number; termId: number; desired: Desired; previous: string; drift: DriftFigure | null }[] = [];
  for (const [at, want] of desired) {
    const text = want.item.description;
    const version = agreed.get(want.termId)?.version ?? 0;
    const usage = stored.get(at);
    // Measured by this measure whenever there is something to measure (a text and an agreed definition).
    const measuredBy = text !== "" && agreed.has(want.termId) ? DRIFT_MEASURE : null;
    if (usage && usage.description === text && usage.linkSource === want.linkSource && usage.kind === want.item.kind && usage.removedIngestId === null && usage.measuredVersion === version && usage.driftMeasure === measuredBy) {
      seen.push(usage.id);
      continue;
    }
    const drift = measure(want.termId, text);
    const plan: Plan = {
      termId: want.termId,
      domainId: domain.id,
      project: project.project,
      kind: want.item.kind,
      path: want.item.path,
      description: text,
      linkSource: want.linkSource,
      previousDescription: usage ? usage.previousDescription : null,
      driftScore: drift?.score ?? null,
      measuredVersion: version,
      driftMeasure: drift ? DRIFT_MEASURE : null,
    };
    if (!usage) {
      inserts.push(plan);
      continue;
    }
    const changed = usage.description !== text;
    updates.push({ usage, plan: changed ? { ...plan, previousDescription: usage.description } : plan, changed });
    if (changed) changedUsages.push({ usageId: usage.id, termId: want.termId, desired: want, previous: usage.description, drift });
  }
  const removed = [...stored].filter(([at, usage]) => usage.removedIngestId === null && !desired.has(at)).map(([, usage]) => usage);

  const changed = await describeChanged(repos, changedUsages, termsById);
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
  await repos.usages.insertUsages(inserts.map((p) => ({ ...p, firstIngestId: ingest.id, lastIngestId: ingest.id, changedIngestId: ingest.id })));
  await repos.usages.updateUsages([
    ...updates.map(({ usage, plan, changed: textChanged }) => ({
      ...plan,
      id: usage.id,
      lastIngestId: ingest.id,
      changedIngestId: textChanged ? ingest.id : usage.changedIngestId,
      removedIngestId: null,
    })),
    ...removed.map((usage) => ({ ...usage, lastIngestId: usage.lastIngestId, removedIngestId: ingest.id })),
  ]);
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

async function describeChanged(
  repos: Repositories,
  changes: readonly { usageId: number; termId: number; desired: Desired; previous: string; drift: DriftFigure | null }[],
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
      previous: change.previous,
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

function emptyCounts(): IngestCounts {
  return { items: 0, usages: 0, new: 0, changed: 0, drifting: 0, removed: 0, suggestions: 0, problems: 0 };
}
