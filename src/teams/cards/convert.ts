import type { Block, Button, MessageView, Rich, Tone } from "../../views/model.js";
import { cutDiff } from "../../views/plain.js";
import { applyCut, shorten } from "../../views/rich.js";
import { reasonInputId } from "./actions.js";
import {
  actionSet,
  container,
  createCard,
  factSet,
  fitItems,
  heading,
  LIST_BUDGET_BYTES,
  note,
  openUrlAction,
  showCardAction,
  submitAction,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type TextOptions,
} from "./build.js";
import { DIFF_LEGEND, renderDiffBlock } from "./diff.js";
import { toMarkdown, withoutBold } from "./markdown.js";
import { markdownLink } from "./text.js";

/** Characters of a button title; Teams cuts longer ones itself, mid-word. */
const BUTTON_TITLE = 40;
/** An objection reason is longer than a comment but still a paragraph or two. */
const REASON_MAX_LENGTH = 2000;

const COLOR: Record<Tone, TextOptions["color"]> = { warning: "Warning", attention: "Attention", good: "Good", accent: "Accent" };

/**
 * A view as an Adaptive Card (schema 1.5): buttons at the top level become the card's actions, the vote buttons
 * bring their reason box, and lists share a byte budget so the card stays under Teams' 28 KB.
 */
export function toAdaptiveCard(view: MessageView): AdaptiveCard {
  const lists = view.blocks.filter((block) => block.kind === "list").length;
  const converter = new CardConverter(LIST_BUDGET_BYTES / Math.max(1, lists));
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  for (const block of view.blocks) {
    if (block.kind === "buttons") actions.push(...block.buttons.map((b) => converter.button(b)));
    else if (block.kind === "votes") {
      body.push(reasonInput("reason"));
      actions.push(...voteActions(block.proposalId));
    } else body.push(...converter.block(block));
  }
  return createCard(body, actions);
}

/** The box an objector writes their reason in; the core asks again politely when it is left empty. */
export function reasonInput(id: string): CardElement {
  return { type: "Input.Text", id, placeholder: "Reason (needed to object)", isMultiline: true, maxLength: REASON_MAX_LENGTH };
}

/** Approve / Object / Abstain, each sending the proposal id; Object sends the reason box's text with it. */
function voteActions(proposalId: number): CardElement[] {
  return [
    submitAction("Approve", { concord: "vote", proposalId, position: "approve" }, { style: "positive" }),
    submitAction("Object", { concord: "vote", proposalId, position: "object" }, { style: "destructive" }),
    submitAction("Abstain", { concord: "vote", proposalId, position: "abstain" }),
  ];
}

class CardConverter {
  /** Set by a divider: the next element is drawn with a separator line above it. */
  private separate = false;

  constructor(private readonly listBytes: number) {}

  block(block: Block): CardElement[] {
    if (block.kind === "divider") {
      this.separate = true;
      return [];
    }
    const elements = this.convert(block);
    if (this.separate && elements.length > 0) {
      elements[0] = { ...elements[0]!, separator: true };
      this.separate = false;
    }
    return elements;
  }

  private convert(block: Block): CardElement[] {
    switch (block.kind) {
      case "header":
        return [heading(toMarkdown(block.text))];
      case "text": {
        const body = toMarkdown(applyCut(block.text, block.cut));
        const options: TextOptions = {
          ...(block.tone ? { color: COLOR[block.tone] } : {}),
          ...(block.style === "quote" ? { isSubtle: true } : {}),
          ...(block.style === "code" ? { fontType: "Monospace" } : {}),
        };
        if (!block.lead) return [textBlock(body, options)];
        return [textBlock(toMarkdown(block.lead)), textBlock(body, { ...options, spacing: "Small" })];
      }
      case "note":
        return [note(toMarkdown(block.text), block.tone ? { color: COLOR[block.tone], isSubtle: false } : {})];
      case "legend":
        return [note(block.text ? `${DIFF_LEGEND} ${toMarkdown(block.text)}` : DIFF_LEGEND)];
      case "diff": {
        const shown = cutDiff(block.parts, block.cut.max);
        const { block: rich, truncated } = renderDiffBlock(shown.parts, { maxChars: block.cut.max, maxRuns: Math.ceil(block.cut.max / 12) });
        const more = block.cut.more && (shown.cut || truncated) ? [note(markdownLink(block.cut.more.url, block.cut.more.label))] : [];
        return [rich, ...more];
      }
      case "facts": {
        const shown = block.facts.slice(0, block.max ?? block.facts.length);
        const hidden = block.facts.length - shown.length;
        const facts = factSet(shown.map((fact) => ({ title: toMarkdown(withoutBold(fact.label)), value: toMarkdown(fact.value) })));
        return hidden > 0 && block.more ? [facts, note(toMarkdown(block.more(hidden)))] : [facts];
      }
      case "list":
        return this.list(block);
      case "chart": {
        const caption = block.note ?? `${block.level} · ${block.change}${block.trend ? ` · ${block.trend}` : ""}`;
        return [
          {
            type: "ColumnSet",
            separator: true,
            columns: [
              { type: "Column", width: "auto", verticalContentAlignment: "Center", items: [textBlock(block.value, { size: "ExtraLarge", weight: "Bolder" })] },
              {
                type: "Column",
                width: "stretch",
                verticalContentAlignment: "Center",
                items: [textBlock(`**${block.label}** ${block.scale}`, { spacing: "None" }), note(caption)],
              },
            ],
          },
        ];
      }
      case "group": {
        const items = block.blocks.flatMap((b) => this.block(b));
        return [container(items, block.tone ? { style: block.tone, spacing: "Small" } : { separator: true })];
      }
      case "buttons":
        return [actionSet(block.buttons.map((b) => this.button(b)))];
      case "votes":
        return [this.listedVotes(block.proposalId)];
      case "search":
      case "divider":
        return [];
    }
  }

  private list(block: Extract<Block, { kind: "list" }>): CardElement[] {
    const title = block.title ? [textBlock(toMarkdown(block.title))] : [];
    const { elements, dropped } = fitItems(
      block.items,
      (item, i) => {
        const marker = block.marker === "bullet" ? "• " : block.marker === "number" ? `${i + 1}. ` : "";
        if (item.kind === "text" && !item.lead) return [textBlock(`${marker}${toMarkdown(applyCut(item.text, item.cut))}`, { spacing: "Small" })];
        if (item.kind === "group") return this.block(item);
        return [container(this.block(item), { separator: true })];
      },
      { maxItems: block.max, maxBytes: this.listBytes },
    );
    const hidden = dropped + Math.max(0, (block.total ?? block.items.length) - block.items.length);
    const more = hidden > 0 ? [note(toMarkdown(block.more(hidden)))] : [];
    return [...title, ...elements, ...more];
  }

  /** The vote buttons of one proposal among several: Object unfolds that proposal's own reason box. */
  private listedVotes(proposalId: number): CardElement {
    const [approve, object, abstain] = voteActions(proposalId);
    return actionSet([approve!, showCardAction("Object…", [reasonInput(reasonInputId(proposalId))], [object!]), abstain!]);
  }

  button(input: Button): CardElement {
    const title = shorten(input.label, BUTTON_TITLE);
    if ("url" in input) return openUrlAction(title, input.url);
    const style = input.style === "primary" ? "positive" : input.style === "danger" ? "destructive" : undefined;
    return submitAction(title, input.action, style ? { style } : {});
  }
}

/** A view as the text of a Teams message (a thread reply): paragraphs of Markdown, with HTML neutralised. */
export function toTeamsText(view: MessageView): string {
  const paragraphs: string[] = [];
  const line = (text: Rich) => toMarkdown(text, "message");
  const add = (block: Block) => {
    switch (block.kind) {
      case "text":
        paragraphs.push(block.lead ? `${line(block.lead)} ${quoted(line(applyCut(block.text, block.cut)), block.style)}` : line(applyCut(block.text, block.cut)));
        return;
      case "note":
        paragraphs.push(line(block.text));
        return;
      case "list": {
        const shown = block.items.slice(0, block.max);
        const lines = shown.map((item) => `- ${itemText(item)}`);
        const hidden = (block.total ?? block.items.length) - shown.length;
        if (hidden > 0) lines.push(`- ${line(block.more(hidden))}`);
        if (block.title) paragraphs.push(line(block.title));
        if (lines.length > 0) paragraphs.push(lines.join("\n"));
        return;
      }
      case "group":
        block.blocks.forEach(add);
        return;
      default:
        return;
    }
  };
  const itemText = (item: Block): string =>
    item.kind === "text"
      ? item.lead
        ? `${line(item.lead)} ${quoted(line(applyCut(item.text, item.cut)), item.style)}`
        : line(applyCut(item.text, item.cut))
      : item.kind === "group"
        ? item.blocks.map(itemText).join(" ")
        : item.kind === "note"
          ? line(item.text)
          : "";
  view.blocks.forEach(add);
  return paragraphs.join("\n\n");
}

function quoted(text: string, style: "quote" | "code" | undefined): string {
  return style === "quote" ? `“${text}”` : text;
}
