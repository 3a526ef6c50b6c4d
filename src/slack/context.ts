import type { CoreDeps } from "../core/deps.js";
import type { Logger } from "../core/ports.js";
import type { ViewContext } from "../views/model.js";
import type { Links } from "../web/links.js";
import type { SlackNames } from "./names.js";

/** What every Slack listener needs, passed in once when the app is built. */
export interface SlackContext {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  /** Slack users as actors, with the names Slack shows for them. */
  readonly names: SlackNames;
  /** The governance channel the GLOSSARY_CHANNEL setting names; without it an admin chooses one by command. */
  readonly governanceChannel: string | undefined;
}

/** What the views need to render now. */
export function viewContext(ctx: SlackContext): ViewContext {
  return { links: ctx.links, now: ctx.deps.clock.now() };
}
