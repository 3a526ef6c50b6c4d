import type { Request, Response } from "express";
import { describeDriftReasons, describeStale, formatList, percent, plural, POLICY_MEANING } from "../../commands/format.js";
import {
  groupRelations,
  lookupTerm,
  openProposalsFirst,
  termUsages,
  RELATION_HEADING,
  type LookupResult,
  type Proposal,
  type TermDetails,
  type UsageView,
  type VariantDrift,
} from "../../core/index.js";
import { isWebUrl } from "../../views/relations.js";
import { sendHtml, sendNotFoundPage, type PageContext } from "./context.js";
import { html, time, type Html } from "./html.js";
import { facts, memberName, renderPage } from "./layout.js";
import { describeProposalStatus } from "./proposal.js";

/** Proposals a term page lists at most. */
export const TERM_PROPOSALS_SHOWN = 50;

type Found = Extract<LookupResult, { kind: "found" }>;

/**
 * Resolves the term a page address names: the exact slug, or an alias (answered with a redirect to the term's own
 * address). A fuzzy match is not taken for an address: the reader gets the 404 with "did you mean".
 */
export async function resolvePageTerm(
  ctx: PageContext,
  req: Request,
  res: Response,
  canonical: (slug: string) => string,
): Promise<Found | undefined> {
  const slug = String(req.params.slug ?? "");
  const result = await lookupTerm(ctx.deps, slug);
  if (result.kind === "found" && result.matchedBy === "alias") {
    res.redirect(302, canonical(result.details.term.slug));
    return undefined;
  }
  if (result.kind === "found" && result.matchedBy === "name") return result;
  await sendNotFoundPage(ctx, res, { message: `There is no term “${slug}” in the glossary.`, query: slug });
  return undefined;
}

/** GET /terms/:slug — the agreed definition, its facts, every domain's variant with its drift, and the proposals. */
export async function showTerm(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const found = await resolvePageTerm(ctx, req, res, ctx.paths.term);
  if (!found) return;
  const proposals = openProposalsFirst(await ctx.deps.store.repos.proposals.forTerm(found.details.term.slug, TERM_PROPOSALS_SHOWN));
  const used = await termUsages(ctx.deps, found.details.term.id, found.details.current);
  const body = renderTerm(ctx, found, proposals, used);
  sendHtml(res, 200, renderPage({ title: found.details.term.name, paths: ctx.paths, section: "glossary", body }));
}

function renderTerm(ctx: PageContext, found: Found, proposals: readonly Proposal[], used: readonly UsageView[]): Html {
  const { term, current, aliases, consumers } = found.details;
  const deprecated = term.status === "deprecated";
  const policy = term.policy ?? ctx.deps.governance.defaultPolicy;
  const by = current.proposedBy ? html` by ${memberName(current.proposedBy)}` : "";
  const how = current.proposalId !== null ? html` · <a href="${ctx.paths.proposal(current.proposalId)}">proposal #${current.proposalId}</a>` : "";
  return html`<article>
${renderBreadcrumb(ctx, found.details)}
<h1>${term.name}${deprecated ? html` <span class="badge warn">deprecated</span>` : ""}</h1>
${deprecated
  ? found.details.replacedBy
    ? html`<p class="notice">This term is deprecated in favour of <a href="${ctx.paths.term(found.details.replacedBy.slug)}">${found.details.replacedBy.name}</a>: use that instead.</p>`
    : html`<p class="notice">This term is deprecated; keep it only for reading old data.</p>`
  : ""}
<p class="definition">${current.text}</p>
${current.example ? html`<h2>Example</h2><blockquote>${current.example}</blockquote>` : ""}
${current.formula ? html`<h2>Formula</h2><pre><code>${current.formula}</code></pre>` : ""}
${facts([
  ["Version", html`${current.version}, agreed ${time(current.agreedAt)}${by}${how} · <a href="${ctx.paths.history(term.slug)}">history</a>`],
  ["Status", deprecated ? "deprecated" : "active"],
  ["Owner domain", term.ownerDomain ? term.ownerDomain.name : "none yet"],
  ["Stewards", term.ownerDomain && found.details.stewards ? (found.details.stewards.length > 0 ? html`${found.details.stewards.map((m, i) => html`${i > 0 ? ", " : ""}${memberName(m)}`)}` : "no owners yet") : undefined],
  ["Consuming domains", consumers.length > 0 ? formatList(consumers.map((d) => d.name)) : "none"],
  ["Aliases", aliases.length > 0 ? aliases.join(", ") : "none"],
  ["Tags", term.tags.length > 0 ? term.tags.join(", ") : "none"],
  ["Policy", html`${policy}${term.policy === null ? " (the default)" : ""}: ${POLICY_MEANING[policy]}`],
])}
<p><a href="${ctx.paths.history(term.slug)}">Every version of ${term.name}, with what changed</a></p>
${renderChildren(ctx, found.details)}
${renderRelations(ctx, found.details)}
${renderReferences(found.details)}
${renderVariants(found.drift, current.version)}
${renderUsages(used)}
${renderProposals(ctx, proposals)}
</article>`;
}

/** "Finance › Revenue › Net revenue": the term's ancestors, top-level first, each linked, then the term itself. */
function renderBreadcrumb(ctx: PageContext, details: TermDetails): Html | "" {
  const ancestors = details.ancestors ?? (details.parent ? [details.parent] : []);
  if (ancestors.length === 0) return "";
  const links = ancestors.map((a) => html`<a href="${ctx.paths.term(a.slug)}">${a.name}</a> › `);
  return html`<nav aria-label="Where this term sits"><p class="muted">${links}<span aria-current="page">${details.term.name}</span></p></nav>`;
}

/** The terms under this one (the first 50 by name, and how many there are). */
function renderChildren(ctx: PageContext, details: TermDetails): Html | "" {
  const children = details.children ?? [];
  const count = Math.max(details.childCount ?? children.length, children.length);
  if (count === 0) return "";
  const hidden = count - children.length;
  const items = children.map((c) => html`<li><a href="${ctx.paths.term(c.slug)}">${c.name}</a>${c.status === "deprecated" ? html` <span class="badge warn">deprecated</span>` : ""}</li>`);
  return html`<section aria-labelledby="children"><h2 id="children">${plural(count, "narrower term")}</h2>
<ul>${items}</ul>${hidden > 0 ? html`<p class="muted">and ${plural(hidden, "more narrower term")}, the first ${children.length} by name shown here.</p>` : ""}</section>`;
}

/** The term's typed relations, read from its own side, grouped by type. */
function renderRelations(ctx: PageContext, details: TermDetails): Html | "" {
  const groups = groupRelations(details.relations);
  if (groups.length === 0) return "";
  const rows = groups.map(
    (g) => [RELATION_HEADING[g.type], html`${g.terms.map((t, i) => html`${i > 0 ? ", " : ""}<a href="${ctx.paths.term(t.slug)}">${t.name}</a>`)}`] as const,
  );
  return html`<section aria-labelledby="relations"><h2 id="relations">Related terms</h2>${facts(rows)}</section>`;
}

/** Named links to what lies outside the glossary; an address that is not a web one is shown, never linked. */
function renderReferences(details: TermDetails): Html | "" {
  if (details.references.length === 0) return "";
  const items = details.references.map((r) =>
    isWebUrl(r.url) ? html`<li><a href="${r.url}" rel="noopener noreferrer">${r.label || r.url}</a></li>` : html`<li>${r.label}${r.label ? " " : ""}<code>${r.url}</code></li>`,
  );
  return html`<section aria-labelledby="references"><h2 id="references">References</h2><ul>${items}</ul></section>`;
}

function renderVariants(drift: readonly VariantDrift[], currentVersion: number): Html {
  if (drift.length === 0) {
    return html`<section aria-labelledby="variants"><h2 id="variants">Domain variants</h2><p>No domain has recorded its own variant: everyone works from the agreed definition.</p></section>`;
  }
  const items = drift.map((d) => {
    const stale = d.stale
      ? html` <span class="badge warn">stale: ${describeStale({ baseVersion: d.variant.baseVersion, currentVersion })}</span>`
      : "";
    const by = d.variant.updatedBy ? html` by ${memberName(d.variant.updatedBy)}` : "";
    const why = describeDriftReasons(d.reasons, 5);
    return html`<li><h3>${d.variant.domain.name}</h3>
<p><strong>${percent(d.score)} drift</strong> (${d.level})${stale}</p>
${why ? html`<p class="reasons">Why: ${why}</p>` : ""}
<blockquote>${d.variant.text}</blockquote>
<p class="muted">Updated ${time(d.variant.updatedAt)}${by}</p></li>`;
  });
  return html`<section aria-labelledby="variants"><h2 id="variants">How each domain's variant drifts from it (${drift.length})</h2>
<p class="hint">Drift is judged by what changed: a rewording stays under 50%; a changed window, event, denominator, population, inclusion, and/or or negation reaches 50% on its own, and each such change is named.</p>
<ul class="plain">${items}</ul></section>`;
}

/** "Where it is used": each domain's data products linked to the term, most drifted first, with the drift's reasons. */
function renderUsages(used: readonly UsageView[]): Html {
  if (used.length === 0) {
    return html`<section aria-labelledby="usages"><h2 id="usages">Where it is used</h2><p>No domain's data product is linked to this term yet: a dbt model, column or metric links to it through its <code>meta</code> (<code>glossary: [${"…"}]</code>).</p></section>`;
  }
  const items = used.map((u) => {
    const why = u.drift ? describeDriftReasons(u.drift.reasons, 5) : "";
    return html`<li><h3>${u.domain.name}: <code>${u.path}</code></h3>
<p>${u.drift ? html`<strong>${percent(u.drift.score)} drift</strong> (${u.drift.level})` : "no description to measure"} · ${u.kind} in the dbt project ${u.project}${u.linkSource === "accepted" ? " (a suggested link, accepted)" : ""}</p>
${why ? html`<p class="reasons">Why: ${why}</p>` : ""}
${u.description ? html`<blockquote>${u.description}</blockquote>` : ""}
<p class="muted">Last read ${time(u.lastSeenAt)}</p></li>`;
  });
  return html`<section aria-labelledby="usages"><h2 id="usages">Where it is used in data products (${used.length})</h2>
<ul class="plain">${items}</ul></section>`;
}

function renderProposals(ctx: PageContext, proposals: readonly Proposal[]): Html {
  const now = ctx.deps.clock.now();
  const open = proposals.filter((p) => p.status === "open").length;
  const intro =
    proposals.length === 0
      ? html`<p>No proposals on this term yet. Propose a change from chat with <code>/glossary propose</code>.</p>`
      : html`<p class="muted">${plural(open, "open proposal")}, ${proposals.length - open} closed.</p>`;
  const items = proposals.map(
    (p) => html`<li><a href="${ctx.paths.proposal(p.id)}">Proposal #${p.id}: ${p.kind} ${p.termName}</a> <span class="badge">${p.status}</span>
<div class="muted">${describeProposalStatus(p, now)}</div></li>`,
  );
  return html`<section aria-labelledby="proposals"><h2 id="proposals">Proposals</h2>${intro}${proposals.length > 0 ? html`<ul class="plain">${items}</ul>` : ""}</section>`;
}
