import { networkInterfaces } from "node:os";
import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm, sweepProposals } from "../../src/core/index.js";
import { auditEvents, domains, members, proposals, terms, votes } from "../../src/db/schema/index.js";
import { createManualClock } from "../fixtures/glossary.js";
import { startFakeSlack, type FakeSlack } from "../slack/support/fake-slack.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { visibleText } from "./support.js";

const CUSTOMER = "A person or company that has paid for at least one order.";
const AMENDED = "A person or company that has paid for at least one order in the last 24 months.";
const START = new Date("2026-03-02T09:00:00Z");
const HOUR = 60 * 60 * 1000;
const TOKEN = "console-token-for-tests-0123456789";
const TOKEN_HEADER = "x-concord-console-token";

interface Message {
  readonly text?: string;
  readonly html?: string;
}
interface FeedMessage {
  readonly id: string;
  readonly html: string;
  readonly thread: readonly { html: string }[];
}
interface Feed {
  readonly channel: readonly FeedMessage[];
  readonly direct: readonly FeedMessage[];
}

/** Every string a person reads in the console's markup of a message (its text, the buttons' labels). */
function cardText(markup: string | undefined): string {
  return visibleText(markup ?? "");
}

/** What the console shows for one answer: the text, or the words of its card. */
function shown(message: Message | undefined): string {
  return message?.text ?? cardText(message?.html);
}

/** The action buttons of a card, with the action each sends back, as the browser reads them. */
function buttons(markup: string): { title: string; data: Record<string, unknown> }[] {
  return [...markup.matchAll(/<button[^>]*data-action="([^"]*)"[^>]*>([^<]*)<\/button>/g)].map((match) => ({
    title: match[2]!,
    data: JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as Record<string, unknown>,
  }));
}

async function rows(database: TestDatabase, table: PgTable): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

/** The rows a refused request must not have added to. */
async function written(database: TestDatabase) {
  return {
    members: await rows(database, members),
    domains: await rows(database, domains),
    proposals: await rows(database, proposals),
    votes: await rows(database, votes),
    audit: await rows(database, auditEvents),
  };
}

/** Sales (Sally and Sam) owns Customer; Support (Sven) consumes it. */
async function seed(concord: Concord): Promise<void> {
  const admin = { ref: "local:admin" };
  for (const [slug, name, owners] of [
    ["sales", "Sales", ["local:sally", "local:sam"]],
    ["support", "Support", ["local:sven"]],
  ] as const) {
    await addDomain(concord.deps, admin, { slug, name });
    for (const owner of owners) await changeDomainOwner(concord.deps, admin, { slug, action: "add", owner });
  }
  await importTerm(concord.deps, admin, { name: "Customer", text: CUSTOMER, ownerDomain: "sales", consumers: ["support"] });
}

/** A non-loopback address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === "IPv4" && !entry.internal) return entry.address;
  }
  return undefined;
}

describeEachDatabase("the local console over HTTP", (database) => {
  const running: Concord[] = [];
  const fakes: FakeSlack[] = [];
  let clock: ReturnType<typeof createManualClock>;

  async function start(settings: Record<string, string> = {}) {
    const port = await freePort();
    clock = createManualClock(START);
    const concord = await startConcord(loadConfig({ PORT: String(port), ...settings }), createMemoryLogger(), {
      database: database().opened,
      clock,
      schedule: false,
    });
    running.push(concord);
    const base = `http://127.0.0.1:${port}`;
    return { concord, port, base };
  }

  afterEach(async () => {
    for (const concord of running.splice(0)) await concord.stop();
    for (const fake of fakes.splice(0)) await fake.close();
  });

  /** A local-only Concord with the glossary seeded, and the console's API as a person at the page would call it. */
  async function startConsole() {
    const started = await start();
    await seed(started.concord);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${started.base}/console/api/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: started.base, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const answer = async (path: string, body: unknown) => {
      const res = await post(path, body);
      expect(res.status).toBe(200);
      return ((await res.json()) as { messages: Message[] }).messages;
    };
    const command = async (persona: string, text: string) => (await answer("command", { persona, text }))[0];
    const action = async (persona: string, data: Record<string, unknown>) => (await answer("action", { persona, data }))[0];
    const feed = async (persona?: string) => {
      const res = await fetch(`${started.base}/console/api/feed${persona ? `?persona=${persona}` : ""}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Feed;
    };
    /** Delivers the outbox, then waits until the channel shows what `check` expects. */
    const settled = async <T>(persona: string | undefined, check: (feed: Feed) => T) =>
      eventually(async () => {
        await started.concord.dispatcher.dispatchOnce();
        return check(await feed(persona));
      });
    return { ...started, post, command, action, feed, settled };
  }

  describe("the page", () => {
    it("serves the page and its scripts with a content security policy and nosniff", async () => {
      const { base } = await start();
      for (const [path, type, marker] of [
        ["/console/", "text/html", "<html"],
        ["/console/console.js", "text/javascript", "/console/api/"],
      ] as const) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get("content-type"), path).toContain(type);
        expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
        const csp = res.headers.get("content-security-policy") ?? "";
        expect(csp, path).toContain("default-src 'none'");
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(await res.text(), path).toContain(marker);
      }
    });
  });

  describe("commands as a persona", () => {
    it("answers help, a definition and an unknown word with cards", async () => {
      const { command } = await startConsole();
      const help = await command("sally", "help");
      expect(help?.html).toContain('class="card"');
      expect(shown(help)).toMatch(/propose/);
      expect(shown(help)).toMatch(/define/);

      const define = await command("Sally", "define Customer");
      expect(define?.html).toContain('class="card"');
      expect(shown(define)).toContain("Customer");
      expect(shown(define)).toContain(CUSTOMER);

      // A mistyped command word: the lookup it becomes, with the command it probably was.
      const mistyped = await command("sally", "serach Customer");
      expect(shown(mistyped)).toMatch(/did you mean/i);
      expect(shown(mistyped)).toContain("search Customer");
      // A single word that is neither a command nor a term: nothing found, and an offer to propose it.
      const unknown = await command("sally", "hepl");
      expect(shown(unknown)).toMatch(/no term/i);
      expect(shown(unknown)).toMatch(/propose/i);
    });

    it("lists the personas: the local admin and each domain's owners", async () => {
      const { base } = await startConsole();
      const res = await fetch(`${base}/console/api/personas`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        personas: [
          { name: "admin", admin: true, owns: [] },
          { name: "sally", admin: false, owns: ["sales"] },
          { name: "sam", admin: false, owns: ["sales"] },
          { name: "sven", admin: false, owns: ["support"] },
        ],
      });
    });

    it("lets local:admin add a domain and politely refuses another persona, writing nothing", async () => {
      const { command } = await startConsole();
      const added = await command("admin", "domain add finance Finance");
      expect(shown(added)).toMatch(/finance/i);
      const [finance] = await database().db.select().from(domains).where(eq(domains.slug, "finance"));
      expect(finance?.name).toBe("Finance");

      const before = await written(database());
      const refused = await command("sally", "domain add marketing Marketing");
      expect(shown(refused)).toMatch(/Only an admin can add a domain/);
      expect(await database().db.select().from(domains).where(eq(domains.slug, "marketing"))).toEqual([]);
      expect(await written(database())).toEqual(before);
    });
  });

  describe("a proposal in the channel", () => {
    it("appears once, updates in place as owners vote, and the decision is a thread reply", async () => {
      const { command, action, settled } = await startConsole();
      const opened = await command("sally", `propose Customer = ${AMENDED}`);
      expect(shown(opened)).toMatch(/Proposal #1.*opened/);
      const [proposal] = await database().db.select().from(proposals);
      expect(proposal?.status).toBe("open");

      const first = await settled("sam", (feed) => {
        expect(feed.channel).toHaveLength(1);
        return feed.channel[0]!;
      });
      expect(first.id).toBe(`proposal-${proposal!.id}`);
      expect(cardText(first.html)).toContain("Proposal #1");
      expect(cardText(first.html)).toContain(AMENDED);
      expect(cardText(first.html)).toContain("no position yet · 2 owners, none has voted");
      expect(first.thread).toEqual([]);
      const approve = buttons(first.html).find((b) => b.data.concord === "vote" && b.data.position === "approve");
      expect(approve?.data).toMatchObject({ concord: "vote", proposalId: proposal!.id, position: "approve" });

      // An objection needs a reason: refused politely, no vote written.
      const objection = await action("sven", { concord: "vote", proposalId: proposal!.id, position: "object" });
      expect(objection?.text).toMatch(/say why you object/i);
      expect(await rows(database(), votes)).toBe(0);

      const recorded = await action("sam", { concord: "vote", proposalId: proposal!.id, position: "approve" });
      expect(recorded?.text).toMatch(/recorded/i);
      const updated = await settled("sam", (feed) => {
        expect(feed.channel).toHaveLength(1);
        expect(cardText(feed.channel[0]!.html)).toContain("approves · ✅ sam");
        return feed.channel[0]!;
      });
      expect(updated.id).toBe(first.id);
      expect(updated.thread).toEqual([]);

      const decided = await action("sven", { concord: "vote", proposalId: proposal!.id, position: "approve" });
      expect(decided?.text).toMatch(/approved/i);
      const closed = await settled("sven", (feed) => {
        expect(feed.channel).toHaveLength(1);
        expect(feed.channel[0]!.thread).toHaveLength(1);
        return feed.channel[0]!;
      });
      expect(cardText(closed.thread[0]!.html)).toMatch(/approved/i);
      expect(cardText(closed.html)).toMatch(/approved/i);
      const [term] = await database().db.select().from(terms);
      expect(term?.currentVersion).toBe(2);
      expect(await rows(database(), votes)).toBe(2);
    });
  });

  describe("reminders", () => {
    it("go to the direct list of the reminded owner only", async () => {
      const { command, action, settled, feed, concord } = await startConsole();
      expect(shown(await command("sally", `propose Customer = ${AMENDED}`))).toMatch(/opened/);
      const [proposal] = await database().db.select().from(proposals);
      expect(shown(await action("sam", { concord: "vote", proposalId: proposal!.id, position: "approve" }))).toMatch(/recorded/i);

      clock.set(new Date(proposal!.deadline.getTime() - 24 * HOUR));
      const report = await sweepProposals(concord.deps);
      expect(report.reminded).toHaveLength(1);
      expect(report.reminded[0]!.memberRefs).toContain("local:sven");
      expect(report.reminded[0]!.memberRefs).not.toContain("local:sam");

      const sven = await settled("sven", (f) => {
        expect(f.direct).toHaveLength(1);
        return f;
      });
      expect(cardText(sven.direct[0]!.html)).toContain("Customer");
      expect((await feed("sam")).direct).toEqual([]);
      expect((await feed("zoe")).direct).toEqual([]);
      expect((await feed()).direct).toEqual([]);
      // The channel still shows one message for the proposal; the reminder is not in it.
      expect((await feed("sven")).channel).toHaveLength(1);
    });
  });

  describe("bad input", () => {
    it("answers each with a polite JSON message and writes nothing", async () => {
      const { base, post, action } = await startConsole();
      const before = await written(database());
      const cases: { name: string; send: () => Promise<Response>; status: number; message: RegExp }[] = [
        { name: "an invalid persona", send: () => post("command", { persona: "<script>", text: "help" }), status: 400, message: /persona/i },
        { name: "a persona too long", send: () => post("command", { persona: "a".repeat(33), text: "help" }), status: 400, message: /persona/i },
        { name: "a missing persona", send: () => post("command", { text: "help" }), status: 400, message: /which persona/i },
        { name: "a missing text", send: () => post("command", { persona: "sally" }), status: 400, message: /type a command/i },
        { name: "a JSON array", send: () => post("command", []), status: 400, message: /JSON object/i },
        { name: "malformed JSON", send: () => post("command", '{"persona": "sally", "text": '), status: 400, message: /not valid JSON/i },
        {
          name: "a body over 64 kB",
          send: () => post("command", { persona: "sally", text: "x".repeat(70_000) }),
          status: 413,
          message: /too large/i,
        },
        {
          name: "a charset express cannot read",
          send: () => post("command", JSON.stringify({ persona: "sally", text: "help" }), { "content-type": "application/json; charset=latin9" }),
          status: 415,
          message: /UTF-8 JSON/,
        },
        {
          name: "a form-encoded post",
          send: () =>
            fetch(`${base}/console/api/command`, {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: "persona=sally&text=domain+add+evil+Evil",
            }),
          status: 403,
          message: /JSON/i,
        },
        {
          name: "another site's page",
          send: () => post("command", { persona: "admin", text: "domain add evil Evil" }, { origin: "https://evil.example" }),
          status: 403,
          message: /own page/i,
        },
        { name: "an action without data", send: () => post("action", { persona: "sam" }), status: 400, message: /run the command again/i },
      ];
      for (const { name, send, status, message } of cases) {
        const res = await send();
        expect(res.status, name).toBe(status);
        expect(res.headers.get("content-type"), name).toContain("application/json");
        const body = (await res.json()) as { message?: string };
        expect(body.message, name).toMatch(message);
        expect(body.message, name).not.toMatch(/SyntaxError|at .*\.(ts|js)|stack/);
      }
      expect(await written(database())).toEqual(before);

      const stale = await action("sam", { concord: "retract", proposalId: 1 });
      expect(stale?.text).toMatch(/out of date/i);
      expect(await written(database())).toEqual(before);
    });
  });

  describe("beside a chat platform", () => {
    async function startWithSlack(extra: Record<string, string>) {
      const fake = await startFakeSlack();
      fakes.push(fake);
      return start({
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
        SLACK_API_URL: fake.apiUrl,
        HOST: "127.0.0.1",
        ...extra,
      });
    }

    it("needs its token: as a header, or once as ?token= which sets a cookie", async () => {
      const { base } = await startWithSlack({ CONSOLE: "on", CONSOLE_TOKEN: TOKEN });
      for (const path of ["/console/", "/console/api/personas", "/console/api/feed"]) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(401);
        expect(await res.text(), path).toMatch(/token/i);
      }
      expect((await fetch(`${base}/console/api/personas`, { headers: { [TOKEN_HEADER]: "wrong" } })).status).toBe(401);
      expect((await fetch(`${base}/console/?token=wrong`)).headers.get("set-cookie")).toBeNull();

      const before = await written(database());
      const refused = await fetch(`${base}/console/api/command`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ persona: "admin", text: "domain add evil Evil" }),
      });
      expect(refused.status).toBe(401);
      expect(await written(database())).toEqual(before);

      const withHeader = await fetch(`${base}/console/api/personas`, { headers: { [TOKEN_HEADER]: TOKEN } });
      expect(withHeader.status).toBe(200);
      expect(await withHeader.json()).toHaveProperty("personas");

      const opened = await fetch(`${base}/console/?token=${TOKEN}`);
      expect(opened.status).toBe(200);
      const setCookie = opened.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      const cookie = setCookie.split(";")[0]!;
      const withCookie = await fetch(`${base}/console/api/feed`, { headers: { cookie } });
      expect(withCookie.status).toBe(200);
      expect(await withCookie.json()).toEqual({ channel: [], direct: [] });
    });

    it("is absent without CONSOLE=on", async () => {
      const { base } = await startWithSlack({});
      for (const path of ["/console/", "/console/api/personas", `/console/?token=${TOKEN}`]) {
        expect((await fetch(`${base}${path}`)).status, path).toBe(404);
      }
    });
  });

  describe("from another machine", () => {
    const address = outsideAddress();
    it.skipIf(!address)(
      `answers only on this machine${address ? "" : ": skipped, this machine has no non-loopback IPv4 address"}`,
      async () => {
        const { port } = await start({ HOST: "0.0.0.0" });
        const outside = await fetch(`http://${address}:${port}/console/`);
        expect(outside.status).toBe(403);
        expect(await outside.text()).toMatch(/answers only on this machine/);
        const api = await fetch(`http://${address}:${port}/console/api/personas`);
        expect(api.status).toBe(403);
        expect((await fetch(`http://127.0.0.1:${port}/console/`)).status).toBe(200);
      },
    );
  });
});

