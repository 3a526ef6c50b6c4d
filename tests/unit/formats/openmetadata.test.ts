import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkImportRecords, ConcordError, RELATION_TYPES, type GlossaryExport, type GlossaryRecord } from "../../../src/core/index.js";
import {
  domainSlugOf,
  OPENMETADATA_COLUMNS,
  readOpenMetadataCsv,
  streamOpenMetadataCsv,
  writeOpenMetadataCsv,
} from "../../../src/formats/openmetadata.js";
import { GlossaryFileError } from "../../../src/formats/types.js";
import { asExport, problemsOf, termNamed } from "./support.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/catalogues/openmetadata/${name}`, import.meta.url), "utf8");
const HEADER = OPENMETADATA_COLUMNS.join(",");

/** A file of rows under the 15-column header, each row given by its cells. */
function file(...rows: Partial<Record<(typeof OPENMETADATA_COLUMNS)[number], string>>[]): string {
  const lines = rows.map((row) => OPENMETADATA_COLUMNS.map((c) => row[c] ?? "").join(","));
  return [HEADER, ...lines].join("\r\n") + "\r\n";
}

describe("reading an OpenMetadata glossary CSV", () => {
  const read = readOpenMetadataCsv(fixture("glossary.csv"));
  const glossary = asExport(read);

  it("reads every term an import would take, located by its line, parents before children", () => {
    expect(read.records.map((r) => r.where)).toEqual([
      "line 2", "line 3", "line 4", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11", "line 12", "line 13", "line 14", "line 16",
    ]);
    const names = glossary.terms.map((t) => t.name);
    for (const term of glossary.terms) {
      if (term.parent) expect(names.indexOf(term.parent)).toBeLessThan(names.indexOf(term.name));
    }
  });

  it("keeps a hierarchy three levels deep, named by display name, with OpenMetadata's names kept", () => {
    const visitor = termNamed(glossary, "Café visitor");
    expect(visitor.parent).toBe("Active Customer");
    expect(termNamed(glossary, "Active Customer").parent).toBe("Customer");
    expect(termNamed(glossary, "Customer").parent).toBeNull();
    expect(visitor.extras).toEqual({ "openmetadata.name": "Café Visitor" });
    expect(termNamed(glossary, "Customer").extras?.["openmetadata.name"]).toBeUndefined();
  });

  it("reads a quoted description with a comma, a line break and a doubled quote", () => {
    expect(termNamed(glossary, "Café visitor").definition).toBe('A visitor who pays at the counter, not online.\nCounted once a day; "walk-in" means no account.');
  });

  it("reads non-ASCII names and gives a domain with no Latin letters a valid slug", () => {
    expect(termNamed(glossary, "Kündigungsrate").extras).toEqual({ "openmetadata.name": "Kuendigungsrate" });
    const japanese = termNamed(glossary, "日本語の顧客番号");
    expect(japanese.extras).toEqual({ "openmetadata.name": "顧客ID" });
    expect(japanese.owner).toMatch(/^domain-[0-9a-f]{8}$/);
    expect(read.domains).toContainEqual({ slug: japanese.owner, name: "日本" });
  });

  it("reads every relation type, a name with a dot quoted in its path, and a bare path as related", () => {
    const types = new Set(glossary.terms.flatMap((t) => (t.relations ?? []).map((r) => r.type)));
    expect([...types].sort()).toEqual([...RELATION_TYPES].sort());
    expect(termNamed(glossary, "Revenue").relations).toEqual([
      { type: "narrower", term: "Net Revenue" },
      { type: "see-also", term: "Revenue Recognition" },
    ]);
    expect(termNamed(glossary, "Refunds").relations).toEqual([
      { type: "synonym", term: "Chargebacks" },
      { type: "related", term: "Customer" },
    ]);
  });

  it("reads a custom relation type as related with a note, and keeps a path outside the file with a note", () => {
    const chargebacks = termNamed(glossary, "Chargebacks");
    expect(chargebacks.relations).toEqual([
      { type: "related", term: "Refunds" },
      { type: "related", term: "Revenue" },
    ]);
    expect(chargebacks.extras).toEqual({
      "openmetadata.relationTypes": JSON.stringify({ Revenue: "calculatedFrom" }),
      "openmetadata.unresolvedRelatedTerms": "Support.Ticket",
    });
    expect(read.notes).toContainEqual({
      where: "line 12",
      message: 'the relation type "calculatedFrom" (to "Revenue") is not one Concord knows; it is imported as related and written back as calculatedFrom',
    });
    expect(read.notes).toContainEqual({
      where: "line 12",
      message: 'the related term "Support.Ticket" is not a term of this file; it is kept for the next OpenMetadata export, not as a Concord relation',
    });
  });

  it("maps every status: Approved, Deprecated, Draft and In Review (kept), and skips Rejected with a note", () => {
    expect(termNamed(glossary, "Customer")).toMatchObject({ status: "active", draft: false });
    expect(termNamed(glossary, "Churned Customer")).toMatchObject({ status: "deprecated", draft: false });
    expect(termNamed(glossary, "Net Revenue")).toMatchObject({ status: "active", draft: true, extras: {} });
    expect(termNamed(glossary, "Revenue Recognition")).toMatchObject({ draft: true, extras: { "openmetadata.glossaryStatus": "In Review" } });
    expect(glossary.terms.some((t) => t.name === "Legacy Id")).toBe(false);
    expect(read.notes).toContainEqual({ where: "line 15", message: '"Legacy Id" is Rejected in OpenMetadata, so it is not imported' });
    expect(termNamed(glossary, "Legacy Code").parent).toBeNull();
    expect(read.notes).toContainEqual({
      where: "line 16",
      message: 'its parent "Business Glossary.Legacy Id" (line 15) is Rejected and not imported, so this term is imported at the top level',
    });
  });

  it("reads owners and reviewers as stewards, prefixes as written, references, tags, synonyms, color and icon", () => {
    const customer = termNamed(glossary, "Customer");
    expect(customer.stewards).toEqual(["team:sales", "user:fiona"]);
    expect(customer.references).toEqual([
      { label: "Customer master", url: "https://wiki.example.com/customer" },
      { label: "ISO 8000", url: "https://www.iso.org/standard/50798.html" },
    ]);
    expect(customer.tags).toEqual(["PII.Sensitive", "Tier.Tier1"]);
    expect(customer.aliases).toEqual(["client", "account holder"]);
    expect(customer.extras).toMatchObject({
      "openmetadata.color": "#FF5733",
      "openmetadata.iconURL": "https://example.com/icons/customer.svg",
      "openmetadata.reviewers": "user:fiona",
      "openmetadata.owner": "team:sales;user:fiona",
    });
    expect(termNamed(glossary, "Active Customer").stewards).toEqual(["user:jane", "user:omar"]);
  });

  it("takes the first domain as the owner and the others as consumers, a qualified domain slugged whole", () => {
    expect(termNamed(glossary, "Active Customer")).toMatchObject({ owner: "sales-emea", consumers: ["support"] });
    expect(termNamed(glossary, "Customer")).toMatchObject({ owner: "sales", consumers: ["support"] });
    expect(read.domains).toContainEqual({ slug: "sales-emea", name: "Sales.Emea" });
  });

  it("reads Concord's own fields from custom properties and keeps the others", () => {
    expect(termNamed(glossary, "Active Customer")).toMatchObject({
      example: "Bought on 3 March, so active until 1 June",
      policy: "majority",
      extras: { "openmetadata.extension": "reviewCycle:quarterly" },
    });
    expect(termNamed(glossary, "Revenue")).toMatchObject({
      formula: "sum(amount); net of tax",
      variants: [{ domain: "sales", text: "Booked orders, before refunds." }],
    });
  });

  it("renames the deeper of two terms with the same name after its path, with a note", () => {
    expect(termNamed(glossary, "Revenue").parent).toBeNull();
    expect(termNamed(glossary, "Revenue (Customer.Revenue)")).toMatchObject({
      parent: "Customer",
      extras: { "openmetadata.name": "Revenue", "openmetadata.displayName": "" },
    });
    expect(read.notes).toContainEqual({
      where: "line 7",
      message: 'named "Revenue (Customer.Revenue)" in Concord, since "Revenue" (line 8) has the same name',
    });
  });

  it("keeps the glossary's name", () => {
    expect(read.extras).toEqual({ "openmetadata.glossary": "Business Glossary" });
  });

  it("reads the older 12-column header", () => {
    const old = asExport(readOpenMetadataCsv(fixture("glossary-12-columns.csv")));
    expect(old.extras).toEqual({ "openmetadata.glossary": "Shop" });
    expect(old.terms.map((t) => [t.name, t.parent, t.status, t.draft])).toEqual([
      ["Order", null, "active", false],
      ["Order Line", "Order", "active", true],
      ["Line Discount", "Order Line", "deprecated", false],
    ]);
    expect(termNamed(old, "Order Line").relations).toEqual([{ type: "part-of", term: "Order" }]);
    expect(termNamed(old, "Line Discount").extras).toEqual({ "openmetadata.extension": "unit:EUR" });
    expect(termNamed(old, "Order").stewards).toEqual(["team:sales", "user:ana"]);
  });

  it("puts a child listed before its parent after it", () => {
    const read = readOpenMetadataCsv(
      file({ parent: "G.Parent", "name*": "Child", description: "Under parent." }, { "name*": "Parent", description: "On top." }),
    );
    expect(read.records.map((r) => r.where)).toEqual(["line 3", "line 2"]);
    expect(asExport(read).terms.map((t) => [t.name, t.parent])).toEqual([
      ["Parent", null],
      ["Child", "Parent"],
    ]);
  });

  it("finds the glossary of a file with no parents from its related terms", () => {
    const read = readOpenMetadataCsv(
      file(
        { "name*": "Customer", description: "A buyer.", relatedTerms: "antonym:Sales Terms.Prospect" },
        { "name*": "Prospect", description: "Not yet a buyer.", relatedTerms: "Sales Terms.Customer" },
      ),
    );
    expect(read.extras).toEqual({ "openmetadata.glossary": "Sales Terms" });
    expect(asExport(read).terms.map((t) => t.relations)).toEqual([[{ type: "antonym", term: "Prospect" }], [{ type: "related", term: "Customer" }]]);
    expect(read.notes).toEqual([]);
  });

  it("reads an extension written as a JSON object", () => {
    const read = readOpenMetadataCsv(file({ "name*": "Order", description: "A purchase.", extension: '"{""concordPolicy"":""owner"",""sla"":4}"' }));
    expect(asExport(read).terms[0]).toMatchObject({ policy: "owner", extras: { "openmetadata.extension": "sla:4" } });
  });

  it("reads a cell a spreadsheet was kept from running as a formula without its apostrophe", () => {
    const read = readOpenMetadataCsv(file({ "name*": "Margin", description: "'=revenue - cost" }));
    expect(asExport(read).terms[0]!.definition).toBe("=revenue - cost");
  });
});

describe("refusing files that are not OpenMetadata glossaries", () => {
  it("names the header it expects", () => {
    expect(problemsOf(() => readOpenMetadataCsv(fixture("bad-header.csv")))).toEqual([
      `line 1: this is not an OpenMetadata glossary CSV header; it must be ${HEADER} (or the older one without color, iconURL and domains)`,
    ]);
    expect(problemsOf(() => readOpenMetadataCsv(""))).toEqual([`line 1: the file is empty; it needs the header ${HEADER}`]);
  });

  it("reports broken CSV at the line the quote opens on", () => {
    expect(problemsOf(() => readOpenMetadataCsv(fixture("unclosed-quote.csv")))).toEqual(["line 3: a quoted field is never closed (a quote is missing)"]);
  });

  it("reports a parent that is not in the file", () => {
    expect(problemsOf(() => readOpenMetadataCsv(fixture("dangling-parent.csv")))).toEqual(['line 3: the parent "Glossary.Client" is not a term of this file']);
  });

  it("reports parents that name each other, since neither path is a term", () => {
    expect(problemsOf(() => readOpenMetadataCsv(fixture("parent-cycle.csv")))).toEqual([
      'line 2: the parent "Glossary.B" is not a term of this file',
      'line 3: the parent "Glossary.A" is not a term of this file',
    ]);
  });

  it("reports each bad row with its line, all at once", () => {
    const text = file(
      { "name*": "Customer", description: "A buyer." },
      { parent: "G.Customer", "name*": "Lead", description: "Maybe a buyer.", glossaryStatus: "Pending" },
      { parent: "G.Customer", "name*": "Prospect", description: "x", references: "only a name" },
      { parent: "Other.Customer", "name*": "Client", description: "x" },
      { parent: "G.Customer", "name*": "Buyer", description: "x", extension: "no colon here" },
      { "name*": "Customer", description: "Again." },
      { "name*": "", description: "No name." },
    ) + ",Short,row\r\n";
    expect(problemsOf(() => readOpenMetadataCsv(text))).toEqual([
      'line 3: the glossaryStatus "Pending" is not one of Draft, In Review, Approved, Deprecated, Rejected',
      'line 5: the parent "Other.Customer" is in the glossary "Other", but line 4 puts this file\'s terms in "G"',
      'line 7: "G.Customer" is also the term on line 2',
      "line 8: the name* cell is empty; every term needs a name",
      "line 9: 3 fields, but the header has 15",
    ]);
    expect(problemsOf(() => readOpenMetadataCsv(file({ "name*": "A", description: "x", references: "only a name" })))).toEqual([
      "line 2: the references cell must hold name;url pairs (name;url;name;url), but it has 1 items",
    ]);
    expect(problemsOf(() => readOpenMetadataCsv(file({ "name*": "A", description: "x", extension: "no colon here" })))).toEqual([
      'line 2: the extension item "no colon here" is not name:value',
    ]);
  });

  it("keeps a relation to a term not in the file out of the relations, with a note, for the next export", () => {
    const read = readOpenMetadataCsv(fixture("unresolved-relation.csv"));
    const [customer] = asExport(read).terms;
    expect(customer!.relations).toEqual([]);
    expect(customer!.extras).toEqual({ "openmetadata.unresolvedRelatedTerms": "Glossary.Prospect;synonym:Glossary.Client" });
    expect(read.notes.map((n) => `${n.where}: ${n.message}`)).toEqual([
      'line 2: the related term "Glossary.Prospect" is not a term of this file; it is kept for the next OpenMetadata export, not as a Concord relation',
      'line 2: the related term "synonym:Glossary.Client" is not a term of this file; it is kept for the next OpenMetadata export, not as a Concord relation',
    ]);
    expect(writeOpenMetadataCsv(asExport(read))).toContain(",Glossary.Prospect;synonym:Glossary.Client,");
  });

  it("leaves a term with no description for the import to refuse, naming its line", () => {
    const read = readOpenMetadataCsv(file({ "name*": "Customer", description: "" }));
    try {
      checkImportRecords(read.records);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConcordError);
      expect((error as ConcordError).details.problems).toEqual([{ where: "line 2", message: "the definition is empty" }]);
    }
  });
});

describe("writing an OpenMetadata glossary CSV", () => {
  it("round-trips the fixture: the same records, and byte-identical text from the second write on", () => {
    const first = asExport(readOpenMetadataCsv(fixture("glossary.csv")));
    const written = writeOpenMetadataCsv(first);
    expect(written.split("\r\n")[0]).toBe(HEADER);
    const second = asExport(readOpenMetadataCsv(written));
    expect(second).toEqual(first);
    expect(writeOpenMetadataCsv(second)).toBe(written);
  });

  it("writes the fixture's rows back as OpenMetadata wrote them, where the file used the writer's spelling", () => {
    const written = writeOpenMetadataCsv(asExport(readOpenMetadataCsv(fixture("glossary.csv"))));
    const original = fixture("glossary.csv").split("\r\n");
    const lines = written.split("\r\n");
    // Customer, the three-level child with its quoted description, and the Japanese term come back unchanged.
    expect(lines[1]).toBe(original[1]);
    expect(lines.slice(3, 5)).toEqual(original.slice(3, 5));
    expect(lines).toContain(original.find((l) => l.startsWith(",顧客ID")));
    expect(lines).toContain(",Rev.Rec,Revenue Recognition,\"When revenue is booked: on delivery, not on order.\",,Business Glossary.Revenue,,,user:ken,,In Review,,,Finance,");
  });

  it("round-trips the 12-column file into the 15-column header", () => {
    const first = asExport(readOpenMetadataCsv(fixture("glossary-12-columns.csv")));
    const written = writeOpenMetadataCsv(first);
    expect(written.split("\r\n").slice(0, 3)).toEqual([
      HEADER,
      ",Order,,\"A confirmed request to buy, with at least one line.\",purchase,,,,user:ana,team:sales,Approved,,,,",
      "Shop.Order,Order Line,,One product and quantity on an order.,,partOf:Shop.Order,,,,,Draft,,,,",
    ]);
    expect(asExport(readOpenMetadataCsv(written))).toEqual(first);
  });

  const concordGlossary: GlossaryExport = {
    domains: [
      { slug: "sales", name: "Sales" },
      { slug: "support", name: "Support" },
      { slug: "finance", name: "Finance" },
    ],
    terms: [
      {
        name: "Churn Rate",
        definition: "Customers lost in a month; divided by customers at its start.",
        example: "12 lost of 400 → 3%",
        formula: "lost / opening; as a percentage",
        aliases: ["attrition", "churn"],
        owner: "support",
        consumers: ["sales", "finance"],
        tags: ["KPI"],
        policy: "majority",
        status: "active",
        variants: [{ domain: "sales", text: "Accounts lost, \"net\" of win-backs.", baseVersion: 1 }],
        parent: null,
        relations: [],
        references: [{ label: "Metric spec; v2", url: "https://wiki.example.com/churn?a=1,2" }],
        stewards: ["local:jane", "user:omar"],
        draft: false,
      },
      {
        name: "Net Churn",
        definition: "Churn Rate less win-backs.",
        example: null,
        formula: null,
        aliases: [],
        owner: null,
        consumers: ["sales"],
        tags: [],
        policy: null,
        status: "deprecated",
        variants: [],
        parent: "Churn Rate",
        relations: [
          { type: "broader", term: "Churn Rate" },
          { type: "see-also", term: "Gross.Churn" },
        ],
        references: [],
        stewards: [],
        draft: false,
      },
      {
        name: "Gross.Churn",
        definition: "Every account lost, before win-backs.",
        example: null,
        formula: null,
        aliases: [],
        owner: "support",
        consumers: [],
        tags: [],
        policy: "owner",
        status: "active",
        variants: [],
        parent: "Churn Rate",
        relations: [{ type: "antonym", term: "Net Churn" }],
        references: [],
        stewards: [],
        draft: true,
      },
    ],
  };

  it("carries Concord's own fields through OpenMetadata and back", () => {
    const written = writeOpenMetadataCsv(concordGlossary);
    const back = asExport(readOpenMetadataCsv(written));
    expect(back.terms).toEqual(checkImportRecords(concordGlossary.terms.map((data, i) => ({ where: `term ${i + 1}`, data }))));
    expect(back.extras).toEqual({ "openmetadata.glossary": "Glossary" });
  });

  it("writes Concord's names as name*, the default glossary in paths, a dotted name quoted, and the domains by name", () => {
    const lines = writeOpenMetadataCsv(concordGlossary).split("\r\n");
    expect(lines[2]).toBe(
      'Glossary.Churn Rate,Net Churn,,Churn Rate less win-backs.,,"broader:Glossary.Churn Rate;seeAlso:Glossary.Churn Rate.""Gross.Churn""",,,,,Deprecated,,,,concordConsumers:sales',
    );
    expect(lines[3]).toMatch(/^Glossary\.Churn Rate,Gross\.Churn,,.*,antonym:Glossary\.Churn Rate\.Net Churn,.*,Draft,,,Support,concordPolicy:owner$/);
    expect(lines[1]).toContain(",Support;Sales;Finance,");
    expect(lines[1]).toContain(',"""Metric spec; v2"";""https://wiki.example.com/churn?a=1,2""",');
  });

  it("writes parents before children whatever order the export lists them in", () => {
    const [parent, child, grandchild] = concordGlossary.terms;
    const written = writeOpenMetadataCsv({ ...concordGlossary, terms: [child!, grandchild!, parent!] });
    expect(written.split("\r\n").slice(1, 4).map((l) => l.split(",")[1])).toEqual(["Churn Rate", "Net Churn", "Gross.Churn"]);
  });

  it("keeps a spreadsheet from running a description as a formula", () => {
    const term = { ...concordGlossary.terms[0]!, definition: "=HYPERLINK(\"http://x\")", variants: [] };
    const written = writeOpenMetadataCsv({ domains: [], terms: [term] });
    expect(written).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(asExport(readOpenMetadataCsv(written)).terms[0]!.definition).toBe(term.definition);
  });
});

describe("reading an OpenMetadata glossary CSV a record at a time", () => {
  /** 1,200 terms (more than are read again at once), children of the first ten listed before them, from a Buffer. */
  function large(): string {
    const rows = Array.from({ length: 1_200 }, (_, i) => ({
      parent: i < 10 ? `Glossary.Parent ${i}` : "",
      "name*": i < 10 ? `Child ${i}` : `Parent ${i - 10}`,
      description: `"Term ${i}, with a comma\nand a line break."`,
      synonyms: `alias ${i}`,
      relatedTerms: i > 20 ? `seeAlso:Glossary.Parent ${i - 12}` : "",
      domains: i % 2 === 0 ? "Sales" : "Sales.Emea",
    }));
    return file(...rows);
  }

  it("hands over the same records, notes and domains as reading the whole file, parents first", () => {
    const text = large();
    const whole = readOpenMetadataCsv(text);
    const stream = streamOpenMetadataCsv(Buffer.from(text, "utf8"));
    const records = [...stream.records];
    expect(records).toEqual(whole.records);
    expect(stream.domains).toEqual(whole.domains);
    expect(stream.notes).toEqual(whole.notes);
    // Each row takes two lines; Parent 0 (row 11) brings Child 0 (row 1) along before Parent 1.
    expect(records.slice(0, 3).map((r) => r.where)).toEqual(["line 22", "line 2", "line 24"]);
    expect(checkImportRecords(records, { domains: stream.domains })).toHaveLength(1_200);
  });

  it("refuses a file's structure at once, and a bad cell only after the last record", () => {
    expect(problemsOf(() => streamOpenMetadataCsv(file({ "name*": "A" }, { "name*": "A" })))).toEqual([
      'line 3: "Glossary.A" is also the term on line 2',
    ]);
    const stream = streamOpenMetadataCsv(file({ "name*": "A", references: "only-a-name" }, { "name*": "B", description: "x" }));
    const seen: string[] = [];
    const error = (() => {
      try {
        for (const record of stream.records) seen.push(record.where);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(seen).toEqual(["line 3"]);
    expect(error).toBeInstanceOf(GlossaryFileError);
    expect((error as GlossaryFileError).problems).toEqual([
      { where: "line 2", message: "the references cell must hold name;url pairs (name;url;name;url), but it has 1 items" },
    ]);
  });
});

describe("domain slugs", () => {
  it("come from the whole qualified name", () => {
    expect(domainSlugOf("Sales.Emea")).toBe("sales-emea");
    expect(domainSlugOf("Café & Bar")).toBe("cafe-bar");
    expect(domainSlugOf("日本")).toMatch(/^domain-[0-9a-f]{8}$/);
    expect(domainSlugOf("X")).toMatch(/^domain-[0-9a-f]{8}$/);
  });
});

describe("any names and lists", () => {
  const text = (minLength: number) =>
    fc
      .string({ unit: fc.constantFrom("a", "b", "é", "日", " ", ";", ",", '"', ".", ":", "'", "=", "|"), minLength, maxLength: 8 })
      .map((s) => s.trim().replace(/\s+/g, " "));
  const name = text(1).map((s) => `T${s}`);

  it("come back through a written file as they went in", () => {
    fc.assert(
      fc.property(name, name, fc.array(text(1), { maxLength: 4 }), fc.array(text(1), { maxLength: 3 }), text(1), (parent, child, aliases, tags, label) => {
        fc.pre(parent !== "" && child !== "" && termSlugsDiffer(parent, child));
        const base = { example: null, formula: null, owner: null, consumers: [], policy: null, status: "active" as const, variants: [], references: [], stewards: [] };
        const terms: GlossaryRecord[] = [
          { ...base, name: parent, definition: "The parent.", aliases: [], tags: [], parent: null, relations: [] },
          {
            ...base,
            name: child,
            definition: "The child; with a ; and a \"quote\".",
            aliases,
            tags,
            parent,
            relations: [{ type: "part-of", term: parent }],
            references: [{ label: label || "x", url: "https://example.com/a;b,c" }],
          },
        ];
        const checked = checkImportRecords(terms.map((data, i) => ({ where: `term ${i + 1}`, data })));
        const written = writeOpenMetadataCsv({ domains: [], terms: checked });
        expect(asExport(readOpenMetadataCsv(written)).terms).toEqual(checked);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

function termSlugsDiffer(a: string, b: string): boolean {
  try {
    checkImportRecords([
      { where: "a", data: { name: a, definition: "x" } },
      { where: "b", data: { name: b, definition: "x" } },
    ]);
    return true;
  } catch {
    return false;
  }
}
