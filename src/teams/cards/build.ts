import type { Action } from "../../commands/actions.js";

/** An Adaptive Card as Teams takes it in an attachment (`CardFactory.adaptiveCard(card)`). */
export type AdaptiveCard = {
  type: "AdaptiveCard";
  version: "1.5";
  $schema: string;
  body: unknown[];
  actions?: unknown[];
  msteams?: { width: "Full" };
};

/** One body element or action: a JSON object with a `type`. */
export type CardElement = { readonly type: string } & { readonly [key: string]: unknown };

const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

/** Teams refuses a message over 28 KB: a list stops at this many bytes, leaving room for the rest of the card. */
export const LIST_BUDGET_BYTES = 16 * 1024;

/** A full-width schema 1.5 card; `actions` are left out when there are none. */
export function createCard(body: readonly CardElement[], actions: readonly CardElement[] = []): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    version: "1.5",
    $schema: CARD_SCHEMA,
    body: [...body],
    ...(actions.length > 0 ? { actions: [...actions] } : {}),
    msteams: { width: "Full" },
  };
}

export interface TextOptions {
  readonly size?: "Small" | "Default" | "Medium" | "Large" | "ExtraLarge";
  readonly weight?: "Lighter" | "Default" | "Bolder";
  readonly color?: "Default" | "Dark" | "Light" | "Accent" | "Good" | "Warning" | "Attention";
  readonly isSubtle?: boolean;
  readonly fontType?: "Default" | "Monospace";
  readonly spacing?: "None" | "Small" | "Default" | "Medium" | "Large" | "ExtraLarge";
  readonly separator?: boolean;
}

/** A wrapping TextBlock; `markdown` must already be escaped where it holds user text. */
export function textBlock(markdown: string, options: TextOptions = {}): CardElement {
  return { type: "TextBlock", text: markdown, wrap: true, ...options };
}

/** A card's title line. */
export function heading(markdown: string): CardElement {
  return textBlock(markdown, { size: "Large", weight: "Bolder" });
}

/** A small, subtle line: context under a heading, a legend, "…and N more". */
export function note(markdown: string, options: TextOptions = {}): CardElement {
  return textBlock(markdown, { size: "Small", isSubtle: true, spacing: "Small", ...options });
}

/** Label/value rows; both are Markdown and must be escaped. */
export function factSet(facts: readonly { readonly title: string; readonly value: string }[]): CardElement {
  return { type: "FactSet", facts: facts.map((fact) => ({ title: fact.title, value: fact.value })) };
}

/** A group of elements, optionally tinted (`attention` for objections) or separated from what is above. */
export function container(
  items: readonly CardElement[],
  options: { readonly style?: "default" | "emphasis" | "good" | "attention" | "warning" | "accent"; readonly separator?: boolean; readonly spacing?: TextOptions["spacing"] } = {},
): CardElement {
  return { type: "Container", items: [...items], ...options };
}

/** Buttons placed inside the body, under the element they belong to (one proposal of a list, say). */
export function actionSet(actions: readonly CardElement[]): CardElement {
  return { type: "ActionSet", actions: [...actions] };
}

/** A button that sends `data` (and the card's inputs) back to the bot. */
export function submitAction(
  title: string,
  data: Action,
  options: { readonly style?: "positive" | "destructive"; readonly associatedInputs?: "auto" | "none" } = {},
): CardElement {
  return { type: "Action.Submit", title, data, ...options };
}

/** A button that opens a page. */
export function openUrlAction(title: string, url: string): CardElement {
  return { type: "Action.OpenUrl", title, url };
}

/** A button that unfolds a small card under it (an objection box, say). */
export function showCardAction(title: string, body: readonly CardElement[], actions: readonly CardElement[]): CardElement {
  return { type: "Action.ShowCard", title, card: { type: "AdaptiveCard", body: [...body], actions: [...actions] } };
}

/** A TextRun of a RichTextBlock: plain text, never read as Markdown, so it needs no escaping. */
export interface TextRun {
  readonly type: "TextRun";
  readonly text: string;
  readonly weight?: "Bolder";
  readonly color?: "Good" | "Attention";
  readonly strikethrough?: boolean;
  readonly italic?: boolean;
}

/** A paragraph of differently styled runs (a diff). */
export function richTextBlock(inlines: readonly TextRun[]): CardElement {
  return { type: "RichTextBlock", inlines: [...inlines] };
}

/** The UTF-8 size of a value as JSON: what counts against Teams' message size limit. */
function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/**
 * Renders items in order while they fit both `maxItems` and `maxBytes` of JSON; `dropped` counts the rest, for an
 * "…and N more" line. At least one item is always kept.
 */
export function fitItems<T>(
  items: readonly T[],
  render: (item: T, index: number) => CardElement[],
  limits: { readonly maxItems: number; readonly maxBytes: number },
): { elements: CardElement[]; dropped: number } {
  const elements: CardElement[] = [];
  let bytes = 0;
  let shown = 0;
  for (const [index, item] of items.entries()) {
    if (shown >= limits.maxItems) break;
    const rendered = render(item, index);
    const size = byteSize(rendered);
    if (shown > 0 && bytes + size > limits.maxBytes) break;
    elements.push(...rendered);
    bytes += size;
    shown += 1;
  }
  return { elements, dropped: items.length - shown };
}
