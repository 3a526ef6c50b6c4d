import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { findControlCharacter } from "../../commands/text.js";
import { isConcordError, lookupTerm, type CatalogueRepository, type CoreDeps, type Logger } from "../../core/index.js";
import type { Links } from "../links.js";
import { html, type Html } from "./html.js";
import { renderPage, searchForm, type Paths } from "./layout.js";

/** What every page and API handler reads from. */
export interface PageContext {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly paths: Paths;
  readonly logger: Logger;
  readonly catalogue: CatalogueRepository;
}

/** The headers every page and API answer carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  // A glossary is internal: shared caches must not keep it, and a reader's browser re-checks on each visit.
  "Cache-Control": "private, no-cache",
};

/** Sets SECURITY_HEADERS on every answer of a route. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set(SECURITY_HEADERS);
  next();
}

/** A query parameter or path part a person typed wrongly: answered 400 with its message. */
export class BadRequestError extends Error {
  override readonly name = "BadRequestError";
}

/** Parses a request's query with a schema; a failure becomes a polite BadRequestError. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join(".") ?? "the query";
  throw new BadRequestError(issue?.message && !issue.message.startsWith("Invalid") ? issue.message : `The ${name} parameter is not valid.`);
}

/** `?q=`: up to 200 characters of search words, trimmed. */
export const searchQuery = z
  .string({ error: "Give the search words once, as ?q=…" })
  .max(200, { error: "The search is too long: use at most 200 characters." })
  .transform((q) => q.trim())
  .optional();

/** `?page=`: a page number from 1. */
export const pageQuery = z
  .string({ error: "Give the page once, as ?page=2." })
  .regex(/^\d{1,6}$/u, { error: "The page must be a whole number from 1, such as ?page=2." })
  .transform(Number)
  .refine((n) => n >= 1, { error: "The page must be a whole number from 1, such as ?page=2." })
  .optional();

/** Sends a whole HTML page. */
export function sendHtml(res: Response, status: number, page: string): void {
  res.status(status).type("html").send(page);
}

/** The friendly 404: what was asked for, "did you mean", and a search box. */
export async function sendNotFoundPage(
  ctx: PageContext,
  res: Response,
  what: { readonly message: string; readonly query?: string },
): Promise<void> {
  const suggestions = what.query ? await suggestTerms(ctx, what.query) : [];
  const body = html`<h1>Not found</h1>
<p>${what.message}</p>
${suggestions.length > 0 ? html`<p>Did you mean ${suggestionLinks(ctx, suggestions)}?</p>` : ""}
${searchForm(ctx.paths, what.query ?? "", "main")}
<p><a href="${ctx.paths.home}">Browse the whole glossary</a> or <a href="${ctx.paths.digest}">read the weekly digest</a>.</p>`;
  sendHtml(res, 404, renderPage({ title: "Not found", paths: ctx.paths, body }));
}

/** Terms resembling what was typed, most alike first. */
export async function suggestTerms(ctx: PageContext, query: string): Promise<{ slug: string; name: string }[]> {
  if (query.trim() === "") return [];
  const result = await lookupTerm(ctx.deps, query);
  if (result.kind === "found") return [{ slug: result.details.term.slug, name: result.details.term.name }];
  return result.suggestions.map((s) => ({ slug: s.term.slug, name: s.term.name }));
}

function suggestionLinks(ctx: PageContext, terms: readonly { slug: string; name: string }[]): Html {
  const links = terms.map((t) => html`<a href="${ctx.paths.term(t.slug)}">${t.name}</a>`);
  if (links.length === 1) return links[0]!;
  return html`${links.slice(0, -1).map((l, i) => html`${i > 0 ? ", " : ""}${l}`)} or ${links.at(-1)}`;
}

/** The 400 page for a bad query parameter. */
export function sendBadRequestPage(ctx: PageContext, res: Response, message: string): void {
  const body = html`<h1>That address is not quite right</h1><p>${message}</p>${searchForm(ctx.paths, "", "main")}`;
  sendHtml(res, 400, renderPage({ title: "Bad request", paths: ctx.paths, body }));
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** A NUL or another control character in a path part or a query value: nothing can be named or searched by it. */
function refuseControlCharacters(req: Request): void {
  const values = [...Object.values(req.params ?? {}), ...Object.values(req.query ?? {}).flat()];
  for (const value of values) {
    const control = typeof value === "string" ? findControlCharacter(value) : undefined;
    if (control) throw new BadRequestError(`The address holds an invisible control character (${control}); remove it and try again.`);
  }
}

/**
 * Runs a page handler: a bad parameter gets the 400 page, a "not found" from the core the friendly 404, and
 * anything else goes to the app's error handler (which logs it and shows no stack trace).
 */
export function pageHandler(ctx: PageContext, handler: Handler) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      refuseControlCharacters(req);
      await handler(req, res);
    } catch (error) {
      if (res.headersSent) return next(error);
      if (error instanceof BadRequestError) return sendBadRequestPage(ctx, res, error.message);
      if (isConcordError(error) && error.code === "not-found") {
        const query = typeof error.details.query === "string" ? error.details.query : undefined;
        return sendNotFoundPage(ctx, res, { message: error.message, ...(query !== undefined && { query }) }).catch(next);
      }
      next(error);
    }
  };
}

/** A JSON error body: `{ "error": "not_found", "message": "…" }`. */
export function sendJsonError(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/** Runs an API handler: bad parameters → 400, "not found" → 404, anything else to the app's error handler. */
export function apiHandler(handler: Handler) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      refuseControlCharacters(req);
      await handler(req, res);
    } catch (error) {
      if (res.headersSent) return next(error);
      if (error instanceof BadRequestError) return sendJsonError(res, 400, "bad_request", error.message);
      if (isConcordError(error) && error.code === "not-found") return sendJsonError(res, 404, "not_found", error.message);
      if (isConcordError(error) && error.code === "invalid-input") return sendJsonError(res, 400, "bad_request", error.message);
      next(error);
    }
  };
}
