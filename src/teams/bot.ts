import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  teamsGetChannelId,
  type Activity,
} from "botbuilder";
import { runCommandText, type Reply } from "../commands/execute.js";
import { runCardAction } from "../commands/card-actions.js";
import type { CoreDeps } from "../core/deps.js";
import { listDomains } from "../core/index.js";
import type { Conversation, Logger } from "../core/ports.js";
import type { Links } from "../web/links.js";
import { parseCardAction, renderProposeFormCard, renderReplyCard, type CardAction } from "./cards/index.js";
import { senderRef, teamsRef, tenantOf } from "./refs.js";
import { unescapeTeamsText } from "./text.js";

/** The sentence a user sees when something failed on Concord's side; the error itself goes to the log. */
const APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again in a moment.";

export interface TeamsBotOptions {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
}

/** Concord in Teams: the same words as Slack through the same parser, replies as Adaptive Cards. */
export class ConcordTeamsBot extends TeamsActivityHandler {
  constructor(private readonly options: TeamsBotOptions) {
    super();
    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  /** Keeps the conversation's reference, so Concord can post there later (proposals, reminders). */
  private async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const reference = TurnContext.getConversationReference(activity);
    const type = activity.conversation?.conversationType;
    const scope: Conversation["scope"] = type === "channel" ? "channel" : type === "groupChat" ? "groupChat" : "personal";
    await this.options.deps.store.conversations.save(
      {
        platform: "teams",
        conversationId: baseConversationId(activity),
        scope,
        userRef: scope === "personal" ? senderRef(activity) : null,
        address: { ...reference, conversation: { ...reference.conversation, id: baseConversationId(activity) } },
      },
      this.options.deps.clock.now(),
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    try {
      const action = context.activity.value === undefined ? undefined : parseCardAction(context.activity.value);
      if (context.activity.value !== undefined && !action) {
        await context.sendActivity("That card is out of date or was changed; please run the command again.");
        return;
      }
      if (action) {
        await this.handleCardAction(context, action);
        return;
      }
      const text = unescapeTeamsText(TurnContext.removeRecipientMention(context.activity as Activity) ?? "");
      const reply = await runCommandText(this.options.deps, this.commandContext(context), resolveMentions(context.activity, text));
      await this.sendReply(context, reply);
    } catch (error) {
      await context.sendActivity(APOLOGY).catch(() => {});
      throw error;
    }
  }

  private commandContext(context: TurnContext) {
    const activity = context.activity;
    const channelId = teamsGetChannelId(activity as Activity) ?? undefined;
    const reference = TurnContext.getConversationReference(activity);
    return {
      actor: { ref: senderRef(activity), ...(activity.from?.name ? { displayName: activity.from.name } : {}) },
      platform: "teams" as const,
      ...(channelId
        ? {
            channelId: baseConversationId(activity),
            channelAddress: { ...reference, conversation: { ...reference.conversation, id: baseConversationId(activity) } },
          }
        : {}),
    };
  }

  private async sendReply(context: TurnContext, reply: Reply): Promise<void> {
    if (reply.kind === "propose-form") {
      const card = renderProposeFormCard({
        term: reply.term,
        ...(reply.domain ? { domain: reply.domain } : {}),
        ...(reply.existing && reply.currentText !== undefined
          ? { existing: { name: reply.existing.name, currentText: reply.currentText } }
          : {}),
        nearDuplicates: reply.nearDuplicates,
        domains: await listDomains(this.options.deps),
      });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
      return;
    }
    const card = renderReplyCard(reply, this.options.links, this.options.deps.clock.now());
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  private async handleCardAction(context: TurnContext, action: CardAction): Promise<void> {
    const { deps, links } = this.options;
    const actor = this.commandContext(context).actor;
    const result = await runCardAction(deps, actor, action, context.activity.from?.name);
    if (result.kind === "text") {
      await context.sendActivity(result.text);
    } else if (result.shared) {
      // Shared into the conversation: the card without its buttons, which were for the one who looked it up.
      const card = renderReplyCard(result.reply, links, deps.clock.now());
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard({ ...card, actions: [] })] });
    } else {
      await this.sendReply(context, result.reply);
    }
  }
}

/** A channel thread's conversation id carries `;messageid=…`; the channel itself is the part before it. */
export function baseConversationId(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? "").split(";")[0]!;
}

/** Replaces `<at>Name</at>` mentions of people (not the bot) by their user refs, when Teams gave their AAD id. */
function resolveMentions(activity: Partial<Activity>, text: string): string {
  const tenant = tenantOf(activity);
  let resolved = text;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const mentioned = entity.mentioned as { id?: string; name?: string; aadObjectId?: string } | undefined;
    const mentionText = typeof entity.text === "string" ? entity.text : undefined;
    if (!mentioned || !mentionText || mentioned.id === activity.recipient?.id) continue;
    const aad = mentioned.aadObjectId ?? (mentioned.id?.match(/^[0-9a-f-]{36}$/i) ? mentioned.id : undefined);
    if (tenant && aad) resolved = resolved.replace(mentionText, teamsRef(tenant, aad));
  }
  return resolved;
}
