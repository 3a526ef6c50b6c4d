import type { AnyBlock, PlainTextElement } from "@slack/types";
import { LIMITS } from "./build.js";

/** Where a payload is shown; messages hold fewer blocks than modals and the App Home. */
export type Surface = "message" | "modal" | "home";

/** A message (`text`, `blocks`) or a view (`blocks`, `title`, `submit`, …): a `View` can be passed as it is. */
export interface LimitPayload {
  readonly blocks?: readonly AnyBlock[];
  readonly text?: string;
  readonly title?: PlainTextElement;
  readonly submit?: PlainTextElement;
  readonly close?: PlainTextElement;
  readonly private_metadata?: string;
  readonly callback_id?: string;
}

type Node = Record<string, unknown>;

/**
 * Every Block Kit limit the payload breaks, each as a sentence naming where; empty when Slack will accept it.
 * Walks every nested element, so a select inside an input inside a modal is checked like a top-level button.
 */
export function checkBlockLimits(payload: LimitPayload, surface: Surface): string[] {
  const problems: string[] = [];
  const atMost = (what: string, length: number, max: number) => {
    if (length > max) problems.push(`${what} is ${length} characters long; Slack allows at most ${max}.`);
  };
  const countAtMost = (what: string, count: number, max: number, noun: string) => {
    if (count > max) problems.push(`${what} has ${count} ${noun}; Slack allows at most ${max}.`);
  };

  const blocks = payload.blocks ?? [];
  const maxBlocks = surface === "message" ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  countAtMost(`The ${surface}`, blocks.length, maxBlocks, "blocks");
  if (payload.text !== undefined) atMost("The message text (the notification fallback)", payload.text.length, LIMITS.messageText);
  if (surface === "modal") {
    if (!payload.title) problems.push("The modal has no title; Slack requires one.");
    else atMost("The modal title", payload.title.text.length, LIMITS.viewTitle);
    if (payload.submit) atMost("The modal submit button", payload.submit.text.length, LIMITS.viewTitle);
    if (payload.close) atMost("The modal close button", payload.close.text.length, LIMITS.viewTitle);
    if (!payload.submit && blocks.some((block) => block.type === "input")) {
      problems.push("The modal has input blocks but no submit button; Slack requires one.");
    }
  }
  if (payload.private_metadata !== undefined) atMost("The private_metadata", payload.private_metadata.length, LIMITS.privateMetadata);
  if (payload.callback_id !== undefined) atMost("The callback_id", payload.callback_id.length, LIMITS.id);

  const textOf = (value: unknown): string | undefined =>
    isNode(value) && typeof value.text === "string" ? value.text : undefined;

  const checkOption = (option: unknown, where: string) => {
    if (!isNode(option)) return;
    const text = textOf(option.text);
    if (text !== undefined) atMost(`The option text at ${where}`, text.length, LIMITS.optionText);
    if (typeof option.value === "string") atMost(`The option value at ${where}`, option.value.length, LIMITS.optionValue);
  };

  const checkNode = (node: Node, where: string) => {
    const type = typeof node.type === "string" ? node.type : undefined;
    const label = type ? `${where} (${type})` : where;
    if (typeof node.block_id === "string") atMost(`The block_id at ${label}`, node.block_id.length, LIMITS.id);
    if (typeof node.action_id === "string") atMost(`The action_id at ${label}`, node.action_id.length, LIMITS.id);
    const placeholder = textOf(node.placeholder);
    if (placeholder !== undefined) atMost(`The placeholder at ${label}`, placeholder.length, LIMITS.placeholder);

    switch (type) {
      case "section": {
        const text = textOf(node.text);
        const fields = Array.isArray(node.fields) ? node.fields : undefined;
        if (text !== undefined) {
          atMost(`The section text at ${where}`, text.length, LIMITS.sectionText);
          if (text.length === 0) problems.push(`The section text at ${where} is empty; Slack needs at least one character.`);
        }
        if (text === undefined && !fields) problems.push(`The section at ${where} has neither text nor fields.`);
        if (fields) {
          countAtMost(`The section at ${where}`, fields.length, LIMITS.fields, "fields");
          fields.forEach((field, i) => {
            const fieldText = textOf(field);
            if (fieldText !== undefined) atMost(`The section field at ${where}.fields[${i}]`, fieldText.length, LIMITS.fieldText);
          });
        }
        break;
      }
      case "header": {
        const text = textOf(node.text) ?? "";
        atMost(`The header text at ${where}`, text.length, LIMITS.headerText);
        if (text.length === 0) problems.push(`The header at ${where} is empty; Slack needs at least one character.`);
        break;
      }
      case "context":
        if (Array.isArray(node.elements)) countAtMost(`The context at ${where}`, node.elements.length, LIMITS.contextElements, "elements");
        break;
      case "actions":
        if (Array.isArray(node.elements)) countAtMost(`The actions block at ${where}`, node.elements.length, LIMITS.actionsElements, "elements");
        break;
      case "input": {
        const text = textOf(node.label) ?? "";
        atMost(`The input label at ${where}`, text.length, LIMITS.inputLabel);
        const hint = textOf(node.hint);
        if (hint !== undefined) atMost(`The input hint at ${where}`, hint.length, LIMITS.inputLabel);
        break;
      }
      case "button": {
        const text = textOf(node.text) ?? "";
        atMost(`The button text at ${where}`, text.length, LIMITS.buttonText);
        if (text.length === 0) problems.push(`The button at ${where} has no text.`);
        if (typeof node.value === "string") atMost(`The button value at ${where}`, node.value.length, LIMITS.buttonValue);
        if (typeof node.url === "string") atMost(`The button url at ${where}`, node.url.length, 3000);
        break;
      }
      case "plain_text_input": {
        if (typeof node.max_length === "number" && node.max_length > LIMITS.textInput) {
          problems.push(`The text input at ${where} allows ${node.max_length} characters; Slack allows at most ${LIMITS.textInput}.`);
        }
        if (typeof node.initial_value === "string") {
          const max = typeof node.max_length === "number" ? Math.min(node.max_length, LIMITS.textInput) : LIMITS.textInput;
          atMost(`The initial value of the text input at ${where}`, node.initial_value.length, max);
        }
        break;
      }
    }

    if (Array.isArray(node.options)) {
      countAtMost(`The element at ${label}`, node.options.length, LIMITS.options, "options");
      node.options.forEach((option, i) => checkOption(option, `${where}.options[${i}]`));
    }
    if (Array.isArray(node.option_groups)) {
      countAtMost(`The element at ${label}`, node.option_groups.length, LIMITS.options, "option groups");
      node.option_groups.forEach((group, g) => {
        if (!isNode(group) || !Array.isArray(group.options)) return;
        countAtMost(`The option group at ${where}.option_groups[${g}]`, group.options.length, LIMITS.options, "options");
        group.options.forEach((option, i) => checkOption(option, `${where}.option_groups[${g}].options[${i}]`));
      });
    }
    if (Array.isArray(node.initial_options)) {
      node.initial_options.forEach((option, i) => checkOption(option, `${where}.initial_options[${i}]`));
    }
    if (isNode(node.initial_option)) checkOption(node.initial_option, `${where}.initial_option`);
  };

  const walk = (value: unknown, where: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${where}[${i}]`));
      return;
    }
    if (!isNode(value)) return;
    checkNode(value, where);
    for (const [key, child] of Object.entries(value)) {
      if (key === "options" || key === "option_groups" || key === "initial_options" || key === "initial_option") continue;
      if (typeof child === "object" && child !== null) walk(child, `${where}.${key}`);
    }
  };
  walk(blocks, "blocks");
  return problems;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
