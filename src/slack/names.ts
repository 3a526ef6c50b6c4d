import type { WebClient } from "@slack/web-api";
import { cleanDisplayName, knownName, type Actor, type CoreDeps, type Logger } from "../core/index.js";
import { slackRef } from "./refs.js";

/** Slack users as actors with the name Slack shows for them. */
export interface SlackNames {
  /** The user as an actor, named by what Concord keeps for them, else by one `users.info`; unnamed when Slack does not answer. */
  actor(teamId: string, userId: string): Promise<Actor>;
}

/** How long a user whose `users.info` failed, or gave no name, is left unnamed before Slack is asked again. */
const RETRY_AFTER_MS = 10 * 60_000;
/** The most names kept in memory; past it the oldest are forgotten (the members table still has them). */
const MAX_REMEMBERED = 10_000;

/**
 * Names from Slack's `users.info`, asked once for a user Concord has not named yet and kept in memory; the member's
 * row takes the name the first time they act (a request that changes nothing writes nothing, a name included), and
 * from then on it is read from there. A failure is logged and the user is shown by ref until Slack is asked again,
 * some minutes later; so is a user Slack gives no name for, without asking again on each request.
 */
export function createSlackNames(options: { client: WebClient; deps: CoreDeps; logger: Logger }): SlackNames {
  const { client, deps, logger } = options;
  const remembered = new Map<string, string>();
  // Users Slack gave no name for (or did not answer about), with when: asked again after RETRY_AFTER_MS.
  const unnamedAt = new Map<string, number>();
  const remember = <T>(map: Map<string, T>, ref: string, value: T) => {
    map.delete(ref);
    if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!);
    map.set(ref, value);
  };
  return {
    async actor(teamId, userId) {
      const ref = slackRef(teamId, userId);
      const cached = remembered.get(ref);
      if (cached) return { ref, displayName: cached };
      const unnamed = unnamedAt.get(ref);
      if (unnamed !== undefined && deps.clock.now().getTime() - unnamed < RETRY_AFTER_MS) return { ref };
      const stored = await knownName(deps, ref);
      if (stored) {
        remember(remembered, ref, stored);
        return { ref, displayName: stored };
      }
      try {
        const answer = await client.users.info({ user: userId });
        const user = answer.user;
        const name = cleanDisplayName(user?.profile?.display_name) ?? cleanDisplayName(user?.real_name ?? user?.profile?.real_name) ?? cleanDisplayName(user?.name);
        if (!name) {
          remember(unnamedAt, ref, deps.clock.now().getTime());
          return { ref };
        }
        unnamedAt.delete(ref);
        remember(remembered, ref, name);
        return { ref, displayName: name };
      } catch (error) {
        remember(unnamedAt, ref, deps.clock.now().getTime());
        logger.warn("Slack's users.info failed; the user is shown by ref for now", { team: teamId, user: userId, error });
        return { ref };
      }
    },
  };
}
