import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, castVote, changeDomainOwner, importTerm, proposeDeprecation } from "../../src/core/index.js";
import * as ids from "../../src/slack/blocks/ids.js";
import { describeEachDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import { commandBody, postSigned, slackSignature } from "../slack/support/signed.js";
import { messageActivity, startFakeConnector, TENANT, type FakeConnector, type TeamsUser } from "../teams/support/fake-connector.js";
import { gzipSync } from "node:zlib";
import {
  BOLT_500_BODIES,
  commandCorpus,
  CONTROL_IN_PAGE_REQUESTS,
  interactivityCorpus,
  MALFORMED_BODIES,
  MALFORMED_PATHS,
  malformedTeamsActivities,
  NOT_GZIP,
  TEAMS_VALUES,
  UNCHECKED_CARD_PROPOSALS,
} from "./support/corpus.js";
import { impoliteness, inBatches } from "./support/polite.js";
import { changedTables, snapshotTables, type TableState } from "./support/snapshot.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TEAM = "T0TEST";
const GOVERNANCE = "C0GOVERNANCE1";
/** The sender of every bad input: a member Concord has never seen, who owns nothing and is no admin. */
const MALLORY = "U0MALLORY";
const mallory: TeamsUser = { name: "Mallory", aad: "0b7a2f1e-9999-4c3e-9a55-8f6f2e1d9c99" };
/**
 * Teams stores the conversation reference of every message it receives (so Concord can post there later): that is
 * the one write a message may cause, and it is checked apart (a reference per conversation, never more). Every
 * signed Slack request is remembered for five minutes, so that a replay of it is ignored.
 */
const REMEMBERED_ON_SIGHT = ["conversations", "seen_slack_requests"];
const CONCURRENCY = 8;
/** The console's Concord requires a token on its pages, so that a malformed address is seen refused before it. */
const PAGES_TOKEN = "pages-token-for-bad-inputs-0123";

/** One entry of the corpus that misbehaved, and how. */
interface Problem {
  readonly input: string;
  readonly problem: string;
}

const label = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

describeEachDatabase(
  "bad inputs through every entry point",
  (database) => {
    let slack: FakeSlack;
    let connector: FakeConnector;
    let concord: Concord;
    let consoleConcord: Concord;
    let base: string;
    let consoleBase: string;
    let counter = 0;
    const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));

    beforeAll(async () => {
      slack = await startFakeSlack();
      connector = await startFakeConnector();
      const port = await freePort();
      concord = await startConcord(
        loadConfig({
          PORT: String(port),
          SLACK_BOT_TOKEN: "xoxb-test-token",
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          ADMIN_USERS: `slack:${TEAM}:U0ADMIN`,
          GLOSSARY_CHANNEL: GOVERNANCE,
        }),
        createMemoryLogger(),
        { database: database().opened, clock, schedule: false },
      );
      base = `http://127.0.0.1:${port}`;
      const consolePort = await freePort();
      consoleConcord = await startConcord(loadConfig({ PORT: String(consolePort), ADMIN_USERS: "local:ada", PAGES_TOKEN }), createMemoryLogger(), {
        database: database().opened,
        clock,
        schedule: false,
      });
      consoleBase = `http://127.0.0.1:${consolePort}`;

      // Customer is deprecated by proposal #1, now closed: no line of the corpus can amend, deprecate or vote validly.
      const deps = concord.deps;
      const admin = { ref: `slack:${TEAM}:U0ADMIN` };
      await addDomain(deps, admin, { slug: "sales", name: "Sales" });
      for (const owner of ["U0SALES", "U0SALES2"]) {
        await changeDomainOwner(deps, admin, { slug: "sales", action: "add", owner: `slack:${TEAM}:${owner}` });
      }
      await importTerm(deps, admin, { name: "Customer", text: "A person or company that has paid for at least one order.", ownerDomain: "sales" });
      const { proposal } = await proposeDeprecation(deps, { ref: `slack:${TEAM}:U0SALES` }, { term: "Customer" });
      const vote = await castVote(deps, { ref: `slack:${TEAM}:U0SALES2` }, { proposalId: proposal.id, position: "approve" });
      expect(vote.decided).toBeTruthy();
      await drainOutboxes();
    });

    afterAll(async () => {
      await consoleConcord?.stop();
      await concord?.stop();
      await connector?.close();
      await slack?.close();
    });

    /** Delivers everything queued, so the snapshots below see only what the inputs themselves write. */
    async function drainOutboxes() {
      for (let i = 0; i < 3; i++) {
        await concord.dispatcher.dispatchOnce();
        await consoleConcord.dispatcher.dispatchOnce();
      }
    }

    const snapshot = () => snapshotTables(database().db, REMEMBERED_ON_SIGHT);

    // What the known-bug test below queued (it opens proposals) is delivered before the console's snapshot, so a
    // console command's outbox nudge has nothing left to change.
    beforeEach(async (ctx) => {
      if (ctx.task.name.startsWith("answers every console")) await drainOutboxes();
    });

    /** Lets handlers that answer after their acknowledgement finish, then checks that nothing was written. */
    async function written(before: Record<string, TableState>) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return changedTables(before, await snapshot());
    }

    it(`answers every /glossary line of the corpus politely and writes nothing (${commandCorpus().length} lines)`, async () => {
      const corpus = commandCorpus();
      expect(corpus.length).toBeGreaterThanOrEqual(100);
      const before = await snapshot();
      const problems: Problem[] = [];
      await inBatches(corpus, CONCURRENCY, async (text) => {
        const id = `cmd${++counter}`;
        const trigger = `trigger.${id}`;
        const response = await postSigned(
          base,
          commandBody({ team: TEAM, user: MALLORY, channel: "C0DATA", text, responseUrl: slack.responseUrl(id), triggerId: trigger }),
          { secret: SECRET },
        );
        if (response.status !== 200) problems.push({ input: label(text), problem: `HTTP ${response.status}` });
        const answer = await eventually(() => {
          const posted = slack.responses.find((r) => r.id === id)?.body;
          const form = slack.callsTo("views.open").find((c) => c.args.trigger_id === trigger)?.args;
          if (!posted && !form) throw new Error("no answer yet");
          return posted ?? form;
        }, 15_000).catch(() => undefined);
        if (!answer) problems.push({ input: label(text), problem: "no answer at all (a silent drop)" });
        const leak = answer && impoliteness(answer);
        if (leak) problems.push({ input: label(text), problem: `the answer shows ${leak}` });
        if (answer && JSON.stringify(answer).includes("something went wrong on our side")) {
          problems.push({ input: label(text), problem: "answered with the apology for an internal failure, not a reason" });
        }
      });
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
    }, 90_000);

    it("answers forged and malformed interactivity payloads politely, never with a 500, and writes nothing", async () => {
      const entries = interactivityCorpus(
        {
          approve: ids.VOTE_APPROVE,
          object: ids.VOTE_OBJECT,
          abstain: ids.VOTE_ABSTAIN,
          share: ids.SHARE_TERM,
          proposeFromLookup: ids.PROPOSE_FROM_LOOKUP,
          homeSearch: ids.HOME_SEARCH,
          openLink: ids.OPEN_LINK,
          proposeModal: ids.PROPOSE_MODAL,
          objectModal: ids.OBJECT_MODAL,
        },
        { team: TEAM, user: MALLORY, channel: GOVERNANCE, responseUrl: (id) => slack.responseUrl(id) },
      );
      const before = await snapshot();
      const problems: Problem[] = [];
      await inBatches(entries, CONCURRENCY, async (entry) => {
        const response = await postSigned(base, new URLSearchParams({ payload: entry.payload }).toString(), { secret: SECRET });
        const body = await response.text();
        if (response.status >= 500) problems.push({ input: entry.name, problem: `HTTP ${response.status}` });
        const leak = impoliteness(body);
        if (leak) problems.push({ input: entry.name, problem: `the HTTP answer shows ${leak}` });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const posted of slack.responses.filter((r) => r.id.startsWith("ia"))) {
        const leak = impoliteness(posted.body);
        if (leak) problems.push({ input: posted.id, problem: `the ephemeral answer shows ${leak}` });
      }
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
    }, 90_000);

    it("answers the forged vote buttons with a reason, not silence", async () => {
      const responses = slack.responses.filter((r) => r.id.startsWith("ia"));
      // Every approve/abstain/object/share click with a response_url gets a sentence back (the link button needs none).
      expect(responses.length).toBeGreaterThan(40);
      for (const r of responses) expect(String(r.body.text ?? "")).not.toBe("");
    });

    it("refuses malformed request bodies with a 4xx (never a 500) and writes nothing", async () => {
      const before = await snapshot();
      const problems: Problem[] = [];
      // Bolt answers a request no listener acknowledges after 3 seconds: send them side by side.
      await inBatches(MALFORMED_BODIES, MALFORMED_BODIES.length, async (entry) => {
        const response = await postSigned(base, entry.body, { secret: SECRET, json: entry.contentType === "application/json" });
        const body = await response.text();
        if (response.status >= 500) problems.push({ input: entry.name, problem: `HTTP ${response.status}: ${body.slice(0, 120)}` });
        const leak = impoliteness(body);
        if (leak) problems.push({ input: entry.name, problem: `the HTTP answer shows ${leak}` });
      });
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
    }, 90_000);

    it("refuses forged, stale, future and missing signatures on interactivity and events too, with 401 and no write", async () => {
      // tests/slack/scenario.test.ts covers a forged and a stale signature on a slash command; these are the other kinds.
      const before = await snapshot();
      const click = new URLSearchParams({
        payload: JSON.stringify({ type: "block_actions", team: { id: TEAM }, user: { id: "U0SALES", team_id: TEAM }, actions: [{ action_id: ids.VOTE_APPROVE, value: "1", type: "button" }], response_url: slack.responseUrl("sig") }),
      }).toString();
      const event = JSON.stringify({ type: "event_callback", team_id: TEAM, event_id: "Ev0SIG", event: { type: "app_home_opened", user: "U0SALES", tab: "home" } });
      const now = Math.floor(Date.now() / 1000);
      const command = commandBody({ team: TEAM, user: "U0ADMIN", channel: "C0DATA", text: "domain add evil Evil", responseUrl: slack.responseUrl("sig") });
      for (const [body, json] of [[click, false], [event, true], [command, false]] as const) {
        const cases: { name: string; headers: Record<string, string> }[] = [
          { name: "forged", headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": "v0=" + "0".repeat(64) } },
          { name: "signed for another body", headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": slackSignature(SECRET, now, body + "&x=1") } },
          { name: "stale (6 minutes)", headers: { "x-slack-request-timestamp": String(now - 360), "x-slack-signature": slackSignature(SECRET, now - 360, body) } },
          { name: "from the future (6 minutes ahead)", headers: { "x-slack-request-timestamp": String(now + 360), "x-slack-signature": slackSignature(SECRET, now + 360, body) } },
          { name: "no signature", headers: { "x-slack-request-timestamp": String(now) } },
          { name: "no timestamp", headers: { "x-slack-signature": slackSignature(SECRET, now, body) } },
          { name: "timestamp not a number", headers: { "x-slack-request-timestamp": "soon", "x-slack-signature": slackSignature(SECRET, now, body) } },
          { name: "v1 scheme", headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": slackSignature(SECRET, now, body).replace("v0=", "v1=") } },
        ];
        for (const c of cases) {
          const response = await fetch(`${base}/slack/events`, {
            method: "POST",
            headers: { "content-type": json ? "application/json" : "application/x-www-form-urlencoded", ...c.headers },
            body,
          });
          expect({ kind: json ? "event" : "form", case: c.name, status: response.status }).toEqual({ kind: json ? "event" : "form", case: c.name, status: 401 });
        }
      }
      expect(slack.responses.filter((r) => r.id === "sig")).toEqual([]);
      expect(await written(before)).toEqual({});
    });

    /** Sends one activity to /api/messages and waits for what the bot posted back to its conversation. */
    async function sendTeams(activity: Record<string, unknown>, conversationId: string) {
      const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      const replies = await eventually(() => {
        const found = connector.calls.filter((c) => c.conversationId.split(";")[0] === conversationId);
        if (found.length === 0) throw new Error("no reply yet");
        return found.map((c) => c.activity);
      }, 15_000).catch(() => undefined);
      return { status: response.status, replies };
    }

    it(`answers every Teams message and card value of the corpus politely and writes nothing but the conversation reference`, async () => {
      const before = await snapshot();
      const conversationsBefore = await snapshotTables(database().db).then((s) => s.conversations!.rows);
      const problems: Problem[] = [];
      const inputs: { text?: string; value?: unknown }[] = [...commandCorpus().map((text) => ({ text })), ...TEAMS_VALUES.map((value) => ({ value }))];
      const conversation = (i: number) => `a:personal-bad-${i}`;
      await inBatches(inputs, CONCURRENCY, async (input, i) => {
        const activity = messageActivity({
          serviceUrl: connector.serviceUrl,
          user: mallory,
          conversation: { id: conversation(i), type: "personal" },
          ...(input.text === undefined ? {} : { text: input.text }),
          ...(input.value === undefined ? {} : { value: input.value }),
        });
        if (input.value === null) activity.value = null;
        const name = input.text !== undefined ? label(input.text) : `value ${label(input.value)}`;
        const { status, replies } = await sendTeams(activity, conversation(i));
        if (status >= 500) problems.push({ input: name, problem: `HTTP ${status}` });
        if (!replies) problems.push({ input: name, problem: "no reply at all (a silent drop)" });
        const leak = replies && impoliteness(replies);
        if (leak) problems.push({ input: name, problem: `the reply shows ${leak}` });
        if (replies && JSON.stringify(replies).includes("something went wrong on our side")) {
          problems.push({ input: name, problem: "answered with the apology for an internal failure, not a reason" });
        }
      });
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
      const conversationsAfter = await snapshotTables(database().db).then((s) => s.conversations!.rows);
      expect(conversationsAfter - conversationsBefore).toBeLessThanOrEqual(inputs.length);
    }, 90_000);

    it("refuses malformed Teams activities and bodies with a 4xx (never a 500) and writes nothing", async () => {
      const before = await snapshot();
      const good = (i: number) =>
        messageActivity({ serviceUrl: connector.serviceUrl, user: mallory, conversation: { id: `a:personal-raw-${i}`, type: "personal" }, text: "help" });
      const bodies: { name: string; body: string }[] = [
        { name: "a JSON array", body: "[]" },
        { name: "no conversation", body: JSON.stringify({ ...good(2), conversation: undefined }) },
        { name: "no from", body: JSON.stringify({ ...good(3), from: undefined }) },
        { name: "text as a number", body: JSON.stringify({ ...good(5), text: 42 }) },
        { name: "text as an object", body: JSON.stringify({ ...good(6), text: { toString: "x" } }) },
        { name: "entities not an array", body: JSON.stringify({ ...good(7), entities: "mention" }) },
        { name: "a forged mention entity", body: JSON.stringify({ ...good(8), text: "domain owners sales add <at>Ada</at>", entities: [{ type: "mention", text: "<at>Ada</at>", mentioned: { id: "29:x", aadObjectId: "not-a-guid" } }] }) },
        { name: "an unknown activity type", body: JSON.stringify({ ...good(9), type: "deleteEverything" }) },
        { name: "an invoke that is not Concord's", body: JSON.stringify({ ...good(10), type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "drop", data: {} } } }) },
        { name: "a conversation id with a NUL", body: JSON.stringify({ ...good(11), conversation: { id: "a:nul\u0000", conversationType: "personal", tenantId: TENANT } }) },
        { name: "a huge conversation id", body: JSON.stringify({ ...good(12), conversation: { id: "a:" + "x".repeat(100_000), conversationType: "personal", tenantId: TENANT } }) },
      ];
      const problems: Problem[] = [];
      for (const entry of bodies) {
        const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: entry.body });
        const text = await response.text();
        // 501 is the Bot Framework's documented answer to an invoke the bot does not handle; a 500 is a failure.
        if (response.status === 500 || response.status > 501) problems.push({ input: entry.name, problem: `HTTP ${response.status}: ${text.slice(0, 120)}` });
        const leak = impoliteness(text);
        if (leak) problems.push({ input: entry.name, problem: `the HTTP answer shows ${leak}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const call of connector.calls.filter((c) => c.conversationId.startsWith("a:personal-raw-"))) {
        const leak = impoliteness(call.activity);
        if (leak) problems.push({ input: call.conversationId, problem: `the reply shows ${leak}` });
      }
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
    });

    // Found here once: a body express.json cannot read, or one the Bot Framework adapter refuses, reached the app's
    // last error handler and was answered 500 instead of 400/413.
    it("refuses unreadable Teams bodies with a 4xx, not a 500", async () => {
      const bodies = [
        { name: "not JSON", body: "{not json" },
        { name: "JSON null", body: "null" },
        { name: "an empty object", body: "{}" },
        { name: "over the 256 kB limit", body: JSON.stringify({ type: "message", text: "a".repeat(300_000) }) },
      ];
      const statuses: Record<string, number> = {};
      for (const entry of bodies) {
        const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: entry.body });
        statuses[entry.name] = response.status;
      }
      expect(statuses).toEqual({ "not JSON": 400, "JSON null": 400, "an empty object": 400, "over the 256 kB limit": 413 });
    });

    // Found here once: Bolt's ExpressReceiver throws on a signed payload that is JSON null, a block_actions without
    // a user or a view_submission without a view, and answered 500.
    it("refuses a signed payload of JSON null, without a user or without a view with a 400, not a 500", async () => {
      const before = await snapshot();
      const answers: string[] = [];
      for (const entry of BOLT_500_BODIES) {
        const response = await postSigned(base, entry.body, { secret: SECRET });
        answers.push(`${response.status} ${await response.text()}`);
      }
      expect(answers).toEqual([
        '400 {"error":"bad_request","message":"That is not a Slack payload Concord can read: the payload is not an object."}',
        '400 {"error":"bad_request","message":"That is not a Slack payload Concord can read: a block_actions payload names no user."}',
        '400 {"error":"bad_request","message":"That is not a Slack payload Concord can read: a view_submission payload has no view."}',
      ]);
      expect(await written(before)).toEqual({});
    });

    it("answers malformed addresses with 400 on every route, before any token is asked for", async () => {
      const before = await snapshot();
      const answers: Record<string, string> = {};
      for (const path of MALFORMED_PATHS) {
        for (const [face, at] of [["chat", base], ["console", consoleBase]] as const) {
          const response = await fetch(at + path);
          const body = await response.text();
          answers[`${face} ${path}`] = `${response.status} ${impoliteness(body) ?? (body.length < 300 ? "short" : "long")}`;
        }
      }
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((key) => [key, "400 short"])));
      expect(await written(before)).toEqual({});
    });

    it("answers a NUL or another control character in a page's path or search with 400, and writes nothing", async () => {
      const before = await snapshot();
      const answers: Record<string, number> = {};
      for (const path of CONTROL_IN_PAGE_REQUESTS) {
        const open = await fetch(base + path);
        const tokened = await fetch(consoleBase + path, { headers: { authorization: `Bearer ${PAGES_TOKEN}` } });
        const withoutToken = await fetch(consoleBase + path);
        for (const response of [open, tokened]) expect(impoliteness(await response.text())).toBeUndefined();
        answers[path] = open.status;
        answers[`${path} (with the token)`] = tokened.status;
        answers[`${path} (without the token)`] = withoutToken.status;
      }
      expect(answers).toEqual(
        Object.fromEntries(Object.keys(answers).map((key) => [key, key.endsWith("(without the token)") ? 401 : 400])),
      );
      expect(await written(before)).toEqual({});
    });

    it("answers a body that is not compressed as its Content-Encoding says with 400, on Teams and the console", async () => {
      const before = await snapshot();
      const activity = (id: string) =>
        JSON.stringify(messageActivity({ serviceUrl: connector.serviceUrl, user: mallory, conversation: { id, type: "personal" }, text: "help" }));
      const answers: Record<string, string> = {};
      for (const { name, encoding } of NOT_GZIP) {
        const teams = await fetch(`${base}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-encoding": encoding },
          body: activity(`a:personal-encoding-${encoding}`),
        });
        answers[`teams: ${name}`] = `${teams.status} ${impoliteness(await teams.text()) ?? "polite"}`;
        const consoleAnswer = await fetch(`${consoleBase}/console/api/command`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-encoding": encoding },
          body: JSON.stringify({ persona: "mallory", text: "domain add evil Evil" }),
        });
        answers[`console: ${name}`] = `${consoleAnswer.status} ${impoliteness(await consoleAnswer.text()) ?? "polite"}`;
      }
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((key) => [key, "400 polite"])));
      // Real gzip is read as it should be.
      const gzipped = await fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
        body: gzipSync(activity("a:personal-real-gzip")),
      });
      expect(gzipped.status).toBe(200);
      expect(await written(before)).toEqual({});
      expect(connector.calls.filter((c) => c.conversationId.startsWith("a:personal-encoding-"))).toEqual([]);
    });

    it("answers Teams activities of the wrong shape with 400: no turn, no apology, no stored conversation", async () => {
      const before = await snapshotTables(database().db);
      let n = 0;
      const good = () =>
        messageActivity({ serviceUrl: connector.serviceUrl, user: mallory, conversation: { id: `a:personal-shape-${++n}`, type: "personal" }, text: "help" });
      const answers: Record<string, string> = {};
      for (const { name, activity } of malformedTeamsActivities(good)) {
        const response = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
        const body = await response.text();
        answers[name] = `${response.status} ${impoliteness(body) ?? (body.length < 300 ? "short" : "long")}`;
      }
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((key) => [key, "400 short"])));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connector.calls.filter((c) => c.conversationId === "" || c.conversationId.startsWith("a:personal-shape-"))).toEqual([]);
      expect(changedTables(before, await snapshotTables(database().db))).toEqual({});
    });

    // A card's propose form is checked like the propose command: length and characters of every field.
    it("refuses card proposals over the limits or with control characters, on Teams and the console", async () => {
      const before = await snapshot();
      const answers: string[] = [];
      for (const [i, value] of UNCHECKED_CARD_PROPOSALS.entries()) {
        const id = `a:personal-unchecked-${i}`;
        const activity = messageActivity({ serviceUrl: connector.serviceUrl, user: mallory, conversation: { id, type: "personal" }, value });
        const { replies } = await sendTeams(activity, id);
        answers.push(JSON.stringify(replies));
        answers.push((await consolePost("action", JSON.stringify({ persona: "mallory", data: value }))).text);
      }
      expect(answers.filter((a) => a.includes("something went wrong on our side"))).toEqual([]);
      expect(await written(before)).toEqual({});
    });

    /** POSTs JSON to the console API of the Concord without chat settings. */
    async function consolePost(path: string, body: string, contentType = "application/json") {
      const response = await fetch(`${consoleBase}/console/api/${path}`, { method: "POST", headers: { "content-type": contentType }, body });
      return { status: response.status, text: await response.text() };
    }

    it("answers every console command and action of the corpus politely, never with a 500, and writes nothing", async () => {
      const before = await snapshot();
      const problems: Problem[] = [];
      const check = (name: string, result: { status: number; text: string }) => {
        if (result.status >= 500) problems.push({ input: name, problem: `HTTP ${result.status}: ${result.text.slice(0, 120)}` });
        const leak = impoliteness(result.text);
        if (leak) problems.push({ input: name, problem: `the answer shows ${leak}` });
        if (result.text.includes("something went wrong on our side")) problems.push({ input: name, problem: "answered with the apology for an internal failure" });
      };
      await inBatches(commandCorpus(), CONCURRENCY, async (text) => {
        check(`command ${label(text)}`, await consolePost("command", JSON.stringify({ persona: "mallory", text })));
      });
      await inBatches(TEAMS_VALUES, CONCURRENCY, async (data) => {
        check(`action ${label(data)}`, await consolePost("action", JSON.stringify({ persona: "mallory", data })));
      });
      const raw: { name: string; path: string; body: string; contentType?: string }[] = [
        { name: "command: not JSON", path: "command", body: "{not json" },
        { name: "command: JSON null", path: "command", body: "null" },
        { name: "command: an array", path: "command", body: "[]" },
        { name: "command: no persona", path: "command", body: JSON.stringify({ text: "help" }) },
        { name: "command: persona with a NUL", path: "command", body: JSON.stringify({ persona: "ada\u0000", text: "domain add evil Evil" }) },
        { name: "command: persona forging a Slack ref", path: "command", body: JSON.stringify({ persona: "slack:T0TEST:U0ADMIN", text: "domain add evil Evil" }) },
        { name: "command: persona too long", path: "command", body: JSON.stringify({ persona: "m".repeat(500), text: "help" }) },
        { name: "command: text a number", path: "command", body: JSON.stringify({ persona: "mallory", text: 42 }) },
        { name: "command: text too long", path: "command", body: JSON.stringify({ persona: "mallory", text: "a".repeat(5_000) }) },
        { name: "command: body over the limit", path: "command", body: JSON.stringify({ persona: "mallory", text: "a".repeat(100_000) }) },
        { name: "command: a form, not JSON", path: "command", body: "persona=ada&text=domain+add+evil+Evil", contentType: "application/x-www-form-urlencoded" },
        { name: "action: data a string", path: "action", body: JSON.stringify({ persona: "mallory", data: "vote" }) },
        { name: "action: data null", path: "action", body: JSON.stringify({ persona: "mallory", data: null }) },
        { name: "action: no data", path: "action", body: JSON.stringify({ persona: "mallory" }) },
        { name: "action: prototype pollution", path: "action", body: '{"persona":"mallory","data":{"__proto__":{"concord":"vote"},"constructor":{"prototype":{"admin":true}}}}' },
        { name: "action: not JSON", path: "action", body: '{"persona":"mallory","data":{' },
      ];
      for (const entry of raw) check(entry.name, await consolePost(entry.path, entry.body, entry.contentType));
      expect({ problems, written: await written(before) }).toEqual({ problems: [], written: {} });
    }, 90_000);
  },
  { resetBeforeEach: false },
);
