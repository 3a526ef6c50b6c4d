import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkImportRecords, ConcordError, RELATION_TYPES, type GlossaryExport, type GlossaryRecord } from "../../../src/core/index.js";
import { DEFAULT_SCHEME_IRI, readSkosTurtle, writeSkosTurtle } from "../../../src/formats/skos.js";
import type { ReadGlossary } from "../../../src/formats/types.js";
import { asExport, problemsOf, termNamed } from "./support.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/catalogues/skos/${name}`, import.meta.url), "utf8");
const G = "https://data.example.com/glossary";

const notesOf = (read: ReadGlossary) => read.notes.map((n) => `${n.where}: ${n.message}`);

describe("reading SKOS Turtle", () => {
  const read = readSkosTurtle(fixture("glossary.ttl"));
  const glossary = asExport(read);

  it("reads each concept as a term an import accepts, located by line and IRI, parents before children", () => {
    expect(read.records.map((r) => r.where)).toEqual([
      `line 15 (<${G}/customer>)`,
      `line 39 (<${G}/active-customer>)`,
      `line 47 (<${G}/premium-customer>)`,
      `line 55 (<${G}/revenue>)`,
      `line 66 (<${G}/net-revenue>)`,
      `line 73 (<${G}/refund>)`,
      `line 81 (<${G}/legacy-account>)`,
      `line 88 (<${G}/prospect>)`,
      `line 96 (<${G}/handover>)`,
      `line 102 (<${G}/termination>)`,
      `line 107 (<${G}/jp-term>)`,
    ]);
    expect(glossary.terms.map((t) => t.name)).toEqual([
      "Customer",
      "Active Customer",
      "Client privilégié",
      "Revenue",
      "Net Revenue",
      "Refund",
      "Legacy Account",
      "Prospect",
      "Übergabe",
      "Kündigung",
      "Order",
    ]);
  });

  it("takes the English labels, definition and example, and keeps the other languages' for export", () => {
    const customer = termNamed(glossary, "Customer");
    expect(customer.aliases).toEqual(["Client", "Account holder"]);
    expect(customer.definition).toBe(
      'A person or company that bought, at least once, in the last 12 months.\nIncludes "trial" accounts, ""paying"" ones and resellers.',
    );
    expect(customer.example).toBe("ACME Ltd, after its first order");
    expect(customer.extras).toMatchObject({
      "skos.iri": `${G}/customer`,
      "skos.language": "en",
      "skos.prefLabel@de": "Kunde",
      "skos.prefLabel@ja": "顧客",
      "skos.altLabel@de": '["Kundin"]',
      "skos.definition@de": '["Eine Person oder Firma, die gekauft hat."]',
      "skos.scopeNote@en": '["Reviewed yearly by the data office."]',
    });
    // Statements Concord has no field for are kept as they were.
    expect(customer.extras?.["skos.triples"]).toContain('<http://www.w3.org/2004/02/skos/core#notation> "CUST-1"');
    expect(customer.extras?.["skos.triples"]).toContain('"2024-03-01"^^<http://www.w3.org/2001/XMLSchema#date>');
  });

  it("falls back to untagged labels, then to the first language, and keeps a label's language", () => {
    expect(termNamed(glossary, "Übergabe")).toMatchObject({ aliases: ["Hand-over"], extras: expect.objectContaining({ "skos.language": "" }) });
    expect(termNamed(glossary, "Kündigung")).toMatchObject({
      definition: "Das Ende eines Vertrags.",
      extras: expect.objectContaining({ "skos.language": "de" }),
    });
    expect(termNamed(glossary, "Order").extras?.["skos.prefLabel@ja"]).toBe("日本語の注文");
  });

  it("reads another language when asked, keeping English for export", () => {
    const german = asExport(readSkosTurtle(fixture("glossary.ttl"), { language: "de" }));
    const kunde = termNamed(german, "Kunde");
    expect(kunde).toMatchObject({ aliases: ["Kundin"], definition: "Eine Person oder Firma, die gekauft hat." });
    expect(kunde.extras).toMatchObject({ "skos.prefLabel@en": "Customer", "skos.altLabel@en": '["Client","Account holder"]' });
    // A concept without a German label keeps its English name.
    expect(termNamed(german, "Revenue").extras?.["skos.language"]).toBe("en");
    expect(writeSkosTurtle(german)).toContain('skos:prefLabel "Kunde"@de, "Customer"@en, "顧客"@ja;');
  });

  it("takes a regional English label, and a definition in another language when there is no English one", () => {
    const text = [
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
      "<https://example.org/colour> a skos:Concept ;",
      '    skos:prefLabel "Colour"@en-GB , "Couleur"@fr ;',
      '    skos:definition "La teinte d\'un produit."@fr .',
      "",
    ].join("\n");
    const glossary = asExport(readSkosTurtle(text));
    expect(glossary.terms[0]).toMatchObject({
      name: "Colour",
      definition: "La teinte d'un produit.",
      extras: { "skos.iri": "https://example.org/colour", "skos.language": "en-gb", "skos.prefLabel@fr": "Couleur", "skos.definition.language": "fr" },
    });
    const written = writeSkosTurtle(glossary);
    expect(written).toContain('skos:prefLabel "Colour"@en-gb, "Couleur"@fr;\n    skos:definition "La teinte d\'un produit."@fr.');
    // A file without a scheme is written with the default one.
    const again = asExport(readSkosTurtle(written));
    expect(again.terms).toEqual(glossary.terms);
    expect(again.extras).toEqual({ "skos.scheme": DEFAULT_SCHEME_IRI });
    expect(writeSkosTurtle(again)).toBe(written);
  });

  it("reads the hierarchy three levels deep, a second broader concept as a relation, with a note", () => {
    expect(termNamed(glossary, "Customer").parent).toBeNull();
    expect(termNamed(glossary, "Active Customer").parent).toBe("Customer");
    expect(termNamed(glossary, "Client privilégié").parent).toBe("Active Customer");
    expect(termNamed(glossary, "Client privilégié").relations).toEqual([
      { type: "broader", term: "Revenue" },
      { type: "part-of", term: "Customer" },
    ]);
    expect(notesOf(read)).toEqual([
      `line 47 (<${G}/premium-customer>): it has 2 broader concepts in the file; the first by IRI, <${G}/active-customer>, is read as its parent and the others as broader relations`,
      `line 73 (<${G}/refund>): it has 2 broader concepts in the file; the first by IRI, <${G}/net-revenue>, is read as its parent and the others as broader relations`,
    ]);
  });

  it("reads every relation type, to terms named as Concord names them", () => {
    const relations = glossary.terms.flatMap((t) => (t.relations ?? []).map((r) => `${t.name} ${r.type} ${r.term}`));
    expect(relations).toEqual([
      "Client privilégié broader Revenue",
      "Client privilégié part-of Customer",
      "Revenue narrower Refund",
      "Revenue related Customer",
      "Revenue has-part Net Revenue",
      "Refund antonym Revenue",
      "Refund see-also Customer",
      "Legacy Account synonym Customer",
    ]);
    expect(new Set(relations.map((r) => r.split(" ").find((word) => (RELATION_TYPES as readonly string[]).includes(word))))).toEqual(
      new Set(RELATION_TYPES),
    );
  });

  it("reads mappings and links to outside IRIs as references", () => {
    expect(termNamed(glossary, "Customer").references).toEqual([
      { label: "exactMatch", url: "https://schema.org/Person" },
      { label: "closeMatch", url: "http://purl.org/goodrelations/v1#BusinessEntity" },
      { label: "Wiki page, customers", url: "https://wiki.example.com/Customer" },
    ]);
    expect(termNamed(glossary, "Net Revenue").references).toEqual([
      { label: "relatedMatch", url: "https://www.wikidata.org/wiki/Q850210" },
      { label: "seeAlso", url: "https://wiki.example.com/NetRevenue" },
    ]);
    expect(termNamed(glossary, "Prospect").references?.map((r) => r.label)).toEqual(["broadMatch", "narrowMatch"]);
  });

  it("reads Concord's own fields from the concord: namespace, and every status", () => {
    expect(termNamed(glossary, "Customer")).toMatchObject({
      owner: "sales",
      consumers: ["support", "finance-billing"],
      policy: "unanimous",
      tags: ["pii", "core"],
      stewards: ["user:jane", "team:sales"],
      variants: [{ domain: "sales", text: "Anyone with a signed contract." }],
      status: "active",
      draft: false,
    });
    expect(termNamed(glossary, "Revenue")).toMatchObject({ formula: "SUM(order_total)", policy: "majority", owner: "finance-billing" });
    expect(termNamed(glossary, "Legacy Account").status).toBe("deprecated");
    expect(termNamed(glossary, "Prospect")).toMatchObject({ status: "active", draft: true });
    // A domain without concord:slug gets one from its label.
    expect(read.domains).toEqual([
      { slug: "finance-billing", name: "Finance & Billing" },
      { slug: "sales", name: "Sales" },
      { slug: "support", name: "Customer Support" },
    ]);
  });

  it("keeps the concept scheme, its title and its other statements, and the domains' IRIs, as glossary fields", () => {
    expect(read.extras).toEqual({
      "skos.domain.finance-billing": `${G}/domain-finance`,
      "skos.domain.sales": `${G}/domain-sales`,
      "skos.domain.support": `${G}/domain-support`,
      "skos.scheme": G,
      "skos.scheme.title": "Company glossary",
      "skos.scheme.triples": [
        `<${G}> <http://purl.org/dc/terms/title> "Company glossary"@en .`,
        `<${G}> <http://purl.org/dc/terms/title> "Firmenglossar"@de .`,
        `<${G}> <http://purl.org/dc/terms/creator> "Data Office" .`,
        "",
      ].join("\n"),
    });
  });
});

describe("SKOS round trips", () => {
  it("file → Concord → file → Concord gives the same records, and the written file again on a second trip", () => {
    const first = asExport(readSkosTurtle(fixture("glossary.ttl")));
    const written = writeSkosTurtle(first);
    const second = asExport(readSkosTurtle(written));
    expect(second).toEqual(first);
    expect(writeSkosTurtle(second)).toBe(written);
  });

  it("writes the file's IRIs, labels in every language, and the same properties for references", () => {
    const written = writeSkosTurtle(asExport(readSkosTurtle(fixture("glossary.ttl"))));
    expect(written).toContain("@prefix concord: <https://concord.dev/ns#>.");
    expect(written).toContain(`@prefix : <${G}/>.`);
    expect(written).toContain('skos:prefLabel "Customer"@en, "Kunde"@de, "顧客"@ja;');
    expect(written).toContain("skos:exactMatch <https://schema.org/Person>;");
    expect(written).toContain("rdfs:seeAlso <https://wiki.example.com/NetRevenue>.");
    expect(written).toContain('skos:scopeNote "sales: Anyone with a signed contract."@en, "Reviewed yearly by the data office."@en;');
    expect(written).toContain("owl:deprecated true");
    expect(written).toContain("concord:consumer :domain-support, :domain-finance;");
    expect(written).toContain(':domain-finance a concord:Domain;\n    concord:slug "finance-billing";\n    rdfs:label "Finance & Billing".');
    expect(written).toContain('skos:prefLabel "Übergabe";');
    expect(written).toContain('dct:title "Company glossary"@en, "Firmenglossar"@de;');
    // The parent is marked where a concept has more than one broader concept.
    expect(written).toContain("    skos:broader :active-customer;\n    concord:parent :active-customer;\n    skos:broader :revenue;\n");
  });

  it("Concord → SKOS → Concord keeps every field, with IRIs minted under the scheme", () => {
    const glossary: GlossaryExport = {
      domains: [
        { slug: "sales", name: "Sales" },
        { slug: "support", name: "Support" },
      ],
      terms: [
        {
          name: "Customer",
          definition: 'Someone who bought, "at least" once,\nin 12 months.',
          example: "ACME",
          formula: null,
          aliases: ["Client"],
          owner: "sales",
          consumers: ["support"],
          tags: ["pii"],
          policy: "owner",
          status: "active",
          variants: [{ domain: "support", text: "Anyone with a ticket." }],
          versions: [
            { version: 1, text: "Old.", example: null, formula: null, agreedAt: "2026-01-01T00:00:00.000Z", proposedBy: "local:jane" },
            { version: 2, text: 'Someone who bought, "at least" once,\nin 12 months.', example: "ACME", formula: null, agreedAt: "2026-02-01T00:00:00.000Z", proposedBy: null },
          ],
          parent: null,
          relations: [{ type: "antonym", term: "Prospect" }],
          references: [{ label: "Policy page", url: "https://wiki.example.com/p" }, { label: "exactMatch", url: "https://schema.org/Person" }],
          stewards: ["user:jane"],
          extras: { "openmetadata.color": "#ff0000" },
        },
        {
          name: "Café Visit",
          definition: "A visit to a café.",
          example: null,
          formula: "COUNT(visits)",
          aliases: [],
          owner: null,
          consumers: [],
          tags: [],
          policy: null,
          status: "deprecated",
          variants: [],
          parent: "Customer",
          relations: [{ type: "see-also", term: "日本語" }],
        },
        {
          name: "日本語",
          definition: "日本語の定義。",
          example: null,
          formula: null,
          aliases: [],
          owner: null,
          consumers: [],
          tags: [],
          policy: null,
          status: "active",
          variants: [],
          parent: "Café Visit",
          relations: [{ type: "narrower", term: "Prospect" }],
        },
        {
          name: "Prospect",
          definition: "Someone who may buy.",
          example: null,
          formula: null,
          aliases: [],
          owner: null,
          consumers: [],
          tags: [],
          policy: null,
          status: "active",
          variants: [],
          draft: true,
        },
      ],
    };
    const written = writeSkosTurtle(glossary, { scheme: "https://data.example.com/terms" });
    expect(written).toContain("<https://data.example.com/terms> a skos:ConceptScheme;");
    expect(written).toContain(":cafe-visit a skos:Concept;");
    expect(written).toContain('concord:extra [\n  concord:key "openmetadata.color";');
    const back = asExport(readSkosTurtle(written));
    expect(back.terms.map((t) => t.extras?.["skos.iri"])).toEqual([
      "https://data.example.com/terms/customer",
      "https://data.example.com/terms/cafe-visit",
      "https://data.example.com/terms/日本語",
      "https://data.example.com/terms/prospect",
    ]);
    const withoutSkos = (terms: readonly GlossaryRecord[]) =>
      terms.map(({ versions: _versions, extras, ...term }) => ({
        ...term,
        extras: Object.fromEntries(Object.entries(extras ?? {}).filter(([key]) => !key.startsWith("skos."))),
      }));
    expect(withoutSkos(back.terms)).toEqual(withoutSkos(checkImportRecords(glossary.terms.map((data, i) => ({ where: `term ${i + 1}`, data })))));
    expect(back.domains).toEqual(glossary.domains);
    expect(writeSkosTurtle(back)).toBe(written);
  });

  it("writes a glossary never read from SKOS under the default scheme, in English", () => {
    const written = writeSkosTurtle({
      domains: [],
      terms: [
        { name: "Order", definition: "A request to buy.", example: null, formula: null, aliases: [], owner: null, consumers: [], tags: [], policy: null, status: "active", variants: [] },
      ],
    });
    expect(written).toContain(`<${DEFAULT_SCHEME_IRI}> a skos:ConceptScheme;\n    skos:hasTopConcept :order.`);
    expect(written).toContain(':order a skos:Concept;\n    skos:inScheme <https://concord.dev/glossary>;\n    skos:topConceptOf <https://concord.dev/glossary>;\n    skos:prefLabel "Order"@en;\n    skos:definition "A request to buy."@en.');
  });
});

describe("SKOS files Concord reads with notes or refuses", () => {
  it("names the line of a Turtle syntax error", () => {
    expect(problemsOf(() => readSkosTurtle(fixture("broken-syntax.ttl")))).toEqual([
      'line 6: not readable as Turtle: Unexpected ""A"',
    ]);
    expect(problemsOf(() => readSkosTurtle(fixture("undefined-prefix.ttl")))).toEqual(['line 3: not readable as Turtle: Undefined prefix "ex:"']);
  });

  it("refuses a file without concepts, and a file that is not Turtle", () => {
    expect(problemsOf(() => readSkosTurtle(fixture("no-concepts.ttl")))).toEqual([
      "file: it holds no skos:Concept, so it is not a SKOS glossary (each term is a subject with `a skos:Concept`)",
    ]);
    expect(problemsOf(() => readSkosTurtle("name,definition\nCustomer,A person\n"))[0]).toMatch(/^line 1: not readable as Turtle: /);
  });

  it("refuses two concepts with one name, naming both IRIs", () => {
    expect(problemsOf(() => readSkosTurtle(fixture("same-label.ttl")))).toEqual([
      `line 8 (<${G}/customers>): its label "Customers" names the same term as <${G}/customer> ("Customer", line 4 (<${G}/customer>)); Concord's term names are unique, so give one of them another prefLabel`,
    ]);
  });

  it("refuses a cycle of broader concepts, naming where it starts", () => {
    expect(problemsOf(() => readSkosTurtle(fixture("broader-cycle.ttl")))).toEqual([
      `line 4 (<${G}/customer>): its broader concepts lead back to it ("Customer" → "Party" → "Account" → "Customer"); a term cannot be its own ancestor`,
    ]);
  });

  it("leaves a concept without a definition to the import, which names it by line and IRI", () => {
    const read = readSkosTurtle(
      ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "", '<https://example.org/order> a skos:Concept ; skos:prefLabel "Order"@en .', ""].join("\n"),
    );
    let problems: unknown;
    try {
      checkImportRecords(read.records);
    } catch (error) {
      problems = (error as ConcordError).details?.problems;
    }
    expect(problems).toEqual([{ where: "line 3 (<https://example.org/order>)", message: "the definition is missing" }]);
  });

  it("reads unusual concepts with a note each, keeping what it cannot use for export", () => {
    const read = readSkosTurtle(fixture("unusual-concepts.ttl"));
    const base = `${G}/`;
    expect(notesOf(read)).toEqual([
      `line 11 (<https://other.example.com/vocabulary/>): a second concept scheme: Concord holds one glossary, so its concepts are read into <${base}>, and an export writes that scheme alone`,
      `line 14 (<${base}customer>): its skos:broader <https://other.example.com/vocabulary/person> is not a concept of this file; it is kept for export, but is not a relation in Concord`,
      `line 14 (<${base}customer>): its skos:related <https://other.example.com/vocabulary/client> is not a concept of this file; it is kept for export, but is not a relation in Concord`,
      `line 14 (<${base}customer>): it has 2 prefLabels in "en"; the first names it and the others are read as aliases`,
      `line 21 (<${base}Churn%20Rate>): it has no skos:prefLabel, so it is read as "Churn Rate", the end of its IRI`,
      `line 25 (a blank node ([ … ])): a blank-node concept (no IRI); an export gives it the IRI <${base}basket>`,
      "line 30 (the blank node _:nameless): a blank-node concept without a skos:prefLabel: Concord cannot name it, so it is skipped",
      `line 14 (<${base}customer>): its skos:related names a concept that was skipped (the blank node _:nameless), so it is left out`,
      "line 38 (<https://people.example.com/jane>): neither a concept, the concept scheme nor a Concord domain: not imported",
    ]);
    const glossary = asExport(read);
    expect(glossary.terms.map((t) => t.name)).toEqual(["Customer", "Churn Rate", "Basket", "Party"]);
    expect(termNamed(glossary, "Customer")).toMatchObject({ aliases: ["Buyer"], parent: null, relations: [] });
    expect(termNamed(glossary, "Customer").extras?.["skos.triples"]).toBe(
      [
        `<${base}customer> <http://www.w3.org/2004/02/skos/core#broader> <https://other.example.com/vocabulary/person> .`,
        `<${base}customer> <http://www.w3.org/2004/02/skos/core#related> <https://other.example.com/vocabulary/client> .`,
        "",
      ].join("\n"),
    );
    const written = writeSkosTurtle(glossary);
    // The outside concepts are written back; a name taken from the IRI is not written as a prefLabel.
    expect(written).toContain("skos:broader <https://other.example.com/vocabulary/person>;");
    expect(written).toMatch(/<https:\/\/data\.example\.com\/glossary\/Churn%20Rate> a skos:Concept;\n(?:.*\n)*?\s+skos:definition "The share/);
    expect(written).not.toContain('"Churn Rate"');
    expect(written).toContain(":basket a skos:Concept;");
    const again = asExport(readSkosTurtle(written));
    expect(again.terms.map((t) => t.name)).toEqual(["Customer", "Churn Rate", "Basket", "Party"]);
    expect(writeSkosTurtle(again)).toBe(written);
  });
});
