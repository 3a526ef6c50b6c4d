import { ICON_EMOJI, type Rich } from "../../views/model.js";
import { formatUtc } from "../../views/plain.js";
import { html, join, raw, type Html } from "./html.js";

/** How a page names what the rich text links to and who it names. */
export interface RichHtmlOptions {
  /** Links open in a new tab (the console, whose page is a chat's stand-in). */
  readonly newTab?: boolean;
  /** How a member known only by a ref is named ("local:sam" as "sam" in the console); the ref itself by default. */
  readonly name?: (ref: string) => string;
}

/**
 * A line of the views' rich text as page markup, so a page shows what chat shows in the same words: every text
 * escaped, links as ordinary links (the caller gives the view the pages' own addresses), people by name.
 */
export function richHtml(content: Rich, options: RichHtmlOptions = {}): Html {
  const name = options.name ?? ((ref: string) => ref);
  return join(
    content.map((piece): Html | string => {
      switch (piece.kind) {
        case "words":
        case "text":
          return join(piece.text.split("\n"), raw("<br>"));
        case "link":
          return options.newTab
            ? html`<a href="${piece.url}" target="_blank" rel="noopener">${piece.label}</a>`
            : html`<a href="${piece.url}">${piece.label}</a>`;
        case "member":
          return piece.member.displayName ?? name(piece.member.refs[0] ?? `member ${piece.member.id}`);
        case "ref":
          return piece.known.find((m) => m.refs.includes(piece.ref))?.displayName ?? name(piece.ref);
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
          return html`${raw(`<${tag}>`)}${richHtml(piece.content, options)}${raw(`</${tag}>`)}`;
        }
      }
    }),
  );
}
