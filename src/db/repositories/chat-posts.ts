import { and, asc, eq } from "drizzle-orm";
import type { ChatPostLedger } from "../../core/ports.js";
import type { Platform } from "../../core/types.js";
import type { Executor } from "../database.js";
import { chatPosts } from "../schema/index.js";

/** The ledger of posted messages, per platform, proposal, purpose and channel. */
export function createChatPostLedger(db: Executor): ChatPostLedger {
  return {
    async find(platform, proposalId, purpose) {
      const rows = await db
        .select()
        .from(chatPosts)
        .where(and(eq(chatPosts.platform, platform), eq(chatPosts.proposalId, proposalId), eq(chatPosts.purpose, purpose)))
        .orderBy(asc(chatPosts.createdAt));
      return rows.map((r) => ({ ...r, platform: r.platform as Platform }));
    },
    async record(post, now) {
      const rows = await db
        .insert(chatPosts)
        .values({ ...post, createdAt: now })
        .onConflictDoNothing()
        .returning({ messageId: chatPosts.messageId });
      return rows.length > 0;
    },
  };
}
