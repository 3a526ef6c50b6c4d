import { readFileSync } from "node:fs";
import { asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDomain, changeDomainOwner, lookupTerm } from "../../src/core/index.js";
import { createToken, revokeToken } from "../../src/core/tokens.js";
import type { Database } from "../../src/db/database.js";
import { rowsOf } from "../../src/db/rows.js";
import { apiTokens, definitionVersions, imports, proposals, terms } from "../../src/db/schema/index.js";
import { IMPORT_FORMATS } from "../../src/formats/index.js";
import { ADMIN } from "../fixtures/glossary.js";
import { describeEachDatabase, resetDatabase } from "../support/databases.js";
import { admin, sally, seedGlossary, startPagesServer, type PagesServer } from "./support.js";

const CATALOGUES = new URL("../fixtures/catalogues/", import.meta.url);
const OPENMETADATA = readFileSync(new URL("openmetadata/glossary.csv", CATALOGUES), "utf8");

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

describeEachDatabase("the glossary import and export API", (database) => {
  let server: PagesServer;

  afterEach(async () => {
    await server.close();
  });

  /** POSTs a file to /api/import with the token given (none: no Authorization header). */
  const upload = (query: string, body: string | Uint8Array<ArrayBuffer> | undefined, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.base}/api/import${query}`, {
      method: "POST",
      ...(body === undefined ? {} : { body }),
      headers: { "content-type": "text/plain", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
    });

  async function json(res: Response, status: number): Promise<any> {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    return res.json();
  }

  describe("into an empty glossary", () => {
    beforeEach(async () => {
      server = await startPagesServer(database());
    });

    it("loads an OpenMetadata CSV as agreed terms, as the command line does, acting as the token's maker", async () => {
      const { secret, id } = await createToken(server.deps, admin, { scope: "admin" });
      const body = await json(await upload("?format=openmetadata-csv&file_name=business.csv", OPENMETADATA, secret, { "content-type": "text/csv" }), 200);
      expect(body).toMatchObject({ dryRun: false, importId: expect.any(Number), newDomains: expect.arrayContaining(["sales", "finance"]) });
      expect(body.counts.created).toBeGreaterThan(5);
      // Its drafts become proposals, as on the command line.
      expect(body.counts).toMatchObject({ proposed: 2, refused: 0 });
      expect(body.items.filter((i: { action: string }) => i.action === "proposed")).toEqual([
        { where: "line 9", name: "Revenue Recognition", action: "proposed", detail: "a new term (a draft in the file)", proposalId: expect.any(Number) },
        { where: "line 10", name: "Net Revenue", action: "proposed", detail: "a new term (a draft in the file)", proposalId: expect.any(Number) },
      ]);
      expect(body.itemsTotal).toBe(body.items.length);
      expect(body.items[0]).toEqual({ where: "line 2", name: "Customer", action: "created", detail: "agreed, as the glossary was empty", proposalId: null });
      // The rejected term and its child are not imported, and the answer says where they were.
      expect(body.notes.length).toBe(body.notesTotal);
      expect(body.notes).toContainEqual({ where: "line 15", message: '"Legacy Id" is Rejected in OpenMetadata, so it is not imported' });

      const stored = await database().db.select({ slug: terms.slug }).from(terms);
      expect(stored.length).toBe(body.counts.created);
      const [record] = await database().db.select().from(imports).where(eq(imports.id, body.importId));
      expect(record).toMatchObject({ actorRef: ADMIN, fileName: "business.csv", format: "openmetadata-csv" });
      const [version] = await database().db.select({ proposedBy: definitionVersions.proposedBy }).from(definitionVersions).limit(1);
      expect(version!.proposedBy).not.toBeNull();
      const customer = await lookupTerm(server.deps, "Active Customer");
      expect(customer.kind === "found" && customer.details.current.text).toBe("A customer with an order in the last 90 days.");
      // The use is recorded on the token.
      const [token] = await database().db.select().from(apiTokens).where(eq(apiTokens.id, id));
      expect(token!.lastUsedAt).toEqual(server.clock.now());
    });

    it("lists the first 1,000 items of a large file and says how many there were", { timeout: 120_000 }, async () => {
      const { secret } = await createToken(server.deps, admin, { scope: "admin" });
      const rows = Array.from({ length: 1_005 }, (_, i) => `Metric ${i},The metric numbered ${i}.,sales`);
      const body = await json(await upload("?format=csv", ["name,definition,owner", ...rows].join("\n"), secret), 200);
      expect(body.counts.created).toBe(1_005);
      expect(body.itemsTotal).toBe(1_005);
      expect(body.items).toHaveLength(1_000);
      expect(body.items.at(-1)).toMatchObject({ where: "line 1001", name: "Metric 999" });
    });

    it("exports in every format, as an attachment, and each file imports back into an empty database", { timeout: 240_000 }, async () => {
      await seedGlossary(server.deps, server.clock);
      const before = await (await server.get("/api/terms")).json();
      for (const format of IMPORT_FORMATS) {
        const res = await server.get(`/api/export?format=${format}`);
        expect(res.status, format).toBe(200);
        const file = await res.text();
        expect(res.headers.get("content-disposition"), format).toMatch(/^attachment; filename="[a-z_.]+"$/);

        await resetDatabase(database().db);
        const { secret } = await createToken(server.deps, admin, { scope: "admin" });
        const body = await json(await upload(`?format=${format}`, file, secret), 200);
        expect(body.counts, format).toEqual({ created: 3, proposed: 0, unchanged: 0, refused: 0 });
        const after = await (await server.get("/api/terms")).json();
        expect(after.terms, format).toEqual(before.terms);
        expect(await (await server.get(`/api/export?format=${format}`)).text(), format).toBe(file);
        await seedGlossaryAgain();
      }
    });

    /** Puts the seeded glossary back after a round trip replaced it. */
    async function seedGlossaryAgain(): Promise<void> {
      await resetDatabase(database().db);
      await seedGlossary(server.deps, server.clock);
    }
  });

  describe("into a glossary with agreed terms", () => {
    beforeEach(async () => {
      server = await startPagesServer(database());
      await seedGlossary(server.deps, server.clock);
    });

    const CHANGES =
      "name,definition,formula,owner\nCustomer,Someone who paid twice.,,sales\nLead,Someone who may buy.,,sales\n" +
      "Churn Rate,Customers lost in a month divided by customers at the start of the month.,lost_customers / customers_at_start,support\n";

    it("opens proposals for new terms and changed definitions and overwrites nothing", async () => {
      const { secret } = await createToken(server.deps, admin, { scope: "admin" });
      const body = await json(await upload("?format=csv&file_name=changes.csv", CHANGES, secret), 200);
      expect(body.counts).toEqual({ created: 0, proposed: 2, unchanged: 1, refused: 0 });
      expect(body.items.map((i: any) => [i.where, i.name, i.action, i.detail])).toEqual([
        ["line 2", "Customer", "proposed", "a changed definition"],
        ["line 3", "Lead", "proposed", "a new term"],
        ["line 4", "Churn Rate", "unchanged", "the same as the agreed term"],
      ]);
      const opened = await database()
        .db.select({ id: proposals.id, term: proposals.termSlug, status: proposals.status, importId: proposals.importId, proposer: proposals.proposerRef })
        .from(proposals)
        .where(eq(proposals.importId, body.importId))
        .orderBy(asc(proposals.id));
      expect(opened).toEqual([
        { id: body.items[0].proposalId, term: "customer", status: "open", importId: body.importId, proposer: ADMIN },
        { id: body.items[1].proposalId, term: "lead", status: "open", importId: body.importId, proposer: ADMIN },
      ]);
      const customer = await lookupTerm(server.deps, "Customer");
      expect(customer.kind === "found" && customer.details.current.text).toBe("A person or company that has paid for at least one order.");
    });

    it("writes nothing on a dry run, and reports what the import would do", async () => {
      const { secret } = await createToken(server.deps, admin, { scope: "admin" });
      const before = await everyTable(database().db);
      const body = await json(await upload("?format=csv&dry_run=true", CHANGES, secret), 200);
      expect(body).toMatchObject({ dryRun: true, importId: null, counts: { created: 0, proposed: 2, unchanged: 1, refused: 0 } });
      expect(body.items.map((i: any) => i.proposalId)).toEqual([null, null, null]);
      expect(await everyTable(database().db)).toEqual(before);
    });

    it("refuses requests without an admin token with 401 or 403, writing nothing", async () => {
      await addDomain(server.deps, admin, { slug: "growth", name: "Growth" });
      await changeDomainOwner(server.deps, admin, { slug: "growth", action: "add", owner: sally.ref });
      const domainToken = await createToken(server.deps, sally, { scope: "growth" });
      const revoked = await createToken(server.deps, admin, { scope: "admin" });
      await revokeToken(server.deps, admin, revoked.id);
      const good = await createToken(server.deps, admin, { scope: "admin" });
      const before = await everyTable(database().db);

      const missing = await upload("?format=csv", CHANGES);
      expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="Concord"');
      expect(await json(missing, 401)).toEqual({
        error: "unauthorized",
        message: "Importing needs an admin token: send it as Authorization: Bearer <token>. An admin makes one in chat with `token new admin`.",
      });
      const wrongSecret = `${good.secret.slice(0, -2)}${good.secret.endsWith("AA") ? "BB" : "AA"}`;
      for (const token of ["nonsense", revoked.secret, wrongSecret, `concord_999_${good.secret.slice(-43)}`]) {
        expect(await json(await upload("?format=csv", CHANGES, token), 401), token).toMatchObject({ error: "unauthorized" });
      }
      expect(await json(await upload("?format=csv", CHANGES, undefined, { authorization: `Basic ${good.secret}` }), 401)).toMatchObject({
        error: "unauthorized",
      });
      expect(await json(await upload("?format=csv", CHANGES, domainToken.secret), 403)).toEqual({
        error: "forbidden",
        message: "That is a token of the growth domain, for its dbt ingest; importing a glossary needs an admin token (`token new admin`).",
      });
      // An admin token whose maker is no longer an admin imports nothing.
      (server.deps.access.admins as Set<string>).delete(ADMIN);
      expect(await json(await upload("?format=csv", CHANGES, good.secret), 403)).toEqual({
        error: "forbidden",
        message: "Only an admin can import terms; anyone can `propose` one.",
      });
      expect(await everyTable(database().db)).toEqual(before);
    });

    it("answers a bad format, a body not of its format or too large, and invalid records with 400 (413) and where, writing nothing", async () => {
      const { secret } = await createToken(server.deps, admin, { scope: "admin" });
      const before = await everyTable(database().db);
      const formats = "`openmetadata-csv`, `datahub-yaml`, `skos-turtle`, `csv`, `json`";
      expect(await json(await upload("?format=xlsx", CHANGES, secret), 400)).toEqual({
        error: "bad_request",
        message: `“xlsx” is not a format Concord knows; use one of ${formats}.`,
        problems: [],
        problemsTotal: 0,
      });
      expect((await json(await upload("?format=md", CHANGES, secret), 400)).message).toBe(
        `Markdown is for people to read and cannot be imported; import one of ${formats}.`,
      );
      expect((await json(await upload("", CHANGES, secret), 400)).message).toBe(`Name the format once, as ?format=openmetadata-csv; one of ${formats}.`);
      expect((await json(await upload("?format=csv&format=json", CHANGES, secret), 400)).error).toBe("bad_request");
      expect((await json(await upload("?format=csv&dry_run=yes", CHANGES, secret), 400)).message).toBe("dry_run is true or false, as in ?dry_run=true.");
      expect((await json(await upload("?format=csv", undefined, secret), 400)).message).toBe(
        "Nothing was imported: send the file as the request's body (a Concord glossary CSV).",
      );
      expect(await json(await upload("?format=csv", new Uint8Array([0x6e, 0x61, 0xff, 0xfe, 0x0a]), secret), 400)).toMatchObject({
        error: "invalid_file",
        message: "Nothing was imported: the body is not UTF-8 text.",
      });

      expect(await json(await upload("?format=csv", 'name,definition\nA,"never closed\n', secret), 400)).toEqual({
        error: "invalid_file",
        message: "Nothing was imported: the body is not a Concord glossary CSV.",
        problems: [{ where: "line 2", message: "a quoted field is never closed (a quote is missing)" }],
        problemsTotal: 1,
      });
      for (const [format, file] of [
        ["json", "{ not json"],
        ["json", CHANGES],
        ["datahub-yaml", readFileSync(new URL("datahub/broken-syntax.yml", CATALOGUES), "utf8")],
        ["datahub-yaml", readFileSync(new URL("datahub/not-a-glossary.yml", CATALOGUES), "utf8")],
        ["skos-turtle", readFileSync(new URL("skos/broken-syntax.ttl", CATALOGUES), "utf8")],
        ["skos-turtle", CHANGES],
        ["openmetadata-csv", readFileSync(new URL("openmetadata/bad-header.csv", CATALOGUES), "utf8")],
        ["openmetadata-csv", readFileSync(new URL("openmetadata/parent-cycle.csv", CATALOGUES), "utf8")],
      ] as const) {
        const body = await json(await upload(`?format=${format}`, file, secret), 400);
        expect(body.error, `${format}: ${file.slice(0, 30)}`).toMatch(/^invalid_(file|records)$/);
        expect(body.problems.length, format).toBeGreaterThan(0);
        expect(body.problems[0], format).toEqual({ where: expect.any(String), message: expect.any(String) });
      }

      expect(await json(await upload("?format=csv", "x".repeat(50 * 1024 * 1024 + 1), secret), 413)).toEqual({
        error: "too_large",
        message: "That file is larger than 50 MB, the most one request imports. Import it with the command line instead: `npm run concord -- import <file>`.",
      });

      const invalid = await json(await upload("?format=csv", 'name,definition,owner\nLead,"Someone\nwho may buy.",Growth Team\nOrder,,sales\nFine,Fine.,sales\n', secret), 400);
      expect(invalid).toEqual({
        error: "invalid_records",
        message: expect.stringMatching(/^Nothing was imported: 2 problems/),
        problems: [
          { where: "line 2", message: 'owner: "Growth Team" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)' },
          { where: "line 4", message: "the definition is empty" },
        ],
        problemsTotal: 2,
      });
      expect(await everyTable(database().db)).toEqual(before);

      // Whatever the body, a format's reader answers it as the sender's mistake, never as a failure of Concord.
      for (const format of IMPORT_FORMATS) {
        for (const file of ["\u0000", "[]", "null", "{}", '{"concord":1,"terms":[{}]}', "- 1\n- 2", "@prefix x: <y> .", "name,definition", "\uFEFF", "a,b\n1,2,3"]) {
          const res = await upload(`?format=${format}`, file, secret);
          expect(res.status, `${format}: ${JSON.stringify(file)}`).toBeLessThan(500);
          await res.body?.cancel();
        }
      }
    });

    it("answers an unknown export format with 400, and follows the pages' token when one is set", async () => {
      expect(await json(await server.get("/api/export?format=xlsx"), 400)).toEqual({
        error: "bad_request",
        message: "“xlsx” is not a format Concord knows; use one of `openmetadata-csv`, `datahub-yaml`, `skos-turtle`, `csv`, `json`, `md`.",
      });
      expect((await json(await server.get("/api/export"), 400)).error).toBe("bad_request");
      const markdown = await server.get("/api/export?format=md");
      expect(markdown.status).toBe(200);
      expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(markdown.headers.get("content-disposition")).toBe('attachment; filename="glossary.md"');
      expect(await markdown.text()).toContain("## Customer");

      await server.close();
      server = await startPagesServer(database(), { token: "pages-secret" });
      expect(await json(await server.get("/api/export?format=json"), 401)).toMatchObject({ error: "unauthorized" });
      const allowed = await server.get("/api/export?format=json", { headers: { authorization: "Bearer pages-secret" } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(JSON.parse(await allowed.text()).terms.map((t: { name: string }) => t.name)).toContain("Customer");
      // Importing takes an admin token, not the pages' token.
      expect((await json(await upload("?format=csv", CHANGES, "pages-secret"), 401)).error).toBe("unauthorized");
      const { secret } = await createToken(server.deps, admin, { scope: "admin" });
      expect((await json(await upload("?format=csv&dry_run=true", CHANGES, secret), 200)).counts.proposed).toBe(2);

      // With the pages off (PAGES=off), the export goes with them; the write API, token-checked itself, stays.
      await server.close();
      server = await startPagesServer(database(), { pages: false });
      expect((await server.get("/api/export?format=json")).status).toBe(404);
      expect((await json(await upload("?format=csv&dry_run=true", CHANGES, secret), 200)).counts.proposed).toBe(2);
    });
  });
});

