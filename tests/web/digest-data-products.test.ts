import { afterEach, beforeEach, expect, it } from "vitest";
import { readDbtPath } from "../../src/cli/ingest.js";
import { importTerm, ingestDbt, previewDigest, runScheduledDigest, type UsageDriftEntry } from "../../src/core/index.js";
import { readDbtManifest } from "../../src/formats/dbt/index.js";
import { ADMIN, MESH_OWNERS } from "../fixtures/glossary.js";
import { SUPPORT_OPTIONS, SUPPORT_PROJECT, seedDbtGlossary, supportManifest } from "../fixtures/dbt.js";
import { describeEachDatabase } from "../support/databases.js";
import { ATTRIBUTE, NOW, SCRIPT, startPagesServer, visibleText, type PagesServer } from "./support.js";

const sven = { ref: MESH_OWNERS.support };

/** Support's project with one more column, named to break out of markup, that says 30 days where the term says 90. */
function supportProjectWithHostileColumn() {
  const manifest = supportManifest();
  manifest.nodes["model.support_analytics.customers"].columns[ATTRIBUTE] = {
    name: ATTRIBUTE,
    description: "A customer with an order in the last 30 days.",
    meta: { glossary: ["Active Customer"] },
    config: { meta: { glossary: ["Active Customer"] }, tags: [] },
    tags: [],
  };
  return readDbtManifest(JSON.stringify(manifest), SUPPORT_OPTIONS);
}

describeEachDatabase("the digest page's data products", (database) => {
  let server: PagesServer;

  beforeEach(async () => {
    server = await startPagesServer(database());
    await seedDbtGlossary(server.deps);
    await importTerm(server.deps, { ref: ADMIN }, { name: "Refund", text: "Money paid back to a customer for a returned order." });
  });
  afterEach(async () => {
    await server.close();
  });

  async function digestPage(): Promise<{ html: string; text: string }> {
    const res = await server.get("/digest");
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, text: visibleText(html) };
  }

  /** "Support · support_analytics · column model.customers.active_customer uses Active Customer — 64% drift (major) — …". */
  function line(entry: UsageDriftEntry): string {
    const where = entry.path.startsWith(`${entry.kind}.`) ? entry.path.slice(entry.kind.length + 1) : entry.path;
    const reasons = (entry.reasons ?? []).slice(0, 3).map((r) => r.text).join("; ");
    return `${entry.domain.name} · ${entry.project} · ${entry.kind} ${where} uses ${entry.term.name} — ${Math.round(entry.score * 100)}% drift (${entry.level})${reasons ? ` — ${reasons}` : ""}`;
  }

  it("says no data product drifts, and lists no unused terms, before any domain has ingested one", async () => {
    const { text } = await digestPage();
    expect(text).toContain("No data product drifts from the agreed definition.");
    expect(text).not.toContain("Terms no data product uses");
  });

  it("names each drifting product with its drift figure and reasons, as chat does, and the terms no product uses, linked", async () => {
    await ingestDbt(server.deps, sven, { domain: "support", project: await readDbtPath(SUPPORT_PROJECT, SUPPORT_OPTIONS) });
    const digest = await previewDigest(server.deps);
    const drifting = digest.usageDrift!;
    const active = drifting.items.find((u) => u.path === "model.customers.active_customer")!;
    expect(active.reasons?.[0]?.text).toBe("changes the window: 90 → 30 days");

    const { html, text } = await digestPage();
    expect(text).toContain(`Data products that drift from the agreed definition (${drifting.total})`);
    // The figure and reasons the digest computed, in the words the chat digest gives them.
    expect(text).toContain(line(active));
    expect(text).toMatch(/Support · support_analytics · column model\.customers\.active_customer uses Active Customer — \d+% drift \(\w+\) — changes the window: 90 → 30 days/);
    for (const entry of drifting.items) expect(text).toContain(line(entry));
    expect(html).toContain('<strong><a href="/terms/active-customer">Active Customer</a></strong>');

    expect(text).toContain("Terms no data product uses (1) Refund");
    expect(html).toContain('<a href="/terms/refund"><strong>Refund</strong></a>');
    // After the variants' sections and before the overlaps, as in chat.
    expect(text.indexOf("Data products that drift")).toBeGreaterThan(text.indexOf("Stale variants"));
    expect(text.indexOf("Terms no data product uses")).toBeLessThan(text.indexOf("Overlaps"));
  });

  it("shows the stored digest's data product sections, with what a product's project named escaped", async () => {
    await importTerm(server.deps, { ref: ADMIN }, { name: `Evil ${SCRIPT}`, text: "A term nothing uses." });
    await ingestDbt(server.deps, sven, { domain: "support", project: supportProjectWithHostileColumn() });
    await runScheduledDigest(server.deps, NOW, { destinations: [], governanceChannels: {} });

    const { html, text } = await digestPage();
    expect(text).toContain("Weekly glossary digest");
    expect(text).toMatch(new RegExp(`column model\\.customers\\.${ATTRIBUTE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} uses Active Customer — \\d+% drift`));
    const unused = text.slice(text.indexOf("Terms no data product uses (2)"), text.indexOf("Overlaps"));
    expect(unused).toContain("Refund");
    expect(unused).toContain(`Evil ${SCRIPT}`);
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain(ATTRIBUTE);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });
});
