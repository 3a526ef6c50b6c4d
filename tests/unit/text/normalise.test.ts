import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanDisplayText, foldText, singularise, splitWords, termSlug } from "../../../src/core/text/normalise.js";

describe("cleanDisplayText", () => {
  it("trims and collapses whitespace runs to one space", () => {
    expect(cleanDisplayText("  Churn \t\n  Rate  ")).toBe("Churn Rate");
  });

  it("applies NFKC, so compatibility characters and no-break spaces become plain ones", () => {
    expect(cleanDisplayText("Ｃｕｓｔｏｍｅｒ\u00a0Ａｃｃｏｕｎｔ")).toBe("Customer Account");
    expect(cleanDisplayText("ﬁscal year")).toBe("fiscal year");
  });

  it("keeps case, punctuation and non-Latin text", () => {
    expect(cleanDisplayText("Customer's ARR (EUR)")).toBe("Customer's ARR (EUR)");
    expect(cleanDisplayText(" 顧客  管理 ")).toBe("顧客 管理");
  });

  it("gives an empty string for whitespace only", () => {
    expect(cleanDisplayText(" \n\t ")).toBe("");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => cleanDisplayText(cleanDisplayText(s)) === cleanDisplayText(s)));
  });
});

describe("foldText", () => {
  it("lowercases and drops Latin diacritics", () => {
    expect(foldText("Café Crème")).toBe("cafe creme");
    expect(foldText("Việt Nam")).toBe("viet nam");
  });

  it("lowercases without the Turkish locale's dotted i", () => {
    expect(foldText("İSTANBUL")).toBe("istanbul");
  });

  it("spells out Latin letters that have no decomposition", () => {
    expect(foldText("Straße Æther Øre")).toBe("strasse aether ore");
  });

  it("keeps marks that belong to a script's spelling", () => {
    expect(foldText("ग्राहक")).toBe("ग्राहक");
    expect(foldText("ガイド")).toBe("ガイド");
  });
});

describe("splitWords", () => {
  it("splits on every run of non-word characters", () => {
    expect(splitWords("churn -- rate / 90d")).toEqual(["churn", "rate", "90d"]);
  });

  it("drops the possessive 's and joins words split by an apostrophe", () => {
    expect(splitWords("customer's order")).toEqual(["customer", "order"]);
    expect(splitWords("customer’s order")).toEqual(["customer", "order"]);
    expect(splitWords("don't")).toEqual(["dont"]);
    expect(splitWords("customers' orders")).toEqual(["customers", "orders"]);
  });

  it("gives no words for punctuation only", () => {
    expect(splitWords("!?—…")).toEqual([]);
  });
});

describe("singularise", () => {
  it.each([
    ["customers", "customer"],
    ["companies", "company"],
    ["categories", "category"],
    ["addresses", "address"],
    ["businesses", "business"],
    ["processes", "process"],
    ["boxes", "box"],
    ["taxes", "tax"],
    ["churches", "church"],
    ["batches", "batch"],
    ["dashes", "dash"],
    ["revenues", "revenue"],
    ["purchases", "purchase"],
    ["invoices", "invoice"],
    ["keys", "key"],
    ["analyses", "analysis"],
    ["people", "person"],
    ["children", "child"],
    ["criteria", "criterion"],
    ["indices", "index"],
    ["aliases", "alias"],
    ["statuses", "status"],
    ["caches", "cache"],
    ["kpis", "kpi"],
    ["skus", "sku"],
    ["ties", "tie"],
  ])("%s → %s", (plural, singular) => {
    expect(singularise(plural)).toBe(singular);
  });

  it.each(["status", "basis", "analysis", "gross", "address", "ads", "gas", "bus", "alias", "series", "sales", "analytics", "saas", "devops", "customer", "data"])(
    "leaves %s alone",
    (word) => {
      expect(singularise(word)).toBe(word);
    },
  );

  it("leaves words with digits or non-Latin letters alone", () => {
    expect(singularise("1990s")).toBe("1990s");
    // Words that name Object's own properties are words like any other.
    expect(termSlug("Constructor")).toBe("constructor");
    expect(termSlug("toString hasOwnProperty")).toBe("tostring-hasownproperty");
    expect(singularise("клиенты")).toBe("клиенты");
    expect(singularise("顧客")).toBe("顧客");
  });
});

describe("termSlug", () => {
  it.each(["Customer", "customers", "CUSTOMER", "Customer!", "  customer  ", "Customer's", "Customer’s", "CUSTOMERS'"])(
    "%j gives customer",
    (name) => {
      expect(termSlug(name)).toBe("customer");
    },
  );

  it.each([
    ["Churn Rate", "churn-rate"],
    ["Churn-Rates", "churn-rate"],
    ["churn_rate", "churn-rate"],
    ["Churn   /  Rate", "churn-rate"],
    ["ARR", "arr"],
    ["Café", "cafe"],
    ["Cafés", "cafe"],
    ["Companies", "company"],
    ["Customer Addresses", "customer-address"],
    ["Shipping Boxes", "shipping-box"],
    ["Gross Revenues", "gross-revenue"],
    ["Order Status", "order-status"],
    ["Cost Basis", "cost-basis"],
    ["Cohort Analysis", "cohort-analysis"],
    ["Cost of Goods Sold", "cost-of-goods-sold"],
    ["Net Sales", "net-sales"],
    ["KPIs", "kpi"],
    ["Ｃｕｓｔｏｍｅｒ", "customer"],
    ["Top 10 Customers", "top-10-customer"],
    ["Q4 Revenue", "q4-revenue"],
    ["Straße", "strasse"],
    ["İade Oranı", "iade-orani"],
  ])("%j gives %j", (name, slug) => {
    expect(termSlug(name)).toBe(slug);
  });

  it("keeps non-Latin letters as letters", () => {
    expect(termSlug("Kunde")).toBe("kunde");
    expect(termSlug("顧客")).toBe("顧客");
    expect(termSlug("клиенты")).toBe("клиенты");
    expect(termSlug("Клиенты Компании")).toBe("клиенты-компании");
    expect(termSlug("ग्राहक")).toBe("ग्राहक");
    expect(termSlug("顧客 (Japan)")).toBe("顧客-japan");
  });

  it("gives an empty slug when the name has no letters or digits", () => {
    expect(termSlug("")).toBe("");
    expect(termSlug("   ")).toBe("");
    expect(termSlug("!!! — ???")).toBe("");
  });

  it("is idempotent, so a slug looks itself up", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => termSlug(termSlug(s)) === termSlug(s)));
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z' -]{0,30}$/), (s) => termSlug(termSlug(s)) === termSlug(s)));
  });

  it("only ever contains lowercase words joined by single hyphens", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const slug = termSlug(s);
        return slug === "" || /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*$/u.test(slug);
      }),
    );
  });

  it("does not depend on case, surrounding whitespace or punctuation", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}( [a-z]{1,12}){0,3}$/), (name) => {
        const slug = termSlug(name);
        return termSlug(name.toUpperCase()) === slug && termSlug(`  ${name}! `) === slug && termSlug(name.replaceAll(" ", "_")) === slug;
      }),
    );
  });
});
