import type { Reply } from "../commands/execute.js";
import { digestView } from "./digest.js";
import { channelSetView, domainAddedView, domainsView, ownerChangedView, subscribedView } from "./domains.js";
import { proposeFormView } from "./forms.js";
import { governanceChannelSetView } from "./governance.js";
import { errorView, helpView } from "./help.js";
import { historyView, searchView, variantView } from "./lists.js";
import { linksView } from "./links.js";
import { lookupView } from "./lookup.js";
import type { View, ViewContext } from "./model.js";
import { pendingView } from "./pending.js";
import { relationChangedView } from "./relations.js";
import { proposalOpenedView } from "./proposal.js";
import { aliasChangedView, domainOwnersView, policySetView, withdrewView } from "./stewardship.js";
import { tokenCreatedView, tokenRevokedView } from "./tokens.js";

/** What a command's reply shows, on every face: a message, or (for `propose` without text) the propose form. */
export function replyView(reply: Reply, ctx: ViewContext): View {
  switch (reply.kind) {
    case "lookup":
      return lookupView(reply.result, ctx, reply.didYouMean, reply.usages);
    case "links":
      return linksView(reply.links, ctx);
    case "search":
      return searchView(reply.result, ctx);
    case "history":
      return historyView(reply.history, ctx);
    case "variant":
      return variantView(reply.recorded, ctx);
    case "pending":
      return pendingView(reply.pending, ctx);
    case "domains":
      return domainsView(reply.domains);
    case "domain-added":
      return domainAddedView(reply.domain);
    case "owner-changed":
      return ownerChangedView(reply.result);
    case "domain-owners":
      return domainOwnersView(reply.result);
    case "withdrawn":
      return withdrewView(reply.proposal, ctx);
    case "alias-changed":
      return aliasChangedView(reply.result, ctx);
    case "relation-changed":
      return relationChangedView(reply.result, ctx);
    case "policy-set":
      return policySetView(reply.result, ctx);
    case "token-created":
      return tokenCreatedView(reply.made);
    case "token-revoked":
      return tokenRevokedView(reply.revoked);
    case "channel-set":
      return channelSetView(reply.domain, reply.platform, reply.previous);
    case "subscribed":
      return subscribedView(reply.result, ctx);
    case "governance-channel-set":
      return governanceChannelSetView(reply.result);
    case "proposal-opened":
      return proposalOpenedView(reply.opened, ctx);
    case "propose-form":
      return proposeFormView({
        term: reply.term,
        ...(reply.domain ? { domain: reply.domain } : {}),
        ...(reply.existing && reply.currentText !== undefined ? { existing: { name: reply.existing.name, currentText: reply.currentText } } : {}),
        nearDuplicates: reply.nearDuplicates,
        domains: reply.domains,
      });
    case "digest":
      return digestView(reply.digest, ctx, { preview: true });
    case "help":
      return helpView(reply.entries, reply.topic, reply.unknownTopic);
    case "error":
      return errorView(reply.message, reply.usage);
  }
}
