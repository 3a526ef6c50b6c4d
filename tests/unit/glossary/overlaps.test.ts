import { describe, expect, it } from "vitest";
import { generateGlossary } from "../../../bench/generate.js";
import { findOverlaps, searchOverlaps, type Overlap, type OverlapEntry } from "../../../src/core/glossary/overlaps.js";
import { termSlug, tokenize } from "../../../src/core/text/index.js";

let nextId = 1;

function term(name: string, definition: string, aliases: readonly string[] = [], ownerDomain: string | null = "sales"): OverlapEntry {
  return { id: nextId++, slug: termSlug(name), name, aliases: aliases.map(termSlug), definition, ownerDomain };
}

const CUSTOMER = term("Customer", "A person or company that has paid for at least one order in the last 24 months.", ["Client"]);
const ACCOUNT_HOLDER = term("Account Holder", "Someone who holds a login to the self-service portal and a billing profile.", ["Client"], "support");
const BUYER = term("Buyer", "The purchasing manager named on a supplier contract as the approver of spend.", ["Customer"], "procurement");
const CHURN = term("Customer Churn Rate", "Customers lost during a month divided by customers at the start of that month.", [], "finance");
const CHURN_REORDERED = term("Churn Rate Customer", "The proportion of subscribers cancelling within the first thirty days after signup.", [], "marketing");
const NET_REVENUE = term("Net Revenue", "Invoiced amounts after discounts, refunds and sales taxes are deducted.", [], "finance");
const REVENUE_NET = term("Revenue Net", "Money recognised from shipped goods on the ledger, excluding intercompany transfers.", [], "logistics");
const GROSS_REVENUE = term("Gross Revenue", "Every amount invoiced before any discount, refund or tax is taken off.", [], "sales");
const ACTIVE_CUSTOMER = term("Active Customer", "A customer with a login in the past week.", [], "product");
const ACTIVE_CUSTOMER_COUNT = term("Active Customers Count", "Distinct logins per calendar week across all workspaces.", [], "product");
const CANCELLED_ORDER = term("Cancelled Order", "An order withdrawn by the buyer before it ships.", [], "sales");
const CANCELED_ORDER = term("Canceled Order", "A purchase the warehouse never dispatched because the payment failed.", [], "logistics");
const LEAD = term(
  "Lead",
  "A lead is a person or company that has shown interest in our product but has not yet been qualified by sales.",
  [],
  "sales",
);
const PROSPECT = term(
  "Prospect",
  "Basically, a prospect is any person or company that has shown some interest in our product and has not yet been qualified by the sales team.",
  [],
  "marketing",
);
const SHIPMENT = term("Shipment", "A parcel handed to a carrier with a tracking number.", [], "logistics");
const TICKET = term("Ticket", "A support request opened by email, chat or phone, with a priority and an assignee.", [], "support");

const GLOSSARY = [
  CUSTOMER, ACCOUNT_HOLDER, BUYER, CHURN, CHURN_REORDERED, NET_REVENUE, REVENUE_NET, GROSS_REVENUE, ACTIVE_CUSTOMER,
  ACTIVE_CUSTOMER_COUNT, CANCELLED_ORDER, CANCELED_ORDER, LEAD, PROSPECT, SHIPMENT, TICKET,
];

function pairOf(overlaps: readonly Overlap[], x: OverlapEntry, y: OverlapEntry): Overlap | undefined {
  const [a, b] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
  return overlaps.find((overlap) => overlap.a === a && overlap.b === b);
}

describe("findOverlaps", () => {
  const overlaps = findOverlaps(GLOSSARY);

  it("finds an alias equal to another term's alias or slug", () => {
    expect(pairOf(overlaps, CUSTOMER, ACCOUNT_HOLDER)).toMatchObject({ reason: "alias", similarity: 1, detail: "client" });
    expect(pairOf(overlaps, CUSTOMER, BUYER)).toMatchObject({ reason: "alias", similarity: 1, detail: "customer" });
  });

  it("finds names that differ in word order or spelling", () => {
    expect(pairOf(overlaps, CHURN, CHURN_REORDERED)).toMatchObject({ reason: "name", similarity: 1 });
    expect(pairOf(overlaps, NET_REVENUE, REVENUE_NET)).toMatchObject({ reason: "name", similarity: 1 });
    const spelling = pairOf(overlaps, CANCELLED_ORDER, CANCELED_ORDER);
    expect(spelling).toMatchObject({ reason: "name" });
    expect(spelling!.similarity).toBeGreaterThan(0.9);
    expect(spelling!.similarity).toBeLessThan(1);
  });

  it("does not take a name with another or an extra word for the same name", () => {
    expect(pairOf(overlaps, NET_REVENUE, GROSS_REVENUE)).toBeUndefined();
    expect(pairOf(overlaps, ACTIVE_CUSTOMER, ACTIVE_CUSTOMER_COUNT)).toBeUndefined();
  });

  it("finds definitions that are rewordings of each other", () => {
    const pair = pairOf(overlaps, LEAD, PROSPECT);
    expect(pair).toMatchObject({ reason: "definition" });
    expect(pair!.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it("reports nothing else: unrelated terms are not overlaps", () => {
    const expected = [
      [CUSTOMER, ACCOUNT_HOLDER], [CUSTOMER, BUYER], [CHURN, CHURN_REORDERED], [NET_REVENUE, REVENUE_NET],
      [CANCELLED_ORDER, CANCELED_ORDER], [LEAD, PROSPECT],
    ].map(([x, y]) => [Math.min(x!.id, y!.id), Math.max(x!.id, y!.id)]);
    expect(overlaps.map((overlap) => [overlap.a, overlap.b]).sort()).toEqual(expected.sort());
  });

  it("orders each pair's ids, never pairs a term with itself, reports each pair once, most similar first", () => {
    const keys = overlaps.map((overlap) => `${overlap.a}:${overlap.b}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const overlap of overlaps) expect(overlap.a).toBeLessThan(overlap.b);
    const order = [...overlaps].sort((x, y) => y.similarity - x.similarity || x.a - y.a || x.b - y.b);
    expect(overlaps).toEqual(order);
  });

  it("gives one result per pair, by the strongest reason: alias, then definition, then name", () => {
    const original = term("Refund Amount", "Money returned to a customer for an order that was cancelled or returned.");
    const aliasToo = term("Refund Value", "Money returned to a customer for an order that was cancelled or returned.", ["Refund Amount"]);
    const renamed = term("Amount Refund", "Money returned to a customer for an order that was cancelled or returned.");
    const found = findOverlaps([original, aliasToo, renamed]);
    expect(found).toHaveLength(3);
    expect(pairOf(found, original, aliasToo)).toMatchObject({ reason: "alias", detail: "refund-amount" });
    expect(pairOf(found, original, renamed)).toMatchObject({ reason: "definition", similarity: 1 });
  });

  it("skips an alias that repeats the term's own slug, and empty texts", () => {
    const own = term("Invoice", "", ["Invoice", "invoice"]);
    const empty = term("Credit Note", "");
    expect(findOverlaps([own, empty])).toEqual([]);
  });

  it("caps the pairs taken from one huge bucket", () => {
    const copies = Array.from({ length: 200 }, (_, k) =>
      term(`Template Term ${k}`, "To be defined by the owning domain before the quarterly review."),
    );
    const { overlaps: found, stats } = searchOverlaps(copies, { limit: Number.POSITIVE_INFINITY });
    // 200 identical texts share every bucket: 19,900 pairs uncapped, about 1,000 with the cap.
    expect(stats.definitionCandidates).toBeLessThanOrEqual(1_000);
    expect(found.length).toBe(stats.definitionCandidates);
    expect(found.every((overlap) => overlap.reason === "definition" && overlap.similarity === 1)).toBe(true);
  });

  it("uses the tokens an entry brings instead of tokenizing its definition again", () => {
    const withTokens = findOverlaps(GLOSSARY.map((entry) => ({ ...entry, tokens: tokenize(entry.definition) })));
    const pairs = (list: readonly Overlap[]) => list.map(({ a, b, reason }) => ({ a, b, reason }));
    expect(pairs(withTokens)).toEqual(pairs(overlaps));
    // Tokens said to be equal make the two a candidate, checked once; the check then reads the definitions
    // themselves for meaning, and these two mean different things.
    const misleading = searchOverlaps([
      { ...SHIPMENT, tokens: ["parcel", "carrier", "track"] },
      { ...TICKET, tokens: ["parcel", "carrier", "track"] },
    ]);
    expect(misleading.stats.definitionChecks).toBe(1);
    expect(misleading.overlaps).toEqual([]);
  });

  it("is deterministic, whatever the order of the entries", () => {
    const again = findOverlaps([...GLOSSARY].reverse());
    expect(again).toEqual(overlaps);
    expect(findOverlaps(GLOSSARY)).toEqual(overlaps);
  });

  it("keeps the most similar `limit` overlaps and checks its options", () => {
    expect(findOverlaps(GLOSSARY, { limit: 2 })).toEqual(overlaps.slice(0, 2));
    expect(() => findOverlaps(GLOSSARY, { limit: -1 })).toThrow(RangeError);
    expect(() => findOverlaps(GLOSSARY, { nameThreshold: 1.5 })).toThrow(RangeError);
    expect(() => findOverlaps([CUSTOMER, { ...BUYER, id: CUSTOMER.id }])).toThrow(RangeError);
  });
});

describe("findOverlaps on a generated glossary", () => {
  const glossary = generateGlossary({ terms: 5_000, seed: 7 });
  const { overlaps, stats } = searchOverlaps(glossary.terms, { limit: Number.POSITIVE_INFINITY });
  const found = new Set(overlaps.map((overlap) => `${overlap.a}:${overlap.b}`));
  const planted = new Set(glossary.planted.map((pair) => `${pair.a}:${pair.b}`));

  it("finds at least 95% of the planted near-duplicates", () => {
    const recalled = glossary.planted.filter((pair) => found.has(`${pair.a}:${pair.b}`)).length;
    // 5,000 terms, seed 7: all 50 planted pairs are found, and no other pair (3,266 candidate pairs checked).
    expect(glossary.planted).toHaveLength(50);
    expect(recalled / glossary.planted.length).toBeGreaterThanOrEqual(0.95);
  });

  it("reports few pairs that were not planted, and checks few pairs", () => {
    const unplanted = overlaps.filter((overlap) => !planted.has(`${overlap.a}:${overlap.b}`));
    expect(unplanted.length).toBeLessThanOrEqual(10);
    // All pairs of 5,000 terms would be 12.5 million.
    expect(stats.candidatePairs).toBeLessThan(100_000);
  });
});
