import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm, sweepProposals } from "../../src/core/index.js";
import { auditEvents, proposals, variants, votes } from "../../src/db/schema/index.js";
import { createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, type TestDatabase } from "../support/databases.js";
import { createMemoryLogger, eventually, freePort } from "../support/eventually.js";
import { visibleText } from "./support.js";

const CUSTOMER = "A person or company that has paid for at least one order.";
const HOUR = 60 * 60 * 1000;

interface Message {
  readonly text?: string;
  readonly html?: string;
}
interface FeedMessage {
  readonly id: string;
  readonly html: string;
  readonly sharedBy?: string;
  readonly thread: readonly { html: string }[];
}
interface Feed {
  readonly channel: readonly FeedMessage[];
  readonly direct: readonly FeedMessage[];
}

const shown = (message: Message | undefined) => message?.text ?? visibleText(message?.html ?? "");

/** The action buttons of a card, with the action each sends back, as the page reads them. */
function buttons(markup: string): { title: string; data: Record<string, unknown> }[] {
  return [...markup.matchAll(/<button[^>]*data-action="([^"]*)"[^>]*>([^<]*)<\/button>/g)].map((match) => ({
    title: match[2]!,
    data: JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as Record<string, unknown>,
  }));
}

async function rows(database: TestDatabase, table: typeof votes | typeof proposals | typeof auditEvents | typeof variants): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(table);
  return Number(row?.n ?? 0);
}

describeEachDatabase("the console's replies and buttons", (database) => {
  const running: Concord[] = [];

  afterEach(async () => {
    for (const concord of running.splice(0)) await concord.stop();
  });

  /** Concord with its console; Sales (Sally, Sam) owns Customer, Support (Sven) consumes it. */
  async function startConsole() {
    const port = await freePort();
    const clock = createManualClock(new Date("2026-03-02T09:00:00Z"));
    const concord = await startConcord(loadConfig({ PORT: String(port) }), createMemoryLogger(), { database: database().opened, clock, schedule: false });
    running.push(concord);
    const base = `http://127.0.0.1:${port}`;
    const admin = { ref: "local:admin" };
    for (const [slug, name, owners] of [
      ["sales", "Sales", ["local:sally", "local:sam"]],
      ["support", "Support", ["local:sven"]],
    ] as const) {
      await addDomain(concord.deps, admin, { slug, name });
      for (const owner of owners) await changeDomainOwner(concord.deps, admin, { slug, action: "add", owner });
    }
    await importTerm(concord.deps, admin, { name: "Customer", text: CUSTOMER, ownerDomain: "sales", consumers: ["support"] });
    const answer = async (path: string, body: unknown) => {
      const res = await fetch(`${base}/console/api/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { messages: Message[] }).messages;
    };
    const command = async (persona: string, text: string) => (await answer("command", { persona, text }))[0];
    const action = async (persona: string, data: Record<string, unknown>) => (await answer("action", { persona, data }))[0];
    const feed = async (persona: string) => (await (await fetch(`${base}/console/api/feed?persona=${persona}`)).json()) as Feed;
    const settled = <T>(persona: string, check: (feed: Feed) => T) =>
      eventually(async () => {
        await concord.dispatcher.dispatchOnce();
        return check(await feed(persona));
      });
    return { concord, clock, base, command, action, feed, settled };
  }

  it("shares a looked-up definition in the channel, without its buttons, and says so privately", async () => {
    const { command, action, feed } = await startConsole();
    const lookup = await command("sally", "define Customer");
    const share = buttons(lookup!.html!).find((b) => b.data.concord === "share");
    expect(share?.title).toBe("Share in channel");

    const answer = await action("sally", share!.data);
    expect(answer?.html).toBeUndefined();
    expect(answer?.text).toBe("Shared in # glossary, for everyone in the channel to see.");
    const { channel } = await feed("sven");
    expect(channel).toHaveLength(1);
    expect(channel[0]!.sharedBy).toBe("sally");
    expect(visibleText(channel[0]!.html)).toContain(CUSTOMER);
    expect(buttons(channel[0]!.html)).toEqual([]);
  });

  it("refuses a button shown to another persona, politely and writing nothing; the persona it was shown to can use it", async () => {
    const { command, action } = await startConsole();
    expect(shown(await command("sally", `propose Customer = ${CUSTOMER} Dormant accounts excluded.`))).toMatch(/Proposal #1.*opened/);
    const pending = await command("sven", "pending");
    const approve = buttons(pending!.html!).find((b) => b.data.concord === "vote" && b.data.position === "approve");
    expect(approve?.data).toMatchObject({ concord: "vote", proposalId: 1, position: "approve", shownTo: "sven" });
    const before = { votes: await rows(database(), votes), audit: await rows(database(), auditEvents) };

    const refused = await action("sam", approve!.data);
    expect(refused?.text).toBe(
      "That button was on a reply to sven, and you are acting as sam. Switch back to sven to use it, or run the command again as sam.",
    );
    expect({ votes: await rows(database(), votes), audit: await rows(database(), auditEvents) }).toEqual(before);

    expect(shown(await action("sven", approve!.data))).toMatch(/Recorded sven's approve/);
    const [vote] = await database().db.select().from(votes);
    expect(vote?.position).toBe("approve");
  });

  it("answers help on a topic with that command only, and help on an unknown word with the topics", async () => {
    const { command, concord } = await startConsole();
    const propose = shown(await command("sally", "help propose"));
    expect(propose).toContain("propose <term> [for <domain>] [= <definition>]");
    expect(propose).not.toContain("search <words>");
    expect(propose).toContain("Send help for every command with an example.");

    const unknown = shown(await command("sally", "help frobnicate"));
    expect(unknown).toContain("There is no help topic frobnicate.");
    expect(unknown).toMatch(/The topics are the commands: define, search, propose, .* and help\./);
    expect(unknown).not.toMatch(/No term|propose a definition/i);

    // A term whose name starts with "help" is still its lookup.
    await importTerm(concord.deps, { ref: "local:admin" }, { name: "Help Desk", text: "The team that answers support tickets.", ownerDomain: "support" });
    expect(shown(await command("sally", "help desk"))).toContain("The team that answers support tickets.");
  });

  it("answers a blank command with help, and text too long with how long it is, writing nothing", async () => {
    const { command } = await startConsole();
    for (const blank of ["", "   ", "\t \n"]) expect(shown(await command("sally", blank))).toContain("Concord keeps the shared glossary agreed");

    // What the page no longer cuts: a pasted definition over 4,000 characters, and a command over 10,000.
    const before = await rows(database(), proposals);
    const definition = "paid order ".repeat(400).trim();
    expect(shown(await command("sally", `propose Customer = ${definition}`))).toContain(
      `A definition is at most 4,000 characters; this one has ${definition.length.toLocaleString("en-GB")}.`,
    );
    const long = `propose Customer = ${"paid order ".repeat(1_000)}`;
    expect(shown(await command("sally", long))).toContain(
      `That is too long for one command: at most 10,000 characters, and this one has ${long.length.toLocaleString("en-GB")}.`,
    );
    expect(await rows(database(), proposals)).toBe(before);
  });

  it("lists a domain whose home is the console's channel in plain words", async () => {
    const { command } = await startConsole();
    expect(shown(await command("sally", "domain channel sales"))).toMatch(/now the home of Sales/);
    const list = shown(await command("sally", "domain list"));
    expect(list).toContain("Home channel: the console's channel");
    expect(list).not.toMatch(/\ba the\b/);
  });

  it("shows a decision's thread reply with markup in the term's name as it was typed", async () => {
    const { command, action, settled } = await startConsole();
    expect(shown(await command("sally", "propose <b>Bold</b> Term for sales = A term with markup in its name."))).toMatch(/opened/);
    expect(shown(await action("sam", { concord: "vote", proposalId: 1, position: "approve" }))).toMatch(/approved/);
    const reply = await settled("sam", (feed) => {
      expect(feed.channel[0]?.thread).toHaveLength(1);
      return feed.channel[0]!.thread[0]!.html;
    });
    expect(reply).toContain("&lt;b&gt;Bold&lt;/b&gt; Term");
    expect(visibleText(reply)).toContain("Approved: <b>Bold</b> Term is now in the glossary");
    expect(visibleText(reply)).not.toContain("&lt;");
  });

  it("reminds a proposer that their own vote is advisory, with buttons only they can use", async () => {
    const { command, settled, concord, clock } = await startConsole();
    expect(shown(await command("sally", `propose Customer = ${CUSTOMER} Dormant accounts excluded.`))).toMatch(/opened/);
    const [proposal] = await database().db.select().from(proposals);
    clock.set(new Date(proposal!.deadline.getTime() - 24 * HOUR));
    await sweepProposals(concord.deps);
    const reminder = await settled("sally", (feed) => {
      expect(feed.direct).toHaveLength(1);
      return feed.direct[0]!.html;
    });
    expect(visibleText(reminder)).toContain("As you proposed it, your own vote is advisory: the other owners' votes decide.");
    expect(visibleText(reminder)).not.toContain("still counts");
    for (const button of buttons(reminder)) expect(button.data.shownTo).toBe("sally");
  });

  it("says on the page who records variants, as the server decides it", async () => {
    const { base, command } = await startConsole();
    const page = await (await fetch(`${base}/console/`)).text();
    expect(page).not.toMatch(/anyone else can [^.]*record variants/i);
    expect(page).toContain("a domain's owners and admins record its variants");

    const before = await rows(database(), variants);
    expect(shown(await command("mia", "variant Customer for sales = Anyone with an account."))).toMatch(/only .*owners|admin/i);
    expect(await rows(database(), variants)).toBe(before);
    expect(shown(await command("sally", "variant Customer for sales = Anyone with a paid account."))).toMatch(/drift/i);
    const [recorded] = await database().db.select().from(variants).where(eq(variants.text, "Anyone with a paid account."));
    expect(recorded).toBeDefined();
  });
});
