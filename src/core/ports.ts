import type {
  AuditEvent,
  DefinitionVersion,
  Domain,
  DomainSummary,
  Member,
  Platform,
  Policy,
  Term,
  TermDetails,
  TermSummary,
  UserRef,
  Variant,
} from "./types.js";

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
}

export interface MemberRepository {
  /** The member behind a ref, created (with the identity) on first sight. */
  ensure(ref: UserRef, platform: Platform, displayName: string | undefined, now: Date): Promise<Member>;
  /** The member behind a ref, if Concord has seen it. */
  findByRef(ref: UserRef): Promise<Member | undefined>;
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
  details(termId: number): Promise<TermDetails>;
  /** Every agreed version, oldest first. */
  versions(termId: number): Promise<DefinitionVersion[]>;
  /** Inserts a term at version 1; undefined when the slug is taken. */
  insert(term: NewTerm, first: NewVersion, now: Date): Promise<Term | undefined>;
  /** Adds aliases (ignoring ones the term already has); returns the ones added. */
  addAliases(termId: number, aliases: readonly { alias: string; slug: string }[], now: Date): Promise<string[]>;
  /** Marks a domain as consuming a term; false when it already did. */
  addConsumer(termId: number, domainId: number, now: Date): Promise<boolean>;
  /** Writes a domain's variant; returns the one it replaced. */
  upsertVariant(
    input: { termId: number; domainId: number; text: string; baseVersion: number; updatedBy: number },
    now: Date,
  ): Promise<{ before: Variant | undefined; after: Variant }>;
}

export interface AuditRepository {
  record(event: AuditEvent): Promise<void>;
}

/** The repositories, all bound to one connection or one transaction. */
export interface Repositories {
  readonly members: MemberRepository;
  readonly domains: DomainRepository;
  readonly terms: TermRepository;
  readonly audit: AuditRepository;
}

/** The storage port: reads outside a transaction, and units of work inside one. */
export interface Store {
  readonly repos: Repositories;
  /** Runs `work` in one transaction; only the repositories it is given may be used inside. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
