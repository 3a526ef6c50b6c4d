import { and, desc, eq } from "drizzle-orm";
import type { Conversation, ConversationDirectory } from "../../core/ports.js";
import type { Platform } from "../../core/types.js";
import type { Executor } from "../database.js";
import { conversations } from "../schema/index.js";

function toConversation(row: typeof conversations.$inferSelect): Conversation {
  return {
    platform: row.platform as Platform,
    conversationId: row.conversationId,
    scope: row.scope as Conversation["scope"],
    userRef: row.userRef,
    address: row.address,
  };
}

/** Stored conversation references, per platform. */
export function createConversationDirectory(db: Executor): ConversationDirectory {
  return {
    async save(conversation, now) {
      // Posting to it later would need the id: a reference without one is a caller's bug, never stored.
      if (conversation.conversationId.trim() === "") throw new Error(`a ${conversation.platform} conversation reference has no id; it was not stored`);
      const values = { ...conversation, address: conversation.address ?? {}, updatedAt: now };
      await db
        .insert(conversations)
        .values(values)
        .onConflictDoUpdate({
          target: [conversations.platform, conversations.conversationId],
          set: { scope: values.scope, userRef: values.userRef, address: values.address, updatedAt: now },
        });
    },
    async get(platform, conversationId) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.platform, platform), eq(conversations.conversationId, conversationId)));
      return row ? toConversation(row) : undefined;
    },
    async personal(platform, userRef) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.platform, platform), eq(conversations.userRef, userRef), eq(conversations.scope, "personal")))
        .orderBy(desc(conversations.updatedAt))
        .limit(1);
      return row ? toConversation(row) : undefined;
    },
  };
}
