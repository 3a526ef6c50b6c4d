import { validateDetailed } from "node-cron";
import { z } from "zod";
import { userRefSchema } from "./commands/intents.js";
import { POLICIES, type Policy } from "./core/types.js";

import type { LogLevel } from "./logger.js";

export type { LogLevel };
export type MicrosoftAppType = "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
/** Socket Mode when an app token is set (Slack connects out to us), else HTTP on `POST /slack/events`. */
export type SlackMode = "http" | "socket";

export interface DatabaseConfig {
  /** A PostgreSQL server; when absent Concord runs PGlite in `dataDir`. */
  readonly url?: string;
  readonly dataDir: string;
}

export interface SlackConfig {
  readonly botToken: string;
  readonly signingSecret?: string;
  readonly appToken?: string;
  /** Web API base URL, always ending in `/`. */
  readonly apiUrl: string;
  readonly mode: SlackMode;
}

export interface TeamsConfig {
  readonly appId: string;
  readonly appPassword?: string;
  readonly tenantId?: string;
  readonly appType: MicrosoftAppType;
}

export interface GovernanceConfig {
  /** Canonical user refs. */
  readonly admins: ReadonlySet<string>;
  readonly glossaryChannel?: string;
  readonly defaultPolicy: Policy;
  readonly proposalTtlHours: number;
  readonly allowSelfApproval: boolean;
}

export interface DigestConfig {
  readonly cron: string;
  readonly timeZone: string;
}

/** The read-only glossary pages and their JSON twins under /api/. */
export interface PagesConfig {
  readonly enabled: boolean;
  /** When set, every page and API request must carry it. */
  readonly token?: string;
}

/** The local console: try every command as any member, from this machine only. */
export interface ConsoleConfig {
  readonly enabled: boolean;
  /** Required when the console runs beside a chat platform. */
  readonly token?: string;
}

export interface Config {
  readonly port: number;
  /** The address the server listens on: loopback unless a chat platform must reach it. */
  readonly host: string;
  readonly pages: PagesConfig;
  readonly console: ConsoleConfig;
  /** Base URL of the web pages that chat messages link to, without a trailing slash. */
  readonly publicUrl: string;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  /** Present only when `SLACK_BOT_TOKEN` is set. */
  readonly slack?: SlackConfig;
  /** Present only when `MICROSOFT_APP_ID` is set. */
  readonly teams?: TeamsConfig;
  readonly governance: GovernanceConfig;
  readonly digest: DigestConfig;
  /** Present only when a dbt setting is given. */
  readonly dbt?: DbtConfig;
}

/** How dbt projects are read on ingest. */
export interface DbtConfig {
  /** A further meta key naming terms (DataHub-style meta mappings), a dotted path such as `datahub.glossary_terms`. */
  readonly metaKey?: string;
}

/** One bad setting, or one bad combination; `message` starts with the setting's name. */
export interface ConfigProblem {
  readonly setting: string;
  readonly message: string;
}

/** Settings that stop the start; the message is one line listing every problem found. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** The first bad setting. */
  readonly setting: string;

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((problem) => problem.message).join("; "));
    this.setting = problems[0]?.setting ?? "";
  }
}

const SETTINGS = [
  "PORT",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_API_URL",
  "MICROSOFT_APP_ID",
  "MICROSOFT_APP_PASSWORD",
  "MICROSOFT_APP_TENANT_ID",
  "MICROSOFT_APP_TYPE",
  "DATABASE_URL",
  "DATA_DIR",
  "ADMIN_USERS",
  "GLOSSARY_CHANNEL",
  "DEFAULT_POLICY",
  "PROPOSAL_TTL_HOURS",
  "ALLOW_SELF_APPROVAL",
  "DIGEST_CRON",
  "DIGEST_TZ",
  "PUBLIC_URL",
  "LOG_LEVEL",
  "HOST",
  "PAGES",
  "PAGES_TOKEN",
  "CONSOLE",
  "CONSOLE_TOKEN",
  "DBT_GLOSSARY_META_KEY",
] as const;
type Setting = (typeof SETTINGS)[number];

const DEFAULTS = {
  port: 3000,
  slackApiUrl: "https://slack.com/api/",
  appType: "MultiTenant",
  dataDir: "./data",
  policy: "unanimous",
  proposalTtlHours: 72,
  allowSelfApproval: false,
  digestCron: "0 9 * * 1",
  digestTimeZone: "UTC",
  logLevel: "info",
} as const satisfies Record<string, unknown>;
const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
const APP_TYPES: readonly MicrosoftAppType[] = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{8,20}$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...["true", "1", "yes"].map((word) => [word, true] as const),
  ...["false", "0", "no"].map((word) => [word, false] as const),
]);
const ON_OFF: ReadonlyMap<string, boolean> = new Map([
  ["on", true],
  ["off", false],
]);
const QUOTED_MAX_LENGTH = 60;
const KNOWN_SCHEMES: ReadonlySet<string> = new Set(
  ["http:", "https:", "file:", "mysql:", "mariadb:", "sqlite:", "mongodb:", "mongodb+srv:", "redis:", "pglite:"],
);

/** A setting's value as text a log line can hold: quoted, escaped, shortened, URL credentials masked. */
function quote(value: string): string {
  const masked = value.replace(/(\/\/)[^/@\s]*@/, "$1***@");
  const chars = [...masked];
  const shown = chars.length > QUOTED_MAX_LENGTH ? [...chars.slice(0, QUOTED_MAX_LENGTH), "…"] : chars;
  const escaped = shown.map((char) => {
    if (char === '"' || char === "\\") return `\\${char}`;
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char)) return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
    return char;
  });
  return `"${escaped.join("")}"`;
}

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** Every setting reads a trimmed string, or undefined when unset or blank, and stays undefined when unset. */
const text = z.string().optional();

function wholeNumber(name: Setting, min: number, max: number) {
  return text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (value >= min && value <= max) return value;
    return fail(ctx, `${name} must be a whole number from ${min} to ${max} (got ${quote(raw)})`);
  });
}

function oneOf<T extends string>(name: Setting, values: readonly T[]) {
  const byLowerCase = new Map(values.map((value) => [value.toLowerCase(), value]));
  const choices = `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
  return text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    return byLowerCase.get(raw.toLowerCase()) ?? fail(ctx, `${name} must be ${choices} (got ${quote(raw)})`);
  });
}

function parseHttpUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const plain = url.username === "" && url.password === "" && url.search === "" && url.hash === "";
  return (url.protocol === "http:" || url.protocol === "https:") && plain ? url : undefined;
}

/** A base URL; `trailingSlash` says whether it must end in `/` (joined with names) or must not (joined with `/paths`). */
function httpUrl(name: Setting, example: string, trailingSlash: boolean) {
  return text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const url = parseHttpUrl(raw);
    if (!url) {
      return fail(
        ctx,
        `${name} must be an http:// or https:// URL without credentials, query or fragment, ` +
          `such as ${example} (got ${quote(raw)})`,
      );
    }
    const href = url.href.replace(/\/+$/, "");
    return trailingSlash ? `${href}/` : href;
  });
}

function slackToken(name: Setting, prefix: string, kind: string) {
  const misplaced: ReadonlyMap<string, string> = new Map([
    ["xoxb-", "it looks like a bot token, which belongs in SLACK_BOT_TOKEN"],
    ["xapp-", "it looks like an app-level token, which belongs in SLACK_APP_TOKEN"],
    ["xoxp-", "it looks like a user token, which Concord does not use"],
  ]);
  return text.transform((raw, ctx) => {
    if (raw === undefined || (raw.startsWith(prefix) && !/\s/.test(raw) && raw.length > prefix.length)) return raw;
    const hint = raw.startsWith(prefix) ? undefined : misplaced.get(raw.slice(0, 5));
    return fail(ctx, `${name} must be a Slack ${kind} token starting with "${prefix}"${hint ? ` (${hint})` : ""}`);
  });
}

function guid(name: Setting) {
  return text.transform((raw, ctx) => {
    if (raw === undefined || GUID.test(raw)) return raw;
    return fail(ctx, `${name} must be a GUID such as 00000000-0000-0000-0000-000000000000 (got ${quote(raw)})`);
  });
}

const databaseUrl = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === "postgres:" || protocol === "postgresql:") return raw;
  // The value itself may hold a password, so only a well-known scheme is ever shown.
  const got =
    protocol === undefined
      ? "something that is not a URL"
      : protocol === "jdbc:"
        ? "a JDBC URL; drop the jdbc: prefix"
        : KNOWN_SCHEMES.has(protocol)
          ? `a ${protocol} URL`
          : "a URL of another kind";
  return fail(
    ctx,
    `DATABASE_URL must be a postgres:// or postgresql:// URL such as postgres://user:password@host:5432/concord (got ${got})`,
  );
});

const adminUsers = text.transform((raw, ctx) => {
  const admins = new Set<string>();
  const entries = (raw ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  for (const entry of entries) {
    const ref = userRefSchema.safeParse(entry);
    if (ref.success) admins.add(ref.data);
    else {
      ctx.addIssue({
        code: "custom",
        message:
          `ADMIN_USERS entry ${quote(entry)} is not a user ref; ` +
          "write slack:<team id>:<user id>, teams:<tenant id>:<user object id> or local:<name>",
      });
    }
  }
  return admins as ReadonlySet<string>;
});

const glossaryChannel = text.transform((raw, ctx) => {
  if (raw === undefined || SLACK_CHANNEL_ID.test(raw)) return raw;
  return fail(ctx, `GLOSSARY_CHANNEL must be a Slack channel id such as C0123ABCD, not a channel name (got ${quote(raw)})`);
});

const allowSelfApproval = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  const value = BOOLEANS.get(raw.toLowerCase());
  if (value !== undefined) return value;
  return fail(ctx, `ALLOW_SELF_APPROVAL must be true or false, 1 or 0, yes or no (got ${quote(raw)})`);
});

const digestCron = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  let why: string | undefined;
  try {
    const result = validateDetailed(raw);
    why = result.valid ? undefined : (result.errors[0]?.message ?? "not a cron expression");
    // Digest slots are whole minutes: a seconds field other than 0 would ask for several digests a minute.
    const fields = raw.trim().split(/\s+/);
    if (why === undefined && fields.length === 6 && fields[0] !== "0") {
      why = "its seconds field must be 0; five fields (minute hour day month weekday) are enough";
    }
  } catch (error) {
    why = error instanceof Error ? error.message : "not a cron expression";
  }
  if (why === undefined) return raw;
  const example = DEFAULTS.digestCron;
  return fail(ctx, `DIGEST_CRON must be a cron expression such as "${example}" (got ${quote(raw)}: ${why.split("\n")[0]})`);
});

const digestTimeZone = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  try {
    // The resolved name is the canonical spelling (`europe/paris` → `Europe/Paris`).
    return new Intl.DateTimeFormat(undefined, { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return fail(ctx, `DIGEST_TZ must be an IANA time zone such as Europe/Paris or UTC (got ${quote(raw)})`);
  }
});

function onOff(name: Setting) {
  return text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const value = BOOLEANS.get(raw.toLowerCase()) ?? ON_OFF.get(raw.toLowerCase());
    return value ?? fail(ctx, `${name} must be on or off (got ${quote(raw)})`);
  });
}

function token(name: Setting) {
  return text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    if (raw.length >= 16 && /^[\x21-\x7e]+$/.test(raw)) return raw;
    return fail(ctx, `${name} must be at least 16 printable characters without spaces (a random string: openssl rand -hex 16)`);
  });
}

const host = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  if (/^[A-Za-z0-9.:-]{1,253}$/.test(raw)) return raw;
  return fail(ctx, `HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0 (got ${quote(raw)})`);
});

const metaKey = text.transform((raw, ctx) => {
  if (raw === undefined) return undefined;
  if (raw.length <= 100 && /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/u.test(raw)) return raw;
  return fail(ctx, `DBT_GLOSSARY_META_KEY must be a meta key or a dotted path of keys, such as datahub.glossary_terms (got ${quote(raw)})`);
});

/** Each setting checked and normalised on its own; defaults are applied later so the rules below see what was set. */
const settingsSchema = z.object({
  PORT: wholeNumber("PORT", 1, 65_535),
  SLACK_BOT_TOKEN: slackToken("SLACK_BOT_TOKEN", "xoxb-", "bot"),
  SLACK_SIGNING_SECRET: text,
  SLACK_APP_TOKEN: slackToken("SLACK_APP_TOKEN", "xapp-", "app-level"),
  SLACK_API_URL: httpUrl("SLACK_API_URL", DEFAULTS.slackApiUrl, true),
  MICROSOFT_APP_ID: guid("MICROSOFT_APP_ID"),
  MICROSOFT_APP_PASSWORD: text,
  MICROSOFT_APP_TENANT_ID: guid("MICROSOFT_APP_TENANT_ID"),
  MICROSOFT_APP_TYPE: oneOf("MICROSOFT_APP_TYPE", APP_TYPES),
  DATABASE_URL: databaseUrl,
  DATA_DIR: text,
  ADMIN_USERS: adminUsers,
  GLOSSARY_CHANNEL: glossaryChannel,
  DEFAULT_POLICY: oneOf("DEFAULT_POLICY", POLICIES),
  PROPOSAL_TTL_HOURS: wholeNumber("PROPOSAL_TTL_HOURS", 1, 8760),
  ALLOW_SELF_APPROVAL: allowSelfApproval,
  DIGEST_CRON: digestCron,
  DIGEST_TZ: digestTimeZone,
  PUBLIC_URL: httpUrl("PUBLIC_URL", "https://concord.example.com", false),
  LOG_LEVEL: oneOf("LOG_LEVEL", LOG_LEVELS),
  HOST: host,
  PAGES: onOff("PAGES"),
  PAGES_TOKEN: token("PAGES_TOKEN"),
  CONSOLE: onOff("CONSOLE"),
  CONSOLE_TOKEN: token("CONSOLE_TOKEN"),
  DBT_GLOSSARY_META_KEY: metaKey,
} satisfies Record<Setting, z.ZodType>);

/**
 * Rules between settings. Runs even when single settings failed, so one start reports every problem; a failed
 * setting's value is then not its parsed type, hence only presence (and a valid app type) is read here.
 */
function checkCombinations(settings: Readonly<Partial<Record<Setting, unknown>>>, ctx: z.RefinementCtx): void {
  const has = (name: Setting) => settings[name] !== undefined;
  const problem = (setting: Setting, message: string) => ctx.addIssue({ code: "custom", path: [setting], message });
  const alsoSet = (setting: Setting, needed: Setting) =>
    problem(setting, `${setting} is set but ${needed} is not; set ${needed} too, or remove ${setting}`);

  if (has("SLACK_BOT_TOKEN") && !has("SLACK_SIGNING_SECRET") && !has("SLACK_APP_TOKEN")) {
    problem("SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)");
  }
  if (!has("SLACK_BOT_TOKEN")) {
    if (has("SLACK_SIGNING_SECRET")) alsoSet("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN");
    if (has("SLACK_APP_TOKEN")) alsoSet("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN");
  }

  const platform = has("SLACK_BOT_TOKEN") || has("MICROSOFT_APP_ID");
  if (settings.CONSOLE === true && platform && !has("CONSOLE_TOKEN")) {
    problem("CONSOLE", "CONSOLE=on beside a chat platform needs CONSOLE_TOKEN, so only people holding it can act as any member");
  }

  if (!has("MICROSOFT_APP_ID")) {
    for (const setting of ["MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID", "MICROSOFT_APP_TYPE"] as const) {
      if (has(setting)) alsoSet(setting, "MICROSOFT_APP_ID");
    }
    return;
  }
  const appType = has("MICROSOFT_APP_TYPE")
    ? APP_TYPES.find((type) => type === settings.MICROSOFT_APP_TYPE)
    : DEFAULTS.appType;
  if (appType === undefined) return;
  // UserAssignedMSI and SingleTenant mirror botbuilder's ConfigurationServiceClientCredentialFactory, which
  // would otherwise refuse them later, at the first Teams request.
  if (appType === "UserAssignedMSI") {
    if (has("MICROSOFT_APP_PASSWORD")) {
      const why = "a managed identity has no password";
      problem("MICROSOFT_APP_PASSWORD", `MICROSOFT_APP_PASSWORD must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI (${why})`);
    }
  } else if (!has("MICROSOFT_APP_PASSWORD")) {
    const instead = "or MICROSOFT_APP_TYPE=UserAssignedMSI for a managed identity";
    problem("MICROSOFT_APP_ID", `MICROSOFT_APP_ID needs MICROSOFT_APP_PASSWORD (${instead})`);
  }
  if (appType !== "MultiTenant" && !has("MICROSOFT_APP_TENANT_ID")) {
    problem("MICROSOFT_APP_TYPE", `MICROSOFT_APP_TYPE=${appType} needs MICROSOFT_APP_TENANT_ID`);
  }
}

type Settings = z.output<typeof settingsSchema>;

function buildConfig(s: Settings): Config {
  const port = s.PORT ?? DEFAULTS.port;
  const slack: SlackConfig | undefined = s.SLACK_BOT_TOKEN
    ? Object.freeze({
        botToken: s.SLACK_BOT_TOKEN,
        ...(s.SLACK_SIGNING_SECRET && { signingSecret: s.SLACK_SIGNING_SECRET }),
        ...(s.SLACK_APP_TOKEN && { appToken: s.SLACK_APP_TOKEN }),
        apiUrl: s.SLACK_API_URL ?? DEFAULTS.slackApiUrl,
        mode: s.SLACK_APP_TOKEN ? "socket" : "http",
      })
    : undefined;
  const teams: TeamsConfig | undefined = s.MICROSOFT_APP_ID
    ? Object.freeze({
        appId: s.MICROSOFT_APP_ID,
        ...(s.MICROSOFT_APP_PASSWORD && { appPassword: s.MICROSOFT_APP_PASSWORD }),
        ...(s.MICROSOFT_APP_TENANT_ID && { tenantId: s.MICROSOFT_APP_TENANT_ID }),
        appType: s.MICROSOFT_APP_TYPE ?? DEFAULTS.appType,
      })
    : undefined;
  const platform = slack !== undefined || teams !== undefined;
  return Object.freeze({
    port,
    host: s.HOST ?? (platform ? "0.0.0.0" : "127.0.0.1"),
    pages: Object.freeze({ enabled: s.PAGES ?? true, ...(s.PAGES_TOKEN && { token: s.PAGES_TOKEN }) }),
    console: Object.freeze({
      enabled: s.CONSOLE ?? !platform,
      ...(s.CONSOLE_TOKEN && { token: s.CONSOLE_TOKEN }),
    }),
    publicUrl: s.PUBLIC_URL ?? `http://localhost:${port}`,
    logLevel: s.LOG_LEVEL ?? DEFAULTS.logLevel,
    database: Object.freeze({ ...(s.DATABASE_URL && { url: s.DATABASE_URL }), dataDir: s.DATA_DIR ?? DEFAULTS.dataDir }),
    ...(slack && { slack }),
    ...(teams && { teams }),
    governance: Object.freeze({
      admins: s.ADMIN_USERS,
      ...(s.GLOSSARY_CHANNEL && { glossaryChannel: s.GLOSSARY_CHANNEL }),
      defaultPolicy: s.DEFAULT_POLICY ?? DEFAULTS.policy,
      proposalTtlHours: s.PROPOSAL_TTL_HOURS ?? DEFAULTS.proposalTtlHours,
      allowSelfApproval: s.ALLOW_SELF_APPROVAL ?? DEFAULTS.allowSelfApproval,
    }),
    digest: Object.freeze({ cron: s.DIGEST_CRON ?? DEFAULTS.digestCron, timeZone: s.DIGEST_TZ ?? DEFAULTS.digestTimeZone }),
    ...(s.DBT_GLOSSARY_META_KEY && { dbt: Object.freeze({ metaKey: s.DBT_GLOSSARY_META_KEY }) }),
  });
}

const configSchema = settingsSchema.superRefine(checkCombinations, { when: () => true }).transform(buildConfig);

/** Reads Concord's settings from an environment (blank counts as unset); throws one ConfigError naming every bad setting. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Partial<Record<Setting, string>> = {};
  for (const name of SETTINGS) {
    const value = env[name]?.trim();
    if (value) raw[name] = value;
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue): ConfigProblem => {
    const setting = String(issue.path[0] ?? "");
    // Every message is written in this file and starts with its setting; the fallback guards against zod's own.
    const message = issue.message.startsWith(setting) ? issue.message : `${setting} is not valid`;
    return { setting, message };
  });
  // In the contract's order, so a setting's own problem and its combination problems sit together.
  const order = (problem: ConfigProblem) => SETTINGS.indexOf(problem.setting as Setting);
  throw new ConfigError(problems.sort((a, b) => order(a) - order(b)));
}

function describeDatabase(database: DatabaseConfig): string {
  if (database.url === undefined) return `PGlite in ${database.dataDir}`;
  try {
    const url = new URL(database.url);
    const host = url.hostname || url.searchParams.get("host") || "localhost";
    const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
    return `PostgreSQL at ${host}${url.port ? `:${url.port}` : ""}/${name || "(default database)"}`;
  } catch {
    return "PostgreSQL";
  }
}

/** One log line saying what this start will use; never shows a secret. */
export function describeConfig(config: Config): string {
  const platforms: string[] = [];
  if (config.slack) {
    const api = config.slack.apiUrl === DEFAULTS.slackApiUrl ? "" : `, API ${config.slack.apiUrl}`;
    platforms.push(`Slack (${config.slack.mode === "socket" ? "Socket Mode" : "HTTP"}${api})`);
  }
  if (config.teams) platforms.push(`Teams (${config.teams.appType})`);
  const chat = platforms.length > 0 ? platforms.join(" and ") : "no chat platform is configured";
  return `Concord on port ${config.port} (${config.publicUrl}): storage ${describeDatabase(config.database)}; ${chat}`;
}
