import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { checkDefinitionText } from "../../../commands/intents.js";
import { castVote, isConcordError } from "../../../core/index.js";
import * as ids from "../../blocks/ids.js";
import type { SlackContext } from "../../context.js";
import { actorOf, describeVote } from "../actions/votes.js";

const metadataSchema = z.object({ proposalId: z.number().int().positive() });

/** The object modal's submission: the reason is required; the vote is cast before the modal closes. */
export function objectSubmission(ctx: SlackContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = metadataSchema.safeParse(safeJson(view.private_metadata));
    const reason = view.state.values[ids.OBJECT_REASON_BLOCK]?.[ids.OBJECT_REASON_ACTION]?.value?.trim() ?? "";
    const problem = reason === "" ? "Please say why you object." : checkDefinitionText(reason, "A reason")?.message;
    if (!metadata.success) {
      await ack({ response_action: "errors", errors: { [ids.OBJECT_REASON_BLOCK]: "This form has expired; please click Object again." } });
      return;
    }
    if (problem) {
      await ack({ response_action: "errors", errors: { [ids.OBJECT_REASON_BLOCK]: problem } });
      return;
    }
    try {
      const actor = actorOf(body);
      const result = await castVote(ctx.deps, actor, { proposalId: metadata.data.proposalId, position: "object", reason });
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

/** Parses private_metadata, which Slack hands back as it was given; undefined when it is not JSON. */
export function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}
