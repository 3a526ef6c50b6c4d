import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkImportRecords, RELATION_TYPES, type GlossaryExport, type GlossaryRecord } from "../../../src/core/index.js";
import { readDataHubYaml, writeDataHubYaml } from "../../../src/formats/datahub.js";
import { GlossaryFileError, type ReadGlossary } from "../../../src/formats/types.js";
import { asExport } from "./support.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/catalogues/datahub/${name}`, import.meta.url), "utf8");

function recordsOf(read: ReadGlossary): Map<string, GlossaryRecord> {
  return new Map(read.records.map((r) => [(r.data as GlossaryRecord).name, r.data as GlossaryRecord]));
}

function problemsOf(text: string): { where: string; message: string }[] {
  try {
    readDataHubYaml(text);
  } catch (error) {
    if (error instanceof GlossaryFileError) return [...error.problems];
    throw error;
  }
  throw new Error("the file was read without a problem");
}

function importProblemsOf(read: ReadGlossary): { where: string; message: string }[] {
  try {
    checkImportRecords(read.records, { domains: read.domains });
  } catch (error) {
    return (error as { details: { problems: { where: string; message: string }[] } }).details.problems;
  }
  throw new Error("the records were checked without a problem");
}

describe("reading a DataHub business glossary", () => {
  const read = readDataHubYaml(fixture("glossary.yml"));
  const terms = recordsOf(read);
  const term = (name: string) => terms.get(name)!;

  it("makes every node and term a term, each under its node, parents first, located by line", () => {
    expect(read.records.map((r) => [r.where, (r.data as GlossaryRecord).name, (r.data as GlossaryRecord).parent])).toEqual([
      ["line 11", "Customer", null],
      ["line 23", "Customer Segments", "Customer"],
      ["line 26", "Enterprise Customer", "Customer Segments"],
      ["line 40", "Small Business", "Customer Segments"],
      ["line 54", "Active Customer", "Customer"],
      ["line 64", "Churn Rate", "Customer"],
      ["line 73", "Produits & Märkte", null],
      ["line 78", "Café Visit", "Produits & Märkte"],
      ["line 83", "店舗訪問", "Produits & Märkte"],
      ["line 88", "Archive", null],
      ["line 91", "Revenue", null],
      ["line 102", "Net Promoter Score", null],
    ]);
    expect(checkImportRecords(read.records, { domains: read.domains })).toHaveLength(12);
  });

  it("reads inherits as broader, contains as has-part, related_terms as related, and Concord's other relations from concord.relations", () => {
    expect(term("Enterprise Customer").relations).toEqual([
      { type: "broader", term: "Active Customer" },
      { type: "related", term: "Small Business" },
    ]);
    expect(term("Active Customer").relations).toEqual([{ type: "has-part", term: "Churn Rate" }]);
    expect(term("Churn Rate").relations).toEqual([
      { type: "part-of", term: "Customer" },
      { type: "see-also", term: "Revenue" },
    ]);
    const types = new Set([...terms.values()].flatMap((t) => (t.relations ?? []).map((r) => r.type)));
    expect([...types].sort()).toEqual([...RELATION_TYPES].sort());
  });

  it("keeps the terms a term's values name, by name, since Concord has no relation for allowed values", () => {
    expect(term("Churn Rate").extras?.["datahub.values"]).toBe('["Active Customer"]');
  });

  it("keeps quoted text as written: commas, line breaks, escaped and doubled quotes", () => {
    expect(term("Enterprise Customer").definition).toBe(
      'A customer with 1,000 or more seats.\nCounted once per "parent" account, even if it buys twice.',
    );
    expect(term("Small Business").definition).toBe("A customer with fewer than 50 seats; 'SMB' in sales decks, one line that YAML folds.");
    expect(term("Active Customer").definition).toBe("A customer who bought in the last 90 days.\nReturns do not count as purchases.");
  });

  it("reads non-ASCII names, and makes a domain's slug from its name or urn", () => {
    expect(term("店舗訪問").definition).toBe("店舗への来店。レジで数える。");
    expect(term("Café Visit").owner).toBe("cafe-operations");
    expect(term("Small Business").owner).toBe("sales");
    expect(term("Small Business").extras?.["datahub.domain"]).toBe("urn:li:domain:sales");
    expect(read.domains).toEqual([
      { slug: "sales", name: "Sales" },
      { slug: "finance", name: "Finance" },
      { slug: "cafe-operations", name: "Café Opérations" },
    ]);
  });

  it("names owners as stewards, users and groups alike, and keeps the typed form and the glossary's own owners", () => {
    expect(term("Customer").stewards).toEqual(["user:njones"]);
    expect(term("Revenue").stewards).toEqual(["group:finance"]);
    expect(term("Small Business").stewards).toEqual(["urn:li:corpuser:akim", "group:smb-team"]);
    expect(JSON.parse(term("Small Business").extras!["datahub.owners"]!)).toEqual([
      { type: "BUSINESS_OWNER", users: ["urn:li:corpuser:akim"] },
      { type: "urn:li:ownershipType:data_steward", groups: ["smb-team"] },
    ]);
    expect(read.extras).toEqual({
      "datahub.source": "DataHub",
      "datahub.url": "https://git.example.com/data/glossary",
      "datahub.owners": '{"users":["mjames"],"groups":["data-governance"]}',
    });
  });

  it("reads Concord's own fields from concord.* custom properties and keeps the others", () => {
    const enterprise = term("Enterprise Customer");
    expect(enterprise.consumers).toEqual(["finance", "support"]);
    expect(enterprise.aliases).toEqual(["big account", "key account; strategic"]);
    expect(enterprise.extras).toEqual({
      "datahub.term_source": "EXTERNAL",
      "datahub.source_ref": "FIBO",
      "datahub.source_url": "https://spec.example.org/fibo/Customer",
      "datahub.custom_properties": '[["is_confidential","false"]]',
    });
    expect(term("Active Customer").example).toBe("Acme bought on 2024-03-01, so it is active until 2024-05-30.");
    expect(term("Active Customer").variants).toEqual([{ domain: "support", text: "A customer with an open contract, whether or not they bought." }]);
    expect(term("Churn Rate").formula).toBe("churned_customers / customers_at_start");
    expect(term("Churn Rate").tags).toEqual(["metric", "monthly"]);
    expect(term("Customer").policy).toBe("majority");
    expect(term("Customer").extras).toEqual({ "datahub.id": "customer-group" });
  });

  it("reads every status: active by default, deprecated and draft from custom properties", () => {
    expect(term("Revenue").status).toBe("active");
    expect(term("Revenue").draft).toBe(false);
    expect(term("店舗訪問").status).toBe("deprecated");
    expect(term("Net Promoter Score").draft).toBe(true);
  });

  it("reads knowledge links as references, a link without a label included", () => {
    expect(term("Revenue").references).toEqual([
      { label: "IFRS 15", url: "https://www.ifrs.org/issued-standards/list-of-standards/ifrs-15-revenue-from-contracts-with-customers/" },
      { label: "", url: "urn:isbn:9780262033848" },
    ]);
    expect(term("Customer").references).toEqual([{ label: "Customer handbook", url: "https://wiki.example.com/customer" }]);
  });

  it("gives a node without a description a definition saying so, with a note, and marks it", () => {
    const group = term("Produits & Märkte");
    expect(group.definition).toBe("Groups the glossary terms under Produits & Märkte; DataHub holds no description for it.");
    expect(group.extras?.["datahub.generated-definition"]).toBe(group.definition);
    expect(read.notes).toEqual([
      {
        where: "line 73",
        message:
          'the node "Produits & Märkte" has no description; Concord gives it a definition saying it groups the terms under it, and a DataHub export leaves the description out again',
      },
    ]);
  });

  it("marks a node with no terms under it, so it is written back as a node", () => {
    expect(term("Archive").extras).toEqual({ "datahub.node": "true" });
  });

  it("reads the DataHub docs' looser forms: a numeric version, custom properties as a list, booleans as text", () => {
    const loose = readDataHubYaml(
      [
        "version: 1",
        "source: DataHub",
        "owners:",
        "  users: [mjames]",
        "nodes:",
        "  - name: Classification",
        "    description: Terms about data classification",
        "    terms:",
        "      - name: Sensitive",
        "        description: Sensitive data",
        "        custom_properties:",
        "          - is_confidential: false",
        "          - retention_days: 30",
        "",
      ].join("\n"),
    );
    const sensitive = recordsOf(loose).get("Sensitive")!;
    expect(sensitive.parent).toBe("Classification");
    expect(sensitive.extras?.["datahub.custom_properties"]).toBe('[["is_confidential","false"],["retention_days","30"]]');
    expect(loose.notes).toEqual([]);
  });
});

describe("writing DataHub YAML and reading it back", () => {
  it("keeps every record a DataHub file's round trip holds, and writes the same text the second time", () => {
    const first = readDataHubYaml(fixture("glossary.yml"));
    const written = writeDataHubYaml(asExport(first));
    const second = readDataHubYaml(written);
    expect(checkImportRecords(second.records, { domains: second.domains })).toEqual(checkImportRecords(first.records, { domains: first.domains }));
    expect(second.domains).toEqual(first.domains);
    expect(second.extras).toEqual(first.extras);
    expect(second.notes).toEqual(first.notes);
    const again = writeDataHubYaml(asExport(second));
    expect(again).toBe(written);
    expect(readDataHubYaml(again).records).toEqual(second.records);
  });

  it("writes what DataHub reads: relations as name paths, values as paths, a generated definition left out", () => {
    const file = parse(writeDataHubYaml(asExport(readDataHubYaml(fixture("glossary.yml")))));
    expect(file.version).toBe("1");
    expect(file.owners).toEqual({ users: ["mjames"], groups: ["data-governance"] });
    const [customer, produits, archive] = file.nodes;
    const enterprise = customer.nodes[0].terms[0];
    expect(enterprise.inherits).toEqual(["Customer.Active Customer"]);
    expect(enterprise.related_terms).toEqual(["Customer.Customer Segments.Small Business"]);
    expect(enterprise.custom_properties).toEqual({
      is_confidential: "false",
      "concord.aliases": "big account; key account\\; strategic",
      "concord.consumers": "finance; support",
    });
    expect(customer.terms[0].contains).toEqual(["Customer.Churn Rate"]);
    expect(customer.terms[1].values).toEqual(["Customer.Active Customer"]);
    expect(produits).not.toHaveProperty("description");
    expect(archive).toEqual({ name: "Archive", description: "Terms kept for history." });
    expect(customer.nodes[0].terms[1].owners).toEqual([
      { type: "BUSINESS_OWNER", users: ["urn:li:corpuser:akim"] },
      { type: "urn:li:ownershipType:data_steward", groups: ["smb-team"] },
    ]);
  });

  it("writes an amended generated definition as the node's description", () => {
    const read = readDataHubYaml(fixture("glossary.yml"));
    const glossary = asExport(read);
    const amended = {
      ...glossary,
      terms: glossary.terms.map((t) => (t.name === "Produits & Märkte" ? { ...t, definition: "Products and markets we sell in." } : t)),
    };
    const produits = parse(writeDataHubYaml(amended)).nodes[1];
    expect(produits.description).toBe("Products and markets we sell in.");
  });

  it("carries a Concord glossary's own fields through DataHub and back", () => {
    const glossary: GlossaryExport = {
      domains: [
        { slug: "sales", name: "Sales" },
        { slug: "support", name: "Support" },
        { slug: "finance-ops", name: "Finance & Ops" },
      ],
      terms: [
        {
          name: "Customer",
          definition: "Someone who has paid us, at least once.",
          example: null,
          formula: null,
          aliases: ["client"],
          owner: "sales",
          consumers: ["support"],
          tags: ["core"],
          policy: "unanimous",
          status: "active",
          variants: [{ domain: "support", text: "Anyone with a ticket.", baseVersion: 2 }],
          versions: [
            { version: 1, text: "Someone who paid.", example: null, formula: null, agreedAt: "2025-01-01T00:00:00.000Z", proposedBy: "local:ana" },
            { version: 2, text: "Someone who has paid us, at least once.", example: null, formula: null, agreedAt: "2025-02-01T00:00:00.000Z", proposedBy: null },
          ],
          parent: null,
          relations: [{ type: "related", term: "Revenue" }, { type: "synonym", term: "Buyer" }],
          references: [{ label: "Wiki", url: "https://wiki.example.com/customer" }],
          stewards: ["user:ana", "team:sales"],
        },
        {
          name: "Buyer",
          definition: "The person who signs the order.",
          example: "Jo at Acme signs; Acme is the customer.",
          formula: null,
          aliases: [],
          owner: "finance-ops",
          consumers: [],
          tags: [],
          policy: null,
          status: "deprecated",
          variants: [],
          parent: "Customer",
          relations: [{ type: "broader", term: "Customer" }, { type: "antonym", term: "Revenue" }],
        },
        {
          name: "Revenue",
          definition: "Money in, net of refunds.",
          example: null,
          formula: "sum(amount) - sum(refunds)",
          aliases: [],
          owner: null,
          consumers: [],
          tags: [],
          policy: "lazy",
          status: "active",
          variants: [],
          draft: true,
        },
      ],
    };
    const written = writeDataHubYaml(glossary);
    const file = parse(written);
    expect(file.nodes[0].name).toBe("Customer");
    expect(file.nodes[0].custom_properties["concord.relations"]).toBe(
      '[{"type":"related","term":"Revenue"},{"type":"synonym","term":"Buyer"}]',
    );
    expect(file.nodes[0].owners).toEqual({ users: ["ana"], groups: ["sales"] });
    expect(file.nodes[0].terms[0].domain).toBe("Finance & Ops");
    expect(file.nodes[0].terms[0].inherits).toEqual(["Customer"]);

    const read = readDataHubYaml(written);
    const back = recordsOf(read);
    expect(read.notes).toEqual([]);
    expect(back.get("Customer")).toMatchObject({
      definition: "Someone who has paid us, at least once.",
      aliases: ["client"],
      owner: "sales",
      consumers: ["support"],
      tags: ["core"],
      policy: "unanimous",
      status: "active",
      variants: [{ domain: "support", text: "Anyone with a ticket." }],
      relations: [{ type: "related", term: "Revenue" }, { type: "synonym", term: "Buyer" }],
      references: [{ label: "Wiki", url: "https://wiki.example.com/customer" }],
      stewards: ["user:ana", "group:sales"],
      extras: {},
    });
    expect(back.get("Buyer")).toMatchObject({
      example: "Jo at Acme signs; Acme is the customer.",
      owner: "finance-ops",
      status: "deprecated",
      parent: "Customer",
      relations: [{ type: "broader", term: "Customer" }, { type: "antonym", term: "Revenue" }],
      extras: {},
    });
    expect(back.get("Revenue")).toMatchObject({ formula: "sum(amount) - sum(refunds)", policy: "lazy", draft: true, extras: {} });
    expect(checkImportRecords(read.records, { domains: read.domains })).toHaveLength(3);
    expect(writeDataHubYaml(asExport(read))).toBe(written);
  });

  it("writes a term that gained children as a node, keeping its term-only fields for when it is a term again", () => {
    const read = readDataHubYaml(fixture("glossary.yml"));
    const glossary = asExport(read);
    const child: GlossaryRecord = {
      name: "Key Account",
      definition: "An enterprise customer with a named account manager.",
      example: null,
      formula: null,
      aliases: [],
      owner: null,
      consumers: [],
      tags: [],
      policy: null,
      status: "active",
      variants: [],
      parent: "Small Business",
    };
    const written = writeDataHubYaml({ ...glossary, terms: [...glossary.terms, child] });
    const smallBusiness = parse(written).nodes[0].nodes[0].nodes[0];
    expect(smallBusiness.name).toBe("Small Business");
    expect(smallBusiness.terms).toEqual([{ name: "Key Account", description: "An enterprise customer with a named account manager." }]);
    expect(smallBusiness.custom_properties).toEqual({
      "concord.relations": '[{"type":"antonym","term":"Enterprise Customer"}]',
      "concord.owner": "sales",
      "concord.term-fields": '{"datahub.domain":"urn:li:domain:sales"}',
    });
    const back = recordsOf(readDataHubYaml(written)).get("Small Business")!;
    const before = recordsOf(read).get("Small Business")!;
    expect(back).toEqual(before);
  });

  it("writes an empty glossary that DataHub accepts", () => {
    expect(writeDataHubYaml({ domains: [], terms: [] })).toBe('version: "1"\nowners: {}\nterms: []\n');
  });
});

describe("files that are not readable DataHub glossaries", () => {
  it("names the line of broken YAML", () => {
    expect(problemsOf(fixture("broken-syntax.yml"))).toEqual([
      { where: "line 4", message: "the YAML cannot be read: Flow sequence in block collection must be sufficiently indented and end with a ]" },
    ]);
    expect(problemsOf('version: "1"\nterms:\n  - name: "Revenue\n    description: x\n')[0]!.message).toMatch(/^the YAML cannot be read: /);
  });

  it("refuses a YAML file that is not a business glossary", () => {
    const message = 'this is not a DataHub business glossary: it needs version: "1" and nodes or terms at the top level';
    expect(problemsOf(fixture("not-a-glossary.yml"))).toEqual([{ where: "line 1", message }]);
    expect(problemsOf("- name: Revenue\n  description: Money\n")).toEqual([{ where: "line 1", message }]);
    expect(problemsOf("")).toEqual([{ where: "line 1", message }]);
  });

  it("refuses a version other than 1", () => {
    expect(problemsOf(fixture("wrong-version.yml"))).toEqual([
      { where: "line 1", message: 'version is "2", but DataHub\'s business glossary has only version "1"' },
    ]);
  });

  it("refuses two terms of one name under different nodes, naming both lines", () => {
    expect(problemsOf(fixture("duplicate-names.yml"))).toEqual([
      {
        where: "line 12",
        message:
          '"Red" is also at line 7 (Colors.Red); DataHub allows one name under different nodes, but Concord\'s term names are unique across the glossary: rename one',
      },
    ]);
  });

  it("refuses a node that an alias puts inside itself, and a term written twice by alias", () => {
    expect(problemsOf(fixture("alias-cycle.yml"))).toEqual([
      { where: "line 8", message: "the alias *housing puts a node inside itself: a term cannot be its own parent" },
    ]);
    const twice = 'version: "1"\nterms:\n  - &red\n    name: Red\n    description: A colour.\n  - *red\n';
    expect(problemsOf(twice)).toEqual([
      {
        where: "line 6",
        message: "the alias *red repeats the term at line 4; a term can be in one place only, since Concord's term names are unique",
      },
    ]);
  });

  it("refuses two terms whose name paths DataHub cannot tell apart", () => {
    const text = 'version: "1"\nnodes:\n  - name: Sales\n    description: Selling.\n    terms:\n      - name: Lead\n        description: A maybe.\nterms:\n  - name: Sales.Lead\n    description: Another maybe.\n';
    expect(problemsOf(text)).toEqual([
      {
        where: "line 9",
        message:
          '"Sales.Lead" has the name path Sales.Lead, as the term at line 6 has (a name holding a dot); DataHub\'s references could not tell them apart: rename one',
      },
    ]);
  });

  it("refuses several YAML documents in one file", () => {
    expect(problemsOf('version: "1"\nterms: []\n---\nversion: "1"\nterms: []\n')).toEqual([
      { where: "line 3", message: "the YAML cannot be read: the file holds several YAML documents (---); a business glossary is one" },
    ]);
  });

  it("names the line of a misshapen field", () => {
    const text = 'version: "1"\nterms:\n  - name: Revenue\n    description: Money.\n    inherits: Sales\n    knowledge_links:\n      - Wiki\n';
    expect(problemsOf(text)).toEqual([
      { where: "line 5", message: 'inherits must be a list (each item on its own "- " line)' },
      { where: "line 7", message: "a knowledge link must be a mapping with a label and a url" },
    ]);
    expect(problemsOf('version: "1"\nterms:\n  - name: Revenue\n    description: *money\n')).toEqual([
      { where: "line 4", message: "the alias *money names no anchor (&money) before it" },
    ]);
    const shared = 'version: "1"\nx: &finance\n  groups: [finance]\nterms:\n  - name: Revenue\n    description: Money.\n    owners: *finance\n';
    expect(recordsOf(readDataHubYaml(shared)).get("Revenue")!.stewards).toEqual(["group:finance"]);
  });

  it("leaves a term without a description to the import's check, which names its line", () => {
    const read = readDataHubYaml(fixture("missing-description.yml"));
    expect(importProblemsOf(read)).toEqual([{ where: "line 6", message: "the definition is missing" }]);
  });
});

describe("what a DataHub file holds that Concord does not import", () => {
  it("notes a reference that names nothing in the file, keeps it, and writes it back", () => {
    const read = readDataHubYaml(fixture("unresolved-reference.yml"));
    expect(read.notes).toEqual([
      {
        where: "line 7",
        message:
          'inherits names "Privacy.PII", which is neither a name path nor an id in this file; DataHub takes it for a term elsewhere, so Concord keeps it for the next DataHub export but imports no relation',
      },
      {
        where: "line 14",
        message:
          'related_terms names "phone-book", which is neither a name path nor an id in this file; DataHub takes it for a term elsewhere, so Concord keeps it for the next DataHub export but imports no relation',
      },
    ]);
    const email = recordsOf(read).get("Email")!;
    expect(email.relations).toEqual([{ type: "related", term: "Phone Number" }]);
    const file = parse(writeDataHubYaml(asExport(read)));
    expect(file.terms[0].inherits).toEqual(["Privacy.PII"]);
    expect(file.terms[0].related_terms).toEqual(["Phone Number"]);
    expect(file.terms[1]).toMatchObject({ id: "phone", related_terms: ["phone-book"] });
  });

  it("imports a relation named twice once, with a note", () => {
    const read = readDataHubYaml(
      [
        'version: "1"',
        "terms:",
        "  - name: Email",
        "    description: An address.",
        "    related_terms: [Phone, Phone]",
        "    custom_properties:",
        '      concord.relations: \'[{"type":"related","term":"Phone"}]\'',
        '      concord.draft: "maybe"',
        "  - name: Phone",
        "    description: A number.",
        "",
      ].join("\n"),
    );
    const email = recordsOf(read).get("Email")!;
    expect(email.relations).toEqual([{ type: "related", term: "Phone" }]);
    expect(email.draft).toBe(false);
    expect(read.notes).toEqual([
      { where: "line 5", message: 'related_terms names "Phone" twice; it is imported once' },
      { where: "line 8", message: 'the custom property "concord.draft" must be true or false; it is kept as a custom property' },
      { where: "line 7", message: 'concord.relations repeats the relation related "Phone"; it is imported once' },
    ]);
    expect(checkImportRecords(read.records)).toHaveLength(2);
  });

  it("resolves a reference by a term's id as DataHub does", () => {
    const read = readDataHubYaml(
      'version: "1"\nterms:\n  - name: Email\n    description: An address.\n    related_terms: [phone]\n  - name: Phone Number\n    id: phone\n    description: A number.\n',
    );
    expect(recordsOf(read).get("Email")!.relations).toEqual([{ type: "related", term: "Phone Number" }]);
    expect(read.notes).toEqual([]);
  });

  it("notes fields DataHub does not define and concord properties it cannot read, and gives a non-Latin domain a stable slug", () => {
    const read = readDataHubYaml(
      [
        'version: "1"',
        "owners: {}",
        "colour: blue",
        "terms:",
        "  - name: Revenue",
        "    description: Money.",
        "    status: Approved",
        "    domain: 日本語",
        "    custom_properties:",
        "      concord.variants: not json",
        "      concord.colour: red",
        "",
      ].join("\n"),
    );
    expect(read.notes).toEqual([
      { where: "line 3", message: 'the glossary has the field "colour", which DataHub\'s business glossary does not define; it was not imported' },
      { where: "line 7", message: 'the term at line 5 has the field "status", which DataHub\'s business glossary does not define; it was not imported' },
      { where: "line 11", message: 'the custom property "concord.colour" is not one Concord writes; it is kept as a custom property' },
      { where: "line 10", message: 'the custom property "concord.variants" is not the JSON Concord writes; it is kept as a custom property' },
    ]);
    const revenue = recordsOf(read).get("Revenue")!;
    expect(revenue.owner).toMatch(/^domain-[0-9a-f]{8}$/);
    expect(read.domains).toContainEqual({ slug: revenue.owner, name: "日本語" });
    expect(revenue.variants).toEqual([]);
    const term = parse(writeDataHubYaml(asExport(read))).terms[0];
    expect(term.domain).toBe("日本語");
    expect(term.custom_properties).toEqual({ "concord.colour": "red", "concord.variants": "not json" });
  });
});
