import { assertCanManageDomain, ensureMember, requireDomain } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import { DRIFT_MEASURE, measureDrift, type DriftFigure } from "../glossary/drift.js";
import { findTerm, type MatchKind } from "../glossary/lookup.js";
import type { SuggestionRecord } from "../ports.js";
import { readDefinition } from "../text/index.js";
import type { Actor, Domain, TermDetails } from "../types.js";
import type { UsageKind, UsageView } from "./types.js";
import { termUsages } from "./view.js";

/** A link suggested by an item's name, waiting for its domain's owners to accept or reject it. */
export interface SuggestionView {
  readonly id: number;
  readonly domain: { readonly slug: string; readonly name: string };
  readonly project: string;
  readonly kind: UsageKind;
  readonly path: string;
  /** The item's description as its project's latest ingest read it; empty when it has none. */
  readonly description: string;
  /** 0 … 1: how surely the name means the term. */
  readonly confidence: number;
}

/** What `links <term>` shows: where the domains' data products use the term, and the links suggested for it. */
export interface TermLinks {
  readonly query: string;
  readonly matchedBy: MatchKind;
  readonly term: { readonly id: number; readonly slug: string; readonly name: string };
  readonly agreed: { readonly version: number };
  /** Measured against the agreed definition now; most drifted first. */
  readonly usages: readonly UsageView[];
  /** Open suggestions their project's latest ingest found, most confident first. */
  readonly suggestions: readonly SuggestionView[];
}

/** The usages of a term in the domains' data products, with their drift, and the suggested links to decide on. */
export async function termLinks(deps: CoreDeps, query: string): Promise<TermLinks> {
  const repos = deps.store.repos;
  const resolved = await findTerm(repos, query);
  const details = await repos.terms.details(resolved.term.id);
  const [usages, suggestions] = [await termUsages(deps, details.term.id, details.current), await repos.usages.openSuggestionsOfTerm(details.term.id)];
  return {
    query,
    matchedBy: resolved.matchedBy,
    term: { id: details.term.id, slug: details.term.slug, name: details.term.name },
    agreed: { version: details.current.version },
    usages,
    suggestions: suggestions.map(toSuggestionView),
  };
}

function toSuggestionView(s: SuggestionRecord): SuggestionView {
  return { id: s.id, domain: s.domain, project: s.project, kind: s.kind, path: s.path, description: s.description, confidence: s.confidence };
}

/** One domain's use of a term, as a lookup sums it up. */
export interface DomainUsageSummary {
  readonly domain: { readonly slug: string; readonly name: string };
  readonly usages: number;
  /** The most drifted of its usages; null when none has a description to measure. */
  readonly highest: DriftFigure | null;
}

/** "Where it is used", in short: usages per domain with the highest drift, and how many suggested links wait. */
export interface UsageSummary {
  readonly usages: number;
  /** Most drifted first, then by slug. */
  readonly domains: readonly DomainUsageSummary[];
  readonly suggestions: number;
}

/**
 * Sums up a term's usages per domain for a lookup. The highest figure is measured now, as `links` and the term page
 * measure it; to keep a lookup quick only the candidates are measured: per domain, the usage whose stored figure
 * (measured at ingest against this same agreed version) is highest, and every usage measured against an older one.
 */
export async function summariseUsages(deps: CoreDeps, details: TermDetails): Promise<UsageSummary> {
  // Most terms are in no data product: their details say so, and nothing more is read.
  if (details.linked === false) return { usages: 0, domains: [], suggestions: 0 };
  const { term, current } = details;
  const termId = term.id;
  const repos = deps.store.repos;
  const [stored, suggestions] = [await repos.usages.usagesOfTerm(termId), await repos.usages.openSuggestionsOfTerm(termId)];
  const byDomain = new Map<string, (typeof stored)[number][]>();
  for (const usage of stored) byDomain.set(usage.domain.slug, [...(byDomain.get(usage.domain.slug) ?? []), usage]);
  const agreed = stored.length > 0 ? readDefinition(current.text) : undefined;
  const domains: DomainUsageSummary[] = [];
  for (const usages of byDomain.values()) {
    const described = usages.filter((u) => u.description !== "");
    // A stored figure counts when it was measured against this version by this measure.
    const upToDate = (u: (typeof usages)[number]) => u.measuredVersion === current.version && u.driftScore !== null && u.driftMeasure === DRIFT_MEASURE;
    const stale = described.filter((u) => !upToDate(u));
    const top = described
      .filter(upToDate)
      .reduce<(typeof usages)[number] | undefined>((best, u) => (!best || u.driftScore! > best.driftScore! ? u : best), undefined);
    let highest: DriftFigure | null = null;
    for (const usage of top ? [top, ...stale] : stale) {
      const figure = measureDrift(agreed!, usage.description);
      if (!highest || figure.score > highest.score) highest = figure;
    }
    domains.push({ domain: usages[0]!.domain, usages: usages.length, highest });
  }
  domains.sort((a, b) => (b.highest?.score ?? -1) - (a.highest?.score ?? -1) || a.domain.slug.localeCompare(b.domain.slug));
  return { usages: stored.length, domains, suggestions: suggestions.length };
}

/** What accepting or rejecting a suggested link did. */
export interface SuggestionDecided {
  readonly decision: "accepted" | "rejected";
  readonly term: { readonly id: number; readonly slug: string; readonly name: string };
  readonly domain: Domain;
  readonly project: string;
  readonly kind: UsageKind;
  readonly path: string;
  /** The usage an accepted suggestion became, measured against the agreed definition; absent when rejected. */
  readonly usage?: { readonly id: number; readonly drift: DriftFigure | null; readonly version: number };
}

const DECISION_WORD = { accept: "accepted", reject: "rejected" } as const;

/**
 * Accepts a suggested link (its item becomes a usage of the term, measured with the same drift figure as an ingest
 * measures one) or rejects it (no later ingest offers it again). Only the owning domain's owners and admins may; a
 * suggestion decided already, or no longer in its project, is refused with a sentence and nothing changes. One
 * audit event per decision, in the same transaction.
 */
export async function decideSuggestion(
  deps: CoreDeps,
  actor: Actor,
  input: { readonly suggestionId: number; readonly decision: "accept" | "reject" },
): Promise<SuggestionDecided> {
  return deps.store.transaction(async (repos) => {
    const now = deps.clock.now();
    const member = await ensureMember(repos, actor, now);
    const suggestion = await repos.usages.suggestionById(input.suggestionId);
    if (!suggestion) {
      throw new ConcordError("invalid-input", "That suggested link is no longer recorded (its term may have been removed). `links <term>` shows the current ones.");
    }
    const domain = await requireDomain(repos, suggestion.domain.slug);
    await assertCanManageDomain(repos, deps.access, actor, member, domain, `accept or reject links suggested in its data products`);
    const details = await repos.terms.details(suggestion.termId);
    const where = `${suggestion.path} (${suggestion.project})`;
    const already = () =>
      new ConcordError("closed", `The link from ${where} to ${details.term.name} was already ${suggestion.status === "open" ? "decided" : suggestion.status}; nothing changed.`, {
        suggestion: suggestion.id,
      });
    if (suggestion.status !== "open") throw already();
    if (input.decision === "accept" && !suggestion.current) {
      throw new ConcordError(
        "closed",
        `${suggestion.project}'s latest ingest no longer has ${suggestion.path} (or its name no longer suggests ${details.term.name}); nothing was linked.`,
        { suggestion: suggestion.id },
      );
    }
    const status = DECISION_WORD[input.decision];
    if (!(await repos.usages.decideSuggestion(suggestion.id, status, { memberId: member.id, at: now }))) throw already();

    let usage: SuggestionDecided["usage"];
    if (input.decision === "accept") {
      const agreed = details.current;
      const drift = suggestion.description === "" ? null : measureDrift(readDefinition(agreed.text), suggestion.description);
      const id = await repos.usages.linkAccepted({
        termId: suggestion.termId,
        domainId: suggestion.domainId,
        project: suggestion.project,
        kind: suggestion.kind,
        path: suggestion.path,
        description: suggestion.description,
        linkSource: "accepted",
        firstIngestId: suggestion.ingestId,
        lastIngestId: suggestion.ingestId,
        changedIngestId: suggestion.ingestId,
        previousDescription: null,
        driftScore: drift?.score ?? null,
        measuredVersion: agreed.version,
        driftMeasure: drift ? DRIFT_MEASURE : null,
      });
      usage = { id, drift, version: agreed.version };
    }
    const place = { suggestion: suggestion.id, term: details.term.slug, project: suggestion.project, kind: suggestion.kind, path: suggestion.path, confidence: suggestion.confidence };
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: `usage.suggestion-${status}`,
      subjectType: "domain",
      subjectId: domain.slug,
      before: { ...place, status: "open" },
      after: { ...place, status, ...(usage ? { usage: usage.id, drift: usage.drift?.score ?? null, version: usage.version } : {}) },
    });
    return {
      decision: status,
      term: { id: details.term.id, slug: details.term.slug, name: details.term.name },
      domain,
      project: suggestion.project,
      kind: suggestion.kind,
      path: suggestion.path,
      ...(usage ? { usage } : {}),
    };
  });
}
