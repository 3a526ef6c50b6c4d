import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommandText } from "../../../commands/execute.js";
import { unescapeSlackText } from "../../../commands/parse.js";
import { listDomains } from "../../../core/index.js";
import { renderProposeModal, renderReply } from "../../blocks/index.js";
import { APOLOGY, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

/** `/glossary …`: acknowledge at once, run the words, answer privately (or open the propose form). */
export function glossaryCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const team = command.team_id;
    try {
      const reply = await runCommandText(
        ctx.deps,
        {
          actor: { ref: slackRef(team, command.user_id), displayName: command.user_name },
          platform: "slack",
          channelId: command.channel_id,
          resolveMention: (userId) => slackRef(team, userId),
        },
        unescapeSlackText(command.text ?? ""),
      );
      if (reply.kind === "propose-form") {
        const domains = await listDomains(ctx.deps);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: renderProposeModal({
            term: reply.term,
            ...(reply.domain ? { domain: reply.domain } : {}),
            ...(reply.existing && reply.currentText !== undefined
              ? { existing: { name: reply.existing.name, currentText: reply.currentText } }
              : {}),
            nearDuplicates: reply.nearDuplicates,
            domains,
            channelId: command.channel_id,
          }),
        });
        return;
      }
      await respond({ response_type: "ephemeral", ...renderReply(reply, ctx.links) });
    } catch (error) {
      await respond({ response_type: "ephemeral", text: APOLOGY }).catch(() => {});
      throw error;
    }
  };
}
