import type { Member, UserRef } from "../../core/index.js";
import { formatList, formatRelative, percent, plural } from "../../commands/format.js";

export { formatList, formatRelative, percent, plural };

/** The label of the link `truncateMarkdown` appends when it cuts a definition. */
export const READ_MORE_LABEL = "Read the full definition";

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
 * User text as escaped Markdown of at most `max` characters of the original, cut on a word boundary with "…" and,
 * when `moreLink` is given, a link to the full text. Cutting before escaping means an escape is never split.
 */
export function truncateMarkdown(text: string, max: number, moreLink?: string, label = READ_MORE_LABEL): string {
  if (text.length <= max) return escapeMarkdown(text);
  const head = cutText(text, max - 1);
  return `${escapeMarkdown(head)}…${moreLink ? ` ${markdownLink(moreLink, label)}` : ""}`;
}

/** Shortens plain text (a button title, a choice, a TextRun) to `max` characters with "…". */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutText(text, max - 1)}…`;
}

/** The first `room` characters of text, on a word boundary when that keeps most of it, never splitting a surrogate pair. */
function cutText(text: string, room: number): string {
  let cut = Math.max(0, room);
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  let head = text.slice(0, cut);
  // One very long "word" (a URL, SQL) is cut hard rather than dropped whole.
  const boundary = head.search(/\s\S*$/u);
  if (boundary > cut / 2 && !/\s/u.test(text.charAt(cut))) head = head.slice(0, boundary);
  return head.trimEnd();
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
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

/** A member's name, escaped for a TextBlock. */
export function mentionMember(member: Member): string {
  return escapeMarkdown(memberName(member));
}

/** A user ref's name, escaped for a TextBlock. */
export function mentionRef(ref: UserRef, known: readonly Member[] = []): string {
  return escapeMarkdown(refName(ref, known));
}

/** "2026-03-04 09:00 UTC": cards cannot show each reader's own time zone, so every date says it is UTC. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A link in a Teams message (not a card): like `markdownLink`, with the label escaped for message text. */
export function messageLink(url: string, label: string): string {
  return `[${escapeInline(label.replace(/\s+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"))}](${safeLinkUrl(url)})`;
}

/** Percent-encodes what would end a Markdown link's address early. */
function safeLinkUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
