/**
 * Builds the digest on a seeded database in a process of its own, so its memory is measured alone:
 * `node --import tsx bench/digest-child.ts <DATA_DIR or postgres URL> [runs]` prints one JSON object. Concord's
 * modules are loaded from the compiled JavaScript (dist/server, compiled first if a source changed), as `npm start`
 * runs them, so the digest's worker thread starts as it does in the server rather than compiling TypeScript first.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const { buildIfStale, OUT } = (await import("../scripts/build.mjs" as string)) as { buildIfStale(): Promise<void>; OUT: string };
await buildIfStale();
const compiled = <T>(path: string): Promise<T> => import(pathToFileURL(join(OUT, path)).href) as Promise<T>;
const { buildDigest } = await compiled<typeof import("../src/core/digest/build.js")>("core/digest/build.js");
const { overlapEntries } = await compiled<typeof import("../src/core/digest/figures.js")>("core/digest/figures.js");
const { findOverlaps } = await compiled<typeof import("../src/core/glossary/overlaps.js")>("core/glossary/overlaps.js");
const { buildTermWeights, tokenize } = await compiled<typeof import("../src/core/text/index.js")>("core/text/index.js");
const { openDatabase } = await compiled<typeof import("../src/db/open.js")>("db/open.js");
const { createStore } = await compiled<typeof import("../src/db/store.js")>("db/store.js");
const { workerDigestFigures } = await compiled<typeof import("../src/jobs/digest-figures.js")>("jobs/digest-figures.js");

const MB = 2 ** 20;
const [where = "", runsArgument = "3"] = process.argv.slice(2);
const runs = Number(runsArgument);
const opened = openDatabase(/^postgres(ql)?:/.test(where) ? { url: where } : { dataDir: where });
const { repos } = createStore(opened.db, { destinations: ["slack"] });
await opened.ping();
global.gc?.();

let sampledPeak = 0;
const sample = () => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);
const baselineRss = process.memoryUsage().rss;
const baselineMaxRss = process.resourceUsage().maxRSS * 1024;
sampledPeak = baselineRss;

const now = new Date();
const figures = workerDigestFigures({ debug() {}, info() {}, warn() {}, error: (message) => console.error(message) });
const wallMs: number[] = [];
const cpuMs: number[] = [];
let totals: unknown;
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  // As the app builds it: its heavy figures on a worker thread, whose memory counts in this process's.
  const digest = await buildDigest(repos, now, figures);
  wallMs.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
  totals = {
    ...digest.totals,
    overlaps: digest.overlaps.total,
    drift: digest.drift.total,
    stale: digest.stale.total,
    usageDrift: digest.usageDrift?.total ?? 0,
    unused: digest.unused?.total ?? 0,
  };
  sample();
}
clearInterval(sampler);
const peakAfterRuns = { sampled: sampledPeak, maxRss: process.resourceUsage().maxRSS * 1024 };

// Where the time goes: the digest's reads and its heaviest computation, each timed alone once.
const time = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};
const [corpus, corpusMs] = await time(() => repos.digests.corpus());
const [, variantsMs] = await time(() => repos.digests.variants());
const [usages, usagesMs] = await time(() => repos.digests.usages());
const [, domainsMs] = await time(() => repos.domains.list());
const [tokens, tokenizeMs] = await time(() => corpus.map((entry) => tokenize(entry.definition)));
const [weights, weightsMs] = await time(() => buildTermWeights(tokens));
const [, overlapsMs] = await time(() => findOverlaps(overlapEntries(corpus, tokens), { weights, limit: 100 }));
await opened.close();

const round = (value: number) => Math.round(value);
console.log(
  JSON.stringify({
    runs,
    wallMs: wallMs.map(round),
    cpuMs: cpuMs.map(round),
    totals,
    memory: {
      baselineRssMb: +(baselineRss / MB).toFixed(1),
      baselineMaxRssMb: +(baselineMaxRss / MB).toFixed(1),
      sampledPeakRssMb: +(peakAfterRuns.sampled / MB).toFixed(1),
      maxRssMb: +(peakAfterRuns.maxRss / MB).toFixed(1),
    },
    phasesMs: {
      readCorpus: round(corpusMs),
      readVariants: round(variantsMs),
      ...(usages.length > 0 ? { readUsages: round(usagesMs) } : {}),
      readDomains: round(domainsMs),
      tokenize: round(tokenizeMs),
      weights: round(weightsMs),
      findOverlaps: round(overlapsMs),
    },
  }),
);
process.exit(0);
