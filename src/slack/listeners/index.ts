import type { App } from "@slack/bolt";
import * as ids from "../blocks/ids.js";
import type { SlackContext } from "../context.js";
import { homeSearch } from "./actions/home-search.js";
import { proposeFromLookup, shareTerm } from "./actions/share.js";
import { objectButton, voteButton } from "./actions/votes.js";
import { glossaryCommand } from "./commands/glossary.js";
import { appHomeOpened } from "./events/app-home.js";
import { objectSubmission } from "./views/object.js";
import { proposeSubmission } from "./views/propose.js";

/** Registers every listener Concord has on a Bolt app. */
export function registerListeners(app: App, ctx: SlackContext): void {
  app.command("/glossary", glossaryCommand(ctx));
  app.action(ids.VOTE_APPROVE, voteButton(ctx, "approve"));
  app.action(ids.VOTE_ABSTAIN, voteButton(ctx, "abstain"));
  app.action(ids.VOTE_OBJECT, objectButton(ctx));
  app.action(ids.SHARE_TERM, shareTerm(ctx));
  app.action(ids.PROPOSE_FROM_LOOKUP, proposeFromLookup(ctx));
  app.action(ids.HOME_SEARCH, homeSearch(ctx));
  // Link buttons open in the browser; Slack still reports the click, which needs only an acknowledgement.
  app.action(ids.OPEN_LINK, async ({ ack }) => {
    await ack();
  });
  app.view(ids.PROPOSE_MODAL, proposeSubmission(ctx));
  app.view(ids.OBJECT_MODAL, objectSubmission(ctx));
  app.event("app_home_opened", appHomeOpened(ctx));
}
