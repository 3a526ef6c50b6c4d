import type { DiffPart } from "../core/text/index.js";
import { ICON_EMOJI, type Rich } from "./model.js";

/** "2026-03-04 09:00 UTC": a moment where a face cannot show each reader's own time zone. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Rich text as plain words (a notification line, a label): names for members, link labels, UTC dates. */
export function plainText(content: Rich): string {
  return content
    .map((inline) => {
      switch (inline.kind) {
        case "words":
        case "text":
          return inline.text;
        case "link":
          return inline.label;
        case "member":
          return inline.member.displayName ?? inline.member.refs[0] ?? `member ${inline.member.id}`;
        case "ref":
          return inline.known.find((m) => m.refs.includes(inline.ref))?.displayName ?? inline.ref.replace(/^local:/, "");
        case "date":
          return formatUtc(inline.date);
        case "command":
          return `“${inline.words}”`;
        case "channel":
          return inline.label;
        case "icon":
          return ICON_EMOJI[inline.icon];
        case "marked":
          return plainText(inline.content);
      }
    })
    .join("");
}

/**
 * The first `max` characters of a word diff; `cut` says whether the rest was left out. A part that overflows is
 * cut short, so the shown text never exceeds `max`.
 */
export function cutDiff(parts: readonly DiffPart[], max: number): { readonly parts: DiffPart[]; readonly cut: boolean } {
  const out: DiffPart[] = [];
  let room = max;
  for (const part of parts) {
    if (room <= 0) return { parts: out, cut: true };
    if (part.text.length <= room) {
      out.push(part);
      room -= part.text.length;
      continue;
    }
    const head = part.text.slice(0, room).trimEnd();
    if (head !== "") out.push({ kind: part.kind, text: head });
    return { parts: out, cut: true };
  }
  return { parts: out, cut: false };
}
