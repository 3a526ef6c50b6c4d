import type { Server } from "node:http";
import express from "express";

/** Milliseconds since the epoch, sub-millisecond: the same clock as the requests' send times. */
export const now = () => performance.timeOrigin + performance.now();

/** A call a fake received, with when it arrived. */
export interface TimedCall {
  readonly at: number;
  readonly method: string;
  /** Slack: the channel; Teams: the conversation id (with `;messageid=` for a thread reply). */
  readonly channel: string;
  /** Slack: `ts` of an update or `thread_ts` of a reply; Teams: the activity updated. */
  readonly target: string | undefined;
  /** Slack: the `ts` a post got; Teams: the activity id a post got. */
  readonly id: string | undefined;
  readonly body: string;
}

/** A fake that records what reached it, and resolves waits as calls arrive. */
export interface TimedFake {
  readonly calls: TimedCall[];
  /** The first call at or after `since` that matches, once it arrives; rejects after `timeoutMs`. */
  first(since: number, match: (call: TimedCall) => boolean, timeoutMs: number): Promise<TimedCall>;
  close(): Promise<void>;
}

interface Listening {
  readonly base: string;
  readonly fake: TimedFake;
}

async function serve(app: express.Express, calls: TimedCall[], waiters: Set<() => void>): Promise<Listening> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    fake: {
      calls,
      first(since, match, timeoutMs) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = calls.find((call) => call.at >= since && match(call));
            if (!found) return false;
            waiters.delete(check as () => void);
            clearTimeout(timer);
            resolve(found);
            return true;
          };
          const timer = setTimeout(() => {
            waiters.delete(check as () => void);
            reject(new Error(`nothing on screen within ${timeoutMs} ms`));
          }, timeoutMs);
          if (!check()) waiters.add(check as () => void);
        });
      },
      close: () =>
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    },
  };
}

function record(calls: TimedCall[], waiters: Set<() => void>, call: TimedCall) {
  calls.push(call);
  for (const waiter of [...waiters]) waiter();
}

/** Slack's Web API and response URLs: every call recorded with its arrival time. */
export async function startTimedSlack(): Promise<TimedFake & { readonly apiUrl: string; responseUrl(id: string): string; answered(id: string, timeoutMs: number): Promise<TimedCall> }> {
  const calls: TimedCall[] = [];
  const waiters = new Set<() => void>();
  let ts = 1_700_000_000;
  const app = express();
  app.use(express.urlencoded({ extended: false, limit: "5mb" }));
  app.use(express.json({ limit: "5mb" }));
  app.post("/response/:id", (req, res) => {
    record(calls, waiters, { at: now(), method: "response", channel: req.params.id, target: undefined, id: undefined, body: JSON.stringify(req.body) });
    res.json({ ok: true });
  });
  app.post("/api/:method", (req, res) => {
    const at = now();
    const args = req.body as Record<string, string>;
    const method = req.params.method;
    if (method === "auth.test") {
      res.json({ ok: true, url: "https://bench.slack.com/", team: "Bench", user: "concord", team_id: "T0BENCH", user_id: "U0BOT", bot_id: "B0BOT" });
      return;
    }
    const posted = method === "chat.postMessage" ? `${++ts}.000100` : undefined;
    record(calls, waiters, {
      at,
      method,
      channel: String(args.channel ?? ""),
      target: method === "chat.update" ? args.ts : args.thread_ts,
      id: posted,
      body: JSON.stringify({ ...args, ...(args.blocks ? { blocks: parseJson(args.blocks) } : {}) }),
    });
    res.json({ ok: true, channel: args.channel, ts: posted ?? args.ts, message_ts: `${ts}.000200`, message: {} });
  });
  const { base, fake } = await serve(app, calls, waiters);
  return {
    ...fake,
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    answered: (id, timeoutMs) => fake.first(0, (call) => call.method === "response" && call.channel === id, timeoutMs),
  };
}

/** The Bot Framework connector: posts, replies and updates recorded with their arrival time. */
export async function startTimedConnector(): Promise<TimedFake & { readonly serviceUrl: string }> {
  const calls: TimedCall[] = [];
  const waiters = new Set<() => void>();
  let next = 1;
  const app = express();
  app.use(express.json({ limit: "5mb" }));
  const handle = (verb: "POST" | "PUT") => (req: express.Request, res: express.Response) => {
    const at = now();
    const conversation = decodeURIComponent(String(req.params.conversationId));
    const activity = req.params.activityId ? decodeURIComponent(String(req.params.activityId)) : undefined;
    const id = verb === "PUT" ? activity : `activity-${next++}`;
    record(calls, waiters, { at, method: verb, channel: conversation, target: activity, id, body: JSON.stringify(req.body) });
    res.json({ id });
  };
  app.post("/v3/conversations/:conversationId/activities", handle("POST"));
  app.post("/v3/conversations/:conversationId/activities/:activityId", handle("POST"));
  app.put("/v3/conversations/:conversationId/activities/:activityId", handle("PUT"));
  const { base, fake } = await serve(app, calls, waiters);
  return { ...fake, serviceUrl: `${base}/` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
