/**
 * Builds the digest on a seeded database in a process of its own, so its memory is measured alone:
 * `node bench/digest-child.mjs <DATA_DIR or postgres URL> [runs]` prints one JSON object. Concord's modules are
 * loaded from the compiled JavaScript (dist/server, compiled first if a source changed), and this script is plain
 * JavaScript run by node alone, as `npm start` runs the server: no TypeScript loader's memory counts in the figure,
 * and the digest computes its figures in turns on the thread it reads on, as the server does.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildIfStale, OUT } from "../scripts/build.mjs";

await buildIfStale();
const compiled = (path) => import(pathToFileURL(join(OUT, path)).href);
const { buildDigest, DRIFT_MEASURE } = await compiled("core/digest/build.js");
const { overlapEntries } = await compiled("core/digest/figures.js");
const { findOverlaps } = await compiled("core/glossary/overlaps.js");
const { buildTermWeights, DRIFT_THRESHOLD, tokenize } = await compiled("core/text/index.js");
const { openDatabase } = await compiled("db/open.js");
const { createStore } = await compiled("db/store.js");

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
const wallMs = [];
const cpuMs = [];
let totals;
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  // As the app builds it: its heavy figures computed in turns on this thread.
  const digest = await buildDigest(repos, now);
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
const time = async (work) => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};
const [corpus, corpusMs] = await time(() => repos.digests.corpus());
const [, variantsMs] = await time(() => repos.digests.variants(DRIFT_MEASURE));
const [usages, usagesMs] = await time(() => repos.digests.usages(DRIFT_MEASURE, DRIFT_THRESHOLD, 10));
const [, domainsMs] = await time(() => repos.domains.list());
const [tokens, tokenizeMs] = await time(() => corpus.map((entry) => tokenize(entry.definition)));
const [weights, weightsMs] = await time(() => buildTermWeights(tokens));
const [, overlapsMs] = await time(() => findOverlaps(overlapEntries(corpus, tokens), { weights, limit: 100 }));
await opened.close();

const round = (value) => Math.round(value);
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
      ...(usages.present > 0 ? { readUsages: round(usagesMs) } : {}),
      readDomains: round(domainsMs),
      tokenize: round(tokenizeMs),
      weights: round(weightsMs),
      findOverlaps: round(overlapsMs),
    },
  }),
);
process.exit(0);
