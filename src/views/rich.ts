import type { Member, Platform, UserRef } from "../core/index.js";
import type { Icon, Inline, Rich } from "./model.js";

/** What a rich template takes: text someone typed (a string), Concord's numbers, or rich text. */
type Part = string | number | Inline | Rich;

/**
 * Rich text from a template: the literal parts are Concord's own words; an interpolated string is text someone
 * typed, escaped by every face; interpolated rich text is kept as it is.
 *
 *     rich`No term ${bold(query)} in the glossary.`
 */
export function rich(strings: TemplateStringsArray, ...parts: readonly Part[]): Rich {
  const out: Inline[] = [];
  strings.forEach((literal, i) => {
    if (literal !== "") out.push({ kind: "words", text: literal });
    if (i < parts.length) out.push(...toRich(parts[i]!));
  });
  return out;
}

function toRich(part: Part): Rich {
  if (typeof part === "string") return part === "" ? [] : [{ kind: "text", text: part }];
  if (typeof part === "number") return [{ kind: "words", text: String(part) }];
  return Array.isArray(part) ? part : [part as Inline];
}

/** Concord's own words. */
export function words(text: string): Rich {
  return text === "" ? [] : [{ kind: "words", text }];
}

/** Text someone typed. */
export function text(value: string): Rich {
  return toRich(value);
}

/** Stressed words. */
export function bold(content: Part): Rich {
  return [{ kind: "marked", mark: "bold", content: toRich(content) }];
}

/** Words set apart (a sub-title, a note). */
export function italic(content: Part): Rich {
  return [{ kind: "marked", mark: "italic", content: toRich(content) }];
}

/** Inline code (a slug); faces without inline code show it plain. */
export function code(content: Part): Rich {
  return [{ kind: "marked", mark: "code", content: toRich(content) }];
}

/** A link to a page; its label is text someone may have typed, so it is escaped. */
export function link(url: string, label: string): Rich {
  return [{ kind: "link", url, label }];
}

/** A member, mentioned where the face can. */
export function member(who: Member): Rich {
  return [{ kind: "member", member: who }];
}

/** A user ref, by name when one of `known` holds it. */
export function ref(userRef: UserRef, known: readonly Member[] = []): Rich {
  return [{ kind: "ref", ref: userRef, known }];
}

/** A moment, in each reader's time zone where the face can. */
export function date(moment: Date): Rich {
  return [{ kind: "date", date: moment }];
}

/** Words to send Concord, as the face's users type them. */
export function command(commandWords: string): Rich {
  return [{ kind: "command", words: commandWords }];
}

/** A small picture, drawn the face's way. */
export function icon(name: Icon): Rich {
  return [{ kind: "icon", icon: name }];
}

/** A channel, linked where the face can, else described by `label`. */
export function channel(platform: Platform, id: string, label: string): Rich {
  return [{ kind: "channel", platform, id, label }];
}

/** Pieces of rich text joined by `separator` (Concord's words). */
export function join(items: readonly Rich[], separator: string): Rich {
  return items.flatMap((item, i) => (i === 0 ? item : [...words(separator), ...item]));
}

/** "A", "A and B", "A, B and C". */
export function listOf(items: readonly Rich[]): Rich {
  if (items.length <= 1) return items[0] ?? [];
  return [...join(items.slice(0, -1), ", "), ...words(" and "), ...items.at(-1)!];
}

/** The characters of what the rich text says (its words, texts and link labels), for budgets and plain lines. */
function plainLength(content: Rich): number {
  let length = 0;
  for (const inline of content) {
    if (inline.kind === "words" || inline.kind === "text") length += inline.text.length;
    else if (inline.kind === "link") length += inline.label.length;
    else if (inline.kind === "marked") length += plainLength(inline.content);
    else length += 8;
  }
  return length;
}

/**
 * The first `max` characters of rich text, cut on a word boundary inside the text that overflows (never inside a
 * link, a mention or a surrogate pair); `cut` says whether anything was left out.
 */
function cutRich(content: Rich, max: number): { readonly content: Rich; readonly cut: boolean } {
  let room = max;
  const out: Inline[] = [];
  for (const inline of content) {
    if (inline.kind === "words" || inline.kind === "text") {
      if (inline.text.length <= room) {
        out.push(inline);
        room -= inline.text.length;
        continue;
      }
      const head = cutText(inline.text, room);
      if (head !== "") out.push({ ...inline, text: head });
      return { content: out, cut: true };
    }
    if (inline.kind === "marked") {
      const inner = cutRich(inline.content, room);
      if (inner.content.length > 0) out.push({ ...inline, content: inner.content });
      if (inner.cut) return { content: out, cut: true };
      room -= plainLength(inline.content);
      continue;
    }
    const size = plainLength([inline]);
    if (size > room) return { content: out, cut: true };
    out.push(inline);
    room -= size;
  }
  return { content: out, cut: false };
}

/** The first `room` characters of text, on a word boundary when that keeps most of it, never splitting a surrogate pair. */
export function cutText(value: string, room: number): string {
  let cut = Math.max(0, room);
  if (isHighSurrogate(value.charCodeAt(cut - 1))) cut -= 1;
  let head = value.slice(0, cut);
  // One very long "word" (a URL, SQL) is cut hard rather than dropped whole.
  const boundary = head.search(/\s\S*$/u);
  if (boundary > cut / 2 && !/\s/u.test(value.charAt(cut))) head = head.slice(0, boundary);
  return head.trimEnd();
}

/** Plain text shortened to `max` characters with "…" (titles, button labels, choices). */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = max - 1;
  if (isHighSurrogate(value.charCodeAt(cut - 1))) cut -= 1;
  return `${value.slice(0, cut).trimEnd()}…`;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** The rich text as the cut allows: past `cut.max` characters, cut with "…" and a link to the rest when there is one. */
export function applyCut(content: Rich, cut: { readonly max: number; readonly more?: { readonly url: string; readonly label: string } } | undefined): Rich {
  if (!cut || plainLength(content) <= cut.max) return content;
  const head = cutRich(content, cut.max - 1).content;
  return [...head, ...words("…"), ...(cut.more ? [...words(" "), ...link(cut.more.url, cut.more.label)] : [])];
}
