import { listedReasonField, parseSubmission } from "../../commands/actions.js";

/** The id of the objection reason box of one proposal on a card listing several. */
export const reasonInputId = listedReasonField;

/**
 * Reads an activity's `value` as Concord's action; undefined when it is not one. Teams merges a card's input values
 * into the submit button's `data`, so a submitted card arrives as one flat object.
 */
export const parseCardAction = parseSubmission;
