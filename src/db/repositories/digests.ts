import { and, desc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Digest } from "../../core/digest/types.js";
import type { CorpusDrift, CorpusTerm, CorpusUsage, CorpusVariant, DigestRepository, JobLedger, StoredDigest, StoredDriftFigure } from "../../core/ports.js";
import type { DriftReason } from "../../core/text/reasons.js";
import type { Domain, TermStatus } from "../../core/types.js";
import type { Executor } from "../database.js";
import { rowsOf } from "../rows.js";
import { definitionVersions, digests, domains, driftFigures, driftSnapshots, jobRuns, terms, usages, variants } from "../schema/index.js";

type OwnerColumns = { ownerId: number | null; ownerSlug: string | null; ownerName: string | null };

function ownerOf(row: OwnerColumns): Domain | null {
  return row.ownerId === null ? null : { id: row.ownerId, slug: row.ownerSlug!, name: row.ownerName! };
}

const termColumns = {
  id: terms.id,
  slug: terms.slug,
  name: terms.name,
  status: terms.status,
  currentVersion: terms.currentVersion,
  ownerId: domains.id,
  ownerSlug: domains.slug,
  ownerName: domains.name,
};

/**
 * The most terms read per query by `corpus()`, unless told otherwise (like the pages below; `pageSizes` keeps each
 * page shorter while pages are slow). A lookup arriving meanwhile waits for one page at most: the embedded database
 * answers one query at a time.
 */
const CORPUS_PAGE = 2_000;
/** The most usages read per query by `usages()`: most are only counted, so a page of them costs less than one of terms. */
const USAGE_PAGE = 5_000;
/** The most variants read per query by `variants()`: each is looked up by the key of its texts, hashed by the database. */
const VARIANT_PAGE = 1_000;
/**
 * Page sizes that keep each page near PAGE_MS: from FIRST_PAGE, at most doubled a page, up to the full size. The
 * first pages of a process are slow (the embedded database's code and caches still cold: 2,000 terms held the
 * thread 180 ms, later ones 20 ms), and on PGlite a page holds the thread that serves requests.
 */
const FIRST_PAGE = 250;
const PAGE_MS = 20;
/**
 * A usage page's aim: most of its rows are only counted, and each query costs about 10 ms whatever its size, so its
 * pages are let run longer (pages of 5,000 read the 100,500 usages in about 0.65 s on PGlite, of 2,000 in 0.8 s).
 */
const USAGE_PAGE_MS = 35;
const LEAST_PAGE = 100;
function pageSizes(full: number, aimMs = PAGE_MS): { size: number; took(ms: number): void } {
  const sizes = {
    size: Math.min(FIRST_PAGE, full),
    took(ms: number) {
      const fitting = Math.round((sizes.size * aimMs) / Math.max(ms, 1));
      sizes.size = Math.max(Math.min(LEAST_PAGE, full), Math.min(full, sizes.size * 2, fitting));
    },
  };
  return sizes;
}

/** A term as concord_corpus_page returns it. */
type CorpusPageRow = [id: number, slug: string, name: string, status: string, currentVersion: number, ownerId: number | null, definition: string, aliases: string[]];

/** A variant as concord_variant_page returns it (migration 0019): the texts only when no figure is stored. */
type VariantPageRow = [
  termId: number,
  slug: string,
  name: string,
  status: string,
  currentVersion: number,
  ownerId: number | null,
  domainId: number,
  baseVersion: number,
  updatedAt: string,
  key: string,
  score: number | null,
  text: string | null,
  definition: string | null,
];

/** A usage as concord_usage_page returns it (migration 0019): its own score, or the texts, or neither (no description). */
type UsagePageRow = [
  id: number,
  termId: number,
  domainId: number,
  project: string,
  kind: string,
  path: string,
  currentVersion: number,
  score: number | null,
  description: string | null,
  definition: string | null,
];

/** A page of usages as concord_usage_page returns it (migration 0020): how far it read, what it counted, its rows. */
type UsagePage = {
  last: number | null;
  read: number;
  present: number;
  terms: number[];
  below: { count: number; sum: number };
  past: { count: number; sum: number };
  rows: UsagePageRow[];
};


/** A row's drift as the digest reads it: the stored score, or the texts to measure. */
function corpusDrift(score: number | null, definition: string | null, text: string | null): CorpusDrift {
  if (score !== null) return { score: Number(score) };
  return { score: null, definition: definition ?? "", text: text ?? "" };
}

/** Drift figures read or written per query. */
const FIGURE_BATCH = 2_000;
/**
 * Drift figures written per statement: a glossary's first digest writes one for each of its 20,000 variants, and
 * on the embedded database 2,000 of them held the thread 35–90 ms a statement.
 */
const FIGURE_WRITE_BATCH = 500;

/**
 * Waits for the event loop's next turn. The embedded database answers a query queued right after another within
 * the same turn, so a bulk read of page after page would otherwise hold requests (and the timers that answer them)
 * until its last page: between pages, they are served.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Bulk reads for the digest, and the stored digests and weekly snapshots. */
export function createDigestRepository(db: Executor): DigestRepository {
  /** One page of variants after (term id, domain id) `after`, in that order (concord_variant_page, migration 0019). */
  async function variantPage(
    after: readonly [number, number],
    pageSize: number,
    measure: string,
    owners: ReadonlyMap<number, Domain>,
  ): Promise<CorpusVariant[]> {
    const [row] = rowsOf<{ page: string | VariantPageRow[] }>(
      await db.execute(sql`select concord_variant_page(${after[0]}, ${after[1]}, ${pageSize}, ${measure}) as page`),
    );
    const page: VariantPageRow[] = typeof row!.page === "string" ? JSON.parse(row!.page) : row!.page;
    return page.map(
      ([termId, slug, name, status, currentVersion, ownerId, domainId, baseVersion, updatedAt, key, score, text, definition]): CorpusVariant => ({
        term: { id: termId, slug, name, status: status as TermStatus, ownerDomain: ownerId === null ? null : (owners.get(ownerId) ?? null) },
        domain: owners.get(domainId)!,
        baseVersion,
        currentVersion,
        updatedAt: new Date(updatedAt),
        key,
        drift: corpusDrift(score, definition, text),
      }),
    );
  }

  /** Every domain by id: the owners and variant domains the pages name by id. */
  async function domainsById(): Promise<Map<number, Domain>> {
    const byId = new Map((await db.select({ id: domains.id, slug: domains.slug, name: domains.name }).from(domains)).map((d) => [d.id, d]));
    // A turn apart from the first page, which may be a process's first call of its function (planned then).
    await nextTurn();
    return byId;
  }

  return {
    async corpus({ pageSize = CORPUS_PAGE } = {}) {
      // Page by page in term order (concord_corpus_page, migration 0016: one round trip and no planning a page), so
      // neither the database's result buffers (on PGlite, memory the process keeps) nor the rows being mapped ever
      // hold the whole glossary twice.
      const owners = await domainsById();
      const corpus: CorpusTerm[] = [];
      const sizes = pageSizes(pageSize);
      for (let after = 0; ; ) {
        const { size } = sizes;
        const started = performance.now();
        const [row] = rowsOf<{ page: string | CorpusPageRow[] }>(await db.execute(sql`select concord_corpus_page(${after}, ${size}) as page`));
        const page: CorpusPageRow[] = typeof row!.page === "string" ? JSON.parse(row!.page) : row!.page;
        for (const [id, slug, name, status, currentVersion, ownerId, definition, aliases] of page) {
          corpus.push({
            term: { id, slug, name, status: status as TermStatus, ownerDomain: ownerId === null ? null : (owners.get(ownerId) ?? null) },
            currentVersion,
            definition,
            aliases,
          });
        }
        if (page.length < size) break;
        after = page.at(-1)![0];
        sizes.took(performance.now() - started);
        await nextTurn();
      }
      return corpus;
    },

    async variants(measure, { pageSize = VARIANT_PAGE } = {}) {
      const owners = await domainsById();
      const out: CorpusVariant[] = [];
      const sizes = pageSizes(pageSize);
      for (let after: readonly [number, number] = [0, 0]; ; ) {
        const { size } = sizes;
        const started = performance.now();
        const page = await variantPage(after, size, measure, owners);
        for (const row of page) out.push(row);
        if (page.length < size) break;
        after = [page.at(-1)!.term.id, page.at(-1)!.domain.id];
        sizes.took(performance.now() - started);
        await nextTurn();
      }
      return out;
    },

    async usages(measure, threshold, keep, { pageSize = USAGE_PAGE } = {}) {
      // Page by page in id order (concord_usage_page, migration 0021), like the variants.
      const owners = await domainsById();
      const out: CorpusUsage[] = [];
      let present = 0;
      const below = { count: 0, sum: 0 };
      const past = { count: 0, sum: 0 };
      const used = new Set<number>();
      const sizes = pageSizes(pageSize, USAGE_PAGE_MS);
      for (let after = 0; ; ) {
        const { size } = sizes;
        const started = performance.now();
        const [row] = rowsOf<{ page: string | UsagePage }>(
          await db.execute(sql`select concord_usage_page(${after}, ${size}, ${measure}, ${threshold}::double precision, ${keep}) as page`),
        );
        const page: UsagePage = typeof row!.page === "string" ? JSON.parse(row!.page) : row!.page;
        for (const [id, termId, domainId, project, kind, path, currentVersion, score, description, definition] of page.rows) {
          out.push({
            id,
            termId,
            domain: owners.get(domainId)!,
            project,
            kind: kind as CorpusUsage["kind"],
            path,
            currentVersion,
            drift: corpusDrift(score, definition, description),
          });
        }
        present += Number(page.present);
        for (const id of page.terms) used.add(id);
        below.count += Number(page.below.count);
        below.sum += Number(page.below.sum);
        past.count += Number(page.past.count);
        past.sum += Number(page.past.sum);
        if (Number(page.read) < size) break;
        after = page.last!;
        sizes.took(performance.now() - started);
        await nextTurn();
      }
      return { rows: out, present, used, below, past };
    },

    async usageTexts(ids) {
      const texts = new Map<number, { definition: string; text: string }>();
      if (ids.length === 0) return texts;
      const rows = await db
        .select({ id: usages.id, text: usages.description, definition: definitionVersions.text })
        .from(usages)
        .innerJoin(terms, eq(terms.id, usages.termId))
        .innerJoin(definitionVersions, and(eq(definitionVersions.termId, terms.id), eq(definitionVersions.version, terms.currentVersion)))
        .where(inArray(usages.id, [...ids]));
      for (const row of rows) texts.set(row.id, { definition: row.definition, text: row.text });
      return texts;
    },

    async storeUsageFigures(figures, measure) {
      for (let at = 0; at < figures.length; at += FIGURE_WRITE_BATCH) {
        // One JSON parameter a batch, as the ingest writes them.
        await db.execute(sql`
          update ${usages} u
             set drift_score = f.score, measured_version = f.version, drift_measure = ${measure}
            from json_to_recordset(${JSON.stringify(figures.slice(at, at + FIGURE_WRITE_BATCH))}::json) as f(id integer, score double precision, version integer)
           where u.id = f.id
             -- An ingest that measured the usage meanwhile, by this measure against this version, has the last word.
             and (u.drift_score is null or u.measured_version <> f.version or u.drift_measure is distinct from ${measure})`);
        await nextTurn();
      }
    },

    async agreedBetween(start, end) {
      const rows = await db
        .select({
          ...termColumns,
          version: definitionVersions.version,
          agreedAt: definitionVersions.agreedAt,
          proposalId: definitionVersions.proposalId,
        })
        .from(definitionVersions)
        .innerJoin(terms, eq(terms.id, definitionVersions.termId))
        .leftJoin(domains, eq(domains.id, terms.ownerDomainId))
        .where(and(gte(definitionVersions.agreedAt, start), lt(definitionVersions.agreedAt, end)))
        .orderBy(desc(definitionVersions.agreedAt), terms.slug);
      return rows.map((row) => ({
        term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus, ownerDomain: ownerOf(row) },
        version: row.version,
        agreedAt: row.agreedAt,
        proposalId: row.proposalId,
      }));
    },

    async silentDomains() {
      // Closed proposals only: a domain still inside a voting window has not failed to vote yet.
      const result = await db.execute(sql`
        select d.id, d.slug, d.name, count(*)::int as missed
        from proposal_domains pd
        join proposals p on p.id = pd.proposal_id and p.status not in ('open', 'withdrawn')
        join domains d on d.id = pd.domain_id
        where not pd.owning
        group by d.id, d.slug, d.name
        having bool_and(not exists (
          select 1 from votes v
          join domain_owners o on o.member_id = v.member_id and o.domain_id = pd.domain_id
          where v.proposal_id = pd.proposal_id
        ))
        order by missed desc, d.slug`);
      return rowsOf<{ id: number; slug: string; name: string; missed: number }>(result).map((row) => ({
        domain: { id: Number(row.id), slug: row.slug, name: row.name },
        missed: Number(row.missed),
      }));
    },

    async storedDriftFigures(keys) {
      const found = new Map<string, StoredDriftFigure>();
      for (let at = 0; at < keys.length; at += FIGURE_BATCH) {
        // The batch's keys as one JSON parameter: a query with thousands of parameters costs more to parse and plan
        // (on the embedded database) than to run.
        const rows = rowsOf<{ key: string; score: number; reasons: DriftReason[] | string }>(
          await db.execute(sql`
            select f.key, f.score, f.reasons from ${driftFigures} f
             where f.key in (select jsonb_array_elements_text(${JSON.stringify(keys.slice(at, at + FIGURE_BATCH))}::jsonb))`),
        );
        for (const row of rows) {
          const reasons = typeof row.reasons === "string" ? (JSON.parse(row.reasons) as DriftReason[]) : row.reasons;
          found.set(row.key, { key: row.key, score: Number(row.score), reasons });
        }
        await nextTurn();
      }
      return found;
    },

    async storeDriftFigures(figures, measure, now) {
      await db.delete(driftFigures).where(ne(driftFigures.measure, measure));
      for (let at = 0; at < figures.length; at += FIGURE_WRITE_BATCH) {
        const batch = figures.slice(at, at + FIGURE_WRITE_BATCH);
        // One JSON parameter a batch rather than five parameters a row.
        await db.execute(sql`
          insert into ${driftFigures} (key, measure, score, reasons, measured_at)
          select f.key, ${measure}, f.score, f.reasons, ${now.toISOString()}::timestamptz
          from json_to_recordset(${JSON.stringify(batch)}::json) as f(key text, score double precision, reasons jsonb)
          on conflict (key) do nothing`);
        await nextTurn();
      }
      // The variant pages join this table in a function whose plan is kept for the session: planned while it was
      // empty, that plan scans it whole for every variant once it is full. Fresh statistics have it planned again
      // (the embedded database has no autovacuum to gather them). Only the columns the page joins on: the reasons'
      // statistics took most of the 120 ms the whole table's analyze held the thread.
      if (figures.length > 0) await db.execute(sql`analyze ${driftFigures} (key, measure)`);
    },

    async snapshots(limit) {
      return db.select().from(driftSnapshots).orderBy(desc(driftSnapshots.weekStart)).limit(limit);
    },

    async saveSnapshot(snapshot) {
      await db
        .insert(driftSnapshots)
        .values(snapshot)
        .onConflictDoUpdate({
          target: driftSnapshots.weekStart,
          set: { value: snapshot.value, variants: snapshot.variants, takenAt: snapshot.takenAt },
        });
    },

    async save(slot, digest) {
      const [row] = await db
        .insert(digests)
        .values({ slot, generatedAt: digest.generatedAt, content: JSON.parse(JSON.stringify(digest)) })
        .returning({ id: digests.id });
      return row!.id;
    },

    async get(id) {
      const [row] = await db.select().from(digests).where(eq(digests.id, id));
      return row ? toStored(row) : undefined;
    },

    async latest() {
      const [row] = await db.select().from(digests).orderBy(desc(digests.slot)).limit(1);
      return row ? toStored(row) : undefined;
    },
  };
}

/** Claims job slots by inserting their row; the primary key makes a second claim of a slot fail. */
export function createJobLedger(db: Executor): JobLedger {
  return {
    async claim(job, slot, now) {
      const rows = await db
        .insert(jobRuns)
        .values({ job, slot, claimedAt: now })
        .onConflictDoNothing()
        .returning({ job: jobRuns.job });
      return rows.length > 0;
    },
    async claimed(job, slot) {
      const rows = await db
        .select({ job: jobRuns.job })
        .from(jobRuns)
        .where(and(eq(jobRuns.job, job), eq(jobRuns.slot, slot)))
        .limit(1);
      return rows.length > 0;
    },
  };
}

// The keys of Digest whose values are dates; JSON keeps them as ISO strings.
const DATE_KEYS = new Set(["generatedAt", "start", "end", "agreedAt", "deadline", "updatedAt", "weekStart"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function toStored(row: typeof digests.$inferSelect): StoredDigest {
  const digest = JSON.parse(JSON.stringify(row.content), (key, value: unknown) =>
    DATE_KEYS.has(key) && typeof value === "string" && ISO_DATE.test(value) ? new Date(value) : value,
  ) as Digest;
  return { id: row.id, slot: row.slot, digest };
}
