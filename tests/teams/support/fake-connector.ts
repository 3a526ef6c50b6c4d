import type { Server } from "node:http";
import express from "express";

/** One call the fake Bot Connector received. */
export interface ConnectorCall {
  readonly verb: "POST" | "PUT";
  readonly conversationId: string;
  readonly activityId: string | undefined;
  readonly activity: Record<string, unknown>;
}

export interface FakeConnector {
  /** The `serviceUrl` to put on incoming activities. */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Posts (new messages and replies) sent to a conversation (by its id before any `;messageid=`). */
  postsTo(conversationId: string): ConnectorCall[];
  close(): Promise<void>;
}

/** A local stand-in for the Bot Framework connector that records what the bot sends and updates. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let next = 1;
  const app = express();
  app.use(express.json({ limit: "1mb" }));
  const record = (verb: "POST" | "PUT") => (req: express.Request, res: express.Response) => {
    const conversationId = decodeURIComponent(String(req.params.conversationId));
    const activityId = req.params.activityId ? decodeURIComponent(String(req.params.activityId)) : undefined;
    calls.push({ verb, conversationId, activityId, activity: req.body as Record<string, unknown> });
    res.json({ id: verb === "PUT" ? activityId : `activity-${next++}` });
  };
  app.post("/v3/conversations/:conversationId/activities", record("POST"));
  app.post("/v3/conversations/:conversationId/activities/:activityId", record("POST"));
  app.put("/v3/conversations/:conversationId/activities/:activityId", record("PUT"));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    postsTo: (id) => calls.filter((c) => c.verb === "POST" && c.conversationId.split(";")[0] === id),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const BOT = { id: "28:concord-bot", name: "Concord" };

/** A Teams user: display name and AAD object id. */
export interface TeamsUser {
  readonly name: string;
  readonly aad: string;
}

/** A message activity as Teams sends it to the bot (with an @mention in channels). */
export function messageActivity(options: {
  serviceUrl: string;
  user: TeamsUser;
  text?: string;
  value?: unknown;
  conversation: { id: string; type: "personal" | "channel" | "groupChat" };
  replyToId?: string;
}): Record<string, unknown> {
  const inChannel = options.conversation.type !== "personal";
  const text = options.text === undefined ? undefined : inChannel ? `<at>Concord</at> ${options.text}` : options.text;
  return {
    type: "message",
    id: `incoming-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: "msteams",
    from: { id: `29:${options.user.aad}`, name: options.user.name, aadObjectId: options.user.aad },
    conversation: { id: options.conversation.id, conversationType: options.conversation.type, tenantId: TENANT },
    recipient: BOT,
    ...(text === undefined ? {} : { text }),
    ...(options.value === undefined ? {} : { value: options.value }),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    entities: inChannel && text ? [{ type: "mention", mentioned: BOT, text: "<at>Concord</at>" }] : [],
    channelData: {
      tenant: { id: TENANT },
      ...(options.conversation.type === "channel"
        ? { channel: { id: options.conversation.id.split(";")[0] }, team: { id: "19:team@thread.tacv2" } }
        : {}),
    },
  };
}
