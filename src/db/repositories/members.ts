import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { MemberRepository } from "../../core/ports.js";
import type { Member } from "../../core/types.js";
import type { Executor } from "../database.js";
import { memberIdentities, members } from "../schema/index.js";

/** Loads members with their identities, keyed by id. */
export async function loadMembers(db: Executor, ids: readonly number[]): Promise<Map<number, Member>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({
      id: members.id,
      displayName: members.displayName,
      ref: memberIdentities.ref,
    })
    .from(members)
    .leftJoin(memberIdentities, eq(memberIdentities.memberId, members.id))
    .where(inArray(members.id, unique))
    .orderBy(asc(members.id), asc(memberIdentities.createdAt), asc(memberIdentities.ref));
  const byId = new Map<number, { id: number; displayName: string | null; refs: string[] }>();
  for (const row of rows) {
    const member = byId.get(row.id) ?? { id: row.id, displayName: row.displayName, refs: [] };
    if (row.ref) member.refs.push(row.ref);
    byId.set(row.id, member);
  }
  return byId;
}

/** Members and their platform identities. */
export function createMemberRepository(db: Executor): MemberRepository {
  const findByRefs = async (refs: readonly string[]): Promise<Map<string, Member>> => {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Map();
    // One query: the identities looked up, their members, and each member's every identity (oldest first).
    const all = alias(memberIdentities, "all_identities");
    const rows = await db
      .select({ looked: memberIdentities.ref, id: members.id, displayName: members.displayName, ref: all.ref })
      .from(memberIdentities)
      .innerJoin(members, eq(members.id, memberIdentities.memberId))
      .innerJoin(all, eq(all.memberId, members.id))
      .where(inArray(memberIdentities.ref, unique))
      .orderBy(asc(memberIdentities.ref), asc(all.createdAt), asc(all.ref));
    const found = new Map<string, { id: number; displayName: string | null; refs: string[] }>();
    for (const row of rows) {
      const member = found.get(row.looked) ?? { id: row.id, displayName: row.displayName, refs: [] };
      member.refs.push(row.ref);
      found.set(row.looked, member);
    }
    return found;
  };
  const findByRef = async (ref: string): Promise<Member | undefined> => (await findByRefs([ref])).get(ref);
  // Only a member still without a name is named: a name once known stays, whichever face the member acts from next.
  const learnName = async (ref: string, displayName: string): Promise<boolean> => {
    const owner = db.select({ id: memberIdentities.memberId }).from(memberIdentities).where(eq(memberIdentities.ref, ref));
    const named = await db
      .update(members)
      .set({ displayName })
      .where(and(inArray(members.id, owner), isNull(members.displayName)))
      .returning({ id: members.id });
    return named.length > 0;
  };
  return {
    findByRef,
    findByRefs,
    async ensure(ref, platform, displayName, now) {
      const existing = await findByRef(ref);
      if (existing && existing.displayName === null && displayName) {
        // A member first named by ref (an owner an admin added) is known by name from the first time they act.
        await learnName(ref, displayName);
        return { ...existing, displayName };
      }
      if (existing) return existing;
      // Two first sights of one ref may race: the loser drops its new member and takes the winner's.
      const [created] = await db
        .insert(members)
        .values({ displayName: displayName ?? null, createdAt: now })
        .returning({ id: members.id });
      const claimed = await db
        .insert(memberIdentities)
        .values({ ref, memberId: created!.id, platform, createdAt: now })
        .onConflictDoNothing()
        .returning({ ref: memberIdentities.ref });
      if (claimed.length === 0) {
        await db.delete(members).where(eq(members.id, created!.id));
        const winner = await findByRef(ref);
        if (!winner) throw new Error(`Identity ${ref} vanished while being created`);
        return winner;
      }
      return { id: created!.id, displayName: displayName ?? null, refs: [ref] };
    },
  };
}
