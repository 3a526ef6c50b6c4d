import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommandText } from "../../../commands/execute.js";
import { unescapeSlackText } from "../../../commands/parse.js";
import { APOLOGY, replyView } from "../../../views/index.js";
import { toSlackMessage } from "../../blocks/convert.js";
import { toSlackModal } from "../../blocks/modal.js";
import { viewContext, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

/** The most people one command's mentions are named for (each may cost a users.info). */
const MENTIONS_NAMED = 5;

/** `/glossary …`: acknowledge at once, run the words, answer privately (or open the propose form). */
export function glossaryCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const team = command.team_id;
    try {
      const text = unescapeSlackText(command.text ?? "");
      const reply = await runCommandText(
        ctx.deps,
        {
          actor: await ctx.names.actor(team, command.user_id),
          platform: "slack",
          // A direct message is no channel: `domain channel` and `governance channel` ask for one, as in a Teams chat.
          ...(isDirectMessage(command.channel_id) ? {} : { channelId: command.channel_id }),
          ...(ctx.governanceChannel ? { governanceChannelSetting: ctx.governanceChannel } : {}),
          // Every reply to the slash command is ephemeral: only the caller sees it.
          repliesPrivately: true,
          resolveMention: (userId) => slackRef(team, userId),
          mentionedNames: await mentionedNames(ctx, team, text),
        },
        text,
      );
      const view = replyView(reply, viewContext(ctx));
      if (view.kind === "form") {
        await client.views.open({ trigger_id: command.trigger_id, view: toSlackModal(view, { channelId: command.channel_id }) });
        return;
      }
      await respond({ response_type: "ephemeral", ...toSlackMessage(view) });
    } catch (error) {
      await respond({ response_type: "ephemeral", text: APOLOGY }).catch(() => {});
      throw error;
    }
  };
}

/** Slack's direct-message conversations have ids starting with D. */
function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

/** The names Slack shows for the people the words mention (an owner to add), by ref, so they are kept with the member. */
async function mentionedNames(ctx: SlackContext, team: string, text: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const userIds = new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!));
  for (const userId of [...userIds].slice(0, MENTIONS_NAMED)) {
    const { ref, displayName } = await ctx.names.actor(team, userId);
    if (displayName) names.set(ref, displayName);
  }
  return names;
}
