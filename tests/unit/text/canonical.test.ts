import { describe, expect, it } from "vitest";
import { canonicalWords, isDigits } from "../../../src/core/text/canonical.js";
import { ABBREVIATIONS, CANONICAL_WORDS } from "../../../src/core/text/lexicon.js";
import { lexicalSimilarity, tokenize } from "../../../src/core/text/similarity.js";

describe("number words", () => {
  it.each([
    ["twelve months", "12 months"],
    ["twenty-four months", "24 months"],
    ["twenty four months", "24 months"],
    ["one hundred and five units", "105 units"],
    ["a hundred units", "100 units"],
    ["a hundred thousand units", "100000 units"],
    ["5 million euros", "5000000 euros"],
    ["a single order", "1 order"],
    ["zero units", "0 units"],
  ])("%s is %s", (words, digits) => {
    expect(tokenize(words)).toEqual(tokenize(digits));
  });

  it("keeps separate numbers apart", () => {
    expect(tokenize("one or two orders")).toEqual(["1", "2", "order"]);
    expect(tokenize("one two")).toEqual(["1", "2"]);
  });
});

describe("abbreviations", () => {
  it("spells out business abbreviations, so a formula in letters matches one in words", () => {
    const letters = "ARR equals MRR multiplied by 12.";
    const words = "Annual recurring revenue is monthly recurring revenue multiplied by twelve.";
    expect(tokenize(letters)).toEqual(tokenize(words));
    expect(lexicalSimilarity(letters, words)).toBe(1);
  });

  it("expands plurals and any case", () => {
    expect(tokenize("KPIs per SKU")).toEqual(tokenize("key performance indicators per stock keeping unit"));
    expect(tokenize("B2B CRM")).toEqual(tokenize("business to business customer relationship management"));
  });

  it("leaves abbreviations with a second meaning in a data glossary alone", () => {
    expect(tokenize("SQL")).toEqual(["sql"]);
  });

  it("keeps the lexicons small and well formed", () => {
    expect(ABBREVIATIONS.size).toBeLessThanOrEqual(60);
    expect(CANONICAL_WORDS.size).toBeLessThanOrEqual(60);
    for (const [abbreviation, expansion] of ABBREVIATIONS) {
      expect(abbreviation).toMatch(/^[a-z0-9]+$/);
      expect(expansion).toMatch(/^[a-z]+( [a-z]+)*$/);
      expect(CANONICAL_WORDS.has(abbreviation)).toBe(false);
    }
  });

  it("never finds words on Object.prototype", () => {
    expect(canonicalWords(["constructor", "tostring", "hasownproperty"])).toEqual(["constructor", "tostring", "hasownproperty"]);
  });
});

describe("bounds", () => {
  it("writes 'at least N' and 'N or more' as one lower bound", () => {
    expect(canonicalWords(["at", "least", "one", "order"])).toEqual(["minimum", "1", "order"]);
    expect(canonicalWords(["one", "or", "more", "orders"])).toEqual(["1", "minimum", "orders"]);
    expect(lexicalSimilarity("paid at least one order", "paid one or more orders")).toBeGreaterThan(0.8);
  });

  it("counts 'at least once' but leaves 'once' as a conjunction", () => {
    expect(canonicalWords(["at", "least", "once"])).toEqual(["minimum", "1", "time"]);
    expect(canonicalWords(["once", "it", "is", "confirmed"])).toEqual(["once", "it", "is", "confirmed"]);
  });

  it("writes 'at most N', 'no more than N' and 'N or fewer' as one upper bound", () => {
    expect(canonicalWords(["at", "most", "3"])).toEqual(["maximum", "3"]);
    expect(canonicalWords(["no", "more", "than", "3"])).toEqual(["maximum", "3"]);
    expect(canonicalWords(["3", "or", "fewer"])).toEqual(["3", "maximum"]);
  });

  it("leaves 'or more' alone when no number comes before it", () => {
    expect(canonicalWords(["customers", "or", "more"])).toEqual(["customers", "or", "more"]);
  });
});

describe("negations", () => {
  it("writes every negation as 'not'", () => {
    for (const text of ["no renewal", "never renewed", "without renewal", "doesn't renew", "non renewal"]) {
      expect(tokenize(text)[0]).toBe("not");
    }
  });

  it("splits a negative prefix from a listed word", () => {
    expect(tokenize("unpaid invoice")).toEqual(tokenize("not paid invoice"));
    expect(tokenize("inactive user")).toEqual(tokenize("not active user"));
    expect(tokenize("non-paying customer")).toEqual(tokenize("not paying customer"));
    expect(tokenize("unconfirmed order")).toEqual(tokenize("not confirmed order"));
  });

  it("leaves words that only start like a prefix", () => {
    expect(tokenize("under invoice income unit index")).not.toContain("not");
  });
});

describe("synonyms", () => {
  it("joins period adjectives to their nouns", () => {
    expect(tokenize("monthly daily weekly quarterly annual yearly")).toEqual(tokenize("month day week quarter year year"));
  });

  it("drops 'equals', which says no more than 'is'", () => {
    expect(tokenize("churn equals lost customers")).toEqual(tokenize("churn is lost customers"));
  });

  it("reads 'less' as 'minus' only when it subtracts", () => {
    expect(tokenize("revenue less refunds")).toEqual(tokenize("revenue minus refunds"));
    expect(tokenize("less than 5 orders")).toContain("less");
  });

  it("joins irregular verb forms to their base", () => {
    expect(tokenize("paid")).toEqual(tokenize("pays"));
    expect(tokenize("sold")).toEqual(tokenize("sell"));
  });
});

describe("isDigits", () => {
  it("accepts whole numbers in ASCII digits only", () => {
    expect(isDigits("90")).toBe(true);
    expect(isDigits("9a")).toBe(false);
    expect(isDigits("")).toBe(false);
    expect(isDigits(undefined)).toBe(false);
  });
});
