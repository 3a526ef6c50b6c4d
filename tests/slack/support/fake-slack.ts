import type { Server } from "node:http";
import express from "express";

/** One call the fake Web API received: the method and its arguments (JSON fields decoded). */
export interface RecordedCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The bearer token the call carried (a bot token, or an app-level token for Socket Mode). */
  readonly token?: string;
}

export interface FakeSlack {
  /** The Web API base URL to give Bolt (`SLACK_API_URL`). */
  readonly apiUrl: string;
  /** A response_url that records what is posted to it. */
  responseUrl(id: string): string;
  readonly calls: RecordedCall[];
  readonly responses: { id: string; body: Record<string, unknown> }[];
  /** Calls of one method. */
  callsTo(method: string): RecordedCall[];
  /** Answers every later call of a method with what `answer` returns, instead of the default answer. */
  answer(method: string, answer: (call: RecordedCall) => Record<string, unknown>): void;
  /** Makes the next `count` calls of a method answer 429 with Retry-After (seconds). */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void;
  /** Makes the next `count` calls of a method answer with a 500. */
  fail(method: string, count: number): void;
  /**
   * Holds the next call of a method whose arguments match: it is not recorded and not answered, as if the caller
   * died mid-call. `reached` resolves when it arrives; the connection is dropped when the fake closes.
   */
  hold(method: string, when: (args: Record<string, unknown>) => boolean): { reached: Promise<void> };
  close(): Promise<void>;
}

/** A local stand-in for Slack's Web API that answers what Concord calls and records every call. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const limited = new Map<string, { count: number; retryAfter: number }>();
  const failing = new Map<string, number>();
  const holds: { method: string; when: (args: Record<string, unknown>) => boolean; arrived: () => void }[] = [];
  const held: { destroy(): void }[] = [];
  const answers = new Map<string, (call: RecordedCall) => Record<string, unknown>>();
  let ts = 1_700_000_000;
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  app.post("/response/:id", (req, res) => {
    responses.push({ id: req.params.id, body: req.body as Record<string, unknown> });
    res.json({ ok: true });
  });

  app.post("/api/:method", (req, res) => {
    const method = req.params.method;
    const limit = limited.get(method);
    if (limit && limit.count > 0) {
      limit.count -= 1;
      res.status(429).set("Retry-After", String(limit.retryAfter)).json({ ok: false, error: "ratelimited" });
      return;
    }
    const failures = failing.get(method) ?? 0;
    if (failures > 0) {
      failing.set(method, failures - 1);
      res.status(500).json({ ok: false, error: "internal_error" });
      return;
    }
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) {
      args[key] = typeof value === "string" && /^[[{]/.test(value) ? safeParse(value) : value;
    }
    const hold = holds.findIndex((h) => h.method === method && h.when(args));
    if (hold >= 0) {
      holds.splice(hold, 1)[0]!.arrived();
      held.push(req.socket);
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
    const call: RecordedCall = { method, args, ...(bearer ? { token: bearer } : {}) };
    calls.push(call);
    const answer = answers.get(method);
    if (answer) {
      res.json(answer(call));
      return;
    }
    const channel = typeof args.channel === "string" ? args.channel : "C0000";
    switch (method) {
      case "auth.test":
        res.json({ ok: true, url: "https://concord-test.slack.com/", team: "Test", user: "concord", team_id: "T0TEST", user_id: "U0BOT", bot_id: "B0BOT" });
        return;
      case "chat.postMessage":
        ts += 1;
        res.json({ ok: true, channel: channel.startsWith("U") ? `D${channel.slice(1)}` : channel, ts: `${ts}.000100`, message: {} });
        return;
      case "chat.update":
        res.json({ ok: true, channel, ts: args.ts });
        return;
      case "users.info": {
        // Every user is known, named by their id in lower case (as the payloads' handles are), unless a test answers otherwise.
        const id = String(args.user ?? "");
        res.json({ ok: true, user: { id, name: id.toLowerCase(), real_name: id.toLowerCase(), profile: { display_name: "", real_name: id.toLowerCase() } } });
        return;
      }
      case "chat.postEphemeral":
        res.json({ ok: true, message_ts: `${ts}.000200` });
        return;
      default:
        res.json({ ok: true });
    }
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method),
    answer: (method, answer) => answers.set(method, answer),
    rateLimit: (method, count, retryAfter) => limited.set(method, { count, retryAfter }),
    fail: (method, count) => failing.set(method, count),
    hold(method, when) {
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      holds.push({ method, when, arrived });
      return { reached };
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of held) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
