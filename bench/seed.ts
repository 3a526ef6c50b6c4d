import { sql } from "drizzle-orm";
import type { OpenedDatabase } from "../src/db/open.js";
import { rowsOf } from "../src/db/rows.js";
import { domainOwners, domains, memberIdentities, members } from "../src/db/schema/index.js";
import { createStore } from "../src/db/store.js";
import { createRandom, type GeneratedGlossary } from "./generate.js";
import { round } from "./support/stats.js";

/** The Slack workspace every seeded member belongs to. */
export const BENCH_TEAM = "T0BENCH";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Terms per transaction: small enough to print progress, large enough that commits cost nothing. */
const TRANSACTION_TERMS = 5_000;

export interface SeedOptions {
  /** Variants to write (default: one per five terms, 20,000 for 100,000 terms). */
  readonly variants?: number;
  /** Aliases in all, at least (default: three per term); the generator's are topped up to this. */
  readonly aliases?: number;
  readonly now: Date;
  readonly progress?: (line: string) => void;
}

/** What was written and how long it took. */
export interface SeedResult {
  readonly counts: {
    readonly terms: number;
    readonly aliases: number;
    readonly domains: number;
    readonly owners: number;
    readonly variants: number;
    readonly staleVariants: number;
    readonly versions: number;
    readonly consumers: number;
  };
  readonly ms: { readonly total: number; readonly domains: number; readonly terms: number; readonly analyze: number };
  /** Sizes on disk or in the server after the seed. */
  readonly databaseSizeMb: number | null;
}

/**
 * Writes the generated glossary into a migrated, empty database: 50 domains with 2–4 owners each, every term with
 * its aliases (topped up to three a term), one or two agreed versions, 0–2 consuming domains, and variants
 * (reworded definitions, some written against an older version). Terms go through `TermRepository.insertMany`.
 */
export async function seedGlossary(opened: OpenedDatabase, glossary: GeneratedGlossary, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const random = createRandom(7_331);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const { now } = options;
  const db = opened.db;

  const domainRows = await db
    .insert(domains)
    .values(glossary.domains.map((d) => ({ slug: d.slug, name: d.name, createdAt: now, updatedAt: now })))
    .returning({ id: domains.id, slug: domains.slug });
  const domainId = new Map(domainRows.map((row) => [row.slug, row.id]));
  const ownersOf = new Map<number, number[]>();
  let owners = 0;
  for (const [k, domain] of domainRows.entries()) {
    const count = 2 + (k % 3);
    const created = await db
      .insert(members)
      .values(Array.from({ length: count }, (_, j) => ({ displayName: `owner ${k}.${j}`, createdAt: now })))
      .returning({ id: members.id });
    await db.insert(memberIdentities).values(
      created.map((m, j) => ({ ref: `slack:${BENCH_TEAM}:U0D${k}O${j}`, memberId: m.id, platform: "slack", createdAt: now })),
    );
    await db.insert(domainOwners).values(created.map((m) => ({ domainId: domain.id, memberId: m.id, addedAt: now })));
    ownersOf.set(domain.id, created.map((m) => m.id));
    owners += count;
  }
  const domainsDone = performance.now();

  const wantedAliases = options.aliases ?? glossary.terms.length * 3;
  const usedAliases = new Set(glossary.terms.flatMap((t) => t.aliases));
  let aliasCount = usedAliases.size;
  const wantedVariants = Math.min(options.variants ?? Math.round(glossary.terms.length / 5), glossary.terms.length);
  const variantEvery = glossary.terms.length / Math.max(1, wantedVariants);
  const ids = domainRows.map((row) => row.id);
  let versions = 0;
  let consumers = 0;
  let variants = 0;
  let staleVariants = 0;
  let aliasesWritten = 0;

  const bundles = glossary.terms.map((term, index) => {
    const ownerId = term.ownerDomain === null ? null : domainId.get(term.ownerDomain)!;
    const aliases = [...term.aliases];
    // Top up with one extra alias on the first terms until the glossary has the aliases asked for.
    if (aliasCount < wantedAliases) {
      const extra = `${term.slug}-measure`;
      if (!usedAliases.has(extra)) {
        usedAliases.add(extra);
        aliases.push(extra);
        aliasCount += 1;
      }
    }
    // One term in twenty has an older version; one in a hundred was agreed this week.
    const twoVersions = random() < 0.05;
    const agreedAt = new Date(now.getTime() - (random() < 0.01 ? random() * 6 : 8 + random() * 400) * DAY_MS);
    const history = twoVersions
      ? [
          { text: reworded(term.definition, random), agreedAt: new Date(agreedAt.getTime() - 90 * DAY_MS) },
          { text: term.definition, agreedAt },
        ]
      : [{ text: term.definition, agreedAt }];
    const consumerIds = new Set<number>();
    for (let n = Math.floor(random() * 3); n > 0; n--) {
      const id = pick(ids);
      if (id !== ownerId) consumerIds.add(id);
    }
    const termVariants: { domainId: number; text: string; baseVersion: number; updatedBy: number }[] = [];
    if (Math.floor(index / variantEvery) !== Math.floor((index - 1) / variantEvery)) {
      if (variants < wantedVariants) {
        let id = pick(ids);
        if (id === ownerId) id = ids[(ids.indexOf(id) + 1) % ids.length]!;
        const baseVersion = twoVersions && random() < 0.5 ? 1 : history.length;
        termVariants.push({ domainId: id, text: reworded(term.definition, random), baseVersion, updatedBy: pick(ownersOf.get(id)!) });
        variants += 1;
        if (baseVersion < history.length) staleVariants += 1;
      }
    }
    versions += history.length;
    consumers += consumerIds.size;
    aliasesWritten += aliases.length;
    return {
      term: { slug: term.slug, name: term.name, ownerDomainId: ownerId, policy: null, tags: [] },
      status: "active" as const,
      versions: history.map((v) => ({ ...v, example: null, formula: null, proposedBy: null, proposalId: null })),
      aliases: aliases.map((slug) => ({ alias: slug.replaceAll("-", " "), slug })),
      consumerIds: [...consumerIds],
      variants: termVariants,
    };
  });

  const store = createStore(db, { destinations: ["slack"] });
  for (let from = 0; from < bundles.length; from += TRANSACTION_TERMS) {
    const slice = bundles.slice(from, from + TRANSACTION_TERMS);
    const { taken } = await store.transaction((repos) => repos.terms.insertMany(slice, now));
    if (taken.length > 0) throw new Error(`the seed met terms already there: ${taken.slice(0, 3).join(", ")}`);
    const done = Math.min(bundles.length, from + TRANSACTION_TERMS);
    if (done % 20_000 === 0 || done === bundles.length) {
      options.progress?.(`${done.toLocaleString("en")} terms in ${Math.round((performance.now() - domainsDone) / 1000)} s`);
    }
  }
  const termsDone = performance.now();
  // As autovacuum would soon after a bulk load: the planner needs row counts to pick the indexes.
  await db.execute(sql`analyze`);
  const analyzed = performance.now();

  const size = rowsOf<{ bytes: string | number }>(await db.execute(sql`select pg_database_size(current_database()) as bytes`));
  return {
    counts: {
      terms: bundles.length,
      aliases: aliasesWritten,
      domains: domainRows.length,
      owners,
      variants,
      staleVariants,
      versions,
      consumers,
    },
    ms: {
      total: round(analyzed - started, 0),
      domains: round(domainsDone - started, 0),
      terms: round(termsDone - domainsDone, 0),
      analyze: round(analyzed - termsDone, 0),
    },
    databaseSizeMb: size[0] ? round(Number(size[0].bytes) / 2 ** 20, 1) : null,
  };
}

/** A steward's working version of a definition: a few words dropped or swapped, so it drifts by varying amounts. */
function reworded(definition: string, random: () => number): string {
  const words = definition.replace(/\.$/, "").split(" ");
  const changes = 1 + Math.floor(random() * Math.max(1, words.length / 2));
  for (let k = 0; k < changes && words.length > 4; k++) {
    const at = Math.floor(random() * words.length);
    if (random() < 0.5) words.splice(at, 1);
    else [words[at], words[words.length - 1 - at]] = [words[words.length - 1 - at]!, words[at]!];
  }
  if (random() < 0.3) words.push("excluding", "internal", "test", "accounts");
  return `${words.join(" ")}.`;
}
