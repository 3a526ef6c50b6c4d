import { and, desc, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { ComparedUsage, IngestRecord, StoredSuggestion, StoredUsage, SuggestionRecord, UsageRepository } from "../../core/ports.js";
import type { UsageKind, UsageLinkSource } from "../../core/usages/types.js";
import type { Executor } from "../database.js";
import { rowsOf } from "../rows.js";
import { definitionVersions, domains, ingests, linkSuggestions, termAliases, terms, usages } from "../schema/index.js";

/** Rows a batch statement carries as one JSON parameter (json_to_recordset): small enough that the embedded database's memory stays low. */
const BATCH = 1_000;
/** Usages an ingest reads per page when it compares a project with what is stored. */
const USAGE_PAGE = 10_000;
/** Slugs or ids a query takes as one JSON array: the slugs an ingest's names could match, the usages it marks. */
const SLUG_BATCH = 5_000;

/** dbt ingests, their usages and suggested links. */
export function createUsageRepository(db: Executor): UsageRepository {
  return {
    async lastIngest(domainId, project) {
      const [row] = await db
        .select()
        .from(ingests)
        .where(and(eq(ingests.domainId, domainId), eq(ingests.project, project)))
        .orderBy(desc(ingests.id))
        .limit(1);
      return row ? toIngest(row) : undefined;
    },
    async insertIngest(input) {
      const [row] = await db
        .insert(ingests)
        .values({ ...input, counts: { ...input.counts }, lastReceivedAt: input.at })
        .returning();
      return toIngest(row!);
    },
    async markReceivedAgain(ingestId, now) {
      await db.update(ingests).set({ lastReceivedAt: now }).where(eq(ingests.id, ingestId));
    },
    async usagesOf(domainId, project) {
      // In pages by id: a project's 100,000 usages are never held as the driver's rows and these at once.
      const found: ComparedUsage[] = [];
      for (let after = 0; ; ) {
        const rows = await db
          .select({
            id: usages.id,
            termId: usages.termId,
            kind: usages.kind,
            path: usages.path,
            descriptionMd5: sql<string>`md5(${usages.description})`,
            linkSource: usages.linkSource,
            changedIngestId: usages.changedIngestId,
            measuredVersion: usages.measuredVersion,
            driftMeasure: usages.driftMeasure,
            removedIngestId: usages.removedIngestId,
          })
          .from(usages)
          .where(and(eq(usages.domainId, domainId), eq(usages.project, project), gt(usages.id, after)))
          .orderBy(usages.id)
          .limit(USAGE_PAGE);
        for (const r of rows) found.push({ ...r, kind: r.kind as UsageKind, linkSource: r.linkSource as UsageLinkSource });
        if (rows.length < USAGE_PAGE) return found;
        after = rows.at(-1)!.id;
      }
    },
    async descriptionsOf(ids) {
      const found = new Map<number, string>();
      for (let i = 0; i < ids.length; i += BATCH) {
        const rows = await db
          .select({ id: usages.id, description: usages.description })
          .from(usages)
          .where(inArray(usages.id, ids.slice(i, i + BATCH) as number[]));
        for (const row of rows) found.set(row.id, row.description);
      }
      return found;
    },
    async insertUsages(rows) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const json = JSON.stringify(rows.slice(i, i + BATCH));
        await db.execute(sql`
          insert into usages (term_id, domain_id, project, kind, path, description, link_source, first_ingest_id,
                              last_ingest_id, changed_ingest_id, previous_description, drift_score, measured_version, drift_measure)
          select r."termId", r."domainId", r.project, r.kind, r.path, r.description, r."linkSource", r."firstIngestId",
                 r."lastIngestId", r."changedIngestId", r."previousDescription", r."driftScore", r."measuredVersion", r."driftMeasure"
            from json_to_recordset(${json}::json) as r(
              "termId" integer, "domainId" integer, project text, kind text, path text, description text, "linkSource" text,
              "firstIngestId" integer, "lastIngestId" integer, "changedIngestId" integer, "previousDescription" text,
              "driftScore" double precision, "measuredVersion" integer, "driftMeasure" text)`);
      }
    },
    async updateUsages(rows) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const json = JSON.stringify(rows.slice(i, i + BATCH));
        await db.execute(sql`
          update usages u
             set kind = r.kind, description = r.description, link_source = r."linkSource", last_ingest_id = r."lastIngestId",
                 changed_ingest_id = r."changedIngestId", previous_description = coalesce(r."previousDescription", u.previous_description),
                 drift_score = r."driftScore", measured_version = r."measuredVersion", drift_measure = r."driftMeasure",
                 removed_ingest_id = null
            from json_to_recordset(${json}::json) as r(
              id integer, kind text, description text, "linkSource" text, "lastIngestId" integer, "changedIngestId" integer,
              "previousDescription" text, "driftScore" double precision, "measuredVersion" integer, "driftMeasure" text)
           where u.id = r.id`);
      }
    },
    async markRemoved(ids, ingestId) {
      for (let i = 0; i < ids.length; i += SLUG_BATCH) {
        await db.execute(sql`
          update usages set removed_ingest_id = ${ingestId}
           where id in (select jsonb_array_elements_text(${JSON.stringify(ids.slice(i, i + SLUG_BATCH))}::jsonb)::integer)`);
      }
    },
    async markSeen(ids, ingestId) {
      for (let i = 0; i < ids.length; i += SLUG_BATCH) {
        await db.execute(sql`
          update usages set last_ingest_id = ${ingestId}
           where id in (select jsonb_array_elements_text(${JSON.stringify(ids.slice(i, i + SLUG_BATCH))}::jsonb)::integer)`);
      }
    },
    async suggestionsOf(domainId, project) {
      const rows = await db
        .select()
        .from(linkSuggestions)
        .where(and(eq(linkSuggestions.domainId, domainId), eq(linkSuggestions.project, project)));
      return rows.map(toSuggestion);
    },
    async offerSuggestions(rows) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const json = JSON.stringify(rows.slice(i, i + BATCH));
        await db.execute(sql`
          insert into link_suggestions (term_id, domain_id, project, kind, path, confidence, description, ingest_id)
          select r."termId", r."domainId", r.project, r.kind, r.path, r.confidence, r.description, r."ingestId"
            from json_to_recordset(${json}::json) as r(
              "termId" integer, "domainId" integer, project text, kind text, path text, confidence double precision,
              description text, "ingestId" integer)
          on conflict (domain_id, project, path, term_id) do update
             set kind = excluded.kind, confidence = excluded.confidence, description = excluded.description, ingest_id = excluded.ingest_id
           where link_suggestions.status = 'open'`);
      }
    },
    async markSuggestionsSeen(ids, ingestId) {
      for (let i = 0; i < ids.length; i += BATCH) {
        await db
          .update(linkSuggestions)
          .set({ ingestId })
          .where(and(inArray(linkSuggestions.id, ids.slice(i, i + BATCH) as number[]), eq(linkSuggestions.status, "open")));
      }
    },
    async termSlugs(slugs) {
      const out: { termId: number; slug: string; via: "name" | "alias" }[] = [];
      for (let i = 0; i < slugs.length; i += SLUG_BATCH) {
        const batch = JSON.stringify(slugs.slice(i, i + SLUG_BATCH));
        const rows = rowsOf<{ term_id: number; slug: string; via: "name" | "alias" }>(
          await db.execute(sql`
            with wanted as (select jsonb_array_elements_text(${batch}::jsonb) as slug)
            select t.id as term_id, t.slug, 'name' as via from ${terms} t join wanted w on w.slug = t.slug where t.status = 'active'
            union all
            select a.term_id, a.slug, 'alias' as via from ${termAliases} a join wanted w on w.slug = a.slug
              join ${terms} t on t.id = a.term_id and t.status = 'active'`),
        );
        for (const row of rows) out.push({ termId: Number(row.term_id), slug: row.slug, via: row.via });
      }
      return out;
    },
    async agreedDefinitions(termIds) {
      const found = new Map<number, { version: number; text: string }>();
      for (let i = 0; i < termIds.length; i += BATCH) {
        const rows = rowsOf<{ term_id: number; version: number; text: string }>(
          await db.execute(sql`
            select v.term_id, v.version, v.text
              from ${definitionVersions} v join ${terms} t on t.id = v.term_id and t.current_version = v.version
             where v.term_id in (select jsonb_array_elements_text(${JSON.stringify(termIds.slice(i, i + BATCH))}::jsonb)::integer)`),
        );
        for (const row of rows) found.set(Number(row.term_id), { version: Number(row.version), text: row.text });
      }
      return found;
    },
    async usagesOfTerm(termId) {
      const rows = await db
        .select({ usage: usages, domain: { slug: domains.slug, name: domains.name }, lastSeenAt: ingests.lastReceivedAt })
        .from(usages)
        .innerJoin(domains, eq(domains.id, usages.domainId))
        .innerJoin(ingests, eq(ingests.id, usages.lastIngestId))
        .where(and(eq(usages.termId, termId), isNull(usages.removedIngestId)))
        .orderBy(domains.slug, usages.project, usages.path);
      return rows.map((r) => ({ ...toUsage(r.usage), domain: r.domain, lastSeenAt: r.lastSeenAt }));
    },
    async usageById(id) {
      const [row] = await db
        .select({ usage: usages, domainSlug: domains.slug })
        .from(usages)
        .innerJoin(domains, eq(domains.id, usages.domainId))
        .where(eq(usages.id, id));
      return row ? { ...toUsage(row.usage), domainSlug: row.domainSlug } : undefined;
    },
    async rejectLink(usage, decided) {
      await db.update(usages).set({ removedIngestId: usage.removedIngestId ?? usage.lastIngestId }).where(eq(usages.id, usage.id));
      await db
        .insert(linkSuggestions)
        .values({ termId: usage.termId, domainId: usage.domainId, project: usage.project, kind: usage.kind, path: usage.path, confidence: 1, ingestId: usage.lastIngestId, status: "rejected", decidedBy: decided.memberId, decidedAt: decided.at })
        .onConflictDoUpdate({
          target: [linkSuggestions.domainId, linkSuggestions.project, linkSuggestions.path, linkSuggestions.termId],
          set: { status: "rejected", decidedBy: decided.memberId, decidedAt: decided.at },
        });
    },
    async openSuggestionsOfTerm(termId) {
      const rows = await suggestionRows(db, and(eq(linkSuggestions.termId, termId), eq(linkSuggestions.status, "open"))!);
      return rows.filter((r) => r.current).sort((a, b) => b.confidence - a.confidence || a.domain.slug.localeCompare(b.domain.slug) || a.path.localeCompare(b.path));
    },
    async suggestionById(id) {
      const [row] = await suggestionRows(db, eq(linkSuggestions.id, id));
      return row;
    },
    async decideSuggestion(id, status, decided) {
      const rows = await db
        .update(linkSuggestions)
        .set({ status, decidedBy: decided.memberId, decidedAt: decided.at })
        .where(and(eq(linkSuggestions.id, id), eq(linkSuggestions.status, "open")))
        .returning({ id: linkSuggestions.id });
      return rows.length === 1;
    },
    async linkAccepted(usage) {
      const [row] = await db
        .insert(usages)
        .values({ ...usage })
        .onConflictDoUpdate({
          target: [usages.domainId, usages.project, usages.path, usages.termId],
          set: {
            kind: usage.kind,
            description: usage.description,
            linkSource: usage.linkSource,
            lastIngestId: usage.lastIngestId,
            changedIngestId: usage.changedIngestId,
            previousDescription: usage.previousDescription,
            driftScore: usage.driftScore,
            measuredVersion: usage.measuredVersion,
            driftMeasure: usage.driftMeasure,
            removedIngestId: null,
          },
        })
        .returning({ id: usages.id });
      return row!.id;
    },
  };
}

/** Suggestions with their domain and whether the latest ingest of their project found them. */
async function suggestionRows(db: Executor, where: SQL): Promise<SuggestionRecord[]> {
  const latest = sql<number>`(select max(i.id) from ${ingests} i where i.domain_id = ${linkSuggestions.domainId} and i.project = ${linkSuggestions.project})`;
  const rows = await db
    .select({ suggestion: linkSuggestions, domain: { slug: domains.slug, name: domains.name }, latest })
    .from(linkSuggestions)
    .innerJoin(domains, eq(domains.id, linkSuggestions.domainId))
    .where(where);
  return rows.map((r) => ({
    ...toSuggestion(r.suggestion),
    domain: r.domain,
    current: Number(r.latest) === r.suggestion.ingestId,
    decidedAt: r.suggestion.decidedAt,
  }));
}

function toSuggestion(r: typeof linkSuggestions.$inferSelect): StoredSuggestion {
  return {
    id: r.id,
    termId: r.termId,
    domainId: r.domainId,
    project: r.project,
    kind: r.kind as UsageKind,
    path: r.path,
    confidence: r.confidence,
    description: r.description,
    status: r.status as StoredSuggestion["status"],
    ingestId: r.ingestId,
  };
}

function toIngest(row: typeof ingests.$inferSelect): IngestRecord {
  return {
    id: row.id,
    domainId: row.domainId,
    project: row.project,
    source: row.source as IngestRecord["source"],
    generatedAt: row.generatedAt,
    dbtVersion: row.dbtVersion,
    fileHash: row.fileHash,
    counts: row.counts,
    actorRef: row.actorRef as IngestRecord["actorRef"],
    at: row.at,
    lastReceivedAt: row.lastReceivedAt,
  };
}

function toUsage(row: typeof usages.$inferSelect): StoredUsage {
  return {
    id: row.id,
    termId: row.termId,
    domainId: row.domainId,
    project: row.project,
    kind: row.kind as UsageKind,
    path: row.path,
    description: row.description,
    linkSource: row.linkSource as UsageLinkSource,
    firstIngestId: row.firstIngestId,
    lastIngestId: row.lastIngestId,
    previousDescription: row.previousDescription,
    changedIngestId: row.changedIngestId,
    driftScore: row.driftScore,
    measuredVersion: row.measuredVersion,
    driftMeasure: row.driftMeasure,
    removedIngestId: row.removedIngestId,
  };
}
