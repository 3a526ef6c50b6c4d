import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { listDomains, lookupTerm, previewProposal } from "../../../core/index.js";
import { renderProposeModal, renderReply } from "../../blocks/index.js";
import type { SlackContext } from "../../context.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Share in channel": posts the looked-up definition for everyone in the channel. */
export function shareTerm(ctx: SlackContext) {
  return async ({ ack, action, respond }: ButtonArgs) => {
    await ack();
    const result = await lookupTerm(ctx.deps, (action.value ?? "").slice(0, 200));
    if (result.kind !== "found") {
      await respond({ response_type: "ephemeral", replace_original: false, text: "That term is no longer in the glossary." });
      return;
    }
    const { text, blocks } = renderReply({ kind: "lookup", result }, ctx.links);
    const shared = blocks.filter((block) => block.type !== "actions");
    await respond({ response_type: "in_channel", replace_original: false, text, blocks: shared });
  };
}

/** "Propose it" under a lookup that found nothing: opens the propose form. */
export function proposeFromLookup(ctx: SlackContext) {
  return async ({ ack, action, body, client }: ButtonArgs) => {
    await ack();
    const term = (action.value ?? "").slice(0, 120);
    const preview = await previewProposal(ctx.deps, { term });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: renderProposeModal({
        term: preview.term?.name ?? term,
        ...(preview.term && preview.currentText !== undefined
          ? { existing: { name: preview.term.name, currentText: preview.currentText } }
          : {}),
        nearDuplicates: preview.nearDuplicates,
        domains: await listDomains(ctx.deps),
        ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      }),
    });
  };
}
