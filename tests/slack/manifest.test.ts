import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";

/** Slack's published manifest schema (slackapi/manifest-schema v0.5.0), copied unchanged into the test fixtures. */
const schemaFolder = new URL("../fixtures/schemas/slack-manifest/", import.meta.url);
const manifestFile = new URL("../../manifest/slack-manifest.json", import.meta.url);

/** The versioned schemas the entry schema `$ref`s, under the ids it uses (see the schema folder's README). */
const VERSIONED_SCHEMAS = {
  "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json":
    "schemas_manifest.schema.1.0.0.json",
  "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json":
    "schemas_manifest.schema.2.0.0.json",
} as const;

/**
 * The bot scopes Concord asks for, and no more. Adding one is a conscious change: update this list with it.
 * - `commands`: the `/glossary` slash command.
 * - `chat:write`: proposal messages and their in-place updates, thread replies, domain notices, ephemeral
 *   confirmations, and reminders/confirmations posted to a user id (the app's Messages tab), which needs no
 *   `im:write` because Concord never calls `conversations.open`.
 * - `users:read`: `users.info`, asked once for a user Concord has no name for, so pages, the API and the digest
 *   show people by the name Slack shows.
 * Modals, the App Home tab, `response_url` replies and the `app_home_opened` event need no scope.
 */
const BOT_SCOPES = ["commands", "chat:write", "users:read"];

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled?: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; url?: string }[];
  };
  oauth_config: { scopes: { bot?: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
  };
}

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, "utf8")) as unknown;
}

function compileManifestSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; its module object's `default` is the plugin itself.
  formats.default(ajv);
  for (const [id, file] of Object.entries(VERSIONED_SCHEMAS)) {
    ajv.addSchema(readJson(new URL(file, schemaFolder)) as object, id);
  }
  return ajv.compile(readJson(new URL("manifest.schema.json", schemaFolder)) as object);
}

/** A deep copy to break, so no test changes the manifest another test reads. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

describe("the Slack app manifest", () => {
  let validate: ValidateFunction;
  let manifest: Manifest;

  beforeAll(() => {
    validate = compileManifestSchema();
    manifest = readJson(manifestFile) as Manifest;
  });

  it("is valid against Slack's manifest schema", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("targets manifest version 2", () => {
    expect(manifest._metadata?.major_version).toBe(2);
  });

  it("has the one slash command, /glossary, pointed at /slack/events", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(["/glossary"]);
    expect(manifest.features.slash_commands[0]?.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });

  it("sends every request (commands, interactivity, events) to /slack/events", () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("subscribes to app_home_opened and enables the Home tab", () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("asks for exactly the bot scopes Concord uses, and no user scopes", () => {
    expect([...(manifest.oauth_config.scopes.bot ?? [])].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("rejects a slash command without its leading slash", () => {
    const broken = copy(manifest);
    broken.features.slash_commands[0]!.command = "glossary";
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ instancePath: "/features/slash_commands/0/command", keyword: "pattern" }),
    );
  });

  it("rejects an unknown top-level key", () => {
    const broken = { ...copy(manifest), slash_command: "/glossary" };
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ keyword: "additionalProperties", params: { additionalProperty: "slash_command" } }),
    );
  });
});
