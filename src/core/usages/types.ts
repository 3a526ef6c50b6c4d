import type { DriftFigure } from "../glossary/drift.js";

/** Where a usage lives in a dbt project: a model (or seed, snapshot, source table), a column, a metric, or a semantic model's part. */
export type UsageKind = "model" | "column" | "metric" | "semantic";

/** How a usage came to be linked to its term: named in the project's `meta`, or a suggestion a domain's owner accepted. */
export type UsageLinkSource = "explicit" | "accepted";

/** A term a dbt item names in its `meta`, and which convention named it. */
export interface ExplicitLink {
  /** The term's name (or alias) as written, with any catalogue prefix already taken off. */
  readonly term: string;
  /** The meta key it came from: `glossary`, `concord.term`, `openmetadata.glossary`, or the configured key. */
  readonly convention: string;
}

/** One described thing in a dbt project, as a reader of a manifest or MetricFlow YAML finds it. */
export interface DbtItem {
  readonly kind: UsageKind;
  /** Its address in the project: `model.orders`, `model.orders.customer_id`, `metric.churn_rate`, `semantic_model.orders.measure.total`. */
  readonly path: string;
  /** Its own name (the model's, column's or metric's), which suggestions are matched on. */
  readonly name: string;
  /** Its description as the project writes it (a metric's with its type and parameters); empty when it has none. */
  readonly description: string;
  readonly links: readonly ExplicitLink[];
}

/** A problem found in a file that did not stop the read, with where it is. */
export interface DbtNote {
  readonly where: string;
  readonly message: string;
}

/** What a reader makes of a domain's dbt artifacts: the project, when it was generated, and every described item. */
export interface DbtProject {
  readonly source: "manifest" | "metricflow";
  readonly project: string;
  readonly generatedAt: Date | null;
  readonly dbtVersion: string | null;
  readonly items: readonly DbtItem[];
  readonly notes: readonly DbtNote[];
}

/** A usage as the API and the term page show it: where a domain's data product uses the term, and how far it drifts. */
export interface UsageView {
  readonly domain: { readonly slug: string; readonly name: string };
  readonly project: string;
  readonly path: string;
  readonly kind: UsageKind;
  readonly description: string;
  readonly linkSource: UsageLinkSource;
  /** Null for an item linked with no description to measure. */
  readonly drift: DriftFigure | null;
  readonly lastSeenAt: Date;
}
