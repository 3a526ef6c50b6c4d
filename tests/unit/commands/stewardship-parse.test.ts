import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/index.js";

const intent = (text: string) => {
  const result = parseCommand(text);
  return result.ok ? result.intent : { error: result.error.code, message: result.error.message };
};

describe("the stewards' commands", () => {
  it.each<[string, unknown]>([
    ["withdraw #12", { kind: "withdraw", proposalId: 12 }],
    ["withdraw 7", { kind: "withdraw", proposalId: 7 }],
    ["alias Customer add client", { kind: "alias", term: "Customer", action: "add", alias: "client" }],
    ["alias Churn Rate REMOVE attrition rate", { kind: "alias", term: "Churn Rate", action: "remove", alias: "attrition rate" }],
    ['alias "Value Add" add VA', { kind: "alias", term: "Value Add", action: "add", alias: "VA" }],
    ["policy Churn Rate majority", { kind: "policy", term: "Churn Rate", policy: "majority" }],
    ["policy Customer LAZY", { kind: "policy", term: "Customer", policy: "lazy" }],
    ["deprecate Client", { kind: "deprecate", term: "Client" }],
    ["deprecate Legacy Customer ID in favour of Customer ID", { kind: "deprecate", term: "Legacy Customer ID", replacement: "Customer ID" }],
    ["deprecate Client in favor of Customer", { kind: "deprecate", term: "Client", replacement: "Customer" }],
    ["domain owners sales", { kind: "domain-owners-list", slug: "sales" }],
  ])("%s", (text, expected) => {
    expect(intent(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["withdraw", "missing-argument", "Which proposal? Give its number, for example `withdraw #12`."],
    ["withdraw twelve", "invalid-input", "“twelve” is not a proposal number. Give its number, for example `withdraw #12`."],
    ["withdraw #99999999999", "invalid-input", "“#99999999999” is not a proposal number. Give its number, for example `withdraw #12`."],
    ["alias Customer", "unknown-subcommand", "After the term, write `add` or `remove`, then the alias. For example `alias Customer add client`."],
    ["alias Customer add", "missing-argument", "Which alias should I add? For example `alias Customer add client`."],
    ["alias Customer add cli\u200bent", "format-characters", "An alias contains an invisible formatting character (U+200B ZERO WIDTH SPACE), which can make it display differently from what it says. Please retype it without it."],
    ["policy Customer", "missing-argument", "Which policy should Customer have? Choose `unanimous`, `majority`, `owner` or `lazy`, for example `policy Churn Rate majority`."],
    ["policy Customer consensus", "invalid-input", "“consensus” is not a policy. Choose `unanimous`, `majority`, `owner` or `lazy`, for example `policy Churn Rate majority`."],
    ["deprecate Client in favour of", "missing-argument", "In favour of which term? For example `deprecate Client in favour of Customer`."],
  ])("%s is refused politely", (text, code, message) => {
    expect(intent(text)).toEqual({ error: code, message });
  });
});
