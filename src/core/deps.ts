import type { AccessPolicy } from "./access.js";
import type { Clock, Logger, Store } from "./ports.js";
import type { Policy } from "./types.js";

/** The rules proposals are opened with (from settings); each proposal keeps a snapshot. */
export interface GovernanceRules {
  readonly defaultPolicy: Policy;
  readonly proposalTtlHours: number;
  readonly allowSelfApproval: boolean;
}

/** What every core operation needs, wired once in main. */
export interface CoreDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly access: AccessPolicy;
  readonly governance: GovernanceRules;
  /** Where the core reports failures it recovers from without telling the caller (a vote stored but not settled). */
  readonly logger?: Logger;
}
