import type { AllMiddlewareArgs, BlockAction, PlainTextInputAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { searchQuerySchema } from "../../../commands/intents.js";
import type { SlackContext } from "../../context.js";
import { publishHome } from "../events/app-home.js";
import { actorOf } from "./buttons.js";

/** The Home tab's search box: re-publishes the tab with the results (or the reason the query was refused). */
export function homeSearch(ctx: SlackContext) {
  return async ({ ack, action, body, client }: SlackActionMiddlewareArgs<BlockAction<PlainTextInputAction>> & AllMiddlewareArgs) => {
    await ack();
    const parsed = searchQuerySchema.safeParse(action.value ?? "");
    const query = parsed.success && parsed.data !== "" ? parsed.data : undefined;
    const team = actorOf(body).ref.split(":")[1] ?? "";
    await publishHome(ctx, client, { teamId: team, userId: body.user.id }, query);
  };
}
