import type { RequestHandler, Response } from "express";
import type { z } from "zod";
import { authenticateToken, type TokenBearer } from "../../core/tokens.js";
import { bearerToken } from "./auth.js";
import { BadRequestError, parseQuery, sendJsonError, type PageContext } from "./context.js";

/*
 * What the write API's routes (an admin's import, a domain's dbt ingest) share: the bearer token and the address
 * checked before a byte of the body is read, and one shape for a refusal.
 */

/** How many items, notes and problems an answer lists; the totals say how many there were. */
export const WRITE_LISTED = 1_000;

/** What a write route learnt before reading the body: who sends it, and what its address asks for. */
export interface WriteRequest<Q> {
  readonly bearer: TokenBearer;
  readonly query: Q;
}

export interface BearerRule<Q> {
  readonly query: z.ZodType<Q>;
  /** Said when no token came, with how to make one. */
  readonly missing: string;
  /** Said when the token is mistyped, unknown or revoked. */
  readonly unknown: string;
  /** Why this bearer may not make this request (403), or undefined when it may. */
  readonly forbids: (bearer: TokenBearer, query: Q) => string | undefined;
}

/**
 * Refuses a request without a token Concord accepts (401), one this route does not take (403) or a bad address
 * (400); otherwise leaves a WriteRequest in `res.locals.write` for the route.
 */
export function acceptBearer<Q>(ctx: PageContext, rule: BearerRule<Q>): RequestHandler {
  return async (req, res, next) => {
    try {
      const given = bearerToken(req.get("authorization"));
      const bearer = given === undefined ? undefined : await authenticateToken(ctx.deps, given);
      if (!bearer) {
        res.set("WWW-Authenticate", 'Bearer realm="Concord"');
        return sendJsonError(res, 401, "unauthorized", given === undefined ? rule.missing : rule.unknown);
      }
      const query = parseQuery(rule.query, req.query);
      const forbidden = rule.forbids(bearer, query);
      if (forbidden !== undefined) return sendJsonError(res, 403, "forbidden", forbidden);
      res.locals.write = { bearer, query } satisfies WriteRequest<Q>;
      next();
    } catch (error) {
      if (error instanceof BadRequestError) return refuseWrite(res, "bad_request", error.message, []);
      next(error);
    }
  };
}

/** The WriteRequest `acceptBearer` left for the route. */
export function writeRequest<Q>(res: Response): WriteRequest<Q> {
  return res.locals.write as WriteRequest<Q>;
}

/** A 400 naming what was wrong, with the first problems and how many there were; nothing was written. */
export function refuseWrite(res: Response, error: string, message: string, problems: readonly { where: string; message: string }[]): void {
  res.status(400).json({ error, message, problems: problems.slice(0, WRITE_LISTED), problemsTotal: problems.length });
}
