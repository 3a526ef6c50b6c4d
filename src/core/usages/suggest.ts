import { termSlug } from "../text/index.js";

/** Confidence of a suggestion by how the name had to be trimmed to match, and whether a name or an alias matched. */
const CONFIDENCE = { whole: 0.9, layer: 0.8, affix: 0.7 } as const;
const ALIAS_DISCOUNT = 0.05;

/** dbt's layer prefixes: `stg_orders`, `dim_customers`, `fct_orders` name orders and customers. */
const LAYER_PREFIXES = new Set(["stg", "int", "dim", "fct", "fact", "mart", "rpt", "base", "src", "raw"]);
/** Words around a column's name that say how it is stored, not what it means: `customer_id`, `is_active_customer`. */
const STORAGE_SUFFIXES = new Set(["id", "key", "sk", "pk", "fk", "flag", "ind", "code"]);
const STORAGE_PREFIXES = new Set(["is", "has", "n", "num", "nb"]);

/** The index suggestions are matched in: a slug to the terms it names, by name or by alias. */
export type TermNameIndex = ReadonlyMap<string, readonly { readonly termId: number; readonly via: "name" | "alias" }[]>;

/** Builds the index from terms' slugs and alias slugs (those a project's names and links could match are enough). */
export function buildTermNameIndex(rows: readonly { termId: number; slug: string; via: "name" | "alias" }[]): TermNameIndex {
  const index = new Map<string, { termId: number; via: "name" | "alias" }[]>();
  for (const row of rows) {
    const list = index.get(row.slug) ?? [];
    if (!list.some((entry) => entry.termId === row.termId && entry.via === "name")) list.push({ termId: row.termId, via: row.via });
    index.set(row.slug, list);
  }
  return index;
}

/**
 * The slugs a model's, column's or metric's name is matched by, each with the confidence of a match: the whole
 * name (0.9), the name without dbt's layer prefix (0.8), without storage words such as `_id` or `is_` (0.7).
 */
export function candidateSlugs(name: string): { readonly slug: string; readonly confidence: number }[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  if (words.length === 0) return [];
  const out: { slug: string; confidence: number }[] = [{ slug: termSlug(words.join(" ")), confidence: CONFIDENCE.whole }];
  const unlayered = LAYER_PREFIXES.has(words[0]!) ? words.slice(1) : words;
  if (unlayered !== words && unlayered.length > 0) out.push({ slug: termSlug(unlayered.join(" ")), confidence: CONFIDENCE.layer });
  let core = unlayered;
  if (core.length > 1 && STORAGE_PREFIXES.has(core[0]!)) core = core.slice(1);
  if (core.length > 1 && STORAGE_SUFFIXES.has(core[core.length - 1]!)) core = core.slice(0, -1);
  if (core !== unlayered) out.push({ slug: termSlug(core.join(" ")), confidence: CONFIDENCE.affix });
  return out;
}

/**
 * The terms a model's, column's or metric's name suggests, each with a confidence 0–1: its candidate slugs matched
 * by a term's name, or by an alias (a little less sure). The best match per term is kept.
 */
export function suggestTerms(name: string, index: TermNameIndex): Map<number, number> {
  const found = new Map<number, number>();
  for (const { slug, confidence } of candidateSlugs(name)) {
    for (const match of index.get(slug) ?? []) {
      const score = Math.round((confidence - (match.via === "alias" ? ALIAS_DISCOUNT : 0)) * 100) / 100;
      if (score > (found.get(match.termId) ?? 0)) found.set(match.termId, score);
    }
  }
  return found;
}
