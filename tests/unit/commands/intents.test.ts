import { describe, expect, it } from "vitest";
import {
  COMMAND_NAMES,
  DEFINITION_TEXT_MAX_LENGTH,
  DOMAIN_NAME_MAX_LENGTH,
  SEARCH_QUERY_MAX_LENGTH,
  TERM_NAME_MAX_LENGTH,
  commandNameSchema,
  definitionTextSchema,
  domainSlugSchema,
  intentSchema,
  parseUserRef,
  problemFromZodError,
  termNameSchema,
  userRefSchema,
  type ParsedUserRef,
} from "../../../src/commands/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OBJECT_ID = "0b7a3c1e-5d2f-4e6a-8b9c-1d2e3f4a5b6c";

describe("limits", () => {
  it("match the product's numbers", () => {
    expect([TERM_NAME_MAX_LENGTH, DEFINITION_TEXT_MAX_LENGTH, SEARCH_QUERY_MAX_LENGTH, DOMAIN_NAME_MAX_LENGTH]).toEqual([
      120, 4000, 200, 80,
    ]);
  });

  it("name every first word of the command table", () => {
    expect([...COMMAND_NAMES].sort()).toEqual(
      ["alias", "define", "deprecate", "digest", "domain", "governance", "help", "history", "links", "move", "pending", "policy", "propose", "relate", "search", "subscribe", "token", "unrelate", "variant", "withdraw"],
    );
    expect(commandNameSchema.safeParse("propose").success).toBe(true);
    expect(commandNameSchema.safeParse("vote").success).toBe(false);
  });
});

describe("parseUserRef", () => {
  it.each<[string, ParsedUserRef]>([
    ["slack:T0123ABCD:U0456EFGH", { platform: "slack", tenant: "T0123ABCD", user: "U0456EFGH" }],
    ["slack:E0123ABCD:W0456EFGH", { platform: "slack", tenant: "E0123ABCD", user: "W0456EFGH" }],
    [`teams:${TENANT}:${OBJECT_ID}`, { platform: "teams", tenant: TENANT, user: OBJECT_ID }],
    [`teams:${TENANT.toUpperCase()}:${OBJECT_ID}`, { platform: "teams", tenant: TENANT, user: OBJECT_ID }],
    ["local:jane", { platform: "local", user: "jane" }],
    ["local:ana.lopez_2-b", { platform: "local", user: "ana.lopez_2-b" }],
    ["local:José", { platform: "local", user: "José" }],
    [`local:${"a".repeat(40)}`, { platform: "local", user: "a".repeat(40) }],
  ])("%s", (ref, parsed) => {
    expect(parseUserRef(ref)).toStrictEqual(parsed);
  });

  it.each([
    "",
    "jane",
    "slack:U0456EFGH",
    "slack:t0123abcd:u0456efgh",
    "slack:T0123ABCD:B0456EFGH",
    "slack:T0123ABCD:U0456EFGH:extra",
    `teams:${TENANT}`,
    "teams:contoso:jane",
    `teams:${TENANT}:${OBJECT_ID.slice(0, -1)}`,
    "local:",
    `local:${"a".repeat(41)}`,
    "local:jane doe",
    "local:jane@example.com",
    "email:jane@example.com",
    " local:jane",
  ])("refuses %j", (ref) => {
    expect(parseUserRef(ref)).toBeUndefined();
  });
});

describe("userRefSchema", () => {
  it("accepts refs and writes Teams GUIDs in lower case", () => {
    expect(userRefSchema.parse(`teams:${TENANT.toUpperCase()}:${OBJECT_ID.toUpperCase()}`)).toBe(`teams:${TENANT}:${OBJECT_ID}`);
    expect(userRefSchema.parse("slack:T0123ABCD:U0456EFGH")).toBe("slack:T0123ABCD:U0456EFGH");
  });

  it("refuses malformed refs with an example in the message", () => {
    const result = userRefSchema.safeParse("jane");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("local:jane");
  });
});

describe("field schemas", () => {
  it("normalise as the chat parser does", () => {
    expect(termNameSchema.parse("  Churn \u00a0  Rate ")).toBe("Churn Rate");
    expect(definitionTextSchema.parse("One\r\n\r\n\r\nTwo  words")).toBe("One\n\nTwo words");
  });

  it("carry the error code and a message naming the limit", () => {
    const result = definitionTextSchema.safeParse("x".repeat(5210));
    expect(result.error && problemFromZodError(result.error)).toStrictEqual({
      code: "too-long",
      message: "A definition is at most 4,000 characters; this one has 5,210.",
    });
  });

  it("refuse line breaks in a term but allow them in definitions", () => {
    const result = termNameSchema.safeParse("Churn\nRate");
    expect(result.error && problemFromZodError(result.error).code).toBe("control-characters");
    expect(definitionTextSchema.safeParse("a\n\tb").success).toBe(true);
  });

  it("keep domain slugs exact", () => {
    expect(domainSlugSchema.safeParse("sales").success).toBe(true);
    const result = domainSlugSchema.safeParse("Sales");
    expect(result.error && problemFromZodError(result.error).code).toBe("invalid-domain-slug");
  });
});

describe("intentSchema", () => {
  it("validates intents coming from elsewhere (web console, tests)", () => {
    expect(intentSchema.parse({ kind: "propose", term: " Churn  Rate ", domain: "finance" })).toStrictEqual({
      kind: "propose",
      term: "Churn Rate",
      domain: "finance",
    });
    expect(intentSchema.safeParse({ kind: "variant", term: "Customer" }).success).toBe(false);
    expect(intentSchema.safeParse({ kind: "vote" }).success).toBe(false);
  });

  it("reports plain zod failures as invalid-input", () => {
    const result = termNameSchema.safeParse(42);
    expect(result.error && problemFromZodError(result.error).code).toBe("invalid-input");
  });
});
