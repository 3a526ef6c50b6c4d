import type { WebClient } from "@slack/web-api";
import type { CoreDeps } from "../core/deps.js";
import { affectedHomes, loadDigestPost, usageNoticePurpose, viewImport, viewProposal, viewUsageChange, type ProposalView } from "../core/index.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { DigestPost, ImportEvent, Logger, UsageChangedEvent } from "../core/ports.js";
import {
  decisionView,
  digestView,
  importClosedView,
  importOpenedView,
  proposalNoticeView,
  proposalView,
  reminderView,
  supersededView,
  withdrawnBy,
  withdrawnView,
  usageChangeView,
  type ViewContext,
} from "../views/index.js";
import type { Links } from "../web/links.js";
import { toSlackMessage } from "./blocks/convert.js";
import { parseSlackRef } from "./refs.js";

export interface SlackNotifierOptions {
  readonly client: WebClient;
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  /**
   * The channel proposals are posted in (GLOSSARY_CHANNEL); without it, the one an admin chose with `governance
   * channel`; without either, only domain notices and reminders go out.
   */
  readonly governanceChannel: string | undefined;
}

type Message = { text: string; blocks?: unknown[] };

/**
 * Slack's side of the outbox. Everything it posts is read from stored state at delivery time and recorded in
 * the post ledger, so a retried or repeated event updates the live message instead of posting a second one.
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { client, deps, links, logger } = options;
  const ledger = deps.store.chatPosts;
  const now = (): ViewContext => ({ links, now: deps.clock.now() });

  /** Posts once per (proposal, purpose, channel); returns the message ts. */
  async function postOnce(proposalId: number, purpose: string, channel: string, message: Message, threadTs?: string) {
    const existing = (await ledger.find("slack", proposalId, purpose)).find((p) => p.channelId === channel);
    if (existing) return existing.messageId;
    const posted = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(message as { text: string }),
      unfurl_links: false,
    });
    const ts = posted.ts!;
    await ledger.record(
      { platform: "slack", proposalId, purpose, channelId: channel, messageId: ts },
      deps.clock.now(),
    );
    return ts;
  }

  /** The governance channel: the setting's, else the one chosen by command (read at each delivery). */
  async function governanceChannel(): Promise<string | undefined> {
    return options.governanceChannel ?? (await deps.store.repos.governanceChannels.get("slack"))?.channelId;
  }

  /**
   * The governance-channel message, posted if missing and brought up to date otherwise. A proposal an import
   * opened has no message of its own (its import's notice lists it), so one is only updated, never created.
   */
  async function syncProposalMessage(view: ProposalView): Promise<string | undefined> {
    const message = toSlackMessage(proposalView(view, now()));
    const [existing] = await ledger.find("slack", view.proposal.id, "proposal");
    if (existing) {
      await client.chat.update({ channel: existing.channelId, ts: existing.messageId, ...message });
      return existing.messageId;
    }
    if (view.proposal.importId !== null) return undefined;
    const channel = await governanceChannel();
    if (!channel) return undefined;
    return postOnce(view.proposal.id, "proposal", channel, message);
  }

  async function postNotices(view: ProposalView): Promise<void> {
    const governance = await governanceChannel();
    for (const { channelId } of await affectedHomes(deps, "slack", view.domains.map((d) => d.id))) {
      if (channelId !== governance) await postOnce(view.proposal.id, "notice", channelId, toSlackMessage(proposalNoticeView(view, now())));
    }
  }

  /**
   * An import's one notice per channel: the governance channel's lists all its proposals, each affected domain's
   * Slack home its own (not a second one where the home is the governance channel). The ledger keys them by the
   * import's first proposal, so a retried delivery posts only what is missing.
   */
  async function postImportNotices(event: ImportEvent): Promise<void> {
    const { importId } = event.payload;
    const view = await viewImport(deps, importId);
    const first = view?.proposals[0];
    if (!view || !first) {
      logger.warn("an import notice was skipped: the import is not recorded or opened no proposals", { kind: event.kind, importId });
      return;
    }
    const opened = event.kind === "import.opened";
    const purpose = opened ? "import-opened" : "import-closed";
    const render = opened ? importOpenedView : importClosedView;
    const governance = await governanceChannel();
    if (governance) await postOnce(first.proposal.id, purpose, governance, toSlackMessage(render(view, now())));
    for (const { domain, channelId } of await affectedHomes(deps, "slack", view.proposals.flatMap((entry) => entry.domains.map((d) => d.id)))) {
      if (channelId !== governance) await postOnce(first.proposal.id, purpose, channelId, toSlackMessage(render(view, now(), domain)));
    }
  }

  /**
   * A changed data product's notice: in the governance channel and in its domain's Slack home (once where they are
   * the same). It concerns no proposal, so the ledger keys it by the usage and the ingest that changed it.
   */
  async function postUsageChange(event: UsageChangedEvent): Promise<void> {
    const view = await viewUsageChange(deps, event.payload.usageId);
    if (!view) {
      logger.warn("a data product's notice was skipped: its usage or term is gone", { ...event.payload });
      return;
    }
    const purpose = usageNoticePurpose(event.payload);
    const message = toSlackMessage(usageChangeView(view, now()));
    const governance = await governanceChannel();
    if (governance) await postOnce(0, purpose, governance, message);
    for (const { channelId } of await affectedHomes(deps, "slack", [view.domain.id])) {
      if (channelId !== governance) await postOnce(0, purpose, channelId, message);
    }
  }

  async function replyInThread(view: ProposalView, purpose: string, message: Message): Promise<void> {
    const ts = await syncProposalMessage(view);
    if (!ts) return;
    const [post] = await ledger.find("slack", view.proposal.id, "proposal");
    const channel = post?.channelId ?? (await governanceChannel());
    if (channel) await postOnce(view.proposal.id, purpose, channel, message, ts);
  }

  /** One channel's digest: a delivery of its own in the outbox, so a crash mid-way re-sends only the channels left. */
  async function postDigest(post: DigestPost) {
    const loaded = await loadDigestPost(deps, post);
    if (!loaded) {
      logger.warn("a digest post was skipped: its digest or domain no longer exists", { ...post });
      return;
    }
    const message = toSlackMessage(digestView(loaded.digest, now(), loaded.domain ? { focus: loaded.domain } : {}));
    await client.chat.postMessage({ channel: post.channelId, ...message, unfurl_links: false });
  }

  return {
    destination: "slack",
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
          // An imported proposal is announced by its import's notice, not by a card of its own.
          if (view.proposal.importId !== null) return;
          await syncProposalMessage(view);
          await postNotices(view);
          return;
        case "proposal.tally":
          await syncProposalMessage(view);
          return;
        case "proposal.decided":
          await replyInThread(view, "decision", toSlackMessage(decisionView(view, now())));
          return;
        case "proposal.superseded":
          await replyInThread(view, "superseded", toSlackMessage(supersededView(view, now())));
          return;
        case "proposal.withdrawn":
          await replyInThread(view, "withdrawn", toSlackMessage(withdrawnView(view, withdrawnBy(event.payload))));
          return;
        case "proposal.reminder": {
          // An imported proposal's owners were told of it by the import's notice, which lists the proposals and
          // points to `pending`; a reminder per proposal would be the flood of messages that notice replaces.
          if (view.proposal.importId !== null) return;
          const refs = Array.isArray(event.payload.memberRefs) ? (event.payload.memberRefs as unknown[]) : [];
          for (const ref of refs) {
            const user = typeof ref === "string" ? parseSlackRef(ref) : undefined;
            if (!user) continue;
            await postOnce(view.proposal.id, `reminder:${ref as string}`, user.userId, toSlackMessage(reminderView(view, now(), ref as string)));
          }
          return;
        }
        default:
          logger.warn("the Slack notifier skipped an event kind it does not know", { kind: (event as { kind: string }).kind });
      }
    },
  };
}

