import { expect } from "vitest";
import { startConcord, type Concord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import * as slackIds from "../../../src/slack/blocks/ids.js";
import { createManualClock } from "../../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../../slack/support/fake-slack.js";
import { buttonClick, commandBody, payloadBody, postSigned } from "../../slack/support/signed.js";
import { createTestDatabase, type TestDatabase } from "../../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../../support/eventually.js";
import { messageActivity, startFakeConnector, TENANT, type FakeConnector } from "../../teams/support/fake-connector.js";
import { visibleText } from "../../web/support.js";

/*
 * Concord's three faces — Slack, Teams and the console — driven as their users would, each answer read as the words
 * a person reads (markup, links, and how each face names a member, aside), so one story told through each can be
 * compared word for word.
 */

export const START = new Date("2026-03-02T09:00:00Z");
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const PEOPLE = ["admin", "sally", "sam"] as const;
export type Person = (typeof PEOPLE)[number];

/** What a face answered and posted, as the words a person reads. */
export interface Told {
  readonly answers: Record<string, string[]>;
  readonly proposal: string[];
  readonly decision: string[];
}

/** One face of Concord, driven as its users would. */
export interface Face {
  readonly concord: Concord;
  /** Runs chat words as a person (in their domain's channel with `inChannel`) and returns the answer's words. */
  say(person: Person, text: string, inChannel?: boolean): Promise<string[]>;
  /** Clicks Approve on a proposal (#1 unless given) as a person. */
  approve(person: Person, proposalId?: number): Promise<void>;
  /** The proposal's message as it stands, and the decision's reply in its thread. */
  posted(): Promise<{ proposal: string[]; decision: string[] }>;
  readonly ownerRef: string;
  close(): Promise<void>;
}

/** The words of a text, lowercased: letters and digits only, so each face's markup falls away. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Slack mrkdwn as words: dates by their fallback, mentions by name, links by label, no emoji names or /glossary. */
function slackWords(payload: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "text" && typeof value === "string") texts.push(value);
      else walk(value);
    }
  };
  walk(payload);
  const text = texts
    .join("\n")
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1")
    .replace(/<@U0([A-Z0-9]+)>/g, (_, name: string) => name.toLowerCase())
    .replace(/<https?:[^|>]*\|([^>]*)>/g, "$1")
    .replace(/:[a-z_]+:/g, "")
    .replace(/\/glossary /g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return wordsOf(text);
}

/** An Adaptive Card (or a message's text) as words: what TextBlocks, facts, runs and buttons say; links by label. */
function teamsWords(activity: Record<string, unknown>): string[] {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if ((record.type === "TextBlock" || record.type === "TextRun") && typeof record.text === "string") texts.push(record.text);
    if (record.type === "FactSet") for (const fact of record.facts as { title: string; value: string }[]) texts.push(fact.title, fact.value);
    if (typeof record.type === "string" && record.type.startsWith("Action.") && typeof record.title === "string") texts.push(record.title);
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  const attachments = (activity.attachments as { content: unknown }[] | undefined) ?? [];
  if (attachments.length === 0) texts.push(String(activity.text ?? ""));
  walk(attachments.map((a) => a.content));
  // A member an admin named by ref before they ever spoke is shown by that ref: read it as who it names.
  const named = texts.join("\n").replace(/teams:[0-9a-f-]+:0b7a2f1e-000(\d)-[0-9a-f-]+/g, (_, i: string) => PEOPLE[Number(i)]!);
  return wordsOf(named.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\\/g, ""));
}

/** The console's markup as words. */
function consoleWords(html: string): string[] {
  return wordsOf(visibleText(html.replace(/<textarea[^>]*>[^<]*<\/textarea>/g, "")));
}

async function start(database: TestDatabase, settings: Record<string, string>): Promise<{ concord: Concord; base: string }> {
  const port = await freePort();
  const concord = await startConcord(loadConfig({ PORT: String(port), PUBLIC_URL: "https://concord.example.com", ...settings }), createMemoryLogger(), {
    database: database.opened,
    clock: createManualClock(START),
    schedule: false,
  });
  return { concord, base: `http://127.0.0.1:${port}` };
}

export async function slackFace(database: TestDatabase): Promise<Face> {
  const fake: FakeSlack = await startFakeSlack();
  const user = (person: Person) => `U0${person.toUpperCase()}`;
  const { concord, base } = await start(database, {
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    ADMIN_USERS: "slack:T0TEST:U0ADMIN",
    GLOSSARY_CHANNEL: "C0GOVERNANCE",
  });
  let counter = 0;
  const answer = async (body: string, id: string) => {
    expect((await postSigned(base, body, { secret: SECRET })).status).toBe(200);
    return eventually(() => fake.responses.find((r) => r.id === id)?.body ?? Promise.reject(new Error("no answer yet")));
  };
  return {
    concord,
    ownerRef: "<@U0SAM>",
    async say(person, text, inChannel) {
      const id = `r${++counter}`;
      const channel = inChannel ? "C0SALES" : "C0DATA";
      return slackWords((await answer(commandBody({ team: "T0TEST", user: user(person), channel, text, responseUrl: fake.responseUrl(id) }), id)).blocks);
    },
    async approve(person, proposalId = 1) {
      const id = `r${++counter}`;
      const click = buttonClick({ team: "T0TEST", user: user(person), channel: "C0GOVERNANCE", actionId: slackIds.VOTE_APPROVE, value: String(proposalId), responseUrl: fake.responseUrl(id) });
      await answer(payloadBody(click), id);
    },
    async posted() {
      const inChannel = [...fake.callsTo("chat.postMessage"), ...fake.callsTo("chat.update")].filter((c) => c.args.channel === "C0GOVERNANCE");
      const message = inChannel.filter((c) => c.args.thread_ts === undefined).at(-1)!;
      const decision = inChannel.find((c) => c.args.thread_ts !== undefined)!;
      return { proposal: slackWords(message.args.blocks), decision: slackWords(decision.args.blocks) };
    },
    async close() {
      await concord.stop();
      await fake.close();
    },
  };
}

export async function teamsFace(database: TestDatabase): Promise<Face> {
  const connector: FakeConnector = await startFakeConnector();
  const aad = (person: Person) => `0b7a2f1e-000${PEOPLE.indexOf(person)}-4c3e-9a55-8f6f2e1d9c0${PEOPLE.indexOf(person)}`;
  const { concord, base } = await start(database, { ADMIN_USERS: `teams:${TENANT}:${aad("admin")}` });
  const salesChannel = "19:sales@thread.tacv2";
  const send = async (person: Person, options: { text?: string; value?: unknown; inChannel?: boolean }) => {
    const conversation = options.inChannel ? { id: salesChannel, type: "channel" as const } : { id: `a:${person}`, type: "personal" as const };
    const before = connector.calls.length;
    const activity = messageActivity({ serviceUrl: connector.serviceUrl, user: { name: person, aad: aad(person) }, conversation, ...options });
    const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(response.status).toBeLessThan(300);
    return eventually(() => connector.calls.slice(before).find((c) => c.conversationId === conversation.id) ?? Promise.reject(new Error("no answer yet")));
  };
  return {
    concord,
    ownerRef: `teams:${TENANT}:${aad("sam")}`,
    async say(person, text, inChannel) {
      return teamsWords((await send(person, { text, ...(inChannel ? { inChannel } : {}) })).activity);
    },
    async approve(person, proposalId = 1) {
      await send(person, { value: { concord: "vote", proposalId, position: "approve" } });
    },
    async posted() {
      const card = connector.calls.filter((c) => c.conversationId === salesChannel && c.activity.attachments !== undefined).at(-1)!;
      const decision = connector.calls.find((c) => c.conversationId.startsWith(`${salesChannel};messageid=`))!;
      return { proposal: teamsWords(card.activity), decision: teamsWords(decision.activity) };
    },
    async close() {
      await concord.stop();
      await connector.close();
    },
  };
}

export async function consoleFace(database: TestDatabase): Promise<Face> {
  const { concord, base } = await start(database, { ADMIN_USERS: "local:admin" });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/console/api/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: { text?: string; html?: string }[] }).messages[0]!;
  };
  return {
    concord,
    ownerRef: "local:sam",
    async say(person, text) {
      const message = await post("command", { persona: person, text });
      return message.html === undefined ? wordsOf(message.text ?? "") : consoleWords(message.html);
    },
    async approve(person, proposalId = 1) {
      await post("action", { persona: person, data: { concord: "vote", proposalId, position: "approve" } });
    },
    async posted() {
      const feed = (await (await fetch(`${base}/console/api/feed`)).json()) as { channel: { html: string; thread: { html: string }[] }[] };
      return { proposal: consoleWords(feed.channel[0]!.html), decision: consoleWords(feed.channel[0]!.thread[0]!.html) };
    },
    async close() {
      await concord.stop();
    },
  };
}

export type FaceName = "slack" | "teams" | "console";

/**
 * What `tell` gave through each face in turn, each on an embedded database of its own; every face and database is
 * closed before this returns, however `tell` ended.
 */
export async function onEveryFace<T>(tell: (face: Face, database: TestDatabase) => Promise<T>): Promise<Record<FaceName, T>> {
  const results: Partial<Record<FaceName, T>> = {};
  for (const [name, make] of [
    ["slack", slackFace],
    ["teams", teamsFace],
    ["console", consoleFace],
  ] as const) {
    const database = await createTestDatabase("pglite");
    try {
      const face = await make(database);
      try {
        results[name] = await tell(face, database);
      } finally {
        await face.close();
      }
    } finally {
      await database.close();
    }
  }
  return results as Record<FaceName, T>;
}
