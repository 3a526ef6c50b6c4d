import type { FormView } from "../../views/model.js";
import { shorten } from "../../views/rich.js";
import { createCard, heading, submitAction, type AdaptiveCard, type CardElement } from "./build.js";
import { toAdaptiveCard } from "./convert.js";
import { escapeMarkdown } from "./text.js";

const CHOICE_TITLE = 80;

/** A form as an Adaptive Card: its title, what it says, its inputs, and a submit button Teams merges the inputs into. */
export function toFormCard(form: FormView): AdaptiveCard {
  const said = toAdaptiveCard({ kind: "message", summary: form.title, blocks: form.blocks });
  const inputs = form.fields.map((field): CardElement => {
    if (field.kind === "choices") {
      return {
        type: "Input.ChoiceSet",
        id: field.id,
        label: field.label,
        ...(field.hint ? { placeholder: field.hint } : {}),
        isMultiSelect: true,
        choices: field.choices.map((choice) => ({ title: shorten(choice.label, CHOICE_TITLE), value: choice.value })),
      };
    }
    return {
      type: "Input.Text",
      id: field.id,
      label: field.label,
      isMultiline: true,
      maxLength: field.maxLength,
      ...(field.hint ? { placeholder: field.hint } : {}),
      ...(field.required ? { isRequired: true, errorMessage: field.required } : {}),
      ...(field.value === undefined ? {} : { value: field.value }),
    };
  });
  const submit = submitAction(shorten(form.submit.label, 40), form.submit.action, { style: "positive" });
  return createCard([heading(escapeMarkdown(form.title)), ...(said.body as CardElement[]), ...inputs], [submit]);
}
