import type { Request, Response } from "express";
import { z } from "zod";
import { plural } from "../../commands/format.js";
import { listTerms, searchTerms, type SearchResult, type TermListing } from "../../core/index.js";
import { pageQuery, parseQuery, searchQuery, sendHtml, type PageContext } from "./context.js";
import { html, oneLine, queryString, type Html } from "./html.js";
import { renderPage, searchForm } from "./layout.js";

/** The index's query: `?q=` searches, `?page=` pages through the alphabetical list. */
export const indexQuery = z.object({ q: searchQuery, page: pageQuery });

/** GET / — the glossary alphabetically (100 a page), or search hits best first. */
export async function showGlossary(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const { q, page } = parseQuery(indexQuery, req.query);
  if (q) {
    const result = await searchTerms(ctx.deps, q);
    sendHtml(res, 200, renderPage({ title: `Search: ${q}`, paths: ctx.paths, section: "glossary", query: q, body: renderSearch(ctx, result) }));
    return;
  }
  const listing = await listTerms(ctx.catalogue, { page: page ?? 1 });
  sendHtml(res, 200, renderPage({ title: "Glossary", paths: ctx.paths, section: "glossary", body: renderListing(ctx, listing) }));
}

function renderSearch(ctx: PageContext, result: SearchResult): Html {
  const heading = html`<h1>Search: “${result.query}”</h1>`;
  if (result.hits.length === 0) {
    return html`${heading}
<p>Nothing in the glossary matches “${result.query}”. Try fewer words, or propose it from chat with <code>/glossary propose ${result.query}</code>.</p>
${searchForm(ctx.paths, result.query, "main")}
<p><a href="${ctx.paths.home}">Browse every term</a></p>`;
  }
  const hits = result.hits.map(
    (hit) => html`<li><a class="name" href="${ctx.paths.term(hit.term.slug)}">${hit.term.name}</a>${hit.term.status === "deprecated" ? html` <span class="badge warn">deprecated</span>` : ""} <span class="muted">· matched on ${hit.matchedOn}</span>
<div>${oneLine(hit.definition, 240)}</div></li>`,
  );
  return html`${heading}
<p>${plural(result.hits.length, "term")} matching, best first. <a href="${ctx.paths.home}">Browse every term</a>.</p>
<ol class="hits">${hits}</ol>`;
}

function renderListing(ctx: PageContext, listing: TermListing): Html {
  const intro = html`<p>The agreed definitions every domain shares. See also <a href="${ctx.paths.digest}">the weekly drift digest</a>.</p>
${ctx.paths.console ? html`<p class="callout">Concord is running on this machine: <a href="${ctx.paths.console}">open the console</a> to look terms up, propose changes and vote as any member.</p>` : ""}`;
  if (listing.total === 0) {
    return html`<h1>Glossary</h1>${intro}<p>The glossary is empty so far: propose the first term from chat with <code>/glossary propose &lt;term&gt;</code>.</p>`;
  }
  const first = (listing.page - 1) * listing.perPage + 1;
  const last = first + listing.items.length - 1;
  const range =
    listing.items.length === 0
      ? html`Page ${listing.page} is past the end: there are ${plural(listing.pages, "page")}.`
      : html`Showing ${first}–${last} of ${plural(listing.total, "term")}${listing.pages > 1 ? html`, page ${listing.page} of ${listing.pages}` : ""}.`;
  const items = listing.items.map(
    (entry) => html`<li><a class="name" href="${ctx.paths.term(entry.term.slug)}">${entry.term.name}</a>${entry.term.status === "deprecated" ? html` <span class="badge warn">deprecated</span>` : ""}
<span class="muted">· ${entry.ownerDomain ? entry.ownerDomain.name : "no owning domain"}</span>
<div>${oneLine(entry.definition)}</div></li>`,
  );
  return html`<h1>Glossary</h1>${intro}
<p class="muted" aria-live="polite">${range}</p>
<ul class="terms">${items}</ul>
${pager(ctx, listing)}`;
}

function pager(ctx: PageContext, listing: TermListing): Html | "" {
  if (listing.pages <= 1) return "";
  const to = (page: number) => `${ctx.paths.home}${queryString({ page: page === 1 ? undefined : page })}`;
  const previous = listing.page > 1 ? html`<a rel="prev" href="${to(Math.min(listing.page - 1, listing.pages))}">← Previous page</a>` : html`<span></span>`;
  const next = listing.page < listing.pages ? html`<a rel="next" href="${to(listing.page + 1)}">Next page →</a>` : html`<span></span>`;
  return html`<nav class="pager" aria-label="Pages">${previous}${next}</nav>`;
}
