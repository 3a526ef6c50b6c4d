import type { Request, Response } from "express";
import {
  describeDeadline,
  describeIndexChange,
  describeIndexLevel,
  describeStale,
  DIGEST_EMPTY_LINE,
  describeDriftReasons,
  DIGEST_SECTION_TITLE,
  formatIndexValue,
  formatList,
  formatPeriod,
  formatRelative,
  OVERLAP_REASON,
  percent,
  plural,
  possessive,
} from "../../commands/format.js";
import { previewDigest, type Digest, type DigestTerm, type Section } from "../../core/index.js";
import { describeUsageDrift, UNUSED_TERMS_TITLE, USAGE_DRIFT_EMPTY, USAGE_DRIFT_TITLE } from "../../views/digest.js";
import type { Links } from "../links.js";
import { renderDriftChart } from "./chart.js";
import { sendHtml, type PageContext } from "./context.js";
import { html, time, type Html, type Interpolation } from "./html.js";
import { memberName, renderPage } from "./layout.js";
import { richHtml } from "./rich.js";

/** The digest a page or the API shows: the latest stored one, else a live preview that is stored nowhere. */
export interface ShownDigest {
  readonly digest: Digest;
  readonly source: "stored" | "preview";
  /** The schedule slot a stored digest was built for. */
  readonly slot?: Date;
  readonly id?: number;
}

/** The latest weekly digest, or this week's preview when none has been stored yet. */
export async function loadDigest(ctx: PageContext): Promise<ShownDigest> {
  const stored = await ctx.deps.store.repos.digests.latest();
  if (stored) return { digest: stored.digest, source: "stored", slot: stored.slot, id: stored.id };
  return { digest: await previewDigest(ctx.deps), source: "preview" };
}

/** GET /digest — every section of the weekly drift digest and the drift index over the weeks. */
export async function showDigest(ctx: PageContext, _req: Request, res: Response): Promise<void> {
  const shown = await loadDigest(ctx);
  const period = formatPeriod(shown.digest.period);
  const title = shown.source === "preview" ? `Digest preview, ${period}` : `Weekly glossary digest, ${period}`;
  sendHtml(res, 200, renderPage({ title, paths: ctx.paths, section: "digest", body: renderDigest(ctx, shown, title) }));
}

function renderDigest(ctx: PageContext, shown: ShownDigest, title: string): Html {
  const { digest } = shown;
  const { totals, index } = digest;
  const note =
    shown.source === "preview"
      ? html`<p class="notice" role="note"><strong>Live preview.</strong> No weekly digest has been posted yet, so this is the digest as it would read now, built from the glossary as it stands (${time(digest.generatedAt)}). It is not stored.</p>`
      : html`<p class="muted">Posted ${time(digest.generatedAt)}; it covers the seven days before.</p>`;
  const indexLine =
    totals.variants === 0 && index.value === 0
      ? html`<strong>Drift index: ${formatIndexValue(index.value)}</strong> of 100: no domain has written a variant yet, so nothing drifts.`
      : html`<strong>Drift index: ${formatIndexValue(index.value)}</strong> of 100 (${describeIndexLevel(index.value)}) · ${describeIndexChange(index)}`;
  return html`<h1>${title}</h1>
${note}
<p>${indexLine}</p>
${index.note ? html`<p class="notice" role="note">${index.note}</p>` : ""}
<p class="muted">${plural(totals.terms, "term")} · ${plural(totals.domains, "domain")} · ${plural(totals.variants, "variant")} · ${plural(totals.openProposals, "open proposal")}</p>
${renderDriftChart(index.history)}
${section("agreed", DIGEST_SECTION_TITLE.agreed, digest.agreed, DIGEST_EMPTY_LINE.agreed, (c) => html`${termLink(ctx, c.term)}${ownerOf(c.term)} is at version ${c.version}, agreed ${formatRelative(c.agreedAt, digest.generatedAt)} · ${c.proposalId === null ? "imported" : html`<a href="${ctx.paths.proposal(c.proposalId)}">proposal #${c.proposalId}</a>`}`)}
${digest.stuck && digest.stuck.total > 0 ? section("stuck", DIGEST_SECTION_TITLE.stuck, digest.stuck, "", (w) => html`<a href="${ctx.paths.proposal(w.proposalId)}">Proposal #${w.proposalId}</a>: ${w.kind} <strong>${w.termName}</strong>${w.proposer ? ` by ${memberName(w.proposer)}` : ""} · ${formatList((w.voiceless ?? []).map((v) => (v.reason === "no-owners" ? `${v.domain.name} has no owners` : `${possessive(v.domain.name)} only owner proposed it`)))} · ${describeDeadline(w.deadline, digest.generatedAt)}`) : ""}
${section("waiting", DIGEST_SECTION_TITLE.waiting, digest.waiting, DIGEST_EMPTY_LINE.waiting, (w) => html`<a href="${ctx.paths.proposal(w.proposalId)}">Proposal #${w.proposalId}</a>: ${w.kind} <strong>${w.termName}</strong>${w.proposer ? ` by ${memberName(w.proposer)}` : ""} · ${w.undecided.length === 0 ? "every affected domain has a position" : `no position yet from ${formatList(w.undecided.map((d) => d.name))}`} · ${describeDeadline(w.deadline, digest.generatedAt)}`)}
${section("drift", DIGEST_SECTION_TITLE.drift, digest.drift, DIGEST_EMPTY_LINE.drift, (e) => html`${possessive(e.domain.name)} ${termLink(ctx, e.term)} — ${percent(e.score)} drift (${e.level})${e.reasons?.length ? `: ${describeDriftReasons(e.reasons)}` : ""}`)}
${section("stale", DIGEST_SECTION_TITLE.stale, digest.stale, DIGEST_EMPTY_LINE.stale, (e) => html`${possessive(e.domain.name)} ${termLink(ctx, e.term)} — ${describeStale(e)} · updated ${formatRelative(e.updatedAt, digest.generatedAt)}`)}
${renderDataProducts(ctx, digest)}
${section("overlaps", DIGEST_SECTION_TITLE.overlaps, digest.overlaps, DIGEST_EMPTY_LINE.overlaps, (o) => html`${termLink(ctx, o.a)} ↔ ${termLink(ctx, o.b)} — ${o.reason === "alias" && o.detail !== undefined ? `${OVERLAP_REASON.alias} “${o.detail}”` : `${OVERLAP_REASON[o.reason]}, ${percent(o.similarity)} alike`}`)}
${renderGaps(ctx, digest)}`;
}

function section<T>(id: string, title: string, list: Section<T>, empty: string, describe: (item: T) => Interpolation): Html {
  if (list.total === 0) return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2><p class="muted">${empty}</p></section>`;
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title} (${list.total})</h2>${items(list, describe)}</section>`;
}

function items<T>(list: Section<T>, describe: (item: T) => Interpolation): Html {
  const hidden = list.total - list.items.length;
  return html`<ul>${list.items.map((item) => html`<li>${describe(item)}</li>`)}</ul>${hidden > 0 ? html`<p class="muted">…and ${hidden} more not listed in the digest.</p>` : ""}`;
}

/**
 * The data products that drift and the terms no product uses, in the words chat gives them (one view of each
 * drifting product), linking the term pages; nothing in a digest stored before they were counted, and no unused
 * terms before any domain has ingested a product.
 */
function renderDataProducts(ctx: PageContext, digest: Digest): Html {
  const links = pageLinks(ctx);
  const drifting = digest.usageDrift
    ? section("usage-drift", USAGE_DRIFT_TITLE, digest.usageDrift, USAGE_DRIFT_EMPTY, (entry) => richHtml(describeUsageDrift(entry, links)))
    : "";
  const unused = digest.unused && digest.unused.total > 0 ? section("unused", UNUSED_TERMS_TITLE, digest.unused, "", (term) => termLink(ctx, term)) : "";
  return html`${drifting}${unused}`;
}

/** The pages' own addresses, in the shape the views link with. */
function pageLinks(ctx: PageContext): Links {
  const { paths } = ctx;
  return { term: (slug) => paths.term(slug), history: (slug) => paths.history(slug), proposal: (id) => paths.proposal(id), digest: () => paths.digest };
}

function renderGaps(ctx: PageContext, digest: Digest): Html {
  const { gaps } = digest;
  if (gaps.unownedTerms.total === 0 && gaps.ownerlessDomains.total === 0 && gaps.silentDomains.total === 0) {
    return html`<section aria-labelledby="gaps"><h2 id="gaps">${DIGEST_SECTION_TITLE.gaps}</h2><p class="muted">${DIGEST_EMPTY_LINE.gaps}</p></section>`;
  }
  const sub = <T>(title: string, list: Section<T>, describe: (item: T) => Interpolation): Html =>
    list.total === 0 ? html`<h3>${title}</h3><p class="muted">None.</p>` : html`<h3>${title} (${list.total})</h3>${items(list, describe)}`;
  return html`<section aria-labelledby="gaps"><h2 id="gaps">${DIGEST_SECTION_TITLE.gaps}</h2>
${sub(DIGEST_SECTION_TITLE.unownedTerms, gaps.unownedTerms, (t) => termLink(ctx, t))}
${sub(DIGEST_SECTION_TITLE.ownerlessDomains, gaps.ownerlessDomains, (d) => d.name)}
${sub(DIGEST_SECTION_TITLE.silentDomains, gaps.silentDomains, (s) => `${s.domain.name} — asked on ${plural(s.missed, "proposal")}, never voted`)}
</section>`;
}

function termLink(ctx: PageContext, term: { readonly slug: string; readonly name: string }): Html {
  return html`<a href="${ctx.paths.term(term.slug)}"><strong>${term.name}</strong></a>`;
}

function ownerOf(term: DigestTerm): string {
  return term.ownerDomain ? ` (${term.ownerDomain.name})` : "";
}
