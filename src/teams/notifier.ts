import { CardFactory, type CloudAdapter, type ConversationReference, type TurnContext } from "botbuilder";
import type { CoreDeps } from "../core/deps.js";
import { affectedHomes, loadDigestPost, usageNoticePurpose, viewImport, viewProposal, viewUsageChange, type ProposalView } from "../core/index.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { ChatPost, Conversation, DigestPost, ImportEvent, Logger, UsageChangedEvent } from "../core/ports.js";
import type { Links } from "../web/links.js";
import {
  decisionView,
  digestView,
  importClosedView,
  importOpenedView,
  proposalView,
  reminderView,
  supersededView,
  withdrawnBy,
  withdrawnView,
  usageChangeView,
  type ViewContext,
} from "../views/index.js";
import { toAdaptiveCard, toTeamsText } from "./cards/convert.js";

/** Where one card goes: a channel, the address to use when none is stored for it, and the card drawn for it. */
interface CardTarget {
  readonly channelId: string;
  readonly fallback?: unknown;
  readonly card: () => unknown;
  readonly domain?: string;
}

export interface TeamsNotifierOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id ("" for a local emulator). */
  readonly appId: string;
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
}

/**
 * Teams' side of the outbox: the proposal card in the governance channel, in each affected domain's Teams home
 * channel and in the chat it was proposed in, each updated in place, a reply in its thread when decided, and
 * reminders in personal chats. Every post is recorded in the ledger, so a retried event updates instead of posting twice.
 */
export function createTeamsNotifier(options: TeamsNotifierOptions): Notifier {
  const { adapter, deps, links } = options;
  const ledger = deps.store.chatPosts;
  const now = (): ViewContext => ({ links, now: deps.clock.now() });

  /**
   * Runs a proactive turn and rethrows its failure. The adapter's turn error handler (which apologises in chat)
   * must not see it: the outbox retries the delivery instead, so nothing is lost and no apology is posted.
   */
  async function inConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
    let failure: { error: unknown } | undefined;
    await adapter.continueConversationAsync(options.appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  /**
   * Where a proposal's card belongs, each with its stored reference: the governance channel, the affected domains'
   * home channels, the conversation it was proposed in, and wherever a card of it was posted before. A proposal an
   * import opened has no card of its own (its import's notice lists it): only cards posted before are kept up to date.
   */
  async function cardTargets(view: ProposalView, posted: readonly ChatPost[], origin: string | undefined) {
    const governance = await deps.store.repos.governanceChannels.get("teams");
    const wanted: { channelId: string; fallback?: unknown; domain?: string }[] = [];
    const want = (channelId: string, extra: { fallback?: unknown; domain?: string } = {}) => {
      if (!wanted.some((w) => w.channelId === channelId)) wanted.push({ channelId, ...extra });
    };
    if (view.proposal.importId === null) {
      if (governance) want(governance.channelId, { fallback: governance.address });
      for (const { domain, channelId } of await affectedHomes(deps, "teams", view.domains.map((d) => d.id))) want(channelId, { domain: domain.slug });
      if (origin) want(origin);
    }
    for (const post of posted) want(post.channelId, governance?.channelId === post.channelId ? { fallback: governance.address } : {});

    const targets: { channelId: string; scope: Conversation["scope"]; reference: Partial<ConversationReference> }[] = [];
    for (const { channelId, fallback, domain } of wanted) {
      const conversation = await deps.store.conversations.get("teams", channelId);
      const address = conversation?.address ?? fallback;
      if (address) targets.push({ channelId, scope: conversation?.scope ?? "channel", reference: address as Partial<ConversationReference> });
      else options.logger.warn("a Teams conversation for a proposal's card has no stored reference", { channelId, ...(domain ? { domain } : {}) });
    }
    return targets;
  }

  async function syncCards(view: ProposalView, origin?: string) {
    const card = CardFactory.adaptiveCard(toAdaptiveCard(proposalView(view, now())));
    const posted = await ledger.find("teams", view.proposal.id, "proposal");
    const threads: { reference: Partial<ConversationReference>; scope: Conversation["scope"]; messageId: string }[] = [];
    for (const home of await cardTargets(view, posted, origin)) {
      const existing = posted.find((p) => p.channelId === home.channelId);
      if (existing) {
        await inConversation(home.reference, async (context) => {
          await context.updateActivity({ type: "message", id: existing.messageId, attachments: [card] });
        });
        threads.push({ reference: home.reference, scope: home.scope, messageId: existing.messageId });
        continue;
      }
      let messageId: string | undefined;
      await inConversation(home.reference, async (context) => {
        messageId = (await context.sendActivity({ attachments: [card] }))?.id;
      });
      if (!messageId) throw new Error("Teams did not return the id of the posted proposal card");
      await ledger.record(
        { platform: "teams", proposalId: view.proposal.id, purpose: "proposal", channelId: home.channelId, messageId },
        deps.clock.now(),
      );
      threads.push({ reference: home.reference, scope: home.scope, messageId });
    }
    return threads;
  }

  async function replyInThreads(view: ProposalView, purpose: string, text: string) {
    const done = await ledger.find("teams", view.proposal.id, purpose);
    for (const thread of await syncCards(view)) {
      const channelId = thread.reference.conversation?.id ?? "";
      if (done.some((p) => p.channelId === channelId)) continue;
      // A channel message has a thread; a chat has none, so there the reply follows the card.
      const threadReference =
        thread.scope === "channel"
          ? { ...thread.reference, conversation: { ...thread.reference.conversation!, id: `${channelId};messageid=${thread.messageId}` } }
          : thread.reference;
      let messageId: string | undefined;
      await inConversation(threadReference, async (context) => {
        messageId = (await context.sendActivity(text))?.id;
      });
      await ledger.record(
        { platform: "teams", proposalId: view.proposal.id, purpose, channelId, messageId: messageId ?? "" },
        deps.clock.now(),
      );
    }
  }

  /**
   * An import's one card per channel: the governance channel's lists all its proposals, each affected domain's
   * Teams home its own (not a second one where the home is the governance channel). The ledger keys them by the
   * import's first proposal, so a retried delivery posts only what is missing.
   */
  async function postImportNotices(event: ImportEvent) {
    const { importId } = event.payload;
    const view = await viewImport(deps, importId);
    const first = view?.proposals[0];
    if (!view || !first) {
      options.logger.warn("an import notice was skipped: the import is not recorded or opened no proposals", { kind: event.kind, importId });
      return;
    }
    const opened = event.kind === "import.opened";
    const purpose = opened ? "import-opened" : "import-closed";
    const render = opened ? importOpenedView : importClosedView;
    const governance = await deps.store.repos.governanceChannels.get("teams");
    const targets: CardTarget[] = [];
    if (governance) targets.push({ channelId: governance.channelId, fallback: governance.address, card: () => toAdaptiveCard(render(view, now())) });
    for (const { domain, channelId } of await affectedHomes(deps, "teams", view.proposals.flatMap((entry) => entry.domains.map((d) => d.id)))) {
      if (targets.some((t) => t.channelId === channelId)) continue;
      targets.push({ channelId, card: () => toAdaptiveCard(render(view, now(), domain)), domain: domain.slug });
    }
    await postCardsOnce(first.proposal.id, purpose, targets, "an import's notice", { importId });
  }

  /**
   * A changed data product's card: in the governance channel and in its domain's Teams home (once where they are
   * the same), keyed in the ledger by the usage and the ingest that changed it.
   */
  async function postUsageChange(event: UsageChangedEvent) {
    const view = await viewUsageChange(deps, event.payload.usageId);
    if (!view) {
      options.logger.warn("a data product's notice was skipped: its usage or term is gone", { ...event.payload });
      return;
    }
    const card = () => toAdaptiveCard(usageChangeView(view, now()));
    const governance = await deps.store.repos.governanceChannels.get("teams");
    const targets: CardTarget[] = [];
    if (governance) targets.push({ channelId: governance.channelId, fallback: governance.address, card });
    for (const { channelId } of await affectedHomes(deps, "teams", [view.domain.id])) {
      if (!targets.some((t) => t.channelId === channelId)) targets.push({ channelId, card });
    }
    await postCardsOnce(0, usageNoticePurpose(event.payload), targets, "a data product's notice", { ...event.payload });
  }

  /**
   * One card to each target not yet in the post ledger under (`proposalId`, `purpose`), each recorded once sent, so
   * a retried delivery posts only what is missing; a conversation with no stored reference is logged and skipped.
   */
  async function postCardsOnce(proposalId: number, purpose: string, targets: readonly CardTarget[], what: string, context: Record<string, unknown>) {
    const done = await ledger.find("teams", proposalId, purpose);
    for (const target of targets) {
      if (done.some((p) => p.channelId === target.channelId)) continue;
      const address = (await deps.store.conversations.get("teams", target.channelId))?.address ?? target.fallback;
      if (!address) {
        options.logger.warn(`a Teams conversation for ${what} has no stored reference`, { channelId: target.channelId, ...context, ...(target.domain ? { domain: target.domain } : {}) });
        continue;
      }
      let messageId: string | undefined;
      await inConversation(address as Partial<ConversationReference>, async (turn) => {
        messageId = (await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(target.card())] }))?.id;
      });
      await ledger.record({ platform: "teams", proposalId, purpose, channelId: target.channelId, messageId: messageId ?? "" }, deps.clock.now());
    }
  }

  /** One channel's digest: a delivery of its own in the outbox, so a crash mid-way re-sends only the channels left. */
  async function postDigest(post: DigestPost) {
    const loaded = await loadDigestPost(deps, post);
    const conversation = await deps.store.conversations.get("teams", post.channelId);
    if (!loaded || !conversation) {
      options.logger.warn("a digest post was skipped: its digest, domain or stored conversation is gone", { ...post });
      return;
    }
    const card = toAdaptiveCard(digestView(loaded.digest, now(), loaded.domain ? { focus: loaded.domain } : {}));
    await inConversation(conversation.address as Partial<ConversationReference>, async (context) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    });
  }

  return {
    destination: "teams",
    async deliver(event) {
      if (event.kind === "digest.post") {
        await postDigest(event.payload);
        return;
      }
      if (event.kind === "usage.changed") {
        await postUsageChange(event);
        return;
      }
      if (!("proposalId" in event)) {
        await postImportNotices(event);
        return;
      }
      const view = await viewProposal(deps, event.proposalId);
      switch (event.kind) {
        case "proposal.opened":
          await syncCards(view, teamsOrigin(event.payload));
          return;
        case "proposal.tally":
          await syncCards(view);
          return;
        case "proposal.decided":
          await replyInThreads(view, "decision", toTeamsText(decisionView(view, now())));
          return;
        case "proposal.superseded":
          await replyInThreads(view, "superseded", toTeamsText(supersededView(view, now())));
          return;
        case "proposal.withdrawn":
          await replyInThreads(view, "withdrawn", toTeamsText(withdrawnView(view, withdrawnBy(event.payload))));
          return;
        case "proposal.reminder": {
          // An imported proposal's owners were told of it by the import's notice, which lists the proposals and
          // points to `pending`; a reminder per proposal would be the flood of messages that notice replaces.
          if (view.proposal.importId !== null) return;
          const refs = Array.isArray(event.payload.memberRefs) ? (event.payload.memberRefs as unknown[]) : [];
          const done = await ledger.find("teams", view.proposal.id, "reminder");
          for (const ref of refs) {
            if (typeof ref !== "string" || !ref.startsWith("teams:") || done.some((p) => p.channelId === ref)) continue;
            const chat = await deps.store.conversations.personal("teams", ref);
            if (!chat) continue;
            let messageId: string | undefined;
            await inConversation(chat.address as Partial<ConversationReference>, async (context) => {
              const card = toAdaptiveCard(reminderView(view, now(), ref));
              messageId = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id;
            });
            await ledger.record(
              { platform: "teams", proposalId: view.proposal.id, purpose: "reminder", channelId: ref, messageId: messageId ?? "" },
              deps.clock.now(),
            );
          }
          return;
        }
        default:
          options.logger.warn("the Teams notifier skipped an event kind it does not know", { kind: (event as { kind: string }).kind });
      }
    },
  };
}

/** The Teams conversation a proposal was made in, from its `proposal.opened` event. */
function teamsOrigin(payload: Readonly<Record<string, unknown>>): string | undefined {
  const origin = payload.origin as { platform?: unknown; conversationId?: unknown } | undefined;
  return origin?.platform === "teams" && typeof origin.conversationId === "string" && origin.conversationId !== "" ? origin.conversationId : undefined;
}
