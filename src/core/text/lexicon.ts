/**
 * Small, hand-kept word lists that turn glossary wording into canonical words before stemming, so that two ways of
 * writing the same thing share tokens ("ARR" and "annual recurring revenue", "twelve" and "12", "unpaid" and
 * "not paid"). Every entry must be general to business glossaries: nothing here is keyed to one definition.
 */

/**
 * Business abbreviations a glossary uses in place of the words, looked up on the folded (and singularised) word.
 * Left out on purpose: abbreviations with a second common meaning in a data glossary (SQL, POS, TTM, MTTR, ETA).
 */
export const ABBREVIATIONS: ReadonlyMap<string, string> = entries({
  // revenue and retention
  mrr: "monthly recurring revenue",
  arr: "annual recurring revenue",
  nrr: "net revenue retention",
  ndr: "net dollar retention",
  grr: "gross revenue retention",
  arpu: "average revenue per user",
  arpa: "average revenue per account",
  acv: "annual contract value",
  tcv: "total contract value",
  gmv: "gross merchandise value",
  cogs: "cost of goods sold",
  ebitda: "earnings before interest taxes depreciation and amortisation",
  roi: "return on investment",
  vat: "value added tax",
  // customers and sales
  aov: "average order value",
  clv: "customer lifetime value",
  cltv: "customer lifetime value",
  ltv: "lifetime value",
  cac: "customer acquisition cost",
  mql: "marketing qualified lead",
  crm: "customer relationship management",
  erp: "enterprise resource planning",
  sku: "stock keeping unit",
  kpi: "key performance indicator",
  b2b: "business to business",
  b2c: "business to consumer",
  ctr: "click through rate",
  cpc: "cost per click",
  cpa: "cost per acquisition",
  // usage
  dau: "daily active users",
  wau: "weekly active users",
  mau: "monthly active users",
  // support and people
  sla: "service level agreement",
  csat: "customer satisfaction score",
  nps: "net promoter score",
  fcr: "first contact resolution",
  aht: "average handle time",
  fte: "full time equivalent",
  // periods
  yoy: "year over year",
  qoq: "quarter over quarter",
  mom: "month over month",
  ytd: "year to date",
  qtd: "quarter to date",
  mtd: "month to date",
  qtr: "quarter",
  qtrs: "quarters",
  yr: "year",
  yrs: "years",
  mth: "month",
  mths: "months",
  wk: "week",
  wks: "weeks",
  hr: "hour",
  hrs: "hours",
  mins: "minutes",
  // units
  kwh: "kilowatt hours",
  mwh: "megawatt hours",
});

/** Cardinal number words and their values; "single" is "one" as glossaries use it ("a single order"). */
export const NUMBER_WORDS: ReadonlyMap<string, number> = entries({
  zero: 0, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});

/** Number words that multiply what came before them ("two hundred", "a thousand"). */
export const NUMBER_SCALES: ReadonlyMap<string, number> = entries({
  hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000,
});

/** The word a bound phrase becomes: "at least one" is "minimum 1", "one or more" is "1 minimum". */
export const MINIMUM = "minimum";
/** "At most three", "no more than three" and "three or fewer" all carry this word. */
export const MAXIMUM = "maximum";

/**
 * Words replaced by a canonical word before stemming. Kept to forms a reader takes as interchangeable in any
 * glossary: period adjectives and their nouns, irregular verb forms Porter cannot join to their base, negative
 * contractions, and a few near-certain synonyms. An empty string drops the word (it says no more than "is").
 * Not here on purpose: "client"/"customer" (many organisations define them differently), "times" for
 * "multiplied by" (also "one or more times"), "over" for "above" ("over the whole relationship").
 */
export const CANONICAL_WORDS: ReadonlyMap<string, string> = entries({
  // "equals" and "is" state the same definition
  equal: "",
  equals: "",
  // periods: the adjective and the noun are one period
  daily: "day",
  weekly: "week",
  monthly: "month",
  quarterly: "quarter",
  annual: "year",
  annually: "year",
  yearly: "year",
  // irregular verb forms
  paid: "pay",
  sold: "sell",
  bought: "buy",
  spent: "spend",
  won: "win",
  lost: "lose",
  kept: "keep",
  // "pre-tax" is "before tax"
  pre: "before",
  // near-certain synonyms
  sum: "total",
  count: "number",
  entire: "whole",
  final: "last",
  percentage: "share",
  proportion: "share",
  // negations, written in full or contracted ("doesn't" splits to "doesnt")
  no: "not",
  never: "not",
  without: "not",
  non: "not",
  // "neither lapsed nor cancelled" is one negation of two conditions: "not (lapsed or cancelled)".
  nor: "or",
  cannot: "not",
  cant: "not",
  dont: "not",
  doesnt: "not",
  didnt: "not",
  isnt: "not",
  arent: "not",
  wasnt: "not",
  werent: "not",
  hasnt: "not",
  havent: "not",
  hadnt: "not",
  wont: "not",
  shouldnt: "not",
});

/** The one token every negation becomes. */
export const NEGATION = "not";

/**
 * Words a negative prefix (un-, in-, im-, non-) may be split from: "unpaid" is "not paid", "inactive" is "not
 * active". A list rather than a rule because most words starting with "un" or "in" are not negations ("under",
 * "invoice", "income", "unit").
 */
export const NEGATABLE_WORDS: readonly string[] = [
  "active", "activity", "approved", "assigned", "available", "billed", "collected", "complete", "confirmed",
  "delivered", "known", "limited", "paid", "paying", "processed", "qualified", "recognised", "recognized",
  "registered", "resolved", "settled", "shipped", "sold", "subscribed", "used", "valid", "verified",
];

export const NEGATIVE_PREFIXES: readonly string[] = ["non", "un", "in", "im"];

// Maps rather than object literals, so a word such as "constructor" is never found on Object.prototype.
function entries<V>(record: Record<string, V>): ReadonlyMap<string, V> {
  return new Map(Object.entries(record));
}
