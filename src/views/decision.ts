import type { ProposalView } from "../core/index.js";
import { formatRelative, plural } from "../commands/format.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { closes, proposalSnippet } from "./pending.js";
import { describeStatus, objectionList } from "./proposal.js";
import { bold, date, icon, link, listOf, ref, rich, words } from "./rich.js";

function reply(summary: string, line: Rich, ...more: Block[]): MessageView {
  return { kind: "message", summary, blocks: [{ kind: "text", text: line }, ...more] };
}

/** The thread reply when a proposal is decided: approved with its version, rejected with the standing objections, or expired. */
export function decisionView(view: ProposalView, ctx: ViewContext): MessageView {
  const { proposal } = view;
  const { links } = ctx;
  const name = bold(proposal.termName);
  const termPage = links.term(proposal.termSlug);
  const about = `Proposal #${proposal.id} on ${proposal.termName}`;
  switch (proposal.status) {
    case "approved": {
      const version = proposal.resultVersion === null ? undefined : link(termPage, `version ${proposal.resultVersion}`);
      const line =
        proposal.kind === "deprecate"
          ? rich`${icon("approve")} Approved: ${name} is now deprecated.`
          : !version
            ? rich`${icon("approve")} Approved: ${link(termPage, proposal.termName)}.`
            : proposal.kind === "create"
              ? rich`${icon("approve")} Approved: ${name} is now in the glossary as ${version}.`
              : rich`${icon("approve")} Approved: ${name} is now at ${version}.`;
      return reply(`${about} was approved.`, line);
    }
    case "rejected": {
      const standing = view.votes.filter((vote) => vote.position === "object" && vote.counted);
      const why = standing.length === 1 ? "an objection stands" : `${plural(standing.length, "objection")} stand`;
      const intro = rich`${icon("object")} Rejected: proposal #${proposal.id} on ${name} is closed because ${words(why)}.`;
      return reply(`${about} was rejected.`, intro, ...(standing.length > 0 ? [objectionList(view, standing, links.proposal(proposal.id))] : []));
    }
    case "expired": {
      const unchanged =
        proposal.kind === "create"
          ? rich`${name} was not added to the glossary.`
          : view.base
            ? rich`${name} stays at ${link(termPage, `version ${view.base.version}`)}.`
            : rich`${name} is unchanged.`;
      const silent = view.domains.filter((d) => d.tally.position === "none").map((d) => bold(d.name));
      const waiting = silent.length > 0 ? rich` No position from ${listOf(silent)}.` : [];
      return reply(`${about} expired.`, rich`${icon("expired")} Expired: no decision was reached by the deadline. ${unchanged}${waiting}`);
    }
    case "superseded":
      return supersededView(view, ctx);
    case "withdrawn":
      return withdrawnView(view);
    case "open":
      return reply(`${about} is still open.`, rich`${icon("waiting")} Proposal #${proposal.id} on ${name} is still open; voting closes ${date(proposal.deadline)}.`);
  }
}

/** The thread reply when another proposal on the same term was approved first. */
export function supersededView(view: ProposalView, ctx: ViewContext): MessageView {
  const { proposal } = view;
  const winner =
    proposal.supersededBy === null ? rich`another proposal` : link(ctx.links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`);
  return reply(
    `Proposal #${proposal.id} on ${proposal.termName} was superseded.`,
    rich`${icon("superseded")} Superseded: ${winner} on ${bold(proposal.termName)} was approved first, so voting here is closed. ${link(ctx.links.term(proposal.termSlug), "Read the current definition")}; to change it further, propose again from there.`,
  );
}

/** The thread reply when the proposer (or an admin) withdraws a proposal; `by` is the ref of whoever withdrew it. */
export function withdrawnView(view: ProposalView, by?: string): MessageView {
  const { proposal } = view;
  const known = [...(view.proposer ? [view.proposer] : []), ...view.votes.map((vote) => vote.member), ...view.domains.flatMap((domain) => domain.owners)];
  const who = by === undefined ? [] : rich` by ${ref(by, known)}`;
  return reply(
    `Proposal #${proposal.id} on ${proposal.termName} was withdrawn.`,
    rich`${icon("withdrawn")} Proposal #${proposal.id} on ${bold(proposal.termName)} was withdrawn${who}; voting is closed.`,
  );
}

/** Who withdrew a proposal, as its `proposal.withdrawn` event names them. */
export function withdrawnBy(payload: Readonly<Record<string, unknown>>): string | undefined {
  return typeof payload["by"] === "string" ? payload["by"] : undefined;
}

/**
 * The reminder sent to an owner who has not voted, a day before the deadline, with the vote buttons.
 * `recipientRef` names the owner, so it says which of their domains still has no position.
 */
export function reminderView(view: ProposalView, ctx: ViewContext, recipientRef?: string): MessageView {
  const { proposal } = view;
  const theirs = recipientRef ? view.domains.filter((d) => d.owners.some((owner) => owner.refs.includes(recipientRef))) : [];
  const silent = (theirs.length > 0 ? theirs : view.domains).filter((d) => d.tally.position === "none");
  const names = listOf(silent.map((d) => bold(d.name)));
  const has = silent.length === 1 ? "has" : "have";
  // The proposer's own vote is advisory unless self-approval was on when the proposal opened.
  const advisory =
    recipientRef !== undefined && !proposal.allowSelfApproval && (recipientRef === proposal.proposerRef || (view.proposer?.refs.includes(recipientRef) ?? false));
  const yourVote = words(advisory ? " As you proposed it, your own vote is advisory: the other owners' votes decide." : "");
  let waiting: Rich;
  if (silent.length === 0) {
    waiting = advisory
      ? words("as you proposed it, your own vote is advisory: the other owners' votes decide.")
      : words(theirs.length > 0 ? "your vote still counts for your domain until then." : "your vote is still welcome.");
  } else if (theirs.length > 0) waiting = rich`your ${words(silent.length === 1 ? "domain" : "domains")} ${names} ${words(has)} no position yet.${yourVote}`;
  else waiting = rich`${names} ${words(has)} no position yet.${yourVote}`;
  const title = link(ctx.links.proposal(proposal.id), `Proposal #${proposal.id}`);
  const blocks: Block[] = [
    { kind: "text", text: rich`${icon("reminder")} ${title} to ${words(proposal.kind)} ${bold(proposal.termName)} ${closes(proposal, ctx.now)}; ${waiting}` },
    proposalSnippet(proposal, ctx.links),
    proposal.status === "open" ? { kind: "votes", proposalId: proposal.id } : { kind: "text", text: describeStatus(proposal, ctx.links, ctx.now).text },
  ];
  const plainWaiting = silent.length > 0 ? ` ${silent.map((d) => d.name).join(", ")}: no position yet.` : "";
  return {
    kind: "message",
    summary: `Proposal #${proposal.id} on ${proposal.termName} closes ${formatRelative(proposal.deadline, ctx.now)}.${plainWaiting}`,
    blocks,
  };
}
