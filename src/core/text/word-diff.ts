import { diffWords as diffWordTokens } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** Word-level diff from `before` to `after`; adjacent parts of one kind are merged and whitespace-only changes ignored. */
export function diffWords(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffWordTokens(before, after)) {
    if (change.value === "") continue;
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

/** Counts the added and removed words (whitespace-separated runs, so a changed comma counts as one). */
export function diffStats(parts: readonly DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === "added") added += countWords(part.text);
    else if (part.kind === "removed") removed += countWords(part.text);
  }
  return { added, removed };
}

function countWords(text: string): number {
  return text.match(/\S+/gu)?.length ?? 0;
}
