import { ensureMember, isAdmin } from "./access.js";
import type { CoreDeps } from "./deps.js";
import { ConcordError } from "./errors.js";
import type { Actor, Platform } from "./types.js";

/** How many open proposals are brought to a newly chosen governance channel at most. */
const OPEN_PROPOSALS_SHOWN = 500;

export interface GovernanceChannelSet {
  readonly platform: Platform;
  readonly channelId: string;
  /** The channel it replaces, if one was chosen before. */
  readonly previous: string | undefined;
  /** Open proposals whose cards are now posted there too. */
  readonly openProposals: number;
}

/** The platform's governance channel chosen by command, if one was. */
export async function governanceChannel(deps: CoreDeps, platform: Platform): Promise<string | undefined> {
  return (await deps.store.repos.governanceChannels.get(platform))?.channelId;
}

/**
 * Makes the channel the command was run in the platform's governance channel (admins only). Proposals still open
 * are queued for that platform, so their cards appear in the new channel without waiting for a vote.
 */
export async function setGovernanceChannel(
  deps: CoreDeps,
  actor: Actor,
  input: { platform: Platform; channelId: string; address?: unknown },
): Promise<GovernanceChannelSet> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    if (!isAdmin(deps.access, actor, member)) {
      throw new ConcordError(
        "forbidden",
        "Only an admin can choose the governance channel. Ask one of the people listed in ADMIN_USERS to run `governance channel` here.",
      );
    }
    const previous = await repos.governanceChannels.set(
      { platform: input.platform, channelId: input.channelId, address: input.address },
      now,
    );
    if (previous !== input.channelId) {
      await repos.audit.record({
        at: now,
        actorRef: actor.ref,
        action: "governance.channel-set",
        subjectType: "governance-channel",
        subjectId: input.platform,
        before: previous ? { channelId: previous } : undefined,
        after: { channelId: input.channelId },
      });
    }
    const open = await repos.proposals.open(OPEN_PROPOSALS_SHOWN);
    // A chat platform's notifier is queued under the platform's own name.
    for (const proposal of open) {
      await repos.outbox.enqueue({ kind: "proposal.tally", proposalId: proposal.id, payload: {} }, now, [input.platform]);
    }
    return { platform: input.platform, channelId: input.channelId, previous, openProposals: open.length };
  });
}
