import type { Opened, Proposal, ProposalView, Vote } from "../core/index.js";
import { formatRelative, plural, POLICY_MEANING, POSITION_WORD, proposalTitle, VOTE_WORD } from "../commands/format.js";
import type { Links } from "../web/links.js";
import { nearDuplicatesNote } from "./lookup.js";
import type { Block, MessageView, Rich, Tone, ViewContext } from "./model.js";
import { POSITION_ICON, proposalSnippet, READ_PROPOSAL } from "./pending.js";
import { bold, date, icon, italic, join, link, listOf, member, ref, rich, text, words } from "./rich.js";
import { voicelessBlocks } from "./stuck.js";

/** Characters of each part of a proposal its message shows; the page has the rest. */
const TEXT_SHOWN = 1500;
const SIDE_TEXT_SHOWN = 600;
const REASON_SHOWN = 500;
const DOMAINS_SHOWN = 20;
const VOTERS_SHOWN = 12;
const ADVISORY_SHOWN = 10;
const OBJECTIONS_SHOWN = 6;

type ViewVote = ProposalView["votes"][number];

/** One line saying where the proposal stands (open until…, approved → version N, rejected, …), and its tone. */
export function describeStatus(proposal: Proposal, links: Links, now: Date): { readonly text: Rich; readonly tone?: Tone } {
  const name = bold(proposal.termName);
  switch (proposal.status) {
    case "open":
      return {
        text:
          proposal.deadline.getTime() > now.getTime()
            ? rich`${icon("waiting")} ${bold("Open")}: voting closes ${date(proposal.deadline)} (${words(formatRelative(proposal.deadline, now))}).`
            : rich`${icon("waiting")} ${bold("Open")}: the deadline (${date(proposal.deadline)}) has passed and the outcome is being recorded.`,
      };
    case "approved":
      if (proposal.kind === "deprecate") return { tone: "good", text: rich`${icon("approve")} ${bold("Approved")}: ${name} is now deprecated.` };
      return {
        tone: "good",
        text:
          proposal.resultVersion === null
            ? rich`${icon("approve")} ${bold("Approved")}.`
            : rich`${icon("approve")} ${bold("Approved")} → ${link(links.term(proposal.termSlug), `version ${proposal.resultVersion}`)} of ${name}.`,
      };
    case "rejected":
      return { tone: "attention", text: rich`${icon("object")} ${bold("Rejected")}: an objection stood${proposal.decidedAt ? rich` on ${date(proposal.decidedAt)}` : []}.` };
    case "expired":
      return { tone: "warning", text: rich`${icon("expired")} ${bold("Expired")}: no decision was reached by the deadline (${date(proposal.deadline)}).` };
    case "superseded":
      return {
        tone: "warning",
        text:
          proposal.supersededBy === null
            ? rich`${icon("superseded")} ${bold("Superseded")} by another proposal on ${name}.`
            : rich`${icon("superseded")} ${bold("Superseded")} by ${link(links.proposal(proposal.supersededBy), `proposal #${proposal.supersededBy}`)}.`,
      };
    case "withdrawn":
      return { text: rich`${icon("withdrawn")} ${bold("Withdrawn")}: voting is closed.` };
  }
}

/**
 * A proposal's message, updated in place: its text, the changes from the version it amends, the rationale, each
 * affected domain's position and voters, advisory votes, objections, the deadline and, while open, the vote buttons.
 */
export function proposalView(view: ProposalView, ctx: ViewContext): MessageView {
  const { proposal } = view;
  const page = ctx.links.proposal(proposal.id);
  const more = { url: page, label: READ_PROPOSAL };
  const status = describeStatus(proposal, ctx.links, ctx.now);
  const known = [...(view.proposer ? [view.proposer] : []), ...view.votes.map((vote) => vote.member), ...view.domains.flatMap((domain) => domain.owners)];
  const blocks: Block[] = [
    { kind: "header", text: rich`Proposal #${proposal.id}: ${words(proposal.kind)} ${proposal.termName}` },
    { kind: "text", text: status.text, ...(status.tone ? { tone: status.tone } : {}) },
    {
      kind: "note",
      text: rich`Proposed by ${ref(proposal.proposerRef, known)} on ${date(proposal.createdAt)} · Policy: ${bold(proposal.policy)} (${words(POLICY_MEANING[proposal.policy])}) · ${link(page, "Open the proposal page")}`,
    },
  ];
  if (proposal.status === "open") blocks.push(...voicelessBlocks(view.passability, { proposer: ref(proposal.proposerRef, known) }));
  if (proposal.kind === "deprecate") {
    const replacement = view.replacement;
    blocks.push({
      kind: "text",
      text: replacement
        ? rich`${bold(`Deprecate ${proposal.termName}`)} in favour of ${bold(link(ctx.links.term(replacement.slug), replacement.name))}: it stays readable, marked deprecated, and lookups of it point to ${text(replacement.name)}.`
        : rich`${bold(`Deprecate ${proposal.termName}`)}: it stays readable but is marked deprecated.`,
    });
    if (view.base) {
      blocks.push({ kind: "text", lead: rich`The current definition (version ${view.base.version}):`, text: text(view.base.text), style: "quote", cut: { max: TEXT_SHOWN, more } });
    }
  } else if (proposal.text !== null) {
    // A move under another term keeps the agreed words: said so, rather than offered as a new definition.
    const unchanged = proposal.kind === "amend" && view.placement !== undefined && view.base !== undefined && view.diff.every((part) => part.kind === "same");
    blocks.push({ kind: "text", lead: bold(unchanged ? "Definition (unchanged)" : "Proposed definition"), text: text(proposal.text), cut: { max: TEXT_SHOWN, more } });
  }
  if (view.placement) blocks.push({ kind: "text", lead: bold("Where it goes"), text: placementText(view.placement, proposal.termName, ctx.links) });
  if (proposal.example) blocks.push({ kind: "text", lead: bold("Example"), text: text(proposal.example), cut: { max: SIDE_TEXT_SHOWN, more } });
  if (proposal.formula) blocks.push({ kind: "text", lead: bold("Formula"), text: text(proposal.formula), style: "code", cut: { max: SIDE_TEXT_SHOWN, more } });
  if (proposal.kind === "amend" && view.base && view.diff.some((part) => part.kind !== "same")) {
    blocks.push({
      kind: "group",
      blocks: [
        { kind: "text", text: bold(`Changes from version ${view.base.version}`) },
        { kind: "diff", parts: view.diff, cut: { max: TEXT_SHOWN, more: { url: page, label: "See every change" } } },
        { kind: "legend" },
      ],
    });
  }
  const rationale = proposal.rationale.trim();
  if (rationale !== "") blocks.push({ kind: "text", lead: bold("Rationale"), text: text(rationale), style: "quote", cut: { max: SIDE_TEXT_SHOWN, more } });
  blocks.push({ kind: "divider" }, ...tallyBlocks(view, page), ...advisoryBlocks(view, page), ...objectionBlocks(view, page));
  if (proposal.status === "open") blocks.push({ kind: "votes", proposalId: proposal.id });
  return { kind: "message", summary: `${proposalTitle(proposal)} (${proposal.status})`, blocks, page: more };
}

/** "Under Revenue (itself proposed)", "At the top level of the glossary". */
export function placementText(placement: NonNullable<ProposalView["placement"]>, termName: string, links: ViewContext["links"]): Rich {
  const under = placement.under;
  if (!under) return rich`${text(termName)} at the top level of the glossary, under no other term.`;
  const parent = under.agreed ? link(links.term(under.slug), under.name) : text(under.name);
  return rich`${text(termName)} under ${bold(parent)}${words(under.agreed ? "" : " (itself proposed, not yet agreed: the move waits for it)")}.`;
}

function onPage(page: string, count: number, noun: string): Rich {
  return rich`…and ${plural(count, noun)} on ${link(page, "the proposal page")}.`;
}

/** Each affected domain with its position, its owning marker and who voted for it. */
function tallyBlocks(view: ProposalView, page: string): Block[] {
  const title: Block = { kind: "text", text: rich`${bold("Affected domains")} (${view.domains.length})` };
  if (view.domains.length === 0) return [title, { kind: "note", text: rich`None.` }];
  const voiceless = new Map(view.passability.voiceless.map((entry) => [entry.domain.id, entry.reason]));
  const facts = view.domains.map((domain) => {
    const counted = view.votes.filter((vote) => domain.tally.counted.includes(vote.member.id));
    const voters =
      counted.length > 0
        ? rich` · ${listVoters(counted)}`
        : domain.owners.length === 0
          ? rich` · no owners yet, so nobody can vote for it`
          : voiceless.get(domain.id) === "only-proposer"
            ? rich` · its only owner proposed this, so no vote can count for it`
            : rich` · ${words(plural(domain.owners.length, "owner"))}, none has voted`;
    return {
      label: rich`${icon(POSITION_ICON[domain.tally.position])} ${bold(domain.name)}${words(domain.owning ? " (owner)" : "")}`,
      value: rich`${words(POSITION_WORD[domain.tally.position])}${voters}`,
    };
  });
  return [title, { kind: "facts", rows: true, facts, max: DOMAINS_SHOWN, more: (hidden) => onPage(page, hidden, "more domain") }];
}

function listVoters(votes: readonly Vote[]): Rich {
  const shown = votes.slice(0, VOTERS_SHOWN).map((vote) => rich`${icon(POSITION_ICON[vote.position])} ${member(vote.member)}`);
  return rich`${join(shown, ", ")}${words(votes.length > VOTERS_SHOWN ? ` and ${votes.length - VOTERS_SHOWN} more` : "")}`;
}

/** Votes from members who do not own an affected domain (or the proposer's own): shown, never counted. */
function advisoryBlocks(view: ProposalView, page: string): Block[] {
  const advisory = view.votes.filter((vote) => !vote.counted);
  if (advisory.length === 0) return [];
  return [
    { kind: "text", text: rich`${bold("Advisory votes")} (recorded, not counted)` },
    {
      kind: "facts",
      rows: true,
      facts: advisory.map((vote) => ({ label: member(vote.member), value: rich`${icon(POSITION_ICON[vote.position])} ${words(VOTE_WORD[vote.position])}` })),
      max: ADVISORY_SHOWN,
      more: (hidden) => onPage(page, hidden, "more advisory vote"),
    },
  ];
}

/** Every objection with its reason, counted ones first. */
function objectionBlocks(view: ProposalView, page: string): Block[] {
  const objections = view.votes.filter((vote) => vote.position === "object").sort((a, b) => Number(b.counted) - Number(a.counted));
  if (objections.length === 0) return [];
  return [objectionList(view, objections, page, bold("Objections"))];
}

/** Objections as a list of who objected, for whom, and why. */
export function objectionList(view: ProposalView, objections: readonly ViewVote[], page: string, title?: Rich): Block {
  return {
    kind: "list",
    ...(title ? { title } : {}),
    items: objections.map((vote) => objectionItem(view, vote, page)),
    max: OBJECTIONS_SHOWN,
    more: (hidden) => onPage(page, hidden, "more objection"),
  };
}

function objectionItem(view: ProposalView, vote: ViewVote, page: string): Block {
  const domains = view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => text(d.name));
  const forWhom = vote.counted && domains.length > 0 ? rich` for ${listOf(domains)}` : rich` (advisory)`;
  const reason = vote.reason?.trim();
  return {
    kind: "group",
    tone: "attention",
    blocks: [
      {
        kind: "text",
        lead: rich`${member(vote.member)}${forWhom}:`,
        text: reason ? text(reason) : italic(words("No reason given.")),
        style: "quote",
        cut: { max: REASON_SHOWN, more: { url: page, label: "Read the full objection" } },
      },
    ],
  };
}

/** The notice in an affected domain's home channel: what is proposed, whom it affects, where to vote. */
export function proposalNoticeView(view: ProposalView, ctx: ViewContext): MessageView {
  const { proposal } = view;
  const domains = view.domains.map((d) => bold(d.name));
  const affects = domains.length > 0 ? rich` It affects ${listOf(domains)}.` : [];
  const vote =
    proposal.status === "open"
      ? rich` Owners vote on the proposal in the governance channel until ${date(proposal.deadline)} (${words(formatRelative(proposal.deadline, ctx.now))}).`
      : rich` ${describeStatus(proposal, ctx.links, ctx.now).text}`;
  const title = link(ctx.links.proposal(proposal.id), proposalTitle(proposal));
  return {
    kind: "message",
    summary: `${proposalTitle(proposal)}: the affected domains vote in the governance channel.`,
    blocks: [{ kind: "group", blocks: [{ kind: "text", text: rich`${icon("ballot")} ${title}.${affects}${vote}` }, proposalSnippet(proposal, ctx.links)] }],
  };
}

/** The answer to whoever opened a proposal: where it is, who votes until when, and terms it may duplicate. */
export function proposalOpenedView(opened: Opened, ctx: ViewContext): MessageView {
  const { proposal } = opened;
  const page = ctx.links.proposal(proposal.id);
  const affected = opened.affected.map((d) => bold(d.name));
  const voters = affected.length > 0 ? rich`The owners of ${listOf(affected)} vote on it` : rich`The affected domains vote on it`;
  return {
    kind: "message",
    summary: `Proposal #${proposal.id} opened: ${proposal.kind} ${proposal.termName}${opened.passability.stuck ? ". It cannot pass as things stand." : ""}`,
    blocks: [
      ...nearDuplicatesNote(opened.nearDuplicates, ctx.links),
      {
        kind: "text",
        text: rich`${icon("ballot")} ${link(page, `Proposal #${proposal.id}`)} opened: ${words(proposal.kind)} ${bold(proposal.termName)}. ${voters} until ${date(proposal.deadline)} (${words(formatRelative(proposal.deadline, ctx.now))}).`,
      },
      ...voicelessBlocks(opened.passability, "proposer"),
      { kind: "buttons", buttons: [{ label: "Open the proposal", url: page }] },
    ],
  };
}
