import { ICON_EMOJI, type Rich } from "../../views/model.js";
import { formatUtc } from "../../views/plain.js";
import { html, join, raw, type Html } from "./html.js";

/**
 * A line of the views' rich text as page markup, so a page shows what chat shows in the same words: every text
 * escaped, links as ordinary links (the caller gives the view the pages' own addresses), people by name.
 */
export function richHtml(content: Rich): Html {
  return join(
    content.map((piece): Html | string => {
      switch (piece.kind) {
        case "words":
        case "text":
          return join(piece.text.split("\n"), raw("<br>"));
        case "link":
          return html`<a href="${piece.url}">${piece.label}</a>`;
        case "member":
          return piece.member.displayName ?? piece.member.refs[0] ?? `member ${piece.member.id}`;
        case "ref":
          return piece.known.find((m) => m.refs.includes(piece.ref))?.displayName ?? piece.ref;
        case "date":
          return html`<time datetime="${piece.date.toISOString()}">${formatUtc(piece.date)}</time>`;
        case "command":
          return html`<code>${piece.words}</code>`;
        case "channel":
          return piece.label;
        case "icon":
          return ICON_EMOJI[piece.icon];
        case "marked": {
          const tag = piece.mark === "bold" ? "strong" : piece.mark === "italic" ? "em" : "code";
          return html`${raw(`<${tag}>`)}${richHtml(piece.content)}${raw(`</${tag}>`)}`;
        }
      }
    }),
  );
}
