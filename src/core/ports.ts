import type { AgreedChange, Digest, DigestTerm, DriftSnapshot, SilentDomain } from "./digest/types.js";
import type {
  AffectedDomain,
  AuditEvent,
  DefinitionVersion,
  Domain,
  DomainSummary,
  Member,
  Platform,
  Policy,
  Proposal,
  ProposalStatus,
  RelationType,
  Term,
  TermDetails,
  TermReference,
  TermSummary,
  UserRef,
  Variant,
  Vote,
} from "./types.js";
import type { UsageKind, UsageLinkSource } from "./usages/types.js";
import type { DriftReason } from "./text/reasons.js";

/** The time, passed in so tests move it instead of waiting. */
export interface Clock {
  now(): Date;
}

/** Where Concord writes what it does; one line per call. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (a team, user, proposal or delivery id). */
  child?(bindings: Record<string, unknown>): Logger;
}

export interface MemberRepository {
  /** The member behind a ref, created (with the identity) on first sight; named by `displayName` when it had no name. */
  ensure(ref: UserRef, platform: Platform, displayName: string | undefined, now: Date): Promise<Member>;
  /** The member behind a ref, if Concord has seen it. */
  findByRef(ref: UserRef): Promise<Member | undefined>;
  /** The members behind the refs Concord has seen, by ref. */
  findByRefs(refs: readonly UserRef[]): Promise<Map<UserRef, Member>>;
}

export interface DomainRepository {
  /** Every domain with its owners and home channels, by slug. */
  list(): Promise<DomainSummary[]>;
  findBySlug(slug: string): Promise<Domain | undefined>;
  /** Inserts a domain; undefined when the slug is taken. */
  insert(input: { slug: string; name: string }, now: Date): Promise<Domain | undefined>;
  owners(domainId: number): Promise<Member[]>;
  /** The domains a member owns, by slug. */
  ownedBy(memberId: number): Promise<Domain[]>;
  /** Adds an owner; false when they already were one. */
  addOwner(domainId: number, memberId: number, now: Date): Promise<boolean>;
  /** Removes an owner; false when they were not one. */
  removeOwner(domainId: number, memberId: number): Promise<boolean>;
  /** Makes a channel a domain's home on a platform; returns the channel it replaces. */
  setChannel(
    domainId: number,
    channel: { platform: Platform; channelId: string; address?: unknown },
    now: Date,
  ): Promise<string | undefined>;
}

/** A candidate for "did you mean", with its trigram similarity to what was typed. */
export interface SimilarTerm {
  readonly term: TermSummary;
  readonly similarity: number;
  /** The alias that matched, when the match came through an alias. */
  readonly alias?: string;
}

export interface RecentChange {
  readonly term: TermSummary;
  readonly version: number;
  readonly agreedAt: Date;
}

export interface SearchHit {
  readonly term: TermSummary;
  readonly score: number;
  readonly matchedOn: "name" | "alias" | "definition";
  readonly definition: string;
}

export interface NewTerm {
  readonly slug: string;
  readonly name: string;
  readonly ownerDomainId: number | null;
  readonly policy: Policy | null;
  readonly tags: readonly string[];
}

export interface NewVersion {
  readonly text: string;
  readonly example: string | null;
  readonly formula: string | null;
  readonly proposedBy: number | null;
  readonly proposalId: number | null;
}

export interface TermRepository {
  findBySlug(slug: string): Promise<Term | undefined>;
  /** Terms having an alias with this slug. */
  findByAlias(aliasSlug: string): Promise<Term[]>;
  /** Terms whose name or an alias resembles the slug, most alike first. */
  findSimilar(slug: string, limit: number): Promise<SimilarTerm[]>;
  /** Terms whose name, alias or current definition matches, best first. */
  search(query: { slug: string; words: string }, limit: number): Promise<SearchHit[]>;
  /** Terms whose current definition shares words with the text, most relevant first. */
  findSimilarDefinitions(text: string, limit: number): Promise<{ term: TermSummary; definition: string }[]>;
  details(termId: number): Promise<TermDetails>;
  /** A term's details by its exact slug (a lookup by name in one read), or undefined. */
  detailsBySlug(slug: string): Promise<TermDetails | undefined>;
  /**
   * In one read: the details of the term named by the slug, else of the one term having it as an alias; else how
   * many terms have it as an alias (0, or 2 when it is ambiguous, counted no further).
   */
  detailsByNameOrAlias(
    slug: string,
  ): Promise<{ readonly matchedBy: "name" | "alias"; readonly details: TermDetails } | { readonly matchedBy: null; readonly aliasMatches: number }>;
  /** Every agreed version, oldest first. */
  versions(termId: number): Promise<DefinitionVersion[]>;
  /** Inserts a term at version 1; undefined when the slug is taken. */
  insert(term: NewTerm, first: NewVersion, now: Date): Promise<Term | undefined>;
  /** Adds aliases (ignoring ones the term already has); returns the ones added. */
  addAliases(termId: number, aliases: readonly { alias: string; slug: string }[], now: Date): Promise<string[]>;
  /** Marks a domain as consuming a term; false when it already did. */
  addConsumer(termId: number, domainId: number, now: Date): Promise<boolean>;
  /** The most recently agreed versions across the glossary, newest first. */
  recentVersions(limit: number): Promise<RecentChange[]>;
  /** Locks a term's row until the transaction ends, so one decision at a time changes it. */
  lock(termId: number): Promise<Term | undefined>;
  /** Appends an agreed version and makes it current. */
  addVersion(termId: number, version: number, input: NewVersion, now: Date): Promise<void>;
  setStatus(termId: number, status: Term["status"], now: Date): Promise<void>;
  /** Records the term a deprecated one points to. */
  setReplacement(termId: number, replacementId: number, now: Date): Promise<void>;
  /** Sets a term's own policy (null: the configured default). */
  setPolicy(termId: number, policy: Policy | null, now: Date): Promise<void>;
  /** Removes a term's alias by its slug; returns the alias as it was written, or undefined when it had none such. */
  removeAlias(termId: number, aliasSlug: string): Promise<string | undefined>;
  /** Writes a domain's variant; returns the one it replaced. */
  upsertVariant(
    input: { termId: number; domainId: number; text: string; baseVersion: number; updatedBy: number },
    now: Date,
  ): Promise<{ before: Variant | undefined; after: Variant }>;
  /**
   * Inserts many terms, each with its whole agreed history (oldest first, numbered from 1), aliases, consumers and
   * variants, in batched multi-row inserts; returns the slugs it skipped because a term already has them.
   */
  insertMany(
    bundles: readonly {
      readonly term: NewTerm;
      readonly status: Term["status"];
      readonly versions: readonly (NewVersion & { readonly agreedAt: Date })[];
      readonly aliases: readonly { alias: string; slug: string }[];
      readonly consumerIds: readonly number[];
      readonly variants: readonly { domainId: number; text: string; baseVersion: number; updatedBy: number }[];
      /** Its parent's slug: a term of the same call or one already in the glossary. */
      readonly parentSlug?: string | null;
      /** Relations by the other term's slug, of the same call or already in the glossary. */
      readonly relations?: readonly { readonly type: RelationType; readonly slug: string }[];
      readonly references?: readonly TermReference[];
      readonly catalogueFields?: Readonly<Record<string, string>>;
    }[],
    now: Date,
  ): Promise<{ taken: string[] }>;
  /** Every term's current state by slug, in one read: what an import compares its records with. */
  importSnapshot(): Promise<Map<string, ImportedTermState>>;
  /** Places a term under another (null: top level). The caller checks that no cycle results. */
  setParent(termId: number, parentId: number | null, now: Date): Promise<void>;
  /** A term's ancestors' ids, its parent first. */
  ancestorIds(termId: number): Promise<number[]>;
  /** Every term's parent, by slug, for checking an import's hierarchy: child slug → parent slug. */
  parentSlugs(): Promise<Map<string, string>>;
  /** Relates two terms (read from `termId`'s side); false when they already were so related. */
  addRelation(termId: number, type: RelationType, otherId: number, now: Date): Promise<boolean>;
  /** Removes a relation (read from `termId`'s side); false when there was none. */
  removeRelation(termId: number, type: RelationType, otherId: number): Promise<boolean>;
  /** Replaces a term's references. */
  setReferences(termId: number, references: readonly TermReference[]): Promise<void>;
  /** Replaces a term's tags. */
  setTags(termId: number, tags: readonly string[], now: Date): Promise<void>;
  /** Replaces a term's kept catalogue fields. */
  setCatalogueFields(termId: number, fields: Readonly<Record<string, string>>, now: Date): Promise<void>;
  /** The glossary-level catalogue fields kept from imports. */
  glossaryFields(): Promise<Record<string, string>>;
  /** Writes glossary-level catalogue fields (replacing those of the same keys). */
  setGlossaryFields(fields: Readonly<Record<string, string>>, now: Date): Promise<void>;
  /** Every term with its current state, whole history, aliases, consumers and variants, by slug: a bulk read for export. */
  listAll(): Promise<(TermDetails & { readonly versions: readonly DefinitionVersion[] })[]>;
}

/** The rows a tally is computed from. */
export interface TallyRows {
  readonly domains: readonly (Domain & { readonly owning: boolean; readonly ownerIds: readonly number[] })[];
  readonly votes: readonly { readonly memberId: number; readonly position: Vote["position"] }[];
}

/** A proposal as opened, before anything has happened to it. */
export type NewProposal = Omit<
  Proposal,
  "id" | "status" | "remindedAt" | "decidedAt" | "resultVersion" | "supersededBy" | "createdAt"
>;

/** One member's vote as written. */
export interface BallotRow {
  readonly memberId: number;
  readonly voterRef: UserRef;
  readonly position: Vote["position"];
  readonly reason: string | null;
  readonly comment: string | null;
}

/** What a stored vote says, without who cast it. */
export type StoredPosition = Pick<BallotRow, "position" | "reason" | "comment">;

export interface ProposalRepository {
  /** Stores a new open proposal with its affected domains. */
  insert(proposal: NewProposal, domains: readonly { domainId: number; owning: boolean }[], now: Date): Promise<Proposal>;
  /**
   * A proposal; with `lock`, its row stays locked until the transaction ends: `true` exclusively (decisions
   * serialise on it), `"share"` shared (votes are written side by side, and a decision waits for them).
   */
  get(id: number, options?: { lock?: boolean | "share" }): Promise<Proposal | undefined>;
  /** Per member, the proposal's affected domains they own (those their vote counts for, but for self-approval). */
  ownedAffected(id: number, memberIds: readonly number[]): Promise<Map<number, Domain[]>>;
  /** What a tally needs and nothing more: affected domains with their owners' ids, and each vote's position. */
  tallyInput(id: number): Promise<TallyRows>;
  /**
   * Holds a lock on a term's slug until the transaction ends. Every change to a proposal takes it before the
   * proposal's row, so competing proposals on one term are locked in one order and never deadlock.
   */
  lockTermSlug(termSlug: string): Promise<void>;
  /** The affected domains with their current owners. */
  domains(id: number): Promise<AffectedDomain[]>;
  votes(id: number): Promise<Vote[]>;
  /**
   * Writes members' votes, one per member (the caller keeps the last of a member's ballots), in one go. Each
   * member's votes take turns with that member's votes written elsewhere at the same time. Returns, per member,
   * the vote each replaced.
   */
  writeVotes(id: number, votes: readonly BallotRow[], now: Date): Promise<Map<number, StoredPosition>>;
  /** Removes a member's vote; returns it, if there was one. */
  deleteVote(id: number, memberId: number): Promise<Vote | undefined>;
  /** Closes an open proposal; false when it was no longer open. */
  close(
    id: number,
    closing: { status: Exclude<ProposalStatus, "open">; resultVersion?: number; supersededBy?: number },
    now: Date,
  ): Promise<boolean>;
  /** Other open proposals competing with this one: same term and base version, or the same new slug. */
  competitors(proposal: Proposal): Promise<Proposal[]>;
  /** Open proposals, oldest first. */
  open(limit: number): Promise<Proposal[]>;
  /** Open proposals whose deadline has passed, oldest deadline first. */
  dueForDecision(now: Date, limit: number): Promise<number[]>;
  /** Open proposals within `windowMs` of their deadline that have not had their reminder. */
  dueForReminder(now: Date, windowMs: number, limit: number): Promise<number[]>;
  markReminded(id: number, now: Date): Promise<boolean>;
  /** Open proposals affecting any of these domains, by deadline. */
  openForDomains(domainIds: readonly number[]): Promise<Proposal[]>;
  /** Proposals on a term (by slug), newest first. */
  forTerm(termSlug: string, limit: number): Promise<Proposal[]>;
  /** Terms created or amended by approved proposals that named this slug as their parent and still have none. */
  termsAwaitingParent(parentSlug: string): Promise<number[]>;
  /** Every open proposal, in one read, without its domains: what an import checks for ones it would repeat. */
  openSnapshot(): Promise<Proposal[]>;
  /** Every proposal an import opened, by id. */
  forImport(importId: number): Promise<Proposal[]>;
  /** The affected domains of every proposal an import opened, in one read (without their owners). */
  importDomains(importId: number): Promise<{ readonly proposalId: number; readonly domain: Domain; readonly owning: boolean }[]>;
  /** How many proposals an import opened are still open. */
  openForImport(importId: number): Promise<number>;
  /** Records an import; returns its id. */
  recordImport(input: { actorRef: string; fileName: string; format: string; counts: Record<string, number> }, now: Date): Promise<number>;
  /** Writes what an import did, once it is done. */
  setImportCounts(importId: number, counts: Record<string, number>): Promise<void>;
  /** An import's record. */
  importRecord(importId: number): Promise<ImportRecord | undefined>;
}

/** A term as an import compares a record with it. */
export interface ImportedTermState {
  readonly term: TermSummary;
  readonly text: string;
  readonly example: string | null;
  readonly formula: string | null;
  /** Its parent's slug, or null at the top. */
  readonly parentSlug: string | null;
}

/** One import of a glossary file, as recorded. */
export interface ImportRecord {
  readonly id: number;
  readonly actorRef: UserRef;
  readonly fileName: string;
  readonly format: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly at: Date;
}

/** Something that happened to a proposal, for each platform to announce from the proposal's stored state. */
export interface ProposalEvent {
  readonly kind: "proposal.opened" | "proposal.tally" | "proposal.decided" | "proposal.superseded" | "proposal.reminder" | "proposal.withdrawn";
  readonly proposalId: number;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One stored digest to post in one channel: each channel is its own delivery, so each gets it exactly once. */
export interface DigestPostEvent {
  readonly kind: "digest.post";
  readonly payload: DigestPost;
}

export interface DigestPost {
  readonly digestId: number;
  readonly channelId: string;
  /** The whole digest (governance channel) or a domain's short version (its home channel). */
  readonly scope: "governance" | "domain";
  readonly domainId?: number;
}

/**
 * An import that opened proposals (`import.opened`: one notice per affected domain's home channel and one in the
 * governance channel, listing them), and the same import once the last of them closed (`import.closed`: what was
 * agreed), in place of a message per proposal.
 */
export interface ImportEvent {
  readonly kind: "import.opened" | "import.closed";
  readonly payload: { readonly importId: number };
}

/**
 * A linked usage whose text an ingest changed so that it now drifts from the agreed definition past the threshold:
 * one notice in the owning domain's home channel and one in the governance channel, with what to do about it.
 */
export interface UsageChangedEvent {
  readonly kind: "usage.changed";
  readonly payload: { readonly usageId: number; readonly ingestId: number };
}

/** An event users must hear of, as the outbox stores it. */
export type OutboxEvent = ProposalEvent | DigestPostEvent | ImportEvent | UsageChangedEvent;

export interface OutboxRepository {
  /** Queues an event for every destination (or only those given), in the caller's transaction. */
  enqueue(event: OutboxEvent, now: Date, destinations?: readonly string[]): Promise<void>;
}

/** A stored weekly digest. */
export interface StoredDigest {
  readonly id: number;
  readonly slot: Date;
  readonly digest: Digest;
}

/** What the digest is built from, read in bulk, and where digests and weekly snapshots are kept. */
export interface DigestRepository {
  /** Every active term with its owner, current definition and alias slugs, by id, read `pageSize` terms a query. */
  corpus(options?: { pageSize?: number }): Promise<CorpusTerm[]>;
  /** Every variant of an active term, with its figure stored by `measure` or, if none is, the texts to measure. */
  variants(measure: string, options?: { pageSize?: number }): Promise<CorpusVariant[]>;
  /**
   * The present usages of active terms in the domains' data products, each with its own figure if `measure` gave
   * it against the current version: those under `threshold` counted, and of those past it the `keep` most drifted
   * (or more) as rows beside the count.
   */
  usages(measure: string, threshold: number, keep: number, options?: { pageSize?: number }): Promise<CorpusUsages>;
  /** The description and the term's current definition of these usages, by id. */
  usageTexts(ids: readonly number[]): Promise<Map<number, { readonly definition: string; readonly text: string }>>;
  /** Keeps the figures a digest measured on the usages themselves, as an ingest keeps the ones it measures. */
  storeUsageFigures(figures: readonly { readonly id: number; readonly score: number; readonly version: number }[], measure: string): Promise<void>;
  /** Versions agreed in [start, end), newest first. */
  agreedBetween(start: Date, end: Date): Promise<AgreedChange[]>;
  /** Non-owning domains asked to vote on at least one proposal whose owners never voted on any. */
  silentDomains(): Promise<SilentDomain[]>;
  /** Stored weekly drift snapshots, newest first. */
  snapshots(limit: number): Promise<DriftSnapshot[]>;
  /** Stores a week's snapshot, replacing one taken earlier in the same week. */
  saveSnapshot(snapshot: DriftSnapshot): Promise<void>;
  /** Drift figures stored under these keys (`driftKey`, which names the measure); a key with none is left out. */
  storedDriftFigures(keys: readonly string[]): Promise<Map<string, StoredDriftFigure>>;
  /** Keeps figures for the next digest, and drops every figure of a measure other than `measure`. */
  storeDriftFigures(figures: readonly StoredDriftFigure[], measure: string, now: Date): Promise<void>;
  /** Stores a built digest for its slot; returns its id. */
  save(slot: Date, digest: Digest): Promise<number>;
  get(id: number): Promise<StoredDigest | undefined>;
  latest(): Promise<StoredDigest | undefined>;
}

/** A drift figure as the digest keeps it, by what was compared (`driftKey`). */
export interface StoredDriftFigure {
  readonly key: string;
  readonly score: number;
  readonly reasons: readonly DriftReason[];
}

/** A term as the digest reads it in bulk. */
export interface CorpusTerm {
  readonly term: DigestTerm;
  readonly currentVersion: number;
  readonly definition: string;
  readonly aliases: readonly string[];
}

/**
 * A text the digest compares with its term's agreed definition, as it reads it: with the score stored for it by the
 * current measure against the current version, or, when none is stored, with both texts to measure.
 */
export type CorpusDrift =
  | { readonly score: number }
  | { readonly score: null; readonly definition: string; readonly text: string };

/** A described usage as the digest reads it: where a domain's data product uses a term, and its drift. */
export interface CorpusUsage {
  readonly id: number;
  readonly termId: number;
  readonly domain: Domain;
  readonly project: string;
  readonly kind: UsageKind;
  readonly path: string;
  /** Its term's current agreed version, which its figure is measured against. */
  readonly currentVersion: number;
  readonly drift: CorpusDrift;
}

/** The usages as the digest reads them: those it names or measures, and the rest counted. */
export interface CorpusUsages {
  /**
   * Described usages with no stored score to read, and, of those with a stored score at or past the threshold, at
   * least the `keep` most drifted (with any tied with them).
   */
  readonly rows: readonly CorpusUsage[];
  /** Present usages of active terms, described or not. */
  readonly present: number;
  /** The active terms those present usages link to, by id. */
  readonly used: ReadonlySet<number>;
  /** The stored scores under the threshold: how many, and their sum (the drift index counts them). */
  readonly below: { readonly count: number; readonly sum: number };
  /** The stored scores at or past the threshold, rows or not: how many, and their sum. */
  readonly past: { readonly count: number; readonly sum: number };
}

/** A variant as the digest reads it in bulk, beside its term's current version. */
export interface CorpusVariant {
  readonly term: DigestTerm;
  readonly domain: Domain;
  readonly baseVersion: number;
  readonly currentVersion: number;
  readonly updatedAt: Date;
  /** What its figure is stored by (`driftKey` of the current definition and the variant's text). */
  readonly key: string;
  readonly drift: CorpusDrift;
}

/** Runs of scheduled jobs, so that with several replicas each slot runs once. */
export interface JobLedger {
  /**
   * Claims a job's slot in the caller's transaction; false when another process has claimed it. A competing
   * claim waits until the first transaction ends, so a crash before commit leaves the slot to the next claimant.
   */
  claim(job: string, slot: Date, now: Date): Promise<boolean>;
  /** Whether the job's slot has been claimed (and its transaction committed). */
  claimed(job: string, slot: Date): Promise<boolean>;
}

/** Each platform's governance channel chosen by command (Teams has no setting naming one). */
export interface GovernanceChannelRepository {
  /** The platform's governance channel, with what the platform needs to post there; undefined when none was chosen. */
  get(platform: Platform): Promise<{ readonly channelId: string; readonly address: unknown } | undefined>;
  /** Makes a channel the platform's governance channel; returns the channel it replaces. */
  set(channel: { platform: Platform; channelId: string; address?: unknown }, now: Date): Promise<string | undefined>;
}

export interface AuditRepository {
  record(event: AuditEvent): Promise<void>;
  recordMany(events: readonly AuditEvent[]): Promise<void>;
  /** One subject's events in the order they were written, only the given actions when named. */
  forSubject(subjectType: AuditEvent["subjectType"], subjectId: string, actions?: readonly string[]): Promise<AuditEvent[]>;
}

/** A write-API token as stored: the digest of its secret, never the secret. */
export interface ApiToken {
  readonly id: number;
  /** An admin's token (imports) or a domain's (its ingest). */
  readonly kind: "admin" | "domain";
  readonly domain: Domain | null;
  /** SHA-256 of the secret, base64url. */
  readonly hash: string;
  /** The member who made it. */
  readonly createdBy: number;
  /** The user ref it was made with: the actor it acts as. */
  readonly createdByRef: UserRef;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface ApiTokenRepository {
  /** Stores a new token's digest; returns the token with its id. */
  insert(
    input: { kind: ApiToken["kind"]; domainId: number | null; hash: string; createdBy: number; createdByRef: UserRef },
    now: Date,
  ): Promise<ApiToken>;
  /** A token by id; with `lock`, its row stays locked until the transaction ends. */
  get(id: number, options?: { lock?: boolean }): Promise<ApiToken | undefined>;
  /** Revokes a token; false when it already was revoked (or does not exist). */
  revoke(id: number, now: Date): Promise<boolean>;
  /** Records that the token was just used. */
  markUsed(id: number, now: Date): Promise<void>;
}

/** The repositories, all bound to one connection or one transaction. */
export interface Repositories {
  readonly members: MemberRepository;
  readonly domains: DomainRepository;
  readonly terms: TermRepository;
  readonly audit: AuditRepository;
  readonly proposals: ProposalRepository;
  readonly outbox: OutboxRepository;
  readonly digests: DigestRepository;
  readonly jobs: JobLedger;
  readonly governanceChannels: GovernanceChannelRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly usages: UsageRepository;
}

/** A claimed delivery: one event for one destination, held under a lease until marked. */
export interface ClaimedDelivery {
  readonly eventId: number;
  readonly destination: string;
  readonly attempts: number;
  readonly leaseToken: string;
  readonly event: OutboxEvent;
  readonly createdAt: Date;
}

/** The dispatcher's view of the outbox. */
export interface OutboxQueue {
  /** Claims due deliveries for a destination; a claim lapses after `leaseMs` if never marked. */
  claim(destination: string, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Extends a claim's lease just before its delivery; false when the lease has lapsed or passed to another
   * dispatcher, and the delivery must be left alone.
   */
  renew(delivery: ClaimedDelivery, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Marks done the other tally updates of the same proposal waiting for the same destination, which the claimed
   * one (read from current state when delivered) covers; returns how many.
   */
  absorbTallies(delivery: ClaimedDelivery, now: Date): Promise<number>;
  /** Marks a claimed delivery done; false when the lease was lost to another dispatcher. */
  markDelivered(delivery: ClaimedDelivery, now: Date): Promise<boolean>;
  /** The latest events delivered to a destination, oldest first: what a surface that shows history replays. */
  delivered(destination: string, limit: number): Promise<{ readonly eventId: number; readonly event: OutboxEvent; readonly createdAt: Date }[]>;
  /** Puts a claimed delivery back for a later attempt, or gives up on it (`dead`). */
  markFailed(delivery: ClaimedDelivery, error: string, retryAt: Date | null): Promise<boolean>;
}

/** The storage port: reads outside a transaction, and units of work inside one. */
export interface Store {
  readonly repos: Repositories;
  /** Runs `work` in one transaction; only the repositories it is given may be used inside. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  readonly outboxQueue: OutboxQueue;
  readonly chatPosts: ChatPostLedger;
  readonly conversations: ConversationDirectory;
  readonly requests: RequestLedger;
}

/** Requests a platform delivered lately, shared by every replica, so that a replayed one is acknowledged and ignored. */
export interface RequestLedger {
  /** Records a request by its key; false when the same key was recorded in the five minutes before `now`. */
  recordFirst(key: string, now: Date): Promise<boolean>;
  /** Writes what is only held in memory yet (a ledger that writes behind), before the database closes. */
  flush?(): Promise<void>;
}

/** A message Concord posted about a proposal. */
export interface ChatPost {
  readonly platform: Platform;
  readonly proposalId: number;
  readonly purpose: string;
  readonly channelId: string;
  readonly messageId: string;
}

/** The record of posted messages that makes every announcement idempotent. */
export interface ChatPostLedger {
  find(platform: Platform, proposalId: number, purpose: string): Promise<ChatPost[]>;
  /** Records a post; false when one was already recorded for the same purpose and channel. */
  record(post: ChatPost, now: Date): Promise<boolean>;
}

/** A conversation Concord may post to on its own (for Teams: a stored conversation reference). */
export interface Conversation {
  readonly platform: Platform;
  readonly conversationId: string;
  readonly scope: "personal" | "channel" | "groupChat";
  readonly userRef: UserRef | null;
  readonly address: unknown;
}

/** The conversations each platform has met, kept up to date as messages and installations arrive. */
export interface ConversationDirectory {
  save(conversation: Conversation, now: Date): Promise<void>;
  get(platform: Platform, conversationId: string): Promise<Conversation | undefined>;
  /** The personal chat with a user, if the bot has one. */
  personal(platform: Platform, userRef: UserRef): Promise<Conversation | undefined>;
}

/** An ingest of a domain's dbt project, as stored. */
export interface IngestRecord {
  readonly id: number;
  readonly domainId: number;
  readonly project: string;
  readonly source: "manifest" | "metricflow";
  readonly generatedAt: Date | null;
  readonly dbtVersion: string | null;
  /** SHA-256 of the artifacts read, hex: the same file twice is one ingest. */
  readonly fileHash: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly actorRef: UserRef;
  readonly at: Date;
  /** When the same artifacts were last received again (nothing else is written then). */
  readonly lastReceivedAt: Date;
}

/** Where in a domain's dbt project a term is used, or suggested to be. */
export interface UsagePlace {
  readonly termId: number;
  readonly domainId: number;
  readonly project: string;
  readonly kind: UsageKind;
  readonly path: string;
}

/** A usage of a term in a domain's dbt project, as stored. */
export interface StoredUsage extends UsagePlace {
  readonly id: number;
  readonly description: string;
  readonly linkSource: UsageLinkSource;
  readonly firstIngestId: number;
  readonly lastIngestId: number;
  /** The text before the ingest that last changed it, or null while it has never changed. */
  readonly previousDescription: string | null;
  /** The ingest that last changed its text (or first read it). */
  readonly changedIngestId: number;
  /** Its drift from the agreed version it was measured against when that ingest read it; null with no description. */
  readonly driftScore: number | null;
  readonly measuredVersion: number;
  /** The drift measure that gave `driftScore` (DRIFT_MEASURE when it was measured); null when unknown or unmeasured. */
  readonly driftMeasure: string | null;
  /** The ingest that no longer found it, or null while the project still has it. */
  readonly removedIngestId: number | null;
}

/**
 * A stored usage as an ingest compares it with the project's items: its text by its MD5 (hex, of its UTF-8 bytes), so
 * that a project of 100,000 usages is compared without holding every text it had.
 */
export type ComparedUsage = Pick<StoredUsage, "id" | "termId" | "kind" | "path" | "linkSource" | "changedIngestId" | "measuredVersion" | "driftMeasure" | "removedIngestId"> & {
  readonly descriptionMd5: string;
};

/** A suggested link from a dbt item to a term, by its name; counted as a usage only once accepted. */
export interface StoredSuggestion extends UsagePlace {
  readonly id: number;
  readonly confidence: number;
  /** The item's description as the latest ingest that found it read it. */
  readonly description: string;
  readonly status: "open" | "accepted" | "rejected";
  /** While open, the latest ingest that found the item. */
  readonly ingestId: number;
}

/** A suggestion with its domain, whether its project's latest ingest still found it, and when it was decided. */
export interface SuggestionRecord extends StoredSuggestion {
  readonly domain: { readonly slug: string; readonly name: string };
  /** False once a later ingest of the project no longer found the item (or no longer matched its name). */
  readonly current: boolean;
  readonly decidedAt: Date | null;
}

export type NewUsage = Omit<StoredUsage, "id" | "removedIngestId" | "previousDescription"> & { readonly previousDescription: string | null };

/** dbt ingests, the usages they found and the links they suggested. */
export interface UsageRepository {
  /** The latest ingest of a domain's project, if any. */
  lastIngest(domainId: number, project: string): Promise<IngestRecord | undefined>;
  insertIngest(input: Omit<IngestRecord, "id" | "lastReceivedAt">): Promise<IngestRecord>;
  /** Records that the artifacts of an ingest were received again, unchanged. */
  markReceivedAgain(ingestId: number, now: Date): Promise<void>;
  /** Every usage of a domain's project, present or removed, with its text as its MD5. */
  usagesOf(domainId: number, project: string): Promise<ComparedUsage[]>;
  /** The stored texts of usages, by id. */
  descriptionsOf(ids: readonly number[]): Promise<Map<number, string>>;
  insertUsages(rows: readonly NewUsage[]): Promise<void>;
  /**
   * Rewrites usages whose text, drift or link changed, present again; a row's `previousDescription` null keeps the
   * usage's own. The rest are only marked seen by `markSeen`, or removed by `markRemoved`.
   */
  updateUsages(rows: readonly (Omit<NewUsage, "firstIngestId"> & { readonly id: number })[]): Promise<void>;
  /** Marks usages the project no longer has as removed by an ingest. */
  markRemoved(ids: readonly number[], ingestId: number): Promise<void>;
  /** Marks unchanged usages as seen by an ingest. */
  markSeen(ids: readonly number[], ingestId: number): Promise<void>;
  suggestionsOf(domainId: number, project: string): Promise<StoredSuggestion[]>;
  /** Stores new suggestions, and refreshes the open ones an ingest found again (text, confidence, ingest); decided ones stay as they are. */
  offerSuggestions(rows: readonly Omit<StoredSuggestion, "id" | "status">[]): Promise<void>;
  /** Marks open suggestions an ingest found again, unchanged, as found by it. */
  markSuggestionsSeen(ids: readonly number[], ingestId: number): Promise<void>;
  /** Every term's slug and its aliases' slugs, for matching names against: `[termId, slug]`. */
  termSlugs(slugs: readonly string[]): Promise<{ readonly termId: number; readonly slug: string; readonly via: "name" | "alias" }[]>;
  /** The current agreed version of each term, by id. */
  agreedDefinitions(termIds: readonly number[]): Promise<Map<number, { readonly version: number; readonly text: string }>>;
  /** The present usages of a term across domains, with the domain. */
  usagesOfTerm(termId: number): Promise<(StoredUsage & { readonly domain: { readonly slug: string; readonly name: string }; readonly lastSeenAt: Date })[]>;
  /** One usage by id, present or removed, with its domain's slug. */
  usageById(id: number): Promise<(StoredUsage & { readonly domainSlug: string }) | undefined>;
  /**
   * Marks a link wrong: the usage is removed and its place kept as a rejected suggestion, so no later ingest links
   * or suggests it again.
   */
  rejectLink(usage: StoredUsage, decided: { readonly memberId: number; readonly at: Date }): Promise<void>;
  /** The open suggestions to link a term that their project's latest ingest found, most confident first. */
  openSuggestionsOfTerm(termId: number): Promise<SuggestionRecord[]>;
  /** One suggestion by id, whatever its status. */
  suggestionById(id: number): Promise<SuggestionRecord | undefined>;
  /** Accepts or rejects a suggestion that is still open; false when it was decided already (a second click, another owner). */
  decideSuggestion(id: number, status: "accepted" | "rejected", decided: { readonly memberId: number; readonly at: Date }): Promise<boolean>;
  /** Stores an accepted suggestion's usage (present again when its place had a removed one); its id. */
  linkAccepted(usage: NewUsage): Promise<number>;
}
