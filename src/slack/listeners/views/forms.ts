import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { actionSchema, runAction, type ActionResult } from "../../../commands/actions.js";
import { replyView } from "../../../views/index.js";
import { toSlackMessage } from "../../blocks/convert.js";
import * as ids from "../../blocks/ids.js";
import { FIELD_IDS, parseModalMetadata, readModalFields } from "../../blocks/modal.js";
import { viewContext, type SlackContext } from "../../context.js";
import { namedActor } from "../actions/buttons.js";

/** The field a form's general problems are shown on: the definition of the propose form, the reason of an objection. */
const MAIN_FIELD: Record<string, string> = { [ids.PROPOSE_MODAL]: "text", [ids.OBJECT_MODAL]: "reason" };

/**
 * A submitted form (propose, object): its fields read into the action the form carries, run before the modal
 * closes so what is wrong is shown on the field; then confirmed to whoever sent it.
 */
export function formSubmission(ctx: SlackContext) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const main = MAIN_FIELD[view.callback_id] ?? "text";
    const onField = (errors: Readonly<Record<string, string>>) =>
      ack({
        response_action: "errors",
        errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [FIELD_IDS[field]?.block ?? FIELD_IDS[main]!.block, message])),
      });
    const metadata = parseModalMetadata(view.private_metadata);
    const action = metadata ? actionSchema.safeParse({ ...metadata.action, ...readModalFields(view.state.values) }) : undefined;
    if (!metadata || !action?.success) {
      await onField({ [main]: "This form has expired; please run the command again." });
      return;
    }
    const result: ActionResult = await runAction(ctx.deps, await namedActor(ctx, body), action.data);
    if (result.kind === "invalid") return void (await onField(result.errors));
    if (result.kind === "refused") return void (await onField({ [main]: result.message }));
    await ack();
    const confirmation = result.kind === "text" ? { text: result.text } : replyConfirmation(ctx, result);
    const sent = metadata.channelId
      ? client.chat.postEphemeral({ channel: metadata.channelId, user: body.user.id, ...confirmation })
      : client.chat.postMessage({ channel: body.user.id, ...confirmation });
    await sent.catch((error: unknown) => ctx.logger.warn("could not confirm a form to whoever sent it", { team: body.team?.id, user: body.user.id, error }));
  };
}

function replyConfirmation(ctx: SlackContext, result: Extract<ActionResult, { kind: "reply" }>) {
  const view = replyView(result.reply, viewContext(ctx));
  return view.kind === "message" ? toSlackMessage(view) : { text: view.title };
}
