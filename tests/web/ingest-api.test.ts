import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { changeDomainOwner } from "../../src/core/index.js";
import { createToken } from "../../src/core/tokens.js";
import type { Database } from "../../src/db/database.js";
import { rowsOf } from "../../src/db/rows.js";
import { apiTokens, ingests, usages } from "../../src/db/schema/index.js";
import { DBT_FIXTURES, SUPPORT_MANIFEST, seedDbtGlossary } from "../fixtures/dbt.js";
import { MESH_OWNERS } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { admin, startPagesServer, type PagesServer } from "./support.js";

const MANIFEST = readFileSync(SUPPORT_MANIFEST, "utf8");
const sven = { ref: MESH_OWNERS.support };
const sally = { ref: MESH_OWNERS.sales };

/** Every row of every table, as text: what "nothing was written" is checked against. */
async function everyTable(db: Database): Promise<Record<string, string[]>> {
  const names = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  ).map((r) => r.tablename);
  const tables: Record<string, string[]> = {};
  for (const name of names) {
    tables[name] = rowsOf<{ row: string }>(await db.execute(sql.raw(`select t::text as row from "${name}" t order by 1`))).map((r) => r.row);
  }
  return tables;
}

describeEachDatabase("the dbt ingest API", (database) => {
  let server: PagesServer;
  let supportToken: string;
  let supportTokenId: number;
  let salesToken: string;
  let adminToken: string;

  beforeEach(async () => {
    server = await startPagesServer(database());
    await seedDbtGlossary(server.deps);
    ({ secret: supportToken, id: supportTokenId } = await createToken(server.deps, sven, { scope: "support" }));
    salesToken = (await createToken(server.deps, sally, { scope: "sales" })).secret;
    adminToken = (await createToken(server.deps, admin, { scope: "admin" })).secret;
  });

  afterEach(async () => {
    await server.close();
  });

  const ingest = (query: string, body: string | undefined, token?: string) =>
    fetch(`${server.base}/api/ingest/dbt${query}`, {
      method: "POST",
      ...(body === undefined ? {} : { body }),
      headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    });

  async function json(res: Response, status: number): Promise<any> {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    return res.json();
  }

  it("ingests a domain's manifest with its token, as the command line does, and the same manifest again writes no row", async () => {
    const body = await json(await ingest("?domain=support", MANIFEST, supportToken), 200);
    expect(body).toMatchObject({
      dryRun: false,
      ingestId: expect.any(Number),
      repeated: false,
      domain: "support",
      project: "support_analytics",
      source: "manifest",
      generatedAt: "2026-03-01T06:00:00.000Z",
      counts: { items: 18, usages: 6, new: 6, changed: 0, drifting: 0, removed: 0, suggestions: 4, problems: 1 },
      changed: [],
      problemsTotal: 1,
    });
    // Without DBT_GLOSSARY_META_KEY the DataHub-style key links nothing (the country column is only suggested by its
    // name); the unknown term is named with where it is.
    expect(body.problems).toContainEqual({
      where: "model.tickets.lifetime_value",
      message: "meta.glossary names “Lifetime Value”, which is not a term in the glossary (by name or alias); it is not linked",
    });
    const [ingestRow] = await database().db.select().from(ingests);
    expect(ingestRow).toMatchObject({ id: body.ingestId, actorRef: sven.ref });
    expect(await database().db.select().from(usages)).toHaveLength(6);
    const [token] = await database().db.select().from(apiTokens).where(eq(apiTokens.id, supportTokenId));
    expect(token!.lastUsedAt).not.toBeNull();

    const before = await everyTable(database().db);
    const again = await json(await ingest("?domain=support", MANIFEST, supportToken), 200);
    expect(again).toMatchObject({ repeated: true, ingestId: body.ingestId, changed: [] });
    const after = await everyTable(database().db);
    for (const table of Object.keys(before)) expect(after[table]!.length, table).toBe(before[table]!.length);
  });

  it("reports a changed usage that now drifts, with its previous text and the drift's reasons", async () => {
    await json(await ingest("?domain=support", MANIFEST, supportToken), 200);
    const manifest = JSON.parse(MANIFEST);
    manifest.nodes["model.support_analytics.customers"].columns.active_customer.description = "A customer with an open support ticket in the last 30 days.";
    const body = await json(await ingest("?domain=support", JSON.stringify(manifest), supportToken), 200);
    expect(body.counts).toMatchObject({ changed: 1, drifting: 1 });
    expect(body.changed).toEqual([
      {
        term: "active-customer",
        kind: "column",
        path: "model.customers.active_customer",
        previous: "A customer with an order in the last 30 days.",
        description: "A customer with an open support ticket in the last 30 days.",
        drift: { score: expect.any(Number), level: expect.any(String), reasons: expect.arrayContaining([{ kind: "window", from: "90 days", to: "30 days", text: "changes the window: 90 → 30 days" }]) },
        pastThreshold: true,
      },
    ]);
  });

  it("lets an admin token ingest for any domain, and a dry run writes nothing", async () => {
    const before = await everyTable(database().db);
    const dry = await json(await ingest("?domain=support&dry_run=true", MANIFEST, adminToken), 200);
    expect(dry).toMatchObject({ dryRun: true, ingestId: null, counts: { usages: 6 } });
    expect(await everyTable(database().db)).toEqual(before);
    const body = await json(await ingest("?domain=sales", MANIFEST, adminToken), 200);
    expect(body).toMatchObject({ domain: "sales", dryRun: false });
  });

  it("refuses without a good token (401), with another domain's (403), and bad input (400), writing nothing", async () => {
    const before = await everyTable(database().db);
    const refusals: [Response, number, string][] = [
      [await ingest("?domain=support", MANIFEST), 401, "unauthorized"],
      [await ingest("?domain=support", MANIFEST, "concord_1_not-a-real-secret-not-a-real-secret-not-a-re"), 401, "unauthorized"],
      [await ingest("?domain=support", MANIFEST, `${supportToken}x`), 401, "unauthorized"],
      [await ingest("?domain=support", MANIFEST, salesToken), 403, "forbidden"],
      [await ingest("", MANIFEST, supportToken), 400, "bad_request"],
      [await ingest("?domain=support&dry_run=maybe", MANIFEST, supportToken), 400, "bad_request"],
      [await ingest("?domain=marketing", MANIFEST, adminToken), 400, "bad_request"],
      [await ingest("?domain=support", undefined, supportToken), 400, "bad_request"],
      [await ingest("?domain=support", readFileSync(`${DBT_FIXTURES}not-dbt.json`, "utf8"), supportToken), 400, "invalid_file"],
      [await ingest("?domain=support", readFileSync(`${DBT_FIXTURES}manifest-v11.json`, "utf8"), supportToken), 400, "invalid_file"],
      [await ingest("?domain=support", "{ not json", supportToken), 400, "invalid_file"],
    ];
    const bodies = [];
    for (const [res, status, error] of refusals) {
      const body = await json(res, status);
      expect(body.error).toBe(error);
      expect(body.message).toEqual(expect.any(String));
      bodies.push(body);
    }
    expect(bodies[0].message).toMatch(/^Ingesting needs the domain's token/);
    expect(bodies[3].message).toBe("That is a token of the sales domain: it ingests only sales's dbt project, not support's.");
    expect(bodies[6].message).toBe('There is no domain "marketing". `domain list` shows the domains Concord knows.');
    expect(bodies[8].message).toBe("Nothing was ingested: the body is not a dbt manifest: it has no metadata.dbt_schema_version.");
    expect(bodies[9].problems[0]).toMatchObject({ where: "metadata.dbt_schema_version" });
    expect(await everyTable(database().db)).toEqual(before);
  });

  it("refuses the token of a maker who no longer owns the domain (403), writing nothing", async () => {
    await changeDomainOwner(server.deps, admin, { slug: "support", action: "remove", owner: sven.ref });
    const before = await everyTable(database().db);
    const body = await json(await ingest("?domain=support", MANIFEST, supportToken), 403);
    expect(body).toEqual({ error: "forbidden", message: "Only an admin or an owner of Support (support) can ingest its dbt project." });
    expect(await everyTable(database().db)).toEqual(before);
  });

  it("shows where a term is used, with drift, in the term's JSON and on its page", async () => {
    await json(await ingest("?domain=support", MANIFEST, supportToken), 200);
    const term = await json(await server.get("/api/terms/active-customer"), 200);
    expect(term.usages).toEqual([
      {
        domain: { slug: "support", name: "Support" },
        project: "support_analytics",
        path: "model.customers.active_customer",
        kind: "column",
        description: "A customer with an order in the last 30 days.",
        linkSource: "explicit",
        drift: { score: expect.any(Number), level: expect.any(String), reasons: [{ kind: "window", from: "90 days", to: "30 days", text: "changes the window: 90 → 30 days" }] },
        lastSeenAt: server.clock.now().toISOString(),
      },
    ]);
    expect(term.usages[0].drift.score).toBeGreaterThanOrEqual(0.5);
    const churn = await json(await server.get("/api/terms/churn-rate"), 200);
    expect(churn.usages.map((u: { path: string }) => u.path)).toEqual(["metric.churn_rate"]);
    expect(churn.usages[0].drift.reasons.map((r: { text: string }) => r.text)).toContain("changes the scale: a percentage → a ratio");

    const page = await server.get("/terms/active-customer");
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("Where it is used in data products (1)");
    expect(text).toContain("<code>model.customers.active_customer</code>");
    expect(text).toContain("changes the window: 90 → 30 days");
    const unused = await (await server.get("/terms/country")).text();
    expect(unused).toContain("No domain's data product is linked to this term yet");
  });
});
