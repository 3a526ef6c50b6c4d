import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { pendingProposals, recentChanges, searchTerms } from "../../../core/index.js";
import { homeView } from "../../../views/index.js";
import { toSlackBlocks } from "../../blocks/convert.js";
import { viewContext, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

/** Builds and publishes a user's Home tab: their pending votes, recent agreed changes, and a search. */
export async function publishHome(
  ctx: SlackContext,
  client: AllMiddlewareArgs["client"],
  user: { teamId: string; userId: string },
  query?: string,
): Promise<void> {
  const pending = await pendingProposals(ctx.deps, { ref: slackRef(user.teamId, user.userId) });
  const recent = await recentChanges(ctx.deps, 10);
  const search = query ? { query, hits: (await searchTerms(ctx.deps, query)).hits } : undefined;
  await client.views.publish({
    user_id: user.userId,
    view: { type: "home", blocks: toSlackBlocks(homeView({ pending, recent, ...(search ? { search } : {}) }, viewContext(ctx)).blocks, "home") },
  });
}

/** `app_home_opened`: refreshes the Home tab each time it is opened. */
export function appHomeOpened(ctx: SlackContext) {
  return async ({ event, context, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    await publishHome(ctx, client, { teamId: context.teamId ?? "", userId: event.user });
  };
}
