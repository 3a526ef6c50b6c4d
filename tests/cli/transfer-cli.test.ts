import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe("npm run concord -- import / export", () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;

  /** Runs the command line as `npm run concord` does (the compiled JavaScript), in its own process, against the test's DATA_DIR. */
  const concord = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, ["scripts/concord.mjs", ...args], { cwd: root, env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "concord-cli-"));
    env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: join(folder, "data"), ADMIN_USERS: "local:ada" };
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("imports a CSV file, exports it in every format, and changes nothing on a second import of the same terms", { timeout: 120_000 }, async () => {
    const file = join(folder, "glossary.csv");
    writeFileSync(
      file,
      '\uFEFFname,definition,aliases,owner,consumers\r\nCustomer,"Someone who paid, at least once.",client,sales,support\r\nChurn Rate,Share who left.,,finance,\r\n',
    );
    const imported = await concord("import", file);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(imported.stdout.replace(/ in \d+\.\d s /, " in T s ")).toBe(
      `Imported ${file} (csv) in T s (import #1).\n` +
        "Created 2 terms, opened 0 proposals, left unchanged 0 terms, refused 0 terms; added 3 domains (finance, sales, support).\n\n" +
        "line 2: created Customer: agreed, as the glossary was empty\n" +
        "line 3: created Churn Rate: agreed, as the glossary was empty\n",
    );

    const csv = await concord("export", "--format", "csv");
    expect(csv).toMatchObject({ code: 0, stderr: "" });
    expect(csv.stdout).toBe(
      "name,definition,example,formula,aliases,owner,consumers,tags,policy,status\r\n" +
        "Churn Rate,Share who left.,,,,finance,,,,active\r\n" +
        'Customer,"Someone who paid, at least once.",,,client,sales,support,,,active\r\n',
    );

    const out = join(folder, "glossary.json");
    const json = await concord("export", "--format=json", "--out", out);
    expect(json.stdout).toMatch(/^Exported 2 terms to .*glossary\.json in \d+\.\d s\.\n$/);
    const written = JSON.parse(readFileSync(out, "utf8")) as { concord: number; terms: { name: string; versions: { proposedBy: string }[] }[] };
    expect(written.concord).toBe(1);
    expect(written.terms.map((t) => [t.name, t.versions[0]!.proposedBy])).toEqual([
      ["Churn Rate", "local:cli"],
      ["Customer", "local:cli"],
    ]);

    const markdown = await concord("export", "--format", "md");
    expect(markdown.stdout).toContain("## Customer\n\nSomeone who paid, at least once.\n\n- **Owner:** Sales (`sales`)");

    const again = await concord("import", out);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toContain("Created 0 terms, opened 0 proposals, left unchanged 2 terms, refused 0 terms.\n");
    expect(again.stdout).toContain("term 2: unchanged Customer: the same as the agreed term\n");

    const changed = join(folder, "changed.csv");
    writeFileSync(changed, "name,definition,owner\nCustomer,Someone who paid twice.,sales\nLead,Someone who may buy.,sales\n");
    const dry = await concord("import", changed, "--dry-run");
    expect(dry).toMatchObject({ code: 0, stderr: "" });
    expect(dry.stdout).toBe(
      `Dry run of ${changed} (csv): nothing was written.\n` +
        "Would create 0 terms, would open 2 proposals, would leave unchanged 0 terms, would refuse 0 terms.\n\n" +
        "line 2: would propose Customer: a changed definition\n" +
        "line 3: would propose Lead: a new term\n",
    );
    expect((await concord("export", "--format", "csv")).stdout).toBe(csv.stdout);
  });

  it("lists every bad row with its line on stderr and exits 1, without a stack trace", { timeout: 60_000 }, async () => {
    const file = join(folder, "bad.csv");
    writeFileSync(file, 'name,definition,owner\nLead,"Someone\nwho may buy.",Growth Team\nOrder,,sales\nFine,Fine.,sales\n');
    const run = await concord("import", file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "concord: nothing was imported; 2 problems:\n" +
        'line 2: owner: "Growth Team" is not a domain slug (a lowercase letter, then 1 to 39 lowercase letters, digits or hyphens)\n' +
        "line 4: the definition is empty\n",
    );
    const unreadable = join(folder, "broken.csv");
    writeFileSync(unreadable, 'name,definition\nA,"never closed\n');
    expect(await concord("import", unreadable)).toMatchObject({
      code: 1,
      stderr: `concord: nothing was imported; ${unreadable} is not a Concord glossary CSV:\nline 2: a quoted field is never closed (a quote is missing)\n`,
    });
    expect(await concord("import", join(folder, "missing.csv"))).toMatchObject({
      code: 1,
      stderr: `concord: there is no file ${join(folder, "missing.csv")}\n`,
    });
  });

  it("refuses an --as who is not an admin, and explains its usage", { timeout: 60_000 }, async () => {
    const file = join(folder, "one.csv");
    writeFileSync(file, "name,definition\nInvoice,A bill.\n");
    expect(await concord("import", file, "--as", "local:sam")).toMatchObject({
      code: 1,
      stderr: "concord: Only an admin can import terms; anyone can `propose` one.\n",
    });
    expect((await concord("import", file, "--as", "local:ada")).code).toBe(0);

    const help = await concord("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npm run concord -- export --format <format> [--out <file>]");
    expect(help.stdout).toContain("Formats: openmetadata-csv, datahub-yaml, skos-turtle, csv, json, md");
    const unknown = await concord("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^concord: unknown command "frobnicate"\n\nUsage:/);
    expect((await concord("export", "--format", "xml")).stderr).toMatch(
      /^concord: export writes openmetadata-csv, datahub-yaml, skos-turtle, csv, json, md, not xml\n/,
    );
    expect((await concord("import", join(folder, "glossary.xlsx"))).stderr).toMatch(/^concord: cannot tell the format of .*glossary\.xlsx from its name; add --format/);
  });
});
