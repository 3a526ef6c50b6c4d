import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { computeDigestFigures, type ComputeDigestFigures, type DigestFigures } from "../core/digest/figures.js";
import type { Logger } from "../core/ports.js";

// From the compiled copy (npm start) the worker runs its module as JavaScript; from the TypeScript sources (the
// tests, tsx) it first registers tsx's loader, as this thread has one, then imports it.
const FROM_SOURCES = import.meta.url.endsWith(".ts");
const WORKER = new URL(FROM_SOURCES ? "./digest-worker.ts" : "./digest-worker.js", import.meta.url);
const THROUGH_TSX = FROM_SOURCES
  ? `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`
  : undefined;

/** tsx's ESM API (its package points a require at a CommonJS twin, which cannot register from a worker). */
function tsxApi(): string {
  const commonJs = createRequire(import.meta.url).resolve("tsx/esm/api");
  return pathToFileURL(join(dirname(commonJs), "index.mjs")).href;
}

/**
 * A digest's heavy figures (every definition read, every variant measured, the near-duplicate search: seconds at
 * 100,000 terms) computed on a worker thread of their own, started for the digest and ended with it, so lookups and
 * Slack's acknowledgements are answered meanwhile. A small glossary's figures take less than a worker's start (it
 * loads the drift measure's tables again), so below `minTerms` they are computed here. A worker that cannot start
 * is logged with its error, and the figures are computed on this thread as before.
 */
export function workerDigestFigures(logger: Logger, { minTerms = WORKER_MIN_TERMS } = {}): ComputeDigestFigures {
  return async (input) => {
    if (input.corpus.length < minTerms) return computeDigestFigures(input);
    try {
      return await inWorker(input);
    } catch (error) {
      if (!(error instanceof WorkerStartError)) throw error;
      logger.error("the digest's worker thread could not start; computing the digest on the main thread", { error: error.cause });
      return computeDigestFigures(input);
    }
  };
}

/** Glossaries this large have their digest's figures computed on a worker thread (about 0.1 s of work here). */
export const WORKER_MIN_TERMS = 2_000;

class WorkerStartError extends Error {}

function inWorker(input: Parameters<ComputeDigestFigures>[0]): Promise<DigestFigures> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = THROUGH_TSX ? new Worker(THROUGH_TSX, { eval: true, workerData: input }) : new Worker(WORKER, { workerData: input });
    } catch (error) {
      reject(new WorkerStartError("cannot start", { cause: error }));
      return;
    }
    let settled = false;
    worker.once("message", (figures: DigestFigures) => {
      settled = true;
      resolve(figures);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the digest's worker thread exited with code ${code} before it answered`));
    });
  });
}
