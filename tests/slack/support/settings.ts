import { loadConfig, type Config } from "../../../src/config.js";

/** The signing secret, workspace, admin and governance channel the Slack tests share. */
export const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const TEAM = "T0TEST";
export const ADMIN = "U0ADMIN";
export const GOVERNANCE = "C0GOVERNANCE1";

/**
 * The settings of a Concord that talks to a fake Slack Web API over signed HTTP on `port`, with ADMIN as its admin
 * and GOVERNANCE as GLOSSARY_CHANNEL; `extra` adds or replaces settings (`GLOSSARY_CHANNEL: ""` leaves it unset).
 */
export function slackTestConfig(port: number, apiUrl: string, extra: Record<string, string> = {}): Config {
  const settings: Record<string, string> = {
    PORT: String(port),
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    ADMIN_USERS: `slack:${TEAM}:${ADMIN}`,
    GLOSSARY_CHANNEL: GOVERNANCE,
    PUBLIC_URL: "https://concord.example.com",
    ...extra,
  };
  for (const [name, value] of Object.entries(settings)) if (value === "") delete settings[name];
  return loadConfig(settings);
}
