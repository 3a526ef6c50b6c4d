import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  teamsGetChannelId,
  type Activity,
} from "botbuilder";
import { firstProblem, runAction, type Action } from "../commands/actions.js";
import { runCommandText } from "../commands/execute.js";
import type { CoreDeps } from "../core/deps.js";
import type { Conversation, Logger } from "../core/ports.js";
import { replyView, shareable, type View } from "../views/index.js";
import type { Links } from "../web/links.js";
import { parseCardAction } from "./cards/actions.js";
import { toAdaptiveCard } from "./cards/convert.js";
import { toFormCard } from "./cards/form.js";
import { senderRef, teamsRef, tenantOf } from "./refs.js";
import { unescapeTeamsText } from "./text.js";

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

  /** A message or a card's submission; a failure reaches the adapter's turn error handler, which apologises once. */
  private async handleMessage(context: TurnContext): Promise<void> {
    const { value } = context.activity;
    if (value !== undefined) {
      const action = parseCardAction(value);
      if (!action) await context.sendActivity("That card is out of date or was changed; please run the command again.");
      else await this.handleAction(context, action);
      return;
    }
    const text = unescapeTeamsText(TurnContext.removeRecipientMention(context.activity as Activity) ?? "");
    const mentions = resolveMentions(context.activity, text);
    const reply = await runCommandText(
      this.options.deps,
      { ...this.commandContext(context), mentionedNames: mentions.names },
      mentions.text,
    );
    await this.send(context, replyView(reply, this.viewContext()));
  }

  private commandContext(context: TurnContext) {
    const activity = context.activity;
    const channelId = teamsGetChannelId(activity as Activity) ?? undefined;
    const reference = TurnContext.getConversationReference(activity);
    const conversationId = baseConversationId(activity);
    return {
      actor: { ref: senderRef(activity), ...(activity.from?.name ? { displayName: activity.from.name } : {}) },
      platform: "teams" as const,
      ...(conversationId ? { conversationId } : {}),
      // Only a personal chat is seen by the sender alone.
      ...(activity.conversation?.conversationType === "personal" ? { repliesPrivately: true } : {}),
      ...(channelId
        ? {
            channelId: baseConversationId(activity),
            channelAddress: { ...reference, conversation: { ...reference.conversation, id: baseConversationId(activity) } },
          }
        : {}),
    };
  }

  private viewContext() {
    return { links: this.options.links, now: this.options.deps.clock.now() };
  }

  private async send(context: TurnContext, view: View): Promise<void> {
    const card = view.kind === "form" ? toFormCard(view) : toAdaptiveCard(view);
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  private async handleAction(context: TurnContext, action: Action): Promise<void> {
    const { actor, conversationId } = this.commandContext(context);
    const voterName = context.activity.from?.name;
    const result = await runAction(this.options.deps, actor, action, {
      ...(voterName ? { voterName } : {}),
      ...(conversationId ? { origin: { platform: "teams", conversationId } } : {}),
    });
    if (result.kind === "text") await context.sendActivity(result.text);
    else if (result.kind === "refused") await context.sendActivity(result.message);
    else if (result.kind === "invalid") await context.sendActivity(firstProblem(result.errors));
    else {
      const view = replyView(result.reply, this.viewContext());
      // Shared into the conversation: the card without its buttons, which were for the one who looked it up.
      await this.send(context, result.shared && view.kind === "message" ? shareable(view) : view);
    }
  }
}

/** A channel thread's conversation id carries `;messageid=…`; the channel itself is the part before it. */
export function baseConversationId(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? "").split(";")[0]!;
}

/**
 * Replaces `<at>Name</at>` mentions of people (not the bot) by their user refs, when Teams gave their AAD id; with
 * the names Teams gave them, by ref.
 */
function resolveMentions(activity: Partial<Activity>, text: string): { text: string; names: Map<string, string> } {
  const tenant = tenantOf(activity);
  const names = new Map<string, string>();
  let resolved = text;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const mentioned = entity.mentioned as { id?: string; name?: string; aadObjectId?: string } | undefined;
    const mentionText = typeof entity.text === "string" ? entity.text : undefined;
    if (!mentioned || !mentionText || mentioned.id === activity.recipient?.id) continue;
    const aad = mentioned.aadObjectId ?? (mentioned.id?.match(/^[0-9a-f-]{36}$/i) ? mentioned.id : undefined);
    if (tenant && aad) {
      resolved = resolved.replace(mentionText, teamsRef(tenant, aad));
      if (mentioned.name) names.set(teamsRef(tenant, aad), mentioned.name);
    }
  }
  return { text: resolved, names };
}
