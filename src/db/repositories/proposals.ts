import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { ProposalRepository, StoredPosition } from "../../core/ports.js";
import type { AffectedDomain, Domain, Policy, Proposal, ProposalExtras, ProposalKind, ProposalStatus, Vote } from "../../core/types.js";
import type { Executor } from "../database.js";
import { domainOwners, domains, imports, proposalDomains, proposals, terms, votes, type ProposalRow, type VoteRow } from "../schema/index.js";
import { loadMembers } from "./members.js";

/** A proposal row as the core sees it. */
export function toProposal(row: ProposalRow): Proposal {
  return {
    id: row.id,
    kind: row.kind as ProposalKind,
    termId: row.termId,
    termSlug: row.termSlug,
    termName: row.termName,
    baseVersion: row.baseVersion,
    text: row.text,
    example: row.example,
    formula: row.formula,
    rationale: row.rationale,
    proposerId: row.proposerId,
    proposerRef: row.proposerRef,
    policy: row.policy as Policy,
    allowSelfApproval: row.allowSelfApproval,
    status: row.status as ProposalStatus,
    deadline: row.deadline,
    remindedAt: row.remindedAt,
    decidedAt: row.decidedAt,
    resultVersion: row.resultVersion,
    supersededBy: row.supersededBy,
    replacementTermId: row.replacementTermId,
    parentSlug: row.parentSlug,
    importId: row.importId,
    extras: (row.extras as ProposalExtras | null) ?? null,
    createdAt: row.createdAt,
  };
}

/** Proposals, their affected domains and their votes. */
export function createProposalRepository(db: Executor): ProposalRepository {
  const voteOf = async (rows: VoteRow[]): Promise<Vote[]> => {
    const members = await loadMembers(
      db,
      rows.map((r) => r.memberId),
    );
    return rows.map((r) => ({
      member: members.get(r.memberId)!,
      position: r.position as Vote["position"],
      reason: r.reason,
      comment: r.comment,
      castAt: r.castAt,
      updatedAt: r.updatedAt,
    }));
  };

  return {
    async insert(proposal, affected, now) {
      const [row] = await db
        .insert(proposals)
        .values({ ...proposal, extras: proposal.extras as Record<string, unknown> | null, status: "open", createdAt: now, updatedAt: now })
        .returning();
      await db.insert(proposalDomains).values(affected.map((a) => ({ proposalId: row!.id, ...a })));
      return toProposal(row!);
    },
    async get(id, options = {}) {
      const query = db.select().from(proposals).where(eq(proposals.id, id));
      const [row] =
        options.lock === "share" ? await query.for("share") : options.lock ? await query.for("update") : await query;
      return row ? toProposal(row) : undefined;
    },
    async ownedAffected(id, memberIds) {
      const owned = new Map<number, Domain[]>(memberIds.map((memberId) => [memberId, []]));
      if (memberIds.length === 0) return owned;
      const rows = await db
        .select({ memberId: domainOwners.memberId, id: domains.id, slug: domains.slug, name: domains.name })
        .from(proposalDomains)
        .innerJoin(domains, eq(domains.id, proposalDomains.domainId))
        .innerJoin(domainOwners, and(eq(domainOwners.domainId, proposalDomains.domainId), inArray(domainOwners.memberId, [...memberIds])))
        .where(eq(proposalDomains.proposalId, id))
        .orderBy(desc(proposalDomains.owning), asc(domains.slug));
      for (const { memberId, ...domain } of rows) owned.get(memberId)?.push(domain);
      return owned;
    },
    async tallyInput(id) {
      const [domainRows, voteRows] = await Promise.all([
        db
          .select({
            id: domains.id,
            slug: domains.slug,
            name: domains.name,
            owning: proposalDomains.owning,
            ownerIds: sql<number[]>`coalesce((select array_agg(o.member_id order by o.member_id) from domain_owners o where o.domain_id = ${domains.id}), '{}')`,
          })
          .from(proposalDomains)
          .innerJoin(domains, eq(domains.id, proposalDomains.domainId))
          .where(eq(proposalDomains.proposalId, id))
          .orderBy(desc(proposalDomains.owning), asc(domains.slug)),
        db.select({ memberId: votes.memberId, position: votes.position }).from(votes).where(eq(votes.proposalId, id)),
      ]);
      return {
        domains: domainRows.map((d) => ({ ...d, ownerIds: d.ownerIds.map(Number) })),
        votes: voteRows.map((v) => ({ memberId: v.memberId, position: v.position as Vote["position"] })),
      };
    },
    async lockTermSlug(termSlug) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`concord:term:${termSlug}`}))`);
    },
    async domains(id): Promise<AffectedDomain[]> {
      const rows = await db
        .select({ id: domains.id, slug: domains.slug, name: domains.name, owning: proposalDomains.owning })
        .from(proposalDomains)
        .innerJoin(domains, eq(domains.id, proposalDomains.domainId))
        .where(eq(proposalDomains.proposalId, id))
        .orderBy(desc(proposalDomains.owning), asc(domains.slug));
      if (rows.length === 0) return [];
      const owners = await db
        .select({ domainId: domainOwners.domainId, memberId: domainOwners.memberId })
        .from(domainOwners)
        .where(
          inArray(
            domainOwners.domainId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(domainOwners.addedAt), asc(domainOwners.memberId));
      const members = await loadMembers(
        db,
        owners.map((o) => o.memberId),
      );
      return rows.map((row) => ({
        ...row,
        owners: owners.filter((o) => o.domainId === row.id).map((o) => members.get(o.memberId)!),
      }));
    },
    async votes(id) {
      const rows = await db
        .select()
        .from(votes)
        .where(eq(votes.proposalId, id))
        .orderBy(asc(votes.castAt), asc(votes.memberId));
      return voteOf(rows);
    },
    async writeVotes(id, ballots, now) {
      const previous = new Map<number, StoredPosition>();
      if (ballots.length === 0) return previous;
      // One row per member (an insert may not touch a row twice): a member's last ballot.
      const last = [...new Map(ballots.map((b) => [b.memberId, b])).values()];
      const memberIds = last.map((b) => b.memberId);
      // Votes are written under a shared proposal lock; one member's own votes (a double click reaching two
      // replicas) take turns here, so each sees the one before it. Locks are taken in member order: no deadlocks.
      await db.execute(sql`
        select pg_advisory_xact_lock(${id}::int, m) from (
          select distinct m from unnest(string_to_array(${memberIds.join(",")}, ',')::int[]) as u(m) order by m) ordered`);
      const rows = await db
        .select({ memberId: votes.memberId, position: votes.position, reason: votes.reason, comment: votes.comment })
        .from(votes)
        .where(and(eq(votes.proposalId, id), inArray(votes.memberId, memberIds)));
      for (const row of rows) previous.set(row.memberId, { position: row.position as Vote["position"], reason: row.reason, comment: row.comment });
      await db
        .insert(votes)
        .values(last.map((ballot) => ({ proposalId: id, ...ballot, castAt: now, updatedAt: now })))
        .onConflictDoUpdate({
          target: [votes.proposalId, votes.memberId],
          set: {
            position: sql`excluded.position`,
            reason: sql`excluded.reason`,
            comment: sql`excluded.comment`,
            voterRef: sql`excluded.voter_ref`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
      return previous;
    },
    async deleteVote(id, memberId) {
      const rows = await db
        .delete(votes)
        .where(and(eq(votes.proposalId, id), eq(votes.memberId, memberId)))
        .returning();
      return rows.length > 0 ? (await voteOf(rows))[0] : undefined;
    },
    async close(id, closing, now) {
      const rows = await db
        .update(proposals)
        .set({
          status: closing.status,
          decidedAt: now,
          updatedAt: now,
          resultVersion: closing.resultVersion ?? null,
          supersededBy: closing.supersededBy ?? null,
        })
        .where(and(eq(proposals.id, id), eq(proposals.status, "open")))
        .returning({ id: proposals.id });
      return rows.length > 0;
    },
    async competitors(proposal) {
      const sameBase =
        proposal.kind === "create" || proposal.termId === null
          ? and(eq(proposals.termSlug, proposal.termSlug), eq(proposals.kind, "create"))
          : and(eq(proposals.termId, proposal.termId), eq(proposals.baseVersion, proposal.baseVersion ?? -1));
      const rows = await db
        .select()
        .from(proposals)
        .where(and(eq(proposals.status, "open"), ne(proposals.id, proposal.id), sameBase))
        .orderBy(asc(proposals.id))
        .for("update");
      return rows.map(toProposal);
    },
    async dueForDecision(now, limit) {
      const rows = await db
        .select({ id: proposals.id })
        .from(proposals)
        .where(and(eq(proposals.status, "open"), lte(proposals.deadline, now)))
        .orderBy(asc(proposals.deadline), asc(proposals.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async dueForReminder(now, windowMs, limit) {
      const rows = await db
        .select({ id: proposals.id })
        .from(proposals)
        .where(
          and(
            eq(proposals.status, "open"),
            isNull(proposals.remindedAt),
            lte(proposals.deadline, new Date(now.getTime() + windowMs)),
            gt(proposals.deadline, now),
          ),
        )
        .orderBy(asc(proposals.deadline), asc(proposals.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async markReminded(id, now) {
      const rows = await db
        .update(proposals)
        .set({ remindedAt: now, updatedAt: now })
        .where(and(eq(proposals.id, id), isNull(proposals.remindedAt)))
        .returning({ id: proposals.id });
      return rows.length > 0;
    },
    async open(limit) {
      const rows = await db.select().from(proposals).where(eq(proposals.status, "open")).orderBy(asc(proposals.id)).limit(limit);
      return rows.map(toProposal);
    },
    async openForDomains(domainIds) {
      if (domainIds.length === 0) return [];
      const rows = await db
        .selectDistinct({ proposal: proposals })
        .from(proposals)
        .innerJoin(proposalDomains, eq(proposalDomains.proposalId, proposals.id))
        .where(and(eq(proposals.status, "open"), inArray(proposalDomains.domainId, [...domainIds])))
        .orderBy(asc(proposals.deadline), asc(proposals.id));
      return rows.map((r) => toProposal(r.proposal));
    },
    async forTerm(termSlug, limit) {
      const rows = await db
        .select()
        .from(proposals)
        .where(eq(proposals.termSlug, termSlug))
        .orderBy(desc(proposals.createdAt), desc(proposals.id))
        .limit(limit);
      return rows.map(toProposal);
    },
    async termsAwaitingParent(parentSlug) {
      const rows = await db
        .selectDistinct({ termId: proposals.termId })
        .from(proposals)
        .innerJoin(terms, eq(terms.id, proposals.termId))
        .where(and(eq(proposals.parentSlug, parentSlug), eq(proposals.status, "approved"), isNull(terms.parentId)));
      return rows.flatMap((r) => (r.termId === null ? [] : [r.termId]));
    },
    async openSnapshot() {
      const rows = await db.select().from(proposals).where(eq(proposals.status, "open")).orderBy(asc(proposals.id));
      return rows.map(toProposal);
    },
    async forImport(importId) {
      const rows = await db.select().from(proposals).where(eq(proposals.importId, importId)).orderBy(asc(proposals.id));
      return rows.map(toProposal);
    },
    async importDomains(importId) {
      const rows = await db
        .select({ proposalId: proposalDomains.proposalId, id: domains.id, slug: domains.slug, name: domains.name, owning: proposalDomains.owning })
        .from(proposalDomains)
        .innerJoin(proposals, eq(proposals.id, proposalDomains.proposalId))
        .innerJoin(domains, eq(domains.id, proposalDomains.domainId))
        .where(eq(proposals.importId, importId))
        .orderBy(asc(proposalDomains.proposalId), desc(proposalDomains.owning), asc(domains.slug));
      return rows.map(({ proposalId, owning, ...domain }) => ({ proposalId, domain, owning }));
    },
    async openForImport(importId) {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(proposals)
        .where(and(eq(proposals.importId, importId), eq(proposals.status, "open")));
      return Number(row?.count ?? 0);
    },
    async recordImport(input, now) {
      const [row] = await db
        .insert(imports)
        .values({ actorRef: input.actorRef, fileName: input.fileName, format: input.format, counts: input.counts, at: now })
        .returning({ id: imports.id });
      return row!.id;
    },
    async setImportCounts(importId, counts) {
      await db.update(imports).set({ counts }).where(eq(imports.id, importId));
    },
    async importRecord(importId) {
      const [row] = await db.select().from(imports).where(eq(imports.id, importId));
      return row ? { ...row, actorRef: row.actorRef as `${string}:${string}` } : undefined;
    },
  };
}
