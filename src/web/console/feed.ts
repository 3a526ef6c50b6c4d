import type { CoreDeps } from "../../core/deps.js";
import { loadDigestPost, viewImport, viewProposal, viewUsageChange, type ImportView, type ProposalView } from "../../core/index.js";
import type { OutboxEvent } from "../../core/ports.js";
import {
  decisionView,
  digestView,
  importClosedView,
  importOpenedView,
  usageChangeView,
  proposalView,
  reminderView,
  supersededView,
  withdrawnBy,
  withdrawnView,
  type MessageView,
  type ViewContext,
} from "../../views/index.js";
import type { Links } from "../links.js";
import { toConsoleHtml } from "./render.js";

/** How many delivered events the console replays into its channel. */
const FEED_EVENTS = 500;
/**
 * How many of the channel's latest messages it shows. Each is rendered from current state at every fetch, so the
 * page's refresh stays quick however long the channel's history grows.
 */
const FEED_MESSAGES = 30;

/** One message in the console's channel: its markup, and the replies in its thread. */
export interface FeedMessage {
  readonly id: string;
  readonly at: string;
  readonly html: string;
  readonly thread: readonly { readonly at: string; readonly html: string }[];
  /** The persona who shared it in the channel (a looked-up definition), when a persona posted it. */
  readonly sharedBy?: string;
}

/** What the console shows besides the caller's own replies: the shared channel, and the persona's direct messages. */
export interface Feed {
  readonly channel: readonly FeedMessage[];
  readonly direct: readonly FeedMessage[];
}

/**
 * The console's channel, rebuilt from the outbox events delivered to it: each proposal is one message showing its
 * current state (so it "updates in place"), decisions are replies in its thread, reminders go to the persona
 * they name, and digests are messages of their own. An import's proposals have no message each: the import's
 * notice when it opened them, and its outcome when the last closed, are the channel's messages about them. `shared` are the messages personas posted there (shared
 * lookups), placed among the others by time.
 */
export async function buildFeed(
  deps: CoreDeps,
  links: Links,
  destination: string,
  personaRef: string | undefined,
  shared: readonly FeedMessage[] = [],
): Promise<Feed> {
  const events = await deps.store.outboxQueue.delivered(destination, FEED_EVENTS);
  const ctx: ViewContext = { links, now: deps.clock.now() };
  const views = new Map<number, ProposalView | null>();
  const view = async (proposalId: number) => {
    if (!views.has(proposalId)) views.set(proposalId, await viewProposal(deps, proposalId).catch(() => null));
    return views.get(proposalId) ?? undefined;
  };
  const channel: (FeedMessage & { thread: { at: string; html: string }[] })[] = [];
  const direct: FeedMessage[] = [];
  const byProposal = new Map<number, (typeof channel)[number]>();
  const imports = new Map<number, ImportView | null>();
  const importView = async (importId: number) => {
    if (!imports.has(importId)) imports.set(importId, (await viewImport(deps, importId).catch(() => undefined)) ?? null);
    return imports.get(importId) ?? undefined;
  };
  const shown = latestMessages(events, importedProposals(events));

  for (const { eventId, event, createdAt } of events) {
    const at = createdAt.toISOString();
    if (event.kind === "proposal.reminder") {
      // A reminder is a direct message: shown to the persona it names, and only rendered for them.
      if (!personaRef || !remindedRefs(event).includes(personaRef)) continue;
      const current = await view(event.proposalId);
      // An imported proposal gets no reminder of its own: the import's notice listed it and pointed to `pending`.
      if (current && current.proposal.importId === null) {
        const shownTo = personaRef.startsWith("local:") ? personaRef.slice("local:".length) : personaRef;
        direct.push({ id: `reminder-${eventId}`, at, html: toConsoleHtml(reminderView(current, ctx, personaRef), { shownTo }), thread: [] });
      }
      continue;
    }
    if (!shown.has(messageId(eventId, event))) continue;
    if (event.kind === "digest.post") {
      const loaded = await loadDigestPost(deps, event.payload);
      if (loaded) channel.push({ id: messageId(eventId, event), at, html: toConsoleHtml(digestView(loaded.digest, ctx)), thread: [] });
      continue;
    }
    if (event.kind === "usage.changed") {
      const loaded = await viewUsageChange(deps, event.payload.usageId);
      if (loaded) channel.push({ id: messageId(eventId, event), at, html: toConsoleHtml(usageChangeView(loaded, ctx)), thread: [] });
      continue;
    }
    if (!("proposalId" in event)) {
      const loaded = await importView(event.payload.importId);
      const notice = loaded && (event.kind === "import.opened" ? importOpenedView(loaded, ctx) : importClosedView(loaded, ctx));
      if (notice) channel.push({ id: messageId(eventId, event), at, html: toConsoleHtml(notice), thread: [] });
      continue;
    }
    const current = await view(event.proposalId);
    if (!current || current.proposal.importId !== null) continue;
    let message = byProposal.get(event.proposalId);
    if (!message) {
      message = { id: messageId(eventId, event), at, html: toConsoleHtml(proposalView(current, ctx)), thread: [] };
      byProposal.set(event.proposalId, message);
      channel.push(message);
    }
    const reply = threadReply(event, current, ctx);
    if (reply) message.thread.push({ at, html: toConsoleHtml(reply) });
  }
  if (shared.length === 0) return { channel, direct };
  const merged = [...channel, ...shared].sort((a, b) => a.at.localeCompare(b.at));
  return { channel: merged.slice(-FEED_MESSAGES), direct };
}

/** The channel message an event belongs to: a digest's own, or its proposal's. */
function messageId(eventId: number, event: OutboxEvent): string {
  return "proposalId" in event ? `proposal-${event.proposalId}` : `${event.kind}-${eventId}`;
}

/** The channel's latest messages, in the order they were first posted; an imported proposal has none of its own. */
function latestMessages(events: readonly { readonly eventId: number; readonly event: OutboxEvent }[], imported: ReadonlySet<number>): ReadonlySet<string> {
  const order = new Set<string>();
  for (const { eventId, event } of events) {
    if (event.kind === "proposal.reminder" || ("proposalId" in event && imported.has(event.proposalId))) continue;
    order.add(messageId(eventId, event));
  }
  return new Set([...order].slice(-FEED_MESSAGES));
}

/** The proposals an import opened, as their opening events say (a later event of one is skipped once it is read). */
function importedProposals(events: readonly { readonly event: OutboxEvent }[]): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const { event } of events) if (event.kind === "proposal.opened" && typeof event.payload.importId === "number") ids.add(event.proposalId);
  return ids;
}

function threadReply(event: OutboxEvent, view: ProposalView, ctx: ViewContext): MessageView | undefined {
  switch (event.kind) {
    case "proposal.decided":
      return decisionView(view, ctx);
    case "proposal.superseded":
      return supersededView(view, ctx);
    case "proposal.withdrawn":
      return withdrawnView(view, withdrawnBy(event.payload));
    default:
      return undefined;
  }
}

function remindedRefs(event: OutboxEvent): string[] {
  if (event.kind !== "proposal.reminder") return [];
  const refs = event.payload.memberRefs;
  return Array.isArray(refs) ? refs.filter((ref): ref is string => typeof ref === "string") : [];
}
