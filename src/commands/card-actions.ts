import type { CoreDeps } from "../core/deps.js";
import { castVote, isConcordError, lookupTerm, openProposal, previewProposal, type Actor } from "../core/index.js";
import type { CardAction } from "../teams/cards/actions.js";
import type { Reply } from "./execute.js";
import { describeVote } from "./format.js";
import { checkDefinitionText, checkTermName, type FieldProblem } from "./intents.js";

/** What a clicked button or a submitted card form produced: a sentence, or a reply to render as a card. */
export type CardActionResult =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "reply"; readonly reply: Reply; readonly shared?: boolean };

/**
 * Runs a card action (vote, propose, share, open the propose form) for any surface that shows Concord's cards:
 * Teams and the local console. Users' mistakes come back as text; other errors are thrown.
 */
export async function runCardAction(
  deps: CoreDeps,
  actor: Actor,
  action: CardAction,
  voterName?: string,
): Promise<CardActionResult> {
  try {
    switch (action.concord) {
      case "vote": {
        const result = await castVote(deps, actor, {
          proposalId: action.proposalId,
          position: action.position,
          ...(action.reason ? { reason: action.reason } : {}),
        });
        return { kind: "text", text: describeVote(result, action.position, voterName) };
      }
      case "propose": {
        // A card form is typed text like a command: the same checks of length and characters apply.
        const problem =
          checkTermName(action.term) ??
          (action.text ? checkDefinitionText(action.text) : undefined) ??
          [
            ["A rationale", action.rationale],
            ["An example", action.example],
            ["A formula", action.formula],
          ].reduce<FieldProblem | undefined>(
            (found, [label, value]) => found ?? (value ? checkDefinitionText(value, label) : undefined),
            undefined,
          );
        if (problem) return { kind: "text", text: problem.message };
        const opened = await openProposal(deps, actor, {
          term: action.term,
          text: action.text ?? "",
          ...(action.domain ? { domain: action.domain } : {}),
          ...(action.rationale ? { rationale: action.rationale } : {}),
          ...(action.example ? { example: action.example } : {}),
          ...(action.formula ? { formula: action.formula } : {}),
          consumers: (action.consumers ?? "").split(",").map((s) => s.trim()).filter(Boolean),
        });
        return { kind: "reply", reply: { kind: "proposal-opened", opened } };
      }
      case "share": {
        const result = await lookupTerm(deps, action.slug);
        if (result.kind !== "found") return { kind: "text", text: "That term is no longer in the glossary." };
        return { kind: "reply", reply: { kind: "lookup", result }, shared: true };
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
          },
        };
      }
    }
  } catch (error) {
    if (!isConcordError(error)) throw error;
    return { kind: "text", text: error.message };
  }
}
