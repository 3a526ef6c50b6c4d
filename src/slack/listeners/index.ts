import type { App } from "@slack/bolt";
import * as ids from "../blocks/ids.js";
import type { SlackContext } from "../context.js";
import { actionButton } from "./actions/buttons.js";
import { homeSearch } from "./actions/home-search.js";
import { glossaryCommand } from "./commands/glossary.js";
import { appHomeOpened } from "./events/app-home.js";
import { formSubmission } from "./views/forms.js";

/** Registers every listener Concord has on a Bolt app. */
export function registerListeners(app: App, ctx: SlackContext): void {
  app.command("/glossary", glossaryCommand(ctx));
  for (const id of [...ids.VOTE_ACTIONS, ids.SHARE_TERM, ids.PROPOSE_FROM_LOOKUP, ...ids.USAGE_ACTIONS, ...ids.SUGGESTION_ACTIONS]) app.action(id, actionButton(ctx));
  app.action(ids.HOME_SEARCH, homeSearch(ctx));
  // Link buttons open in the browser; Slack still reports the click, which needs only an acknowledgement.
  app.action(ids.OPEN_LINK, async ({ ack }) => {
    await ack();
  });
  app.view(ids.PROPOSE_MODAL, formSubmission(ctx));
  app.view(ids.OBJECT_MODAL, formSubmission(ctx));
  app.event("app_home_opened", appHomeOpened(ctx));
}
