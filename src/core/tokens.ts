import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { assertCanManageDomain, ensureMember, isAdmin, requireDomain } from "./access.js";
import type { CoreDeps } from "./deps.js";
import { ConcordError } from "./errors.js";
import type { ApiToken } from "./ports.js";
import type { Actor, Domain } from "./types.js";

/*
 * Tokens for the write API. A token reads `concord_<id>_<secret>`: the id finds its row, and the secret is checked
 * against the digest stored there in constant time. The secret is 32 random bytes, shown once to its maker; only
 * its SHA-256 is kept, so neither the database nor the audit log can give it back.
 */

const TOKEN_PATTERN = /^concord_([1-9]\d{0,9})_([A-Za-z0-9_-]{43})$/u;
const SECRET_BYTES = 32;

/** What a token may be made for: the admin's import, or a domain's ingest by its slug. */
export type TokenScope = "admin" | string;

/** A token just made: the only time its secret is seen. */
export interface TokenMade {
  readonly id: number;
  readonly kind: ApiToken["kind"];
  readonly domain: Domain | null;
  /** The whole bearer token, `concord_<id>_<secret>`, to be shown to its maker once. */
  readonly secret: string;
  readonly createdAt: Date;
}

/** A token just revoked. */
export interface TokenRevoked {
  readonly id: number;
  readonly kind: ApiToken["kind"];
  readonly domain: Domain | null;
}

/** Who a valid bearer token speaks for. */
export interface TokenBearer {
  readonly id: number;
  readonly kind: ApiToken["kind"];
  /** The domain a domain token is for. */
  readonly domain?: Domain;
  /** The token's maker, as whom it acts. */
  readonly actor: Actor;
}

/** Makes a token: an admin token by an admin, a domain's token by that domain's owners or an admin. */
export async function createToken(deps: CoreDeps, actor: Actor, input: { scope: TokenScope }): Promise<TokenMade> {
  const now = deps.clock.now();
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    let domain: Domain | null = null;
    if (input.scope === "admin") {
      if (!isAdmin(deps.access, actor, member)) {
        throw new ConcordError(
          "forbidden",
          "Only an admin can make an admin token. A domain's owners can make one for their domain: `token new <domain>`.",
        );
      }
    } else {
      domain = await requireDomain(repos, input.scope);
      await assertCanManageDomain(repos, deps.access, actor, member, domain, "make a token for it");
    }
    const token = await repos.apiTokens.insert(
      { kind: domain ? "domain" : "admin", domainId: domain?.id ?? null, hash: digestOf(secret), createdBy: member.id, createdByRef: actor.ref },
      now,
    );
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "token.created",
      subjectType: "api-token",
      subjectId: String(token.id),
      after: { kind: token.kind, domain: domain?.slug ?? null },
    });
    return { id: token.id, kind: token.kind, domain, secret: `concord_${token.id}_${secret}`, createdAt: now };
  });
}

/** Revokes a token: its maker, an admin, or (for a domain's token) that domain's owners. */
export async function revokeToken(deps: CoreDeps, actor: Actor, id: number): Promise<TokenRevoked> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const token = await repos.apiTokens.get(id, { lock: true });
    if (!token) throw new ConcordError("not-found", `There is no token #${id}.`);
    if (token.createdBy !== member.id && !isAdmin(deps.access, actor, member)) {
      if (!token.domain) {
        throw new ConcordError("forbidden", `Only its maker or an admin can revoke token #${id}.`);
      }
      await assertCanManageDomain(repos, deps.access, actor, member, token.domain, `revoke token #${id}`);
    }
    if (token.revokedAt !== null || !(await repos.apiTokens.revoke(id, now))) {
      throw new ConcordError("closed", `Token #${id} was already revoked; nothing changed.`);
    }
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: "token.revoked",
      subjectType: "api-token",
      subjectId: String(id),
      before: { kind: token.kind, domain: token.domain?.slug ?? null, revokedAt: null },
      after: { kind: token.kind, domain: token.domain?.slug ?? null, revokedAt: now.toISOString() },
    });
    return { id, kind: token.kind, domain: token.domain };
  });
}

/** Who a bearer token speaks for; undefined for one that is malformed, unknown, wrong or revoked. Writes nothing. */
export async function authenticateToken(deps: CoreDeps, bearer: string): Promise<TokenBearer | undefined> {
  const match = TOKEN_PATTERN.exec(bearer);
  if (!match) return undefined;
  const id = Number(match[1]);
  if (id > 2_147_483_647) return undefined;
  const token = await deps.store.repos.apiTokens.get(id);
  if (!token || token.revokedAt !== null) return undefined;
  const expected = Buffer.from(token.hash, "base64url");
  const given = Buffer.from(digestOf(match[2]!), "base64url");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return {
    id,
    kind: token.kind,
    ...(token.domain ? { domain: token.domain } : {}),
    actor: { ref: token.createdByRef },
  };
}

/**
 * Records that a token just wrote through the API. Called only once a request has written something, so a refused
 * request or a dry run leaves the database exactly as it was.
 */
export async function recordTokenUse(deps: CoreDeps, id: number): Promise<void> {
  await deps.store.repos.apiTokens.markUsed(id, deps.clock.now());
}

/** SHA-256 of a secret, base64url: all that is stored of it. */
function digestOf(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}
