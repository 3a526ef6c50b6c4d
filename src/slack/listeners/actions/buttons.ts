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
 * How long a vote may take to be stored before its click is acknowledged anyway: the replay check before it may
 * take a second of the three Slack waits for an acknowledgement.
 */
const VOTE_BEFORE_ACK_MS = 1_000;

/**
 * A click on one of Concord's buttons (a vote, Share in channel, Propose it): decoded to its action and run; the
 * answer goes privately to whoever clicked, a shared lookup to the channel, the propose form into a modal.
 */
export function actionButton(ctx: SlackContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    const decoded = decodeAction(action.action_id, action.value);
    // A vote is stored before its click is acknowledged (unless storing it takes longer than Slack can wait): the
    // acknowledgement then means the vote is kept, and a replica that dies before storing it leaves the person
    // Slack's own "did not respond" to click again, rather than an accepted click that silently counted for nothing.
    const voting =
      decoded?.concord === "vote" && decoded.position !== "object"
        ? namedActor(ctx, body).then((actor) => runAction(ctx.deps, actor, decoded))
        : undefined;
    if (voting) await settledWithin(voting, VOTE_BEFORE_ACK_MS);
    await ack();
    const privately = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
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
      const result = await (voting ?? runAction(ctx.deps, await namedActor(ctx, body), decoded));
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

/** Resolves when `work` settles or after `ms`, whichever is first; never rejects (the caller awaits `work` itself). */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.then(() => {}, () => {}), late]);
  } finally {
    clearTimeout(timer);
  }
}
