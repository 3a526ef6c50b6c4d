import type { PendingProposal, Proposal } from "../core/index.js";
import { formatRelative, plural, POSITION_WORD } from "../commands/format.js";
import type { Links } from "../web/links.js";
import type { Block, Icon, MessageView, Rich, ViewContext } from "./model.js";
import { bold, command, date, icon, join, link, ref, rich, text, words } from "./rich.js";
import { voicelessBlocks } from "./stuck.js";

const PENDING_SHOWN = 15;
/** Characters of proposed text quoted in a notice, a reminder or a pending entry. */
const PROPOSAL_SNIPPET = 280;
/** The label of the link a cut proposal ends with. */
export const READ_PROPOSAL = "Read the full proposal";

/** The icon of each position a domain (or a vote) can take. */
export const POSITION_ICON: Record<PendingProposal["yourDomains"][number]["position"], Icon> = {
  approve: "approve",
  object: "object",
  abstain: "abstain",
  none: "waiting",
};

/**
 * Proposals on the caller's domains, nearest deadline first, each with the vote buttons: those that cannot pass as
 * things stand first, apart from those merely waiting on votes.
 */
export function pendingView(pending: readonly PendingProposal[], ctx: ViewContext): MessageView {
  if (pending.length === 0) {
    return { kind: "message", summary: "Nothing waits on your domains' votes right now.", blocks: [{ kind: "text", text: rich`Nothing waits on your domains' votes right now. ${icon("celebrate")}` }] };
  }
  const stuck = pending.filter((entry) => entry.passability.stuck);
  const waiting = pending.filter((entry) => !entry.passability.stuck);
  const blocks: Block[] = [];
  if (stuck.length > 0) {
    blocks.push(
      { kind: "text", tone: "warning", text: rich`${icon("warning")} ${bold(`${plural(stuck.length, "proposal")} stuck`)}: ${words(stuck.length === 1 ? "it cannot" : "they cannot")} pass until an affected domain has an owner whose vote counts.` },
      pendingList(stuck, ctx, PENDING_SHOWN, (hidden) => rich`…and ${plural(hidden, "more stuck proposal")}.`),
    );
  }
  if (waiting.length > 0) {
    const more = (hidden: number) => rich`…and ${plural(hidden, "more proposal")}, due later than these; send ${command("pending")} again once you have voted on these.`;
    blocks.push({ kind: "text", text: rich`${words(plural(waiting.length, "proposal"))} waiting on your domains, nearest deadline first:` }, pendingList(waiting, ctx, PENDING_SHOWN, more));
  }
  const summary = [stuck.length > 0 ? `${plural(stuck.length, "proposal")} stuck` : "", waiting.length > 0 ? `${plural(waiting.length, "proposal")} waiting on your domains` : ""];
  return { kind: "message", summary: summary.filter(Boolean).join(", "), blocks };
}

/** Pending proposals as a list of entries with their vote buttons. */
export function pendingList(pending: readonly PendingProposal[], ctx: ViewContext, max: number, more: (hidden: number) => Rich): Block {
  return { kind: "list", items: pending.map((entry) => pendingItem(entry, ctx)), max, more };
}

/** One proposal on the caller's domains: what, when it closes, their positions, why it is stuck, the text, the buttons. */
function pendingItem(entry: PendingProposal, ctx: ViewContext): Block {
  const { proposal } = entry;
  const title = link(ctx.links.proposal(proposal.id), `#${proposal.id} ${proposal.kind} ${proposal.termName}`);
  const yours = entry.yourDomains.map((d) => rich`${bold(d.name)} ${icon(POSITION_ICON[d.position])} ${words(POSITION_WORD[d.position])}`);
  const positions = yours.length > 0 ? rich`Your domains: ${join(yours, ", ")}` : rich`None of your domains is affected`;
  const voted =
    entry.proposedByYou && !proposal.allowSelfApproval
      ? "you proposed it, so your own vote does not count"
      : entry.voted
        ? "you have voted (you can still change it)"
        : "you have not voted";
  return {
    kind: "group",
    blocks: [
      { kind: "text", text: rich`${bold(title)}: ${closes(proposal, ctx.now)}` },
      { kind: "text", text: rich`${positions} · ${words(voted)}` },
      ...voicelessBlocks(entry.passability, entry.proposedByYou ? "proposer" : { proposer: ref(proposal.proposerRef) }),
      proposalSnippet(proposal, ctx.links),
      { kind: "votes", proposalId: proposal.id },
    ],
  };
}

/** When a proposal closes, for people: "closes in 2 days (4 Mar 09:00)". */
export function closes(proposal: Proposal, now: Date): Rich {
  return proposal.deadline.getTime() > now.getTime()
    ? rich`closes ${words(formatRelative(proposal.deadline, now))} (${date(proposal.deadline)})`
    : rich`has reached its deadline; the outcome is being recorded`;
}

/** A short quote of what a proposal proposes, for notices, reminders and lists. */
export function proposalSnippet(proposal: Proposal, links: Links): Block {
  if (proposal.kind === "deprecate" || proposal.text === null) return { kind: "text", style: "quote", text: rich`Deprecate ${proposal.termName}.` };
  return {
    kind: "text",
    style: "quote",
    text: text(proposal.text),
    cut: { max: PROPOSAL_SNIPPET, more: { url: links.proposal(proposal.id), label: READ_PROPOSAL } },
  };
}
