import type { Request, Response } from "express";
import { formatList, formatRelative, plural, POLICY_MEANING, POSITION_WORD, proposalTitle, VOTE_WORD } from "../../commands/format.js";
import {
  ConcordError,
  viewProposal,
  type Member,
  type Proposal,
  type ProposalView,
  type VoteChange,
  type VotePosition,
  type VoteState,
} from "../../core/index.js";
import { sendHtml, type PageContext } from "./context.js";
import { html, join, renderDiff, time, type Html } from "./html.js";
import { facts, memberName, renderPage } from "./layout.js";
import { describeVoiceless, plainText, text } from "../../views/index.js";

/** A proposal id from an address: digits only, else the core's "not found". */
export function parseProposalId(raw: unknown): number {
  const text = String(raw ?? "");
  const id = /^\d{1,9}$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new ConcordError("not-found", `There is no proposal “${text}”: proposals are numbered, like /proposals/12.`);
  }
  return id;
}

/** GET /proposals/:id — text, diff, rationale, policy, each domain's position and voters, votes and a timeline. */
export async function showProposal(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const view = await viewProposal(ctx.deps, parseProposalId(req.params.id), { history: true });
  const proposer = await ctx.deps.store.repos.members.findByRef(view.proposal.proposerRef);
  const body = renderProposal(ctx, view, proposer ? memberName(proposer) : view.proposal.proposerRef);
  sendHtml(res, 200, renderPage({ title: proposalTitle(view.proposal), paths: ctx.paths, section: "glossary", body }));
}

/** Where a proposal stands, in one sentence (plain text). */
export function describeProposalStatus(proposal: Proposal, now: Date): string {
  switch (proposal.status) {
    case "open":
      return proposal.deadline.getTime() > now.getTime()
        ? `Open: voting closes ${formatRelative(proposal.deadline, now)}.`
        : "Open: the deadline has passed and the outcome is being recorded.";
    case "approved":
      if (proposal.kind === "deprecate") return `Approved: ${proposal.termName} is now deprecated.`;
      return proposal.resultVersion === null ? "Approved." : `Approved as version ${proposal.resultVersion} of ${proposal.termName}.`;
    case "rejected":
      return "Rejected: an objection stood.";
    case "expired":
      return "Expired: no decision was reached by the deadline.";
    case "superseded":
      return proposal.supersededBy === null
        ? `Superseded by another proposal on ${proposal.termName}.`
        : `Superseded by proposal #${proposal.supersededBy}.`;
    case "withdrawn":
      return "Withdrawn: voting is closed.";
  }
}

function renderProposal(ctx: PageContext, view: ProposalView, proposer: string): Html {
  const { proposal } = view;
  const now = ctx.deps.clock.now();
  const termLink =
    proposal.termId !== null ? html`<a href="${ctx.paths.term(proposal.termSlug)}">${proposal.termName}</a>` : html`${proposal.termName} (a new term)`;
  const outcome =
    proposal.status === "approved" && proposal.resultVersion !== null && proposal.kind !== "deprecate"
      ? html` <a href="${ctx.paths.history(proposal.termSlug)}">See version ${proposal.resultVersion} in the history</a>.`
      : proposal.status === "superseded" && proposal.supersededBy !== null
        ? html` <a href="${ctx.paths.proposal(proposal.supersededBy)}">Read proposal #${proposal.supersededBy}</a>.`
        : "";
  return html`<article>
<h1>${proposalTitle(proposal)} <span class="badge">${proposal.status}</span></h1>
<p><strong>${describeProposalStatus(proposal, now)}</strong>${outcome}</p>
${renderVoiceless(view, proposer)}
${facts([
  ["Kind", KIND_MEANING[proposal.kind]],
  ["Term", termLink],
  ["Proposed by", html`${proposer}, ${time(proposal.createdAt)}`],
  ["Base version", view.base ? html`version ${view.base.version}` : proposal.kind === "create" ? "none: a new term" : undefined],
  ["Policy", html`${proposal.policy}: ${POLICY_MEANING[proposal.policy]}`],
  ["Self-approval", proposal.allowSelfApproval ? "the proposer's own vote counts" : "the proposer's own vote is advisory"],
  [proposal.status === "open" ? "Deadline" : "Deadline was", html`${time(proposal.deadline)}${proposal.status === "open" ? ` (${formatRelative(proposal.deadline, now)})` : ""}`],
  ["Decided", proposal.decidedAt ? time(proposal.decidedAt) : undefined],
])}
${renderText(ctx, view)}
${renderDomains(view)}
${renderVotes(view)}
${renderTimeline(ctx, view, proposer)}
</article>`;
}

/** While open: the affected domains nobody's vote can count for, and who fixes that with which command. */
function renderVoiceless(view: ProposalView, proposer: string): Html | string {
  const { voiceless, stuck } = view.passability;
  if (view.proposal.status !== "open" || voiceless.length === 0) return "";
  const title = stuck ? "Stuck: this proposal cannot pass as things stand." : "Not every affected domain can take a position yet.";
  return html`<div class="notice" role="note"><p><strong>${title}</strong></p><ul>${voiceless.map((entry) => html`<li>${plainText(describeVoiceless(entry, { proposer: text(proposer) }))}</li>`)}</ul></div>`;
}

const KIND_MEANING: Record<Proposal["kind"], string> = {
  create: "create a new term",
  amend: "amend the agreed definition",
  deprecate: "deprecate the term",
};

function renderText(ctx: PageContext, view: ProposalView): Html {
  const { proposal, base } = view;
  const changed = view.diff.some((part) => part.kind !== "same");
  const proposed =
    proposal.kind === "deprecate" || proposal.text === null
      ? html`<h2>Deprecate ${proposal.termName}</h2><p>It stays readable but is marked deprecated.</p>${base ? html`<p class="muted">The current definition (version ${base.version}):</p><blockquote>${base.text}</blockquote>` : ""}`
      : html`<h2>Proposed definition</h2><p class="definition">${proposal.text}</p>`;
  const diff =
    proposal.kind === "amend" && base && proposal.text !== null
      ? html`<h2>Changes from version ${base.version}</h2>${changed ? html`<p class="diff">${renderDiff(view.diff)}</p>` : html`<p class="muted">The words are the same as version ${base.version}.</p>`}`
      : "";
  const under = view.placement?.under;
  const placement = view.placement
    ? html`<h2>Where it goes</h2><p>${under
        ? under.agreed
          ? html`${proposal.termName} under <a href="${ctx.paths.term(under.slug)}">${under.name}</a>.`
          : html`${proposal.termName} under ${under.name} (itself proposed, not yet agreed: the move waits for it).`
        : html`${proposal.termName} at the top level of the glossary, under no other term.`}</p>`
    : "";
  return html`${proposed}
${placement}
${proposal.example ? html`<h3>Example</h3><blockquote>${proposal.example}</blockquote>` : ""}
${proposal.formula ? html`<h3>Formula</h3><pre><code>${proposal.formula}</code></pre>` : ""}
${diff}
<h2>Rationale</h2>
${proposal.rationale.trim() !== "" ? html`<blockquote>${proposal.rationale.trim()}</blockquote>` : html`<p class="muted">No rationale given.</p>`}`;
}

function renderDomains(view: ProposalView): Html {
  if (view.domains.length === 0) return html`<h2>Affected domains</h2><p>None.</p>`;
  const rows = view.domains.map((domain) => {
    const counted = view.votes.filter((vote) => domain.tally.counted.includes(vote.member.id));
    const voters =
      counted.length > 0
        ? formatList(counted.map((v) => `${memberName(v.member)} (${VOTE_WORD[v.position]})`))
        : domain.owners.length === 0
          ? "no owners yet, so nobody can vote for it"
          : `${plural(domain.owners.length, "owner")}, none has voted`;
    return html`<tr><th scope="row">${domain.name}</th><td>${domain.owning ? "owner" : "consumer"}</td><td>${POSITION_WORD[domain.tally.position]}</td><td>${voters}</td></tr>`;
  });
  return html`<h2>Affected domains (${view.domains.length})</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Domain</th><th scope="col">Role</th><th scope="col">Position</th><th scope="col">Counted votes</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function renderVotes(view: ProposalView): Html {
  if (view.votes.length === 0) return html`<h2>Votes</h2><p>No votes yet.</p>`;
  const rows = [...view.votes]
    .sort((a, b) => Number(b.counted) - Number(a.counted) || +a.castAt - +b.castAt)
    .map((vote) => {
      const domains = view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => d.name);
      const counts = vote.counted && domains.length > 0 ? `counted for ${formatList(domains)}` : "advisory (not counted)";
      return html`<tr><th scope="row">${memberName(vote.member)}</th><td>${VOTE_WORD[vote.position]}</td><td>${counts}</td><td>${vote.reason ?? ""}${vote.reason && vote.comment ? html`<br>` : ""}${vote.comment ?? ""}</td><td>${time(vote.updatedAt)}</td></tr>`;
    });
  return html`<h2>Votes (${view.votes.length})</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Member</th><th scope="col">Vote</th><th scope="col">Counts</th><th scope="col">Reason or comment</th><th scope="col">When</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${renderWithdrawnObjections(view)}`;
}

const THEN_WORD: Record<VotePosition, string> = { approve: "approved", object: "objected", abstain: "abstained" };

/** Objections that no longer stand, so a reader sees what was raised and given up, not only the final votes. */
function renderWithdrawnObjections(view: ProposalView): Html | string {
  const withdrawn = view.history?.withdrawnObjections ?? [];
  if (withdrawn.length === 0) return "";
  const items = withdrawn.map((entry) => {
    const name = voterName(entry.voter, entry.voterRef);
    const reason = entry.reason ? html` (reason: ${entry.reason})` : "";
    const then = entry.then ? THEN_WORD[entry.then] : "withdrew their vote";
    return html`<li>${name} objected${reason}, then ${then}. <span class="muted">Objected ${time(entry.objectedAt)}; ${entry.then ? "changed" : "withdrawn"} ${time(entry.withdrawnAt)}.</span></li>`;
  });
  return html`<h3>Objections withdrawn (${withdrawn.length})</h3><ul class="withdrawn-objections">${items}</ul>`;
}

function voterName(voter: Member | undefined, ref: string): string {
  return voter ? memberName(voter) : ref;
}

/** A vote with its reason and comment, as the timeline words it: "object (reason: …)". */
function describeVoteState(state: VoteState): Html {
  const why = [...(state.reason ? [html`reason: ${state.reason}`] : []), ...(state.comment ? [html`comment: ${state.comment}`] : [])];
  return html`${VOTE_WORD[state.position]}${why.length > 0 ? html` (${join(why, "; ")})` : ""}`;
}

/** One vote change as a timeline line: who did what, with the reason before and after. */
function describeVoteChange(change: VoteChange): Html {
  const name = voterName(change.voter, change.voterRef);
  if (change.kind === "withdrawn") {
    return html`${name} withdrew their vote${change.previous ? html` (${describeVoteState(change.previous)})` : ""}`;
  }
  if (!change.vote) return html`${name} voted`;
  if (change.kind === "cast") return html`${name} voted ${describeVoteState(change.vote)}`;
  return change.previous
    ? html`${name} changed their vote from ${describeVoteState(change.previous)} to ${describeVoteState(change.vote)}`
    : html`${name} changed their vote to ${describeVoteState(change.vote)}`;
}

function renderTimeline(ctx: PageContext, view: ProposalView, proposer: string): Html {
  const { proposal } = view;
  const events: { at: Date; text: Html }[] = [{ at: proposal.createdAt, text: html`Opened by ${proposer}` }];
  for (const change of view.history?.changes ?? []) events.push({ at: change.at, text: describeVoteChange(change) });
  if (proposal.remindedAt) events.push({ at: proposal.remindedAt, text: html`Owners who had not voted were reminded` });
  if (proposal.decidedAt) {
    const superseded =
      proposal.status === "superseded" && proposal.supersededBy !== null
        ? html` by <a href="${ctx.paths.proposal(proposal.supersededBy)}">proposal #${proposal.supersededBy}</a>`
        : "";
    events.push({ at: proposal.decidedAt, text: html`Closed: ${proposal.status}${superseded}` });
  } else if (proposal.status === "open") {
    events.push({ at: proposal.deadline, text: html`Voting closes` });
  }
  events.sort((a, b) => +a.at - +b.at);
  return html`<h2>Timeline</h2><ol class="timeline">${events.map((e) => html`<li>${time(e.at)}: ${e.text}</li>`)}</ol>`;
}
