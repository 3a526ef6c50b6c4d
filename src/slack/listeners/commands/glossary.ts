import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommandText } from "../../../commands/execute.js";
import { unescapeSlackText } from "../../../commands/parse.js";
import { APOLOGY, replyView } from "../../../views/index.js";
import { toSlackMessage } from "../../blocks/convert.js";
import { toSlackModal } from "../../blocks/modal.js";
import { viewContext, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

/** `/glossary …`: acknowledge at once, run the words, answer privately (or open the propose form). */
export function glossaryCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const team = command.team_id;
    const mentioned = new Set<string>();
    try {
      const reply = await runCommandText(
        ctx.deps,
        {
          actor: await ctx.names.actor(team, command.user_id),
          platform: "slack",
          channelId: command.channel_id,
          resolveMention: (userId) => {
            mentioned.add(userId);
            return slackRef(team, userId);
          },
        },
        unescapeSlackText(command.text ?? ""),
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
    await nameMentioned(ctx, team, mentioned);
  };
}

/** Names the people the words mentioned (an owner just added) as Slack names them, after the answer; a failure only costs the name. */
async function nameMentioned(ctx: SlackContext, team: string, userIds: ReadonlySet<string>): Promise<void> {
  for (const userId of userIds) {
    await ctx.names.actor(team, userId).catch((error: unknown) => ctx.logger.warn("could not name a mentioned Slack user", { team, user: userId, error }));
  }
}
