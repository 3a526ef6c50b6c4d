import type { Action } from "../commands/actions.js";
import type { Member, Platform, UserRef } from "../core/index.js";
import type { DiffPart } from "../core/text/index.js";
import type { Links } from "../web/links.js";

/**
 * What Concord shows, as data: every reply, proposal, digest and form is written once in this model, and each face
 * (Block Kit, Adaptive Cards, the console's page) converts it, with its own markup, escaping and limits.
 */

/** A picture each face draws its own way: Slack's `:emoji:` names, Unicode elsewhere. */
export type Icon =
  | "warning"
  | "idea"
  | "approve"
  | "object"
  | "abstain"
  | "waiting"
  | "ballot"
  | "reminder"
  | "expired"
  | "superseded"
  | "withdrawn"
  | "celebrate";

/** The Unicode picture of each icon. */
export const ICON_EMOJI: Record<Icon, string> = {
  warning: "⚠️",
  idea: "💡",
  approve: "✅",
  object: "❌",
  abstain: "➖",
  waiting: "⏳",
  ballot: "🗳️",
  reminder: "⏰",
  expired: "💤",
  superseded: "🔀",
  withdrawn: "↩️",
  celebrate: "🎉",
};

/** One piece of a line of rich text. */
export type Inline =
  /** Concord's own wording: shown as written, never markup. */
  | { readonly kind: "words"; readonly text: string }
  /** Text someone typed (names, definitions, reasons): every face escapes it, so it can never format or link. */
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "link"; readonly url: string; readonly label: string }
  /** A member, mentioned where the face can, else by name. */
  | { readonly kind: "member"; readonly member: Member }
  /** A bare user ref; `known` members let a face show it by name. */
  | { readonly kind: "ref"; readonly ref: UserRef; readonly known: readonly Member[] }
  /** A moment, shown in each reader's time zone where the face can. */
  | { readonly kind: "date"; readonly date: Date }
  /** Words to send Concord (`search churn`), written as the face's users type them. */
  | { readonly kind: "command"; readonly words: string }
  /** A channel: linked where the face can, else described by `label` ("a Teams channel"). */
  | { readonly kind: "channel"; readonly platform: Platform; readonly id: string; readonly label: string }
  | { readonly kind: "icon"; readonly icon: Icon }
  | { readonly kind: "marked"; readonly mark: "bold" | "italic" | "code"; readonly content: Rich };

/** A line (or lines, with "\n" in words) of rich text. */
export type Rich = readonly Inline[];

/** A page that shows in full what a message may have to cut. */
export interface LinkTarget {
  readonly url: string;
  readonly label: string;
}

/** How much of a text to show (characters of what someone typed) and where the rest is. */
export interface Cut {
  readonly max: number;
  readonly more?: LinkTarget;
}

/** How strongly a line stands out: a warning, a problem, good news, or a highlight. */
export type Tone = "warning" | "attention" | "good" | "accent";

/** A button: one that sends a typed action back to Concord, or one that opens a page. */
export type Button =
  | { readonly label: string; readonly action: Action; readonly style?: "primary" | "danger" }
  | { readonly label: string; readonly url: string };

/** A label and its value: a fact about one thing, or one row of a table. */
export interface Fact {
  readonly label: Rich;
  readonly value: Rich;
}

/** One part of a message, from a title to a row of buttons. */
export type Block =
  /** A title; faces that cannot format titles show its words. */
  | { readonly kind: "header"; readonly text: Rich }
  /**
   * A paragraph, optionally under a `lead` line ("Example", "Support: 62% drift"). `quote` shows quoted text and
   * `code` a code block; `cut` limits the paragraph to what a message shows.
   */
  | {
      readonly kind: "text";
      readonly text: Rich;
      readonly lead?: Rich;
      readonly style?: "quote" | "code";
      readonly tone?: Tone;
      readonly cut?: Cut;
    }
  /** A small line: context, a legend, a warning beside the main text. */
  | { readonly kind: "note"; readonly text: Rich; readonly tone?: Tone }
  /**
   * Labels and values. `rows` makes them a table of many (one row each); otherwise a few facts about one thing.
   * Past `max`, the rest are counted by `more`.
   */
  | {
      readonly kind: "facts";
      readonly facts: readonly Fact[];
      readonly rows?: boolean;
      readonly max?: number;
      readonly more?: (hidden: number) => Rich;
    }
  /**
   * A list under an optional title: at most `max` items are shown (a face may show fewer to fit its limits), and
   * `more` says how many are left of `total` (default: the items given).
   */
  | {
      readonly kind: "list";
      readonly title?: Rich;
      readonly items: readonly Block[];
      readonly max: number;
      readonly total?: number;
      readonly more: (hidden: number) => Rich;
      readonly marker?: "bullet" | "number";
    }
  /** Word changes between two texts: removed words struck through, inserted ones stressed. */
  | { readonly kind: "diff"; readonly parts: readonly DiffPart[]; readonly cut: Cut }
  /** How this face draws a diff, followed by `text`. */
  | { readonly kind: "legend"; readonly text?: Rich }
  /** A figure with its scale, its level, its change and a sparkline of past values; `note` replaces them when it has no history. */
  | {
      readonly kind: "chart";
      readonly label: string;
      readonly value: string;
      readonly scale: string;
      readonly level: string;
      readonly change: string;
      readonly trend: string;
      readonly note?: string;
    }
  | { readonly kind: "divider" }
  /** Blocks that belong together (one entry of a list), optionally set apart. */
  | { readonly kind: "group"; readonly blocks: readonly Block[]; readonly tone?: "emphasis" | "attention" }
  | { readonly kind: "buttons"; readonly buttons: readonly Button[] }
  /** Approve / Object / Abstain on one proposal; each face asks an objector for the reason its own way. */
  | { readonly kind: "votes"; readonly proposalId: number }
  /** A search box that runs as soon as Enter is pressed (the App Home's). */
  | { readonly kind: "search"; readonly label: string; readonly placeholder: string; readonly value?: string };

/** A message: the notification line (plain text) and the blocks; `page` shows it whole where a face must cut. */
export interface MessageView {
  readonly kind: "message";
  readonly summary: string;
  readonly blocks: readonly Block[];
  readonly page?: LinkTarget;
}

/** An input of a form; its `id` is the name of the action field it fills. */
export type Field =
  | {
      readonly kind: "text";
      readonly id: string;
      readonly label: string;
      readonly hint?: string;
      /** The sentence shown when it is left empty; absent for an optional field. */
      readonly required?: string;
      readonly value?: string;
      readonly maxLength: number;
      readonly focus?: boolean;
    }
  | {
      readonly kind: "choices";
      readonly id: string;
      readonly label: string;
      readonly hint?: string;
      readonly choices: readonly { readonly label: string; readonly value: string }[];
    };

/** A form: a title, what it says above its fields, the fields, and the action its submit button sends. */
export interface FormView {
  readonly kind: "form";
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly fields: readonly Field[];
  readonly submit: { readonly label: string; readonly action: Action };
}

/** What a command or a click shows: a message, or a form to fill in. */
export type View = MessageView | FormView;

/** What every view needs: the page addresses and the moment it is shown. */
export interface ViewContext {
  readonly links: Links;
  readonly now: Date;
}

/** A message as the whole conversation may see it: without the buttons meant for whoever asked. */
export function shareable(view: MessageView): MessageView {
  const keep = (blocks: readonly Block[]): Block[] =>
    blocks
      .filter((block) => block.kind !== "buttons" && block.kind !== "votes")
      .map((block) => (block.kind === "group" ? { ...block, blocks: keep(block.blocks) } : block));
  return { ...view, blocks: keep(view.blocks) };
}
