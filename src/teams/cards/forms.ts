import { DEFINITION_TEXT_MAX_LENGTH } from "../../commands/intents.js";
import type { NearDuplicate } from "../../core/index.js";
import type { Links } from "../../web/links.js";
import { PROPOSE_INPUTS } from "./actions.js";
import { createCard, heading, note, submitAction, textBlock, type AdaptiveCard, type CardElement } from "./build.js";
import { escapeMarkdown, formatList, markdownLink, percent, truncatePlain } from "./text.js";

/** Domains offered as consumers; a data mesh with more than this names the rest later with `subscribe`. */
const CHOICES_SHOWN = 100;
const CHOICE_TITLE = 80;

export interface ProposeFormInput {
  /** The term as typed (or its name, when it exists). */
  readonly term: string;
  /** `for <domain>`, when given. */
  readonly domain?: string;
  /** The term being amended, with its agreed text. */
  readonly existing?: { readonly name: string; readonly currentText: string };
  readonly nearDuplicates: readonly NearDuplicate[];
  /** Every domain, offered as consuming domains. */
  readonly domains: readonly { readonly slug: string; readonly name: string }[];
}

/**
 * The propose form: near-duplicate warnings first, then the definition (prefilled when amending), rationale,
 * consuming domains, example and formula; "Open proposal" sends them with `{ concord: "propose", term, domain? }`.
 */
export function renderProposeFormCard(input: ProposeFormInput): AdaptiveCard {
  const body: CardElement[] = [...renderNearDuplicates(input.nearDuplicates)];
  const name = escapeMarkdown(input.existing?.name ?? input.term);
  const forDomain = input.domain ? ` for **${escapeMarkdown(input.domain)}**` : "";
  body.push(
    heading(input.existing ? "Amend a definition" : "Propose a definition"),
    textBlock(
      input.existing
        ? `You are proposing a change to **${name}**${forDomain}. The domains that own or consume it vote on it.`
        : `**${name}** is a new term${forDomain}. Once agreed, ${input.domain ? "that domain" : "your domain"} owns it.`,
      { spacing: "Small" },
    ),
  );

  const current = input.existing?.currentText;
  const prefill = current !== undefined && current.length <= DEFINITION_TEXT_MAX_LENGTH ? current : undefined;
  if (current !== undefined && prefill === undefined) {
    body.push(note("The current definition is longer than this form holds, so the box starts empty; the full text is on the term page."));
  }
  body.push(
    textInput(PROPOSE_INPUTS.text, "Definition", {
      placeholder: "What the term means, in a sentence or two anyone in the company would read the same way.",
      required: "Write the definition you propose.",
      ...(prefill === undefined ? {} : { value: prefill }),
    }),
    textInput(PROPOSE_INPUTS.rationale, "Why this definition?", {
      placeholder: "Voters read this first: what is wrong today, or what depends on it.",
    }),
  );
  const choices = input.domains
    .slice(0, CHOICES_SHOWN)
    .map((domain) => ({ title: truncatePlain(domain.name, CHOICE_TITLE), value: domain.slug }));
  if (choices.length > 0) {
    body.push({
      type: "Input.ChoiceSet",
      id: PROPOSE_INPUTS.consumers,
      label: "Consuming domains",
      placeholder: "Domains that depend on this term: their owners vote on it too",
      isMultiSelect: true,
      choices,
    });
  }
  body.push(
    textInput(PROPOSE_INPUTS.example, "Example", { placeholder: "A concrete case, if it helps." }),
    textInput(PROPOSE_INPUTS.formula, "Formula or SQL", { placeholder: "For metrics: how it is computed." }),
  );

  const submit = submitAction(
    "Open proposal",
    { concord: "propose", term: input.term, ...(input.domain ? { domain: input.domain } : {}) },
    { style: "positive" },
  );
  return createCard(body, [submit]);
}

function textInput(
  id: string,
  label: string,
  options: { readonly placeholder?: string; readonly required?: string; readonly value?: string },
): CardElement {
  return {
    type: "Input.Text",
    id,
    label,
    isMultiline: true,
    maxLength: DEFINITION_TEXT_MAX_LENGTH,
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    ...(options.required ? { isRequired: true, errorMessage: options.required } : {}),
    ...(options.value === undefined ? {} : { value: options.value }),
  };
}

const REASONS: Record<NearDuplicate["reason"], string> = { name: "similar name", alias: "same alias", definition: "similar definition" };

/** A warning listing existing terms very like the proposed one, linked to their pages when `links` is given. */
export function renderNearDuplicates(nearDuplicates: readonly NearDuplicate[], links?: Links): CardElement[] {
  if (nearDuplicates.length === 0) return [];
  const items = nearDuplicates.map((d) => {
    const name = links ? markdownLink(links.term(d.term.slug), d.term.name) : escapeMarkdown(d.term.name);
    return `**${name}** (${REASONS[d.reason]}, ${percent(d.similarity)} alike)`;
  });
  return [textBlock(`⚠️ Similar terms already exist, check this is not a duplicate: ${formatList(items)}.`, { color: "Warning" })];
}
