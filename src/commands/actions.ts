import { z } from "zod";
import type { CoreDeps } from "../core/deps.js";
import {
  castVote,
  decideSuggestion,
  isConcordError,
  listDomains,
  lookupTerm,
  openProposal,
  previewProposal,
  proposeFromUsage,
  recordUsageVariant,
  rejectUsageLink,
  type Actor,
  type ProposalOrigin,
  type SuggestionDecided,
} from "../core/index.js";
import { lookupReply, type Reply } from "./execute.js";
import { describeDriftReasons, describeVote, percent, possessive } from "./format.js";
import { checkDefinitionText, checkTermName } from "./intents.js";

/** An empty or blank input is sent as "": treat it as not given. */
const optionalText = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().optional(),
);

const voteSchema = z.object({
  concord: z.literal("vote"),
  proposalId: z.coerce.number().int().positive().max(2_147_483_647),
  position: z.enum(["approve", "object", "abstain"]),
  reason: optionalText,
});

const proposeSchema = z.object({
  concord: z.literal("propose"),
  term: z.string().trim().min(1),
  domain: optionalText,
  text: optionalText,
  rationale: optionalText,
  /** Comma-separated domain slugs, as a multiple choice sends them. */
  consumers: optionalText,
  example: optionalText,
  formula: optionalText,
});

const shareSchema = z.object({ concord: z.literal("share"), slug: z.string().trim().min(1) });

const usageId = z.coerce.number().int().positive().max(2_147_483_647);
/** The buttons on a changed data product's notice: propose its text, record it as the domain's variant, or unlink it. */
const usageProposeSchema = z.object({ concord: z.literal("usage-propose"), usageId });
const usageVariantSchema = z.object({ concord: z.literal("usage-variant"), usageId });
const usageUnlinkSchema = z.object({ concord: z.literal("usage-unlink"), usageId });

const suggestionId = z.coerce.number().int().positive().max(2_147_483_647);
/** The buttons beside a suggested link in `links <term>`: accept it as a usage, or reject it for good. */
const suggestionAcceptSchema = z.object({ concord: z.literal("suggestion-accept"), suggestionId });
const suggestionRejectSchema = z.object({ concord: z.literal("suggestion-reject"), suggestionId });

const proposeFormSchema = z.object({ concord: z.literal("propose-form"), term: z.string().trim().min(1) });

/**
 * What a button or a submitted form asks Concord to do, on every face: vote, open the propose form, share a
 * lookup, or open a proposal from the form's fields. `concord` says which; each face decodes its own envelope
 * (Slack's action ids and modal state, Teams' submit data, the console's posts) to this.
 */
export const actionSchema = z.discriminatedUnion("concord", [
  voteSchema,
  proposeSchema,
  shareSchema,
  proposeFormSchema,
  usageProposeSchema,
  usageVariantSchema,
  usageUnlinkSchema,
  suggestionAcceptSchema,
  suggestionRejectSchema,
]);

/** An action, parsed. */
export type Action = z.infer<typeof actionSchema>;
type VoteAction = z.infer<typeof voteSchema>;
type ProposeAction = z.infer<typeof proposeSchema>;

/** The input names of the propose form: the fields of a `propose` action. */
export const PROPOSE_FIELDS = {
  text: "text",
  rationale: "rationale",
  example: "example",
  formula: "formula",
  consumers: "consumers",
} as const;

/** The input name of an objection's reason: the `reason` of a `vote` action. */
export const REASON_FIELD = "reason";

/** The input name of one proposal's reason box on a card listing several (names must be unique per card). */
export function listedReasonField(proposalId: number): string {
  return `${REASON_FIELD}-${proposalId}`;
}

/**
 * Reads an action sent back with the values of its card's inputs merged in (how Teams submits a card, and the
 * console too); undefined when it is not one of Concord's. A vote from a card listing several proposals carries
 * its reason in `reason-<proposalId>`, which is read as `reason`.
 */
export function parseSubmission(value: unknown): Action | undefined {
  const parsed = actionSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const action = parsed.data;
  if (action.concord !== "vote" || action.reason !== undefined) return action;
  const listed = (value as Record<string, unknown>)[listedReasonField(action.proposalId)];
  return typeof listed === "string" && listed.trim() !== "" ? { ...action, reason: listed } : action;
}

/** What an action produced: a sentence for whoever acted, a reply to show, or what to correct in the form sent. */
export type ActionResult =
  | { readonly kind: "text"; readonly text: string }
  /** `shared`: shown to the whole conversation, without the buttons meant for whoever looked it up. */
  | { readonly kind: "reply"; readonly reply: Reply; readonly shared?: boolean }
  /** The form's fields to correct, by field name, each with what is wrong. */
  | { readonly kind: "invalid"; readonly errors: Readonly<Record<string, string>> }
  /** Concord refused it for a reason the person can act on (not an owner, already closed, …). */
  | { readonly kind: "refused"; readonly message: string };

/**
 * Runs an action from any face (a Slack button or modal, a Teams card, the console): the one place a vote, a share,
 * the propose form and its submission are carried out. Mistakes come back as results; other errors are thrown.
 */
export async function runAction(
  deps: CoreDeps,
  actor: Actor,
  action: Action,
  options: { readonly voterName?: string; readonly origin?: ProposalOrigin } = {},
): Promise<ActionResult> {
  try {
    switch (action.concord) {
      case "vote": {
        if (action.position === "object") {
          const problem = action.reason === undefined ? "Please say why you object." : checkDefinitionText(action.reason, "A reason")?.message;
          if (problem) return { kind: "invalid", errors: { [REASON_FIELD]: problem } };
        }
        const result = await castVote(deps, actor, {
          proposalId: action.proposalId,
          position: action.position,
          ...(action.reason ? { reason: action.reason } : {}),
        });
        return { kind: "text", text: describeVote(result, VOTE_NOUN[action.position], options.voterName) };
      }
      case "propose": {
        const errors = checkProposeFields(action);
        if (Object.keys(errors).length > 0) return { kind: "invalid", errors };
        const opened = await openProposal(deps, actor, {
          term: action.term,
          text: action.text ?? "",
          ...(action.domain ? { domain: action.domain } : {}),
          ...(action.rationale ? { rationale: action.rationale } : {}),
          ...(action.example ? { example: action.example } : {}),
          ...(action.formula ? { formula: action.formula } : {}),
          consumers: (action.consumers ?? "").split(",").map((s) => s.trim()).filter(Boolean),
          ...(options.origin ? { origin: options.origin } : {}),
        });
        return { kind: "reply", reply: { kind: "proposal-opened", opened } };
      }
      case "share": {
        const result = await lookupTerm(deps, action.slug);
        if (result.kind !== "found") return { kind: "refused", message: "That term is no longer in the glossary." };
        return { kind: "reply", reply: await lookupReply(deps, result), shared: true };
      }
      case "usage-propose":
        return { kind: "reply", reply: { kind: "proposal-opened", opened: await proposeFromUsage(deps, actor, action.usageId) } };
      case "usage-variant": {
        return { kind: "reply", reply: { kind: "variant", recorded: await recordUsageVariant(deps, actor, action.usageId) } };
      }
      case "usage-unlink": {
        const unlinked = await rejectUsageLink(deps, actor, action.usageId);
        return { kind: "text", text: `Unlinked ${unlinked.path} from ${unlinked.term}: it will not be linked or suggested again.` };
      }
      case "suggestion-accept":
      case "suggestion-reject": {
        const decision = action.concord === "suggestion-accept" ? "accept" : "reject";
        return { kind: "text", text: describeDecision(await decideSuggestion(deps, actor, { suggestionId: action.suggestionId, decision })) };
      }
      case "propose-form": {
        const preview = await previewProposal(deps, { term: action.term });
        return {
          kind: "reply",
          reply: {
            kind: "propose-form",
            term: preview.term?.name ?? action.term,
            existing: preview.term,
            currentText: preview.currentText,
            nearDuplicates: preview.nearDuplicates,
            domains: await listDomains(deps),
          },
        };
      }
    }
  } catch (error) {
    if (!isConcordError(error)) throw error;
    return { kind: "refused", message: error.message };
  }
}

/** What accepting or rejecting a suggested link did, as one sentence for whoever clicked. */
function describeDecision(decided: SuggestionDecided): string {
  const where = `${decided.path} (${possessive(decided.domain.name)} ${decided.project})`;
  if (!decided.usage) return `Rejected the link from ${where} to ${decided.term.name}: no ingest will suggest it again.`;
  const { drift, version } = decided.usage;
  const reasons = describeDriftReasons(drift?.reasons);
  const measured = drift
    ? `it drifts ${percent(drift.score)} (${drift.level}) from the agreed definition (version ${version})${reasons ? ` — ${reasons}` : ""}`
    : "it has no description to measure yet";
  return `Linked ${where} to ${decided.term.name}: it is now a usage of the term, and ${measured}.`;
}

/** How each position reads in "Recorded your … on proposal #12". */
const VOTE_NOUN: Record<VoteAction["position"], string> = { approve: "approve", object: "objection", abstain: "abstain" };

/** The propose form's fields checked like typed text: lengths and characters, and a definition that is there. */
function checkProposeFields(action: ProposeAction): Record<string, string> {
  const errors: Record<string, string> = {};
  const term = checkTermName(action.term);
  const text = action.text === undefined ? "Please write the definition you propose." : checkDefinitionText(action.text)?.message;
  if (term) errors[PROPOSE_FIELDS.text] = term.message;
  else if (text) errors[PROPOSE_FIELDS.text] = text;
  for (const [field, label] of [
    [PROPOSE_FIELDS.rationale, "A rationale"],
    [PROPOSE_FIELDS.example, "An example"],
    [PROPOSE_FIELDS.formula, "A formula"],
  ] as const) {
    const value = action[field];
    const problem = value === undefined ? undefined : checkDefinitionText(value, label)?.message;
    if (problem) errors[field] = problem;
  }
  return errors;
}

/** The first thing to correct in a form, as one sentence (for a face that cannot mark the field itself). */
export function firstProblem(errors: Readonly<Record<string, string>>): string {
  return Object.values(errors)[0] ?? "Please check the form and send it again.";
}
