import { z } from "zod";

/** The id of the objection reason box on a card about one proposal. */
export const REASON_INPUT = "reason";

/** The id of the objection reason box of one proposal on a card listing several (ids must be unique per card). */
export function reasonInputId(proposalId: number): string {
  return `${REASON_INPUT}-${proposalId}`;
}

/** Ids of the propose form's inputs; they arrive as fields of the `propose` action. */
export const PROPOSE_INPUTS = {
  text: "text",
  rationale: "rationale",
  example: "example",
  formula: "formula",
  consumers: "consumers",
} as const;

/** An empty or blank input is sent as "": treat it as not given. */
const optionalText = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().optional(),
);

const voteSchema = z.object({
  concord: z.literal("vote"),
  proposalId: z.coerce.number().int().positive(),
  position: z.enum(["approve", "object", "abstain"]),
  reason: optionalText,
});

const proposeSchema = z.object({
  concord: z.literal("propose"),
  term: z.string().trim().min(1),
  domain: optionalText,
  text: optionalText,
  rationale: optionalText,
  /** Comma-separated domain slugs, as a multi-select ChoiceSet sends them. */
  consumers: optionalText,
  example: optionalText,
  formula: optionalText,
});

const shareSchema = z.object({ concord: z.literal("share"), slug: z.string().trim().min(1) });

const proposeFormSchema = z.object({ concord: z.literal("propose-form"), term: z.string().trim().min(1) });

/**
 * What an Action.Submit on a Concord card sends back. Teams merges the card's input values into the action's
 * `data`, so a submitted form arrives as one flat object: `concord` says which action, the rest is its fields.
 */
export const cardActionSchema = z.discriminatedUnion("concord", [voteSchema, proposeSchema, shareSchema, proposeFormSchema]);

/** A card action as the bot receives it, parsed. */
export type CardAction = z.infer<typeof cardActionSchema>;
export type VoteAction = z.infer<typeof voteSchema>;
export type ProposeAction = z.infer<typeof proposeSchema>;
export type ShareAction = z.infer<typeof shareSchema>;
export type ProposeFormAction = z.infer<typeof proposeFormSchema>;

/** What a renderer writes into an Action.Submit's `data` (inputs are merged in by Teams). */
export type CardActionData =
  | { readonly concord: "vote"; readonly proposalId: number; readonly position: VoteAction["position"] }
  | { readonly concord: "propose"; readonly term: string; readonly domain?: string }
  | { readonly concord: "share"; readonly slug: string }
  | { readonly concord: "propose-form"; readonly term: string };

/**
 * Reads an activity's `value` as a card action; undefined when it is not one of Concord's. A vote from a list
 * card carries its reason in `reason-<proposalId>`, which is read as `reason`.
 */
export function parseCardAction(value: unknown): CardAction | undefined {
  const parsed = cardActionSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const action = parsed.data;
  if (action.concord !== "vote" || action.reason !== undefined) return action;
  const listed = (value as Record<string, unknown>)[reasonInputId(action.proposalId)];
  return typeof listed === "string" && listed.trim() !== "" ? { ...action, reason: listed } : action;
}
