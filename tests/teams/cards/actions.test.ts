import { describe, expect, it } from "vitest";
import { actionSchema as cardActionSchema } from "../../../src/commands/actions.js";
import { parseCardAction, reasonInputId } from "../../../src/teams/cards/index.js";

describe("parseCardAction: votes", () => {
  it("reads a vote, coercing a proposal id Teams sent as a string", () => {
    expect(parseCardAction({ concord: "vote", proposalId: 12, position: "approve" })).toEqual({
      concord: "vote",
      proposalId: 12,
      position: "approve",
    });
    expect(parseCardAction({ concord: "vote", proposalId: "12", position: "abstain" })).toEqual({
      concord: "vote",
      proposalId: 12,
      position: "abstain",
    });
  });

  it("carries the reason box's text merged in by Teams, and drops an empty one", () => {
    expect(parseCardAction({ concord: "vote", proposalId: 12, position: "object", reason: "Trial users count." })).toMatchObject({
      reason: "Trial users count.",
    });
    expect(parseCardAction({ concord: "vote", proposalId: 12, position: "approve", reason: "" })).toEqual({
      concord: "vote",
      proposalId: 12,
      position: "approve",
    });
  });

  it("reads the reason of a vote from a list card from its own box, ignoring the other proposals' boxes", () => {
    const value = { concord: "vote", proposalId: 101, position: "object", [reasonInputId(100)]: "not this", [reasonInputId(101)]: "this one" };
    expect(parseCardAction(value)).toEqual({ concord: "vote", proposalId: 101, position: "object", reason: "this one" });
  });

  it("refuses what is not a vote Concord sent", () => {
    expect(parseCardAction({ concord: "vote", proposalId: "abc", position: "approve" })).toBeUndefined();
    expect(parseCardAction({ concord: "vote", proposalId: -1, position: "approve" })).toBeUndefined();
    expect(parseCardAction({ concord: "vote", proposalId: 1.5, position: "approve" })).toBeUndefined();
    expect(parseCardAction({ concord: "vote", proposalId: 12, position: "veto" })).toBeUndefined();
    expect(parseCardAction({ concord: "vote", position: "approve" })).toBeUndefined();
  });
});

describe("parseCardAction: the propose form", () => {
  it("reads the form's inputs merged into the action's data", () => {
    expect(
      parseCardAction({
        concord: "propose",
        term: "Churn Rate",
        domain: "finance",
        text: "Customers who cancelled this month divided by customers at the start of it.",
        rationale: "",
        consumers: "sales,support",
        example: "  ",
        formula: "cancelled / starting",
      }),
    ).toEqual({
      concord: "propose",
      term: "Churn Rate",
      domain: "finance",
      text: "Customers who cancelled this month divided by customers at the start of it.",
      consumers: "sales,support",
      formula: "cancelled / starting",
    });
  });

  it("needs a term", () => {
    expect(parseCardAction({ concord: "propose", text: "x" })).toBeUndefined();
    expect(parseCardAction({ concord: "propose", term: " " })).toBeUndefined();
  });
});

describe("parseCardAction: share and propose-form", () => {
  it("reads both, dropping fields it does not know", () => {
    expect(parseCardAction({ concord: "share", slug: "customer", extra: 1 })).toEqual({ concord: "share", slug: "customer" });
    expect(parseCardAction({ concord: "propose-form", term: "Churn Rate" })).toEqual({ concord: "propose-form", term: "Churn Rate" });
  });

  it("refuses anything else", () => {
    for (const value of [undefined, null, "vote", 12, [], {}, { concord: "delete-everything" }, { concord: "share" }]) {
      expect(parseCardAction(value)).toBeUndefined();
    }
    expect(cardActionSchema.safeParse({ concord: "share", slug: "" }).success).toBe(false);
  });
});
