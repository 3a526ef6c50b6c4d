import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { checkDefinitionText } from "../../../commands/intents.js";
import { isConcordError, openProposal } from "../../../core/index.js";
import * as ids from "../../blocks/ids.js";
import { parseProposeMetadata, renderReply } from "../../blocks/index.js";
import type { SlackContext } from "../../context.js";
import { actorOf } from "../actions/votes.js";

/** The propose modal's submission: checked field by field, then opened before the modal closes. */
export function proposeSubmission(ctx: SlackContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = view.state.values;
    const read = (block: string, action: string) => values[block]?.[action]?.value?.trim() ?? "";
    const text = read(ids.DEFINITION_BLOCK, ids.DEFINITION_ACTION);
    const rationale = read(ids.RATIONALE_BLOCK, ids.RATIONALE_ACTION);
    const example = read(ids.EXAMPLE_BLOCK, ids.EXAMPLE_ACTION);
    const formula = read(ids.FORMULA_BLOCK, ids.FORMULA_ACTION);
    const consumers = (values[ids.CONSUMERS_BLOCK]?.[ids.CONSUMERS_ACTION]?.selected_options ?? []).map((o) => o.value);
    const metadata = parseProposeMetadata(view.private_metadata);

    const errors: Record<string, string> = {};
    if (!metadata) errors[ids.DEFINITION_BLOCK] = "This form has expired; please run `/glossary propose` again.";
    const definitionProblem = text === "" ? "Please write the definition you propose." : checkDefinitionText(text)?.message;
    if (definitionProblem) errors[ids.DEFINITION_BLOCK] = definitionProblem;
    for (const [block, value, label] of [
      [ids.RATIONALE_BLOCK, rationale, "A rationale"],
      [ids.EXAMPLE_BLOCK, example, "An example"],
      [ids.FORMULA_BLOCK, formula, "A formula"],
    ] as const) {
      const problem = value === "" ? undefined : checkDefinitionText(value, label)?.message;
      if (problem) errors[block] = problem;
    }
    if (Object.keys(errors).length > 0 || !metadata) {
      await ack({ response_action: "errors", errors });
      return;
    }

    try {
      const opened = await openProposal(ctx.deps, actorOf(body), {
        term: metadata.term,
        text,
        ...(metadata.domain ? { domain: metadata.domain } : {}),
        ...(rationale ? { rationale } : {}),
        ...(example ? { example } : {}),
        ...(formula ? { formula } : {}),
        consumers: consumers.filter((slug): slug is string => typeof slug === "string"),
      });
      await ack();
      const confirmation = renderReply({ kind: "proposal-opened", opened }, ctx.links);
      const channel = metadata.channelId;
      const sent = channel
        ? client.chat.postEphemeral({ channel, user: body.user.id, ...confirmation })
        : client.chat.postMessage({ channel: body.user.id, ...confirmation });
      await sent.catch((error: unknown) => ctx.logger.warn("could not confirm a proposal to its author", { error: String(error) }));
    } catch (error) {
      if (!isConcordError(error)) throw error;
      await ack({ response_action: "errors", errors: { [ids.DEFINITION_BLOCK]: error.message } });
    }
  };
}
