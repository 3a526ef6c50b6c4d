import { createServer } from "node:net";

/** p50/p99/max of a set of durations in milliseconds. */
export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentiles (p99 of 300 samples is the 297th smallest). */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { n: sorted.length, p50: round(rank(50), 2), p99: round(rank(99), 2), max: round(sorted.at(-1)!, 2), mean: round(mean, 2) };
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Milliseconds for a table: one decimal below 100, whole above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value).toLocaleString("en")} ms`;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A logger that drops everything but errors, which it counts and keeps the first few of. */
export function createQuietLogger() {
  const errors: string[] = [];
  let errorCount = 0;
  const none = () => {};
  return {
    errors,
    get errorCount() {
      return errorCount;
    },
    debug: none,
    info: none,
    warn: none,
    error(message: string, fields?: Record<string, unknown>) {
      errorCount += 1;
      if (errors.length < 5) errors.push(`${message} ${fields?.error instanceof Error ? fields.error.message : JSON.stringify(fields ?? {})}`);
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of the items. */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
