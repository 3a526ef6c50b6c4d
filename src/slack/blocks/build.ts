import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import { truncate, truncatePlain } from "./text.js";

/** Slack's limits that the renderers shape their output to (checkBlockLimits enforces the same numbers). */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  id: 255,
  buttonValue: 2000,
  actionsElements: 25,
  optionText: 75,
  optionValue: 150,
  options: 100,
  inputLabel: 2000,
  placeholder: 150,
  textInput: 3000,
  viewTitle: 24,
  messageText: 40000,
  privateMetadata: 3000,
} as const;

/**
 * Mrkdwn with Slack's own parsing off (`verbatim`), so bare URLs, channel names and `@here` in user text stay text;
 * the links and mentions Concord writes itself (`<url|…>`, `<@U…>`) still work.
 */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

export function plainText(text: string): PlainTextElement {
  return { type: "plain_text", text, emoji: true };
}

/** A section of mrkdwn, cut to the section limit (with a link to the full text when given). */
export function section(text: string, moreLink?: string, label?: string): SectionBlock {
  return { type: "section", text: mrkdwn(truncate(text, LIMITS.sectionText, moreLink, label)) };
}

/** A section of label/value fields (at most ten, each cut to the field limit). */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: "section",
    fields: fields.slice(0, LIMITS.fields).map((field) => mrkdwn(truncate(field, LIMITS.fieldText))),
  };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plainText(truncatePlain(text, LIMITS.headerText)) };
}

/** A context line of mrkdwn elements (at most ten). */
export function context(...texts: string[]): ContextBlock {
  return {
    type: "context",
    elements: texts.slice(0, LIMITS.contextElements).map((text) => mrkdwn(truncate(text, LIMITS.sectionText))),
  };
}

export function divider(): DividerBlock {
  return { type: "divider" };
}

export function actions(elements: ActionsBlockElement[], blockId?: string): ActionsBlock {
  return { type: "actions", elements: elements.slice(0, LIMITS.actionsElements), ...(blockId ? { block_id: blockId } : {}) };
}

/** A button; `url` makes it a link button. */
export function button(input: {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: "primary" | "danger";
}): Button {
  return {
    type: "button",
    text: plainText(truncatePlain(input.text, LIMITS.buttonText)),
    action_id: input.actionId,
    ...(input.value === undefined ? {} : { value: input.value }),
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.style === undefined ? {} : { style: input.style }),
  };
}

/**
 * Packs lines into as few sections as the text limit allows, at most `maxBlocks` of them; lines that do not fit
 * are dropped and counted in a last line built by `more(n)`.
 */
export function packLines(lines: readonly string[], maxBlocks: number, more: (dropped: number) => string): SectionBlock[] {
  const limit = LIMITS.sectionText;
  const texts: string[] = [];
  let current = "";
  let index = 0;
  for (; index < lines.length; index++) {
    const line = truncate(lines[index]!, limit);
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (texts.length + 1 >= maxBlocks) break;
    texts.push(current);
    current = line;
  }
  const dropped = lines.length - index;
  if (dropped > 0) {
    const note = more(dropped);
    current = current.length + note.length + 1 <= limit ? `${current}\n${note}` : `${truncate(current, limit - note.length - 1)}\n${note}`;
  }
  if (current !== "") texts.push(current);
  return texts.map((text) => ({ type: "section", text: mrkdwn(text) }));
}
