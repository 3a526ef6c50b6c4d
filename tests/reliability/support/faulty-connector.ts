import type { Server } from "node:http";
import express from "express";
import type { ConnectorCall } from "../../teams/support/fake-connector.js";

export interface FaultyConnector {
  /** The `serviceUrl` to put on incoming activities and stored conversation references. */
  readonly serviceUrl: string;
  /** Calls answered with success (faulted and held ones are not recorded). */
  readonly calls: ConnectorCall[];
  /** Every request received, answered or not. */
  readonly attempts: { verb: "POST" | "PUT"; conversationId: string; status: number | "held" }[];
  postsTo(conversationId: string): ConnectorCall[];
  /** The next `count` requests of a verb answer `status` (429 with Retry-After seconds, 500, 503 …). */
  fail(verb: "POST" | "PUT", count: number, status: number, retryAfterSeconds?: number): void;
  /** Holds the next request of a verb whose conversation matches: never answered, as if the connector hung. */
  hold(verb: "POST" | "PUT", when: (conversationId: string) => boolean): { reached: Promise<void> };
  close(): Promise<void>;
}

/** A Bot Framework connector stand-in that can answer with errors or not at all, and records what succeeded. */
export async function startFaultyConnector(): Promise<FaultyConnector> {
  const calls: ConnectorCall[] = [];
  const attempts: FaultyConnector["attempts"] = [];
  const failing: { verb: string; count: number; status: number; retryAfter?: number }[] = [];
  const holds: { verb: string; when: (id: string) => boolean; arrived: () => void }[] = [];
  const held: { destroy(): void }[] = [];
  let next = 1;
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  const handle = (verb: "POST" | "PUT") => (req: express.Request, res: express.Response) => {
    const conversationId = decodeURIComponent(String(req.params.conversationId));
    const activityId = req.params.activityId ? decodeURIComponent(String(req.params.activityId)) : undefined;
    const hold = holds.findIndex((h) => h.verb === verb && h.when(conversationId));
    if (hold >= 0) {
      holds.splice(hold, 1)[0]!.arrived();
      attempts.push({ verb, conversationId, status: "held" });
      held.push(req.socket);
      return;
    }
    const fault = failing.find((f) => f.verb === verb && f.count > 0);
    if (fault) {
      fault.count -= 1;
      attempts.push({ verb, conversationId, status: fault.status });
      if (fault.retryAfter !== undefined) res.set("Retry-After", String(fault.retryAfter));
      res.status(fault.status).json({ error: { code: "ServiceError", message: "injected fault" } });
      return;
    }
    attempts.push({ verb, conversationId, status: 200 });
    calls.push({ verb, conversationId, activityId, activity: req.body as Record<string, unknown> });
    res.json({ id: verb === "PUT" ? activityId : `activity-${next++}` });
  };
  app.post("/v3/conversations/:conversationId/activities", handle("POST"));
  app.post("/v3/conversations/:conversationId/activities/:activityId", handle("POST"));
  app.put("/v3/conversations/:conversationId/activities/:activityId", handle("PUT"));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    attempts,
    postsTo: (id) => calls.filter((c) => c.verb === "POST" && c.conversationId.split(";")[0] === id),
    fail: (verb, count, status, retryAfter) => failing.push({ verb, count, status, ...(retryAfter === undefined ? {} : { retryAfter }) }),
    hold(verb, when) {
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      holds.push({ verb, when, arrived });
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
