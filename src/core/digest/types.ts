import type { DriftLevel, DriftReason } from "../text/index.js";
import type { VoicelessDomain } from "../consensus/stuck.js";
import type { Domain, Member, ProposalKind, TermSummary } from "../types.js";
import type { UsageKind } from "../usages/types.js";

/** A list cut to what a message can show, with how many there were in all. */
export interface Section<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** A term as the digest names it: enough to link to it and say who stewards it. */
export interface DigestTerm extends TermSummary {
  readonly ownerDomain: Domain | null;
}

/** A term that got a new agreed version in the period. */
export interface AgreedChange {
  readonly term: DigestTerm;
  readonly version: number;
  readonly agreedAt: Date;
  /** The proposal that agreed it; null for imported versions. */
  readonly proposalId: number | null;
}

/** An open proposal and the affected domains that have no position yet. */
export interface WaitingProposal {
  readonly proposalId: number;
  readonly kind: ProposalKind;
  readonly termSlug: string;
  readonly termName: string;
  readonly deadline: Date;
  /** Who proposed it, named as Concord knows them; absent in digests stored before it. */
  readonly proposer?: Member;
  /** Affected domains whose owners have not (or not decisively) voted. */
  readonly undecided: readonly Domain[];
  readonly affected: readonly Domain[];
  /** Affected domains that cannot reach a position with their current owners; absent in digests stored before it. */
  readonly voiceless?: readonly VoicelessDomain[];
  /** True when it cannot pass as things stand (not merely waiting); absent in digests stored before it. */
  readonly stuck?: boolean;
}

/** A domain's variant of a term beside the agreed definition. */
export interface DriftEntry {
  readonly term: DigestTerm;
  readonly domain: Domain;
  /** 0 (says what the agreed text says) … 1 (says something else), in whole percents: the lookup's figure. */
  readonly score: number;
  readonly level: DriftLevel;
  /** The changes that drove the score, as the lookup and the pages name them; absent in digests stored before them. */
  readonly reasons?: readonly DriftReason[];
  /** The agreed version the variant was written against, and the current one. */
  readonly baseVersion: number;
  readonly currentVersion: number;
  readonly updatedAt: Date;
}

/** A domain's data product (a dbt model, column or metric) linked to a term, beside the agreed definition. */
export interface UsageDriftEntry {
  readonly term: DigestTerm;
  readonly domain: Domain;
  readonly project: string;
  readonly kind: UsageKind;
  /** model.orders.customer_id, metric.churn_rate. */
  readonly path: string;
  /** Drift from the current agreed definition, 0 … 1, the lookup's figure. */
  readonly score: number;
  readonly level: DriftLevel;
  readonly reasons?: readonly DriftReason[];
}

/** Two terms that look like one concept defined twice. */
export interface OverlapPair {
  readonly a: DigestTerm;
  readonly b: DigestTerm;
  readonly reason: "alias" | "name" | "definition";
  /** 0 … 1; 1 for an alias collision. */
  readonly similarity: number;
  /** The colliding alias, for an alias collision. */
  readonly detail?: string;
}

/** A consuming domain that has been asked to vote and never did. */
export interface SilentDomain {
  readonly domain: Domain;
  /** Proposals it was an affected domain of without any of its owners voting. */
  readonly missed: number;
}

/** What nobody looks after. */
export interface Gaps {
  readonly unownedTerms: Section<DigestTerm>;
  readonly ownerlessDomains: Section<Domain>;
  readonly silentDomains: Section<SilentDomain>;
}

/** One week's drift index, as stored. */
export interface DriftSnapshot {
  /** Monday 00:00 UTC of the week it describes. */
  readonly weekStart: Date;
  readonly value: number;
  readonly variants: number;
  readonly takenAt: Date;
}

/**
 * The drift index: the average drift of every variant from its term's agreed definition, on 0 (every domain says
 * what the glossary says) … 100 (no variant shares a word with it); stale variants count at their measured drift.
 */
export interface DriftIndex {
  readonly value: number;
  /** Last week's stored value, when there is one. */
  readonly previous: number | null;
  /** value − previous, rounded to one decimal; null without a previous week. */
  readonly change: number | null;
  /** Set when the earlier weeks were measured by another method: why `change` is null though `previous` is not. */
  readonly note?: string;
  /** Stored weekly values, oldest first, ending with this week's. */
  readonly history: readonly { readonly weekStart: Date; readonly value: number }[];
}

/** The weekly drift digest, built once per period from stored state and posted as built. */
export interface Digest {
  readonly generatedAt: Date;
  /** The seven days the digest reports on: [start, end). */
  readonly period: { readonly start: Date; readonly end: Date };
  readonly totals: {
    readonly terms: number;
    readonly domains: number;
    readonly variants: number;
    readonly openProposals: number;
    /** Present usages in the domains' data products; absent in digests stored before usages were read. */
    readonly usages?: number;
  };
  readonly agreed: Section<AgreedChange>;
  /** Open proposals merely waiting on votes. */
  readonly waiting: Section<WaitingProposal>;
  /** Open proposals that cannot pass as things stand (an affected domain nobody's vote counts for); absent in digests stored before it. */
  readonly stuck?: Section<WaitingProposal>;
  /** Variants whose meaning drifts (at or above DRIFT_THRESHOLD), most drifted first. */
  readonly drift: Section<DriftEntry>;
  /** Variants written against an older agreed version than the current one, oldest first. */
  readonly stale: Section<DriftEntry>;
  /** Data products whose description drifts (at or above DRIFT_THRESHOLD), most drifted first; absent in digests stored before it. */
  readonly usageDrift?: Section<UsageDriftEntry>;
  /** Terms no data product uses, by name; absent in digests stored before it, and empty while no product is ingested. */
  readonly unused?: Section<DigestTerm>;
  readonly overlaps: Section<OverlapPair>;
  readonly gaps: Gaps;
  readonly index: DriftIndex;
  /** How drift was measured (DRIFT_MEASURE); absent in digests stored before the measure judged what changed. */
  readonly driftMeasure?: string;
  /** What the drift index averages (DRIFT_INDEX_COUNTS); absent in digests whose index averaged variants only. */
  readonly indexCounts?: string;
}

/** The short version a domain's home channel gets: the digest narrowed to what concerns that domain. */
export interface DomainDigest {
  readonly domain: Domain;
  readonly digest: Digest;
}
