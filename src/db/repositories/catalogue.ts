import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { CatalogueEntry, CatalogueRepository } from "../../core/glossary/catalogue.js";
import type { TermStatus } from "../../core/types.js";
import type { Executor } from "../database.js";
import { definitionVersions, domains, proposals, terms } from "../schema/index.js";
import { toProposal } from "./proposals.js";

/** The glossary index and proposal listings, paged in SQL (the core's fallback reads everything into memory). */
export function createCatalogueRepository(db: Executor): CatalogueRepository {
  return {
    async terms(offset, limit) {
      const [rows, [total]] = await Promise.all([
        db
          .select({
            id: terms.id,
            slug: terms.slug,
            name: terms.name,
            status: terms.status,
            currentVersion: terms.currentVersion,
            ownerId: domains.id,
            ownerSlug: domains.slug,
            ownerName: domains.name,
            definition: definitionVersions.text,
          })
          .from(terms)
          .leftJoin(domains, eq(domains.id, terms.ownerDomainId))
          .innerJoin(
            definitionVersions,
            and(eq(definitionVersions.termId, terms.id), eq(definitionVersions.version, terms.currentVersion)),
          )
          .orderBy(sql`lower(${terms.name})`, asc(terms.slug))
          .offset(offset)
          .limit(limit),
        db.select({ n: count() }).from(terms),
      ]);
      const items = rows.map(
        (row): CatalogueEntry => ({
          term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus },
          ownerDomain: row.ownerId === null ? null : { id: row.ownerId, slug: row.ownerSlug!, name: row.ownerName! },
          currentVersion: row.currentVersion,
          definition: row.definition,
        }),
      );
      return { items, total: Number(total?.n ?? 0) };
    },

    async proposals(filter, offset, limit) {
      const where = filter === "open" ? eq(proposals.status, "open") : undefined;
      const order =
        filter === "open"
          ? [asc(proposals.deadline), asc(proposals.id)]
          : [desc(proposals.createdAt), desc(proposals.id)];
      const [rows, [total]] = await Promise.all([
        db.select().from(proposals).where(where).orderBy(...order).offset(offset).limit(limit),
        db.select({ n: count() }).from(proposals).where(where),
      ]);
      return { items: rows.map(toProposal), total: Number(total?.n ?? 0) };
    },
  };
}
