import { beforeEach, expect, it } from "vitest";
import { ConcordError, importGlossary, type CoreDeps } from "../../src/core/index.js";
import { GlossaryFileError, readGlossaryFile, type GlossaryFormat } from "../../src/formats/index.js";
import { ADMIN, coreDeps, createManualClock, seedCustomerMesh } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { changedTables, snapshotTables } from "./support/snapshot.js";

/*
 * Hostile files through the import, as the command line and POST /api/import hand them to it: each is refused with
 * problems that say where (a file error, or the import's invalid-input), never an unexpected error, and every table
 * is left as it was. Into a glossary with agreed terms, so a file that reads cleanly still meets the vote's rules.
 */

const OM_HEADER = "parent,name*,displayName,description,synonyms,relatedTerms,references,tags,reviewers,owner,glossaryStatus,color,iconURL,domains,extension";
const HUGE = "x".repeat(30_000);

const HOSTILE: readonly (readonly [name: string, format: Exclude<GlossaryFormat, "md">, text: string])[] = [
  ["an empty file as OpenMetadata CSV", "openmetadata-csv", ""],
  ["a header of the wrong glossary", "openmetadata-csv", "name,definition\nCustomer,A payer.\n"],
  ["an unclosed quote", "openmetadata-csv", `${OM_HEADER}\n,"Customer,,A payer.\n`],
  ["a name with a right-to-left override", "openmetadata-csv", `${OM_HEADER}\n,\u202eremotsuC,,Reads as Customer.,,,,,,,Approved,,,Sales,\n`],
  ["a NUL in a description", "openmetadata-csv", `${OM_HEADER}\n,Lead,,Some\u0000one.,,,,,,,Approved,,,Sales,\n`],
  ["a description past the limit", "openmetadata-csv", `${OM_HEADER}\n,Lead,,${HUGE},,,,,,,Approved,,,Sales,\n`],
  ["a parent that is nowhere", "openmetadata-csv", `${OM_HEADER}\nGlossary.Nowhere,Lead,,Someone.,,,,,,,Approved,,,Sales,\n`],
  ["a reference that runs script", "openmetadata-csv", `${OM_HEADER}\n,Lead,,Someone.,,,Click;javascript:alert(1),,,,Approved,,,Sales,\n`],
  ["YAML that is not YAML", "datahub-yaml", 'version: "1"\nterms: [\n'],
  ["a YAML alias bomb", "datahub-yaml", ['version: "1"', "a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "nodes: [*d]"].join("\n")],
  ["a YAML document that is a list", "datahub-yaml", "- name: Customer\n"],
  ["a YAML version Concord does not know", "datahub-yaml", 'version: "2"\nterms: []\n'],
  ["Turtle with a syntax error", "skos-turtle", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<a> a skos:Concept ;\n"],
  ["Turtle with an undefined prefix", "skos-turtle", "<https://x/a> a skos:Concept .\n"],
  ["Turtle with no concept", "skos-turtle", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n<https://x/a> rdfs:label \"A\" .\n"],
  [
    "Turtle with a broader cycle",
    "skos-turtle",
    [
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
      '<https://x/a> a skos:Concept ; skos:prefLabel "A"@en ; skos:definition "First."@en ; skos:broader <https://x/b> .',
      '<https://x/b> a skos:Concept ; skos:prefLabel "B"@en ; skos:definition "Second."@en ; skos:broader <https://x/a> .',
    ].join("\n"),
  ],
  ["JSON that is not JSON", "json", "{"],
  ["JSON of another version", "json", '{"concord": 2, "terms": []}'],
  ["JSON whose term is a string", "json", '{"concord": 1, "terms": ["Customer"]}'],
  ["JSON with a relation to itself", "json", '{"concord": 1, "terms": [{"name": "Lead", "definition": "Someone.", "owner": "sales", "relations": [{"type": "related", "term": "Lead"}]}]}'],
  ["JSON with an unknown relation type", "json", '{"concord": 1, "terms": [{"name": "Lead", "definition": "Someone.", "relations": [{"type": "cousin", "term": "Customer"}]}]}'],
  ["JSON with a formula in a domain slug", "json", '{"concord": 1, "terms": [{"name": "Lead", "definition": "Someone.", "owner": "=cmd|calc"}]}'],
  ["a Concord CSV with a bad status", "csv", "name,definition,status\nLead,Someone.,retired\n"],
];

describeEachDatabase("hostile files through the import", (database) => {
  let deps: CoreDeps;

  beforeEach(async () => {
    deps = coreDeps(database(), createManualClock());
    await seedCustomerMesh(deps);
  });

  it(`refuses each of ${HOSTILE.length} hostile files saying where, and leaves every table as it was`, async () => {
    const before = await snapshotTables(database().db);
    const unexpected: string[] = [];
    for (const [name, format, text] of HOSTILE) {
      const outcome = await (async () => {
        try {
          const read = readGlossaryFile(format, text);
          await importGlossary(deps, { ref: ADMIN }, read.records, { domains: read.domains, notes: read.notes, format, dryRun: false });
          return "imported";
        } catch (error) {
          if (error instanceof GlossaryFileError) return error.problems;
          if (error instanceof ConcordError && error.code === "invalid-input") return error.details.problems as { where: string; message: string }[];
          return `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        }
      })();
      if (typeof outcome === "string") unexpected.push(`${name}: ${outcome}`);
      else if (outcome.length === 0 || outcome.some((p) => !p.where || !p.message || /\n\s+at /.test(p.message))) {
        unexpected.push(`${name}: problems without a place or with a stack: ${JSON.stringify(outcome)}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(changedTables(before, await snapshotTables(database().db))).toEqual({});
  });

  it("reads a __proto__ key as a name like any other, polluting no object", async () => {
    const read = readGlossaryFile(
      "datahub-yaml",
      'version: "1"\nterms:\n  - name: __proto__\n    description: Pollutes.\n    domain: Sales\n    custom_properties: { __proto__: { admin: "true" } }\n',
    );
    await importGlossary(deps, { ref: ADMIN }, read.records, { domains: read.domains, notes: read.notes });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("admin");
  });
});
