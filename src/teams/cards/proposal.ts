import type { DomainPosition, Member, PendingProposal, Proposal, ProposalView, Vote } from "../../core/index.js";
import { POLICY_MEANING, POSITION_WORD, proposalTitle, VOTE_WORD } from "../../commands/format.js";
import type { Links } from "../../web/links.js";
import { REASON_INPUT, reasonInputId } from "./actions.js";
import {
  actionSet,
  container,
  createCard,
  factSet,
  heading,
  note,
  showCardAction,
  submitAction,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type TextOptions,
} from "./build.js";
import { DIFF_LEGEND, renderDiffBlock } from "./diff.js";
import {
  escapeMarkdown,
  escapeMessageText,
  formatDate,
  formatList,
  formatRelative,
  markdownLink,
  memberName,
  mentionMember,
  mentionRef,
  messageLink,
  plural,
  truncateMarkdown,
  truncatePlain,
} from "./text.js";

const READ_PROPOSAL = "Read the full proposal";
/** Characters of each part of a proposal shown on its card; the page has the rest. */
const TEXT_SHOWN = 1500;
const SIDE_TEXT_SHOWN = 600;
const REASON_SHOWN = 500;
/** Characters of proposed text quoted in a notice, a reminder or a pending entry. */
const SNIPPET = 280;
const DIFF_LIMITS = { maxChars: 1500, maxRuns: 120 } as const;
const DOMAINS_SHOWN = 20;
const VOTERS_SHOWN = 12;
const ADVISORY_SHOWN = 10;
const OBJECTIONS_SHOWN = 6;
/** An objection reason is longer than a comment but still a paragraph or two. */
const REASON_MAX_LENGTH = 2000;

const POSITION_ICON: Record<DomainPosition, string> = { approve: "✅", object: "❌", abstain: "➖", none: "⏳" };
/** "✅ approves", "⏳ no position yet": a domain's position for people. */
export function describePosition(position: DomainPosition): string {
  return `${POSITION_ICON[position]} ${POSITION_WORD[position]}`;
}

export { proposalTitle };

/** Approve / Object / Abstain, each sending the proposal id; Object sends the reason box's text with it. */
export function voteActions(proposalId: number): CardElement[] {
  return [
    submitAction("Approve", { concord: "vote", proposalId, position: "approve" }, { style: "positive" }),
    submitAction("Object", { concord: "vote", proposalId, position: "object" }, { style: "destructive" }),
    submitAction("Abstain", { concord: "vote", proposalId, position: "abstain" }),
  ];
}

/** The box an objector writes their reason in; the core asks again politely when it is left empty. */
export function reasonInput(id: string = REASON_INPUT): CardElement {
  return {
    type: "Input.Text",
    id,
    placeholder: "Reason (needed to object)",
    isMultiline: true,
    maxLength: REASON_MAX_LENGTH,
  };
}

/** One line saying where the proposal stands (escaped Markdown), and the colour it deserves. */
export function describeStatus(proposal: Proposal, links: Links, now: Date): { text: string; color: TextOptions["color"] } {
  const name = `**${escapeMarkdown(proposal.termName)}**`;
  switch (proposal.status) {
    case "open":
      return {
        text:
          proposal.deadline.getTime() > now.getTime()
            ? `⏳ **Open**: voting closes ${formatDate(proposal.deadline)} (${formatRelative(proposal.deadline, now)}).`
            : `⏳ **Open**: the deadline (${formatDate(proposal.deadline)}) has passed and the outcome is being recorded.`,
        color: "Default",
      };
    case "approved":
      if (proposal.kind === "deprecate") return { text: `✅ **Approved**: ${name} is now deprecated.`, color: "Good" };
      return {
        text:
          proposal.resultVersion === null
            ? "✅ **Approved**."
            : `✅ **Approved** → ${markdownLink(links.term(proposal.termSlug), `version ${proposal.resultVersion}`)} of ${name}.`,
        color: "Good",
      };
    case "rejected":
      return {
        text: `❌ **Rejected**: an objection stood${proposal.decidedAt ? ` on ${formatDate(proposal.decidedAt)}` : ""}.`,
        color: "Attention",
      };
    case "expired":
      return { text: `💤 **Expired**: no decision was reached by the deadline (${formatDate(proposal.deadline)}).`, color: "Warning" };
    case "superseded":
      return {
        text:
          proposal.supersededBy === null
            ? `🔀 **Superseded** by another proposal on ${name}.`
            : `🔀 **Superseded** by ${markdownLink(links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`)}.`,
        color: "Warning",
      };
    case "withdrawn":
      return { text: "↩️ **Withdrawn**: voting is closed.", color: "Default" };
  }
}

/** Everyone the view names, so a bare user ref (the proposer's) can be shown by name. */
function knownMembers(view: ProposalView): Member[] {
  return [...view.votes.map((vote) => vote.member), ...view.domains.flatMap((domain) => domain.owners)];
}

/**
 * The proposal card: text, diff against the base, rationale, each affected domain's position and voters, advisory
 * votes, objections, the deadline and, while open, the reason box and the vote buttons. Updated in place.
 */
export function renderProposalCard(view: ProposalView, links: Links, now: Date = new Date()): AdaptiveCard {
  const { proposal } = view;
  const page = links.proposal(proposal.id);
  const status = describeStatus(proposal, links, now);
  const proposer = mentionRef(proposal.proposerRef, knownMembers(view));
  const body: CardElement[] = [
    heading(escapeMarkdown(proposalTitle(proposal))),
    textBlock(status.text, { color: status.color, spacing: "Small" }),
    note(
      `Proposed by ${proposer} on ${formatDate(proposal.createdAt)} · Policy: **${proposal.policy}** (${POLICY_MEANING[proposal.policy]}) · ${markdownLink(page, "Open the proposal page")}`,
    ),
  ];

  if (proposal.kind === "deprecate") {
    body.push(
      textBlock(`**Deprecate ${escapeMarkdown(proposal.termName)}**: it stays readable but is marked deprecated.`, { separator: true }),
    );
    if (view.base) {
      body.push(
        note(`The current definition (version ${view.base.version}):`, { size: "Default" }),
        textBlock(truncateMarkdown(view.base.text, TEXT_SHOWN, page, READ_PROPOSAL), { isSubtle: true, spacing: "Small" }),
      );
    }
  } else if (proposal.text !== null) {
    body.push(
      textBlock("**Proposed definition**", { separator: true }),
      textBlock(truncateMarkdown(proposal.text, TEXT_SHOWN, page, READ_PROPOSAL), { spacing: "Small" }),
    );
  }
  if (proposal.example) body.push(...labelled("Example", truncateMarkdown(proposal.example, SIDE_TEXT_SHOWN, page, READ_PROPOSAL)));
  if (proposal.formula) {
    body.push(
      textBlock("**Formula**"),
      textBlock(truncateMarkdown(proposal.formula, SIDE_TEXT_SHOWN, page, READ_PROPOSAL), { fontType: "Monospace", spacing: "Small" }),
    );
  }
  if (proposal.kind === "amend" && view.base && view.diff.some((part) => part.kind !== "same")) {
    const diff = renderDiffBlock(view.diff, DIFF_LIMITS);
    body.push(
      textBlock(`**Changes from version ${view.base.version}**`),
      diff.block,
      note(diff.truncated ? `${DIFF_LEGEND} ${markdownLink(page, "See every change")}` : DIFF_LEGEND),
    );
  }
  if (proposal.rationale.trim() !== "") {
    body.push(...labelled("Rationale", truncateMarkdown(proposal.rationale.trim(), SIDE_TEXT_SHOWN, page, READ_PROPOSAL)));
  }

  body.push(...renderDomainTally(view, page));
  body.push(...renderAdvisoryVotes(view, page));
  body.push(...renderObjections(view, page));

  if (proposal.status !== "open") return createCard(body);
  body.push(reasonInput());
  return createCard(body, voteActions(proposal.id));
}

function labelled(label: string, markdown: string): CardElement[] {
  return [textBlock(`**${label}**`), textBlock(markdown, { spacing: "Small" })];
}

/** Each affected domain with its position, its owning marker and who voted for it. */
function renderDomainTally(view: ProposalView, page: string): CardElement[] {
  const headingLine = textBlock(`**Affected domains** (${view.domains.length})`, { separator: true });
  if (view.domains.length === 0) return [headingLine, note("None.")];
  const facts = view.domains.slice(0, DOMAINS_SHOWN).map((domain) => {
    const counted = view.votes.filter((vote) => domain.tally.counted.includes(vote.member.id));
    const voters =
      counted.length === 0
        ? domain.owners.length === 0
          ? " · no owners yet, so nobody can vote for it"
          : ` · ${plural(domain.owners.length, "owner")}, none has voted`
        : ` · ${listVoters(counted)}`;
    return {
      title: `${POSITION_ICON[domain.tally.position]} ${escapeMarkdown(domain.name)}${domain.owning ? " (owner)" : ""}`,
      value: `${POSITION_WORD[domain.tally.position]}${voters}`,
    };
  });
  const elements = [headingLine, factSet(facts)];
  const more = view.domains.length - DOMAINS_SHOWN;
  if (more > 0) elements.push(note(`…and ${plural(more, "more domain")} on ${markdownLink(page, "the proposal page")}.`));
  return elements;
}

function listVoters(votes: readonly Vote[]): string {
  const shown = votes.slice(0, VOTERS_SHOWN).map((vote) => `${POSITION_ICON[vote.position]} ${mentionMember(vote.member)}`);
  const more = votes.length > VOTERS_SHOWN ? ` and ${votes.length - VOTERS_SHOWN} more` : "";
  return `${shown.join(", ")}${more}`;
}

/** Votes from members who do not own an affected domain (or the proposer's own): shown, never counted. */
function renderAdvisoryVotes(view: ProposalView, page: string): CardElement[] {
  const advisory = view.votes.filter((vote) => !vote.counted);
  if (advisory.length === 0) return [];
  const elements = [
    textBlock("**Advisory votes** (recorded, not counted)"),
    factSet(
      advisory
        .slice(0, ADVISORY_SHOWN)
        .map((vote) => ({ title: mentionMember(vote.member), value: `${POSITION_ICON[vote.position]} ${VOTE_WORD[vote.position]}` })),
    ),
  ];
  const more = advisory.length - ADVISORY_SHOWN;
  if (more > 0) elements.push(note(`…and ${plural(more, "more advisory vote")} on ${markdownLink(page, "the proposal page")}.`));
  return elements;
}

/** Every objection with its reason quoted, counted ones first. */
function renderObjections(view: ProposalView, page: string): CardElement[] {
  const objections = view.votes
    .filter((vote) => vote.position === "object")
    .sort((a, b) => Number(b.counted) - Number(a.counted));
  if (objections.length === 0) return [];
  const elements: CardElement[] = [textBlock("**Objections**")];
  for (const vote of objections.slice(0, OBJECTIONS_SHOWN)) {
    const reason = vote.reason?.trim();
    elements.push(
      container(
        [
          textBlock(`${mentionMember(vote.member)}${objectorFor(view, vote)}:`, { weight: "Bolder" }),
          textBlock(reason ? truncateMarkdown(reason, REASON_SHOWN, page, "Read the full objection") : "_No reason given._", {
            spacing: "Small",
          }),
        ],
        { style: "attention", spacing: "Small" },
      ),
    );
  }
  const more = objections.length - OBJECTIONS_SHOWN;
  if (more > 0) elements.push(note(`…and ${plural(more, "more objection")} on ${markdownLink(page, "the proposal page")}.`));
  return elements;
}

/** " for Support", or " (advisory)" when the objection does not count. */
function objectorFor(view: ProposalView, vote: ProposalView["votes"][number]): string {
  const domains = view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => escapeMarkdown(d.name));
  return vote.counted && domains.length > 0 ? ` for ${formatList(domains)}` : " (advisory)";
}

/** A short quote of what a proposal proposes (escaped Markdown), for reminders and lists. */
export function proposalSnippet(proposal: Proposal, links: Links): string {
  if (proposal.kind === "deprecate" || proposal.text === null) return `Deprecate ${escapeMarkdown(proposal.termName)}.`;
  return truncateMarkdown(proposal.text, SNIPPET, links.proposal(proposal.id), READ_PROPOSAL);
}

/** When a proposal closes, for people: "closes in 2 days (2026-03-04 09:00 UTC)". */
function closes(proposal: Proposal, now: Date): string {
  return proposal.deadline.getTime() > now.getTime()
    ? `closes ${formatRelative(proposal.deadline, now)} (${formatDate(proposal.deadline)})`
    : "has reached its deadline; the outcome is being recorded";
}

/**
 * The reminder sent to an owner who has not voted, a day before the deadline, with the reason box and the vote
 * buttons. `recipientRef` names the owner, so it says which of their domains still has no position.
 */
export function renderReminderCard(
  view: ProposalView,
  links: Links,
  options: { readonly recipientRef?: string; readonly now?: Date } = {},
): AdaptiveCard {
  const { proposal } = view;
  const now = options.now ?? new Date();
  const recipient = options.recipientRef;
  const theirs = recipient ? view.domains.filter((d) => d.owners.some((owner) => owner.refs.includes(recipient))) : [];
  const silent = (theirs.length > 0 ? theirs : view.domains).filter((d) => d.tally.position === "none");
  const names = silent.map((d) => `**${escapeMarkdown(d.name)}**`);
  let waiting: string;
  if (names.length === 0) waiting = theirs.length > 0 ? "your vote still counts for your domain until then." : "your vote is still welcome.";
  else if (theirs.length > 0) {
    waiting = `your ${names.length === 1 ? "domain" : "domains"} ${formatList(names)} ${names.length === 1 ? "has" : "have"} no position yet.`;
  } else waiting = `${formatList(names)} ${names.length === 1 ? "has" : "have"} no position yet.`;
  const title = markdownLink(links.proposal(proposal.id), `Proposal #${proposal.id}`);
  const body: CardElement[] = [
    textBlock(`⏰ ${title} to ${proposal.kind} **${escapeMarkdown(proposal.termName)}** ${closes(proposal, now)}; ${waiting}`),
    textBlock(proposalSnippet(proposal, links), { isSubtle: true }),
  ];
  if (proposal.status !== "open") {
    body.push(textBlock(describeStatus(proposal, links, now).text));
    return createCard(body);
  }
  body.push(reasonInput());
  return createCard(body, voteActions(proposal.id));
}

/**
 * One proposal waiting on the caller's domains: what, when it closes, their positions, and the vote buttons
 * (Object unfolds its own reason box, since one card lists several proposals).
 */
export function renderPendingEntry(entry: PendingProposal, links: Links, now: Date): CardElement[] {
  const { proposal } = entry;
  const title = markdownLink(links.proposal(proposal.id), `#${proposal.id} ${proposal.kind} ${proposal.termName}`);
  const yours = entry.yourDomains.map((d) => `**${escapeMarkdown(d.name)}** ${describePosition(d.position)}`);
  const positions = yours.length > 0 ? `Your domains: ${yours.join(", ")}` : "None of your domains is affected";
  const voted = entry.voted ? "you have voted (you can still change it)" : "you have not voted";
  const [approve, object, abstain] = voteActions(proposal.id);
  const objectBox = showCardAction(
    "Object…",
    [reasonInput(reasonInputId(proposal.id))],
    object ? [object] : [],
  );
  return [
    container(
      [
        textBlock(`**${title}**: ${closes(proposal, now)}`),
        textBlock(`${positions} · ${voted}`, { spacing: "Small" }),
        textBlock(proposalSnippet(proposal, links), { isSubtle: true, spacing: "Small" }),
        actionSet([approve, objectBox, abstain].filter((action): action is CardElement => action !== undefined)),
      ],
      { separator: true },
    ),
  ];
}

/** A short notice (Teams message text) for an affected domain's home channel, linking to the proposal. */
export function renderProposalNoticeText(view: ProposalView, links: Links): string {
  const { proposal } = view;
  const domains = view.domains.map((d) => `**${escapeMessageText(d.name)}**`);
  const affects = domains.length > 0 ? ` It affects ${formatList(domains)}.` : "";
  const vote =
    proposal.status === "open"
      ? ` Owners vote on the proposal card until ${formatDate(proposal.deadline)}.`
      : ` It is ${proposal.status}.`;
  const title = messageLink(links.proposal(proposal.id), proposalTitle(proposal));
  const what =
    proposal.kind === "deprecate" || proposal.text === null
      ? `Deprecate ${escapeMessageText(proposal.termName)}.`
      : `“${escapeMessageText(truncatePlain(proposal.text, SNIPPET))}”`;
  return `🗳️ ${title}.${affects}${vote}\n\n${what}`;
}

/** The thread reply when a proposal is decided: approved with its version, rejected with the standing objections, or expired. */
export function renderDecisionText(view: ProposalView, links: Links): string {
  const { proposal } = view;
  const name = `**${escapeMessageText(proposal.termName)}**`;
  const termLink = links.term(proposal.termSlug);
  switch (proposal.status) {
    case "approved":
      if (proposal.kind === "deprecate") return `✅ Approved: ${name} is now deprecated.`;
      if (proposal.resultVersion === null) return `✅ Approved: ${messageLink(termLink, proposal.termName)}.`;
      return proposal.kind === "create"
        ? `✅ Approved: ${name} is now in the glossary as ${messageLink(termLink, `version ${proposal.resultVersion}`)}.`
        : `✅ Approved: ${name} is now at ${messageLink(termLink, `version ${proposal.resultVersion}`)}.`;
    case "rejected": {
      const standing = view.votes.filter((vote) => vote.position === "object" && vote.counted);
      const intro = `❌ Rejected: proposal #${proposal.id} on ${name} is closed because ${
        standing.length === 1 ? "an objection stands" : `${plural(standing.length, "objection")} stand`
      }.`;
      const lines = standing.slice(0, OBJECTIONS_SHOWN).map((vote) => {
        const domains = view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => escapeMessageText(d.name));
        const reason = vote.reason?.trim() ? `: “${escapeMessageText(truncatePlain(vote.reason.trim(), REASON_SHOWN))}”` : "";
        return `- **${escapeMessageText(memberName(vote.member))}**${domains.length > 0 ? ` for ${formatList(domains)}` : ""}${reason}`;
      });
      const more = standing.length - OBJECTIONS_SHOWN;
      if (more > 0) lines.push(`- …and ${plural(more, "more objection")} on ${messageLink(links.proposal(proposal.id), "the proposal page")}.`);
      return lines.length > 0 ? `${intro}\n\n${lines.join("\n")}` : intro;
    }
    case "expired": {
      const unchanged =
        proposal.kind === "create"
          ? `${name} was not added to the glossary.`
          : view.base
            ? `${name} stays at ${messageLink(termLink, `version ${view.base.version}`)}.`
            : `${name} is unchanged.`;
      const silent = view.domains.filter((d) => d.tally.position === "none").map((d) => `**${escapeMessageText(d.name)}**`);
      const waiting = silent.length > 0 ? ` No position from ${formatList(silent)}.` : "";
      return `💤 Expired: no decision was reached by the deadline. ${unchanged}${waiting}`;
    }
    case "superseded":
      return renderSupersededText(view, links);
    case "withdrawn":
      return renderWithdrawnText(view);
    case "open":
      return `⏳ Proposal #${proposal.id} on ${name} is still open; voting closes ${formatDate(proposal.deadline)}.`;
  }
}

/** The thread reply when another proposal on the same term was approved first. */
export function renderSupersededText(view: ProposalView, links: Links): string {
  const { proposal } = view;
  const winner =
    proposal.supersededBy === null
      ? "another proposal"
      : messageLink(links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`);
  return (
    `🔀 Superseded: ${winner} on **${escapeMessageText(proposal.termName)}** was approved first, so voting here is closed. ` +
    `${messageLink(links.term(proposal.termSlug), "Read the current definition")}; to change it further, propose again from there.`
  );
}

/** The thread reply when the proposer withdraws a proposal. */
export function renderWithdrawnText(view: ProposalView): string {
  const { proposal } = view;
  return `↩️ Proposal #${proposal.id} on **${escapeMessageText(proposal.termName)}** was withdrawn; voting is closed.`;
}

