import type { Request, Response } from "express";
import { z } from "zod";
import {
  listProposals,
  listTerms,
  lookupTerm,
  searchTerms,
  termHistory,
  termUsages,
  viewProposal,
  type DefinitionVersion,
  type Domain,
  type DriftReason,
  type Member,
  type Proposal,
  type ProposalView,
  type UserRef,
  type VoteState,
} from "../../core/index.js";
import { loadDigest } from "./digest.js";
import { indexQuery } from "./glossary.js";
import { pageQuery, parseQuery, type PageContext } from "./context.js";
import { parseProposalId } from "./proposal.js";

/*
 * The JSON twins of the pages. Shapes (dates are ISO 8601 strings; absent values are null, never missing):
 *
 * GET /api/terms?page=         { kind: "list", page, perPage, pages, total, terms: TermItem[] }   alphabetical, 100 a page
 * GET /api/terms?q=            { kind: "search", query, total, terms: (TermItem & { matchedOn, score })[] }   best first
 *   TermItem = { slug, name, status, ownerDomain: DomainRef | null, version, definition, url }
 * GET /api/terms/:slug         { term, definition: Version, aliases: string[], consumers: DomainRef[], related,
 *                                variants: Variant[], usages: Usage[], history: (Version & { diff: DiffPart[] | null })[] }   (newest first)
 *   term = { slug, name, status, ownerDomain, policy, policyIsDefault, tags, version, createdAt, updatedAt, url, historyUrl }
 *   Version = { version, text, example, formula, agreedAt, proposedBy: MemberRef | null, proposalId }
 *   MemberRef = { name: display name | null, ref: user ref }   (a ref field is a ref; a name field beside it names the person)
 *   Variant = { domain, text, baseVersion, stale, drift: { score (0–1, whole percents), level, reasons: Reason[] }, updatedAt, updatedBy }
 *   Usage = { domain: DomainRef, project, path (model.orders.customer_id), kind: model|column|metric|semantic, description,
 *             linkSource: explicit|accepted, drift: { score, level, reasons: Reason[] } | null (no description), lastSeenAt }
 *           (a data product's linked description, measured against the agreed definition now; most drifted first)
 *   Reason = { kind, from: string | null, to: string | null, text }   e.g. { kind: "window", from: "90 days", to: "30 days", text: "changes the window: 90 days → 30 days" }
 * GET /api/proposals?status=open|all&page=   { status, page, perPage, total, proposals: ProposalItem[] }
 *   ProposalItem = { id, kind, status, term, baseVersion, text, rationale, policy, proposer (its user ref),
 *                    proposerName (the proposer's display name, null when Concord knows them only by ref), … }
 *   (open: nearest deadline first; all: newest first)
 * GET /api/proposals/:id       { proposal: ProposalItem & {…}, base: Version | null, diff, domains, votes, decision,
 *                                timeline: Event[], withdrawnObjections: Withdrawn[] }   (timeline oldest first)
 *   Event = { at, event: "opened" | "vote.cast" | "vote.changed" | "vote.withdrawn" | "reminded" | "closed",
 *             member: MemberRef | null, vote: VoteState | null, previous: VoteState | null, status: string | null }
 *   VoteState = { position, reason, comment }   (previous: the vote a change replaced or a withdrawal removed)
 *   Withdrawn = { member: MemberRef, reason, objectedAt, withdrawnAt, then: "approve" | "abstain" | null }
 * GET /api/digest              { source: "stored" | "preview", slot, url, digest }   (digest as src/core/digest/types.ts)
 *
 * Errors: { error: "not_found" | "bad_request" | "unauthorized", message } with 404, 400 or 401.
 */

interface DomainRef {
  readonly slug: string;
  readonly name: string;
}

interface MemberRef {
  readonly name: string | null;
  readonly ref: string | null;
}

const proposalsQuery = z.object({
  status: z
    .enum(["open", "all"], { error: "The status must be open or all, as in ?status=open." })
    .optional(),
  page: pageQuery,
});

/** GET /api/terms — the alphabetical list, or search hits with `?q=`. */
export async function apiTerms(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const { q, page } = parseQuery(indexQuery, req.query);
  if (q) {
    const result = await searchTerms(ctx.deps, q);
    res.json({
      kind: "search",
      query: result.query,
      total: result.hits.length,
      terms: result.hits.map((hit) => ({
        slug: hit.term.slug,
        name: hit.term.name,
        status: hit.term.status,
        definition: hit.definition,
        matchedOn: hit.matchedOn,
        score: hit.score,
        url: ctx.links.term(hit.term.slug),
      })),
    });
    return;
  }
  const listing = await listTerms(ctx.catalogue, { page: page ?? 1 });
  res.json({
    kind: "list",
    page: listing.page,
    perPage: listing.perPage,
    pages: listing.pages,
    total: listing.total,
    terms: listing.items.map((entry) => ({
      slug: entry.term.slug,
      name: entry.term.name,
      status: entry.term.status,
      ownerDomain: domainRef(entry.ownerDomain),
      version: entry.currentVersion,
      definition: entry.definition,
      url: ctx.links.term(entry.term.slug),
    })),
  });
}

/** GET /api/terms/:slug — the term by slug or alias, with its definition, variants and drift, and every version. */
export async function apiTerm(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const slug = String(req.params.slug ?? "");
  const result = await lookupTerm(ctx.deps, slug);
  if (result.kind !== "found" || result.matchedBy === "fuzzy") {
    const suggestions =
      result.kind === "found"
        ? [result.details.term]
        : result.suggestions.map((s) => s.term);
    res.status(404).json({
      error: "not_found",
      message: `There is no term “${slug}” in the glossary.`,
      suggestions: suggestions.map((t) => ({ slug: t.slug, name: t.name, url: ctx.links.term(t.slug) })),
    });
    return;
  }
  const { term, current, aliases, consumers, relations, references, parent, ancestors = [], children = [] } = result.details;
  const termRef = (t: { slug: string; name: string }) => ({ slug: t.slug, name: t.name, url: ctx.links.term(t.slug) });
  const history = await termHistory(ctx.deps, term.slug);
  const used = await termUsages(ctx.deps, term.id, current);
  res.json({
    term: {
      slug: term.slug,
      name: term.name,
      status: term.status,
      ownerDomain: domainRef(term.ownerDomain),
      policy: term.policy ?? ctx.deps.governance.defaultPolicy,
      policyIsDefault: term.policy === null,
      tags: term.tags,
      version: term.currentVersion,
      createdAt: term.createdAt,
      updatedAt: term.updatedAt,
      url: ctx.links.term(term.slug),
      historyUrl: ctx.links.history(term.slug),
    },
    definition: versionJson(current),
    aliases,
    consumers: consumers.map(domainRef),
    parent: parent ? termRef(parent) : null,
    ancestors: ancestors.map(termRef),
    children: children.map(termRef),
    childCount: Math.max(result.details.childCount ?? children.length, children.length),
    relations: relations.map((r) => ({ type: r.type, ...termRef(r.term) })),
    references,
    variants: result.drift.map((d) => ({
      domain: domainRef(d.variant.domain),
      text: d.variant.text,
      baseVersion: d.variant.baseVersion,
      stale: d.stale,
      drift: { score: d.score, level: d.level, reasons: (d.reasons ?? []).map(reasonJson) },
      updatedAt: d.variant.updatedAt,
      updatedBy: memberRef(d.variant.updatedBy),
    })),
    usages: used.map((u) => ({
      domain: { slug: u.domain.slug, name: u.domain.name },
      project: u.project,
      path: u.path,
      kind: u.kind,
      description: u.description,
      linkSource: u.linkSource,
      drift: u.drift && { score: u.drift.score, level: u.drift.level, reasons: u.drift.reasons.map(reasonJson) },
      lastSeenAt: u.lastSeenAt,
    })),
    history: history.entries.map((entry) => ({ ...versionJson(entry.version), diff: entry.diff ?? null })),
    replacedBy: result.details.replacedBy ? { slug: result.details.replacedBy.slug, name: result.details.replacedBy.name, url: ctx.links.term(result.details.replacedBy.slug) } : null,
    stewards: (result.details.stewards ?? []).map(memberRef),
    underVote: (result.details.underVote ?? []).map((p) => ({ id: p.id, kind: p.kind, deadline: p.deadline, url: ctx.links.proposal(p.id) })),
  });
}

/** GET /api/proposals — open proposals (the default) or all of them. */
export async function apiProposals(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const { status = "open", page = 1 } = parseQuery(proposalsQuery, req.query);
  const perPage = 100;
  const listing = await listProposals(ctx.catalogue, { filter: status, page, perPage });
  const proposers = await ctx.deps.store.repos.members.findByRefs(listing.items.map((p) => p.proposerRef));
  res.json({
    status,
    page,
    perPage,
    total: listing.total,
    proposals: listing.items.map((p) => proposalJson(ctx, p, proposers.get(p.proposerRef)?.displayName ?? null)),
  });
}

/** GET /api/proposals/:id — a proposal with its diff, each domain's position and voters, and the votes. */
export async function apiProposal(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const view = await viewProposal(ctx.deps, parseProposalId(req.params.id), { history: true });
  res.json(proposalViewJson(ctx, view));
}

/** GET /api/digest — the latest stored digest, or this week's preview when none is stored. */
export async function apiDigest(ctx: PageContext, _req: Request, res: Response): Promise<void> {
  const shown = await loadDigest(ctx);
  res.json({ source: shown.source, slot: shown.slot ?? null, url: ctx.links.digest(), digest: shown.digest });
}

function proposalViewJson(ctx: PageContext, view: ProposalView) {
  const { proposal } = view;
  return {
    proposal: {
      ...proposalJson(ctx, proposal, view.proposer?.displayName ?? null),
      example: proposal.example,
      formula: proposal.formula,
      allowSelfApproval: proposal.allowSelfApproval,
      remindedAt: proposal.remindedAt,
    },
    base: view.base ? versionJson(view.base) : null,
    diff: view.diff,
    domains: view.domains.map((domain) => ({
      slug: domain.slug,
      name: domain.name,
      owning: domain.owning,
      position: domain.tally.position,
      approve: domain.tally.approve,
      object: domain.tally.object,
      abstain: domain.tally.abstain,
      owners: domain.owners.map(memberRef),
      countedVoters: view.votes.filter((v) => domain.tally.counted.includes(v.member.id)).map((v) => memberRef(v.member)),
    })),
    votes: view.votes.map((vote) => ({
      member: memberRef(vote.member),
      position: vote.position,
      reason: vote.reason,
      comment: vote.comment,
      counted: vote.counted,
      countedFor: view.domains.filter((d) => d.tally.counted.includes(vote.member.id)).map((d) => d.slug),
      castAt: vote.castAt,
      updatedAt: vote.updatedAt,
    })),
    decision: view.tally.decision ?? null,
    timeline: timelineJson(view),
    withdrawnObjections: (view.history?.withdrawnObjections ?? []).map((entry) => ({
      member: voterRef(entry.voter, entry.voterRef),
      reason: entry.reason,
      objectedAt: entry.objectedAt,
      withdrawnAt: entry.withdrawnAt,
      then: entry.then ?? null,
    })),
  };
}

/** What happened to a proposal, oldest first: opened, every vote change with its reasons, reminded, closed. */
function timelineJson(view: ProposalView) {
  const { proposal } = view;
  const entry = (at: Date, event: string, fields: { member?: MemberRef; vote?: VoteState; previous?: VoteState; status?: string } = {}) => ({
    at,
    event,
    member: fields.member ?? null,
    vote: fields.vote ? voteStateJson(fields.vote) : null,
    previous: fields.previous ? voteStateJson(fields.previous) : null,
    status: fields.status ?? null,
  });
  const events = [entry(proposal.createdAt, "opened", { member: voterRef(view.proposer, proposal.proposerRef) })];
  for (const change of view.history?.changes ?? []) {
    events.push(
      entry(change.at, `vote.${change.kind}`, {
        member: voterRef(change.voter, change.voterRef),
        ...(change.vote ? { vote: change.vote } : {}),
        ...(change.previous ? { previous: change.previous } : {}),
      }),
    );
  }
  if (proposal.remindedAt) events.push(entry(proposal.remindedAt, "reminded"));
  if (proposal.decidedAt) events.push(entry(proposal.decidedAt, "closed", { status: proposal.status }));
  return events.sort((a, b) => +a.at - +b.at);
}

function voteStateJson(state: VoteState) {
  return { position: state.position, reason: state.reason, comment: state.comment };
}

/** The identity that acted, with its member's display name when Concord knows one. */
function voterRef(member: Member | undefined, ref: UserRef): MemberRef {
  return { name: member?.displayName ?? null, ref };
}

function proposalJson(ctx: PageContext, proposal: Proposal, proposerName: string | null) {
  return {
    id: proposal.id,
    kind: proposal.kind,
    status: proposal.status,
    term: { slug: proposal.termSlug, name: proposal.termName, exists: proposal.termId !== null },
    baseVersion: proposal.baseVersion,
    text: proposal.text,
    rationale: proposal.rationale,
    policy: proposal.policy,
    proposer: proposal.proposerRef,
    proposerName,
    createdAt: proposal.createdAt,
    deadline: proposal.deadline,
    decidedAt: proposal.decidedAt,
    resultVersion: proposal.resultVersion,
    supersededBy: proposal.supersededBy,
    url: ctx.links.proposal(proposal.id),
  };
}

function reasonJson(reason: DriftReason) {
  return { kind: reason.kind, from: reason.from ?? null, to: reason.to ?? null, text: reason.text };
}

function versionJson(version: DefinitionVersion) {
  return {
    version: version.version,
    text: version.text,
    example: version.example,
    formula: version.formula,
    agreedAt: version.agreedAt,
    proposedBy: memberRef(version.proposedBy),
    proposalId: version.proposalId,
  };
}

function domainRef(domain: Domain): DomainRef;
function domainRef(domain: Domain | null): DomainRef | null;
function domainRef(domain: Domain | null): DomainRef | null {
  return domain ? { slug: domain.slug, name: domain.name } : null;
}

function memberRef(member: Member | null): MemberRef | null {
  return member ? { name: member.displayName, ref: member.refs[0] ?? null } : null;
}
