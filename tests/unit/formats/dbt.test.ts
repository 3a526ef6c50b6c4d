import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { writeDbtManifest } from "../../../bench/dbt-manifest.js";
import { generateGlossary } from "../../../bench/generate.js";
import { DbtFileError, readDbtManifest, readDbtManifestStream, readMetricFlowYaml } from "../../../src/formats/dbt/index.js";

const DBT = new URL("../../fixtures/dbt/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DBT), "utf8");
const MANIFEST = read("support/target/manifest.json");

function problemsOf(read: () => unknown): readonly { where: string; message: string }[] {
  try {
    read();
  } catch (error) {
    if (error instanceof DbtFileError) return error.problems;
    throw error;
  }
  throw new Error("it was read");
}

describe("the dbt manifest fixture", () => {
  // dbt's whole published schema: compiling it takes a second or two.
  const validate = (() => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    formats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(new URL("../../fixtures/schemas/dbt/manifest-v12.json", import.meta.url), "utf8")) as object);
  })();

  it("is valid against dbt's manifest v12 schema", () => {
    const valid = validate(JSON.parse(MANIFEST));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does refuse what is not a v12 manifest: a manifest missing its sources, a model without its checksum.
    const broken = JSON.parse(MANIFEST) as Record<string, unknown>;
    delete broken.sources;
    expect(validate(broken)).toBe(false);
    const unsummed = JSON.parse(MANIFEST) as { nodes: Record<string, Record<string, unknown>> };
    delete unsummed.nodes["model.support_analytics.customers"]!.checksum;
    expect(validate(unsummed)).toBe(false);
  });

  it("is the kind the bench writes: a generated project of each revision is valid against it too", () => {
    const folder = mkdtempSync(join(tmpdir(), "concord-dbt-"));
    try {
      const glossary = generateGlossary({ terms: 1_000 });
      for (const revision of [0, 1]) {
        const file = join(folder, `manifest-${revision}.json`);
        writeDbtManifest(file, glossary, "sales", { models: 12, columnsPerModel: 4, metrics: 4, termPool: 200, revision });
        const valid = validate(JSON.parse(readFileSync(file, "utf8")));
        expect(validate.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("readDbtManifest", () => {
  const project = readDbtManifest(MANIFEST, { metaKey: "datahub.glossary_terms" });
  const item = (path: string) => project.items.find((i) => i.path === path);

  it("reads the project, when it was generated and by which dbt", () => {
    expect(project).toMatchObject({ source: "manifest", project: "support_analytics", dbtVersion: "1.9.4", notes: [] });
    expect(project.generatedAt?.toISOString()).toBe("2026-03-01T06:00:00.000Z");
  });

  it("reads models, seeds, snapshots, sources, their columns, semantic models and metrics of the root project only", () => {
    expect(project.items.map((i) => `${i.kind} ${i.path}`)).toEqual([
      "model model.customers",
      "column model.customers.customer_id",
      "column model.customers.active_customer",
      "column model.customers.account_holder",
      "model model.tickets",
      "column model.tickets.ticket_id",
      "column model.tickets.customer",
      "column model.tickets.lifetime_value",
      "model seed.country_codes",
      "column seed.country_codes.country",
      "model snapshot.customers_snapshot",
      "model source.zendesk.tickets",
      "column source.zendesk.tickets.requester_id",
      // In the document's order: dbt writes metrics before semantic models.
      "metric metric.churn_rate",
      "semantic semantic_model.customers",
      "semantic semantic_model.customers.entity.customer",
      "semantic semantic_model.customers.measure.churned_customers",
      "semantic semantic_model.customers.dimension.is_active",
    ]);
  });

  it("links through every meta convention: glossary, concord.term, openmetadata.glossary and the configured key", () => {
    expect(item("model.customers")?.links).toEqual([{ term: "Customer", convention: "glossary" }]);
    expect(item("model.customers.active_customer")?.links).toEqual([{ term: "Active Customer", convention: "concord.term" }]);
    expect(item("model.tickets.customer")?.links).toEqual([{ term: "Customer", convention: "openmetadata.glossary" }]);
    expect(item("seed.country_codes.country")?.links).toEqual([{ term: "Country", convention: "datahub.glossary_terms" }]);
    expect(item("snapshot.customers_snapshot")?.links).toEqual([{ term: "Customer", convention: "glossary" }]);
    // Without the setting, the DataHub-style key names nothing.
    expect(readDbtManifest(MANIFEST).items.find((i) => i.path === "seed.country_codes.country")?.links).toEqual([]);
  });

  it("writes a ratio metric's definition after its description", () => {
    expect(item("metric.churn_rate")?.description).toBe(
      "Customers who cancelled in the month divided by customers at the start of the month. Calculated as a ratio of churned_customers to customers_at_start.",
    );
  });

  it("notes a meta value of the wrong shape and reads the rest", () => {
    const manifest = JSON.parse(MANIFEST);
    manifest.nodes["model.support_analytics.customers"].meta.glossary = [7, "Customer"];
    manifest.nodes["model.support_analytics.customers"].config.meta.glossary = [7, "Customer"];
    const read = readDbtManifest(JSON.stringify(manifest));
    expect(read.items[0]?.links).toEqual([{ term: "Customer", convention: "glossary" }]);
    expect(read.notes).toEqual([
      { where: "model.support_analytics.customers meta.glossary", message: "should name a term, or list term names, as text; it is left out" },
    ]);
  });

  it("refuses a file that is not dbt's, or a manifest of another schema version, in one line", () => {
    expect(problemsOf(() => readDbtManifest(read("not-dbt.json")))).toEqual([
      { where: "manifest", message: "is not a dbt manifest: it has no metadata.dbt_schema_version" },
    ]);
    expect(problemsOf(() => readDbtManifest("not json at all"))).toHaveLength(1);
    expect(problemsOf(() => readDbtManifest(read("manifest-v11.json")))).toEqual([
      {
        where: "metadata.dbt_schema_version",
        message: "this is a dbt manifest of schema v11; Concord reads v12 (written by dbt 1.8 and later): run `dbt docs generate` with a newer dbt",
      },
    ]);
  });
});

describe("readDbtManifestStream", () => {
  it("reads a manifest as a stream to the same project as a whole read", async () => {
    const streamed = await readDbtManifestStream(Buffer.from(MANIFEST), { metaKey: "datahub.glossary_terms" });
    expect(streamed).toEqual(readDbtManifest(MANIFEST, { metaKey: "datahub.glossary_terms" }));
  });

  it("refuses what is not JSON, not dbt's, or of another schema version", async () => {
    const problems = async (text: string) => {
      try {
        await readDbtManifestStream(Buffer.from(text));
      } catch (error) {
        if (error instanceof DbtFileError) return error.problems;
        throw error;
      }
      throw new Error("it was read");
    };
    const [notJson] = await problems("{ not json");
    expect(notJson).toMatchObject({ where: "manifest", message: expect.stringMatching(/^is not a dbt manifest: it is not JSON/) });
    expect(await problems(read("not-dbt.json"))).toEqual([{ where: "manifest", message: "is not a dbt manifest: it has no metadata.dbt_schema_version" }]);
    expect(await problems("[1, 2]")).toEqual([{ where: "manifest", message: "is not a dbt manifest: it has no metadata.dbt_schema_version" }]);
    expect((await problems(read("manifest-v11.json")))[0]?.message).toMatch(/^this is a dbt manifest of schema v11;/);
  });
});

describe("readMetricFlowYaml", () => {
  it("reads the older spec: top-level semantic_models and metrics with type_params", () => {
    const project = readMetricFlowYaml([{ name: "models/semantic_models.yml", text: read("metricflow-legacy/models/semantic_models.yml") }], "finance_metrics");
    expect(project).toMatchObject({ source: "metricflow", project: "finance_metrics", generatedAt: null, notes: [] });
    const churn = project.items.find((i) => i.path === "metric.churn_rate");
    expect(churn).toEqual({
      kind: "metric",
      path: "metric.churn_rate",
      name: "churn_rate",
      description:
        "The percentage of customers at the start of a month who cancelled during that month. Calculated as a ratio of churned_customers to customers_at_start.",
      links: [{ term: "Churn Rate", convention: "concord.term" }],
    });
    expect(project.items.find((i) => i.path === "semantic_model.subscriptions.measure.churned_customers")?.description).toBe(
      "Customers who cancelled their subscription in the month. Calculated as the count of distinct values of case when cancelled then customer_id end.",
    );
    expect(project.items.find((i) => i.path === "semantic_model.subscriptions.entity.customer")?.links).toEqual([{ term: "Customer", convention: "glossary" }]);
  });

  it("reads the newer spec: metrics with agg and expr on the model's entry, and its columns", () => {
    const project = readMetricFlowYaml([{ name: "models/orders.yml", text: read("metricflow-latest/models/orders.yml") }], "sales_marts");
    expect(project.items.map((i) => i.path)).toEqual([
      "model.orders",
      "model.orders.order_id",
      "model.orders.customer_id",
      "model.orders.active_customer",
      "metric.churn_rate",
      "metric.revenue",
    ]);
    expect(project.items.find((i) => i.path === "metric.revenue")?.description).toBe("Paid order amounts. Calculated as the sum of amount.");
    expect(project.items.find((i) => i.path === "metric.churn_rate")?.description).toMatch(/Calculated as a ratio of churned_customers to customers_at_start\.$/);
    expect(project.items.find((i) => i.path === "model.orders.customer_id")?.links).toEqual([{ term: "Customer", convention: "openmetadata.glossary" }]);
  });

  it("refuses YAML that is not dbt's, and YAML that does not parse, saying where", () => {
    expect(problemsOf(() => readMetricFlowYaml([{ name: "openapi.yml", text: read("not-dbt.yml") }], "x"))).toEqual([
      { where: "openapi.yml", message: "is not dbt's: it has no semantic_models:, metrics: or models: list (MetricFlow YAML or a models' properties file)" },
    ]);
    const [problem] = problemsOf(() => readMetricFlowYaml([{ name: "bad.yml", text: "metrics:\n  - name: [unclosed\n" }], "x"));
    expect(problem?.where).toMatch(/^bad\.yml/);
    expect(problem?.message).toMatch(/^is not YAML: /);
  });
});
