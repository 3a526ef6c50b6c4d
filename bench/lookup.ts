import { asc, eq, sql } from "drizzle-orm";
import { lookupTerm, previewDigest } from "../src/core/index.js";
import { termSlug } from "../src/core/text/index.js";
import type { OpenedDatabase } from "../src/db/open.js";
import { domains, termAliases, terms } from "../src/db/schema/index.js";
import { createRandom, type GeneratedGlossary } from "./generate.js";
import { BENCH_TEAM } from "./seed.js";
import type { BenchConcord } from "./support/concord.js";
import { SIGNING_SECRET } from "./support/concord.js";
import { commandBody } from "./support/signed.js";
import { ms, percentiles, type Percentiles } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

export type LookupKind = "exact" | "alias" | "fuzzy";
const KINDS: readonly LookupKind[] = ["exact", "alias", "fuzzy"];
const BAR_P99_MS = 25;
/** With 8 lookups in flight on one process (issue 19's bar: each waits behind the others on one thread). */
const CONCURRENT_BAR_P99_MS = 50;
/** About how long one pass of fuzzy lookups may take; fewer than `perKind` are sent when they are slow. */
const FUZZY_PASS_MS = 8_000;
const MIN_FUZZY = 8;

interface Query {
  readonly kind: LookupKind;
  /** What the user types after `define`. */
  readonly text: string;
  /** For a typo, the slug of the name it misspells. */
  readonly intended?: string;
}

/** Per kind of lookup: the handling over HTTP, Concord's core in-process, and the raw indexed SQL. */
export interface LookupKindResult {
  readonly kind: LookupKind;
  /** Signed request sent → HTTP acknowledgement received (sequential). */
  readonly ack: Percentiles;
  /** Signed request sent → the ephemeral answer arrived at the response_url (sequential): the lookup handling. */
  readonly handling: Percentiles;
  /** The same, 8 requests in flight. */
  readonly handlingConcurrent: Percentiles;
  /** `lookupTerm(deps, text)` called in-process: resolution, details and drift, no HTTP or Slack. */
  readonly core: Percentiles;
  /**
   * The one indexed query that decides this kind: slug equality, alias equality, and for a typo the b-tree lookup
   * of the name it corrects to (the word-by-word correction finds that name in the small vocabulary first).
   */
  readonly rawSql: Percentiles;
  /** handling p50 / raw p50 and p99 / p99. */
  readonly overhead: { readonly p50: number; readonly p99: number };
  /** How the core answered: found by name, alias or fuzzy match, or not found (suggestions only). */
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface LookupResult {
  readonly perKind: number;
  /** Fuzzy lookups per pass (fewer than perKind when one takes long: see FUZZY_PASS_MS). */
  readonly fuzzyCount: number;
  /** The slowest of three fuzzy lookups timed in-process before the passes. */
  readonly fuzzyEstimateMs: number;
  readonly concurrency: number;
  readonly kinds: readonly LookupKindResult[];
  /** Every kind together (sequential handling). */
  readonly all: Percentiles;
  readonly allConcurrent: Percentiles;
  /** The warm-up's burst at the same concurrency (names and aliases), not counted: a server's first busy moment. */
  readonly firstBurst: Percentiles;
  readonly concurrentLookupsPerSecond: number;
  readonly non200: number;
  /** Requests whose answer never reached the response_url. */
  readonly unanswered: number;
  readonly serverErrors: number;
  readonly barP99Ms: number;
  readonly concurrentBarP99Ms: number;
  /** Lookups sent one after another while a digest was built in the same process. */
  readonly duringDigest: {
    readonly lookups: number;
    readonly digestMs: number;
    readonly ack: Percentiles;
    readonly handling: Percentiles;
    readonly slowestAckMs: number;
  };
}

/** Lookups answered while a digest is built: acknowledgement p99 within this, and none past Slack's 3 s. */
const DURING_DIGEST_BAR_P99_MS = 100;
const SLACK_ACK_LIMIT_MS = 3_000;

/**
 * `/glossary define <term>` over signed HTTP for existing names, aliases and one-letter misspellings: sequential,
 * then `concurrency` at a time, beside the raw SQL the lookup rests on and the core lookup in-process.
 */
export async function runLookupBenchmark(
  bench: BenchConcord,
  opened: OpenedDatabase,
  glossary: GeneratedGlossary,
  options: { perKind: number; concurrency: number; fuzzyPassMs?: number },
): Promise<LookupResult> {
  const picked = pickQueries(glossary, options.perKind);
  const deps = bench.concord.deps;
  // A fuzzy lookup can take seconds on a big glossary: fewer of them, so a pass of them stays near FUZZY_PASS_MS.
  const probe: number[] = [];
  for (const query of picked.filter((q) => q.kind === "fuzzy").slice(0, 3)) {
    const started = performance.now();
    await lookupTerm(deps, query.text);
    probe.push(performance.now() - started);
  }
  const fuzzyEstimateMs = Math.max(...probe);
  const fuzzyCount = Math.max(MIN_FUZZY, Math.min(options.perKind, Math.floor((options.fuzzyPassMs ?? FUZZY_PASS_MS) / fuzzyEstimateMs)));
  const queries = interleave(picked.filter((q) => q.kind !== "fuzzy"), picked.filter((q) => q.kind === "fuzzy").slice(0, fuzzyCount));
  let sequence = 0;
  const plan = (list: readonly Query[]) =>
    list.map((query) => {
      const id = `lookup-${++sequence}`;
      const responseUrl = bench.client.responseUrl(id);
      return { id, body: commandBody({ team: BENCH_TEAM, user: "U0READER", channel: "C0DATA", text: `define ${query.text}`, responseUrl }) };
    });
  let non200 = 0;
  let unanswered = 0;
  const send = async (list: readonly Query[], concurrency: number) => {
    const timings = await bench.client.send(bench.base, SIGNING_SECRET, plan(list), concurrency);
    non200 += timings.filter((t) => t.status !== 200).length;
    unanswered += timings.filter((t) => t.answered === null).length;
    return timings;
  };

  // Warm-up: the first requests compile code paths and fill caches; then as many at once as the concurrent pass
  // sends, which opens the connections a busy server keeps (each PostgreSQL backend plans Concord's stored
  // functions on its first call). Neither is counted; the burst's figures are reported beside the others.
  const warm = queries.filter((q) => q.kind !== "fuzzy");
  await send(warm.slice(0, 30), 1);
  const firstBurst = (await send(warm.slice(30, 30 + options.concurrency * 8), options.concurrency)).flatMap((t) =>
    t.answered === null ? [] : [t.answered - t.sent],
  );
  non200 = 0;
  unanswered = 0;

  const sequential = new Map<LookupKind, { ack: number[]; handling: number[] }>(KINDS.map((k) => [k, { ack: [], handling: [] }]));
  for (const [index, timing] of (await send(queries, 1)).entries()) {
    const kind = sequential.get(queries[index]!.kind)!;
    kind.ack.push(timing.acked - timing.sent);
    if (timing.answered !== null) kind.handling.push(timing.answered - timing.sent);
  }

  const concurrent = new Map<LookupKind, number[]>(KINDS.map((k) => [k, []]));
  const concurrentTimings = await send(queries, options.concurrency);
  for (const [index, timing] of concurrentTimings.entries()) {
    if (timing.answered !== null) concurrent.get(queries[index]!.kind)!.push(timing.answered - timing.sent);
  }
  const concurrentMs =
    Math.max(...concurrentTimings.map((t) => t.answered ?? t.acked)) - Math.min(...concurrentTimings.map((t) => t.sent));

  // While a digest is built (as the `digest` command builds it, figures and all), lookups keep coming, one after
  // another, until it is done.
  const duringAck: number[] = [];
  const duringHandling: number[] = [];
  const digestStarted = performance.now();
  let digestDone = false;
  const digest = previewDigest(deps).finally(() => (digestDone = true));
  for (let k = 0; !digestDone || k < 20; k++) {
    const [timing] = await send([queries[k % queries.length]!], 1);
    duringAck.push(timing!.acked - timing!.sent);
    if (timing!.answered !== null) duringHandling.push(timing!.answered - timing!.sent);
    if (k > 2_000) break;
  }
  await digest;
  const digestMs = performance.now() - digestStarted;

  const core = new Map<LookupKind, number[]>(KINDS.map((k) => [k, []]));
  const outcomes = new Map<LookupKind, Record<string, number>>(KINDS.map((k) => [k, {}]));
  for (const query of queries) {
    const started = performance.now();
    const result = await lookupTerm(deps, query.text);
    core.get(query.kind)!.push(performance.now() - started);
    const outcome = result.kind === "found" ? result.matchedBy : "not-found";
    const counts = outcomes.get(query.kind)!;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }

  const raw = new Map<LookupKind, number[]>(KINDS.map((k) => [k, []]));
  for (const query of queries) {
    const slug = query.intended ?? termSlug(query.text);
    const started = performance.now();
    await rawLookup(opened, query.kind, slug);
    raw.get(query.kind)!.push(performance.now() - started);
  }

  const kinds = KINDS.map((kind): LookupKindResult => {
    const handling = percentiles(sequential.get(kind)!.handling);
    const rawSql = percentiles(raw.get(kind)!);
    return {
      kind,
      ack: percentiles(sequential.get(kind)!.ack),
      handling,
      handlingConcurrent: percentiles(concurrent.get(kind)!),
      core: percentiles(core.get(kind)!),
      rawSql,
      overhead: { p50: Math.round((handling.p50 / rawSql.p50) * 10) / 10, p99: Math.round((handling.p99 / rawSql.p99) * 10) / 10 },
      outcomes: outcomes.get(kind)!,
    };
  });
  return {
    perKind: options.perKind,
    fuzzyCount,
    fuzzyEstimateMs: Math.round(fuzzyEstimateMs),
    concurrency: options.concurrency,
    kinds,
    all: percentiles([...sequential.values()].flatMap((s) => s.handling)),
    firstBurst: percentiles(firstBurst),
    allConcurrent: percentiles([...concurrent.values()].flat()),
    concurrentLookupsPerSecond: Math.round((queries.length / concurrentMs) * 1000),
    non200,
    unanswered,
    serverErrors: bench.logger.errorCount,
    barP99Ms: BAR_P99_MS,
    concurrentBarP99Ms: CONCURRENT_BAR_P99_MS,
    duringDigest: {
      lookups: duringAck.length,
      digestMs: Math.round(digestMs),
      ack: percentiles(duringAck),
      handling: percentiles(duringHandling),
      slowestAckMs: Math.round(Math.max(...duringAck)),
    },
  };
}

/** The queries the repository runs, as drizzle builds them, timed without Concord around them. */
async function rawLookup(opened: OpenedDatabase, kind: LookupKind, slug: string): Promise<unknown> {
  const db = opened.db;
  const columns = { id: terms.id, slug: terms.slug, name: terms.name, ownerSlug: domains.slug };
  if (kind === "exact") {
    return db.select(columns).from(terms).leftJoin(domains, eq(domains.id, terms.ownerDomainId)).where(eq(terms.slug, slug));
  }
  if (kind === "alias") {
    return db
      .select(columns)
      .from(terms)
      .leftJoin(domains, eq(domains.id, terms.ownerDomainId))
      .innerJoin(termAliases, eq(termAliases.termId, terms.id))
      .where(eq(termAliases.slug, slug))
      .orderBy(asc(terms.name));
  }
  // A typo: the corrected slug looked up in terms and aliases, with its similarity to what was typed.
  return db.execute(sql`
    select t.id, t.slug, t.name, t.status from terms t where t.slug = ${slug}
    union all
    select t.id, t.slug, t.name, t.status from term_aliases a join terms t on t.id = a.term_id where a.slug = ${slug}`);
}

/** `rare` spread evenly among `common`. */
function interleave<T>(common: readonly T[], rare: readonly T[]): T[] {
  const out: T[] = [];
  const every = rare.length === 0 ? Infinity : (common.length + rare.length) / rare.length;
  let r = 0;
  for (const item of common) {
    out.push(item);
    if (r < rare.length && out.length >= (r + 1) * every - 1) out.push(rare[r++]!);
  }
  while (r < rare.length) out.push(rare[r++]!);
  return out;
}

/** `perKind` names, aliases and misspelt names, interleaved, the same every run. */
function pickQueries(glossary: GeneratedGlossary, perKind: number): Query[] {
  const random = createRandom(4_242);
  const known = new Set(glossary.terms.flatMap((t) => [t.slug, ...t.aliases]));
  const pick = () => glossary.terms[Math.floor(random() * glossary.terms.length)]!;
  const queries: Query[] = [];
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let k = 0; k < perKind; k++) {
    queries.push({ kind: "exact", text: pick().name });
    let aliased = pick();
    while (aliased.aliases.length === 0) aliased = pick();
    queries.push({ kind: "alias", text: aliased.aliases[Math.floor(random() * aliased.aliases.length)]!.replaceAll("-", " ") });
    for (;;) {
      // One letter changed inside the name's longest word: a typo, never another term's name or alias.
      const name = pick().name;
      const words = name.split(" ");
      const longest = words.reduce((best, word, i) => (word.length > words[best]!.length ? i : best), 0);
      const word = words[longest]!;
      if (word.length < 4) continue;
      const at = 1 + Math.floor(random() * (word.length - 2));
      const letter = letters[Math.floor(random() * letters.length)]!;
      if (letter === word[at]!.toLowerCase()) continue;
      words[longest] = word.slice(0, at) + letter + word.slice(at + 1);
      const typo = words.join(" ");
      if (known.has(termSlug(typo))) continue;
      queries.push({ kind: "fuzzy", text: typo, intended: termSlug(name) });
      break;
    }
  }
  return queries;
}

/** The lookup rows of a database's summary table. */
export function lookupRows(result: LookupResult): BarRow[] {
  const bar = `p99 ≤ ${result.barP99Ms} ms`;
  const rows: BarRow[] = [];
  for (const kind of result.kinds) {
    rows.push({
      what: `lookup ${kind.kind}: handling (request → answer at response_url), sequential p50 / p99`,
      bar,
      measured: `${ms(kind.handling.p50)} / ${ms(kind.handling.p99)}`,
      holds: kind.handling.p99 <= result.barP99Ms,
    });
  }
  for (const kind of result.kinds) {
    rows.push({
      what: `lookup ${kind.kind}: handling with ${result.concurrency} in flight, p50 / p99`,
      bar: `p99 ≤ ${result.concurrentBarP99Ms} ms`,
      measured: `${ms(kind.handlingConcurrent.p50)} / ${ms(kind.handlingConcurrent.p99)}`,
      holds: kind.handlingConcurrent.p99 <= result.concurrentBarP99Ms,
    });
  }
  rows.push({
    what: `lookup: the warm-up's burst, ${result.firstBurst.n} names and aliases ${result.concurrency} at a time (not counted), p50 / p99`,
    bar: "—",
    measured: `${ms(result.firstBurst.p50)} / ${ms(result.firstBurst.p99)}`,
    holds: null,
  });
  for (const kind of result.kinds) {
    rows.push({
      what: `lookup ${kind.kind}: ack p99 · core lookupTerm p50/p99 · raw SQL p50/p99 · handling/raw`,
      bar: "—",
      measured:
        `${ms(kind.ack.p99)} · ${ms(kind.core.p50)}/${ms(kind.core.p99)} · ${ms(kind.rawSql.p50)}/${ms(kind.rawSql.p99)} · ` +
        `×${kind.overhead.p50}/×${kind.overhead.p99}`,
      holds: null,
    });
  }
  const fuzzy = result.kinds.find((k) => k.kind === "fuzzy")!;
  rows.push({
    what: "lookup: requests per pass (exact, alias, fuzzy); how the typos were answered",
    bar: "—",
    measured:
      `${result.perKind}, ${result.perKind}, ${result.fuzzyCount}; ` +
      Object.entries(fuzzy.outcomes).map(([outcome, n]) => `${outcome} ${n}`).join(", "),
    holds: null,
  });
  const during = result.duringDigest;
  rows.push({
    what: `lookup while a digest is built (${ms(during.digestMs)}, ${during.lookups} lookups): acknowledgement p50 / p99`,
    bar: `p99 ≤ ${DURING_DIGEST_BAR_P99_MS} ms`,
    measured: `${ms(during.ack.p50)} / ${ms(during.ack.p99)}`,
    holds: during.ack.p99 <= DURING_DIGEST_BAR_P99_MS,
  });
  rows.push({
    what: "lookup while a digest is built: slowest acknowledgement · answer p50 / p99",
    bar: `< ${SLACK_ACK_LIMIT_MS / 1000} s`,
    measured: `${ms(during.slowestAckMs)} · ${ms(during.handling.p50)} / ${ms(during.handling.p99)}`,
    holds: during.slowestAckMs < SLACK_ACK_LIMIT_MS,
  });
  rows.push({
    what: "lookup: non-200 acknowledgements, unanswered, errors logged",
    bar: "0",
    measured: `${result.non200}, ${result.unanswered}, ${result.serverErrors}`,
    holds: result.non200 === 0 && result.unanswered === 0 && result.serverErrors === 0,
  });
  return rows;
}
