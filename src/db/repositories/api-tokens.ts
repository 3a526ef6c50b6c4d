import { and, eq, isNull } from "drizzle-orm";
import type { ApiToken, ApiTokenRepository } from "../../core/ports.js";
import type { Executor } from "../database.js";
import { apiTokens, domains } from "../schema/index.js";

/** Write-API tokens, kept as digests of their secrets. */
export function createApiTokenRepository(db: Executor): ApiTokenRepository {
  const select = () =>
    db
      .select({ token: apiTokens, domain: { id: domains.id, slug: domains.slug, name: domains.name } })
      .from(apiTokens)
      .leftJoin(domains, eq(domains.id, apiTokens.domainId));
  return {
    async insert(input, now) {
      const [row] = await db
        .insert(apiTokens)
        .values({ ...input, createdAt: now })
        .returning({ id: apiTokens.id });
      const [stored] = await select().where(eq(apiTokens.id, row!.id));
      return toToken(stored!);
    },
    async get(id, options = {}) {
      const query = select().where(eq(apiTokens.id, id));
      const [row] = options.lock ? await query.for("update", { of: apiTokens }) : await query;
      return row ? toToken(row) : undefined;
    },
    async revoke(id, now) {
      const revoked = await db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      return revoked.length > 0;
    },
    async markUsed(id, now) {
      await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
    },
  };
}

function toToken(row: {
  token: typeof apiTokens.$inferSelect;
  domain: { id: number; slug: string; name: string } | null;
}): ApiToken {
  const { token, domain } = row;
  return {
    id: token.id,
    kind: token.kind as ApiToken["kind"],
    domain,
    hash: token.hash,
    createdBy: token.createdBy,
    createdByRef: token.createdByRef,
    createdAt: token.createdAt,
    revokedAt: token.revokedAt,
    lastUsedAt: token.lastUsedAt,
  };
}
