import { actionSchema, type Action } from "../../commands/actions.js";
import { PROPOSE_FROM_LOOKUP, SHARE_TERM, SUGGESTION_ACCEPT, SUGGESTION_REJECT, USAGE_PROPOSE, USAGE_UNLINK, USAGE_VARIANT, VOTE_ABSTAIN, VOTE_APPROVE, VOTE_OBJECT } from "./ids.js";

const VOTE_IDS = { approve: VOTE_APPROVE, object: VOTE_OBJECT, abstain: VOTE_ABSTAIN } as const;
const USAGE_IDS = { "usage-propose": USAGE_PROPOSE, "usage-variant": USAGE_VARIANT, "usage-unlink": USAGE_UNLINK } as const;
const SUGGESTION_IDS = { "suggestion-accept": SUGGESTION_ACCEPT, "suggestion-reject": SUGGESTION_REJECT } as const;

/** A button's action as Slack carries it: which listener it reaches (action_id) and its value; undefined for a form's submission. */
export function encodeAction(action: Action): { readonly actionId: string; readonly value: string } | undefined {
  switch (action.concord) {
    case "vote":
      return { actionId: VOTE_IDS[action.position], value: String(action.proposalId) };
    case "share":
      return { actionId: SHARE_TERM, value: action.slug };
    case "propose-form":
      return { actionId: PROPOSE_FROM_LOOKUP, value: action.term };
    case "usage-propose":
    case "usage-variant":
    case "usage-unlink":
      return { actionId: USAGE_IDS[action.concord], value: String(action.usageId) };
    case "suggestion-accept":
    case "suggestion-reject":
      return { actionId: SUGGESTION_IDS[action.concord], value: String(action.suggestionId) };
    case "propose":
      return undefined;
  }
}

/** The action a clicked Slack button carries; undefined when the click is not one Concord's buttons send. */
export function decodeAction(actionId: string, value: string | undefined): Action | undefined {
  const raw = value ?? "";
  const position = (Object.keys(VOTE_IDS) as (keyof typeof VOTE_IDS)[]).find((key) => VOTE_IDS[key] === actionId);
  const usage = (Object.keys(USAGE_IDS) as (keyof typeof USAGE_IDS)[]).find((key) => USAGE_IDS[key] === actionId);
  const suggestion = (Object.keys(SUGGESTION_IDS) as (keyof typeof SUGGESTION_IDS)[]).find((key) => SUGGESTION_IDS[key] === actionId);
  const candidate =
    usage !== undefined
      ? { concord: usage, usageId: raw }
      : suggestion !== undefined
      ? { concord: suggestion, suggestionId: raw }
      : position !== undefined
      ? { concord: "vote", proposalId: raw, position }
      : actionId === SHARE_TERM
        ? { concord: "share", slug: raw.slice(0, 200) }
        : actionId === PROPOSE_FROM_LOOKUP
          ? { concord: "propose-form", term: raw.slice(0, 120) }
          : undefined;
  const parsed = actionSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}
