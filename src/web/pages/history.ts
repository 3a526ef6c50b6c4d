import type { Request, Response } from "express";
import { plural } from "../../commands/format.js";
import { termHistory, type HistoryEntry, type TermHistory } from "../../core/index.js";
import { sendHtml, type PageContext } from "./context.js";
import { html, renderDiff, time, type Html } from "./html.js";
import { memberName, renderPage } from "./layout.js";
import { resolvePageTerm } from "./term.js";

/** GET /terms/:slug/history — every agreed version, newest first, each with who, when and the words that changed. */
export async function showHistory(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const found = await resolvePageTerm(ctx, req, res, ctx.paths.history);
  if (!found) return;
  const history = await termHistory(ctx.deps, found.details.term.slug);
  sendHtml(res, 200, renderPage({ title: `History of ${history.term.name}`, paths: ctx.paths, section: "glossary", body: renderHistory(ctx, history) }));
}

function renderHistory(ctx: PageContext, history: TermHistory): Html {
  const { term, entries } = history;
  return html`<article>
<p><a href="${ctx.paths.term(term.slug)}">← ${term.name}</a></p>
<h1>History of ${term.name}</h1>
<p class="muted">${plural(entries.length, "version")}, newest first. Changes from the version before: <del>removed words</del>, <ins>added words</ins>.</p>
${entries.map((entry, i) => renderEntry(ctx, entry, i === 0))}
</article>`;
}

function renderEntry(ctx: PageContext, entry: HistoryEntry, current: boolean): Html {
  const { version } = entry;
  const by = version.proposedBy ? html` by ${memberName(version.proposedBy)}` : "";
  const how =
    version.proposalId === null ? " · imported" : html` · <a href="${ctx.paths.proposal(version.proposalId)}">proposal #${version.proposalId}</a>`;
  const changed = entry.diff?.some((part) => part.kind !== "same") ?? false;
  return html`<section aria-labelledby="v${version.version}">
<h2 id="v${version.version}">Version ${version.version}${current ? html` <span class="badge">current</span>` : ""}</h2>
<p class="muted">Agreed ${time(version.agreedAt)}${by}${how}</p>
<p class="definition">${version.text}</p>
${version.example ? html`<h3>Example</h3><blockquote>${version.example}</blockquote>` : ""}
${version.formula ? html`<h3>Formula</h3><pre><code>${version.formula}</code></pre>` : ""}
${entry.diff
  ? html`<h3>Changes from version ${version.version - 1}</h3>${changed ? html`<p class="diff">${renderDiff(entry.diff)}</p>` : html`<p class="muted">The words did not change.</p>`}`
  : html`<p class="muted">The first agreed version.</p>`}
</section>`;
}
