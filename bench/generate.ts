import { termSlug } from "../src/core/text/index.js";

/** A term of the synthetic glossary; structurally an `OverlapEntry`, and enough to fill the database's term rows. */
export interface GeneratedTerm {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** Alias slugs. */
  readonly aliases: readonly string[];
  readonly definition: string;
  /** A domain slug; null for the few terms no domain owns. */
  readonly ownerDomain: string | null;
}

export interface GeneratedDomain {
  readonly slug: string;
  readonly name: string;
}

/** How a planted near-duplicate was made from its original. */
export type PlantedKind = "alias" | "name-reorder" | "name-spelling" | "name-filler" | "definition-reword";

/** A pair of terms made alike on purpose; a < b. */
export interface PlantedPair {
  readonly a: number;
  readonly b: number;
  readonly kind: PlantedKind;
}

export interface GeneratedGlossary {
  readonly domains: readonly GeneratedDomain[];
  readonly terms: readonly GeneratedTerm[];
  readonly planted: readonly PlantedPair[];
}

export interface GlossaryOptions {
  /** Terms in all, planted ones included (default 100,000). */
  readonly terms?: number;
  readonly seed?: number;
  /** Planted near-duplicate pairs per term (default 0.01). */
  readonly plantedShare?: number;
}

const AREAS: Readonly<Record<string, readonly string[]>> = {
  Sales: ["order", "quote", "opportunity", "deal", "lead", "pipeline", "territory", "account", "contract", "discount", "invoice", "commission", "booking", "renewal", "forecast", "prospect", "upsell", "price", "rep", "quota"],
  Support: ["ticket", "case", "incident", "escalation", "agent", "queue", "resolution", "response", "satisfaction", "complaint", "callback", "chat", "knowledge", "article", "backlog", "sla", "handoff", "survey", "outage", "request"],
  Finance: ["revenue", "cost", "margin", "ledger", "journal", "accrual", "payment", "refund", "receivable", "payable", "budget", "expense", "tax", "asset", "liability", "depreciation", "cash", "equity", "dividend", "audit"],
  Marketing: ["campaign", "impression", "click", "conversion", "audience", "segment", "channel", "attribution", "landing", "newsletter", "subscriber", "brand", "engagement", "webinar", "advert", "keyword", "funnel", "promotion", "coupon", "influencer"],
  Logistics: ["shipment", "parcel", "carrier", "warehouse", "pallet", "route", "delivery", "pickup", "stock", "inventory", "freight", "dock", "container", "manifest", "dispatch", "lane", "depot", "tracking", "return", "fulfilment"],
  HR: ["employee", "hire", "candidate", "vacancy", "salary", "bonus", "leave", "absence", "appraisal", "promotion", "headcount", "contractor", "onboarding", "training", "payroll", "benefit", "attrition", "tenure", "grade", "interview"],
  Product: ["feature", "release", "roadmap", "session", "user", "signup", "activation", "retention", "experiment", "cohort", "workspace", "seat", "plan", "subscription", "trial", "usage", "event", "screen", "journey", "feedback"],
  Engineering: ["deployment", "build", "commit", "service", "endpoint", "latency", "error", "uptime", "alert", "pager", "repository", "pipeline", "cluster", "node", "query", "storage", "bandwidth", "certificate", "dependency", "sprint"],
  Procurement: ["supplier", "vendor", "purchase", "requisition", "tender", "catalogue", "spend", "approval", "sourcing", "bid", "framework", "rebate", "category", "commodity", "receipt", "goods", "lead time", "buyer", "agreement", "compliance"],
  Legal: ["clause", "obligation", "dispute", "claim", "licence", "trademark", "patent", "consent", "policy", "breach", "retention", "notice", "jurisdiction", "counterparty", "signature", "amendment", "termination", "renewal", "penalty", "waiver"],
  Risk: ["exposure", "limit", "incident", "control", "fraud", "chargeback", "default", "collateral", "rating", "scenario", "loss", "threshold", "sanction", "screening", "alert", "appetite", "indicator", "mitigation", "audit", "assessment"],
  Operations: ["shift", "site", "machine", "downtime", "throughput", "batch", "yield", "defect", "inspection", "maintenance", "capacity", "utilisation", "schedule", "work order", "line", "station", "scrap", "energy", "safety", "permit"],
};

const QUALIFIERS = [
  "active", "new", "gross", "net", "open", "closed", "pending", "qualified", "recurring", "average", "median", "monthly", "weekly", "daily",
  "quarterly", "annual", "regional", "global", "domestic", "international", "internal", "external", "paid", "unpaid", "overdue", "expired",
  "approved", "rejected", "cancelled", "returned", "delayed", "billable", "planned", "actual", "forecast", "adjusted", "normalised", "weighted",
  "first", "last", "repeat", "inbound", "outbound", "direct", "indirect", "strategic", "priority", "standard", "premium", "enterprise", "partner",
  "online", "retail", "wholesale", "seasonal", "projected", "committed", "unbilled", "disputed", "verified", "blended", "marginal",
];

const MEASURES = [
  "count", "rate", "ratio", "value", "amount", "total", "share", "score", "duration", "age", "volume", "growth", "trend", "index", "backlog",
  "cost", "days", "balance", "variance", "percentage", "frequency", "lifetime", "velocity", "coverage", "yield", "target", "status", "date",
  "owner", "source", "category", "level", "tier", "band", "flag", "reason", "type", "code", "window", "cycle time",
];

const PERIODS = ["year to date", "month to date", "quarter to date", "trailing twelve month", "rolling thirty day", "week over week"];

const DOMAIN_SUFFIXES = ["core", "analytics", "operations", "platform", "emea", "americas", "apac", "insights", "reporting", "data"];

const OPENERS = [
  "The number of", "The total value of", "A record of", "The share of", "The time between", "A flag set when", "The sum of",
  "An estimate of", "The count of distinct", "The ratio between", "Any", "The date on which", "The amount paid for", "A person or company that",
  "The period during which", "The status of",
];

const FUNCTION_WORDS = ["the", "of", "a", "for", "in", "by", "with", "to", "and", "or", "that", "which", "from", "at", "on", "per", "when", "each", "is", "are"];

const BUSINESS_WORDS = [
  "customer", "order", "account", "product", "service", "period", "month", "quarter", "year", "day", "week", "team", "region", "country",
  "currency", "contract", "payment", "invoice", "record", "system", "source", "report", "dashboard", "metric", "value", "amount", "total",
  "number", "count", "rate", "cost", "price", "discount", "tax", "fee", "charge", "credit", "debit", "balance", "transaction", "event",
  "status", "state", "stage", "step", "process", "approval", "request", "response", "issue", "ticket", "case", "agent", "user", "member",
  "employee", "manager", "owner", "partner", "supplier", "vendor", "carrier", "shipment", "delivery", "warehouse", "stock", "item", "unit",
  "line", "batch", "lot", "site", "store", "channel", "campaign", "segment", "cohort", "plan", "subscription", "licence", "seat", "usage",
  "session", "visit", "click", "view", "signup", "trial", "renewal", "cancellation", "refund", "return", "complaint", "survey", "score",
  "target", "budget", "forecast", "actual", "variance", "margin", "revenue", "profit", "loss", "asset", "liability", "equity", "cash",
  "ledger", "journal", "entry", "posting", "booking", "reservation", "schedule", "shift", "hour", "minute", "deadline", "window", "limit",
  "threshold", "tier", "band", "level", "grade", "category", "type", "class", "group", "list", "set", "share", "ratio", "index", "trend",
  "growth", "decline", "change", "increase", "decrease", "first", "last", "latest", "earliest", "previous", "next", "current", "open",
  "closed", "active", "inactive", "paid", "unpaid", "overdue", "pending", "approved", "rejected", "valid", "invalid", "excluded", "included",
  "recognised", "deferred", "accrued", "billed", "shipped", "received", "returned", "cancelled", "completed", "started", "created", "updated",
  "deleted", "measured", "reported", "calculated", "adjusted", "weighted", "averaged", "summed", "counted", "grouped", "filtered", "matched",
  "not", "no", "more", "less", "before", "after", "during", "within", "outside", "between", "above", "below", "least", "most", "only", "all",
];

const SYLLABLES = [
  "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fi", "go", "hu", "je", "ko", "la", "mo", "nu", "pe", "ri", "so", "tu", "va",
  "ze", "bra", "cle", "dro", "fla", "gri", "plo", "qua", "stra", "tre", "vin", "mar", "del", "cor", "pen", "sil", "tor",
];

// British and American spellings, and the misspellings stewards make of them.
const SPELLING_VARIANTS: readonly (readonly [RegExp, string])[] = [
  [/is(e|ed|ation)\b/, "iz$1"],
  [/lled\b/, "led"],
  [/ence\b/, "ense"],
  [/logue\b/, "log"],
  [/lment\b/, "llment"],
  [/ss/, "s"],
  [/tt/, "t"],
  [/mm/, "m"],
];

const FILLERS = ["total", "overall"];

/** A seeded PRNG (mulberry32): the same seed gives the same glossary on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Builds a data-mesh glossary of `terms` terms with known near-duplicate pairs, the same for the same seed. */
export function generateGlossary(options: GlossaryOptions = {}): GeneratedGlossary {
  const total = options.terms ?? 100_000;
  const random = createRandom(options.seed ?? 20_261_130);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const areaNames = Object.keys(AREAS);

  const domains: (GeneratedDomain & { area: string })[] = [];
  for (let k = 0; domains.length < 50; k++) {
    const area = areaNames[k % areaNames.length]!;
    const suffix = DOMAIN_SUFFIXES[Math.floor(k / areaNames.length)]!;
    domains.push({ slug: termSlug(`${area} ${suffix}`), name: `${area} ${title(suffix)}`, area });
  }

  const vocabulary = [...BUSINESS_WORDS];
  const seenWords = new Set(vocabulary);
  while (vocabulary.length < 6_000) {
    const word = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join("");
    if (!seenWords.has(word)) {
      seenWords.add(word);
      vocabulary.push(word);
    }
  }
  // Zipf-like: word r is drawn in proportion to 1/(r + 20), so a few words are in many definitions and most in few.
  const cumulative = new Float64Array(vocabulary.length);
  vocabulary.forEach((_, r) => (cumulative[r] = (cumulative[r - 1] ?? 0) + 1 / (r + 20)));
  const drawWord = () => {
    const target = random() * cumulative[cumulative.length - 1]!;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return vocabulary[low]!;
  };
  const drawDefinition = () => {
    const words = pick(OPENERS).split(" ");
    const length = 12 + Math.floor(random() * 19);
    while (words.length < length) words.push(random() < 0.3 ? pick(FUNCTION_WORDS) : drawWord());
    return `${words.join(" ")}.`;
  };

  const usedSlugs = new Set<string>();
  const usedWordSets = new Set<string>();
  const drawName = (area: string): string => {
    for (;;) {
      const entity = pick(AREAS[area]!);
      const shape = random();
      const words =
        shape < 0.6 ? [pick(QUALIFIERS), entity, pick(MEASURES)]
        : shape < 0.75 ? [entity, pick(MEASURES)]
        : shape < 0.9 ? [pick(QUALIFIERS), entity, pick(AREAS[area]!), pick(MEASURES)]
        : [pick(PERIODS), entity, pick(MEASURES)];
      const name = words.join(" ");
      const slug = termSlug(name);
      // The same words in another order would be a near-duplicate nobody planted.
      const wordSet = slug.split("-").sort().join(" ");
      if (usedSlugs.has(slug) || usedWordSets.has(wordSet) || new Set(slug.split("-")).size !== slug.split("-").length) continue;
      usedSlugs.add(slug);
      usedWordSets.add(wordSet);
      return title(name);
    }
  };
  const usedAliases = new Set<string>();
  const drawAliases = (name: string, area: string): string[] => {
    const words = name.toLowerCase().split(" ");
    const candidates = [
      `${area} ${name}`,
      `${name} ${pick(["kpi", "metric", "figure", "measure", "indicator"])}`,
      `${words[0]!.slice(0, 4)} ${words.slice(1).join(" ")}`,
      `${words.map((word) => word[0]).join("")} ${area}`,
      `${pick(["our", "the", "team"])} ${words.slice(1).join(" ")} ${words[0]}`,
    ];
    const wanted = 2 + Math.floor(random() * 3);
    const aliases: string[] = [];
    for (const candidate of candidates) {
      const slug = termSlug(candidate);
      if (aliases.length === wanted || slug === "" || usedSlugs.has(slug) || usedAliases.has(slug)) continue;
      usedAliases.add(slug);
      aliases.push(slug);
    }
    return aliases;
  };
  const domainsOf = new Map(areaNames.map((area) => [area, domains.filter((domain) => domain.area === area)]));
  const drawOwner = (area: string) => {
    if (random() < 0.02) return null;
    return random() < 0.85 ? pick(domainsOf.get(area)!).slug : pick(domains).slug;
  };

  const plantedCount = Math.round(total * (options.plantedShare ?? 0.01));
  interface Draft { slug: string; name: string; aliases: string[]; definition: string; ownerDomain: string | null; area: string }
  const drafts: Draft[] = [];
  const draw = (area: string, name = drawName(area)): Draft => {
    const slug = termSlug(name);
    usedSlugs.add(slug);
    return { slug, name, aliases: drawAliases(name, area), definition: drawDefinition(), ownerDomain: drawOwner(area), area };
  };
  for (let k = 0; k < total - plantedCount; k++) drafts.push(draw(pick(areaNames)));

  const kinds: PlantedKind[] = ["alias", "name-reorder", "name-spelling", "name-filler", "definition-reword"];
  const plantedDrafts: { original: number; copy: number; kind: PlantedKind }[] = [];
  const usedOriginals = new Set<number>();
  while (plantedDrafts.length < plantedCount) {
    const kind = kinds[plantedDrafts.length % kinds.length]!;
    const index = Math.floor(random() * (total - plantedCount));
    if (usedOriginals.has(index)) continue;
    const original = drafts[index]!;
    const area = pick(areaNames);
    let copy: Draft | null = null;
    if (kind === "alias") {
      copy = draw(area);
      copy.aliases.push(random() < 0.5 || original.aliases.length === 0 ? original.slug : pick(original.aliases));
    } else if (kind === "definition-reword") {
      copy = { ...draw(area), definition: reword(original.definition, { random, pick, drawWord }) };
    } else {
      const renamed = rename(original.name, kind, { random, pick });
      const slug = renamed === null ? "" : termSlug(renamed);
      if (renamed === null || usedSlugs.has(slug) || usedAliases.has(slug)) continue;
      copy = draw(area, renamed);
    }
    if (copy.ownerDomain === original.ownerDomain) copy.ownerDomain = pick(domains.filter((d) => d.slug !== original.ownerDomain)).slug;
    usedOriginals.add(index);
    plantedDrafts.push({ original: index, copy: drafts.length, kind });
    drafts.push(copy);
  }

  // Ids in a shuffled order, so planted terms are not all at the end.
  const order = drafts.map((_, index) => index);
  for (let k = order.length - 1; k > 0; k--) {
    const other = Math.floor(random() * (k + 1));
    [order[k], order[other]] = [order[other]!, order[k]!];
  }
  const idOf = new Int32Array(drafts.length);
  order.forEach((draftIndex, position) => (idOf[draftIndex] = position + 1));
  const terms: GeneratedTerm[] = order.map((draftIndex, position) => {
    const { slug, name, aliases, definition, ownerDomain } = drafts[draftIndex]!;
    return { id: position + 1, slug, name, aliases, definition, ownerDomain };
  });
  const planted = plantedDrafts.map(({ original, copy, kind }) => {
    const [a, b] = [idOf[original]!, idOf[copy]!].sort((x, y) => x - y);
    return { a: a!, b: b!, kind };
  });
  return { domains: domains.map(({ slug, name }) => ({ slug, name })), terms, planted };
}

interface Dice {
  random(): number;
  pick<T>(list: readonly T[]): T;
}

/**
 * A steward's rewording: the clauses turned round, a filler added, a small word dropped, and in longer texts one
 * content word dropped and another added elsewhere (never swapped in place: that reads as another meaning).
 */
function reword(definition: string, dice: Dice & { drawWord(): string }): string {
  const words = definition.replace(/\.$/, "").split(" ");
  const functionWord = words.findIndex((word) => FUNCTION_WORDS.includes(word));
  if (functionWord >= 0) words.splice(functionWord, 1);
  if (words.length >= 16) {
    words.splice(Math.floor(dice.random() * words.length), 1);
    words.push(dice.drawWord());
  }
  words.splice(Math.floor(dice.random() * words.length), 0, dice.pick(["basically", "usually", "generally", "in practice"]));
  const cut = 3 + Math.floor(dice.random() * Math.max(1, words.length - 6));
  return `${[...words.slice(cut), ...words.slice(0, cut)].join(" ")}.`;
}

/** Another name for the same concept, or null when this kind of renaming does not apply to the name. */
function rename(name: string, kind: PlantedKind, dice: Dice): string | null {
  const words = name.split(" ");
  if (kind === "name-reorder") {
    if (words.length < 2) return null;
    const cut = 1 + Math.floor(dice.random() * (words.length - 1));
    return [...words.slice(cut), ...words.slice(0, cut)].join(" ");
  }
  if (kind === "name-filler") return `${title(dice.pick(FILLERS))} ${name}`;
  for (const [k, word] of words.entries()) {
    for (const [pattern, replacement] of SPELLING_VARIANTS) {
      const changed = word.replace(pattern, replacement);
      if (changed !== word && changed.length >= 3) return words.map((w, m) => (m === k ? changed : w)).join(" ");
    }
  }
  return null;
}

function title(text: string): string {
  return text.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}
