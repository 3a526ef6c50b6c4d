/** The user ref of a Slack user in a workspace. */
export function slackRef(teamId: string, userId: string): string {
  return `slack:${teamId}:${userId}`;
}

/** The workspace and user of a `slack:` ref; undefined for other platforms' refs. */
export function parseSlackRef(ref: string): { teamId: string; userId: string } | undefined {
  const match = /^slack:([A-Z0-9]+):([A-Z0-9]+)$/.exec(ref);
  return match ? { teamId: match[1]!, userId: match[2]! } : undefined;
}
