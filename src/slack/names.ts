import type { WebClient } from "@slack/web-api";
import { cleanDisplayName, knownName, type Actor, type CoreDeps, type Logger } from "../core/index.js";
import { slackRef } from "./refs.js";

/** Slack users as actors with the name Slack shows for them. */
export interface SlackNames {
  /** The user as an actor, named by what Concord keeps for them, else by one `users.info`; unnamed when Slack does not answer. */
  actor(teamId: string, userId: string): Promise<Actor>;
}

/** How long a user whose `users.info` failed is left unnamed before Slack is asked again. */
const RETRY_AFTER_MS = 10 * 60_000;
/** The most names kept in memory; past it the oldest are forgotten (the members table still has them). */
const MAX_REMEMBERED = 10_000;

/**
 * Names from Slack's `users.info`, asked once for a user Concord has not named yet and kept in memory; the member's
 * row takes the name the first time they act (a request that changes nothing writes nothing, a name included), and
 * from then on it is read from there. A failure is logged and the user is shown by ref until Slack is asked again,
 * some minutes later.
 */
export function createSlackNames(options: { client: WebClient; deps: CoreDeps; logger: Logger }): SlackNames {
  const { client, deps, logger } = options;
  const remembered = new Map<string, string>();
  const failedAt = new Map<string, number>();
  const remember = (ref: string, name: string) => {
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(ref, name);
  };
  return {
    async actor(teamId, userId) {
      const ref = slackRef(teamId, userId);
      const cached = remembered.get(ref);
      if (cached) return { ref, displayName: cached };
      const stored = await knownName(deps, ref);
      if (stored) {
        remember(ref, stored);
        return { ref, displayName: stored };
      }
      const failed = failedAt.get(ref);
      if (failed !== undefined && deps.clock.now().getTime() - failed < RETRY_AFTER_MS) return { ref };
      try {
        const answer = await client.users.info({ user: userId });
        const user = answer.user;
        const name = cleanDisplayName(user?.profile?.display_name) ?? cleanDisplayName(user?.real_name ?? user?.profile?.real_name) ?? cleanDisplayName(user?.name);
        if (!name) return { ref };
        failedAt.delete(ref);
        remember(ref, name);
        return { ref, displayName: name };
      } catch (error) {
        failedAt.set(ref, deps.clock.now().getTime());
        logger.warn("Slack's users.info failed; the user is shown by ref for now", { team: teamId, user: userId, error });
        return { ref };
      }
    },
  };
}
