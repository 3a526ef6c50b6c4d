/**
 * Every action_id, callback_id and block_id Concord's Slack surfaces use: the renderers write them and the listeners
 * match on them, so both read them from here.
 */

/** Vote buttons on a proposal (message, pending list, App Home, reminder); value = the proposal id in decimal. */
export const VOTE_APPROVE = "vote_approve";
export const VOTE_OBJECT = "vote_object";
export const VOTE_ABSTAIN = "vote_abstain";
/** The three vote action_ids, for a listener registering one pattern. */
export const VOTE_ACTIONS = [VOTE_APPROVE, VOTE_OBJECT, VOTE_ABSTAIN] as const;

/** "Share in channel" under an ephemeral lookup; value = the term slug. */
export const SHARE_TERM = "share_term";
/** "Propose X" under a lookup that found nothing; value = what the user typed. */
export const PROPOSE_FROM_LOOKUP = "propose_term";
/** The buttons on a changed data product's notice; value = the usage id in decimal. */
export const USAGE_PROPOSE = "usage_propose";
export const USAGE_VARIANT = "usage_variant";
export const USAGE_UNLINK = "usage_unlink";
export const USAGE_ACTIONS = [USAGE_PROPOSE, USAGE_VARIANT, USAGE_UNLINK] as const;
/** Accept / Reject beside a suggested link in `links <term>`; value = the suggestion id in decimal. */
export const SUGGESTION_ACCEPT = "suggestion_accept";
export const SUGGESTION_REJECT = "suggestion_reject";
export const SUGGESTION_ACTIONS = [SUGGESTION_ACCEPT, SUGGESTION_REJECT] as const;
/** Link buttons (history page, proposal page); Slack still sends block_actions for them, which listeners just ack. */
export const OPEN_LINK = "open_link";

/** The App Home search box: an input with dispatch_action, so Enter sends block_actions. */
export const HOME_SEARCH = "home_search";
export const HOME_SEARCH_BLOCK = "home_search_block";

/** The propose form; private_metadata is JSON `{ term, domain?, channelId? }`. */
export const PROPOSE_MODAL = "propose_modal";
export const DEFINITION_BLOCK = "propose_definition_block";
export const DEFINITION_ACTION = "propose_definition";
export const RATIONALE_BLOCK = "propose_rationale_block";
export const RATIONALE_ACTION = "propose_rationale";
/** Consuming domains: a multi_static_select whose option values are domain slugs. */
export const CONSUMERS_BLOCK = "propose_consumers_block";
export const CONSUMERS_ACTION = "propose_consumers";
export const EXAMPLE_BLOCK = "propose_example_block";
export const EXAMPLE_ACTION = "propose_example";
export const FORMULA_BLOCK = "propose_formula_block";
export const FORMULA_ACTION = "propose_formula";

/** The objection form; private_metadata is JSON `{ proposalId }`. */
export const OBJECT_MODAL = "object_modal";
export const OBJECT_REASON_BLOCK = "object_reason_block";
export const OBJECT_REASON_ACTION = "object_reason";
