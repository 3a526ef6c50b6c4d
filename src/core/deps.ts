import type { AccessPolicy } from "./access.js";
import type { Clock, Store } from "./ports.js";

/** What every core operation needs, wired once in main. */
export interface CoreDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly access: AccessPolicy;
}
