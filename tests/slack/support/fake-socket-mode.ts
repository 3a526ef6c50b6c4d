import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { FakeSlack } from "./fake-slack.js";

/** The kinds of envelope Slack sends over a Socket Mode connection that carry a payload to acknowledge. */
export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** One Socket Mode envelope, as Slack writes it on the socket. */
export interface Envelope {
  readonly envelope_id: string;
  readonly type: EnvelopeType;
  readonly payload: Record<string, unknown>;
  /** Whether the ack may carry a response (a slash command's reply, a view_submission's `response_action`). */
  readonly accepts_response_payload: boolean;
  /** Events API envelopes carry these: 0 and "" on the first delivery, then the attempt and why. */
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** What the app sends back on the socket to acknowledge an envelope. */
export interface Ack {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export interface FakeSocketMode {
  /** How many WebSocket connections the app has opened so far. */
  readonly connections: number;
  /** Every ack received, in order. */
  readonly acks: readonly Ack[];
  /** Frames from the app that are not a well-formed ack (they should never happen). */
  readonly strayFrames: readonly string[];
  /** Envelopes sent and not acknowledged yet. */
  unacknowledged(): Envelope[];
  /** Resolves once the app's `count`-th connection has been greeted with `hello`. */
  connected(count?: number, ms?: number): Promise<void>;
  /** Sends an envelope on the open connection and resolves with its ack; fails when none comes within `ms`. */
  send(envelope: Envelope, ms?: number): Promise<Ack>;
  /** Sends an envelope again, as Slack does when its ack did not arrive in time. */
  redeliver(envelope: Envelope, reason?: string): Promise<Ack>;
  /** Cuts the open connection without a close handshake, as a network failure or a recycled host would. */
  drop(): void;
  close(): Promise<void>;
}

/** Slack's wait for an ack before it counts the delivery as failed. */
const ACK_WINDOW_MS = 3_000;

/**
 * A local double of Slack's Socket Mode on loopback: `apps.connections.open` on the fake Web API (app-level
 * tokens only) answers a single-use `ws://` URL; the WebSocket server greets each connection with `hello`, sends
 * envelopes on the newest one and reads the acks by `envelope_id`.
 */
export async function startFakeSocketMode(web: FakeSlack, options: { appId?: string } = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? "A0CONCORD";
  const tickets = new Set<string>();
  const sockets: WebSocket[] = [];
  const greeted: number[] = [];
  const acks: Ack[] = [];
  const strayFrames: string[] = [];
  const sent = new Map<string, Envelope>();
  const waiting = new Map<string, ((ack: Ack) => void)[]>();
  const greetedWaiters: (() => void)[] = [];

  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket only");
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "ws://127.0.0.1");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;

  web.answer("apps.connections.open", (call) => {
    if (!call.token?.startsWith("xapp-")) return { ok: false, error: call.token ? "not_allowed_token_type" : "not_authed" };
    const ticket = randomUUID();
    tickets.add(ticket);
    return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}` };
  });

  function accept(ws: WebSocket) {
    sockets.push(ws);
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? "<binary>" : data.toString();
      const ack = parseAck(text);
      if (!ack) {
        strayFrames.push(text);
        return;
      }
      acks.push(ack);
      waiting.get(ack.envelope_id)?.shift()?.(ack);
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.filter((s) => s.readyState === s.OPEN).length,
        debug_info: { host: "applink-local", build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: appId },
      }),
      () => {
        greeted.push(sockets.length);
        for (const wake of greetedWaiters.splice(0)) wake();
      },
    );
  }

  function open(): WebSocket {
    const ws = sockets.at(-1);
    if (!ws || ws.readyState !== ws.OPEN) throw new Error("the app has no open Socket Mode connection");
    return ws;
  }

  async function deliver(envelope: Envelope, ms: number): Promise<Ack> {
    const ws = open();
    sent.set(envelope.envelope_id, envelope);
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        const queue = waiting.get(envelope.envelope_id) ?? [];
        if (queue.includes(settle)) queue.splice(queue.indexOf(settle), 1);
        reject(new Error(`no ack for the ${envelope.type} envelope ${envelope.envelope_id} within ${ms} ms`));
      }, ms);
      const settle = (ack: Ack) => {
        clearTimeout(timer);
        resolve(ack);
      };
      waiting.set(envelope.envelope_id, [...(waiting.get(envelope.envelope_id) ?? []), settle]);
    });
    ws.send(JSON.stringify(envelope));
    return acked;
  }

  return {
    get connections() {
      return sockets.length;
    },
    acks,
    strayFrames,
    unacknowledged: () => [...sent.values()].filter((e) => !acks.some((a) => a.envelope_id === e.envelope_id)),
    connected(count = 1, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (greeted.includes(count) && sockets[count - 1]?.readyState === 1) {
            clearTimeout(timer);
            resolve();
          } else greetedWaiters.push(check);
        };
        const timer = setTimeout(() => reject(new Error(`the app did not open connection #${count} within ${ms} ms`)), ms);
        check();
      });
    },
    send: (envelope, ms = ACK_WINDOW_MS) => deliver(envelope, ms),
    redeliver: (envelope, reason = "timeout") =>
      deliver({ ...envelope, retry_attempt: (envelope.retry_attempt ?? 0) + 1, retry_reason: reason }, ACK_WINDOW_MS),
    drop() {
      open().terminate();
    },
    close: () =>
      new Promise((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function parseAck(text: string): Ack | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof frame !== "object" || frame === null) return undefined;
  const { envelope_id, payload, ...rest } = frame as Record<string, unknown>;
  if (typeof envelope_id !== "string" || Object.keys(rest).length > 0) return undefined;
  if (payload !== undefined && (typeof payload !== "object" || payload === null || Array.isArray(payload))) return undefined;
  return { envelope_id, ...(payload ? { payload: payload as Record<string, unknown> } : {}) };
}

/** A `slash_commands` envelope: the command's form fields as a JSON payload. */
export function slashCommandEnvelope(fields: {
  team: string;
  user: string;
  channel: string;
  text: string;
  responseUrl: string;
  triggerId?: string;
}): Envelope {
  return {
    envelope_id: randomUUID(),
    type: "slash_commands",
    accepts_response_payload: true,
    payload: {
      token: "legacy",
      team_id: fields.team,
      team_domain: "acme",
      channel_id: fields.channel,
      channel_name: "data",
      user_id: fields.user,
      user_name: fields.user.toLowerCase(),
      command: "/glossary",
      text: fields.text,
      api_app_id: "A0CONCORD",
      response_url: fields.responseUrl,
      trigger_id: fields.triggerId ?? `${Date.now()}.trigger`,
    },
  };
}

/** An `interactive` envelope around a block_actions or view_submission payload. */
export function interactiveEnvelope(payload: unknown): Envelope {
  const body = payload as Record<string, unknown>;
  return {
    envelope_id: randomUUID(),
    type: "interactive",
    // Only a view submission's ack can answer (`response_action`); a click is answered through response_url.
    accepts_response_payload: body.type === "view_submission",
    payload: body,
  };
}

/** An `events_api` envelope around one event, as its first delivery. */
export function eventsApiEnvelope(fields: { team: string; event: Record<string, unknown> }): Envelope {
  const eventId = `Ev${randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;
  return {
    envelope_id: randomUUID(),
    type: "events_api",
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: "",
    payload: {
      token: "legacy",
      team_id: fields.team,
      api_app_id: "A0CONCORD",
      event: fields.event,
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: fields.team, user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `4-${String(fields.event.type)}-${fields.team}`,
    },
  };
}
