import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VOTE_APPROVE } from "../src/slack/blocks/ids.js";
import type { BenchDatabase } from "./support/databases.js";
import { now, startTimedConnector, startTimedSlack, type TimedCall } from "./support/live-fakes.js";
import { buttonClickBody, commandBody, postSigned } from "./support/signed.js";
import { freePort, ms, percentiles, round } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CONSOLE_TOKEN = "bench-console-token-0123456789";
const TEAM = "T0BENCH";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const GOVERNANCE = "C0GOVERNANCE";
const SALES_TEAMS_CHANNEL = "19:sales-channel@thread.tacv2";
const BOT = { id: "28:concord-bot", name: "Concord" };
/** Longest wait for anything to reach a screen before the sample counts as missed. */
const GIVE_UP_MS = 10_000;
/** PRODUCT.md: p95 on screen ≤ 1 s on one process, ≤ 2 s across replicas. */
const BAR_MS = { 1: 1_000, 2: 2_000 } as const;

const FACES = ["slack", "teams", "console"] as const;
type Face = (typeof FACES)[number];
const STAGES = ["posted", "tally", "decided"] as const;
type Stage = (typeof STAGES)[number];
const STAGE_WORDS: Record<Stage, string> = {
  posted: "propose → the proposal's message",
  tally: "a vote → its tally update",
  decided: "the deciding vote → thread reply and message update",
};

/** Who acts on each face: the proposer and the other Sales owner, and Support's owner. */
const ACTORS: Record<Face, { proposer: string; salesVoter: string; supportVoter: string }> = {
  slack: { proposer: "U0SALES", salesVoter: "U0SALES2", supportVoter: "U0SUPPORT" },
  teams: { proposer: "0b7a2f1e-2222-4c3e-9a55-8f6f2e1d9c02", salesVoter: "0b7a2f1e-3333-4c3e-9a55-8f6f2e1d9c03", supportVoter: "0b7a2f1e-4444-4c3e-9a55-8f6f2e1d9c04" },
  console: { proposer: "sally", salesVoter: "sid", supportVoter: "sven" },
};

export interface LiveResult {
  readonly kind: "pglite" | "postgres";
  readonly replicas: 1 | 2;
  readonly iterations: number;
  /** Milliseconds from the request sent to the change on each face's screen, by face and stage. */
  readonly samples: Record<Face, Record<Stage, number[]>>;
  /** The first sample of each (the first story on a just-started process), also counted in `samples`. */
  readonly first: Record<Face, Record<Stage, number | null>>;
  readonly missed: Record<Face, number>;
  /** Faces not measured in this configuration, and why. */
  readonly notMeasured: Partial<Record<Face, string>>;
  readonly barMs: number;
}

export interface Replica {
  readonly base: string;
  readonly child: ChildProcess;
  output(): string;
}

/**
 * What people see, measured from outside: Concord runs as `npm start` runs it (one process, or two replicas on one
 * PostgreSQL), with a timed Slack Web API and Bot Framework connector double in this process and the console
 * followed as its page follows it (server-sent events, then the feed). Each story is driven through one face in
 * turn — Slack, Teams, the console — and every face's screen is timed: a new term proposed and decided by the other
 * Sales owner, then an amendment Support consumes, approved by Sales (a tally update) and by Support (the decision).
 * With two replicas, proposals go to the first and votes to the second; either may deliver.
 */
export async function runLiveBenchmark(database: BenchDatabase, options: { iterations: number; replicas: 1 | 2 }): Promise<LiveResult> {
  const slack = await startTimedSlack();
  const connector = await startTimedConnector();
  const replicas: Replica[] = [];
  const samples = emptyRecord(() => [] as number[]);
  const first = emptyRecord(() => null as number | null);
  const missed: Record<Face, number> = { slack: 0, teams: 0, console: 0 };
  const notMeasured: Partial<Record<Face, string>> = {};
  if (options.replicas === 2) {
    notMeasured.console = "the console is one process's page (it is told of what that process delivered)";
  }
  try {
    for (let k = 0; k < options.replicas; k++) {
      replicas.push(await launch({ ...database.env }, { apiUrl: slack.apiUrl }));
    }
    const proposing = replicas[0]!;
    const voting = replicas.at(-1)!;
    const watcher = options.replicas === 1 ? await followConsole(proposing.base) : undefined;
    let counter = 0;

    const slackCommand = async (base: string, user: string, text: string) => {
      const id = `c${++counter}`;
      const status = await postSigned(base, commandBody({ team: TEAM, user, channel: "C0DATA", text, responseUrl: slack.responseUrl(id) }), SECRET);
      if (status !== 200) throw new Error(`/glossary ${text} answered ${status}`);
      await slack.answered(id, GIVE_UP_MS);
    };
    const teamsMessage = async (base: string, aad: string, body: { text?: string; value?: unknown }, channel?: string) => {
      const conversation = channel ?? `a:personal-${aad}`;
      const since = now();
      const response = await fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(teamsActivity(connector.serviceUrl, aad, conversation, body)),
      });
      if (response.status >= 300) throw new Error(`Teams message answered ${response.status}`);
      await connector.first(since, (call) => call.method === "POST" && call.channel.split(";")[0] === conversation, GIVE_UP_MS);
    };
    const consoleCall = async (base: string, path: "command" | "action", body: unknown) => {
      const response = await fetch(`${base}/console/api/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-concord-console-token": CONSOLE_TOKEN },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`console ${path} answered ${response.status}`);
      await response.text();
    };

    /** The words a face's user types, as that face takes them. */
    const say = (face: Face, base: string, who: keyof (typeof ACTORS)["slack"], text: string) => {
      const actor = ACTORS[face][who];
      if (face === "slack") return slackCommand(base, actor, text);
      if (face === "teams") return teamsMessage(base, actor, { text });
      return consoleCall(base, "command", { persona: actor, text });
    };
    const approve = (face: Face, base: string, who: "salesVoter" | "supportVoter", proposalId: number) => {
      const actor = ACTORS[face][who];
      if (face === "slack") {
        const id = `v${++counter}`;
        const body = buttonClickBody({ team: TEAM, user: actor, channel: GOVERNANCE, actionId: VOTE_APPROVE, value: String(proposalId), responseUrl: slack.responseUrl(id) });
        return postSigned(base, body, SECRET).then(async (status) => {
          if (status !== 200) throw new Error(`a vote answered ${status}`);
          await slack.answered(id, GIVE_UP_MS);
        });
      }
      const value = { concord: "vote", proposalId, position: "approve" };
      if (face === "teams") return teamsMessage(base, actor, { value }, SALES_TEAMS_CHANNEL);
      return consoleCall(base, "action", { persona: actor, data: value });
    };

    // Set-up: two domains whose owners are on every face, and Sales' Teams home channel.
    for (const line of ["domain add sales Sales", "domain add support Support"]) await slackCommand(proposing.base, "U0ADMIN", line);
    for (const face of FACES) {
      for (const [domain, who] of [["sales", "proposer"], ["sales", "salesVoter"], ["support", "supportVoter"]] as const) {
        await slackCommand(proposing.base, "U0ADMIN", `domain owners ${domain} add ${refOf(face, ACTORS[face][who])}`);
      }
    }
    await teamsMessage(proposing.base, ACTORS.teams.proposer, { text: "domain channel sales" }, SALES_TEAMS_CHANNEL);

    /** Where a proposal's message lives on Slack and Teams, once posted. */
    const messages = new Map<number, { slack?: string; teams?: string }>();
    const screens = (proposalId: number, stage: Stage, since: number): Record<Face, Promise<number> | undefined> => {
      const posted = messages.get(proposalId) ?? {};
      messages.set(proposalId, posted);
      const slackScreen =
        stage === "posted"
          ? slack.first(since, (c) => c.method === "chat.postMessage" && c.channel === GOVERNANCE && !c.target, GIVE_UP_MS).then((c) => {
              posted.slack = c.id;
              return c.at;
            })
          : stage === "tally"
            ? slack.first(since, (c) => c.method === "chat.update" && c.target === posted.slack, GIVE_UP_MS).then((c) => c.at)
            : Promise.all([
                slack.first(since, (c) => c.method === "chat.update" && c.target === posted.slack, GIVE_UP_MS),
                slack.first(since, (c) => c.method === "chat.postMessage" && c.target === posted.slack, GIVE_UP_MS),
              ]).then(latest);
      const teamsScreen =
        stage === "posted"
          ? connector.first(since, (c) => c.method === "POST" && c.channel === SALES_TEAMS_CHANNEL, GIVE_UP_MS).then((c) => {
              posted.teams = c.id;
              return c.at;
            })
          : stage === "tally"
            ? connector.first(since, (c) => c.method === "PUT" && c.target === posted.teams, GIVE_UP_MS).then((c) => c.at)
            : Promise.all([
                connector.first(since, (c) => c.method === "PUT" && c.target === posted.teams, GIVE_UP_MS),
                connector.first(since, (c) => c.method === "POST" && c.channel === `${SALES_TEAMS_CHANNEL};messageid=${posted.teams}`, GIVE_UP_MS),
              ]).then(latest);
      return { slack: slackScreen, teams: teamsScreen, console: watcher?.until(since, proposalId, stage) };
    };

    /** Sends one request and times every face's screen from the moment it was sent. */
    const timed = async (proposalId: number, stage: Stage, send: () => Promise<void>) => {
      const since = now();
      const waits = screens(proposalId, stage, since);
      await send();
      for (const face of FACES) {
        const wait = waits[face];
        if (!wait) continue;
        try {
          const at = await wait;
          samples[face][stage].push(round(at - since, 1));
          first[face][stage] ??= round(at - since, 1);
        } catch {
          missed[face] += 1;
        }
      }
    };

    let proposalId = 0;
    for (let i = 0; i < options.iterations; i++) {
      const face = FACES[i % FACES.length]!;
      const term = `Live Term ${i + 1}`;
      const created = ++proposalId;
      await timed(created, "posted", () => say(face, proposing.base, "proposer", `propose ${term} for sales = What the bench agrees on first, number ${i + 1}.`));
      await timed(created, "decided", () => approve(face, voting.base, "salesVoter", created));
      await say(face, proposing.base, "supportVoter", `subscribe ${term} support`);
      const amended = ++proposalId;
      await timed(amended, "posted", () => say(face, proposing.base, "proposer", `propose ${term} = What the bench agrees on after a vote, number ${i + 1}.`));
      await timed(amended, "tally", () => approve(face, voting.base, "salesVoter", amended));
      await timed(amended, "decided", () => approve(face, voting.base, "supportVoter", amended));
    }
    watcher?.stop();
  } catch (error) {
    const logs = replicas.map((r, k) => `replica ${k + 1}:\n${r.output().slice(-2_000)}`).join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
  } finally {
    for (const replica of replicas) await stop(replica);
    await slack.close();
    await connector.close();
  }
  return { kind: database.kind, replicas: options.replicas, iterations: options.iterations, samples, first, missed, notMeasured, barMs: BAR_MS[options.replicas] };
}

/** The bar rows: p50 / p95 per face and stage, with the first (cold) figure beside them. */
export function liveRows(result: LiveResult): BarRow[] {
  const where = result.replicas === 1 ? "one process" : "two replicas";
  const rows: BarRow[] = [];
  for (const face of FACES) {
    const why = result.notMeasured[face];
    if (why) {
      rows.push({ what: `on screen, ${face}, ${where}`, bar: "—", measured: `not measured: ${why}`, holds: null });
      continue;
    }
    for (const stage of STAGES) {
      const values = result.samples[face][stage];
      const p = percentiles(values);
      const p95 = nearestRank(values, 95);
      const firstValue = result.first[face][stage];
      rows.push({
        what: `on screen, ${face}, ${where}: ${STAGE_WORDS[stage]} (p50 / p95, n; first)`,
        bar: `p95 ≤ ${ms(result.barMs)}`,
        measured: `${ms(p.p50)} / ${ms(p95)}, n=${p.n}; first ${firstValue === null ? "—" : ms(firstValue)}${result.missed[face] ? `; ${result.missed[face]} missed` : ""}`,
        holds: p.n > 0 && p95 <= result.barMs && result.missed[face] === 0,
      });
    }
  }
  return rows;
}

function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const latest = (calls: readonly TimedCall[]) => Math.max(...calls.map((c) => c.at));

function emptyRecord<T>(make: () => T): Record<Face, Record<Stage, T>> {
  const stages = () => ({ posted: make(), tally: make(), decided: make() });
  return { slack: stages(), teams: stages(), console: stages() };
}

function refOf(face: Face, actor: string): string {
  if (face === "slack") return `slack:${TEAM}:${actor}`;
  if (face === "teams") return `teams:${TENANT}:${actor}`;
  return `local:${actor}`;
}

function teamsActivity(serviceUrl: string, aad: string, conversation: string, body: { text?: string; value?: unknown }) {
  const inChannel = !conversation.startsWith("a:personal-");
  const text = body.text === undefined ? undefined : inChannel ? `<at>Concord</at> ${body.text}` : body.text;
  return {
    type: "message",
    id: `incoming-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: `29:${aad}`, name: `Bench ${aad.slice(9, 13)}`, aadObjectId: aad },
    conversation: { id: conversation, conversationType: inChannel ? "channel" : "personal", tenantId: TENANT },
    recipient: BOT,
    ...(text === undefined ? {} : { text }),
    ...(body.value === undefined ? {} : { value: body.value }),
    entities: inChannel && text ? [{ type: "mention", mentioned: BOT, text: "<at>Concord</at>" }] : [],
    channelData: { tenant: { id: TENANT }, ...(inChannel ? { channel: { id: conversation }, team: { id: "19:team@thread.tacv2" } } : {}) },
  };
}

/** Starts `src/main.ts` as `npm start` does, serving Slack, the local Teams endpoint and the console. */
/** Starts Concord as a process of its own on the database `databaseEnv` names, and waits until it is healthy. */
export async function launch(databaseEnv: Record<string, string>, fakes: { apiUrl: string }): Promise<Replica> {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), "concord-live-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SLACK_BOT_TOKEN: "xoxb-bench-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fakes.apiUrl,
      GLOSSARY_CHANNEL: GOVERNANCE,
      ADMIN_USERS: `slack:${TEAM}:U0ADMIN`,
      CONSOLE: "on",
      CONSOLE_TOKEN,
      PUBLIC_URL: "https://concord.example.com",
      ...databaseEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.once("exit", () => rmSync(home, { recursive: true, force: true }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Concord exited at start:\n${output}`);
    const healthy = await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`Concord was not ready within a minute:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { base, child, output: () => output };
}

export async function stop(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once("exit", resolve));
  replica.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (replica.child.exitCode === null) replica.child.kill("SIGKILL");
}

/** A message of the console's feed as its page receives it: its markup, and the replies in its thread. */
interface FeedMessage {
  readonly id: string;
  readonly html: string;
  readonly thread: readonly unknown[];
}

/**
 * Follows the console's channel as its page does: each server-sent `feed` event fetches the feed (one fetch at a
 * time, and one more if an event came meanwhile), and each fetched state is kept with when it arrived.
 */
async function followConsole(base: string) {
  const headers = { "x-concord-console-token": CONSOLE_TOKEN };
  const states: { at: number; messages: Map<string, { card: string; thread: number }> }[] = [];
  const waiters = new Set<() => void>();
  let fetching = false;
  let again = false;
  const refresh = async () => {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      do {
        again = false;
        const response = await fetch(`${base}/console/api/feed?persona=watcher`, { headers });
        const feed = (await response.json()) as { channel: FeedMessage[] };
        const at = now();
        states.push({ at, messages: new Map(feed.channel.map((m) => [m.id, { card: m.html, thread: m.thread.length }])) });
        for (const waiter of [...waiters]) waiter();
      } while (again);
    } finally {
      fetching = false;
    }
  };
  const controller = new AbortController();
  const stream = await fetch(`${base}/console/api/events`, { headers, signal: controller.signal });
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = "";
    try {
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (event.includes("event: feed")) void refresh();
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  await refresh();
  return {
    /** When the console first showed the stage for the proposal, in a feed fetched after `since`. */
    until(since: number, proposalId: number, stage: Stage): Promise<number> {
      const id = `proposal-${proposalId}`;
      const before = [...states].reverse().find((s) => s.at < since)?.messages.get(id)?.card;
      const shows = (state: (typeof states)[number]) => {
        const message = state.messages.get(id);
        if (!message) return false;
        if (stage === "posted") return true;
        if (stage === "tally") return message.card !== before;
        return message.thread > 0;
      };
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = states.find((s) => s.at >= since && shows(s));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.at);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("not on the console in time"));
        }, GIVE_UP_MS);
        waiters.add(check);
        check();
      });
    },
    stop: () => controller.abort(),
  };
}
