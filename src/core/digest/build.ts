import { tallyProposal } from "../consensus/decide.js";
import { proposalPassability } from "../consensus/stuck.js";
import type { Repositories } from "../ports.js";
import { DRIFT_MEASURE, driftKey } from "../glossary/drift.js";
import { DRIFT_THRESHOLD } from "../text/index.js";
import type { Domain } from "../types.js";
import { computeDigestFigures, driftFigures, type ComputeDigestFigures } from "./figures.js";
import type {
  Digest,
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
 * does the heavy part (by default here; the app hands it to a worker thread).
 */
export async function buildDigest(repos: Repositories, now: Date, compute: ComputeDigestFigures = computeDigestFigures): Promise<Digest> {
  // One read after another, page by page: the embedded database answers one query at a time, and a lookup arriving
  // meanwhile then waits for one page rather than for every read queued at once.
  const corpus = await repos.digests.corpus();
  const variantRows = await repos.digests.variants();
  const usageRows = await repos.digests.usages();
  const domains = await repos.domains.list();
  const snapshots = await repos.digests.snapshots(HISTORY_WEEKS);
  const latest = await repos.digests.latest();
  const period = { start: new Date(now.getTime() - WEEK_MS), end: now };

  // Figures measured by an earlier digest of the same texts with the same measure are read, not measured again: a
  // week's digest measures what changed since the last one.
  const definitions = new Map(corpus.map((entry) => [entry.term.id, entry.definition]));
  const variantKeys = await keysInTurns(variantRows, (row) => driftKey(row.definition, row.text));
  const usageKeys = await keysInTurns(usageRows, (row) => driftKey(definitions.get(row.termId) ?? "", row.description));
  const known = await repos.digests.storedDriftFigures([...variantKeys, ...usageKeys]);
  // The figures already known are taken here; only the texts to measure go to `compute` (a worker thread, to which
  // everything it gets is copied), beside the glossary its near-duplicate search needs.
  const variantsBy = splitByKnown(variantRows, variantKeys, known);
  const usagesBy = splitByKnown(usageRows, usageKeys, known);
  const computed = await compute({
    corpus,
    overlapLimit: DIGEST_SECTION_LIMIT * 10,
    variants: variantsBy.fresh.rows,
    variantKeys: variantsBy.fresh.keys,
    usages: usagesBy.fresh.rows,
    usageKeys: usagesBy.fresh.keys,
  });
  const stored = driftFigures({
    corpus,
    known,
    variants: variantsBy.known.rows,
    variantKeys: variantsBy.known.keys,
    usages: usagesBy.known.rows,
    usageKeys: usagesBy.known.keys,
  });
  const drifts = [...stored.drifts, ...computed.drifts];
  const usageDrifts = [...stored.usageDrifts, ...(computed.usageDrifts ?? [])];
  const found = computed.overlaps;
  await repos.digests.storeDriftFigures(computed.measured ?? [], DRIFT_MEASURE, now);
  const byId = new Map(corpus.map((entry) => [entry.term.id, entry.term]));
  const overlaps = found.map(
    (overlap): OverlapPair => ({
      a: byId.get(overlap.a)!,
      b: byId.get(overlap.b)!,
      reason: overlap.reason,
      similarity: overlap.similarity,
      ...(overlap.detail ? { detail: overlap.detail } : {}),
    }),
  );

  const usageDrift = usageDrifts
    .filter((u) => u.score >= DRIFT_THRESHOLD && byId.has(u.termId))
    .sort((a, b) => b.score - a.score || a.domain.slug.localeCompare(b.domain.slug) || a.project.localeCompare(b.project) || a.path.localeCompare(b.path))
    .map(
      ({ termId, reasons, ...rest }): UsageDriftEntry => ({
        ...rest,
        term: byId.get(termId)!,
        // The first reason only: what the digest names; the term page has the rest.
        reasons: reasons.slice(0, 1),
      }),
    );
  const used = new Set(usageRows.map((u) => u.termId));
  // Until a domain has ingested a data product, every term is unused and saying so tells nobody anything.
  const unused = used.size === 0 ? [] : corpus.filter((entry) => !used.has(entry.term.id)).map((entry) => entry.term);

  const waiting = await waitingProposals(repos, domains);
  const value = driftIndexValue([...drifts, ...usageDrifts]);
  const earlierOtherwise = latest !== undefined && latest.slot.getTime() < weekStartOf(now).getTime();
  const note =
    earlierOtherwise && latest.digest.driftMeasure !== DRIFT_MEASURE
      ? measureChangedNote(latest.digest.driftMeasure)
      : earlierOtherwise && latest.digest.indexCounts !== DRIFT_INDEX_COUNTS && usageDrifts.length > 0
        ? COUNTS_CHANGED_NOTE
        : undefined;
  return {
    generatedAt: now,
    period,
    totals: { terms: corpus.length, domains: domains.length, variants: drifts.length, openProposals: waiting.length, usages: usageRows.length },
    agreed: cut(await repos.digests.agreedBetween(period.start, period.end)),
    waiting: cut(waiting.filter((p) => !p.stuck)),
    stuck: cut(waiting.filter((p) => p.stuck)),
    drift: cut(
      drifts
        .filter((d) => d.score >= DRIFT_THRESHOLD)
        .sort((a, b) => b.score - a.score || byTermThenDomain(a, b)),
    ),
    stale: cut(
      drifts
        .filter((d) => d.baseVersion < d.currentVersion)
        .sort((a, b) => b.currentVersion - b.baseVersion - (a.currentVersion - a.baseVersion) || +a.updatedAt - +b.updatedAt),
    ),
    usageDrift: cut(usageDrift),
    unused: { items: unused.slice(0, DIGEST_UNUSED_NAMED), total: unused.length },
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
  if (drifts.length === 0) return 0;
  const total = drifts.reduce((sum, d) => sum + d.score, 0);
  return Math.round((total / drifts.length) * 1000) / 10;
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

/** Rows (with their keys, in order) whose figure `known` holds, and the rest, to be measured. */
function splitByKnown<T>(rows: readonly T[], keys: readonly string[], known: ReadonlyMap<string, unknown>) {
  const split = { known: { rows: [] as T[], keys: [] as string[] }, fresh: { rows: [] as T[], keys: [] as string[] } };
  rows.forEach((row, i) => {
    const side = known.has(keys[i]!) ? split.known : split.fresh;
    side.rows.push(row);
    side.keys.push(keys[i]!);
  });
  return split;
}

/** `key` of each row, computed a few thousand at a time with a turn of the event loop between, so requests are served. */
async function keysInTurns<T>(rows: readonly T[], key: (row: T) => string): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    keys.push(key(rows[i]!));
    if (i % 5_000 === 4_999) await new Promise((resolve) => setImmediate(resolve));
  }
  return keys;
}

function cut<T>(items: readonly T[]): Section<T> {
  return { items: items.slice(0, DIGEST_SECTION_LIMIT), total: items.length };
}
