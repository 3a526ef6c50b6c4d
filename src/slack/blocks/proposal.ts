import type { ActionsBlock, KnownBlock } from "@slack/types";
import { POLICY_MEANING, POSITION_WORD, proposalTitle, VOTE_WORD } from "../../commands/format.js";
import type { DomainPosition, PendingProposal, Proposal, ProposalView, Vote } from "../../core/index.js";
import { actions, button, context, divider, header, LIMITS, packLines, section } from "./build.js";
import { VOTE_ABSTAIN, VOTE_APPROVE, VOTE_OBJECT } from "./ids.js";
import type { Links } from "../../web/links.js";
import {
  escapeMrkdwn,
  formatDate,
  formatDiff,
  formatList,
  formatRelative,
  link,
  mention,
  mentionMember,
  plural,
  quote,
  truncate,
} from "./text.js";

/** A rendered chat message: the notification fallback and the blocks. */
export interface RenderedMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const READ_PROPOSAL = "Read the full proposal";
/** Voters named per domain before "and N more". */
const VOTERS_SHOWN = 12;
/** Characters of proposed text quoted in a notice, a reminder or a pending entry. */
const SNIPPET = 280;

const POSITION_EMOJI: Record<DomainPosition, string> = {
  approve: ":white_check_mark:",
  object: ":x:",
  abstain: ":heavy_minus_sign:",
  none: ":hourglass_flowing_sand:",
};

/** ":white_check_mark: approves", ":hourglass_flowing_sand: no position yet": a domain's position for people. */
export function describePosition(position: DomainPosition): string {
  return `${POSITION_EMOJI[position]} ${POSITION_WORD[position]}`;
}

export { proposalTitle };

/** The Approve / Object / Abstain buttons, each carrying the proposal id. */
export function voteActions(proposalId: number): ActionsBlock {
  const value = String(proposalId);
  return actions([
    button({ text: "Approve", actionId: VOTE_APPROVE, value, style: "primary" }),
    button({ text: "Object", actionId: VOTE_OBJECT, value, style: "danger" }),
    button({ text: "Abstain", actionId: VOTE_ABSTAIN, value }),
  ]);
}

/** One line saying where the proposal stands: open until…, approved → version N, rejected, … */
export function describeStatus(proposal: Proposal, links: Links, now: Date): string {
  const name = `*${escapeMrkdwn(proposal.termName)}*`;
  switch (proposal.status) {
    case "open":
      return proposal.deadline.getTime() > now.getTime()
        ? `:hourglass_flowing_sand: *Open*: voting closes ${formatDate(proposal.deadline)} (${formatRelative(proposal.deadline, now)}).`
        : `:hourglass_flowing_sand: *Open*: the deadline (${formatDate(proposal.deadline)}) has passed and the outcome is being recorded.`;
    case "approved":
      if (proposal.kind === "deprecate") return `:white_check_mark: *Approved*: ${name} is now deprecated.`;
      return proposal.resultVersion === null
        ? `:white_check_mark: *Approved*.`
        : `:white_check_mark: *Approved* → ${link(links.term(proposal.termSlug), `version ${proposal.resultVersion}`)} of ${name}.`;
    case "rejected":
      return `:x: *Rejected*: an objection stood${decidedOn(proposal)}.`;
    case "expired":
      return `:zzz: *Expired*: no decision was reached by the deadline (${formatDate(proposal.deadline)}).`;
    case "superseded":
      return proposal.supersededBy === null
        ? `:twisted_rightwards_arrows: *Superseded* by another proposal on ${name}.`
        : `:twisted_rightwards_arrows: *Superseded* by ${link(links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`)}.`;
    case "withdrawn":
      return `:leftwards_arrow_with_hook: *Withdrawn*: voting is closed.`;
  }
}

/** The governance-channel message of a proposal: text, diff, rationale, live tally, deadline and (while open) the vote buttons. */
export function renderProposalMessage(view: ProposalView, links: Links, now: Date = new Date()): RenderedMessage {
  const { proposal } = view;
  const page = links.proposal(proposal.id);
  const blocks: KnownBlock[] = [
    header(proposalTitle(proposal)),
    section(describeStatus(proposal, links, now)),
    context(
      `Proposed by ${mention(proposal.proposerRef)} · ${formatDate(proposal.createdAt)}`,
      `Policy: *${proposal.policy}* (${POLICY_MEANING[proposal.policy]})`,
      link(page, "Open the proposal page"),
    ),
  ];

  if (proposal.kind === "deprecate") {
    const current = view.base ? `\nThe current definition (version ${view.base.version}):\n${quote(escapeMrkdwn(view.base.text))}` : "";
    blocks.push(section(`*Deprecate ${escapeMrkdwn(proposal.termName)}*: it stays readable but is marked deprecated.${current}`, page, READ_PROPOSAL));
  } else if (proposal.text !== null) {
    blocks.push(section(`*Proposed definition*\n${escapeMrkdwn(proposal.text)}`, page, READ_PROPOSAL));
  }
  if (proposal.example) blocks.push(section(`*Example*\n${escapeMrkdwn(proposal.example)}`, page, READ_PROPOSAL));
  if (proposal.formula) blocks.push(section(`*Formula*\n\`\`\`${escapeMrkdwn(proposal.formula)}\`\`\``, page, READ_PROPOSAL));
  if (proposal.kind === "amend" && view.base && view.diff.some((part) => part.kind !== "same")) {
    blocks.push(section(`*Changes from version ${view.base.version}*\n${formatDiff(view.diff)}`, page, READ_PROPOSAL));
  }
  if (proposal.rationale.trim() !== "") {
    blocks.push(section(`*Rationale*\n${quote(escapeMrkdwn(proposal.rationale.trim()))}`, page, READ_PROPOSAL));
  }

  blocks.push(divider());
  blocks.push(...renderDomainTally(view, page));
  blocks.push(...renderAdvisoryVotes(view, page));
  blocks.push(...renderObjections(view, page));
  if (proposal.status === "open") blocks.push(voteActions(proposal.id));

  return { text: escapeMrkdwn(`${proposalTitle(proposal)} (${proposal.status})`), blocks };
}

function decidedOn(proposal: Proposal): string {
  return proposal.decidedAt ? ` on ${formatDate(proposal.decidedAt)}` : "";
}

/** Each affected domain with its position, its owning marker and who voted for it. */
function renderDomainTally(view: ProposalView, page: string): KnownBlock[] {
  if (view.domains.length === 0) return [section("*Affected domains*: none.")];
  const lines = view.domains.map((domain) => {
    const owning = domain.owning ? " (owner)" : "";
    const counted = view.votes.filter((vote) => domain.tally.counted.includes(vote.member.id));
    const voters =
      counted.length === 0
        ? domain.owners.length === 0
          ? " · no owners yet, so nobody can vote for it"
          : ` · ${plural(domain.owners.length, "owner")}, none has voted`
        : ` · ${listVoters(counted)}`;
    return `${POSITION_EMOJI[domain.tally.position]} *${escapeMrkdwn(domain.name)}*${owning}: ${POSITION_WORD[domain.tally.position]}${voters}`;
  });
  return packLines([`*Affected domains* (${view.domains.length})`, ...lines], 6, (n) => `…and ${plural(n, "more domain")} on ${link(page, "the proposal page")}.`);
}

/** Votes from members who do not own an affected domain (or the proposer's own): shown, never counted. */
function renderAdvisoryVotes(view: ProposalView, page: string): KnownBlock[] {
  const advisory = view.votes.filter((vote) => !vote.counted);
  if (advisory.length === 0) return [];
  const lines = advisory.map((vote) => `${POSITION_EMOJI[vote.position]} ${mentionMember(vote.member)}: ${VOTE_WORD[vote.position]}`);
  return packLines(
    [`*Advisory votes* (recorded, not counted)`, ...lines],
    3,
    (n) => `…and ${plural(n, "more advisory vote")} on ${link(page, "the proposal page")}.`,
  );
}

/** Every objection with its reason quoted, counted ones first. */
function renderObjections(view: ProposalView, page: string): KnownBlock[] {
  const objections = view.votes
    .filter((vote) => vote.position === "object")
    .sort((a, b) => Number(b.counted) - Number(a.counted));
  if (objections.length === 0) return [];
  const lines = objections.map((vote) => objectionLine(view, vote));
  return packLines([`*Objections*`, ...lines], 6, (n) => `…and ${plural(n, "more objection")} on ${link(page, "the proposal page")}.`);
}

function objectionLine(view: ProposalView, vote: ProposalView["votes"][number]): string {
  const domains = view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => escapeMrkdwn(d.name));
  const forWhom = vote.counted && domains.length > 0 ? ` for ${formatList(domains)}` : " (advisory)";
  const reason = vote.reason?.trim() ? `\n${quote(truncate(escapeMrkdwn(vote.reason.trim()), 1000))}` : "";
  return `${mentionMember(vote.member)}${forWhom}:${reason}`;
}

function listVoters(votes: readonly Vote[]): string {
  const shown = votes.slice(0, VOTERS_SHOWN).map((vote) => `${POSITION_EMOJI[vote.position]} ${mentionMember(vote.member)}`);
  const more = votes.length > VOTERS_SHOWN ? ` and ${votes.length - VOTERS_SHOWN} more` : "";
  return `${shown.join(", ")}${more}`;
}

/** A short quote of what a proposal proposes, for notices, reminders and lists. */
export function proposalSnippet(proposal: Proposal, links: Links): string {
  if (proposal.kind === "deprecate" || proposal.text === null) return `>Deprecate ${escapeMrkdwn(proposal.termName)}.`;
  return quote(truncate(escapeMrkdwn(proposal.text), SNIPPET, links.proposal(proposal.id), READ_PROPOSAL));
}

/** A one-section notice for an affected domain's home channel, linking to the proposal. */
export function renderProposalNotice(view: ProposalView, links: Links, now: Date = new Date()): RenderedMessage {
  const { proposal } = view;
  const domains = view.domains.map((d) => `*${escapeMrkdwn(d.name)}*`);
  const affects = domains.length > 0 ? ` It affects ${formatList(domains)}.` : "";
  const vote =
    proposal.status === "open"
      ? ` Owners vote on the proposal in the governance channel until ${formatDate(proposal.deadline)} (${formatRelative(proposal.deadline, now)}).`
      : ` ${describeStatus(proposal, links, now)}`;
  const title = link(links.proposal(proposal.id), proposalTitle(proposal));
  const text = `:ballot_box_with_ballot: ${title}.${affects}${vote}\n${proposalSnippet(proposal, links)}`;
  return {
    text: escapeMrkdwn(`${proposalTitle(proposal)}: the affected domains vote in the governance channel.`),
    blocks: [section(text)],
  };
}

/** The thread reply when a proposal is decided: approved with its version, rejected with the standing objections, or expired. */
export function renderDecisionReply(view: ProposalView, links: Links): RenderedMessage {
  const { proposal } = view;
  const name = `*${escapeMrkdwn(proposal.termName)}*`;
  const termLink = links.term(proposal.termSlug);
  switch (proposal.status) {
    case "approved": {
      let text: string;
      if (proposal.kind === "deprecate") text = `:white_check_mark: Approved: ${name} is now deprecated.`;
      else if (proposal.resultVersion === null) text = `:white_check_mark: Approved: ${link(termLink, proposal.termName)}.`;
      else {
        const version = link(termLink, `version ${proposal.resultVersion}`);
        text =
          proposal.kind === "create"
            ? `:white_check_mark: Approved: ${name} is now in the glossary as ${version}.`
            : `:white_check_mark: Approved: ${name} is now at ${version}.`;
      }
      return { text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} was approved.`), blocks: [section(text)] };
    }
    case "rejected": {
      const standing = view.votes.filter((vote) => vote.position === "object" && vote.counted);
      const intro = `:x: Rejected: proposal #${proposal.id} on ${name} is closed because ${
        standing.length === 1 ? "an objection stands" : `${plural(standing.length, "objection")} stand`
      }.`;
      const lines = standing.map((vote) => objectionLine(view, vote));
      return {
        text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} was rejected.`),
        blocks: packLines([intro, ...lines], 8, (n) => `…and ${plural(n, "more objection")} on ${link(links.proposal(proposal.id), "the proposal page")}.`),
      };
    }
    case "expired": {
      const unchanged =
        proposal.kind === "create"
          ? `${name} was not added to the glossary.`
          : view.base
            ? `${name} stays at ${link(termLink, `version ${view.base.version}`)}.`
            : `${name} is unchanged.`;
      const silent = view.domains.filter((d) => d.tally.position === "none").map((d) => `*${escapeMrkdwn(d.name)}*`);
      const waiting = silent.length > 0 ? ` No position from ${formatList(silent)}.` : "";
      return {
        text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} expired.`),
        blocks: [section(`:zzz: Expired: no decision was reached by the deadline. ${unchanged}${waiting}`)],
      };
    }
    case "superseded":
      return renderSupersededReply(view, links);
    case "withdrawn":
      return renderWithdrawnReply(view);
    case "open":
      return { text: escapeMrkdwn(`Proposal #${proposal.id} is still open.`), blocks: [section(describeStatus(proposal, links, new Date()))] };
  }
}

/** The thread reply when another proposal on the same term was approved first. */
export function renderSupersededReply(view: ProposalView, links: Links): RenderedMessage {
  const { proposal } = view;
  const winner =
    proposal.supersededBy === null ? "another proposal" : link(links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`);
  const text =
    `:twisted_rightwards_arrows: Superseded: ${winner} on *${escapeMrkdwn(proposal.termName)}* was approved first, so voting here is closed. ` +
    `${link(links.term(proposal.termSlug), "Read the current definition")}; to change it further, propose again from there.`;
  return { text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} was superseded.`), blocks: [section(text)] };
}

/** The thread reply when the proposer withdraws a proposal. */
export function renderWithdrawnReply(view: ProposalView): RenderedMessage {
  const { proposal } = view;
  const text = `:leftwards_arrow_with_hook: Proposal #${proposal.id} on *${escapeMrkdwn(proposal.termName)}* was withdrawn; voting is closed.`;
  return { text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} was withdrawn.`), blocks: [section(text)] };
}

/**
 * The reminder sent to an owner who has not voted, a day before the deadline, with the vote buttons.
 * `recipientRef` names the owner, so the reminder says which of their domains still has no position.
 */
export function renderReminder(
  view: ProposalView,
  links: Links,
  options: { readonly recipientRef?: string; readonly now?: Date } = {},
): RenderedMessage {
  const { proposal } = view;
  const now = options.now ?? new Date();
  const recipient = options.recipientRef;
  const theirs = recipient ? view.domains.filter((d) => d.owners.some((owner) => owner.refs.includes(recipient))) : [];
  const silent = (theirs.length > 0 ? theirs : view.domains).filter((d) => d.tally.position === "none");
  const names = silent.map((d) => `*${escapeMrkdwn(d.name)}*`);
  let waiting: string;
  if (names.length === 0) waiting = theirs.length > 0 ? "your vote still counts for your domain until then." : "your vote is still welcome.";
  else if (theirs.length > 0) waiting = `your ${names.length === 1 ? "domain" : "domains"} ${formatList(names)} ${names.length === 1 ? "has" : "have"} no position yet.`;
  else waiting = `${formatList(names)} ${names.length === 1 ? "has" : "have"} no position yet.`;
  const title = link(links.proposal(proposal.id), `Proposal #${proposal.id}`);
  const closes =
    proposal.deadline.getTime() > now.getTime() ? `closes ${formatRelative(proposal.deadline, now)} (${formatDate(proposal.deadline)})` : "has reached its deadline";
  const text = `:alarm_clock: ${title} to ${proposal.kind} *${escapeMrkdwn(proposal.termName)}* ${closes}; ${waiting}\n${proposalSnippet(proposal, links)}`;
  const plainWaiting = names.length > 0 ? ` ${silent.map((d) => d.name).join(", ")}: no position yet.` : "";
  return {
    text: escapeMrkdwn(`Proposal #${proposal.id} on ${proposal.termName} closes ${formatRelative(proposal.deadline, now)}.${plainWaiting}`),
    blocks: [section(text), ...(proposal.status === "open" ? [voteActions(proposal.id)] : [])],
  };
}

/** One proposal waiting on the caller's domains: what, when it closes, their positions, and the vote buttons. */
export function renderPendingEntry(entry: PendingProposal, links: Links, now: Date): KnownBlock[] {
  const { proposal } = entry;
  const title = link(links.proposal(proposal.id), `#${proposal.id} ${proposal.kind} ${proposal.termName}`);
  const closes =
    proposal.deadline.getTime() > now.getTime()
      ? `closes ${formatRelative(proposal.deadline, now)} (${formatDate(proposal.deadline)})`
      : "deadline passed; the outcome is being recorded";
  const yours = entry.yourDomains.map((d) => `*${escapeMrkdwn(d.name)}* ${describePosition(d.position)}`);
  const positions = yours.length > 0 ? `\nYour domains: ${yours.join(", ")}` : "";
  const voted = entry.voted ? " · you have voted (you can still change it)" : " · you have not voted";
  const text = `*${title}*: ${closes}${positions}${voted}\n${proposalSnippet(proposal, links)}`;
  return [section(truncate(text, LIMITS.sectionText)), voteActions(proposal.id)];
}
