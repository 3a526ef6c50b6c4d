import { tallyProposal } from "../consensus/decide.js";
import { proposalPassability } from "../consensus/stuck.js";
import type { Repositories, StoredDriftFigure } from "../ports.js";
import { DRIFT_MEASURE, type DriftFigure } from "../glossary/drift.js";
import { DRIFT_THRESHOLD, describeDrift, type DriftReason } from "../text/index.js";
import type { Domain } from "../types.js";
import { computeDigestFigures, type ComputeDigestFigures, type DriftToMeasure } from "./figures.js";
import type {
  Digest,
  DigestTerm,
  DriftEntry,
  DriftIndex,
  DriftSnapshot,
  OverlapPair,
  Section,
  UsageDriftEntry,
  WaitingProposal,
} from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How drift is measured, stored with each digest (see DRIFT_MEASURE). */
export { DRIFT_MEASURE };
const MEASURE_CHANGED_NOTE =
  "The drift measure changed this week: it now judges what changed between the texts instead of counting shared words, so earlier weeks are shown but not compared.";
const CALIBRATION_NOTE =
  "The drift measure changed this week: each figure is now how likely the variant is to mean something else, weighing each change by how the texts line up, so earlier weeks are shown but not compared.";

const READING_NOTE =
  "The drift measure changed this week: it now reads formulas, bounds and periods said in other ways, and weighs what it finds anew, so earlier weeks are shown but not compared.";

/** Why the index is not compared with a week measured by `earlier`. */
function measureChangedNote(earlier: string | undefined): string {
  if (earlier === "what-changed-2") return READING_NOTE;
  return earlier === "what-changed-1" ? CALIBRATION_NOTE : MEASURE_CHANGED_NOTE;
}
/**
 * What the drift index averages, stored with each digest. Digests stored without it averaged the domains' variants
 * only; from this one on, the variants and the data products' described usages together, each counting once. A week
 * stored the other way is shown in the history but not compared with (the note says why).
 */
export const DRIFT_INDEX_COUNTS = "variants+usages";
const COUNTS_CHANGED_NOTE =
  "The drift index now also counts the data products that use a term, beside the domains' variants, so earlier weeks are shown but not compared.";
/** Terms no data product uses that the digest names; the rest are counted. */
export const DIGEST_UNUSED_NAMED = 5;
const WEEK_MS = 7 * DAY_MS;
/** Items each section of the full digest keeps; the rest are counted. */
export const DIGEST_SECTION_LIMIT = 10;
/** Weeks of drift index history a digest carries. */
const HISTORY_WEEKS = 12;

/** Monday 00:00 UTC of the week `date` falls in: the key of the weekly drift snapshots. */
export function weekStartOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/**
 * Builds the digest for the seven days before `now` from stored state: what was agreed, what waits on whom,
 * which variants drift or are stale, which terms overlap, what nobody looks after, and the drift index. `compute`
 * does the heavy part, in turns of the event loop unless told otherwise.
 */
export async function buildDigest(repos: Repositories, now: Date, compute: ComputeDigestFigures = computeDigestFigures): Promise<Digest> {
  // One read after another, page by page: the embedded database answers one query at a time, and a lookup arriving
  // meanwhile then waits for one page rather than for every read queued at once.
  const corpus = await repos.digests.corpus();
  const variantRows = await repos.digests.variants(DRIFT_MEASURE);
  const usages = await repos.digests.usages(DRIFT_MEASURE, DRIFT_THRESHOLD, DIGEST_SECTION_LIMIT);
  const usageRows = usages.rows;
  const domains = await repos.domains.list();
  const snapshots = await repos.digests.snapshots(HISTORY_WEEKS);
  const latest = await repos.digests.latest();
  const period = { start: new Date(now.getTime() - WEEK_MS), end: now };

  const byId = new Map(corpus.map((entry) => [entry.term.id, entry.term]));
  // Each variant comes with the score an earlier digest stored for the same texts by the same measure, and each
  // usage with its own (measured at ingest against the current version, or by a digest since), or with its texts
  // when there is none: only those go to `compute`, beside the glossary its near-duplicate search needs. A week's
  // digest measures what changed.
  const toMeasure: DriftToMeasure[] = [];
  const measuring = <K>(at: Map<K, number>, id: K, texts: DriftToMeasure) => {
    if (at.has(id)) return;
    at.set(id, toMeasure.length);
    toMeasure.push({ definition: texts.definition, text: texts.text });
  };
  const freshVariants = new Map<string, number>();
  for (const { key, drift } of variantRows) if (drift.score === null) measuring(freshVariants, key, drift);
  const freshUsages = new Map<number, number>();
  for (const { id, drift } of usageRows) if (drift.score === null) measuring(freshUsages, id, drift);
  // A usage keeps its score, not its reasons: those the digest may show (the most drifted by their stored figure)
  // are measured again for their first reason.
  const storedUsageCandidates = usageRows
    .filter((u) => u.drift.score !== null && u.drift.score >= DRIFT_THRESHOLD && byId.has(u.termId))
    .sort((a, b) => byUsageDrift({ score: a.drift!.score!, ...a }, { score: b.drift!.score!, ...b }))
    .slice(0, DIGEST_SECTION_LIMIT);
  const candidateTexts = await repos.digests.usageTexts(storedUsageCandidates.map((u) => u.id));
  const remeasured = new Map<number, number>();
  for (const [id, texts] of candidateTexts) measuring(remeasured, id, texts);

  const computed = await compute({ corpus, overlapLimit: DIGEST_SECTION_LIMIT * 10, toMeasure });
  const measured = computed.measured;
  await repos.digests.storeDriftFigures([...freshVariants].map(([key, at]) => ({ key, ...measured[at]! })), DRIFT_MEASURE, now);
  await repos.digests.storeUsageFigures(
    usageRows.flatMap(({ id, currentVersion }) => {
      const at = freshUsages.get(id);
      return at === undefined ? [] : [{ id, score: measured[at]!.score, version: currentVersion }];
    }),
    DRIFT_MEASURE,
  );

  // The reasons of a variant's stored figure are read only for the entries the digest shows (see withStoredReasons).
  const keyOf = new Map<object, string>();
  const figure = (score: number, reasons: readonly DriftReason[] = []): DriftFigure => ({ score, level: describeDrift(score), reasons });
  const drifts = variantRows.map(({ key, drift, term, domain, baseVersion, currentVersion, updatedAt }) => {
    const fresh = drift.score === null ? measured[freshVariants.get(key)!]! : undefined;
    const entry: DriftEntry = { term, domain, ...figure(fresh?.score ?? drift.score!, fresh?.reasons), baseVersion, currentVersion, updatedAt };
    if (!fresh) keyOf.set(entry, key);
    return entry;
  });

  const overlaps = computed.overlaps.map(
    (overlap): OverlapPair => ({
      a: byId.get(overlap.a)!,
      b: byId.get(overlap.b)!,
      reason: overlap.reason,
      similarity: overlap.similarity,
      ...(overlap.detail ? { detail: overlap.detail } : {}),
    }),
  );

  // A usage is measured against the agreed definition as it is now, as the term page measures it, so an agreed
  // change shows at once; a usage with no description has nothing to measure. The rows are the ones measured now
  // and the most drifted stored ones; the rest of the stored scores come as counts and sums (`below`, `past`).
  const usageDrifts: UsageDriftEntry[] = [];
  const freshSum = { count: 0, past: 0, sum: 0 };
  for (const { id, drift, termId, domain, project, kind, path } of usageRows) {
    const term = byId.get(termId);
    if (term === undefined) continue;
    const fresh = drift.score === null ? measured[freshUsages.get(id)!]! : undefined;
    const again = remeasured.has(id) ? measured[remeasured.get(id)!]! : undefined;
    const score = fresh?.score ?? drift.score!;
    if (fresh) {
      freshSum.count++;
      freshSum.sum += score;
      if (score >= DRIFT_THRESHOLD) freshSum.past++;
    }
    // Under the threshold a usage is only counted; the first reason only of the rest: what the digest names (the
    // term page has them all).
    if (score >= DRIFT_THRESHOLD) usageDrifts.push({ term, domain, project, kind, path, ...figure(score, (fresh ?? again)?.reasons.slice(0, 1)) });
  }
  const usageDrift: Section<UsageDriftEntry> = {
    items: usageDrifts.sort(byUsageDrift).slice(0, DIGEST_SECTION_LIMIT),
    total: usages.past.count + freshSum.past,
  };
  // Until a domain has ingested a data product, every term is unused and saying so tells nobody anything.
  // The glossary in id order, less the terms a present usage links to.
  const unused = { total: 0, first: [] as DigestTerm[] };
  if (usages.present > 0) {
    for (const { term } of corpus) {
      if (usages.used.has(term.id)) continue;
      unused.total++;
      if (unused.first.length < DIGEST_UNUSED_NAMED) unused.first.push(term);
    }
  }

  const shown = await withStoredReasons(repos, keyOf, {
    drift: cut(drifts.filter((d) => d.score >= DRIFT_THRESHOLD).sort((a, b) => b.score - a.score || byTermThenDomain(a, b))),
    stale: cut(
      drifts
        .filter((d) => d.baseVersion < d.currentVersion)
        .sort((a, b) => b.currentVersion - b.baseVersion - (a.currentVersion - a.baseVersion) || +a.updatedAt - +b.updatedAt),
    ),
  });

  const waiting = await waitingProposals(repos, domains);
  // The stored usage scores come counted and summed, not one by one.
  const measuredUsages = freshSum.count + usages.below.count + usages.past.count;
  const value = meanDrift(
    drifts.reduce((sum, d) => sum + d.score, freshSum.sum + usages.below.sum + usages.past.sum),
    drifts.length + measuredUsages,
  );
  const earlierOtherwise = latest !== undefined && latest.slot.getTime() < weekStartOf(now).getTime();
  const note =
    earlierOtherwise && latest.digest.driftMeasure !== DRIFT_MEASURE
      ? measureChangedNote(latest.digest.driftMeasure)
      : earlierOtherwise && latest.digest.indexCounts !== DRIFT_INDEX_COUNTS && measuredUsages > 0
        ? COUNTS_CHANGED_NOTE
        : undefined;
  return {
    generatedAt: now,
    period,
    totals: { terms: corpus.length, domains: domains.length, variants: drifts.length, openProposals: waiting.length, usages: usages.present },
    agreed: cut(await repos.digests.agreedBetween(period.start, period.end)),
    waiting: cut(waiting.filter((p) => !p.stuck)),
    stuck: cut(waiting.filter((p) => p.stuck)),
    drift: shown.drift,
    stale: shown.stale,
    usageDrift,
    unused: { items: unused.first, total: unused.total },
    overlaps: { items: overlaps.slice(0, DIGEST_SECTION_LIMIT), total: overlaps.length },
    gaps: {
      unownedTerms: cut(corpus.filter((entry) => entry.term.ownerDomain === null).map((entry) => entry.term)),
      ownerlessDomains: cut(
        domains.filter((d) => d.owners.length === 0).map((d): Domain => ({ id: d.id, slug: d.slug, name: d.name })),
      ),
      silentDomains: cut(await repos.digests.silentDomains()),
    },
    driftMeasure: DRIFT_MEASURE,
    indexCounts: DRIFT_INDEX_COUNTS,
    // A stored digest of an earlier week measured or counted otherwise: its index is not this one's to compare with.
    // An earlier week that counted variants only is still comparable while no data product is ingested: the same set.
    index: driftIndex(value, now, snapshots, note),
  };
}

/** The drift index of a set of variants and usages: their mean drift on 0–100, one decimal; 0 when there are none. */
export function driftIndexValue(drifts: readonly { readonly score: number }[]): number {
  return meanDrift(
    drifts.reduce((sum, d) => sum + d.score, 0),
    drifts.length,
  );
}

/** The drift index of `count` figures whose scores add up to `total`. */
function meanDrift(total: number, count: number): number {
  return count === 0 ? 0 : Math.round((total / count) * 1000) / 10;
}

/**
 * This week's index beside the stored weeks before it (newest first), with the change since the latest of them;
 * when `changed` (true, or the note saying how), the earlier weeks were measured by another method and no change is computed.
 */
export function driftIndex(value: number, now: Date, snapshots: readonly DriftSnapshot[], changed: boolean | string = false): DriftIndex {
  const measureChanged = changed !== false;
  const changedNote = typeof changed === "string" ? changed : MEASURE_CHANGED_NOTE;
  const thisWeek = weekStartOf(now).getTime();
  const earlier = snapshots.filter((s) => s.weekStart.getTime() < thisWeek);
  const previous = earlier[0]?.value ?? null;
  const comparable = previous !== null && !measureChanged;
  return {
    value,
    previous,
    change: comparable ? Math.round((value - previous) * 10) / 10 : null,
    ...(previous !== null && measureChanged ? { note: changedNote } : {}),
    history: [
      ...earlier
        .slice(0, HISTORY_WEEKS - 1)
        .reverse()
        .map((s) => ({ weekStart: s.weekStart, value: s.value })),
      { weekStart: new Date(thisWeek), value },
    ],
  };
}

async function waitingProposals(
  repos: Repositories,
  domains: readonly Domain[],
): Promise<WaitingProposal[]> {
  const open = await repos.proposals.openForDomains(domains.map((d) => d.id));
  const proposers = await repos.members.findByRefs(open.map((p) => p.proposerRef));
  const waiting: WaitingProposal[] = [];
  for (const proposal of open) {
    const { domains: affected, tally } = await tallyProposal(repos, proposal);
    const position = new Map(tally.domains.map((t) => [t.domainId, t.position]));
    const plain = (d: Domain): Domain => ({ id: d.id, slug: d.slug, name: d.name });
    waiting.push({
      proposalId: proposal.id,
      kind: proposal.kind,
      termSlug: proposal.termSlug,
      termName: proposal.termName,
      deadline: proposal.deadline,
      ...(proposers.has(proposal.proposerRef) ? { proposer: proposers.get(proposal.proposerRef)! } : {}),
      affected: affected.map(plain),
      undecided: affected.filter((d) => (position.get(d.id) ?? "none") === "none").map(plain),
      ...proposalPassability(proposal, affected),
    });
  }
  return waiting.sort((a, b) => +a.deadline - +b.deadline || a.proposalId - b.proposalId);
}

function byTermThenDomain(a: DriftEntry, b: DriftEntry): number {
  return a.term.slug.localeCompare(b.term.slug) || a.domain.slug.localeCompare(b.domain.slug);
}

/**
 * The variant sections with the reasons of each shown entry whose figure an earlier digest stored: read for these
 * few entries only, by key (`keyOf`), rather than for every variant.
 */
async function withStoredReasons(
  repos: Repositories,
  keyOf: ReadonlyMap<object, string>,
  sections: { drift: Section<DriftEntry>; stale: Section<DriftEntry> },
): Promise<{ drift: Section<DriftEntry>; stale: Section<DriftEntry> }> {
  const keys = [...sections.drift.items, ...sections.stale.items].flatMap((entry) => keyOf.get(entry) ?? []);
  const stored = keys.length === 0 ? new Map<string, StoredDriftFigure>() : await repos.digests.storedDriftFigures([...new Set(keys)]);
  const fill = (section: Section<DriftEntry>): Section<DriftEntry> => ({
    ...section,
    items: section.items.map((entry) => {
      const key = keyOf.get(entry);
      return key === undefined ? entry : { ...entry, reasons: stored.get(key)?.reasons ?? [] };
    }),
  });
  return { drift: fill(sections.drift), stale: fill(sections.stale) };
}

/** Usages by drift, most first, then by domain, project and place. */
function byUsageDrift(
  a: { readonly score: number; readonly domain: Domain; readonly project: string; readonly path: string },
  b: { readonly score: number; readonly domain: Domain; readonly project: string; readonly path: string },
): number {
  return b.score - a.score || a.domain.slug.localeCompare(b.domain.slug) || a.project.localeCompare(b.project) || a.path.localeCompare(b.path);
}

function cut<T>(items: readonly T[]): Section<T> {
  return { items: items.slice(0, DIGEST_SECTION_LIMIT), total: items.length };
}
