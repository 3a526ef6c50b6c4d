import type { Reply } from "../../../src/commands/execute.js";
import type { DigestRenderOptions } from "../../../src/commands/format.js";
import type { Digest, ProposalView } from "../../../src/core/index.js";
import { toAdaptiveCard, toTeamsText } from "../../../src/teams/cards/convert.js";
import { toFormCard } from "../../../src/teams/cards/form.js";
import type { AdaptiveCard } from "../../../src/teams/cards/build.js";
import {
  decisionView,
  digestView,
  proposalView,
  proposeFormView,
  reminderView,
  replyView,
  supersededView,
  withdrawnView,
  type ProposeFormInput,
} from "../../../src/views/index.js";
import type { Links } from "../../../src/web/links.js";
import { NOW } from "../../fixtures/chat-views.js";

export type { AdaptiveCard, ProposeFormInput };

/** Each view through the Adaptive Card converter, as Teams receives it. */
export function renderReplyCard(reply: Reply, links: Links, now: Date = NOW): AdaptiveCard {
  const view = replyView(reply, { links, now });
  return view.kind === "form" ? toFormCard(view) : toAdaptiveCard(view);
}
export const renderProposalCard = (view: ProposalView, links: Links, now: Date = NOW) => toAdaptiveCard(proposalView(view, { links, now }));
export const renderReminderCard = (view: ProposalView, links: Links, options: { recipientRef?: string; now?: Date } = {}) =>
  toAdaptiveCard(reminderView(view, { links, now: options.now ?? NOW }, options.recipientRef));
export const renderDecisionText = (view: ProposalView, links: Links) => toTeamsText(decisionView(view, { links, now: NOW }));
export const renderSupersededText = (view: ProposalView, links: Links) => toTeamsText(supersededView(view, { links, now: NOW }));
export const renderWithdrawnText = (view: ProposalView) => toTeamsText(withdrawnView(view));
export const renderDigestCard = (digest: Digest, links: Links, options?: DigestRenderOptions) => toAdaptiveCard(digestView(digest, { links, now: NOW }, options));
export const renderProposeFormCard = (input: ProposeFormInput) => toFormCard(proposeFormView(input));
