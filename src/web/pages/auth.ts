import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** The cookie that carries a page visitor's access after they arrive with `?token=`. */
export const ACCESS_COOKIE = "concord_pages";

/**
 * Guards pages and API with the configured token: `Authorization: Bearer <token>`, the access cookie, or `?token=`
 * (on a page it sets the cookie and redirects to the same address without the token, so it leaves the address bar
 * and the history). Without a token configured, everyone may read.
 */
export function requireToken(
  token: string | undefined,
  deny: (req: Request, res: Response) => void,
): RequestHandler {
  if (token === undefined || token === "") return (_req, _res, next) => next();
  const expected = digest(token);
  // The cookie holds a digest of the token, not the token itself.
  const cookieValue = createHash("sha256").update(`concord-pages-cookie:${token}`).digest("hex");
  return (req: Request, res: Response, next: NextFunction) => {
    const bearer = bearerToken(req.get("authorization"));
    if (bearer !== undefined && matches(digest(bearer), expected)) return next();
    const cookie = readCookie(req.get("cookie"), ACCESS_COOKIE);
    if (cookie !== undefined && matches(digest(cookie), digest(cookieValue))) return next();
    const fromQuery = typeof req.query.token === "string" ? req.query.token : undefined;
    if (fromQuery !== undefined && matches(digest(fromQuery), expected)) {
      if (isApi(req)) return next();
      res.cookie(ACCESS_COOKIE, cookieValue, {
        httpOnly: true,
        sameSite: "strict",
        secure: req.secure,
        path: "/",
      });
      res.set("Cache-Control", "no-store");
      return res.redirect(303, withoutToken(req.originalUrl));
    }
    deny(req, res);
  };
}

/** True for the JSON twins under /api/. */
export function isApi(req: Request): boolean {
  return req.path === "/api" || req.path.startsWith("/api/");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Constant-time comparison of two equal-length digests. */
function matches(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, if it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/iu);
  return match?.[1];
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function withoutToken(originalUrl: string): string {
  const url = new URL(originalUrl, "http://concord.invalid");
  url.searchParams.delete("token");
  // Never "//host/…": that would send the visitor to another site.
  return `${url.pathname.replace(/^\/+/u, "/")}${url.search}`;
}
