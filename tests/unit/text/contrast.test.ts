import { describe, expect, it } from "vitest";
import {
  CONTRAST_PENALTY,
  CONTRAST_SETS,
  contrastFactor,
  membersDiffer,
  negationDiffers,
  numbersDiffer,
  wordSwapped,
} from "../../../src/core/text/contrast.js";
import { lexicalSimilarity, SAME_MEANING_THRESHOLD, tokenize } from "../../../src/core/text/similarity.js";

function factor(a: string, b: string): number {
  return contrastFactor(tokenize(a), tokenize(b));
}

describe("numbers", () => {
  it("penalises a number changed on both sides", () => {
    expect(numbersDiffer(tokenize("active in the last 30 days"), tokenize("active in the last 90 days"))).toBe(true);
    expect(factor("active in the last 30 days", "active in the last 90 days")).toBe(CONTRAST_PENALTY.number);
  });

  it("does not penalise a number added on one side only, or written as a word", () => {
    expect(numbersDiffer(tokenize("logged in during the last 30 days"), tokenize("logged in 1 time during the last 30 days"))).toBe(false);
    expect(numbersDiffer(tokenize("within twelve months"), tokenize("within 12 months"))).toBe(false);
  });
});

describe("negation", () => {
  it("penalises a word negated on one side and stated on the other", () => {
    expect(negationDiffers(tokenize("was not renewed"), tokenize("was renewed"))).toBe(true);
    expect(factor("a subscription that was not renewed", "a subscription that was renewed")).toBe(CONTRAST_PENALTY.negation);
    expect(factor("an unpaid invoice", "a paid invoice")).toBe(CONTRAST_PENALTY.negation);
  });

  it("does not penalise the same negation written two ways", () => {
    expect(factor("ended and was not renewed", "ended without being renewed")).toBe(1);
    expect(factor("30 minutes of inactivity", "30 minutes without activity")).toBe(1);
  });

  it("does not penalise a negated word the other side does not mention", () => {
    expect(negationDiffers(tokenize("not qualified"), tokenize("a lead with budget"))).toBe(false);
  });
});

describe("contrast sets", () => {
  it.each([
    ["gross margin", "net margin"],
    ["revenue including taxes", "revenue excluding taxes"],
    ["daily active users", "monthly active users"],
    ["tickets opened this week", "tickets resolved this week"],
    ["price before tax", "price after tax"],
    ["the first order", "the last order"],
    ["a new customer", "a returning customer"],
    ["at least 3 orders", "at most 3 orders"],
    ["revenue recognised when the order is shipped", "revenue recognised when the order is paid"],
  ])("penalises %s against %s", (a, b) => {
    expect(membersDiffer(tokenize(a), tokenize(b))).toBe(true);
    expect(factor(a, b)).toBeLessThanOrEqual(CONTRAST_PENALTY.set);
  });

  it("does not penalise members that appear on both sides", () => {
    expect(membersDiffer(tokenize("ARR is MRR times twelve: a year of months"), tokenize("annual recurring revenue, MRR for a year"))).toBe(false);
    expect(membersDiffer(tokenize("gross and net revenue"), tokenize("net and gross revenue"))).toBe(false);
  });

  it("gives every set at least two members and no word two members of one set", () => {
    for (const set of CONTRAST_SETS) {
      expect(set.length).toBeGreaterThanOrEqual(2);
      const words = set.flat();
      expect(new Set(words).size).toBe(words.length);
    }
  });
});

describe("swapped word", () => {
  it("penalises one word swapped for another between the same neighbours", () => {
    expect(wordSwapped(tokenize("customer who paid at least one order"), tokenize("customer who opened at least one order"))).toBe(true);
    expect(wordSwapped(tokenize("the renewal rate of subscriptions"), tokenize("the cancellation rate of subscriptions"))).toBe(true);
  });

  it("does not penalise reordering, insertion or a changed number", () => {
    expect(wordSwapped(tokenize("paid order in the last month"), tokenize("in the last month, paid order"))).toBe(false);
    expect(wordSwapped(tokenize("paid order"), tokenize("paid confirmed order"))).toBe(false);
    expect(wordSwapped(tokenize("within 30 days"), tokenize("within 90 days"))).toBe(false);
  });
});

describe("contrastFactor", () => {
  it("is 1 for the same tokens and multiplies the kinds found", () => {
    expect(factor("gross revenue in 30 days", "gross revenue in 30 days")).toBe(1);
    expect(factor("gross revenue not refunded in 30 days", "net revenue refunded in 90 days")).toBeCloseTo(
      CONTRAST_PENALTY.number * CONTRAST_PENALTY.negation * CONTRAST_PENALTY.set * CONTRAST_PENALTY.swap,
      12,
    );
  });

  it("is symmetric", () => {
    const texts = ["gross revenue in 30 days", "net revenue not refunded in 90 days", "daily users who paid", "monthly users who opened"];
    for (const a of texts) for (const b of texts) expect(factor(a, b)).toBe(factor(b, a));
  });
});

describe("one-word flips", () => {
  const base = "Revenue is the total amount invoiced to customers for orders in the last 30 days, excluding taxes.";
  it.each([
    ["a number", base.replace("30", "90")],
    ["a negation", base.replace("invoiced", "not invoiced")],
    ["a contrast-set member", base.replace("excluding", "including")],
    ["a period", base.replace("last 30 days", "last month").replace("Revenue", "Monthly revenue")],
  ])("falls below the threshold when %s changes", (_kind, flipped) => {
    expect(lexicalSimilarity(base, flipped)).toBeLessThan(SAME_MEANING_THRESHOLD);
  });

  it("leaves a rewording above the threshold", () => {
    const reworded = "Excluding taxes, the total amount invoiced to customers for orders during the last thirty days.";
    expect(lexicalSimilarity(base, reworded)).toBeGreaterThanOrEqual(SAME_MEANING_THRESHOLD);
  });
});
