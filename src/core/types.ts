/** A person's platform identity: `slack:<team>:<user>`, `teams:<tenant>:<aad object id>` or `local:<name>`. */
export type UserRef = string;

/** The chat surfaces Concord speaks on. */
export type Platform = "slack" | "teams" | "local";

/** How a proposal on a term is decided. */
export type Policy = "unanimous" | "majority" | "owner" | "lazy";
export const POLICIES: readonly Policy[] = ["unanimous", "majority", "owner", "lazy"];

/** Whoever asks Concord to do something. */
export interface Actor {
  readonly ref: UserRef;
  readonly displayName?: string;
}

export interface Member {
  readonly id: number;
  readonly displayName: string | null;
  /** The member's identities, oldest first; the first is used to mention them. */
  readonly refs: readonly UserRef[];
}

export interface Domain {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}

export interface DomainChannel {
  readonly platform: Platform;
  readonly channelId: string;
}

export interface DomainSummary extends Domain {
  readonly owners: readonly Member[];
  readonly channels: readonly DomainChannel[];
}

export type TermStatus = "active" | "deprecated";

export interface TermSummary {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly status: TermStatus;
}

export interface Term extends TermSummary {
  readonly ownerDomain: Domain | null;
  readonly policy: Policy | null;
  readonly currentVersion: number;
  readonly tags: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DefinitionVersion {
  readonly version: number;
  readonly text: string;
  readonly example: string | null;
  readonly formula: string | null;
  readonly proposedBy: Member | null;
  readonly proposalId: number | null;
  readonly agreedAt: Date;
}

export interface Variant {
  readonly domain: Domain;
  readonly text: string;
  readonly baseVersion: number;
  readonly updatedBy: Member | null;
  readonly updatedAt: Date;
}

/**
 * The typed relations a term may have to another, as catalogues name them (SKOS, OpenMetadata, DataHub), read from
 * the term's own side: a term's parent is its broader term, its children are narrower.
 */
export const RELATION_TYPES = ["related", "synonym", "antonym", "broader", "narrower", "part-of", "has-part", "see-also"] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** Each relation type as the other term reads it. */
export const INVERSE_RELATION: Readonly<Record<RelationType, RelationType>> = {
  related: "related",
  synonym: "synonym",
  antonym: "antonym",
  broader: "narrower",
  narrower: "broader",
  "part-of": "has-part",
  "has-part": "part-of",
  "see-also": "see-also",
};

export interface TermRelation {
  readonly type: RelationType;
  readonly term: TermSummary;
}

/** A named link from a term to something outside the glossary. */
export interface TermReference {
  readonly label: string;
  readonly url: string;
}

/** Everything a term page or a lookup shows. */
export interface TermDetails {
  readonly term: Term;
  readonly current: DefinitionVersion;
  readonly aliases: readonly string[];
  readonly consumers: readonly Domain[];
  /** Its typed relations to other terms, from its side, by type then name. */
  readonly relations: readonly TermRelation[];
  readonly references: readonly TermReference[];
  /** The term it sits under, or null for a top-level term. */
  readonly parent: TermSummary | null;
  readonly variants: readonly Variant[];
  /** Catalogue fields kept for export ("openmetadata.color"). */
  readonly catalogueFields: Readonly<Record<string, string>>;
  /** Its line of ancestors, the top-level term first and its parent last. Absent where a bulk read skips it. */
  readonly ancestors?: readonly TermSummary[];
  /** Its first children by name (at most 50), and how many it has. Absent where a bulk read skips them. */
  readonly children?: readonly TermSummary[];
  readonly childCount?: number;
  /** For a deprecated term: the term it was deprecated in favour of, if any. Absent where a bulk read skips it. */
  readonly replacedBy?: TermSummary | null;
  /** The owners of its owning domain, who steward it. Absent where a bulk read skips it. */
  readonly stewards?: readonly Member[];
  /** Open proposals on it, nearest deadline first. Absent where a bulk read skips it. */
  readonly underVote?: readonly { readonly id: number; readonly kind: ProposalKind; readonly deadline: Date }[];
  /** False when no data product uses it and none is suggested to: its usages need not be read. Absent where a bulk read skips it. */
  readonly linked?: boolean;
}

/** One state change, as the audit log keeps it. */
export interface AuditEvent {
  readonly at: Date;
  readonly actorRef: UserRef;
  readonly action: string;
  readonly subjectType: "term" | "domain" | "variant" | "member" | "proposal" | "governance-channel" | "api-token";
  readonly subjectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type ProposalKind = "create" | "amend" | "deprecate";
export type ProposalStatus = "open" | "approved" | "rejected" | "expired" | "superseded" | "withdrawn";

/** A proposal as stored, without its votes. */
export interface Proposal {
  readonly id: number;
  readonly kind: ProposalKind;
  readonly termId: number | null;
  readonly termSlug: string;
  readonly termName: string;
  readonly baseVersion: number | null;
  readonly text: string | null;
  readonly example: string | null;
  readonly formula: string | null;
  readonly rationale: string;
  readonly proposerId: number;
  readonly proposerRef: UserRef;
  readonly policy: Policy;
  readonly allowSelfApproval: boolean;
  readonly status: ProposalStatus;
  readonly deadline: Date;
  readonly remindedAt: Date | null;
  readonly decidedAt: Date | null;
  readonly resultVersion: number | null;
  readonly supersededBy: number | null;
  /** For a deprecation in favour of another term: that term's id. */
  readonly replacementTermId: number | null;
  /** For a create or amend that places the term: its parent's slug, or "" for top level; null: not part of it. */
  readonly parentSlug: string | null;
  /** The import that opened it, whose one notice per domain lists it. */
  readonly importId: number | null;
  /** What else a proposal from an import brings to the term it creates, applied when it is approved. */
  readonly extras: ProposalExtras | null;
  readonly createdAt: Date;
}

/** What an imported proposal brings besides its definition. */
export interface ProposalExtras {
  readonly aliases?: readonly string[];
  readonly tags?: readonly string[];
  readonly references?: readonly TermReference[];
  readonly relations?: readonly { readonly type: RelationType; readonly slug: string }[];
  readonly catalogueFields?: Readonly<Record<string, string>>;
}

/** An affected domain of a proposal, with its owners as they are now. */
export interface AffectedDomain extends Domain {
  readonly owning: boolean;
  readonly owners: readonly Member[];
}

export interface Vote {
  readonly member: Member;
  readonly position: "approve" | "object" | "abstain";
  readonly reason: string | null;
  readonly comment: string | null;
  readonly castAt: Date;
  readonly updatedAt: Date;
}
