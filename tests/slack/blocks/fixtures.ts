import type { Button, KnownBlock, View } from "@slack/types";

export * from "../../fixtures/chat-views.js";

/** Text a user could type to make a bot post `@channel`, a disguised link and a mention. */
export const EVIL = "Ping <!channel> then <https://evil.example|click here> & thank <@U999>";

/** Every string a user could read in a payload (text objects, fields, labels), joined by newlines. */
export function visibleText(payload: { text?: string; blocks?: readonly unknown[] } | View): string {
  const out: string[] = [];
  if ("text" in payload && typeof payload.text === "string") out.push(payload.text);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "text" && typeof value === "string") out.push(value);
      else walk(value);
    }
  };
  walk(payload.blocks);
  if ("title" in payload) walk(payload.title);
  return out.join("\n");
}

/** The text Slack parses as mrkdwn (mrkdwn objects and the fallback `text`): where an injection would work. */
export function mrkdwnText(payload: { text?: string; blocks?: readonly unknown[] } | View): string {
  const out: string[] = [];
  if ("text" in payload && typeof payload.text === "string") out.push(payload.text);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as { type?: unknown; text?: unknown };
    if (record.type === "mrkdwn" && typeof record.text === "string") out.push(record.text);
    Object.values(node).forEach(walk);
  };
  walk(payload.blocks);
  return out.join("\n");
}

/** Every button in the blocks, in order. */
export function buttonsOf(blocks: readonly unknown[]): Button[] {
  const found: Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    if ((node as { type?: unknown }).type === "button") found.push(node as Button);
    Object.values(node).forEach(walk);
  };
  walk(blocks);
  return found;
}

export function blocksOfType<T extends KnownBlock["type"]>(blocks: readonly KnownBlock[], type: T): Extract<KnownBlock, { type: T }>[] {
  return blocks.filter((b): b is Extract<KnownBlock, { type: T }> => b.type === type);
}

/** A string of `length` characters made of words. */
export function words(length: number, word = "revenue"): string {
  let text = "";
  while (text.length < length) text += (text ? " " : "") + word;
  return text.slice(0, length);
}
