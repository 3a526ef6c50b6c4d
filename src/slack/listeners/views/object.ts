import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { checkDefinitionText } from "../../../commands/intents.js";
import { castVote, isConcordError } from "../../../core/index.js";
import * as ids from "../../blocks/ids.js";
import { parseObjectMetadata } from "../../blocks/index.js";
import type { SlackContext } from "../../context.js";
import { describeVote } from "../../../commands/format.js";
import { actorOf } from "../actions/votes.js";

/** The object modal's submission: the reason is required; the vote is cast before the modal closes. */
export function objectSubmission(ctx: SlackContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = parseObjectMetadata(view.private_metadata);
    const reason = view.state.values[ids.OBJECT_REASON_BLOCK]?.[ids.OBJECT_REASON_ACTION]?.value?.trim() ?? "";
    const problem = reason === "" ? "Please say why you object." : checkDefinitionText(reason, "A reason")?.message;
    if (!metadata) {
      await ack({ response_action: "errors", errors: { [ids.OBJECT_REASON_BLOCK]: "This form has expired; please click Object again." } });
      return;
    }
    if (problem) {
      await ack({ response_action: "errors", errors: { [ids.OBJECT_REASON_BLOCK]: problem } });
      return;
    }
    try {
      const actor = actorOf(body);
      const result = await castVote(ctx.deps, actor, { proposalId: metadata.proposalId, position: "object", reason });
      await ack();
      await client.chat
        .postMessage({ channel: body.user.id, text: describeVote(result, "objection") })
        .catch((error: unknown) => ctx.logger.warn("could not confirm an objection by DM", { error: String(error) }));
    } catch (error) {
      if (!isConcordError(error)) throw error;
      await ack({ response_action: "errors", errors: { [ids.OBJECT_REASON_BLOCK]: error.message } });
    }
  };
}
