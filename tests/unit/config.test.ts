import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig, type Config } from "../../src/config.js";

type Env = Record<string, string | undefined>;

const APP_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const SLACK_HTTP: Env = { SLACK_BOT_TOKEN: "xoxb-1-bot", SLACK_SIGNING_SECRET: "signing-secret" };
const TEAMS: Env = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "teams-password" };

function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("loadConfig defaults", () => {
  it("runs locally from an empty environment", () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      pages: { enabled: true },
      console: { enabled: true },
      publicUrl: "http://localhost:3000",
      logLevel: "info",
      database: { dataDir: "./data" },
      governance: { admins: new Set(), defaultPolicy: "unanimous", proposalTtlHours: 72, allowSelfApproval: false },
      digest: { cron: "0 9 * * 1", timeZone: "UTC" },
    });
    expect(config.slack).toBeUndefined();
    expect(config.teams).toBeUndefined();
    expect(config.database.url).toBeUndefined();
    expect(config.governance.glossaryChannel).toBeUndefined();
  });

  it("treats empty and blank values as unset", () => {
    const blank = Object.fromEntries(
      ["PORT", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MICROSOFT_APP_ID", "DATABASE_URL", "DIGEST_TZ", "LOG_LEVEL"].map(
        (name, index) => [name, index % 2 === 0 ? "" : "   "],
      ),
    );
    expect(loadConfig(blank)).toEqual(loadConfig({}));
  });

  it("ignores variables that are not settings", () => {
    expect(loadConfig({ HOME: "/root", PATH: "/bin", NODE_ENV: "production" })).toEqual(loadConfig({}));
  });

  it("opens the console and listens on loopback only when no chat platform is configured", () => {
    expect(loadConfig({})).toMatchObject({ host: "127.0.0.1", console: { enabled: true } });
    expect(loadConfig(SLACK_HTTP)).toMatchObject({ host: "0.0.0.0", console: { enabled: false } });
    expect(loadConfig({ ...SLACK_HTTP, CONSOLE: "on", CONSOLE_TOKEN: "a-long-console-token-1234" }).console).toEqual({
      enabled: true,
      token: "a-long-console-token-1234",
    });
    expect(loadConfig({ CONSOLE: "off", HOST: "0.0.0.0" })).toMatchObject({ host: "0.0.0.0", console: { enabled: false } });
  });

  it("switches the pages off or puts them behind a token", () => {
    expect(loadConfig({ PAGES: "off" }).pages).toEqual({ enabled: false });
    expect(loadConfig({ PAGES_TOKEN: "0123456789abcdef" }).pages).toEqual({ enabled: true, token: "0123456789abcdef" });
  });

  it("follows PORT in the default public URL", () => {
    expect(loadConfig({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
  });

  it("returns a frozen config", () => {
    const config = loadConfig(SLACK_HTTP);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.slack)).toBe(true);
    expect(Object.isFrozen(config.governance)).toBe(true);
  });
});

describe("loadConfig: good values", () => {
  it.each<[string, Env, (config: Config) => unknown, unknown]>([
    ["PORT", { PORT: "1" }, (c) => c.port, 1],
    ["PORT", { PORT: "65535" }, (c) => c.port, 65535],
    ["PORT", { PORT: " 8080 " }, (c) => c.port, 8080],
    ["SLACK_BOT_TOKEN", SLACK_HTTP, (c) => c.slack?.botToken, "xoxb-1-bot"],
    ["SLACK_SIGNING_SECRET", SLACK_HTTP, (c) => [c.slack?.signingSecret, c.slack?.mode], ["signing-secret", "http"]],
    ["SLACK_APP_TOKEN", { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A" }, (c) => [c.slack?.appToken, c.slack?.mode], ["xapp-1-A", "socket"]],
    ["SLACK_APP_TOKEN", { ...SLACK_HTTP, SLACK_APP_TOKEN: "xapp-1-A" }, (c) => c.slack?.mode, "socket"],
    ["SLACK_API_URL", SLACK_HTTP, (c) => c.slack?.apiUrl, "https://slack.com/api/"],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "http://127.0.0.1:9999/api" }, (c) => c.slack?.apiUrl, "http://127.0.0.1:9999/api/"],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "http://mock:9999" }, (c) => c.slack?.apiUrl, "http://mock:9999/"],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "https://slack.com/api/" }, (c) => c.slack?.apiUrl, "https://slack.com/api/"],
    ["MICROSOFT_APP_ID", TEAMS, (c) => c.teams?.appId, APP_ID],
    ["MICROSOFT_APP_ID", { ...TEAMS, MICROSOFT_APP_ID: APP_ID.toUpperCase() }, (c) => c.teams?.appId, APP_ID.toUpperCase()],
    ["MICROSOFT_APP_PASSWORD", TEAMS, (c) => c.teams?.appPassword, "teams-password"],
    ["MICROSOFT_APP_TENANT_ID", { ...TEAMS, MICROSOFT_APP_TENANT_ID: TENANT_ID }, (c) => c.teams?.tenantId, TENANT_ID],
    ["MICROSOFT_APP_TYPE", TEAMS, (c) => c.teams?.appType, "MultiTenant"],
    ["MICROSOFT_APP_TYPE", { ...TEAMS, MICROSOFT_APP_TYPE: "multitenant" }, (c) => c.teams?.appType, "MultiTenant"],
    ["MICROSOFT_APP_TYPE", { ...TEAMS, MICROSOFT_APP_TYPE: "SINGLETENANT", MICROSOFT_APP_TENANT_ID: TENANT_ID }, (c) => c.teams?.appType, "SingleTenant"],
    [
      "MICROSOFT_APP_TYPE",
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: "userassignedmsi", MICROSOFT_APP_TENANT_ID: TENANT_ID },
      (c) => [c.teams?.appType, c.teams?.appPassword],
      ["UserAssignedMSI", undefined],
    ],
    ["DATABASE_URL", { DATABASE_URL: "postgres://u:p@db:5432/concord" }, (c) => c.database.url, "postgres://u:p@db:5432/concord"],
    ["DATABASE_URL", { DATABASE_URL: "postgresql://localhost/concord" }, (c) => c.database.url, "postgresql://localhost/concord"],
    ["DATA_DIR", { DATA_DIR: "/var/lib/concord" }, (c) => c.database.dataDir, "/var/lib/concord"],
    ["ADMIN_USERS", { ADMIN_USERS: "local:jane" }, (c) => [...c.governance.admins], ["local:jane"]],
    [
      "ADMIN_USERS",
      { ADMIN_USERS: ` slack:T0123ABCD:U0456EFGH ,local:jane,, teams:${TENANT_ID.toUpperCase()}:${APP_ID} ,local:jane` },
      (c) => [...c.governance.admins],
      ["slack:T0123ABCD:U0456EFGH", "local:jane", `teams:${TENANT_ID}:${APP_ID}`],
    ],
    ["GLOSSARY_CHANNEL", { GLOSSARY_CHANNEL: "C0123ABCD" }, (c) => c.governance.glossaryChannel, "C0123ABCD"],
    ["GLOSSARY_CHANNEL", { GLOSSARY_CHANNEL: "G0123ABCDEF" }, (c) => c.governance.glossaryChannel, "G0123ABCDEF"],
    ["DEFAULT_POLICY", { DEFAULT_POLICY: "majority" }, (c) => c.governance.defaultPolicy, "majority"],
    ["DEFAULT_POLICY", { DEFAULT_POLICY: "Owner" }, (c) => c.governance.defaultPolicy, "owner"],
    ["DEFAULT_POLICY", { DEFAULT_POLICY: "lazy" }, (c) => c.governance.defaultPolicy, "lazy"],
    ["PROPOSAL_TTL_HOURS", { PROPOSAL_TTL_HOURS: "1" }, (c) => c.governance.proposalTtlHours, 1],
    ["PROPOSAL_TTL_HOURS", { PROPOSAL_TTL_HOURS: "8760" }, (c) => c.governance.proposalTtlHours, 8760],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "true" }, (c) => c.governance.allowSelfApproval, true],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "YES" }, (c) => c.governance.allowSelfApproval, true],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "1" }, (c) => c.governance.allowSelfApproval, true],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "False" }, (c) => c.governance.allowSelfApproval, false],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "no" }, (c) => c.governance.allowSelfApproval, false],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "0" }, (c) => c.governance.allowSelfApproval, false],
    ["DIGEST_CRON", { DIGEST_CRON: "*/15 8-18 * * 1-5" }, (c) => c.digest.cron, "*/15 8-18 * * 1-5"],
    ["DIGEST_CRON", { DIGEST_CRON: "0 0 9 * * mon" }, (c) => c.digest.cron, "0 0 9 * * mon"],
    ["DIGEST_TZ", { DIGEST_TZ: "Europe/Paris" }, (c) => c.digest.timeZone, "Europe/Paris"],
    ["DIGEST_TZ", { DIGEST_TZ: "america/new_york" }, (c) => c.digest.timeZone, "America/New_York"],
    ["PUBLIC_URL", { PUBLIC_URL: "https://concord.example.com" }, (c) => c.publicUrl, "https://concord.example.com"],
    ["PUBLIC_URL", { PUBLIC_URL: "https://example.com/glossary/" }, (c) => c.publicUrl, "https://example.com/glossary"],
    ["LOG_LEVEL", { LOG_LEVEL: "debug" }, (c) => c.logLevel, "debug"],
    ["LOG_LEVEL", { LOG_LEVEL: "WARN" }, (c) => c.logLevel, "warn"],
    ["LOG_LEVEL", { LOG_LEVEL: "error" }, (c) => c.logLevel, "error"],
  ])("%s: %j", (_setting, env, pick, expected) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });
});

describe("loadConfig: bad values", () => {
  it.each<[string, Env, string]>([
    ["PORT", { PORT: "abc" }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    ["PORT", { PORT: "0" }, 'PORT must be a whole number from 1 to 65535 (got "0")'],
    ["PORT", { PORT: "65536" }, "PORT must be a whole number from 1 to 65535"],
    ["PORT", { PORT: "80.5" }, "PORT must be a whole number"],
    ["PORT", { PORT: "-1" }, "PORT must be a whole number"],
    ["PORT", { PORT: "1e3" }, "PORT must be a whole number"],
    ["SLACK_BOT_TOKEN", { ...SLACK_HTTP, SLACK_BOT_TOKEN: "xoxp-123" }, 'SLACK_BOT_TOKEN must be a Slack bot token starting with "xoxb-"'],
    ["SLACK_BOT_TOKEN", { ...SLACK_HTTP, SLACK_BOT_TOKEN: "xoxb-" }, 'SLACK_BOT_TOKEN must be a Slack bot token starting with "xoxb-"'],
    ["SLACK_BOT_TOKEN", { ...SLACK_HTTP, SLACK_BOT_TOKEN: "xapp-1-A" }, "which belongs in SLACK_APP_TOKEN"],
    ["SLACK_APP_TOKEN", { ...SLACK_HTTP, SLACK_APP_TOKEN: "xoxb-2" }, 'SLACK_APP_TOKEN must be a Slack app-level token starting with "xapp-" (it looks like a bot token'],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "slack.com/api" }, 'SLACK_API_URL must be an http:// or https:// URL'],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "ftp://slack.com/api/" }, 'SLACK_API_URL must be an http:// or https:// URL'],
    ["SLACK_API_URL", { ...SLACK_HTTP, SLACK_API_URL: "https://slack.com/api/?x=1" }, "SLACK_API_URL must be an http:// or https:// URL"],
    ["MICROSOFT_APP_ID", { ...TEAMS, MICROSOFT_APP_ID: "not-a-guid" }, 'MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "not-a-guid")'],
    ["MICROSOFT_APP_TENANT_ID", { ...TEAMS, MICROSOFT_APP_TENANT_ID: "contoso" }, 'MICROSOFT_APP_TENANT_ID must be a GUID'],
    ["MICROSOFT_APP_TYPE", { ...TEAMS, MICROSOFT_APP_TYPE: "Managed" }, 'MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI (got "Managed")'],
    ["DATABASE_URL", { DATABASE_URL: "mysql://root:pw@db/concord" }, "DATABASE_URL must be a postgres:// or postgresql:// URL"],
    ["DATABASE_URL", { DATABASE_URL: "jdbc:postgresql://db/concord" }, "drop the jdbc: prefix"],
    ["DATABASE_URL", { DATABASE_URL: "db.example.com" }, "(got something that is not a URL)"],
    ["ADMIN_USERS", { ADMIN_USERS: "local:jane, bob" }, 'ADMIN_USERS entry "bob" is not a user ref'],
    ["ADMIN_USERS", { ADMIN_USERS: "slack:U0456EFGH" }, 'ADMIN_USERS entry "slack:U0456EFGH" is not a user ref'],
    ["GLOSSARY_CHANNEL", { GLOSSARY_CHANNEL: "#glossary" }, 'GLOSSARY_CHANNEL must be a Slack channel id such as C0123ABCD, not a channel name (got "#glossary")'],
    ["GLOSSARY_CHANNEL", { GLOSSARY_CHANNEL: "governance" }, "GLOSSARY_CHANNEL must be a Slack channel id"],
    ["GLOSSARY_CHANNEL", { GLOSSARY_CHANNEL: "D0123ABCD" }, "GLOSSARY_CHANNEL must be a Slack channel id"],
    ["DEFAULT_POLICY", { DEFAULT_POLICY: "consensus" }, 'DEFAULT_POLICY must be unanimous, majority, owner or lazy (got "consensus")'],
    ["PROPOSAL_TTL_HOURS", { PROPOSAL_TTL_HOURS: "0" }, 'PROPOSAL_TTL_HOURS must be a whole number from 1 to 8760 (got "0")'],
    ["PROPOSAL_TTL_HOURS", { PROPOSAL_TTL_HOURS: "8761" }, "PROPOSAL_TTL_HOURS must be a whole number from 1 to 8760"],
    ["PROPOSAL_TTL_HOURS", { PROPOSAL_TTL_HOURS: "72h" }, "PROPOSAL_TTL_HOURS must be a whole number"],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "maybe" }, 'ALLOW_SELF_APPROVAL must be true or false, 1 or 0, yes or no (got "maybe")'],
    ["ALLOW_SELF_APPROVAL", { ALLOW_SELF_APPROVAL: "constructor" }, "ALLOW_SELF_APPROVAL must be true or false"],
    ["DIGEST_CRON", { DIGEST_CRON: "every monday" }, 'DIGEST_CRON must be a cron expression such as "0 9 * * 1" (got "every monday"'],
    ["DIGEST_CRON", { DIGEST_CRON: "61 9 * * 1" }, 'DIGEST_CRON must be a cron expression such as "0 9 * * 1" (got "61 9 * * 1"'],
    ["CONSOLE", { ...SLACK_HTTP, CONSOLE: "on" }, "CONSOLE=on beside a chat platform needs CONSOLE_TOKEN"],
    ["CONSOLE", { CONSOLE: "maybe" }, 'CONSOLE must be on or off (got "maybe")'],
    ["PAGES_TOKEN", { PAGES_TOKEN: "short" }, "PAGES_TOKEN must be at least 16 printable characters"],
    ["HOST", { HOST: "my host" }, 'HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0 (got "my host")'],
    ["DIGEST_CRON", { DIGEST_CRON: "*/5 0 9 * * 1" }, 'DIGEST_CRON must be a cron expression such as "0 9 * * 1" (got "*/5 0 9 * * 1": its seconds field must be 0'],
    ["DIGEST_TZ", { DIGEST_TZ: "Mars/Olympus_Mons" }, 'DIGEST_TZ must be an IANA time zone such as Europe/Paris or UTC (got "Mars/Olympus_Mons")'],
    ["PUBLIC_URL", { PUBLIC_URL: "concord.example.com" }, 'PUBLIC_URL must be an http:// or https:// URL'],
    ["PUBLIC_URL", { PUBLIC_URL: "https://concord.example.com/#top" }, "PUBLIC_URL must be an http:// or https:// URL"],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }, 'LOG_LEVEL must be debug, info, warn or error (got "verbose")'],
  ])("%s: %j", (setting, env, expected) => {
    const error = configError(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(setting)).toBe(true);
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/[\r\n]/);
  });
});

describe("ConfigError messages", () => {
  it("names PORT in one line", () => {
    const error = configError({ PORT: "abc" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigError");
    expect(error.setting).toBe("PORT");
    expect(error.message).toBe('PORT must be a whole number from 1 to 65535 (got "abc")');
    expect(error.problems).toEqual([{ setting: "PORT", message: error.message }]);
  });

  it("lists several bad settings in one line, each named first, in the contract's order", () => {
    const error = configError({ LOG_LEVEL: "loud", PORT: "abc", DEFAULT_POLICY: "vote", SLACK_SIGNING_SECRET: "s" });
    expect(error.problems.map((problem) => problem.setting)).toEqual([
      "PORT",
      "SLACK_SIGNING_SECRET",
      "DEFAULT_POLICY",
      "LOG_LEVEL",
    ]);
    for (const problem of error.problems) expect(problem.message.startsWith(problem.setting)).toBe(true);
    expect(error.message).toBe(error.problems.map((problem) => problem.message).join("; "));
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it("reports every bad ADMIN_USERS entry by name", () => {
    const error = configError({ ADMIN_USERS: "alice,local:jane,bob" });
    expect(error.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('ADMIN_USERS entry "alice"'),
      expect.stringContaining('ADMIN_USERS entry "bob"'),
    ]);
  });

  it("keeps odd values on one line and short", () => {
    const error = configError({ LOG_LEVEL: `info\nPORT=1\u2028${"x".repeat(500)}`, DIGEST_TZ: 'a"b' });
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(error.message).toContain("info\\u000aPORT=1\\u2028x");
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain('(got "a\\"b")');
  });
});

describe("loadConfig: rules between settings", () => {
  it.each<[string, Env, string]>([
    ["SLACK_BOT_TOKEN", { SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)"],
    ["SLACK_SIGNING_SECRET", { SLACK_SIGNING_SECRET: "s" }, "SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not"],
    ["SLACK_APP_TOKEN", { SLACK_APP_TOKEN: "xapp-1" }, "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not"],
    ["MICROSOFT_APP_ID", { MICROSOFT_APP_ID: APP_ID }, "MICROSOFT_APP_ID needs MICROSOFT_APP_PASSWORD"],
    ["MICROSOFT_APP_PASSWORD", { MICROSOFT_APP_PASSWORD: "p" }, "MICROSOFT_APP_PASSWORD is set but MICROSOFT_APP_ID is not"],
    ["MICROSOFT_APP_TENANT_ID", { MICROSOFT_APP_TENANT_ID: TENANT_ID }, "MICROSOFT_APP_TENANT_ID is set but MICROSOFT_APP_ID is not"],
    ["MICROSOFT_APP_TYPE", { MICROSOFT_APP_TYPE: "SingleTenant" }, "MICROSOFT_APP_TYPE is set but MICROSOFT_APP_ID is not"],
    ["MICROSOFT_APP_TYPE", { ...TEAMS, MICROSOFT_APP_TYPE: "SingleTenant" }, "MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID"],
    [
      "MICROSOFT_APP_TYPE",
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: "UserAssignedMSI" },
      "MICROSOFT_APP_TYPE=UserAssignedMSI needs MICROSOFT_APP_TENANT_ID",
    ],
    [
      "MICROSOFT_APP_PASSWORD",
      { ...TEAMS, MICROSOFT_APP_TYPE: "UserAssignedMSI", MICROSOFT_APP_TENANT_ID: TENANT_ID },
      "MICROSOFT_APP_PASSWORD must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI",
    ],
  ])("%s: %j", (setting, env, expected) => {
    const error = configError(env);
    expect(error.problems).toEqual([{ setting, message: expect.stringContaining(expected) }]);
    expect(error.message.startsWith(setting)).toBe(true);
  });

  it("reports a bad value and a missing partner together", () => {
    const error = configError({ PORT: "x", SLACK_BOT_TOKEN: "xoxp-1", MICROSOFT_APP_PASSWORD: "p" });
    expect(error.problems.map((problem) => problem.setting)).toEqual([
      "PORT",
      "SLACK_BOT_TOKEN",
      "SLACK_BOT_TOKEN",
      "MICROSOFT_APP_PASSWORD",
    ]);
  });

  it("configures Slack only with a bot token and Teams only with an app id", () => {
    const both = loadConfig({ ...SLACK_HTTP, ...TEAMS });
    expect(both.slack).toEqual({
      botToken: "xoxb-1-bot",
      signingSecret: "signing-secret",
      apiUrl: "https://slack.com/api/",
      mode: "http",
    });
    expect(both.teams).toEqual({ appId: APP_ID, appPassword: "teams-password", appType: "MultiTenant" });
    expect(loadConfig(TEAMS).slack).toBeUndefined();
    expect(loadConfig(SLACK_HTTP).teams).toBeUndefined();
  });

  it("does not require SLACK_API_URL to come with a bot token", () => {
    expect(loadConfig({ SLACK_API_URL: "http://localhost:9999/api/" }).slack).toBeUndefined();
  });
});

describe("secrets", () => {
  const secrets = {
    SLACK_BOT_TOKEN: "xoxq-bot-secret-1111",
    SLACK_SIGNING_SECRET: "signing-secret-2222",
    SLACK_APP_TOKEN: "xapq-app-secret-3333",
    MICROSOFT_APP_PASSWORD: "teams-password-4444",
    DATABASE_URL: "mysql://root:db-password-5555@db/concord",
  };

  it("never appear in messages", () => {
    const messages = [
      configError(secrets).message,
      configError({ SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET }).message,
      configError({ MICROSOFT_APP_PASSWORD: secrets.MICROSOFT_APP_PASSWORD }).message,
      configError({ DATABASE_URL: "db-password-5555" }).message,
      configError({ DATABASE_URL: "db-password-5555:rest" }).message,
      configError({ SLACK_BOT_TOKEN: "xoxb-bot secret-1111", SLACK_SIGNING_SECRET: "s" }).message,
    ];
    for (const message of messages) {
      for (const secret of ["secret-1111", "2222", "3333", "4444", "5555"]) expect(message).not.toContain(secret);
    }
    expect(messages[0]).toContain('SLACK_BOT_TOKEN must be a Slack bot token starting with "xoxb-"');
    expect(messages[0]).toContain('SLACK_APP_TOKEN must be a Slack app-level token starting with "xapp-"');
  });

  it("masks credentials in shown URLs", () => {
    const message = configError({ ...SLACK_HTTP, SLACK_API_URL: "ftp://user:hunter2@mock/api/" }).message;
    expect(message).not.toContain("hunter2");
    expect(message).toContain('"ftp://***@mock/api/"');
  });
});

describe("describeConfig", () => {
  it("says when no chat platform is configured", () => {
    expect(describeConfig(loadConfig({}))).toBe(
      "Concord on port 3000 (http://localhost:3000): storage PGlite in ./data; no chat platform is configured",
    );
  });

  it("names PostgreSQL's host and database, never its credentials", () => {
    const line = describeConfig(
      loadConfig({ ...SLACK_HTTP, ...TEAMS, DATABASE_URL: "postgres://concord:s3cr3t-pw@db.internal:5433/glossary?sslmode=require" }),
    );
    expect(line).toContain("storage PostgreSQL at db.internal:5433/glossary");
    expect(line).toContain("Slack (HTTP) and Teams (MultiTenant)");
    for (const secret of ["s3cr3t-pw", "concord:", "xoxb-1-bot", "signing-secret", "teams-password"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).not.toMatch(/[\r\n]/);
  });

  it("mentions Socket Mode and a non-default Slack API URL", () => {
    const line = describeConfig(
      loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", SLACK_API_URL: "http://127.0.0.1:9999/api" }),
    );
    expect(line).toContain("Slack (Socket Mode, API http://127.0.0.1:9999/api/)");
    expect(line).not.toContain("xapp-1");
  });
});
