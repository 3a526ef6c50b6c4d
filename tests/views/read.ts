import type { Block, Rich, View } from "../../src/views/index.js";
import { applyCut, cutDiff, formatUtc, ICON_EMOJI } from "../../src/views/index.js";

/**
 * What a person reads in a view, face aside: plain lines, links as [label](url), members by name, dates in UTC,
 * commands in quotes, diffs as [-removed-] and {+added+}, buttons as [label].
 */
export function read(view: View): string {
  const lines = view.kind === "form" ? [view.title, ...blocks(view.blocks), ...view.fields.map(readField), `[${view.submit.label}]`] : blocks(view.blocks);
  return lines.join("\n");
}

/** The lines of a view's blocks. */
export function blocks(list: readonly Block[]): string[] {
  return list.flatMap(block);
}

function readField(field: Extract<View, { kind: "form" }>["fields"][number]): string {
  if (field.kind === "choices") return `${field.label}: ${field.choices.map((c) => c.label).join(" | ")}`;
  return `${field.label}${field.required ? " (required)" : ""}: ${field.value ?? ""}`;
}

function block(b: Block): string[] {
  switch (b.kind) {
    case "header":
      return [inline(b.text)];
    case "text":
      return [...(b.lead ? [inline(b.lead)] : []), inline(applyCut(b.text, b.cut))];
    case "note":
      return [inline(b.text)];
    case "facts": {
      const shown = b.facts.slice(0, b.max ?? b.facts.length);
      const hidden = b.facts.length - shown.length;
      return [...shown.map((f) => `${inline(f.label)}: ${inline(f.value)}`), ...(hidden > 0 && b.more ? [inline(b.more(hidden))] : [])];
    }
    case "list": {
      const shown = b.items.slice(0, b.max);
      const hidden = (b.total ?? b.items.length) - shown.length;
      const marker = (i: number) => (b.marker === "bullet" ? "• " : b.marker === "number" ? `${i + 1}. ` : "");
      return [
        ...(b.title ? [inline(b.title)] : []),
        ...shown.flatMap((item, i) => {
          const [first = "", ...rest] = block(item);
          return [`${marker(i)}${first}`, ...rest];
        }),
        ...(hidden > 0 ? [inline(b.more(hidden))] : []),
      ];
    }
    case "diff": {
      const shown = cutDiff(b.parts, b.cut.max);
      const text = shown.parts.map((p) => (p.kind === "added" ? `{+${p.text}+}` : p.kind === "removed" ? `[-${p.text}-]` : p.text)).join("");
      return [shown.cut ? `${text}… [${b.cut.more?.label ?? ""}](${b.cut.more?.url ?? ""})` : text];
    }
    case "legend":
      return [`(how changes are marked)${b.text ? ` ${inline(b.text)}` : ""}`];
    case "chart":
      return [`${b.label}: ${b.value} ${b.scale}${b.note ? ` — ${b.note}` : ` (${b.level}) · ${b.change}${b.trend ? ` · ${b.trend}` : ""}`}`];
    case "divider":
      return ["---"];
    case "group":
      return blocks(b.blocks);
    case "buttons":
      return [b.buttons.map((button) => ("url" in button ? `[${button.label}](${button.url})` : `[${button.label}]`)).join(" ")];
    case "votes":
      return ["[Approve] [Object] [Abstain]"];
    case "search":
      return [`[${b.label}: ${b.value ?? ""}]`];
  }
}

function inline(content: Rich): string {
  return content
    .map((piece) => {
      switch (piece.kind) {
        case "words":
        case "text":
          return piece.text;
        case "link":
          return `[${piece.label}](${piece.url})`;
        case "member":
          return piece.member.displayName ?? piece.member.refs[0] ?? `member ${piece.member.id}`;
        case "ref":
          return piece.known.find((m) => m.refs.includes(piece.ref))?.displayName ?? piece.ref;
        case "date":
          return formatUtc(piece.date);
        case "command":
          return `“${piece.words}”`;
        case "channel":
          return piece.label;
        case "icon":
          return ICON_EMOJI[piece.icon];
        case "marked":
          return inline(piece.content);
      }
    })
    .join("");
}
