import type { CommandHelp } from "../../commands/help.js";
import type { Reply } from "../../commands/execute.js";
import type {
  Domain,
  DomainSummary,
  LookupResult,
  Member,
  Opened,
  OwnerChanged,
  PendingProposal,
  SearchResult,
  Subscribed,
  TermHistory,
  VariantDrift,
  VariantRecorded,
} from "../../core/index.js";
import type { Links } from "../../web/links.js";
import {
  container,
  createCard,
  factSet,
  fitItems,
  heading,
  LIST_BUDGET_BYTES,
  note,
  openUrlAction,
  submitAction,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from "./build.js";
import { renderDigestCard } from "./digest.js";
import { DIFF_LEGEND, renderDiffBlock } from "./diff.js";
import { renderNearDuplicates, renderProposeFormCard } from "./forms.js";
import { renderPendingEntry } from "./proposal.js";
import {
  escapeMarkdown,
  formatDate,
  formatList,
  formatRelative,
  markdownLink,
  mentionMember,
  percent,
  plural,
  truncateMarkdown,
  truncatePlain,
} from "./text.js";

/** Characters of an agreed definition shown in a lookup; the term page has the rest. */
const DEFINITION_SHOWN = 3000;
const SIDE_TEXT_SHOWN = 600;
/** Characters of a definition shown per search hit or variant. */
const SNIPPET = 300;
const VARIANTS_SHOWN = 10;
const SEARCH_HITS_SHOWN = 20;
const VERSIONS_SHOWN = 10;
const VERSION_DIFF_LIMITS = { maxChars: 700, maxRuns: 40 } as const;
const PENDING_SHOWN = 12;
const DOMAINS_SHOWN = 40;
const BUTTON_TITLE = 40;

/** A command's reply as an Adaptive Card: every `Reply` kind, with all user text escaped. */
export function renderReplyCard(reply: Reply, links: Links, now: Date = new Date()): AdaptiveCard {
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
      // The bot renders the form with every domain as a consumer choice; without them it is still a usable form.
      return renderProposeFormCard({
        term: reply.term,
        ...(reply.domain ? { domain: reply.domain } : {}),
        ...(reply.existing && reply.currentText !== undefined
          ? { existing: { name: reply.existing.name, currentText: reply.currentText } }
          : {}),
        nearDuplicates: reply.nearDuplicates,
        domains: [],
      });
    case "digest":
      return renderDigestCard(reply.digest, links, { preview: true });
    case "help":
      return renderHelp(reply.entries, reply.topic);
    case "error":
      return renderError(reply.message, reply.usage);
  }
}

function simple(markdown: string): AdaptiveCard {
  return createCard([textBlock(markdown)]);
}

/** "define Customer" as a user types it to the bot, quoted (escaped Markdown). */
function command(words: string): string {
  return `“${escapeMarkdown(words)}”`;
}

function didYouMeanCommand(didYouMean: string | undefined): CardElement[] {
  return didYouMean ? [note(`💡 Did you mean ${command(didYouMean)}?`)] : [];
}

type Found = Extract<LookupResult, { kind: "found" }>;
type NotFound = Extract<LookupResult, { kind: "not-found" }>;

function renderLookupFound(result: Found, links: Links, didYouMean: string | undefined): AdaptiveCard {
  const { term, current, aliases, consumers } = result.details;
  const page = links.term(term.slug);
  const body: CardElement[] = [heading(`${escapeMarkdown(term.name)}${term.status === "deprecated" ? " (deprecated)" : ""}`)];
  if (result.matchedBy !== "name") {
    const how = result.matchedBy === "alias" ? "Matched by alias" : "Closest match";
    body.push(note(`${how}: you typed “${escapeMarkdown(result.query)}”.`));
  }
  body.push(...didYouMeanCommand(didYouMean));
  if (term.status === "deprecated") {
    body.push(textBlock("⚠️ This term is deprecated; keep it only for reading old data.", { color: "Warning", spacing: "Small" }));
  }
  body.push(textBlock(truncateMarkdown(current.text, DEFINITION_SHOWN, page)));
  if (current.example) {
    body.push(textBlock("**Example**"), textBlock(truncateMarkdown(current.example, SIDE_TEXT_SHOWN, page), { spacing: "Small", isSubtle: true }));
  }
  if (current.formula) {
    body.push(
      textBlock("**Formula**"),
      textBlock(truncateMarkdown(current.formula, SIDE_TEXT_SHOWN, page), { spacing: "Small", fontType: "Monospace" }),
    );
  }

  const by = current.proposedBy ? ` by ${mentionMember(current.proposedBy)}` : "";
  body.push(
    factSet([
      { title: "Version", value: String(current.version) },
      { title: "Owner domain", value: term.ownerDomain ? escapeMarkdown(term.ownerDomain.name) : "none yet" },
      { title: "Aliases", value: aliases.length > 0 ? aliases.map(escapeMarkdown).join(", ") : "none" },
      { title: "Consuming domains", value: consumers.length > 0 ? consumers.map((d) => escapeMarkdown(d.name)).join(", ") : "none" },
      { title: "Last change", value: `${formatDate(current.agreedAt)}${by}` },
    ]),
  );

  if (result.drift.length > 0) {
    body.push(textBlock(`**How each domain's variant drifts from it** (${result.drift.length})`, { separator: true }));
    for (const drift of result.drift.slice(0, VARIANTS_SHOWN)) body.push(...describeVariant(drift, current.version, page));
    if (result.drift.length > VARIANTS_SHOWN) {
      body.push(note(`…and ${plural(result.drift.length - VARIANTS_SHOWN, "more variant")} on ${markdownLink(page, "the term page")}.`));
    }
  }

  return createCard(body, [
    submitAction("Share in channel", { concord: "share", slug: term.slug }),
    openUrlAction("History", links.history(term.slug)),
  ]);
}

/** "**Support**: 73% drift (major) · ⚠️ stale: written against v2" and the variant's text. */
function describeVariant(drift: VariantDrift, currentVersion: number, page: string): CardElement[] {
  const stale = drift.stale ? ` · ⚠️ stale: written against v${drift.variant.baseVersion}, the agreed one is v${currentVersion}` : "";
  return [
    textBlock(`**${escapeMarkdown(drift.variant.domain.name)}**: ${percent(drift.score)} drift (${drift.level})${stale}`),
    textBlock(truncateMarkdown(drift.variant.text, SNIPPET, page), { isSubtle: true, spacing: "Small" }),
  ];
}

function renderLookupNotFound(result: NotFound, links: Links, didYouMean: string | undefined): AdaptiveCard {
  const body: CardElement[] = [textBlock(`No term **${escapeMarkdown(result.query)}** in the glossary.`), ...didYouMeanCommand(didYouMean)];
  if (result.suggestions.length > 0) {
    const names = result.suggestions.map((s) => `**${markdownLink(links.term(s.term.slug), s.term.name)}**`);
    body.push(textBlock(`Did you mean ${formatList(names)}?`));
  }
  body.push(note("Should it exist? Propose a definition and the affected domains vote on it."));
  return createCard(body, [
    submitAction(truncatePlain(`Propose ${result.query}`, BUTTON_TITLE), { concord: "propose-form", term: result.query }, { style: "positive" }),
  ]);
}

function renderSearch(result: SearchResult, links: Links): AdaptiveCard {
  const query = escapeMarkdown(result.query);
  if (result.hits.length === 0) {
    return simple(`Nothing in the glossary matches **${query}**. Try fewer words, or send ${command(`propose ${result.query}`)}.`);
  }
  const body: CardElement[] = [textBlock(`${plural(result.hits.length, "term")} matching **${query}**, best first:`)];
  const { elements, dropped } = fitItems(
    result.hits,
    (hit) => {
      const deprecated = hit.term.status === "deprecated" ? " (deprecated)" : "";
      const termPage = links.term(hit.term.slug);
      return [
        container(
          [
            textBlock(`**${markdownLink(termPage, hit.term.name)}**${deprecated} · matched on ${hit.matchedOn}`),
            textBlock(truncateMarkdown(hit.definition, SNIPPET, termPage), { isSubtle: true, spacing: "Small" }),
          ],
          { separator: true },
        ),
      ];
    },
    { maxItems: SEARCH_HITS_SHOWN, maxBytes: LIST_BUDGET_BYTES },
  );
  body.push(...elements);
  if (dropped > 0) body.push(note(`…and ${plural(dropped, "more match", "more matches")}; add words to narrow the search.`));
  return createCard(body);
}

function renderHistory(history: TermHistory, links: Links): AdaptiveCard {
  const { term, entries } = history;
  const historyPage = links.history(term.slug);
  const body: CardElement[] = [heading(`History of ${escapeMarkdown(term.name)}`)];
  const { elements, dropped } = fitItems(
    entries,
    (entry) => {
      const version = entry.version;
      const by = version.proposedBy ? ` by ${mentionMember(version.proposedBy)}` : "";
      const proposal =
        version.proposalId === null ? "" : ` · ${markdownLink(links.proposal(version.proposalId), `proposal #${version.proposalId}`)}`;
      const items: CardElement[] = [textBlock(`**Version ${version.version}**: agreed ${formatDate(version.agreedAt)}${by}${proposal}`)];
      if (entry.diff) {
        const diff = renderDiffBlock(entry.diff, VERSION_DIFF_LIMITS);
        items.push(diff.block);
        if (diff.truncated) items.push(note(markdownLink(historyPage, "Read the full history")));
      } else {
        items.push(textBlock(truncateMarkdown(version.text, VERSION_DIFF_LIMITS.maxChars, historyPage, "Read the full history"), { spacing: "Small" }));
      }
      return [container(items, { separator: true })];
    },
    { maxItems: VERSIONS_SHOWN, maxBytes: LIST_BUDGET_BYTES },
  );
  body.push(...elements);
  if (dropped > 0) body.push(note(`…and ${plural(dropped, "older version")} on ${markdownLink(historyPage, "the history page")}.`));
  if (entries.some((entry) => entry.diff)) body.push(note(`${DIFF_LEGEND} Each version is compared with the one before.`));
  return createCard(body, [openUrlAction("Open the history page", historyPage)]);
}

function renderVariant(recorded: VariantRecorded, links: Links): AdaptiveCard {
  const { term, agreed, drift, replaced } = recorded;
  const page = links.term(term.slug);
  const domain = escapeMarkdown(drift.variant.domain.name);
  const verb = replaced ? "Updated" : "Recorded";
  const body: CardElement[] = [
    textBlock(
      `${verb} **${domain}**'s variant of **${markdownLink(page, term.name)}**: it drifts **${percent(drift.score)}** (${drift.level}) from the agreed definition (version ${agreed.version}).`,
    ),
  ];
  if (drift.stale) {
    body.push(
      textBlock(`⚠️ Stale: written against v${drift.variant.baseVersion}; the agreed definition is v${agreed.version}.`, {
        color: "Warning",
        spacing: "Small",
      }),
    );
  }
  body.push(
    textBlock(`**${domain}'s variant**`, { separator: true }),
    textBlock(truncateMarkdown(drift.variant.text, 1400, page), { spacing: "Small" }),
    textBlock("**Agreed definition**"),
    textBlock(truncateMarkdown(agreed.text, 1400, page), { spacing: "Small", isSubtle: true }),
  );
  return createCard(body);
}

function renderPending(pending: readonly PendingProposal[], links: Links, now: Date): AdaptiveCard {
  if (pending.length === 0) return simple("Nothing waits on your domains' votes right now. 🎉");
  const body: CardElement[] = [textBlock(`**${plural(pending.length, "proposal")}** waiting on your domains, nearest deadline first:`)];
  const { elements, dropped } = fitItems(pending, (entry) => renderPendingEntry(entry, links, now), {
    maxItems: PENDING_SHOWN,
    maxBytes: LIST_BUDGET_BYTES,
  });
  body.push(...elements);
  if (dropped > 0) {
    body.push(note(`…and ${plural(dropped, "more proposal")}, due later than these; send **pending** again once you have voted on these.`));
  }
  return createCard(body);
}

function owners(members: readonly Member[]): string {
  return members.length > 0 ? formatList(members.map(mentionMember)) : "no owners yet";
}

const PLATFORM_NAMES = { slack: "Slack", teams: "Teams", local: "the local console" } as const;

function renderDomains(domains: readonly DomainSummary[]): AdaptiveCard {
  if (domains.length === 0) return simple(`No domains yet. Add one by sending ${command("domain add <slug> <name>")}.`);
  const body: CardElement[] = [textBlock(`**${plural(domains.length, "domain")}**`)];
  const { elements, dropped } = fitItems(
    domains,
    (domain) => {
      const homes = domain.channels.map((c) => `a ${PLATFORM_NAMES[c.platform]} channel`);
      return [
        container(
          [
            textBlock(`**${escapeMarkdown(domain.name)}** (${escapeMarkdown(domain.slug)})`),
            factSet([
              { title: "Owners", value: owners(domain.owners) },
              { title: "Home channel", value: homes.length > 0 ? formatList(homes) : "none yet" },
            ]),
          ],
          { separator: true },
        ),
      ];
    },
    { maxItems: DOMAINS_SHOWN, maxBytes: LIST_BUDGET_BYTES },
  );
  body.push(...elements);
  if (dropped > 0) body.push(note(`…and ${plural(dropped, "more domain")}.`));
  return createCard(body);
}

function renderDomainAdded(domain: Domain): AdaptiveCard {
  const slug = domain.slug;
  return simple(
    `✅ Added the domain **${escapeMarkdown(domain.name)}** (${escapeMarkdown(slug)}). Next: name its owners with ${command(`domain owners ${slug} add @someone`)}, ` +
      `and send ${command(`domain channel ${slug}`)} in its home channel.`,
  );
}

function renderOwnerChanged(result: OwnerChanged): AdaptiveCard {
  const who = mentionMember(result.owner);
  const domain = `**${escapeMarkdown(result.domain.name)}**`;
  let line: string;
  if (result.action === "add") line = result.changed ? `✅ ${who} is now an owner of ${domain}.` : `${who} already owns ${domain}; nothing changed.`;
  else line = result.changed ? `✅ ${who} is no longer an owner of ${domain}.` : `${who} was not an owner of ${domain}; nothing changed.`;
  return createCard([textBlock(line), factSet([{ title: "Owners", value: owners(result.owners) }])]);
}

function renderChannelSet(domain: Domain, previous: string | undefined): AdaptiveCard {
  const replaces = previous ? " It replaces the previous home channel." : "";
  return simple(
    `✅ This channel is now the home of **${escapeMarkdown(domain.name)}**: proposals affecting it are announced here.${replaces}`,
  );
}

function renderSubscribed(result: Subscribed, links: Links): AdaptiveCard {
  const domain = `**${escapeMarkdown(result.domain.name)}**`;
  const term = `**${markdownLink(links.term(result.term.slug), result.term.name)}**`;
  if (result.added) return simple(`✅ ${domain} now consumes ${term}; its owners vote on future changes to it.`);
  if (result.term.ownerDomain?.id === result.domain.id) return simple(`${domain} owns ${term}, so its owners already vote on every change to it.`);
  return simple(`${domain} already consumes ${term}; nothing changed.`);
}

function renderProposalOpened(opened: Opened, links: Links, now: Date): AdaptiveCard {
  const { proposal } = opened;
  const page = links.proposal(proposal.id);
  const affected = opened.affected.map((d) => `**${escapeMarkdown(d.name)}**`);
  const voters = affected.length > 0 ? `The owners of ${formatList(affected)} vote on it` : "The affected domains vote on it";
  const body: CardElement[] = [
    ...renderNearDuplicates(opened.nearDuplicates, links),
    textBlock(
      `🗳️ ${markdownLink(page, `Proposal #${proposal.id}`)} opened: ${proposal.kind} **${escapeMarkdown(proposal.termName)}**. ` +
        `${voters} until ${formatDate(proposal.deadline)} (${formatRelative(proposal.deadline, now)}).`,
    ),
  ];
  return createCard(body, [openUrlAction("Open the proposal", page)]);
}

function renderHelp(entries: readonly CommandHelp[], topic: CommandHelp | undefined): AdaptiveCard {
  const body: CardElement[] = [];
  if (topic) body.push(container(describeCommand(topic), { style: "emphasis" }));
  body.push(
    heading("Concord keeps the shared glossary agreed"),
    textBlock("Send Concord these words in a chat with it, or @mention it in a channel. A bare term is a lookup."),
  );
  for (const entry of entries) body.push(container(describeCommand(entry), { separator: true }));
  return createCard(body);
}

function describeCommand(entry: CommandHelp): CardElement[] {
  // Help examples are written for Slack, where owners are named with <@U…>; in Teams it is an @mention.
  const example = entry.example.replace(/<@[A-Z0-9]+>/g, "@someone");
  return [
    textBlock(`**${escapeMarkdown(entry.command)}**: ${escapeMarkdown(entry.summary)}`),
    textBlock(escapeMarkdown(entry.usage), { fontType: "Monospace", spacing: "Small" }),
    note(`Example: ${command(example)}`),
  ];
}

function renderError(message: string, usage: string | undefined): AdaptiveCard {
  const body: CardElement[] = [textBlock(`⚠️ ${escapeMarkdown(message)}`, { color: "Attention" })];
  if (usage) body.push(textBlock("Usage:", { spacing: "Small" }), textBlock(escapeMarkdown(usage), { fontType: "Monospace", spacing: "Small" }));
  return createCard(body);
}
