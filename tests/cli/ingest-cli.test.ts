import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DBT_FIXTURES, SUPPORT_MANIFEST, SUPPORT_PROJECT } from "../fixtures/dbt.js";

const root = new URL("../..", import.meta.url).pathname;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GLOSSARY =
  "name,definition,aliases,owner,consumers\n" +
  "Customer,A person or company that has paid for at least one order.,account holder,sales,support\n" +
  "Active Customer,A customer with an order in the last 90 days.,,sales,support\n" +
  "Churn Rate,The percentage of customers at the start of a month who cancelled during that month.,,support,\n" +
  "Country,\"A country, by its ISO 3166 alpha-2 code.\",,support,\n";

describe("npm run concord -- ingest dbt", () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;

  /** Runs the command line as `npm run concord` does (the compiled JavaScript), in its own process, against the test's DATA_DIR. */
  const concord = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, ["scripts/concord.mjs", ...args], { cwd: root, env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  const timeless = (text: string) => text.replace(/ in \d+\.\d s /, " in T s ");

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "concord-ingest-cli-"));
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: join(folder, "data"),
      ADMIN_USERS: "local:ada",
      DBT_GLOSSARY_META_KEY: "datahub.glossary_terms",
    };
    const file = join(folder, "glossary.csv");
    writeFileSync(file, GLOSSARY);
    expect(await concord("import", file)).toMatchObject({ code: 0, stderr: "" });
  }, 60_000);

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("ingests a project folder, prints its counts and problems, and changes nothing on the same manifest again", { timeout: 120_000 }, async () => {
    const first = await concord("ingest", "dbt", SUPPORT_PROJECT, "--domain", "support");
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(timeless(first.stdout)).toBe(
      `Ingested ${SUPPORT_PROJECT} for support's dbt project support_analytics in T s (ingest #1).\n` +
        "18 items read; 7 usages linked to terms (7 new, 0 changed, 0 removed); 0 changed usages now drifting past the threshold; 3 new suggested links; 1 problem.\n" +
        "\n" +
        "Problems (1):\n" +
        "model.tickets.lifetime_value: meta.glossary names “Lifetime Value”, which is not a term in the glossary (by name or alias); it is not linked\n",
    );

    const again = await concord("ingest", "dbt", SUPPORT_MANIFEST, "--domain", "support");
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toBe(
      `${SUPPORT_MANIFEST} is what the last ingest of support's dbt project support_analytics read (#1): nothing changed, nothing was written but the time it was received again.\n`,
    );

    const manifest = JSON.parse(readFileSync(SUPPORT_MANIFEST, "utf8"));
    manifest.nodes["model.support_analytics.customers"].columns.active_customer.description = "A customer with an open support ticket in the last 30 days.";
    const changed = join(folder, "manifest.json");
    writeFileSync(changed, JSON.stringify(manifest));
    const dry = await concord("ingest", "dbt", changed, "--domain", "support", "--dry-run");
    expect(dry).toMatchObject({ code: 0, stderr: "" });
    expect(dry.stdout).toContain(`Dry run of ${changed} for support's dbt project support_analytics: nothing was written.\n`);
    expect(dry.stdout).toContain("7 usages linked to terms (0 new, 1 changed, 0 removed); 1 changed usage now drifting past the threshold; 0 new suggested links; 1 problem.\n");
    expect(dry.stdout).toMatch(/\nmodel\.customers\.active_customer: \d+% drift from Active Customer \(.*changes the window: 90 → 30 days.*\) — past the threshold\n/);
    // The dry run wrote nothing: the same change is still a change.
    const real = await concord("ingest", "dbt", changed, "--domain", "support");
    expect(real.stdout).toMatch(/^Ingested .* \(ingest #\d+\)\.\n/);
    expect(real.stdout).not.toContain("(ingest #1)");
    expect(real.stdout).toContain("(0 new, 1 changed, 0 removed)");
  });

  it("reads MetricFlow YAML folders", { timeout: 60_000 }, async () => {
    const legacy = await concord("ingest", "dbt", join(DBT_FIXTURES, "metricflow-legacy"), "--domain", "support");
    expect(legacy).toMatchObject({ code: 0, stderr: "" });
    expect(legacy.stdout).toContain("for support's dbt project finance_metrics");
    expect(legacy.stdout).toContain("2 usages linked to terms (2 new,");
  });

  it("refuses what is not dbt's in one line, an unknown domain politely, and a bad command line with the usage", { timeout: 60_000 }, async () => {
    const notDbt = await concord("ingest", "dbt", join(DBT_FIXTURES, "not-dbt.json"), "--domain", "support");
    expect(notDbt).toMatchObject({ code: 1, stdout: "" });
    expect(notDbt.stderr).toBe(`concord: nothing was ingested: ${join(DBT_FIXTURES, "not-dbt.json")} is not a dbt manifest: it has no metadata.dbt_schema_version\n`);

    const old = await concord("ingest", "dbt", join(DBT_FIXTURES, "manifest-v11.json"), "--domain", "support");
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/^concord: nothing was ingested: .*manifest-v11\.json, metadata\.dbt_schema_version, this is a dbt manifest of schema v11; Concord reads v12 .*\n$/);

    const unknown = await concord("ingest", "dbt", SUPPORT_PROJECT, "--domain", "marketing");
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe('concord: There is no domain "marketing". `domain list` shows the domains Concord knows.\n');

    const usage = await concord("ingest", "dbt", SUPPORT_PROJECT);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^concord: ingest dbt needs --domain <slug>: the domain that owns the dbt project\n\nUsage:/);
  });
});
