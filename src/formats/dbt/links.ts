import type { DbtNote, ExplicitLink } from "../../core/usages/types.js";

/** How a dbt project's `meta` is read for links to terms. */
export interface DbtReadOptions {
  /**
   * A further meta key naming terms (a dotted path such as `datahub.glossary_terms` or `business_term`), for
   * DataHub-style meta mappings: its value is a name, a list of names, or DataHub term URNs.
   */
  readonly metaKey?: string;
}

type Meta = Readonly<Record<string, unknown>>;

const DATAHUB_TERM_URN = /^urn:li:glossaryTerm:/iu;

/**
 * The terms a model's, column's or metric's merged meta names, in every convention Concord reads:
 * `glossary: [names]`, `concord: { term }`, OpenMetadata's `openmetadata: { glossary: ["Glossary.Term"] }` (the
 * last segment names the term), and the configured key. A value of the wrong shape is noted, never dropped silently.
 */
export function readMetaLinks(meta: Meta, options: DbtReadOptions, where: string, notes: DbtNote[]): ExplicitLink[] {
  const links: ExplicitLink[] = [];
  const add = (convention: string, value: unknown, name: (raw: string) => string) => {
    if (value === undefined || value === null) return;
    const values = Array.isArray(value) ? value : [value];
    for (const raw of values) {
      if (typeof raw !== "string" || raw.trim() === "") {
        notes.push({ where: `${where} meta.${convention}`, message: "should name a term, or list term names, as text; it is left out" });
        continue;
      }
      const term = name(raw.trim()).trim();
      if (term !== "") links.push({ term, convention });
    }
  };
  add("glossary", meta.glossary, (raw) => raw);
  const concord = meta.concord;
  if (isRecord(concord)) add("concord.term", concord.term ?? concord.terms, (raw) => raw);
  const openmetadata = meta.openmetadata;
  if (isRecord(openmetadata)) add("openmetadata.glossary", openmetadata.glossary, lastSegment);
  if (options.metaKey) {
    add(options.metaKey, valueAt(meta, options.metaKey), (raw) => (DATAHUB_TERM_URN.test(raw) ? lastSegment(raw.replace(DATAHUB_TERM_URN, "")) : raw));
  }
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = link.term.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `meta` and `config.meta` merged, the latter winning: dbt writes the merged meta to both. */
export function mergedMeta(...metas: unknown[]): Meta {
  const merged: Record<string, unknown> = {};
  for (const meta of metas) if (isRecord(meta)) Object.assign(merged, meta);
  return merged;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "Glossary.Customer.Active Customer" → "Active Customer". */
function lastSegment(fqn: string): string {
  const parts = fqn.split(".");
  return parts[parts.length - 1] ?? fqn;
}

/** The value at a dotted path, taking a key written with its dots (`"datahub.terms": …`) first. */
function valueAt(meta: Meta, path: string): unknown {
  if (path in meta) return meta[path];
  let value: unknown = meta;
  for (const key of path.split(".")) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}
