import { createHmac } from "node:crypto";

/** Signs a body the way Slack does (`v0:<timestamp>:<body>`, HMAC-SHA256 with the signing secret). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignedPostOptions {
  readonly secret: string;
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  /** Overrides the computed signature (a forged one). */
  readonly signature?: string;
  readonly retryNum?: number;
  /** JSON for Events API deliveries; form-encoded (the default) for commands and interactivity. */
  readonly json?: boolean;
}

/** POSTs a body to /slack/events as Slack would, signed. */
export async function postSigned(baseUrl: string, body: string, options: SignedPostOptions): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": options.json ? "application/json" : "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": options.signature ?? slackSignature(options.secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(`${baseUrl}/slack/events`, { method: "POST", headers, body });
}

/** A slash command's form body. */
export function commandBody(fields: { team: string; user: string; channel: string; text: string; responseUrl: string; triggerId?: string }): string {
  return new URLSearchParams({
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
    trigger_id: fields.triggerId ?? "trigger.1",
  }).toString();
}

/** An interactivity payload's form body (`payload=<json>`). */
export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload for one button click. */
export function buttonClick(fields: {
  team: string;
  user: string;
  channel: string;
  actionId: string;
  value: string;
  responseUrl: string;
  messageTs?: string;
}): unknown {
  return {
    type: "block_actions",
    team: { id: fields.team, domain: "acme" },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: fields.team },
    api_app_id: "A0CONCORD",
    token: "legacy",
    trigger_id: "trigger.2",
    channel: { id: fields.channel, name: "governance" },
    container: { type: "message", message_ts: fields.messageTs ?? "1.0", channel_id: fields.channel, is_ephemeral: false },
    message: { ts: fields.messageTs ?? "1.0", text: "" },
    response_url: fields.responseUrl,
    actions: [
      { type: "button", action_id: fields.actionId, block_id: "votes", value: fields.value, action_ts: String(Date.now() / 1000) },
    ],
  };
}

/** A view_submission payload. */
export function viewSubmission(fields: {
  team: string;
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, unknown>>;
}): unknown {
  return {
    type: "view_submission",
    team: { id: fields.team, domain: "acme" },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: fields.team },
    api_app_id: "A0CONCORD",
    token: "legacy",
    trigger_id: "trigger.3",
    view: {
      id: "V0001",
      type: "modal",
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata,
      state: { values: fields.values },
      hash: "1",
    },
  };
}
