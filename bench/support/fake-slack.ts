import type { Server } from "node:http";
import express from "express";

/** A response_url post as the fake received it, with when it arrived (performance.now()). */
export interface ReceivedResponse {
  readonly id: string;
  readonly at: number;
  readonly body: Record<string, unknown>;
}

/** A local stand-in for Slack's Web API and response URLs, enough for Concord's HTTP mode under load. */
export interface FakeSlack {
  /** The Web API base URL to give Concord (`SLACK_API_URL`). */
  readonly apiUrl: string;
  /** A response_url that records what is posted to it under `id`. */
  responseUrl(id: string): string;
  /** Resolves with the first post to response_url `id` (at once when it already came). */
  response(id: string, timeoutMs?: number): Promise<ReceivedResponse>;
  /** Web API calls received, by method. */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port; it answers every Web API method `ok` and keeps no call bodies. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const received = new Map<string, ReceivedResponse>();
  const waiting = new Map<string, (response: ReceivedResponse) => void>();
  const calls = new Map<string, number>();
  let ts = 1_700_000_000;
  const app = express();
  app.use(express.urlencoded({ extended: false, limit: "5mb" }));
  app.use(express.json({ limit: "5mb" }));

  app.post("/response/:id", (req, res) => {
    const response = { id: req.params.id, at: performance.now(), body: req.body as Record<string, unknown> };
    if (!received.has(response.id)) received.set(response.id, response);
    waiting.get(response.id)?.(response);
    waiting.delete(response.id);
    res.json({ ok: true });
  });

  app.post("/api/:method", (req, res) => {
    const method = req.params.method;
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const channel = typeof req.body?.channel === "string" ? (req.body.channel as string) : "C0000";
    switch (method) {
      case "auth.test":
        res.json({ ok: true, url: "https://bench.slack.com/", team: "Bench", user: "concord", team_id: "T0BENCH", user_id: "U0BOT", bot_id: "B0BOT" });
        return;
      case "chat.postMessage":
        ts += 1;
        res.json({ ok: true, channel, ts: `${ts}.000100`, message: {} });
        return;
      case "chat.update":
        res.json({ ok: true, channel, ts: req.body?.ts });
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
    response(id, timeoutMs = 30_000) {
      const already = received.get(id);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no answer on response_url ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (response) => {
          clearTimeout(timer);
          resolve(response);
        });
      });
    },
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
