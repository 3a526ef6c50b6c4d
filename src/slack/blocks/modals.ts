import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { z } from "zod";
import type { NearDuplicate, ProposalView } from "../../core/index.js";
import { context, LIMITS, mrkdwn, plainText, section } from "./build.js";
import {
  OBJECT_MODAL,
  OBJECT_REASON_ACTION,
  OBJECT_REASON_BLOCK,
  CONSUMERS_ACTION,
  CONSUMERS_BLOCK,
  DEFINITION_ACTION,
  DEFINITION_BLOCK,
  EXAMPLE_ACTION,
  EXAMPLE_BLOCK,
  FORMULA_ACTION,
  FORMULA_BLOCK,
  PROPOSE_MODAL,
  RATIONALE_ACTION,
  RATIONALE_BLOCK,
} from "./ids.js";
import { proposalTitle } from "./proposal.js";
import { renderNearDuplicates } from "./replies.js";
import { escapeMrkdwn, quote, truncate, truncatePlain } from "./text.js";

/** Characters of the proposed text quoted above the objection box. */
const SNIPPET = 600;

const proposeMetadataSchema = z.object({
  term: z.string().min(1),
  domain: z.string().min(1).optional(),
  channelId: z.string().min(1).optional(),
});
const objectMetadataSchema = z.object({ proposalId: z.number().int().positive() });

/** What the propose form carries to its submission: the term, `for <domain>`, and where the command was typed. */
export type ProposeModalMetadata = z.infer<typeof proposeMetadataSchema>;
/** What the objection form carries to its submission. */
export type ObjectModalMetadata = z.infer<typeof objectMetadataSchema>;

/** Reads the propose form's private_metadata back; undefined when it is not what `renderProposeModal` wrote. */
export function parseProposeMetadata(raw: string): ProposeModalMetadata | undefined {
  const parsed = proposeMetadataSchema.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : undefined;
}

/** Reads the objection form's private_metadata back; undefined when it is not what `renderObjectModal` wrote. */
export function parseObjectMetadata(raw: string): ObjectModalMetadata | undefined {
  const parsed = objectMetadataSchema.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : undefined;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export interface ProposeModalInput {
  /** The term as typed (or its name, when it exists). */
  readonly term: string;
  /** `for <domain>`, when given. */
  readonly domain?: string;
  /** The term being amended, with its agreed text. */
  readonly existing?: { readonly name: string; readonly currentText: string };
  readonly nearDuplicates: readonly NearDuplicate[];
  /** Every domain, offered as consuming domains. */
  readonly domains: readonly { readonly slug: string; readonly name: string }[];
  /** Where the command was typed, so the confirmation goes back there. */
  readonly channelId?: string;
}

/** The propose form: definition (prefilled when amending), rationale, consuming domains, example and formula. */
export function renderProposeModal(input: ProposeModalInput): ModalView {
  const metadata: ProposeModalMetadata = {
    term: input.term,
    ...(input.domain ? { domain: input.domain } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
  };
  const blocks: KnownBlock[] = [...renderNearDuplicates(input.nearDuplicates)];

  const name = escapeMrkdwn(input.existing?.name ?? input.term);
  const forDomain = input.domain ? ` for *${escapeMrkdwn(input.domain)}*` : "";
  blocks.push(
    section(
      input.existing
        ? `You are proposing a change to *${name}*${forDomain}. The domains that own or consume it vote on it.`
        : `*${name}* is a new term${forDomain}. Once agreed, ${input.domain ? "that domain" : "your domain"} owns it.`,
    ),
  );

  const current = input.existing?.currentText;
  const prefill = current !== undefined && current.length <= LIMITS.textInput ? current : undefined;
  if (current !== undefined && prefill === undefined) {
    blocks.push(context("The current definition is longer than this form holds, so the box starts empty; the full text is on the term page."));
  }
  blocks.push(
    textInput({
      blockId: DEFINITION_BLOCK,
      actionId: DEFINITION_ACTION,
      label: "Definition",
      hint: "What the term means, in a sentence or two anyone in the company would read the same way.",
      multiline: true,
      ...(prefill === undefined ? {} : { initialValue: prefill }),
      focus: true,
    }),
    textInput({
      blockId: RATIONALE_BLOCK,
      actionId: RATIONALE_ACTION,
      label: "Why this definition?",
      hint: "Voters read this first: what is wrong today, or what depends on it.",
      multiline: true,
      optional: true,
    }),
  );
  const options = input.domains.slice(0, LIMITS.options).map(
    (domain): PlainTextOption => ({ text: plainText(truncatePlain(domain.name, LIMITS.optionText)), value: domain.slug }),
  );
  if (options.length > 0) {
    blocks.push({
      type: "input",
      block_id: CONSUMERS_BLOCK,
      optional: true,
      label: plainText("Consuming domains"),
      hint: plainText("Domains that depend on this term: their owners vote on it too."),
      element: {
        type: "multi_static_select",
        action_id: CONSUMERS_ACTION,
        placeholder: plainText("Choose domains"),
        options,
      },
    });
  }
  blocks.push(
    textInput({ blockId: EXAMPLE_BLOCK, actionId: EXAMPLE_ACTION, label: "Example", multiline: true, optional: true }),
    textInput({
      blockId: FORMULA_BLOCK,
      actionId: FORMULA_ACTION,
      label: "Formula or SQL",
      hint: "For metrics: how it is computed.",
      multiline: true,
      optional: true,
    }),
  );

  return {
    type: "modal",
    callback_id: PROPOSE_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: plainText(input.existing ? "Amend a definition" : "Propose a definition"),
    submit: plainText("Open proposal"),
    close: plainText("Cancel"),
    blocks,
  };
}

/** The objection form: a required reason, posted with the vote. */
export function renderObjectModal(view: ProposalView): ModalView {
  const { proposal } = view;
  const metadata: ObjectModalMetadata = { proposalId: proposal.id };
  const what =
    proposal.kind === "deprecate" || proposal.text === null
      ? `Deprecate ${escapeMrkdwn(proposal.termName)}.`
      : truncate(escapeMrkdwn(proposal.text), SNIPPET);
  const summary = `*${escapeMrkdwn(proposalTitle(proposal))}*\n${quote(what)}`;
  return {
    type: "modal",
    callback_id: OBJECT_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: plainText("Object to a proposal"),
    submit: plainText("Object"),
    close: plainText("Cancel"),
    blocks: [
      { type: "section", text: mrkdwn(summary) },
      textInput({
        blockId: OBJECT_REASON_BLOCK,
        actionId: OBJECT_REASON_ACTION,
        label: "Why do you object?",
        hint: "Your reason is shown with your vote, so the proposer can answer it.",
        multiline: true,
        focus: true,
      }),
    ],
  };
}

function textInput(input: {
  blockId: string;
  actionId: string;
  label: string;
  hint?: string;
  multiline?: boolean;
  optional?: boolean;
  initialValue?: string;
  focus?: boolean;
}): InputBlock {
  return {
    type: "input",
    block_id: input.blockId,
    label: plainText(input.label),
    ...(input.hint ? { hint: plainText(input.hint) } : {}),
    ...(input.optional ? { optional: true } : {}),
    element: {
      type: "plain_text_input",
      action_id: input.actionId,
      max_length: LIMITS.textInput,
      ...(input.multiline ? { multiline: true } : {}),
      ...(input.initialValue === undefined ? {} : { initial_value: input.initialValue }),
      ...(input.focus ? { focus_on_load: true } : {}),
    },
  };
}
