import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { describeVote } from "../../../commands/format.js";
import { castVote, isConcordError, viewProposal } from "../../../core/index.js";
import { renderObjectModal } from "../../blocks/index.js";
import { APOLOGY, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A button's value carrying a proposal id. */
export const proposalIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** Approve and Abstain: the vote is cast at once; the live message is updated through the outbox. */
export function voteButton(ctx: SlackContext, position: "approve" | "abstain") {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    const proposalId = proposalIdSchema.safeParse(action.value);
    if (!proposalId.success) {
      await respond({ response_type: "ephemeral", replace_original: false, text: "That button does not name a proposal I know." });
      return;
    }
    try {
      const result = await castVote(ctx.deps, actorOf(body), { proposalId: proposalId.data, position });
      await respond({ response_type: "ephemeral", replace_original: false, text: describeVote(result, position) });
    } catch (error) {
      const text = isConcordError(error) ? error.message : APOLOGY;
      await respond({ response_type: "ephemeral", replace_original: false, text }).catch(() => {});
      if (!isConcordError(error)) throw error;
    }
  };
}

/** Object: asks for the reason in a modal before anything is recorded. */
export function objectButton(ctx: SlackContext) {
  return async ({ ack, body, action, client, respond }: ButtonArgs) => {
    await ack();
    const proposalId = proposalIdSchema.safeParse(action.value);
    if (!proposalId.success) {
      await respond({ response_type: "ephemeral", replace_original: false, text: "That button does not name a proposal I know." });
      return;
    }
    try {
      const view = await viewProposal(ctx.deps, proposalId.data);
      if (view.proposal.status !== "open") {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: `Proposal #${view.proposal.id} on ${view.proposal.termName} is already ${view.proposal.status}.`,
        });
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: renderObjectModal(view) });
    } catch (error) {
      const text = isConcordError(error) ? error.message : APOLOGY;
      await respond({ response_type: "ephemeral", replace_original: false, text }).catch(() => {});
      if (!isConcordError(error)) throw error;
    }
  };
}

/** The Slack user behind an interaction, as a ref. */
export function actorOf(body: { user: { id: string; team_id?: string; name?: string }; team: { id: string } | null }) {
  const team = body.user.team_id ?? body.team?.id ?? "";
  return { ref: slackRef(team, body.user.id), ...(body.user.name ? { displayName: body.user.name } : {}) };
}
