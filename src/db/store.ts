import type { Logger, OutboxEvent, Repositories, Store } from "../core/ports.js";
import type { Database, Executor } from "./database.js";
import { createApiTokenRepository } from "./repositories/api-tokens.js";
import { createAuditRepository } from "./repositories/audit.js";
import { createChatPostLedger } from "./repositories/chat-posts.js";
import { createConversationDirectory } from "./repositories/conversations.js";
import { createDigestRepository, createJobLedger } from "./repositories/digests.js";
import { createDomainRepository } from "./repositories/domains.js";
import { createGovernanceChannelRepository } from "./repositories/governance-channels.js";
import { createMemberRepository } from "./repositories/members.js";
import { createOutboxQueue, createOutboxRepository, type OutboxNotice } from "./repositories/outbox.js";
import { createProposalRepository } from "./repositories/proposals.js";
import { createRequestLedger, localRequestLedger } from "./repositories/seen-requests.js";
import { createTermRepository } from "./repositories/terms.js";
import { createUsageRepository } from "./repositories/usages.js";

/** The kinds of outbox events a unit of work queued, reported once it has committed. */
export type OutboxKinds = ReadonlySet<OutboxEvent["kind"]>;

export interface StoreOptions {
  /** The notifiers every outbox event is queued for. */
  readonly destinations: readonly string[];
  /** Called once the statement or transaction that queued outbox events has committed: deliver them now. */
  readonly onCommitted?: (kinds: OutboxKinds) => void;
  /** A PostgreSQL `NOTIFY` sent in the same transaction, so that other replicas wake for its events too. */
  readonly notice?: OutboxNotice;
  /**
   * The database is one only this process can open (an embedded PGlite folder): replayed requests are then
   * decided in memory and the ledger written behind, failures to write it logged here.
   */
  readonly soleProcess?: { readonly logger: Logger };
}

/** Every repository bound to one executor (the database or a transaction). */
export function createRepositories(
  db: Executor,
  destinations: readonly string[],
  outboxOptions: { onEnqueued?: (kind: OutboxEvent["kind"]) => void; notice?: OutboxNotice } = {},
): Repositories {
  return {
    members: createMemberRepository(db),
    domains: createDomainRepository(db),
    terms: createTermRepository(db),
    audit: createAuditRepository(db),
    proposals: createProposalRepository(db),
    outbox: createOutboxRepository(db, destinations, outboxOptions),
    digests: createDigestRepository(db),
    jobs: createJobLedger(db),
    governanceChannels: createGovernanceChannelRepository(db),
    apiTokens: createApiTokenRepository(db),
    usages: createUsageRepository(db),
  };
}

/** The core's storage port over a drizzle database, on PGlite or PostgreSQL alike. */
export function createStore(db: Database, options: StoreOptions): Store {
  const { destinations, onCommitted, notice, soleProcess } = options;
  // Outside a transaction each statement commits on its own, so its events are reported at once.
  const outside = createRepositories(db, destinations, {
    ...(onCommitted ? { onEnqueued: (kind: OutboxEvent["kind"]) => onCommitted(new Set([kind])) } : {}),
    ...(notice ? { notice } : {}),
  });
  return {
    repos: outside,
    async transaction(work) {
      const kinds = new Set<OutboxEvent["kind"]>();
      const result = await db.transaction((tx) =>
        work(createRepositories(tx, destinations, { onEnqueued: (kind) => kinds.add(kind), ...(notice ? { notice } : {}) })),
      );
      if (kinds.size > 0) onCommitted?.(kinds);
      return result;
    },
    outboxQueue: createOutboxQueue(db),
    chatPosts: createChatPostLedger(db),
    conversations: createConversationDirectory(db),
    requests: soleProcess ? localRequestLedger(db, soleProcess.logger) : createRequestLedger(db),
  };
}
