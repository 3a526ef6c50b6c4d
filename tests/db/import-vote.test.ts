import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import {
  castVote,
  exportGlossary,
  importGlossary,
  importTerm,
  lookupTerm,
  relateTerms,
  unrelateTerms,
  viewProposal,
  withdrawProposal,
  type CoreDeps,
  type GlossaryExport,
  type ImportOptions,
} from "../../src/core/index.js";
import {
  auditEvents,
  definitionVersions,
  domainOwners,
  domains,
  imports,
  outboxEvents,
  proposals,
  termReferences,
  termRelations,
  terms,
  votes,
} from "../../src/db/schema/index.js";
import { readGlossaryFile, writeGlossaryFile, type GlossaryFormat } from "../../src/formats/index.js";
import { proposalView } from "../../src/views/index.js";
import { createLinks } from "../../src/web/links.js";
import { read } from "../views/read.js";
import { ADMIN, coreDeps, createManualClock, MESH_OWNERS, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase, resetDatabase, type TestDatabase } from "../support/databases.js";

/*
 * Imports go through the vote (issue: bring your glossary). Into an empty glossary the file is loaded as agreed,
 * with its hierarchy, relations and references; into one with agreed terms, new terms and changed definitions or
 * parents become proposals that the affected domains' owners decide, announced by one notice per import. Each
 * catalogue format round-trips through the database.
 */

const admin = { ref: ADMIN };
const fixture = (path: string) => readFileSync(new URL(`../fixtures/catalogues/${path}`, import.meta.url), "utf8");

const FIXTURES: readonly (readonly [Exclude<GlossaryFormat, "md" | "csv" | "json">, string])[] = [
  ["openmetadata-csv", "openmetadata/glossary.csv"],
  ["datahub-yaml", "datahub/glossary.yml"],
  ["skos-turtle", "skos/glossary.ttl"],
];

function importFile(deps: CoreDeps, format: Exclude<GlossaryFormat, "md">, text: string, options: ImportOptions = {}) {
  const read = readGlossaryFile(format, text);
  return importGlossary(deps, admin, read.records, {
    domains: read.domains,
    notes: read.notes,
    ...(read.extras ? { extras: read.extras } : {}),
    fileName: `glossary.${format}`,
    format,
    ...options,
  });
}

/** What an export holds that both Concord and a catalogue keep: history and proposers aside. */
function comparable(glossary: GlossaryExport) {
  return glossary.terms.map(({ versions: _versions, ...record }) => record);
}

async function rowCounts(database: TestDatabase): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  const tables = { terms, definitionVersions, domains, domainOwners, termRelations, termReferences, proposals, votes, imports, outboxEvents, auditEvents };
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await database.db.select({ n: count() }).from(table);
    counted[name] = row!.n;
  }
  return counted;
}

describeEachDatabase("imports through the vote", (database) => {
  let deps: CoreDeps;

  beforeEach(() => {
    deps = coreDeps(database(), createManualClock());
  });

  for (const [format, path] of FIXTURES) {
    it(`round-trips ${format} through the database: import into an empty glossary, export, import the export, export the same`, async () => {
      const summary = await importFile(deps, format, fixture(path));
      expect(summary.counts.created).toBeGreaterThanOrEqual(8);
      // A draft that names no domain cannot be voted on: refused, saying why.
      for (const item of summary.items.filter((i) => i.action === "refused")) expect(item.detail).toMatch(/names no domain, so nobody could vote on it/);
      const first = await exportGlossary(deps);
      const written = writeGlossaryFile(format, first, deps.clock.now());

      // A three-level line of parents, relations read from both sides, and references, as stored.
      const deepest = first.terms.find((t) => t.parent && first.terms.find((p) => p.name === t.parent)?.parent);
      expect(deepest, "a term three levels deep").toBeDefined();
      const looked = await lookupTerm(deps, deepest!.name);
      expect(looked.kind === "found" && looked.details.ancestors?.length).toBe(2);
      expect(first.terms.some((t) => (t.relations ?? []).length > 0)).toBe(true);
      expect(first.terms.some((t) => (t.references ?? []).length > 0)).toBe(true);

      await resetDatabase(database().db);
      await importFile(deps, format, written);
      const second = await exportGlossary(deps);
      expect(comparable(second)).toEqual(comparable(first));
      expect(writeGlossaryFile(format, second, deps.clock.now())).toBe(written);
    });
  }

  it("changes nothing when the same file is imported again: agreed terms are unchanged, drafts already proposed", async () => {
    const text = fixture("openmetadata/glossary.csv");
    const first = await importFile(deps, "openmetadata-csv", text);
    expect(first.counts.proposed).toBeGreaterThan(0);
    const before = await rowCounts(database());
    const again = await importFile(deps, "openmetadata-csv", text);
    expect(again.counts).toEqual({ created: 0, proposed: 0, unchanged: first.items.length, refused: 0 });
    const after = await rowCounts(database());
    // Only the import's own record and its audit event are new.
    expect(after).toEqual({ ...before, imports: before.imports! + 1, auditEvents: before.auditEvents! + 1 });
  });

  it("opens proposals for changed and new terms, one import notice, and the owners' votes decide them; the version's audit names the import", async () => {
    await seedCustomerMesh(deps);
    const file = [
      "parent,name*,displayName,description,synonyms,relatedTerms,references,tags,reviewers,owner,glossaryStatus,color,iconURL,domains,extension",
      ",Customer,,A person or company that has paid for at least one order in the last 12 months.,,,,,,,Approved,,,Sales;Support;Finance,",
      "Glossary.Customer,Active Customer,,A customer with an order in the last 90 days.,,,,,,,Approved,,,Sales,",
      "",
    ].join("\r\n");
    const dry = await importFile(deps, "openmetadata-csv", file, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, importId: null, counts: { created: 0, proposed: 2, unchanged: 0, refused: 0 } });
    const untouched = await rowCounts(database());

    const summary = await importFile(deps, "openmetadata-csv", file);
    expect(summary.items.map((i) => [i.where, i.action, i.name, i.detail])).toEqual([
      ["line 2", "proposed", "Customer", "a changed definition"],
      ["line 3", "proposed", "Active Customer", "a new term"],
    ]);
    expect((await rowCounts(database())).proposals).toBe(untouched.proposals! + 2);
    const notices = await database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "import.opened"));
    expect(notices.map((n) => n.payload)).toEqual([{ importId: summary.importId }]);
    const customer = await lookupTerm(deps, "Customer");
    expect(customer.kind === "found" && customer.details.current.text).toBe("A person or company that has paid for at least one order.");

    const [amend, create] = summary.items.map((i) => i.proposalId!);
    for (const owner of Object.values(MESH_OWNERS)) await castVote(deps, { ref: owner }, { proposalId: amend!, position: "approve" });
    await castVote(deps, { ref: MESH_OWNERS.sales }, { proposalId: create!, position: "approve" });

    const agreed = await lookupTerm(deps, "Active Customer");
    expect(agreed.kind === "found" && [agreed.details.current.text, agreed.details.parent?.name]).toEqual([
      "A customer with an order in the last 90 days.",
      "Customer",
    ]);
    const amended = await lookupTerm(deps, "Customer");
    expect(amended.kind === "found" && [amended.details.term.currentVersion, amended.details.current.text]).toEqual([
      2,
      "A person or company that has paid for at least one order in the last 12 months.",
    ]);
    const approvals = await database().db.select().from(auditEvents).where(eq(auditEvents.action, "proposal.approved"));
    expect(approvals.map((a) => (a.after as { importId?: number }).importId)).toEqual([summary.importId, summary.importId]);
    const closed = await database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "import.closed"));
    expect(closed.map((n) => n.payload)).toEqual([{ importId: summary.importId }]);
    const [record] = await database().db.select().from(imports).where(eq(imports.id, summary.importId!));
    expect(record).toMatchObject({ actorRef: ADMIN, fileName: "glossary.openmetadata-csv", format: "openmetadata-csv", counts: summary.counts });
  });

  it("announces the import's close once, when its last open proposal is withdrawn rather than decided", async () => {
    await seedCustomerMesh(deps);
    const file = JSON.stringify({
      concord: 1,
      terms: [
        { name: "Lead", definition: "Someone who may buy.", owner: "sales" },
        { name: "Prospect", definition: "A lead that answered.", owner: "sales" },
      ],
    });
    const summary = await importFile(deps, "json", file);
    const [lead, prospect] = summary.items.map((i) => i.proposalId!);
    const closedEvents = () => database().db.select().from(outboxEvents).where(eq(outboxEvents.kind, "import.closed"));
    await castVote(deps, { ref: MESH_OWNERS.sales }, { proposalId: lead!, position: "approve" });
    expect(await closedEvents()).toEqual([]);
    await withdrawProposal(deps, admin, prospect!);
    expect((await closedEvents()).map((e) => e.payload)).toEqual([{ importId: summary.importId }]);
  });

  it("moves an agreed term under another only through a proposal, keeping its definition's version", async () => {
    await seedCustomerMesh(deps);
    await importTerm(deps, admin, { name: "Party", text: "Anyone we deal with.", ownerDomain: "sales" });
    const summary = await importFile(
      deps,
      "json",
      JSON.stringify({ concord: 1, terms: [{ name: "Customer", definition: "A person or company that has paid for at least one order.", owner: "sales", parent: "Party" }] }),
    );
    expect(summary.items.map((i) => [i.action, i.detail])).toEqual([["proposed", "a new parent"]]);
    const before = await lookupTerm(deps, "Customer");
    expect(before.kind === "found" && before.details.parent).toBeNull();
    // What the voters read: where the term goes, and that its words stay as agreed.
    const view = await viewProposal(deps, summary.items[0]!.proposalId!);
    expect(view.placement).toEqual({ under: { slug: "party", name: "Party", agreed: true } });
    const shown = read(proposalView(view, { links: createLinks("http://concord.test"), now: deps.clock.now() }));
    expect(shown).toContain("Definition (unchanged)\nA person or company that has paid for at least one order.\nWhere it goes\nCustomer under [Party](http://concord.test/terms/party).");
    for (const owner of Object.values(MESH_OWNERS)) await castVote(deps, { ref: owner }, { proposalId: summary.items[0]!.proposalId!, position: "approve" });
    const after = await lookupTerm(deps, "Customer");
    expect(after.kind === "found" && [after.details.parent?.name, after.details.term.currentVersion]).toEqual(["Party", 1]);
  });

  it("stores an imported symmetric relation as chat does, so relate and unrelate find it from either side", async () => {
    // Zeta is written first (the lower id) but sorts after Alpha: the stored order must not depend on names.
    await importFile(
      deps,
      "json",
      JSON.stringify({ concord: 1, terms: [{ name: "Zeta", definition: "Last.", relations: [{ type: "related", term: "Alpha" }] }, { name: "Alpha", definition: "First." }] }),
    );
    expect(await relateTerms(deps, admin, { term: "Alpha", relation: "related", other: "Zeta" }).catch((e: unknown) => e)).toMatchObject({ changed: false });
    await unrelateTerms(deps, admin, { term: "Alpha", relation: "related", other: "Zeta" });
    const zeta = await lookupTerm(deps, "Zeta");
    expect(zeta.kind === "found" && zeta.details.relations).toEqual([]);
  });

  it("refuses a file whose parents make a cycle with the glossary's, or name terms nowhere, and writes nothing", async () => {
    await importFile(deps, "json", JSON.stringify({ concord: 1, terms: [{ name: "A", definition: "First." }, { name: "B", definition: "Second.", parent: "A" }] }));
    const before = await rowCounts(database());
    const error = await importFile(
      deps,
      "json",
      JSON.stringify({
        concord: 1,
        terms: [
          { name: "A", definition: "First.", parent: "B" },
          { name: "C", definition: "Third.", parent: "Nowhere", relations: [{ type: "related", term: "Elsewhere" }] },
        ],
      }),
    ).catch((e: unknown) => e);
    expect((error as { details: { problems: unknown } }).details.problems).toEqual([
      { where: "term 1", message: "its parents make a cycle: a › b › a" },
      { where: "term 2", message: 'its parent "Nowhere" is neither in the file nor in the glossary' },
      { where: "term 2", message: 'its related term "Elsewhere" is neither in the file nor in the glossary' },
    ]);
    expect(await rowCounts(database())).toEqual(before);
  });
});
