import { Worker } from "node:worker_threads";

/** One signed request the worker sends, and the id of the response_url its answer is posted to. */
export interface PlannedRequest {
  readonly id: string;
  readonly body: string;
}

/** When a request was sent, acknowledged and answered (epoch milliseconds, sub-millisecond). */
export interface SentTiming {
  readonly id: string;
  /** HTTP status of the acknowledgement; -1 when the request failed. */
  readonly status: number;
  readonly sent: number;
  readonly acked: number;
  /** When the answer reached the response_url; null when none came in time. */
  readonly answered: number | null;
  /** The answer's text, cut to 300 characters. */
  readonly text: string;
}

export type ClientRequest =
  | {
      readonly type: "send";
      readonly batch: number;
      readonly base: string;
      readonly secret: string;
      readonly requests: readonly PlannedRequest[];
      readonly concurrency: number;
      readonly answerTimeoutMs: number;
    }
  | { readonly type: "close" };

export type ClientReply =
  | { readonly type: "ready"; readonly apiUrl: string; readonly responseBase: string }
  | { readonly type: "done"; readonly batch: number; readonly timings: readonly SentTiming[] };

/** The load generator and fake Slack in a worker thread; see client-worker.ts. */
export interface BenchClient {
  /** SLACK_API_URL for Concord. */
  readonly apiUrl: string;
  responseUrl(id: string): string;
  /** Sends the requests, `concurrency` at a time, and waits for every answer (or its timeout). */
  send(base: string, secret: string, requests: readonly PlannedRequest[], concurrency: number, answerTimeoutMs?: number): Promise<readonly SentTiming[]>;
  close(): Promise<void>;
}

/** Milliseconds since the epoch, as the worker measures them. */
export const clock = () => performance.timeOrigin + performance.now();

export async function startBenchClient(): Promise<BenchClient> {
  // Node 20 does not hand this process's tsx loader to workers: the worker registers tsx itself, then loads the file.
  const entry = new URL("./client-worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(boot, { eval: true });
  const pending = new Map<number, (timings: readonly SentTiming[]) => void>();
  let batch = 0;
  const ready = await new Promise<Extract<ClientReply, { type: "ready" }>>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (reply: ClientReply) => {
      if (reply.type === "ready") resolve(reply);
      else {
        pending.get(reply.batch)?.(reply.timings);
        pending.delete(reply.batch);
      }
    });
  });
  return {
    apiUrl: ready.apiUrl,
    responseUrl: (id) => `${ready.responseBase}${id}`,
    send(base, secret, requests, concurrency, answerTimeoutMs = 30_000) {
      const id = ++batch;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        const message: ClientRequest = { type: "send", batch: id, base, secret, requests, concurrency, answerTimeoutMs };
        worker.postMessage(message);
      });
    },
    async close() {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage({ type: "close" } satisfies ClientRequest);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
