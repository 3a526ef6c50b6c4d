import { afterEach, beforeEach, expect, it } from "vitest";
import { runCommandText, type Reply } from "../../src/commands/execute.js";
import { describeDriftReasons } from "../../src/commands/format.js";
import { lookupTerm, previewDigest, runScheduledDigest, type Actor } from "../../src/core/index.js";
import { DRIFT_THRESHOLD } from "../../src/core/text/index.js";
import { seedDemo } from "../../src/demo/story.js";
import { toSlackMessage } from "../../src/slack/blocks/index.js";
import { toAdaptiveCard } from "../../src/teams/cards/index.js";
import { replyView, type MessageView } from "../../src/views/index.js";
import { createLinks } from "../../src/web/links.js";
import { ADMIN } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { startPagesServer, visibleText, type PagesServer } from "./support.js";

/*
 * One drift figure: every place that shows a variant's drift — the lookup reply, the variant reply, the term page,
 * /api/terms/<slug>, the digest, /digest and /api/digest — shows the same whole percent for it, over the demo
 * glossary.
 */

const admin: Actor = { ref: ADMIN, displayName: "Ada" };
const links = createLinks("https://concord.example.com");
const DEMO_TERMS = ["Customer", "Active Customer", "Churn Rate", "Revenue", "ARR", "MRR", "Lead", "Account"];

interface Figure {
  readonly term: string;
  readonly domain: string;
  readonly percent: number;
  readonly reasons: readonly string[];
}

const key = (f: { term: string; domain: string }) => `${f.term} / ${f.domain}`;

describeEachDatabase("one drift figure everywhere", (database) => {
  let server: PagesServer;

  beforeEach(async () => {
    server = await startPagesServer(database());
    await seedDemo(server.deps, admin);
  });
  afterEach(async () => {
    await server.close();
  });

  /** A reply's view, as every face shows it. */
  const view = (reply: Reply) => replyView(reply, { links, now: server.clock.now() }) as MessageView;

  async function run(text: string): Promise<Reply> {
    return runCommandText(server.deps, { actor: admin, platform: "slack" }, text);
  }

  /** Every variant's figure as the core's lookup gives it, in whole percent. */
  async function lookupFigures(): Promise<Figure[]> {
    const figures: Figure[] = [];
    for (const name of DEMO_TERMS) {
      const result = await lookupTerm(server.deps, name);
      if (result.kind !== "found") throw new Error(`${name} not found`);
      for (const d of result.drift) {
        // The score is rounded once, in the core, to a whole percent.
        expect(Math.round(d.score * 100) / 100).toBe(d.score);
        figures.push({ term: name, domain: d.variant.domain.name, percent: Math.round(d.score * 100), reasons: (d.reasons ?? []).map((r) => r.text) });
      }
    }
    return figures;
  }

  it("shows each variant's drift as one number in the lookup, variant reply, term page, API, digest and digest page", async () => {
    const expected = await lookupFigures();
    expect(expected.length).toBe(5);
    const want = new Map(expected.map((f) => [key(f), f.percent]));
    const why = new Map(expected.map((f) => [key(f), f.reasons]));
    // Every demo variant that drifts says why.
    for (const f of expected) if (f.percent >= DRIFT_THRESHOLD * 100) expect(f.reasons.length, key(f)).toBeGreaterThan(0);

    for (const name of DEMO_TERMS) {
      const reply = await run(`define ${name}`);
      expect(reply.kind).toBe("lookup");
      const slackText = JSON.stringify(toSlackMessage(view(reply)).blocks);
      const teamsText = JSON.stringify(toAdaptiveCard(view(reply)));
      const page = visibleText(await (await server.get(`/terms/${slugOf(name)}`)).text());
      const api = (await (await server.get(`/api/terms/${slugOf(name)}`)).json()) as {
        variants: { domain: { name: string }; drift: { score: number; reasons: { text: string }[] } }[];
      };
      for (const f of expected.filter((e) => e.term === name)) {
        expect(slackText, `Slack lookup of ${key(f)}`).toContain(`*${f.domain}*: ${f.percent}% drift`);
        expect(teamsText, `Teams lookup of ${key(f)}`).toContain(`**${f.domain}**: ${f.percent}% drift`);
        for (const reason of f.reasons.slice(0, 3).filter(plain)) {
          expect(slackText, `Slack lookup reasons of ${key(f)}`).toContain(reason);
          expect(teamsText, `Teams lookup reasons of ${key(f)}`).toContain(reason);
        }
        expect(page, `term page of ${key(f)}`).toMatch(new RegExp(`${f.domain} ${f.percent}% drift`));
        const variant = api.variants.find((v) => v.domain.name === f.domain);
        expect(variant, `API variant of ${key(f)}`).toBeDefined();
        expect(Math.round(variant!.drift.score * 100), `API score of ${key(f)}`).toBe(f.percent);
        expect(variant!.drift.reasons.map((r) => r.text), `API reasons of ${key(f)}`).toEqual(f.reasons);
        if (f.reasons.length > 0) expect(page, `term page reasons of ${key(f)}`).toContain(`Why: ${describeDriftReasons(f.reasons.map((text) => ({ text })), 5)}`);
      }
      expect(api.variants.length).toBe(expected.filter((e) => e.term === name).length);
    }

    // The digest as built now, the preview page and its JSON twin, then the same once a digest is stored.
    const checkDigest = async (source: "preview" | "stored") => {
      const apiDigest = (await (await server.get("/api/digest")).json()) as {
        source: string;
        digest: {
          drift: { items: { term: { name: string }; domain: { name: string }; score: number; level: string; reasons: { text: string }[] }[] };
          index: { value: number };
        };
      };
      expect(apiDigest.source).toBe(source);
      const built = source === "preview" ? await previewDigest(server.deps) : undefined;
      const page = visibleText(await (await server.get("/digest")).text());
      const items = apiDigest.digest.drift.items;
      for (const item of items) {
        const f = { term: item.term.name, domain: item.domain.name };
        expect(Math.round(item.score * 100), `digest score of ${key(f)}`).toBe(want.get(key(f)));
        const possessive = `${f.domain}${f.domain.endsWith("s") ? "'" : "'s"}`;
        expect(page, `digest page line of ${key(f)}`).toContain(`${possessive} ${f.term} — ${want.get(key(f))}% drift`);
        expect(item.reasons.map((r) => r.text), `digest reasons of ${key(f)}`).toEqual(why.get(key(f)));
        expect(page, `digest page reasons of ${key(f)}`).toContain(describeDriftReasons(item.reasons));
      }
      if (built) {
        expect(built.drift.items.map((d) => [key({ term: d.term.name, domain: d.domain.name }), Math.round(d.score * 100)])).toEqual(
          items.map((d) => [key({ term: d.term.name, domain: d.domain.name }), Math.round(d.score * 100)]),
        );
      }
      // The drift section holds every variant that drifts moderately or more, and only those.
      const listed = new Set(items.map((d) => key({ term: d.term.name, domain: d.domain.name })));
      for (const f of expected) expect(listed.has(key(f)), key(f)).toBe(f.percent >= DRIFT_THRESHOLD * 100);
      // The index is the mean of the same figures.
      const mean = expected.reduce((sum, f) => sum + f.percent, 0) / expected.length;
      expect(apiDigest.digest.index.value).toBeCloseTo(mean, 1);
      expect(page).toContain(`Drift index: ${(Math.round(mean * 10) / 10).toFixed(1)}`);
    };
    await checkDigest("preview");
    await runScheduledDigest(server.deps, server.clock.now(), { destinations: [], governanceChannels: {} });
    await checkDigest("stored");

    // Recording each variant again answers with the same figure.
    for (const f of expected) {
      const details = await lookupTerm(server.deps, f.term);
      if (details.kind !== "found") throw new Error(`${f.term} not found`);
      const variant = details.drift.find((d) => d.variant.domain.name === f.domain)!.variant;
      const reply = await run(`variant ${f.term} for ${variant.domain.slug} = ${variant.text}`);
      expect(reply.kind, key(f)).toBe("variant");
      const slackText = JSON.stringify(toSlackMessage(view(reply)).blocks);
      expect(slackText, `variant reply of ${key(f)}`).toContain(`it drifts *${f.percent}%*`);
      const teamsText = JSON.stringify(toAdaptiveCard(view(reply)));
      expect(teamsText, `Teams variant reply of ${key(f)}`).toContain(`it drifts **${f.percent}%**`);
      for (const reason of f.reasons.slice(0, 3).filter(plain)) expect(slackText, `variant reply reasons of ${key(f)}`).toContain(reason);
    }
  });
});

/** A reason with nothing a face escapes or formats, so it reads the same in every payload. */
function plain(reason: string): boolean {
  return !/[&<>*_~`"\\]/.test(reason);
}

function slugOf(name: string): string {
  return name.toLowerCase().replace(/ /g, "-");
}
