import type { HomeView, ModalView } from "@slack/types";
import type { Reply } from "../../../src/commands/execute.js";
import type { DigestRenderOptions } from "../../../src/commands/format.js";
import type { Digest, ProposalView } from "../../../src/core/index.js";
import { toSlackBlocks, toSlackMessage, type RenderedMessage } from "../../../src/slack/blocks/convert.js";
import { toSlackModal } from "../../../src/slack/blocks/modal.js";
import {
  decisionView,
  digestView,
  homeView,
  objectFormView,
  proposalNoticeView,
  proposalView,
  proposeFormView,
  reminderView,
  replyView,
  supersededView,
  withdrawnView,
  type HomeInput,
  type MessageView,
  type ProposeFormInput,
} from "../../../src/views/index.js";
import type { Links } from "../../../src/web/links.js";
import { NOW } from "./fixtures.js";

export type { RenderedMessage };

/** Each view through the Block Kit converter, as Slack receives it. */
export function renderReply(reply: Reply, links: Links, now: Date = NOW): RenderedMessage {
  return toSlackMessage(replyView(reply, { links, now }) as MessageView);
}
export const renderProposalMessage = (view: ProposalView, links: Links, now: Date = NOW) => toSlackMessage(proposalView(view, { links, now }));
export const renderProposalNotice = (view: ProposalView, links: Links, now: Date = NOW) => toSlackMessage(proposalNoticeView(view, { links, now }));
export const renderDecisionReply = (view: ProposalView, links: Links) => toSlackMessage(decisionView(view, { links, now: NOW }));
export const renderSupersededReply = (view: ProposalView, links: Links) => toSlackMessage(supersededView(view, { links, now: NOW }));
export const renderWithdrawnReply = (view: ProposalView) => toSlackMessage(withdrawnView(view));
export const renderReminder = (view: ProposalView, links: Links, options: { recipientRef?: string; now?: Date } = {}) =>
  toSlackMessage(reminderView(view, { links, now: options.now ?? NOW }, options.recipientRef));
export const renderDigestMessage = (digest: Digest, links: Links, options?: DigestRenderOptions) =>
  toSlackMessage(digestView(digest, { links, now: NOW }, options));
export const renderHomeView = (input: HomeInput, links: Links, now: Date = NOW): HomeView => ({
  type: "home",
  blocks: toSlackBlocks(homeView(input, { links, now }).blocks, "home"),
});
export const renderProposeModal = (input: ProposeFormInput & { channelId?: string }): ModalView =>
  toSlackModal(proposeFormView(input), input.channelId ? { channelId: input.channelId } : {});
export const renderObjectModal = (view: ProposalView): ModalView => toSlackModal(objectFormView(view));
