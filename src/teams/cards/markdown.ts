import { ICON_EMOJI, type Rich } from "../../views/model.js";
import { escapeMarkdown, escapeMessageText, formatDate, markdownLink, memberName, messageLink, refName } from "./text.js";

/** Where the Markdown goes: a card's TextBlock, or a Teams message, which also reads HTML. */
export type MarkdownTarget = "card" | "message";

const MARK = { bold: "**", italic: "_", code: "" } as const;

/**
 * Rich text as Teams Markdown: what someone typed escaped, members by name (Concord sends no Teams mentions), dates
 * in UTC. Concord's own line breaks become paragraph breaks, since a single newline renders as a space.
 */
export function toMarkdown(content: Rich, target: MarkdownTarget = "card"): string {
  const escape = target === "card" ? escapeMarkdown : escapeMessageText;
  return content
    .map((inline) => {
      switch (inline.kind) {
        case "words":
          return inline.text.replace(/\n+/g, "\n\n");
        case "text":
          return escape(inline.text);
        case "link":
          return target === "card" ? markdownLink(inline.url, inline.label) : messageLink(inline.url, inline.label);
        case "member":
          return escape(memberName(inline.member));
        case "ref":
          return escape(refName(inline.ref, inline.known));
        case "date":
          return formatDate(inline.date);
        case "command":
          // Help examples name owners as Slack writes them (<@U…>); in Teams that is an @mention.
          return `“${escape(inline.words.replace(/<@[A-Z0-9]+>/g, "@someone"))}”`;
        case "channel":
          return escape(inline.label);
        case "icon":
          return ICON_EMOJI[inline.icon];
        case "marked":
          return `${MARK[inline.mark]}${toMarkdown(inline.content, target)}${MARK[inline.mark]}`;
      }
    })
    .join("");
}

/** Rich text without its bold marks: a fact's title, which Teams already shows in bold. */
export function withoutBold(content: Rich): Rich {
  return content.flatMap((inline) => (inline.kind === "marked" && inline.mark === "bold" ? withoutBold(inline.content) : [inline]));
}
