import type { Domain, DomainSummary, Member, OwnerChanged, Platform, Subscribed } from "../core/index.js";
import { plural } from "../commands/format.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { plainText } from "./plain.js";
import { bold, channel, code, command, icon, link, listOf, member, rich, words } from "./rich.js";

const DOMAINS_SHOWN = 40;
/** A home channel where the face cannot link it; the console has one channel, so it is "the" channel there. */
const CHANNEL_LABELS: Record<Platform, string> = { slack: "a Slack channel", teams: "a Teams channel", local: "the console's channel" };

/** A message of one line. */
function simpleView(line: Rich): MessageView {
  return { kind: "message", summary: plainText(line), blocks: [{ kind: "text", text: line }] };
}

function owners(members: readonly Member[]): Rich {
  return members.length > 0 ? listOf(members.map(member)) : words("no owners yet");
}

/** Every domain with its owners and home channels. */
export function domainsView(domains: readonly DomainSummary[]): MessageView {
  if (domains.length === 0) return simpleView(rich`No domains yet. Add one by sending ${command("domain add <slug> <name>")}.`);
  const count = plural(domains.length, "domain");
  const items = domains.map((domain): Block => {
    const homes = domain.channels.map((c) => channel(c.platform, c.channelId, CHANNEL_LABELS[c.platform]));
    return {
      kind: "text",
      text: rich`${bold(domain.name)} (${code(domain.slug)})\nOwners: ${owners(domain.owners)}\nHome channel: ${homes.length > 0 ? listOf(homes) : words("none yet")}`,
    };
  });
  return {
    kind: "message",
    summary: count,
    blocks: [
      { kind: "text", text: bold(words(count)) },
      { kind: "list", items, max: DOMAINS_SHOWN, more: (hidden) => rich`…and ${plural(hidden, "more domain")}.` },
    ],
  };
}

/** A new domain, with what to do next: name its owners and its home channel. */
export function domainAddedView(domain: Domain): MessageView {
  const { slug } = domain;
  return simpleView(
    rich`${icon("approve")} Added the domain ${bold(domain.name)} (${code(slug)}). Next: name its owners with ${command(`domain owners ${slug} add @someone`)}, and send ${command(`domain channel ${slug}`)} in its home channel.`,
  );
}

/** An owner added or removed (or why nothing changed), with the domain's owners now. */
export function ownerChangedView(result: OwnerChanged): MessageView {
  const who = member(result.owner);
  const domain = bold(result.domain.name);
  let line: Rich;
  if (result.action === "add") line = result.changed ? rich`${icon("approve")} ${who} is now an owner of ${domain}.` : rich`${who} already owns ${domain}; nothing changed.`;
  else line = result.changed ? rich`${icon("approve")} ${who} is no longer an owner of ${domain}.` : rich`${who} was not an owner of ${domain}; nothing changed.`;
  return simpleView(rich`${line}\nOwners: ${owners(result.owners)}`);
}

/** This channel made a domain's home, naming the home it replaces. */
export function channelSetView(domain: Domain, platform: Platform, previous: string | undefined): MessageView {
  const replaces = previous ? rich` It replaces ${channel(platform, previous, "the previous home channel")}.` : [];
  return simpleView(rich`${icon("approve")} This channel is now the home of ${bold(domain.name)}: proposals affecting it are announced here.${replaces}`);
}

/** A domain marked as consuming a term, or why nothing changed. */
export function subscribedView(result: Subscribed, ctx: ViewContext): MessageView {
  const domain = bold(result.domain.name);
  const term = bold(link(ctx.links.term(result.term.slug), result.term.name));
  if (result.added) return simpleView(rich`${icon("approve")} ${domain} now consumes ${term}; its owners vote on future changes to it.`);
  if (result.term.ownerDomain?.id === result.domain.id) return simpleView(rich`${domain} owns ${term}, so its owners already vote on every change to it.`);
  return simpleView(rich`${domain} already consumes ${term}; nothing changed.`);
}
