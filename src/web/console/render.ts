import type { Action } from "../../commands/actions.js";
import type { Block, Button, FormView, Rich, View } from "../../views/model.js";
import { cutDiff } from "../../views/plain.js";
import { applyCut } from "../../views/rich.js";
import { html, join, raw, renderDiff, type Html } from "../pages/html.js";
import { richHtml } from "../pages/rich.js";

/** Whom a card is for: `shownTo` (a persona's name) goes into each button's action, so another persona cannot use it. */
export interface ConsoleRenderOptions {
  readonly shownTo?: string;
}

/** The key of a button's action naming the persona the card was shown to. */
export const SHOWN_TO = "shownTo";

/**
 * A view as the console's markup: a `.card` whose buttons carry their action in `data-action`; the page sends the
 * action with the values of the card's inputs merged in, as a chat card would. Every text is escaped. Inputs have no
 * length limit here: a browser would cut pasted text silently, while the server says politely what is too long.
 */
export function toConsoleHtml(view: View, options: ConsoleRenderOptions = {}): string {
  const stamp = options.shownTo === undefined ? {} : { [SHOWN_TO]: options.shownTo };
  const actionButton = (label: string, action: Action, style?: "primary" | "danger"): Html =>
    html`<button type="button" class="${style ?? ""}" data-action="${JSON.stringify({ ...action, ...stamp })}">${label}</button>`;
  const blocks = (list: readonly Block[]) => join(list.map((b) => block(b, actionButton)));
  const content = view.kind === "form" ? form(view, actionButton, blocks) : blocks(view.blocks);
  return html`<div class="card">${content}</div>`.value;
}

type ActionButton = (label: string, action: Action, style?: "primary" | "danger") => Html;

function form(view: FormView, actionButton: ActionButton, blocks: (list: readonly Block[]) => Html): Html {
  const fields = view.fields.map((field) =>
    field.kind === "choices"
      ? html`<label>${field.label}<select name="${field.id}" multiple>${field.choices.map((c) => html`<option value="${c.value}">${c.label}</option>`)}</select></label>`
      : html`<label>${field.label}<textarea name="${field.id}" placeholder="${field.hint ?? ""}"${field.required ? raw(" required") : ""}>${field.value ?? ""}</textarea></label>`,
  );
  return html`<h3>${view.title}</h3>${blocks(view.blocks)}<div class="fields">${fields}</div><div class="actions">${actionButton(view.submit.label, view.submit.action, "primary")}</div>`;
}

/** Rich text as the console shows it: links in a new tab, personas by their names. */
function inline(content: Rich): Html {
  return richHtml(content, { newTab: true, name });
}

/** A member's ref as the console names people: `local:sam` is "sam". */
function name(ref: string): string {
  return ref.startsWith("local:") ? ref.slice("local:".length) : ref;
}

function block(b: Block, actionButton: ActionButton): Html {
  switch (b.kind) {
    case "header":
      return html`<h3>${inline(b.text)}</h3>`;
    case "text": {
      const body = inline(applyCut(b.text, b.cut));
      const shown = b.style === "quote" ? html`<blockquote>${body}</blockquote>` : b.style === "code" ? html`<pre><code>${body}</code></pre>` : html`<p class="${b.tone ?? ""}">${body}</p>`;
      return b.lead ? html`<p class="lead">${inline(b.lead)}</p>${shown}` : shown;
    }
    case "note":
      return html`<p class="note ${b.tone ?? ""}">${inline(b.text)}</p>`;
    case "facts": {
      const shown = b.facts.slice(0, b.max ?? b.facts.length);
      const hidden = b.facts.length - shown.length;
      return html`<dl class="facts">${shown.map((f) => html`<dt>${inline(f.label)}</dt><dd>${inline(f.value)}</dd>`)}</dl>${hidden > 0 && b.more ? html`<p class="note">${inline(b.more(hidden))}</p>` : ""}`;
    }
    case "list": {
      const shown = b.items.slice(0, b.max);
      const hidden = (b.total ?? b.items.length) - shown.length;
      const items = shown.map((item) => html`<li>${block(item, actionButton)}</li>`);
      const list = b.marker === "number" ? html`<ol>${items}</ol>` : html`<ul class="${b.marker ?? "plain"}">${items}</ul>`;
      return html`${b.title ? html`<p class="lead">${inline(b.title)}</p>` : ""}${list}${hidden > 0 ? html`<p class="note">${inline(b.more(hidden))}</p>` : ""}`;
    }
    case "diff": {
      const shown = cutDiff(b.parts, b.cut.max);
      const more = shown.cut ? html` …${b.cut.more ? html` <a href="${b.cut.more.url}" target="_blank" rel="noopener">${b.cut.more.label}</a>` : ""}` : "";
      return html`<p class="diff">${renderDiff(shown.parts)}${more}</p>`;
    }
    case "legend":
      return html`<p class="note">Changes: <del>removed</del> words are struck through, <ins>added</ins> words are marked.${b.text ? html` ${inline(b.text)}` : ""}</p>`;
    case "chart":
      return html`<div class="chart"><strong>${b.value}</strong> <span>${b.label} ${b.scale}</span> <span class="note">${b.note ?? `${b.level} · ${b.change}${b.trend ? ` · ${b.trend}` : ""}`}</span></div>`;
    case "divider":
      return html`<hr>`;
    case "group":
      return html`<div class="group ${b.tone ?? ""}">${b.blocks.map((child) => block(child, actionButton))}</div>`;
    case "buttons":
      // Spaced, so the buttons read as separate words where the page is read as text.
      return html`<div class="actions">${b.buttons.flatMap((x, i) => (i === 0 ? [button(x, actionButton)] : [" ", button(x, actionButton)]))}</div>`;
    case "votes":
      return html`<div class="actions votes"><textarea name="reason-${b.proposalId}" placeholder="Reason (needed to object)"></textarea>${[
        actionButton("Approve", { concord: "vote", proposalId: b.proposalId, position: "approve" }, "primary"),
        actionButton("Object", { concord: "vote", proposalId: b.proposalId, position: "object" }, "danger"),
        actionButton("Abstain", { concord: "vote", proposalId: b.proposalId, position: "abstain" }),
      ]}</div>`;
    case "search":
      return html``;
  }
}

function button(input: Button, actionButton: ActionButton): Html {
  if ("url" in input) return html`<a class="button" href="${input.url}" target="_blank" rel="noopener">${input.label}</a>`;
  return actionButton(input.label, input.action, input.style);
}
