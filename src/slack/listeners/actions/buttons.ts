import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { firstProblem, runAction } from "../../../commands/actions.js";
import { isConcordError, viewProposal } from "../../../core/index.js";
import { APOLOGY, objectFormView, replyView, shareable } from "../../../views/index.js";
import { decodeAction } from "../../blocks/actions.js";
import { toSlackMessage } from "../../blocks/convert.js";
import { toSlackModal } from "../../blocks/modal.js";
import { viewContext, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A click on one of Concord's buttons (a vote, Share in channel, Propose it): decoded to its action and run; the
 * answer goes privately to whoever clicked, a shared lookup to the channel, the propose form into a modal.
 */
export function actionButton(ctx: SlackContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    const privately = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    const decoded = decodeAction(action.action_id, action.value);
    if (!decoded) {
      await privately("That button is out of date or was changed; please run the command again.");
      return;
    }
    try {
      if (decoded.concord === "vote" && decoded.position === "object") {
        const proposal = await viewProposal(ctx.deps, decoded.proposalId);
        if (proposal.proposal.status !== "open") {
          await privately(`Proposal #${proposal.proposal.id} on ${proposal.proposal.termName} is already ${proposal.proposal.status}.`);
          return;
        }
        // Slack asks an objector for the reason in a modal before anything is recorded.
        await client.views.open({ trigger_id: body.trigger_id, view: toSlackModal(objectFormView(proposal)) });
        return;
      }
      const result = await runAction(ctx.deps, await namedActor(ctx, body), decoded);
      if (result.kind === "text") await privately(result.text);
      else if (result.kind === "refused") await privately(result.message);
      else if (result.kind === "invalid") await privately(firstProblem(result.errors));
      else {
        const view = replyView(result.reply, viewContext(ctx));
        if (view.kind === "form") {
          await client.views.open({ trigger_id: body.trigger_id, view: toSlackModal(view, body.channel?.id ? { channelId: body.channel.id } : {}) });
        } else if (result.shared) {
          await respond({ response_type: "in_channel", replace_original: false, ...toSlackMessage(shareable(view)) });
        } else {
          await respond({ response_type: "ephemeral", replace_original: false, ...toSlackMessage(view) });
        }
      }
    } catch (error) {
      await privately(isConcordError(error) ? error.message : APOLOGY).catch(() => {});
      if (!isConcordError(error)) throw error;
    }
  };
}

type InteractionBody = { user: { id: string; team_id?: string }; team: { id: string } | null };

/** The Slack user behind an interaction, by ref. */
export function actorOf(body: InteractionBody) {
  const team = body.user.team_id ?? body.team?.id ?? "";
  return { ref: slackRef(team, body.user.id) };
}

/** The Slack user behind an interaction, with the name Slack shows for them (the payload carries only a handle). */
export function namedActor(ctx: SlackContext, body: InteractionBody) {
  return ctx.names.actor(body.user.team_id ?? body.team?.id ?? "", body.user.id);
}
