import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("DBT_GLOSSARY_META_KEY", () => {
  it("is absent unless set, and a meta key or a dotted path of keys when set", () => {
    expect(loadConfig({}).dbt).toBeUndefined();
    expect(loadConfig({ DBT_GLOSSARY_META_KEY: "datahub.glossary_terms" }).dbt).toEqual({ metaKey: "datahub.glossary_terms" });
    expect(loadConfig({ DBT_GLOSSARY_META_KEY: "business_term" }).dbt).toEqual({ metaKey: "business_term" });
  });

  it("stops the start with one line naming the setting when it is not a key", () => {
    let refused: unknown;
    try {
      loadConfig({ DBT_GLOSSARY_META_KEY: "glossary terms!" });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).setting).toBe("DBT_GLOSSARY_META_KEY");
    expect((refused as ConfigError).message).toBe(
      'DBT_GLOSSARY_META_KEY must be a meta key or a dotted path of keys, such as datahub.glossary_terms (got "glossary terms!")',
    );
  });
});
