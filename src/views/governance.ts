import type { GovernanceChannelSet } from "../core/index.js";
import { plural } from "../commands/format.js";
import type { MessageView } from "./model.js";
import { plainText } from "./plain.js";
import { channel, icon, rich } from "./rich.js";

/** The channel `governance channel` was run in is now where every proposal's card goes. */
export function governanceChannelSetView(set: GovernanceChannelSet): MessageView {
  const replaces = set.previous && set.previous !== set.channelId ? rich` It replaces ${channel(set.platform, set.previous, "the previous governance channel")}.` : [];
  const open = set.openProposals > 0 ? rich` ${plural(set.openProposals, "open proposal")} will be posted here too.` : [];
  const line = rich`${icon("approve")} This channel is now the governance channel: every proposal is posted here as a card to vote on, updated as votes arrive.${open}${replaces}`;
  return { kind: "message", summary: plainText(line), blocks: [{ kind: "text", text: line }] };
}
