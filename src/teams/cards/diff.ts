import type { DiffPart } from "../../core/text/index.js";
import { richTextBlock, type CardElement, type TextRun } from "./build.js";

/** Says how to read a rendered diff, for the line under it. */
export const DIFF_LEGEND = "Changes: removed words are struck through (red), added words are bold (green).";

/**
 * A word diff as a RichTextBlock: removed words struck through in red, added words bold in green, unchanged words
 * plain. TextRuns are never read as Markdown, so the text goes in unescaped. At most `maxChars` characters and
 * `maxRuns` runs are shown; `truncated` says when the rest was cut (the caller links to the full page).
 */
export function renderDiffBlock(
  parts: readonly DiffPart[],
  limits: { readonly maxChars: number; readonly maxRuns: number },
): { block: CardElement; truncated: boolean } {
  const runs: TextRun[] = [];
  let chars = 0;
  let truncated = false;

  const push = (kind: DiffPart["kind"], text: string) => {
    if (text === "") return;
    const last = runs.at(-1);
    if (kind === "same" && last && isPlain(last)) {
      runs[runs.length - 1] = { ...last, text: last.text + text };
      return;
    }
    // A replacement ("24" → "12") would read "2412": keep a space between two changed words that touch.
    if (kind !== "same" && last && !isPlain(last) && /\S$/u.test(last.text) && /^\S/u.test(text)) push("same", " ");
    runs.push(run(kind, text));
  };

  for (const part of parts) {
    const room = limits.maxChars - chars;
    if (room <= 0 || runs.length >= limits.maxRuns) {
      truncated = true;
      break;
    }
    const text = part.text.length > room ? `${part.text.slice(0, room).trimEnd()}` : part.text;
    if (part.kind === "same") push("same", text);
    else {
      // Surrounding spaces stay plain: a struck-through space only looks like a stray line.
      const match = /^(\s*)([\s\S]*?)(\s*)$/u.exec(text);
      push("same", match?.[1] ?? "");
      push(part.kind, match?.[2] ?? text);
      push("same", match?.[3] ?? "");
    }
    chars += text.length;
    if (text.length < part.text.length) {
      truncated = true;
      break;
    }
  }
  if (truncated) push("same", " …");
  if (runs.length === 0) runs.push(run("same", "(no change in wording)"));
  return { block: richTextBlock(runs), truncated };
}

function run(kind: DiffPart["kind"], text: string): TextRun {
  if (kind === "added") return { type: "TextRun", text, weight: "Bolder", color: "Good" };
  if (kind === "removed") return { type: "TextRun", text, strikethrough: true, color: "Attention" };
  return { type: "TextRun", text };
}

function isPlain(textRun: TextRun): boolean {
  return textRun.weight === undefined && textRun.strikethrough !== true;
}
