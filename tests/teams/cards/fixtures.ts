import { expect } from "vitest";
import type { AdaptiveCard } from "../../../src/teams/cards/index.js";
import { validateCard } from "./validate.js";

export * from "../../fixtures/chat-views.js";

/** Text a user could type to make a card show a disguised link, bold text and a heading. */
export const EVIL = "[click](https://evil.example) then **bold** and _italic_ ~strike~ \\ back";
/** The same, as the escaped Markdown a TextBlock must carry. */
export const ESCAPED_EVIL = "\\[click\\]\\(https://evil.example\\) then \\*\\*bold\\*\\* and \\_italic\\_ \\~strike\\~ \\\\ back";

/** Every string a user could read on a card: TextBlocks, facts, TextRuns, labels, placeholders, button titles. */
export function visibleText(card: { body: readonly unknown[]; actions?: readonly unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of ["text", "title", "value", "label", "placeholder"]) {
      if (typeof record[key] === "string") out.push(record[key]);
    }
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return out.join("\n");
}

/** The Markdown a card shows (TextBlocks and facts): where an injection would work. */
export function markdownText(card: { body: readonly unknown[]; actions?: readonly unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === "TextBlock" && typeof record.text === "string") out.push(record.text);
    if (record.type === "FactSet" && Array.isArray(record.facts)) {
      for (const fact of record.facts as { title: string; value: string }[]) out.push(fact.title, fact.value);
    }
    Object.values(record).forEach(walk);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return out.join("\n");
}

export interface FoundAction {
  readonly type: string;
  readonly title: string;
  readonly data?: unknown;
  readonly url?: string;
  readonly style?: string;
  readonly card?: { body: unknown[]; actions?: unknown[] };
}

/** Every action on a card, in order, including those in ActionSets and inside Action.ShowCard cards. */
export function actionsOf(card: { body: readonly unknown[]; actions?: readonly unknown[] }): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === "string" && record.type.startsWith("Action.")) found.push(record as unknown as FoundAction);
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return found;
}

/** Every element of a type on a card (inputs, RichTextBlocks, …), however deeply nested. */
export function elementsOfType(card: { body: readonly unknown[]; actions?: readonly unknown[] }, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === type) found.push(record);
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return found;
}

/** A string of `length` characters made of words. */
export function words(length: number, word = "revenue"): string {
  let text = "";
  while (text.length < length) text += (text ? " " : "") + word;
  return text.slice(0, length);
}

/** Teams refuses a message over 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

/** Asserts the official library finds nothing wrong with the card and that it fits in a Teams message. */
export function expectSoundCard(card: AdaptiveCard): AdaptiveCard {
  expect(validateCard(card)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  return card;
}

/** Markdown with every backslash escape removed: a formatting character left here would format. */
export function unescapedMarkdown(markdown: string): string {
  return markdown.replace(/\\[\s\S]/g, "");
}
