import type { Member, UserRef } from "../../core/index.js";
import type { DiffPart } from "../../core/text/index.js";
import { READ_MORE_LABEL } from "../../views/lookup.js";

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to, so text a user typed can never become a mention,
 * a link or `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Shortens mrkdwn to at most `max` characters (UTF-16 units, which never undercount what Slack counts), cutting on a
 * word boundary with "…" and, when `moreLink` is given, a link to the full text. The cut never splits an escape
 * such as `&amp;`, a `<…>` token or a surrogate pair.
 */
export function truncate(text: string, max: number, moreLink?: string, label = READ_MORE_LABEL): string {
  if (text.length <= max) return text;
  const suffix = moreLink ? `… ${link(moreLink, label)}` : "…";
  const room = max - suffix.length;
  if (room <= 0) return "…".slice(0, Math.max(0, max));
  let cut = room;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  let head = text.slice(0, cut);
  // Only take the word boundary when it keeps most of the room: one very long "word" (a URL, SQL) is cut hard.
  const boundary = head.search(/\s\S*$/u);
  if (boundary > room / 2 && !/\s/u.test(text.charAt(cut))) head = head.slice(0, boundary);
  head = head.replace(/&[#a-z0-9]*$/i, "");
  const open = head.lastIndexOf("<");
  if (open > head.lastIndexOf(">")) head = head.slice(0, open);
  return `${head.trimEnd()}${suffix}`;
}

/** Shortens plain text (a header, a button label, an option) to `max` characters with "…". */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

const SLACK_REF = /^slack:([^:\s]+):([UW][A-Z0-9]{2,})$/;

/** A user ref as Slack shows it: `slack:T:U` becomes the mention `<@U>`, any other ref stays escaped plain text. */
export function mention(ref: UserRef): string {
  const match = SLACK_REF.exec(ref);
  if (match) return `<@${match[2]}>`;
  return escapeMrkdwn(ref);
}

/** A member as Slack shows them: a mention when they have a Slack identity, else their name or first ref. */
export function mentionMember(member: Member): string {
  const slackRef = member.refs.find((ref) => SLACK_REF.test(ref));
  if (slackRef) return mention(slackRef);
  if (member.displayName) return escapeMrkdwn(member.displayName);
  const first = member.refs[0];
  return first ? mention(first) : `member ${member.id}`;
}

/** A Slack channel id as a channel link (`<#C123>`); anything else as escaped text. */
export function channelLink(channelId: string): string {
  return /^[CG][A-Z0-9]{2,}$/.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** A mrkdwn link; the label is escaped, and characters that would end the link early are percent-encoded. */
export function link(url: string, label: string): string {
  const safeUrl = url.replace(/[|<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, "¦")}>`;
}

/** Each line of mrkdwn as a block quote. */
export function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

/** Mrkdwn in a code block; the text must already be escaped. */
export function codeBlock(text: string): string {
  return `\`\`\`${text.replace(/```/g, "`\u200b``")}\`\`\``;
}

/** A date shown in each reader's own time zone (Slack's date token), with a UTC fallback. */
export function formatDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** A word diff as mrkdwn: removed words struck through (`~…~`), added words bold (`*…*`), all text escaped. */
export function formatDiff(parts: readonly DiffPart[]): string {
  let out = "";
  for (const part of parts) {
    const text = escapeMrkdwn(part.text);
    if (part.kind === "same") {
      out += text;
      continue;
    }
    // A replacement ("24" → "12") reads "~24~ *12*": Slack only formats marks that touch a space or punctuation.
    if (/\S$/u.test(out) && /^\S/u.test(text) && /[*~]$/u.test(out)) out += " ";
    out += wrapLines(text, part.kind === "added" ? "*" : "~");
  }
  return out;
}

/** Wraps each line's words in a formatting mark, leaving the surrounding spaces outside (Slack ignores `* x*`). */
function wrapLines(text: string, mark: string): string {
  return text
    .split("\n")
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/su.exec(line);
      if (!match || match[2] === "") return line;
      return `${match[1]}${mark}${match[2]}${mark}${match[3]}`;
    })
    .join("\n");
}
