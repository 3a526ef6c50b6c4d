import { and, asc, eq, inArray } from "drizzle-orm";
import type { DomainRepository } from "../../core/ports.js";
import type { Domain, DomainSummary, Member, Platform } from "../../core/types.js";
import type { Executor } from "../database.js";
import { domainChannels, domainOwners, domains } from "../schema/index.js";
import { loadMembers } from "./members.js";

const domainColumns = { id: domains.id, slug: domains.slug, name: domains.name };

/** Domains, their owners and their home channels. */
export function createDomainRepository(db: Executor): DomainRepository {
  const ownersOf = async (domainIds: readonly number[]): Promise<Map<number, Member[]>> => {
    const result = new Map<number, Member[]>();
    if (domainIds.length === 0) return result;
    const rows = await db
      .select({ domainId: domainOwners.domainId, memberId: domainOwners.memberId })
      .from(domainOwners)
      .where(inArray(domainOwners.domainId, [...domainIds]))
      .orderBy(asc(domainOwners.addedAt), asc(domainOwners.memberId));
    const members = await loadMembers(
      db,
      rows.map((r) => r.memberId),
    );
    for (const row of rows) {
      const list = result.get(row.domainId) ?? [];
      list.push(members.get(row.memberId)!);
      result.set(row.domainId, list);
    }
    return result;
  };

  return {
    async list(): Promise<DomainSummary[]> {
      const rows = await db.select(domainColumns).from(domains).orderBy(asc(domains.slug));
      const ids = rows.map((r) => r.id);
      const owners = await ownersOf(ids);
      const channels =
        ids.length === 0
          ? []
          : await db
              .select({ domainId: domainChannels.domainId, platform: domainChannels.platform, channelId: domainChannels.channelId })
              .from(domainChannels)
              .where(inArray(domainChannels.domainId, ids))
              .orderBy(asc(domainChannels.platform));
      return rows.map((row) => ({
        ...row,
        owners: owners.get(row.id) ?? [],
        channels: channels
          .filter((c) => c.domainId === row.id)
          .map((c) => ({ platform: c.platform as Platform, channelId: c.channelId })),
      }));
    },
    async findBySlug(slug): Promise<Domain | undefined> {
      const [row] = await db.select(domainColumns).from(domains).where(eq(domains.slug, slug));
      return row;
    },
    async insert(input, now) {
      const [row] = await db
        .insert(domains)
        .values({ slug: input.slug, name: input.name, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: domains.slug })
        .returning(domainColumns);
      return row;
    },
    async owners(domainId) {
      return (await ownersOf([domainId])).get(domainId) ?? [];
    },
    async ownedBy(memberId) {
      return db
        .select(domainColumns)
        .from(domainOwners)
        .innerJoin(domains, eq(domains.id, domainOwners.domainId))
        .where(eq(domainOwners.memberId, memberId))
        .orderBy(asc(domains.slug));
    },
    async addOwner(domainId, memberId, now) {
      const rows = await db
        .insert(domainOwners)
        .values({ domainId, memberId, addedAt: now })
        .onConflictDoNothing()
        .returning({ memberId: domainOwners.memberId });
      return rows.length > 0;
    },
    async removeOwner(domainId, memberId) {
      const rows = await db
        .delete(domainOwners)
        .where(and(eq(domainOwners.domainId, domainId), eq(domainOwners.memberId, memberId)))
        .returning({ memberId: domainOwners.memberId });
      return rows.length > 0;
    },
    async setChannel(domainId, channel, now) {
      const [previous] = await db
        .select({ channelId: domainChannels.channelId })
        .from(domainChannels)
        .where(and(eq(domainChannels.domainId, domainId), eq(domainChannels.platform, channel.platform)));
      await db
        .insert(domainChannels)
        .values({
          domainId,
          platform: channel.platform,
          channelId: channel.channelId,
          address: channel.address ?? null,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [domainChannels.domainId, domainChannels.platform],
          set: { channelId: channel.channelId, address: channel.address ?? null, updatedAt: now },
        });
      return previous?.channelId;
    },
  };
}
