import { createHmac } from "node:crypto";
import { Agent, request } from "node:http";

/** Signs a body the way Slack does (`v0:<timestamp>:<body>`, HMAC-SHA256 with the signing secret). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

// Keep-alive, as Slack's own delivery does; without it every request also pays a TCP handshake.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a form body to /slack/events, signed; resolves with the status when the acknowledgement has arrived. */
export function postSigned(baseUrl: string, body: string, secret: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const url = new URL("/slack/events", baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(secret, timestamp, body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A `/glossary` slash command's form body. */
export function commandBody(fields: { team: string; user: string; channel: string; text: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: fields.team,
    team_domain: "bench",
    channel_id: fields.channel,
    channel_name: "data",
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: "/glossary",
    text: fields.text,
    api_app_id: "A0CONCORD",
    response_url: fields.responseUrl,
    trigger_id: "trigger.1",
  }).toString();
}

/** One button click (block_actions) as an interactivity form body (`payload=<json>`). */
export function buttonClickBody(fields: {
  team: string;
  user: string;
  channel: string;
  actionId: string;
  value: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    team: { id: fields.team, domain: "bench" },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: fields.team },
    api_app_id: "A0CONCORD",
    token: "legacy",
    trigger_id: "trigger.2",
    channel: { id: fields.channel, name: "governance" },
    container: { type: "message", message_ts: "1.0", channel_id: fields.channel, is_ephemeral: false },
    message: { ts: "1.0", text: "" },
    response_url: fields.responseUrl,
    actions: [
      { type: "button", action_id: fields.actionId, block_id: "votes", value: fields.value, action_ts: String(Date.now() / 1000) },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
