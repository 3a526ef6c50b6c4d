import type { Repositories, Store } from "../core/ports.js";
import type { Database, Executor } from "./database.js";
import { createAuditRepository } from "./repositories/audit.js";
import { createDomainRepository } from "./repositories/domains.js";
import { createMemberRepository } from "./repositories/members.js";
import { createTermRepository } from "./repositories/terms.js";

/** Every repository bound to one executor (the database or a transaction). */
export function createRepositories(db: Executor): Repositories {
  return {
    members: createMemberRepository(db),
    domains: createDomainRepository(db),
    terms: createTermRepository(db),
    audit: createAuditRepository(db),
  };
}

/** The core's storage port over a drizzle database, on PGlite or PostgreSQL alike. */
export function createStore(db: Database): Store {
  return {
    repos: createRepositories(db),
    transaction: (work) => db.transaction((tx) => work(createRepositories(tx))),
  };
}
