import type { KnownBlock } from "@slack/types";
import type { CommandHelp } from "../../commands/help.js";
import type { Reply } from "../../commands/execute.js";
import type {
  Domain,
  DomainSummary,
  LookupResult,
  Member,
  NearDuplicate,
  Opened,
  OwnerChanged,
  PendingProposal,
  SearchResult,
  Subscribed,
  TermHistory,
  VariantDrift,
  VariantRecorded,
} from "../../core/index.js";
import { actions, button, context, divider, fieldsSection, header, packLines, section } from "./build.js";
import { renderDigestMessage } from "./digest.js";
import { OPEN_LINK, PROPOSE_FROM_LOOKUP, SHARE_TERM } from "./ids.js";
import type { Links } from "../../web/links.js";
import { renderPendingEntry, type RenderedMessage } from "./proposal.js";
import {
  channelLink,
  codeBlock,
  escapeMrkdwn,
  formatDate,
  formatDiff,
  formatList,
  formatRelative,
  link,
  mentionMember,
  percent,
  plural,
  quote,
  truncate,
} from "./text.js";

/** Variants shown under a lookup before "and N more on the term page". */
const VARIANTS_SHOWN = 10;
/** Search hits shown in one message. */
export const SEARCH_HITS_SHOWN = 20;
/** Versions shown in a history reply. */
const VERSIONS_SHOWN = 10;
/** Pending proposals shown in one message (two blocks each). */
export const PENDING_SHOWN = 15;
/** Domains shown in `domain list`. */
const DOMAINS_SHOWN = 40;
/** Characters of a definition shown per search hit or variant. */
const SNIPPET = 300;

/** A command's reply as a Slack message: every `Reply` kind, with all user text escaped. */
export function renderReply(reply: Reply, links: Links, now: Date = new Date()): RenderedMessage {
  switch (reply.kind) {
    case "lookup":
      return reply.result.kind === "found"
        ? renderLookupFound(reply.result, links, reply.didYouMean)
        : renderLookupNotFound(reply.result, links, reply.didYouMean);
    case "search":
      return renderSearch(reply.result, links);
    case "history":
      return renderHistory(reply.history, links);
    case "variant":
      return renderVariant(reply.recorded, links);
    case "pending":
      return renderPending(reply.pending, links, now);
    case "domains":
      return renderDomains(reply.domains);
    case "domain-added":
      return renderDomainAdded(reply.domain);
    case "owner-changed":
      return renderOwnerChanged(reply.result);
    case "channel-set":
      return renderChannelSet(reply.domain, reply.previous);
    case "subscribed":
      return renderSubscribed(reply.result, links);
    case "proposal-opened":
      return renderProposalOpened(reply.opened, links, now);
    case "propose-form":
      // The adapter opens the propose modal; this only covers a surface that cannot.
      return { text: "Opening the form…", blocks: [] };
    case "digest":
      return renderDigestMessage(reply.digest, links, { preview: true });
    case "help":
      return renderHelp(reply.entries, reply.topic);
    case "error":
      return renderError(reply.message, reply.usage);
  }
}

function simple(text: string): RenderedMessage {
  return { text, blocks: [section(text)] };
}

function didYouMeanCommand(didYouMean: string | undefined): KnownBlock[] {
  if (!didYouMean) return [];
  return [context(`:bulb: Did you mean \`/glossary ${escapeMrkdwn(didYouMean)}\`?`)];
}

type Found = Extract<LookupResult, { kind: "found" }>;
type NotFound = Extract<LookupResult, { kind: "not-found" }>;

function renderLookupFound(result: Found, links: Links, didYouMean: string | undefined): RenderedMessage {
  const { term, current, aliases, consumers } = result.details;
  const page = links.term(term.slug);
  const name = escapeMrkdwn(term.name);
  const blocks: KnownBlock[] = [header(term.status === "deprecated" ? `${term.name} (deprecated)` : term.name)];
  if (result.matchedBy !== "name") {
    const how = result.matchedBy === "alias" ? "Matched by alias" : "Closest match";
    blocks.push(context(`${how}: you typed “${escapeMrkdwn(result.query)}”.`));
  }
  blocks.push(...didYouMeanCommand(didYouMean));
  if (term.status === "deprecated") blocks.push(context(":warning: This term is deprecated; keep it only for reading old data."));
  blocks.push(section(escapeMrkdwn(current.text), page));
  if (current.example) blocks.push(section(`*Example*\n${quote(escapeMrkdwn(current.example))}`, page));
  if (current.formula) blocks.push(section(`*Formula*\n${codeBlock(escapeMrkdwn(current.formula))}`, page));

  const by = current.proposedBy ? ` by ${mentionMember(current.proposedBy)}` : "";
  blocks.push(
    fieldsSection([
      `*Version*\n${link(links.history(term.slug), `version ${current.version}`)}`,
      `*Owner domain*\n${term.ownerDomain ? escapeMrkdwn(term.ownerDomain.name) : "none yet"}`,
      `*Aliases*\n${aliases.length > 0 ? aliases.map(escapeMrkdwn).join(", ") : "none"}`,
      `*Consuming domains*\n${consumers.length > 0 ? consumers.map((d) => escapeMrkdwn(d.name)).join(", ") : "none"}`,
      `*Last change*\n${formatDate(current.agreedAt)}${by}`,
    ]),
  );

  if (result.drift.length > 0) {
    blocks.push(divider());
    blocks.push(section(`*How each domain's variant drifts from it* (${result.drift.length})`));
    for (const drift of result.drift.slice(0, VARIANTS_SHOWN)) blocks.push(section(describeVariant(drift, current.version, page)));
    if (result.drift.length > VARIANTS_SHOWN) {
      blocks.push(context(`…and ${plural(result.drift.length - VARIANTS_SHOWN, "more variant")} on ${link(page, "the term page")}.`));
    }
  }

  blocks.push(
    actions([
      button({ text: "Share in channel", actionId: SHARE_TERM, value: term.slug }),
      button({ text: "History", actionId: OPEN_LINK, url: links.history(term.slug) }),
    ]),
  );
  const deprecated = term.status === "deprecated" ? " (deprecated)" : "";
  return { text: `${name}${deprecated}: ${truncate(escapeMrkdwn(current.text), 200)}`, blocks };
}

/** "*Support*: 42% drift (moderate) · stale: written against v2" and the variant's text. */
function describeVariant(drift: VariantDrift, currentVersion: number, page: string): string {
  const stale = drift.stale ? ` · :warning: stale: written against v${drift.variant.baseVersion}, the agreed one is v${currentVersion}` : "";
  const head = `*${escapeMrkdwn(drift.variant.domain.name)}*: ${percent(drift.score)} drift (${drift.level})${stale}`;
  return `${head}\n${quote(truncate(escapeMrkdwn(drift.variant.text), SNIPPET, page))}`;
}

function renderLookupNotFound(result: NotFound, links: Links, didYouMean: string | undefined): RenderedMessage {
  const query = escapeMrkdwn(result.query);
  const blocks: KnownBlock[] = [section(`No term *${query}* in the glossary.`), ...didYouMeanCommand(didYouMean)];
  if (result.suggestions.length > 0) {
    const names = result.suggestions.map((s) => `*${link(links.term(s.term.slug), s.term.name)}*`);
    blocks.push(section(`Did you mean ${formatList(names)}?`));
  }
  blocks.push(context(`Should it exist? Propose a definition and the affected domains vote on it.`));
  blocks.push(actions([button({ text: `Propose ${result.query}`, actionId: PROPOSE_FROM_LOOKUP, value: result.query, style: "primary" })]));
  return { text: `No term ${query} in the glossary.`, blocks };
}

function renderSearch(result: SearchResult, links: Links): RenderedMessage {
  const query = escapeMrkdwn(result.query);
  if (result.hits.length === 0) {
    return simple(`Nothing in the glossary matches *${query}*. Try fewer words, or \`/glossary propose ${query}\`.`);
  }
  const blocks: KnownBlock[] = [section(`${plural(result.hits.length, "term")} matching *${query}*, best first:`)];
  blocks.push(...renderSearchHits(result.hits, links, SEARCH_HITS_SHOWN));
  return { text: `${plural(result.hits.length, "term")} matching ${query}`, blocks };
}

/** One section per hit (name, what it matched on, a snippet), then "and N more" past `max`. */
export function renderSearchHits(hits: SearchResult["hits"], links: Links, max: number): KnownBlock[] {
  const blocks: KnownBlock[] = hits.slice(0, max).map((hit, i) => {
    const deprecated = hit.term.status === "deprecated" ? " (deprecated)" : "";
    const head = `${i + 1}. *${link(links.term(hit.term.slug), hit.term.name)}*${deprecated} · matched on ${hit.matchedOn}`;
    return section(`${head}\n${quote(truncate(escapeMrkdwn(hit.definition), SNIPPET, links.term(hit.term.slug)))}`);
  });
  if (hits.length > max) blocks.push(context(`…and ${plural(hits.length - max, "more match", "more matches")}; add words to narrow the search.`));
  return blocks;
}

function renderHistory(history: TermHistory, links: Links): RenderedMessage {
  const { term, entries } = history;
  const historyPage = links.history(term.slug);
  const blocks: KnownBlock[] = [header(`History of ${term.name}`)];
  for (const entry of entries.slice(0, VERSIONS_SHOWN)) {
    const version = entry.version;
    const by = version.proposedBy ? ` by ${mentionMember(version.proposedBy)}` : "";
    const proposal = version.proposalId === null ? "" : ` · ${link(links.proposal(version.proposalId), `proposal #${version.proposalId}`)}`;
    const body = entry.diff ? formatDiff(entry.diff) : escapeMrkdwn(version.text);
    blocks.push(section(`*Version ${version.version}*: agreed ${formatDate(version.agreedAt)}${by}${proposal}\n${body}`, historyPage, "Read the full history"));
  }
  if (entries.length > VERSIONS_SHOWN) {
    blocks.push(context(`…and ${plural(entries.length - VERSIONS_SHOWN, "older version")} on ${link(historyPage, "the history page")}.`));
  }
  blocks.push(context("Changes from the version before: ~removed~ words struck through, *added* words in bold."));
  blocks.push(actions([button({ text: "Open the history page", actionId: OPEN_LINK, url: historyPage })]));
  return { text: `History of ${escapeMrkdwn(term.name)}: ${plural(entries.length, "version")}`, blocks };
}

function renderVariant(recorded: VariantRecorded, links: Links): RenderedMessage {
  const { term, agreed, drift, replaced } = recorded;
  const page = links.term(term.slug);
  const domain = escapeMrkdwn(drift.variant.domain.name);
  const name = escapeMrkdwn(term.name);
  const verb = replaced ? "Updated" : "Recorded";
  const stale = drift.stale ? `\n:warning: Stale: written against v${drift.variant.baseVersion}; the agreed definition is v${agreed.version}.` : "";
  const blocks: KnownBlock[] = [
    section(
      `${verb} *${domain}*'s variant of *${link(page, term.name)}*: it drifts *${percent(drift.score)}* (${drift.level}) from the agreed definition (version ${agreed.version}).${stale}`,
    ),
    section(`*${domain}'s variant*\n${quote(truncate(escapeMrkdwn(drift.variant.text), 1400, page))}`),
    section(`*Agreed definition*\n${quote(truncate(escapeMrkdwn(agreed.text), 1400, page))}`),
  ];
  return { text: `${verb} ${domain}'s variant of ${name}: ${percent(drift.score)} drift (${drift.level}).`, blocks };
}

function renderPending(pending: readonly PendingProposal[], links: Links, now: Date): RenderedMessage {
  if (pending.length === 0) return simple("Nothing waits on your domains' votes right now.");
  const blocks: KnownBlock[] = [section(`${plural(pending.length, "proposal")} waiting on your domains, nearest deadline first:`)];
  for (const entry of pending.slice(0, PENDING_SHOWN)) blocks.push(...renderPendingEntry(entry, links, now));
  if (pending.length > PENDING_SHOWN) {
    blocks.push(context(`…and ${plural(pending.length - PENDING_SHOWN, "more proposal")}; they are on your Concord App Home tab.`));
  }
  return { text: `${plural(pending.length, "proposal")} waiting on your domains`, blocks };
}

function owners(members: readonly Member[]): string {
  return members.length > 0 ? formatList(members.map(mentionMember)) : "no owners yet";
}

function renderDomains(domains: readonly DomainSummary[]): RenderedMessage {
  if (domains.length === 0) return simple(`No domains yet. Add one with \`/glossary ${escapeMrkdwn("domain add <slug> <name>")}\`.`);
  const blocks: KnownBlock[] = [section(`*${plural(domains.length, "domain")}*`)];
  for (const domain of domains.slice(0, DOMAINS_SHOWN)) {
    const slack = domain.channels.filter((c) => c.platform === "slack").map((c) => channelLink(c.channelId));
    const elsewhere = domain.channels.filter((c) => c.platform !== "slack").map((c) => c.platform);
    const home = [...slack, ...elsewhere.map((platform) => `a ${platform} channel`)];
    blocks.push(
      section(
        `*${escapeMrkdwn(domain.name)}* (\`${escapeMrkdwn(domain.slug)}\`)\nOwners: ${owners(domain.owners)}\nHome channel: ${home.length > 0 ? home.join(", ") : "none yet"}`,
      ),
    );
  }
  if (domains.length > DOMAINS_SHOWN) blocks.push(context(`…and ${plural(domains.length - DOMAINS_SHOWN, "more domain")}.`));
  return { text: `${plural(domains.length, "domain")}`, blocks };
}

function renderDomainAdded(domain: Domain): RenderedMessage {
  const slug = escapeMrkdwn(domain.slug);
  return simple(
    `:white_check_mark: Added the domain *${escapeMrkdwn(domain.name)}* (\`${slug}\`). Next: name its owners with \`/glossary domain owners ${slug} add @someone\`, and run \`/glossary domain channel ${slug}\` in its home channel.`,
  );
}

function renderOwnerChanged(result: OwnerChanged): RenderedMessage {
  const who = mentionMember(result.owner);
  const domain = `*${escapeMrkdwn(result.domain.name)}*`;
  let line: string;
  if (result.action === "add") line = result.changed ? `:white_check_mark: ${who} is now an owner of ${domain}.` : `${who} already owns ${domain}; nothing changed.`;
  else line = result.changed ? `:white_check_mark: ${who} is no longer an owner of ${domain}.` : `${who} was not an owner of ${domain}; nothing changed.`;
  return simple(`${line}\nOwners: ${owners(result.owners)}`);
}

function renderChannelSet(domain: Domain, previous: string | undefined): RenderedMessage {
  const replaces = previous ? ` It replaces ${channelLink(previous)}.` : "";
  return simple(
    `:white_check_mark: This channel is now the home of *${escapeMrkdwn(domain.name)}*: proposals affecting it are announced here.${replaces}`,
  );
}

function renderSubscribed(result: Subscribed, links: Links): RenderedMessage {
  const domain = `*${escapeMrkdwn(result.domain.name)}*`;
  const term = `*${link(links.term(result.term.slug), result.term.name)}*`;
  if (result.added) return simple(`:white_check_mark: ${domain} now consumes ${term}; its owners vote on future changes to it.`);
  if (result.term.ownerDomain?.id === result.domain.id) return simple(`${domain} owns ${term}, so its owners already vote on every change to it.`);
  return simple(`${domain} already consumes ${term}; nothing changed.`);
}

function renderProposalOpened(opened: Opened, links: Links, now: Date): RenderedMessage {
  const { proposal } = opened;
  const title = link(links.proposal(proposal.id), `Proposal #${proposal.id}`);
  const affected = opened.affected.map((d) => `*${escapeMrkdwn(d.name)}*`);
  const voters = affected.length > 0 ? ` ${formatList(affected)} vote on it` : " The affected domains vote on it";
  const text =
    `:ballot_box_with_ballot: ${title} opened: ${proposal.kind} *${escapeMrkdwn(proposal.termName)}*. ` +
    `It is posted in the governance channel;${voters} until ${formatDate(proposal.deadline)} (${formatRelative(proposal.deadline, now)}).`;
  return {
    text: `Proposal #${proposal.id} opened: ${proposal.kind} ${escapeMrkdwn(proposal.termName)}`,
    blocks: [section(text), ...renderNearDuplicates(opened.nearDuplicates, links)],
  };
}

/** A warning listing existing terms very like the proposed one (linked to their pages when `links` is given). */
export function renderNearDuplicates(nearDuplicates: readonly NearDuplicate[], links?: Links): KnownBlock[] {
  if (nearDuplicates.length === 0) return [];
  const reasons: Record<NearDuplicate["reason"], string> = { name: "similar name", alias: "same alias", definition: "similar definition" };
  const items = nearDuplicates.map((d) => {
    const name = links ? link(links.term(d.term.slug), d.term.name) : escapeMrkdwn(d.term.name);
    return `*${name}* (${reasons[d.reason]}, ${percent(d.similarity)} alike)`;
  });
  return [context(`:warning: Similar terms already exist, check this is not a duplicate: ${formatList(items)}.`)];
}

function renderHelp(entries: readonly CommandHelp[], topic: CommandHelp | undefined): RenderedMessage {
  const blocks: KnownBlock[] = [];
  if (topic) {
    blocks.push(section(describeCommand(topic)), divider());
  }
  blocks.push(section("*Concord keeps the shared glossary agreed.* Every command, as you would type it after `/glossary`:"));
  blocks.push(...packLines(entries.map(describeCommand), 20, (n) => `…and ${plural(n, "more command")}.`));
  return { text: topic ? `/glossary ${topic.command}: ${escapeMrkdwn(topic.summary)}` : "Concord commands", blocks };
}

function describeCommand(entry: CommandHelp): string {
  return `*\`${entry.command}\`*: ${escapeMrkdwn(entry.summary)}\n${codeBlock(escapeMrkdwn(entry.usage))}\nExample: \`/glossary ${escapeMrkdwn(entry.example)}\``;
}

function renderError(message: string, usage: string | undefined): RenderedMessage {
  const text = `:warning: ${escapeMrkdwn(message)}`;
  const blocks: KnownBlock[] = [section(text)];
  if (usage) blocks.push(section(`Usage:\n${codeBlock(escapeMrkdwn(usage))}`));
  return { text: escapeMrkdwn(message), blocks };
}
