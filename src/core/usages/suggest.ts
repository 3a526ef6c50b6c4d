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

/** Builds the index from every term's slug and alias slugs. */
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
 * The terms a model's, column's or metric's name suggests, each with a confidence 0–1: the whole name matching a
 * term's name (0.9) or alias (0.85), the name without dbt's layer prefix (0.8), without storage words such as `_id`
 * or `is_` (0.7). The best match per term is kept.
 */
export function suggestTerms(name: string, index: TermNameIndex): Map<number, number> {
  const words = name
    .replace(/([a-z0-9])([A-Z])/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  const found = new Map<number, number>();
  if (words.length === 0) return found;
  const tryWords = (candidate: readonly string[], confidence: number) => {
    if (candidate.length === 0) return;
    for (const match of index.get(termSlug(candidate.join(" "))) ?? []) {
      const score = Math.round((confidence - (match.via === "alias" ? ALIAS_DISCOUNT : 0)) * 100) / 100;
      if (score > (found.get(match.termId) ?? 0)) found.set(match.termId, score);
    }
  };
  tryWords(words, CONFIDENCE.whole);
  const unlayered = LAYER_PREFIXES.has(words[0]!) ? words.slice(1) : words;
  if (unlayered !== words) tryWords(unlayered, CONFIDENCE.layer);
  let core = unlayered;
  if (core.length > 1 && STORAGE_PREFIXES.has(core[0]!)) core = core.slice(1);
  if (core.length > 1 && STORAGE_SUFFIXES.has(core[core.length - 1]!)) core = core.slice(0, -1);
  if (core !== unlayered) tryWords(core, CONFIDENCE.affix);
  return found;
}
