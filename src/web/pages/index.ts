import type { Express, Request, RequestHandler, Response } from "express";
import { createRepositoryCatalogue, type CatalogueRepository, type CoreDeps, type Logger } from "../../core/index.js";
import type { DbtReadOptions } from "../../formats/dbt/index.js";
import type { Links } from "../links.js";
import { apiDigest, apiProposal, apiProposals, apiTerm, apiTerms } from "./api.js";
import { isApi, requireToken } from "./auth.js";
import { apiHandler, pageHandler, securityHeaders, sendHtml, sendJsonError, type PageContext } from "./context.js";
import { showDigest } from "./digest.js";
import { showGlossary } from "./glossary.js";
import { showHistory } from "./history.js";
import { html } from "./html.js";
import { createPaths, renderPage } from "./layout.js";
import { showProposal } from "./proposal.js";
import { showTerm } from "./term.js";
import { registerIngest } from "./ingest.js";
import { registerExport, registerImport } from "./transfer.js";

export interface PagesOptions {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  /** config.pages.token: when set, every page and API request must carry it. */
  readonly token?: string;
  /**
   * Paged listings read in SQL (`createCatalogueRepository(database.db)` from src/db/repositories/catalogue.ts).
   * Without one, listings fall back to reading the whole glossary through the core's repositories.
   */
  readonly catalogue?: CatalogueRepository;
  /** Where the local console is, when it runs: the pages point newcomers to it. */
  readonly consolePath?: string;
  /** How dbt projects are read on ingest (config.dbt). */
  readonly dbt?: DbtReadOptions;
}

function pageContext(options: PagesOptions): PageContext {
  return {
    deps: options.deps,
    links: options.links,
    paths: createPaths(options.links, options.consolePath),
    logger: options.logger,
    catalogue: options.catalogue ?? createRepositoryCatalogue(options.deps),
  };
}

/** Hangs the read-only glossary pages and their JSON twins under /api/ on the app (GET only), and the export. */
export function registerPages(app: Express, options: PagesOptions): void {
  const ctx = pageContext(options);
  const guard = requireToken(options.token, (req, res) => deny(ctx, req, res));
  const page = (handler: (ctx: PageContext, req: Request, res: Response) => Promise<void>): RequestHandler[] => [
    securityHeaders,
    guard,
    pageHandler(ctx, (req, res) => handler(ctx, req, res)),
  ];
  const api = (handler: (ctx: PageContext, req: Request, res: Response) => Promise<void>): RequestHandler[] => [
    securityHeaders,
    guard,
    apiHandler((req, res) => handler(ctx, req, res)),
  ];

  app.get("/", ...page(showGlossary));
  app.get("/terms/:slug", ...page(showTerm));
  app.get("/terms/:slug/history", ...page(showHistory));
  app.get("/proposals/:id", ...page(showProposal));
  app.get("/digest", ...page(showDigest));

  app.get("/api/terms", ...api(apiTerms));
  app.get("/api/terms/:slug", ...api(apiTerm));
  app.get("/api/proposals", ...api(apiProposals));
  app.get("/api/proposals/:id", ...api(apiProposal));
  app.get("/api/digest", ...api(apiDigest));
  registerExport(app, ctx, guard);
}

/**
 * The write API: an admin's import (POST /api/import) and a domain's dbt ingest (POST /api/ingest/dbt). Each checks
 * its own bearer token, so it is mounted whether or not the read-only pages are: PAGES=off leaves a domain's CI
 * able to push its manifest.
 */
export function registerWriteApi(app: Express, options: PagesOptions): void {
  const ctx = pageContext(options);
  registerImport(app, ctx);
  registerIngest(app, ctx, options.dbt ?? {});
}

/** A missing or wrong token: a short polite page, or JSON under /api/. */
function deny(ctx: PageContext, req: Request, res: Response): void {
  res.set("WWW-Authenticate", 'Bearer realm="Concord"');
  if (isApi(req)) {
    sendJsonError(res, 401, "unauthorized", "These glossary pages need an access token: send it as Authorization: Bearer <token>.");
    return;
  }
  const body = html`<h1>Access token needed</h1>
<p>Sorry, these glossary pages are only for people with an access token. Open the link you were given (it ends in <code>?token=…</code>) once, and this browser remembers it.</p>
<p class="muted">If you have no link, ask whoever runs Concord for your team.</p>`;
  sendHtml(res, 401, renderPage({ title: "Access token needed", paths: ctx.paths, body }));
}
