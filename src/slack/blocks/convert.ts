import type { ActionsBlockElement, KnownBlock, SectionBlock } from "@slack/types";
import type { Block, Button, LinkTarget, MessageView, Rich } from "../../views/model.js";
import { cutDiff, plainText } from "../../views/plain.js";
import { applyCut, words } from "../../views/rich.js";
import { encodeAction } from "./actions.js";
import { actions, button, context, divider, fieldsSection, header, LIMITS, packLines, plainText as plainElement, section } from "./build.js";
import { HOME_SEARCH, HOME_SEARCH_BLOCK, OPEN_LINK, VOTE_ABSTAIN, VOTE_APPROVE, VOTE_OBJECT } from "./ids.js";
import { toMrkdwn } from "./mrkdwn.js";
import type { Surface } from "./limits.js";
import { codeBlock, escapeMrkdwn, formatDiff, link, quote } from "./text.js";

/** A message as Slack takes it: the notification line and the blocks. */
export interface RenderedMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Sections a list may fill at most, however much room the message has left. */
const LIST_SECTIONS = 6;

/** A view as a Slack message: within 50 blocks, every section within 3,000 characters, the rest on the page. */
export function toSlackMessage(view: MessageView): RenderedMessage {
  return { text: escapeMrkdwn(view.summary), blocks: toSlackBlocks(view.blocks, "message", view.page) };
}

/** The blocks of a view for a surface; what does not fit its block limit ends in a link to `page`. */
export function toSlackBlocks(blocks: readonly Block[], surface: Surface, page?: LinkTarget): KnownBlock[] {
  const limit = surface === "message" ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  const lists = blocks.filter((block) => block.kind === "list" || (block.kind === "facts" && block.rows)).length;
  const fixed = blocks.length - lists;
  const converter = new Converter(page, Math.max(1, Math.min(LIST_SECTIONS, Math.floor((limit - fixed - 1) / Math.max(1, lists)))));
  const out = blocks.flatMap((block) => converter.block(block));
  if (out.length <= limit) return out;
  const rest = page ? `The rest is on ${link(page.url, page.label)}.` : "The rest could not be shown here.";
  return [...out.slice(0, limit - 1), context(rest)];
}

class Converter {
  constructor(
    private readonly page: LinkTarget | undefined,
    /** Sections each list may use. */
    private readonly listSections: number,
  ) {}

  block(block: Block): KnownBlock[] {
    switch (block.kind) {
      case "header":
        return [header(plainText(block.text))];
      case "text":
      case "diff": {
        const more = (block.kind === "text" ? block.cut?.more : block.cut.more) ?? this.page;
        return [section(this.line(block), more?.url, more?.label)];
      }
      case "note":
        return [context(toMrkdwn(block.text))];
      case "legend":
        return [context(`Changes: ~removed~ words are struck through, *added* words are in bold.${block.text ? ` ${toMrkdwn(block.text)}` : ""}`)];
      case "facts":
        if (!block.rows) return [fieldsSection(block.facts.map((fact) => `*${toMrkdwn(fact.label)}*\n${toMrkdwn(fact.value)}`))];
        return this.lines(
          undefined,
          block.facts.map((fact) => `${toMrkdwn(fact.label)}: ${toMrkdwn(fact.value)}`),
          block.facts.length - Math.min(block.max ?? block.facts.length, block.facts.length),
          block.more,
          block.max,
        );
      case "list":
        return this.list(block);
      case "chart": {
        const head = `*${block.label}: ${block.value}* ${block.scale}`;
        if (block.note) return [section(`${head}: ${block.note.charAt(0).toLowerCase()}${block.note.slice(1)}`)];
        return [section(`${head} (${block.level}) · ${block.change}${block.trend ? ` · ${block.trend}` : ""}`)];
      }
      case "divider":
        return [divider()];
      case "group":
        return this.group(block.blocks);
      case "buttons": {
        const elements = block.buttons.flatMap((b) => this.button(b));
        return elements.length > 0 ? [actions(elements)] : [];
      }
      case "votes":
        return [voteActions(block.proposalId)];
      case "search":
        return [
          {
            type: "input",
            block_id: HOME_SEARCH_BLOCK,
            dispatch_action: true,
            optional: true,
            label: plainElement(block.label),
            element: {
              type: "plain_text_input",
              action_id: HOME_SEARCH,
              placeholder: plainElement(block.placeholder),
              dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
              ...(block.value ? { initial_value: block.value.slice(0, 200) } : {}),
            },
          },
        ];
    }
  }

  /** A block that is only text, as mrkdwn lines. */
  line(block: Block): string {
    switch (block.kind) {
      case "text": {
        let body = toMrkdwn(applyCut(block.text, block.cut));
        if (block.style === "quote") body = quote(body);
        if (block.style === "code") body = codeBlock(body);
        return block.lead ? `${toMrkdwn(block.lead)}\n${body}` : body;
      }
      case "note":
        return toMrkdwn(block.text);
      case "diff": {
        const shown = cutDiff(block.parts, block.cut.max);
        const more = shown.cut ? `… ${block.cut.more ? link(block.cut.more.url, block.cut.more.label) : ""}`.trimEnd() : "";
        return `${formatDiff(shown.parts)}${more}`;
      }
      case "group":
        return block.blocks.map((b) => this.line(b)).join("\n");
      default:
        return "";
    }
  }

  /** Blocks that belong together: each run of text is one section, and buttons follow what they belong to. */
  group(blocks: readonly Block[]): KnownBlock[] {
    const out: KnownBlock[] = [];
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) out.push(section(run.join("\n"), this.page?.url, this.page?.label));
      run = [];
    };
    for (const block of blocks) {
      if (isPackable(block)) run.push(this.line(block));
      else {
        flush();
        out.push(...this.block(block));
      }
    }
    flush();
    return out;
  }

  list(block: Extract<Block, { kind: "list" }>): KnownBlock[] {
    const shown = block.items.slice(0, block.max);
    const hidden = (block.total ?? block.items.length) - shown.length;
    if (shown.every(isPackable)) {
      const marker = (i: number) => (block.marker === "bullet" ? "• " : block.marker === "number" ? `${i + 1}. ` : "");
      return this.lines(block.title, shown.map((item, i) => `${marker(i)}${this.line(item)}`), hidden, block.more);
    }
    const out: KnownBlock[] = block.title ? [section(toMrkdwn(block.title))] : [];
    for (const item of shown) out.push(...this.block(item));
    if (hidden > 0) out.push(context(toMrkdwn(block.more(hidden))));
    return out;
  }

  /** A title and lines packed into as few sections as the text limit allows; lines past the list's room are counted. */
  lines(title: Rich | undefined, lines: readonly string[], hidden: number, more?: (hidden: number) => Rich, max?: number): SectionBlock[] {
    const moreLine = (count: number) => toMrkdwn(more ? more(count) : words(`…and ${count} more.`));
    const all = [...(title ? [toMrkdwn(title)] : []), ...lines.slice(0, max ?? lines.length)];
    if (hidden > 0) all.push(moreLine(hidden));
    if (all.length === 0) return [];
    // A dropped "…and N more" line is itself among the dropped lines, not an item.
    return packLines(all, this.listSections, (dropped) => moreLine(hidden + dropped - (hidden > 0 ? 1 : 0)));
  }

  button(input: Button): ActionsBlockElement[] {
    if ("url" in input) return [button({ text: input.label, actionId: OPEN_LINK, url: input.url })];
    const encoded = encodeAction(input.action);
    if (!encoded) return [];
    return [button({ text: input.label, actionId: encoded.actionId, value: encoded.value, ...(input.style ? { style: input.style } : {}) })];
  }
}

/** Approve / Object / Abstain, each carrying the proposal id; Object opens the form that asks for the reason. */
export function voteActions(proposalId: number): KnownBlock {
  const value = String(proposalId);
  return actions([
    button({ text: "Approve", actionId: VOTE_APPROVE, value, style: "primary" }),
    button({ text: "Object", actionId: VOTE_OBJECT, value, style: "danger" }),
    button({ text: "Abstain", actionId: VOTE_ABSTAIN, value }),
  ]);
}

/** Whether a block is only text, so Slack can show it as lines of one section. */
function isPackable(block: Block): boolean {
  if (block.kind === "text" || block.kind === "note" || block.kind === "diff") return true;
  return block.kind === "group" && block.blocks.every(isPackable);
}
