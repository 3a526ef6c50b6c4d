import { existsSync, mkdirSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConcord, type Concord } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addDomain, changeDomainOwner, importTerm } from "../../src/core/index.js";
import { terms } from "../../src/db/schema/index.js";
import { createTestDatabase } from "../support/databases.js";
import { createMemoryLogger, freePort } from "../support/eventually.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? "" : `: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`;
// CI installs Chromium and sets this, so a missing browser fails there instead of skipping quietly.
if (missing && process.env.CONCORD_REQUIRE_BROWSER) throw new Error(`the browser test needs Chromium at ${CHROMIUM}`);
const SCREENSHOTS = new URL("../../test-results/", import.meta.url).pathname;
const AMENDED = "A person or company that has paid for at least one order in the last 24 months.";

/**
 * Counts the distinct colours of an 8-bit RGB(A) PNG: a blank or failed render has one or two. Filter bytes are
 * skipped by position; a filtered scanline's bytes are differences, which still vary when the picture does.
 */
function distinctColours(png: Buffer): number {
  const width = png.readUInt32BE(16);
  const colourType = png[25];
  const channels = colourType === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  const stride = width * channels + 1;
  const seen = new Set<number>();
  for (let row = 0; row * stride < pixels.length && seen.size < 1000; row += 7) {
    for (let x = 1; x < stride; x += channels * 5) {
      const at = row * stride + x;
      seen.add((pixels[at]! << 16) | (pixels[at + 1]! << 8) | pixels[at + 2]!);
    }
  }
  return seen.size;
}

describe.skipIf(missing !== "")(`the local console in a real browser${missing}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let concord: Concord;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    const port = await freePort();
    concord = await startConcord(loadConfig({ PORT: String(port) }), createMemoryLogger(), {
      database: database.opened,
      schedule: false,
      live: true,
    });
    base = `http://localhost:${port}`;
    const admin = { ref: "local:admin" };
    for (const [slug, name, owners] of [
      ["sales", "Sales", ["local:sally", "local:sam"]],
      ["support", "Support", ["local:sven"]],
    ] as const) {
      await addDomain(concord.deps, admin, { slug, name });
      for (const owner of owners) await changeDomainOwner(concord.deps, admin, { slug, action: "add", owner });
    }
    await importTerm(concord.deps, admin, {
      name: "Customer",
      text: "A person or company that has paid for at least one order.",
      ownerDomain: "sales",
      consumers: ["support"],
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", (error) => {
      throw error;
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await concord?.stop();
    await database?.close();
  });

  async function actAs(persona: string) {
    await page.fill("#persona-input", persona);
    await page.click("#persona-form button");
    await expect.poll(() => page.textContent("#persona-ref")).toBe(`local:${persona}`);
  }

  async function type(command: string) {
    const replies = await page.locator("#conversation .message.bot").count();
    await page.fill("#command", command);
    await page.press("#command", "Enter");
    await page.locator("#conversation .message.bot").nth(replies).waitFor();
    return page.locator("#conversation .message.bot").nth(replies).innerText();
  }

  /** Clicks Approve on the proposal card in the channel and returns Concord's answer. */
  async function approveInChannel() {
    const replies = await page.locator("#conversation .message.bot").count();
    await page.locator("#channel [data-id='proposal-1'] > .card button", { hasText: "Approve" }).first().click();
    await page.locator("#conversation .message.bot").nth(replies).waitFor();
    return page.locator("#conversation .message.bot").nth(replies).innerText();
  }

  it("proposes as one persona, approves as two owners, and the term page shows the new version", async () => {
    await page.goto(`${base}/console/`);
    await actAs("sally");
    expect(await type("help")).toContain("propose");
    expect(await type("define Customer")).toContain("A person or company that has paid for at least one order.");
    expect(await type(`propose Customer = ${AMENDED}`)).toMatch(/Proposal #1.*opened/);

    await actAs("sam");
    await page.locator("#channel [data-id='proposal-1']").waitFor({ timeout: 15_000 });
    expect(await page.locator("#channel [data-id='proposal-1']").innerText()).toContain("Proposal #1");
    expect(await approveInChannel()).toMatch(/Recorded/i);

    await actAs("sven");
    expect(await approveInChannel()).toMatch(/approved/i);

    const [term] = await database.db.select().from(terms).where(eq(terms.slug, "customer"));
    expect(term?.currentVersion).toBe(2);
    // The decision is announced in the proposal's thread in the channel.
    await expect.poll(() => page.locator("#channel [data-id='proposal-1'] .thread").innerText(), { timeout: 15_000 }).toMatch(/approved/i);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const consoleShot = await page.screenshot({ path: `${SCREENSHOTS}console.png` });
    expect(distinctColours(consoleShot)).toBeGreaterThan(20);

    await page.goto(`${base}/terms/customer`);
    const termPage = await page.locator("main").innerText();
    expect(termPage).toContain(AMENDED);
    expect(termPage).toMatch(/version 2|v2/i);
    const shot = await page.screenshot({ path: `${SCREENSHOTS}term-page.png`, fullPage: true });
    expect(distinctColours(shot)).toBeGreaterThan(20);
  }, 90_000);

  it("shares in the channel, clears the conversation on a switch, answers a blank line and never cuts pasted text", async () => {
    await page.goto(`${base}/console/`);
    await actAs("sally");
    expect(await type("define Customer")).toContain(AMENDED);
    const replies = await page.locator("#conversation .message.bot").count();
    await page.locator("#conversation .message.bot").last().locator("button", { hasText: "Share in channel" }).click();
    await page.locator("#conversation .message.bot").nth(replies).waitFor();
    expect(await page.locator("#conversation .message.bot").nth(replies).innerText()).toContain("Shared in # glossary");
    const sharedPost = page.locator("#channel [data-id^='shared-']");
    await sharedPost.waitFor({ timeout: 15_000 });
    expect(await sharedPost.innerText()).toContain("shared by sally");
    expect(await sharedPost.innerText()).toContain(AMENDED);
    expect(await sharedPost.locator("button").count()).toBe(0);

    // Another persona starts with an empty conversation: none of sally's replies or buttons stay.
    await actAs("sam");
    expect(await page.locator("#conversation .message").count()).toBe(0);
    expect(await page.locator("#conversation").innerText()).toContain("Acting as sam");

    // A blank line is answered with help, as Slack answers an empty /glossary.
    expect(await type("   ")).toContain("Concord keeps the shared glossary agreed");

    // Pasted text is kept whole; the server says what is too long.
    const definition = "paid order ".repeat(400).trim();
    await page.fill("#command", `propose Customer = ${definition}`);
    expect((await page.inputValue("#command")).length).toBe(`propose Customer = ${definition}`.length);
    const count = await page.locator("#conversation .message.bot").count();
    await page.press("#command", "Enter");
    await page.locator("#conversation .message.bot").nth(count).waitFor();
    expect(await page.locator("#conversation .message.bot").nth(count).innerText()).toContain(
      `A definition is at most 4,000 characters; this one has ${definition.length.toLocaleString("en-GB")}.`,
    );
  }, 60_000);
});
