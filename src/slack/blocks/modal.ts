import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import { actionSchema, type Action } from "../../commands/actions.js";
import { TOO_LONG_TO_PREFILL } from "../../views/forms.js";
import type { Field, FormView } from "../../views/model.js";
import { shorten } from "../../views/rich.js";
import { context, LIMITS, plainText } from "./build.js";
import { toSlackBlocks } from "./convert.js";
import * as ids from "./ids.js";

/** Where each form field lives in a modal's state: its block_id and action_id. */
export const FIELD_IDS: Record<string, { readonly block: string; readonly action: string }> = {
  text: { block: ids.DEFINITION_BLOCK, action: ids.DEFINITION_ACTION },
  rationale: { block: ids.RATIONALE_BLOCK, action: ids.RATIONALE_ACTION },
  consumers: { block: ids.CONSUMERS_BLOCK, action: ids.CONSUMERS_ACTION },
  example: { block: ids.EXAMPLE_BLOCK, action: ids.EXAMPLE_ACTION },
  formula: { block: ids.FORMULA_BLOCK, action: ids.FORMULA_ACTION },
  reason: { block: ids.OBJECT_REASON_BLOCK, action: ids.OBJECT_REASON_ACTION },
};

/** The modal's callback_id for each kind of form submission. */
const CALLBACK: Record<Action["concord"], string> = {
  propose: ids.PROPOSE_MODAL,
  vote: ids.OBJECT_MODAL,
  share: "share_modal",
  "propose-form": "propose_form_modal",
  "usage-propose": "usage_propose_modal",
  "usage-variant": "usage_variant_modal",
  "usage-unlink": "usage_unlink_modal",
  "suggestion-accept": "suggestion_accept_modal",
  "suggestion-reject": "suggestion_reject_modal",
};

const metadataSchema = z.object({ action: actionSchema, channelId: z.string().min(1).optional() });

/** What a modal carries to its submission: the action its submit sends, and where the form was opened. */
export type ModalMetadata = z.infer<typeof metadataSchema>;

/** A form as a Slack modal; its submit action and `channelId` travel in private_metadata. */
export function toSlackModal(form: FormView, options: { readonly channelId?: string } = {}): ModalView {
  const metadata: ModalMetadata = { action: form.submit.action, ...(options.channelId ? { channelId: options.channelId } : {}) };
  const blocks: KnownBlock[] = toSlackBlocks(form.blocks, "modal");
  for (const field of form.fields) {
    if (field.kind === "text" && field.value !== undefined && field.value.length > LIMITS.textInput) blocks.push(context(TOO_LONG_TO_PREFILL));
    blocks.push(input(field));
  }
  return {
    type: "modal",
    callback_id: CALLBACK[form.submit.action.concord],
    private_metadata: JSON.stringify(metadata),
    title: plainText(shorten(form.title, LIMITS.viewTitle)),
    submit: plainText(shorten(form.submit.label, LIMITS.viewTitle)),
    close: plainText("Cancel"),
    blocks,
  };
}

/** Reads a modal's private_metadata back; undefined when it is not what `toSlackModal` wrote. */
export function parseModalMetadata(raw: string): ModalMetadata | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** A submitted modal's values by field name: text as typed (trimmed), choices as comma-separated values. */
export function readModalFields(values: Record<string, Record<string, { value?: string | null; selected_options?: { value?: string }[] | null }>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, where] of Object.entries(FIELD_IDS)) {
    const state = values[where.block]?.[where.action];
    if (!state) continue;
    out[field] = state.selected_options ? state.selected_options.map((o) => o.value ?? "").filter(Boolean).join(",") : (state.value ?? "").trim();
  }
  return out;
}

function input(field: Field): InputBlock {
  const where = FIELD_IDS[field.id] ?? { block: `${field.id}_block`, action: field.id };
  const common = {
    type: "input" as const,
    block_id: where.block,
    label: plainText(field.label),
    ...(field.hint ? { hint: plainText(field.hint) } : {}),
  };
  if (field.kind === "choices") {
    return {
      ...common,
      optional: true,
      element: {
        type: "multi_static_select",
        action_id: where.action,
        placeholder: plainText("Choose domains"),
        options: field.choices.slice(0, LIMITS.options).map((choice) => ({ text: plainText(shorten(choice.label, LIMITS.optionText)), value: choice.value })),
      },
    };
  }
  const maxLength = Math.min(field.maxLength, LIMITS.textInput);
  return {
    ...common,
    ...(field.required ? {} : { optional: true }),
    element: {
      type: "plain_text_input",
      action_id: where.action,
      max_length: maxLength,
      multiline: true,
      ...(field.value !== undefined && field.value.length <= maxLength ? { initial_value: field.value } : {}),
      ...(field.focus ? { focus_on_load: true } : {}),
    },
  };
}
