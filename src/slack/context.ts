import type { CoreDeps } from "../core/deps.js";
import type { Logger } from "../core/ports.js";
import type { ViewContext } from "../views/model.js";
import type { Links } from "../web/links.js";

/** What every Slack listener needs, passed in once when the app is built. */
export interface SlackContext {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
}

/** What the views need to render now. */
export function viewContext(ctx: SlackContext): ViewContext {
  return { links: ctx.links, now: ctx.deps.clock.now() };
}
