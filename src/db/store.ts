import type { Repositories, Store } from "../core/ports.js";
import type { Database, Executor } from "./database.js";
import { createAuditRepository } from "./repositories/audit.js";
import { createChatPostLedger } from "./repositories/chat-posts.js";
import { createConversationDirectory } from "./repositories/conversations.js";
import { createDigestRepository, createJobLedger } from "./repositories/digests.js";
import { createDomainRepository } from "./repositories/domains.js";
import { createMemberRepository } from "./repositories/members.js";
import { createOutboxQueue, createOutboxRepository } from "./repositories/outbox.js";
import { createProposalRepository } from "./repositories/proposals.js";
import { createTermRepository } from "./repositories/terms.js";

/** Every repository bound to one executor (the database or a transaction). */
export function createRepositories(db: Executor, destinations: readonly string[]): Repositories {
  return {
    members: createMemberRepository(db),
    domains: createDomainRepository(db),
    terms: createTermRepository(db),
    audit: createAuditRepository(db),
    proposals: createProposalRepository(db),
    outbox: createOutboxRepository(db, destinations),
    digests: createDigestRepository(db),
    jobs: createJobLedger(db),
  };
}

/**
 * The core's storage port over a drizzle database, on PGlite or PostgreSQL alike.
 * `destinations` are the notifiers every outbox event is queued for.
 */
export function createStore(db: Database, options: { destinations: readonly string[] }): Store {
  return {
    repos: createRepositories(db, options.destinations),
    transaction: (work) => db.transaction((tx) => work(createRepositories(tx, options.destinations))),
    outboxQueue: createOutboxQueue(db),
    chatPosts: createChatPostLedger(db),
    conversations: createConversationDirectory(db),
  };
}
