import type { CoreDeps } from "../core/deps.js";
import type { Logger } from "../core/ports.js";
import type { Links } from "../web/links.js";

/** What every Slack listener needs, passed in once when the app is built. */
export interface SlackContext {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
}

/** The sentence a user sees when something failed on Concord's side; the error itself goes to the log. */
export const APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again in a moment.";
