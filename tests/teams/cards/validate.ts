import { createRequire } from "node:module";
import { JSDOM } from "jsdom";

type AdaptiveCardsModule = typeof import("adaptivecards");

const require = createRequire(import.meta.url);
let loaded: AdaptiveCardsModule | undefined;

/** The DOM names the adaptivecards UMD build touches when it loads and parses (it never renders here). */
const DOM_GLOBALS = ["window", "document", "navigator", "HTMLElement", "Element", "Node", "DOMParser", "getComputedStyle", "MutationObserver"];

/** Loads the official renderer once, with jsdom standing in for the browser it expects. */
function adaptiveCards(): AdaptiveCardsModule {
  if (loaded) return loaded;
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  const scope = globalThis as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const name of DOM_GLOBALS) {
    if (scope[name] === undefined) scope[name] = name === "window" ? dom.window : window[name];
  }
  loaded = require("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsModule;
  return loaded;
}

/**
 * Every problem the official Adaptive Cards library finds in a card targeting schema 1.5 (what Teams renders), as
 * sentences: parse events (unknown element or action types, elements newer than 1.5, bad values) and validation
 * failures (missing required properties, duplicate ids, empty choice sets, inputs without labels, …). Empty when
 * the card is sound.
 */
export function validateCard(card: unknown): string[] {
  const AC = adaptiveCards();
  const problems: string[] = [];
  if (!isRecord(card)) return ["The card is not a JSON object."];
  if (card.type !== "AdaptiveCard") problems.push(`The card's type is ${JSON.stringify(card.type)}, not "AdaptiveCard".`);
  if (card.version !== "1.5") problems.push(`The card's version is ${JSON.stringify(card.version)}; Teams renders up to 1.5.`);

  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`While parsing: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  const results = parsed.validateProperties();
  for (const event of results.validationEvents) {
    problems.push(`While validating: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const [id, count] of Object.entries(results.allIds)) {
    if (count > 1 && !problems.some((p) => p.includes(`"${id}"`))) problems.push(`The id "${id}" is used ${count} times.`);
  }
  problems.push(...droppedProperties(card, parsed.toJSON(context)));
  problems.push(...missingText(card));
  return problems;
}

/** Teams' own extension of the card, which the library does not model. */
const TEAMS_EXTENSIONS = new Set(["msteams"]);

/**
 * Properties the library dropped when it read the card back: misspelt (`isMultiselect`) or not in schema 1.5, so
 * Teams would ignore them too. Submit `data` is free-form and not compared.
 */
function droppedProperties(card: Record<string, unknown>, roundTrip: unknown): string[] {
  const problems: string[] = [];
  const compare = (original: unknown, kept: unknown, where: string) => {
    if (Array.isArray(original)) {
      if (!Array.isArray(kept)) return;
      original.forEach((item, i) => compare(item, kept[i], `${where}[${i}]`));
      return;
    }
    if (!isRecord(original) || !isRecord(kept)) return;
    for (const [key, value] of Object.entries(original)) {
      if (where === "card" && TEAMS_EXTENSIONS.has(key)) continue;
      if (!(key in kept)) problems.push(`The property "${key}" at ${where} is not part of schema 1.5; it was dropped.`);
      else if (key !== "data") compare(value, kept[key], `${where}.${key}`);
    }
  };
  compare(card, roundTrip, "card");
  return problems;
}

/** Text the schema requires but the library lets pass: a TextBlock or TextRun without text, a fact without a value. */
function missingText(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}[${i}]`));
    if (!isRecord(node)) return;
    const blank = node.type === "TextBlock" ? /^\s*$/ : /^$/;
    if ((node.type === "TextBlock" || node.type === "TextRun") && (typeof node.text !== "string" || blank.test(node.text))) {
      problems.push(`The ${node.type} at ${where} has no text.`);
    }
    if (node.type === "FactSet" && Array.isArray(node.facts)) {
      node.facts.forEach((fact, i) => {
        if (!isRecord(fact) || typeof fact.title !== "string" || typeof fact.value !== "string" || fact.value.trim() === "") {
          problems.push(`The fact at ${where}.facts[${i}] needs a title and a value.`);
        }
      });
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
  };
  walk(card.body, "body");
  walk(card.actions, "actions");
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
