import {
  addDomain,
  changeAlias,
  changeDomainOwner,
  listDomainOwners,
  setTermPolicy,
  withdrawProposal,
  isConcordError,
  listDomains,
  lookupTerm,
  openProposal,
  pendingProposals,
  previewProposal,
  proposeDeprecation,
  proposeMove,
  recordVariant,
  searchTerms,
  setDomainChannel,
  setGovernanceChannel,
  subscribeDomain,
  termHistory,
  termLinks,
  summariseUsages,
  previewDigest,
  relateTerms,
  unrelateTerms,
  type RelationChanged,
  type Actor,
  type CoreDeps,
  type Digest,
  type Domain,
  type DomainSummary,
  type GovernanceChannelSet,
  type ProposalOrigin,
  type LookupResult,
  type NearDuplicate,
  type Opened,
  type OwnerChanged,
  type PendingProposal,
  type Platform,
  type SearchResult,
  type Subscribed,
  type Term,
  type TermHistory,
  type TermLinks,
  type UsageSummary,
  type VariantRecorded,
  type AliasChanged,
  type DomainOwners,
  type PolicySet,
  type Proposal,
} from "../core/index.js";
import { createToken, revokeToken, type TokenMade, type TokenRevoked } from "../core/tokens.js";
import { commandHelp, type CommandHelp } from "./help.js";
import type { Intent, OwnerRef } from "./intents.js";
import { parseCommand } from "./parse.js";

/** What a command produced, for each platform to render in its own way. */
export type Reply =
  /** `unknownTopic`: the word asked about after `help` that names no command. */
  | { readonly kind: "help"; readonly entries: readonly CommandHelp[]; readonly topic?: CommandHelp; readonly unknownTopic?: string }
  /** `usages`: where the term is used in the domains' data products, in short (absent when it was not found). */
  | { readonly kind: "lookup"; readonly result: LookupResult; readonly didYouMean?: string; readonly usages?: UsageSummary }
  | { readonly kind: "links"; readonly links: TermLinks }
  | { readonly kind: "search"; readonly result: SearchResult }
  | { readonly kind: "history"; readonly history: TermHistory }
  | { readonly kind: "variant"; readonly recorded: VariantRecorded }
  | { readonly kind: "pending"; readonly pending: readonly PendingProposal[] }
  | { readonly kind: "subscribed"; readonly result: Subscribed }
  | { readonly kind: "governance-channel-set"; readonly result: GovernanceChannelSet }
  | { readonly kind: "domains"; readonly domains: readonly DomainSummary[] }
  | { readonly kind: "domain-added"; readonly domain: Domain }
  | { readonly kind: "owner-changed"; readonly result: OwnerChanged }
  | { readonly kind: "domain-owners"; readonly result: DomainOwners }
  | { readonly kind: "withdrawn"; readonly proposal: Proposal }
  | { readonly kind: "alias-changed"; readonly result: AliasChanged }
  | { readonly kind: "relation-changed"; readonly result: RelationChanged }
  | { readonly kind: "policy-set"; readonly result: PolicySet }
  /** A token just made, with its secret: shown only to its maker. */
  | { readonly kind: "token-created"; readonly made: TokenMade }
  | { readonly kind: "token-revoked"; readonly revoked: TokenRevoked }
  | { readonly kind: "channel-set"; readonly domain: Domain; readonly platform: Platform; readonly previous: string | undefined }
  | { readonly kind: "proposal-opened"; readonly opened: Opened }
  /** `propose <term>` without text: the platform opens its form, warned of near-duplicates. */
  | {
      readonly kind: "propose-form";
      readonly term: string;
      readonly domain?: string;
      readonly existing: Term | undefined;
      /** The agreed text when amending, to start the form from. */
      readonly currentText: string | undefined;
      readonly nearDuplicates: readonly NearDuplicate[];
      /** Every domain, offered as consuming domains. */
      readonly domains: readonly Domain[];
    }
  /** This week's digest as it stands, shown to the caller only. */
  | { readonly kind: "digest"; readonly digest: Digest }
  | { readonly kind: "error"; readonly message: string; readonly usage?: string };

/** Where a command was typed, as much as the core needs of it. */
export interface CommandContext {
  readonly actor: Actor;
  readonly platform: Platform;
  /** The channel the command was typed in, for `domain channel`. */
  readonly channelId?: string;
  /** What the platform needs to post to that channel later (Teams keeps a conversation reference). */
  readonly channelAddress?: unknown;
  /** The governance channel a setting names on this platform (Slack's GLOSSARY_CHANNEL): then no command chooses one. */
  readonly governanceChannelSetting?: string;
  /** The conversation the command was typed in (a channel, a group or a personal chat): a proposal opened there shows its card there too. */
  readonly conversationId?: string;
  /** Turns a platform mention into a user ref; undefined when the platform has no such mentions. */
  readonly resolveMention?: (userId: string) => string | undefined;
  /** The names the platform gave with the people the words mention (Teams' mentions carry them), by user ref. */
  readonly mentionedNames?: ReadonlyMap<string, string>;
  /**
   * True when the reply is seen by the caller alone: Slack's ephemeral replies, a Teams personal chat, the console's
   * answer to its persona. Only then is a new token's secret shown (and the token made).
   */
  readonly repliesPrivately?: boolean;
}

/** Parses chat words and runs them: the one entry point every platform's command handler calls. */
export async function runCommandText(deps: CoreDeps, context: CommandContext, text: string): Promise<Reply> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    return { kind: "error", message: parsed.error.message, ...(parsed.error.usage ? { usage: parsed.error.usage } : {}) };
  }
  return runIntent(deps, context, parsed.intent);
}

/** Runs a parsed intent; a user-facing failure becomes an error reply, anything else is thrown. */
export async function runIntent(deps: CoreDeps, context: CommandContext, intent: Intent): Promise<Reply> {
  try {
    return await dispatch(deps, context, intent);
  } catch (error) {
    if (isConcordError(error)) return { kind: "error", message: error.message };
    throw error;
  }
}

async function dispatch(deps: CoreDeps, context: CommandContext, intent: Intent): Promise<Reply> {
  const { actor } = context;
  switch (intent.kind) {
    case "help":
      if (intent.unknownTopic) {
        const result = await lookupTerm(deps, intent.unknownTopic.term);
        if (result.kind === "found" && result.matchedBy !== "fuzzy") return lookupReply(deps, result);
        return { kind: "help", entries: commandHelp, unknownTopic: intent.unknownTopic.word };
      }
      return {
        kind: "help",
        entries: commandHelp,
        ...(intent.topic ? { topic: commandHelp.find((h) => h.command === intent.topic)! } : {}),
      };
    case "lookup":
      return lookupReply(deps, await lookupTerm(deps, intent.term), intent.didYouMean);
    case "links":
      return { kind: "links", links: await termLinks(deps, intent.term) };
    case "search":
      return { kind: "search", result: await searchTerms(deps, intent.query) };
    case "history":
      return { kind: "history", history: await termHistory(deps, intent.term) };
    case "variant":
      return {
        kind: "variant",
        recorded: await recordVariant(deps, actor, {
          term: intent.term,
          text: intent.text,
          ...(intent.domain ? { domain: intent.domain } : {}),
        }),
      };
    case "pending":
      return { kind: "pending", pending: await pendingProposals(deps, actor) };
    case "governance-channel": {
      if (context.platform === "local") {
        return { kind: "error", message: "The console has no channels to choose from. `governance channel` is run in a Slack or Teams channel, to make it the governance channel there." };
      }
      if (context.governanceChannelSetting !== undefined) {
        return {
          kind: "error",
          message: `Here the governance channel is the one the GLOSSARY_CHANNEL setting names (${context.governanceChannelSetting}). To choose one with \`governance channel\`, an operator unsets it.`,
        };
      }
      if (!context.channelId) {
        const where = context.platform === "slack" ? "Slack" : "Teams";
        return { kind: "error", message: `Run \`governance channel\` in the ${where} channel that should become the governance channel, not in a chat.` };
      }
      const result = await setGovernanceChannel(deps, actor, {
        platform: context.platform,
        channelId: context.channelId,
        ...(context.channelAddress === undefined ? {} : { address: context.channelAddress }),
      });
      return { kind: "governance-channel-set", result };
    }
    case "subscribe":
      return { kind: "subscribed", result: await subscribeDomain(deps, actor, intent) };
    case "domain-list":
      return { kind: "domains", domains: await listDomains(deps) };
    case "domain-add":
      return { kind: "domain-added", domain: await addDomain(deps, actor, intent) };
    case "domain-owners": {
      const owner = resolveOwner(context, intent.owner);
      if (!owner) {
        return {
          kind: "error",
          message: `I can't tell who that is on ${context.platform}. Name them with a user ref such as \`slack:T0123:U0456\`.`,
        };
      }
      const ownerName = context.mentionedNames?.get(owner);
      return {
        kind: "owner-changed",
        result: await changeDomainOwner(deps, actor, { slug: intent.slug, action: intent.action, owner, ...(ownerName ? { ownerName } : {}) }),
      };
    }
    case "domain-channel": {
      if (!context.channelId) {
        return { kind: "error", message: "Run `domain channel <slug>` in the channel that should become the domain's home." };
      }
      const set = await setDomainChannel(deps, actor, {
        slug: intent.slug,
        platform: context.platform,
        channelId: context.channelId,
        ...(context.channelAddress === undefined ? {} : { address: context.channelAddress }),
      });
      return { kind: "channel-set", domain: set.domain, platform: context.platform, previous: set.previous };
    }
    case "propose": {
      if (intent.text === undefined) {
        const preview = await previewProposal(deps, { term: intent.term });
        return {
          kind: "propose-form",
          term: preview.term?.name ?? intent.term,
          ...(intent.domain ? { domain: intent.domain } : {}),
          existing: preview.term,
          currentText: preview.currentText,
          nearDuplicates: preview.nearDuplicates,
          domains: await listDomains(deps),
        };
      }
      return {
        kind: "proposal-opened",
        opened: await openProposal(deps, actor, {
          term: intent.term,
          text: intent.text,
          ...(intent.domain ? { domain: intent.domain } : {}),
          ...originOf(context),
        }),
      };
    }
    case "deprecate":
      return {
        kind: "proposal-opened",
        opened: await proposeDeprecation(deps, actor, {
          term: intent.term,
          ...(intent.replacement ? { replacement: intent.replacement } : {}),
          ...originOf(context),
        }),
      };
    case "move":
      return {
        kind: "proposal-opened",
        opened: await proposeMove(deps, actor, { term: intent.term, parent: intent.parent, ...originOf(context) }),
      };
    case "domain-owners-list":
      return { kind: "domain-owners", result: await listDomainOwners(deps, intent.slug) };
    case "withdraw":
      return { kind: "withdrawn", proposal: await withdrawProposal(deps, actor, intent.proposalId) };
    case "alias":
      return { kind: "alias-changed", result: await changeAlias(deps, actor, intent) };
    case "relate":
    case "unrelate": {
      const input = { term: intent.term, relation: intent.relation, other: intent.other };
      const result = intent.kind === "relate" ? await relateTerms(deps, actor, input) : await unrelateTerms(deps, actor, input);
      return { kind: "relation-changed", result };
    }
    case "policy":
      return { kind: "policy-set", result: await setTermPolicy(deps, actor, intent) };
    case "token-new": {
      if (!context.repliesPrivately) {
        const where = context.platform === "teams" ? "a personal chat with Concord (open a chat with the bot)" : "a direct message to Concord";
        return {
          kind: "error",
          message: `A token's secret is shown only to the one who makes it, so \`token new\` works in ${where}, not in a channel or group. Send \`token new ${intent.scope}\` there; nothing was made here.`,
        };
      }
      return { kind: "token-created", made: await createToken(deps, actor, { scope: intent.scope }) };
    }
    case "token-revoke":
      return { kind: "token-revoked", revoked: await revokeToken(deps, actor, intent.tokenId) };
    case "digest":
      return { kind: "digest", digest: await previewDigest(deps) };
  }
}

/** A lookup's reply: what was found, with where the term is used in the domains' data products. */
export async function lookupReply(deps: CoreDeps, result: LookupResult, didYouMean?: string): Promise<Reply> {
  const usages = result.kind === "found" ? await summariseUsages(deps, result.details) : undefined;
  return { kind: "lookup", result, ...(didYouMean ? { didYouMean } : {}), ...(usages ? { usages } : {}) };
}

/** Where a proposal opened by this command was made, for its card to be shown there too. */
function originOf(context: CommandContext): { origin?: ProposalOrigin } {
  return context.conversationId ? { origin: { platform: context.platform, conversationId: context.conversationId } } : {};
}

function resolveOwner(context: CommandContext, owner: OwnerRef): string | undefined {
  if (owner.kind === "ref") return owner.ref;
  return context.resolveMention?.(owner.userId);
}
