import type { Member, UserRef } from "../../core/index.js";
import { formatUtc } from "../../views/plain.js";

/**
 * Escapes user text for an Adaptive Card TextBlock or Fact (both are Markdown): `[ ] ( ) * _ ~ \ < `` and list,
 * heading and quote markers at the start of a line get a backslash, so typed text never becomes a link, bold or a
 * list. Line breaks become paragraph breaks, since a single `\n` in a TextBlock renders as a space.
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text.replace(/\r\n?/g, "\n"))
    .replace(/^([ \t]*)([#>+=-])/gm, "$1\\$2")
    .replace(/^([ \t]*\d+)([.)])/gm, "$1\\$2")
    .replace(/\n+/g, "\n\n");
}

/** Escapes the characters that format or link anywhere in a line (for text inside a link label or after other words). */
function escapeInline(text: string): string {
  return text.replace(/[\\[\]()*_~<`]/g, "\\$&");
}

/**
 * Escapes user text for a Teams message (not a card): Markdown as in cards, and `&`, `<`, `>` as HTML entities,
 * since Teams also reads HTML tags in message text.
 */
export function escapeMessageText(text: string): string {
  return escapeMarkdown(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
}

/** A Markdown link; the label is escaped and characters that would end the address early are percent-encoded. */
export function markdownLink(url: string, label: string): string {
  return `[${escapeInline(label.replace(/\s+/g, " "))}](${safeLinkUrl(url)})`;
}

/**
 * A member's name as plain text: their display name, else their first ref. Concord does not send real Teams
 * mentions, so a name never notifies anyone.
 */
export function memberName(member: Member): string {
  if (member.displayName) return member.displayName;
  const first = member.refs[0];
  return first ? refName(first) : `member ${member.id}`;
}

/**
 * A user ref as plain text: the name of a known member holding it, the name part of `local:<name>`, else the ref
 * itself (`teams:…`, `slack:…`), which at least says who it is.
 */
export function refName(ref: UserRef, known: readonly Member[] = []): string {
  const member = known.find((candidate) => candidate.refs.includes(ref));
  if (member?.displayName) return member.displayName;
  if (ref.startsWith("local:")) return ref.slice("local:".length);
  return ref;
}

/** "2026-03-04 09:00 UTC": cards cannot show each reader's own time zone, so every date says it is UTC. */
export const formatDate = formatUtc;

/** A link in a Teams message (not a card): like `markdownLink`, with the label escaped for message text. */
export function messageLink(url: string, label: string): string {
  return `[${escapeInline(label.replace(/\s+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"))}](${safeLinkUrl(url)})`;
}

/** Percent-encodes what would end a Markdown link's address early. */
function safeLinkUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
