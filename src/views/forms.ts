import { PROPOSE_FIELDS, REASON_FIELD } from "../commands/actions.js";
import { proposalTitle } from "../commands/format.js";
import { DEFINITION_TEXT_MAX_LENGTH } from "../commands/intents.js";
import type { NearDuplicate, ProposalView } from "../core/index.js";
import { nearDuplicatesNote } from "./lookup.js";
import type { Block, Field, FormView } from "./model.js";
import { bold, rich, text, words } from "./rich.js";

/** Domains offered as consumers; a data mesh with more than this names the rest later with `subscribe`. */
const CHOICES_SHOWN = 100;
/** Characters of the proposed text quoted above the objection box. */
const SNIPPET = 600;
/** Said where a form cannot start from the agreed text because it is longer than the box. */
export const TOO_LONG_TO_PREFILL = "The current definition is longer than this form holds, so the box starts empty; the full text is on the term page.";

/** What the propose form starts from. */
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
 * The propose form: near-duplicate warnings first, then the definition (starting from the agreed text when
 * amending), rationale, consuming domains, example and formula; it opens the proposal with what is filled in.
 */
export function proposeFormView(input: ProposeFormInput): FormView {
  const name = bold(input.existing?.name ?? input.term);
  const forDomain = input.domain ? rich` for ${bold(input.domain)}` : [];
  const blocks: Block[] = [
    ...nearDuplicatesNote(input.nearDuplicates),
    {
      kind: "text",
      text: input.existing
        ? rich`You are proposing a change to ${name}${forDomain}. The domains that own or consume it vote on it.`
        : rich`${name} is a new term${forDomain}. Once agreed, ${words(input.domain ? "that domain" : "your domain")} owns it.`,
    },
  ];
  const current = input.existing?.currentText;
  const prefill = current !== undefined && current.length <= DEFINITION_TEXT_MAX_LENGTH ? current : undefined;
  if (current !== undefined && prefill === undefined) blocks.push({ kind: "note", text: words(TOO_LONG_TO_PREFILL) });

  const longText = (id: string, label: string, hint: string): Extract<Field, { kind: "text" }> => ({ kind: "text", id, label, hint, maxLength: DEFINITION_TEXT_MAX_LENGTH });
  const fields: Field[] = [
    {
      ...longText(PROPOSE_FIELDS.text, "Definition", "What the term means, in a sentence or two anyone in the company would read the same way."),
      required: "Please write the definition you propose.",
      focus: true,
      ...(prefill === undefined ? {} : { value: prefill }),
    },
    longText(PROPOSE_FIELDS.rationale, "Why this definition?", "Voters read this first: what is wrong today, or what depends on it."),
  ];
  if (input.domains.length > 0) {
    fields.push({
      kind: "choices",
      id: PROPOSE_FIELDS.consumers,
      label: "Consuming domains",
      hint: "Domains that depend on this term: their owners vote on it too.",
      choices: input.domains.slice(0, CHOICES_SHOWN).map((domain) => ({ label: domain.name, value: domain.slug })),
    });
  }
  fields.push(
    longText(PROPOSE_FIELDS.example, "Example", "A concrete case, if it helps."),
    longText(PROPOSE_FIELDS.formula, "Formula or SQL", "For metrics: how it is computed."),
  );
  return {
    kind: "form",
    title: input.existing ? "Amend a definition" : "Propose a definition",
    blocks,
    fields,
    submit: { label: "Open proposal", action: { concord: "propose", term: input.term, ...(input.domain ? { domain: input.domain } : {}) } },
  };
}

/** The objection form: what is proposed, and a required reason, posted with the vote. */
export function objectFormView(view: ProposalView): FormView {
  const { proposal } = view;
  const what = proposal.kind === "deprecate" || proposal.text === null ? rich`Deprecate ${proposal.termName}.` : text(proposal.text);
  return {
    kind: "form",
    title: "Object to a proposal",
    blocks: [{ kind: "text", lead: bold(proposalTitle(proposal)), text: what, style: "quote", cut: { max: SNIPPET } }],
    fields: [
      {
        kind: "text",
        id: REASON_FIELD,
        label: "Why do you object?",
        hint: "Your reason is shown with your vote, so the proposer can answer it.",
        required: "Please say why you object.",
        maxLength: DEFINITION_TEXT_MAX_LENGTH,
        focus: true,
      },
    ],
    submit: { label: "Object", action: { concord: "vote", proposalId: proposal.id, position: "object" } },
  };
}
