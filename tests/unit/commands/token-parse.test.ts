import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/index.js";

const intent = (text: string) => {
  const result = parseCommand(text);
  return result.ok ? result.intent : { error: result.error.code, message: result.error.message };
};

describe("token new and token revoke", () => {
  it.each<[string, unknown]>([
    ["token new admin", { kind: "token-new", scope: "admin" }],
    ["token new sales", { kind: "token-new", scope: "sales" }],
    ["Token NEW Customer-Success", { kind: "token-new", scope: "customer-success" }],
    ["token revoke 3", { kind: "token-revoke", tokenId: 3 }],
    ["token revoke #12", { kind: "token-revoke", tokenId: 12 }],
    // Other words after "token" name a term.
    ["token", { kind: "lookup", term: "token" }],
    ["Token Count", { kind: "lookup", term: "Token Count" }],
  ])("%s", (text, expected) => {
    expect(intent(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["token new", "missing-argument", "A token for what? `token new admin` makes an admin's token for imports, `token new <domain>` a domain's for its dbt ingest."],
    ["token new sales ci", "unexpected-argument", "`token new` takes one word: `admin`, or a domain's slug such as `sales`."],
    ["token new s", "invalid-domain-slug", "“s” is not a domain slug. A slug starts with a lowercase letter, followed by 1 to 39 lowercase letters, digits or hyphens, such as `sales` or `customer-success`."],
    ["token revoke", "missing-argument", "Which token? Give its number, for example `token revoke 3`."],
    ["token revoke three", "invalid-input", "“three” is not a token number. Give its number, for example `token revoke 3`."],
    ["token revoke #99999999999", "invalid-input", "“#99999999999” is not a token number. Give its number, for example `token revoke 3`."],
    ["token revoke 0", "invalid-input", "“0” is not a token number. Give its number, for example `token revoke 3`."],
  ])("%s is refused politely", (text, code, message) => {
    expect(intent(text)).toEqual({ error: code, message });
  });

  it("gives the usage with a refusal", () => {
    const result = parseCommand("token new");
    expect(result.ok ? undefined : result.error.usage).toBe("token new admin\ntoken new <domain>\ntoken revoke <id>");
  });
});
