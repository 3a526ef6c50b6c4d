import { ensureMember } from "../access.js";
import type { CoreDeps } from "../deps.js";
import { ConcordError } from "../errors.js";
import type { Repositories } from "../ports.js";
import { RELATION_TYPES, type Actor, type RelationType, type Term, type TermRelation } from "../types.js";
import { requireTerm } from "./lookup.js";
import { assertCanManageTerm } from "./stewardship.js";

/**
 * How people write a relation between two terms, read as a sentence "<term> <relation> <other>", and the type it
 * gives the first term's side. "Finance broader than Revenue" says Finance is the broader one: Revenue is one of
 * Finance's narrower terms, as the catalogues (SKOS, OpenMetadata) name a term's relations from its own side.
 */
export const RELATION_PHRASES: Readonly<Record<string, RelationType>> = {
  related: "related",
  "related to": "related",
  "relates to": "related",
  synonym: "synonym",
  "synonym of": "synonym",
  "synonym for": "synonym",
  "same as": "synonym",
  antonym: "antonym",
  "antonym of": "antonym",
  "opposite of": "antonym",
  broader: "narrower",
  "broader than": "narrower",
  narrower: "broader",
  "narrower than": "broader",
  "part of": "part-of",
  "has part": "has-part",
  "has parts": "has-part",
  "see also": "see-also",
};

/** A relation phrase in one spelling: lowercase, hyphens and underscores as spaces, one space between words, without a leading "is (a)". */
export function normaliseRelationPhrase(phrase: string): string {
  return phrase
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[-_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^is (?:an? )?/, "");
}

/** The type a relation phrase gives the first term's side ("part of" → part-of), or undefined for an unknown one. */
export function readRelation(phrase: string): RelationType | undefined {
  return RELATION_PHRASES[normaliseRelationPhrase(phrase)];
}

/** The relations people can write, one spelling each, for a message that lists them. */
export const RELATION_CHOICES = ["related", "synonym of", "antonym of", "broader than", "narrower than", "part of", "has part", "see also"] as const;

/** What the first term is to the other, for each type of its side: "Revenue *is broader than* Net revenue". */
export const RELATION_VERB: Readonly<Record<RelationType, string>> = {
  related: "is related to",
  synonym: "is a synonym of",
  antonym: "is an antonym of",
  broader: "is narrower than",
  narrower: "is broader than",
  "part-of": "is part of",
  "has-part": "has part",
  "see-also": "says see also",
};

/** "Revenue is broader than Net revenue": how a relation of `term`'s side reads in a sentence, unescaped. */
export function describeRelation(term: string, type: RelationType, other: string): string {
  return `${term} ${RELATION_VERB[type]} ${other}`;
}

/** How each type of a term's relations is headed where they are listed ("Narrower terms: A, B"). */
export const RELATION_HEADING: Readonly<Record<RelationType, string>> = {
  related: "Related",
  synonym: "Synonyms",
  antonym: "Antonyms",
  broader: "Broader terms",
  narrower: "Narrower terms",
  "part-of": "Part of",
  "has-part": "Has parts",
  "see-also": "See also",
};

/** A term's relations grouped by type, in the order of RELATION_TYPES, each group as given (by name). */
export function groupRelations(relations: readonly TermRelation[]): { type: RelationType; terms: TermRelation["term"][] }[] {
  return RELATION_TYPES.map((type) => ({ type, terms: relations.filter((r) => r.type === type).map((r) => r.term) })).filter(
    (group) => group.terms.length > 0,
  );
}

/** Relations that cannot both hold between the same two terms, from one side. */
const CONTRADICTS: Readonly<Partial<Record<RelationType, RelationType>>> = {
  broader: "narrower",
  narrower: "broader",
  "part-of": "has-part",
  "has-part": "part-of",
  synonym: "antonym",
  antonym: "synonym",
};

export interface RelationChanged {
  readonly term: Term;
  readonly type: RelationType;
  readonly other: Term;
  readonly action: "relate" | "unrelate";
  /** False when nothing changed (already so related, or not). */
  readonly changed: boolean;
  /** The term's relations now, from its own side. */
  readonly relations: readonly TermRelation[];
}

interface RelationInput {
  readonly term: string;
  readonly relation: string;
  readonly other: string;
}

/** Relates two terms (the first term's owning domain's owners or an admin), refusing what the glossary contradicts. */
export function relateTerms(deps: CoreDeps, actor: Actor, input: RelationInput): Promise<RelationChanged> {
  return changeRelation(deps, actor, input, "relate");
}

/** Removes a relation between two terms (the first term's owning domain's owners or an admin). */
export function unrelateTerms(deps: CoreDeps, actor: Actor, input: RelationInput): Promise<RelationChanged> {
  return changeRelation(deps, actor, input, "unrelate");
}

async function changeRelation(deps: CoreDeps, actor: Actor, input: RelationInput, action: "relate" | "unrelate"): Promise<RelationChanged> {
  const type = readRelation(input.relation);
  if (!type) {
    throw new ConcordError(
      "invalid-input",
      `“${input.relation}” is not a relation Concord knows. Use one of: ${RELATION_CHOICES.join(", ")}.`,
      { relation: input.relation },
    );
  }
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const member = await ensureMember(repos, actor, now);
    const term = await requireTerm(repos, input.term);
    const other = await requireTerm(repos, input.other);
    await assertCanManageTerm(repos, deps.access, actor, member, term, action === "relate" ? "relate it to other terms" : "remove its relations");
    if (other.id === term.id) {
      throw new ConcordError("invalid-input", `A term cannot be related to itself: both names lead to ${term.name}.`, { term: term.slug });
    }
    const before = (await repos.terms.details(term.id)).relations;
    const has = (t: RelationType) => before.some((r) => r.type === t && r.term.id === other.id);
    if (action === "relate") {
      if (has(type)) return { term, type, other, action, changed: false, relations: before };
      await assertFitsHierarchy(repos, term, type, other);
      const contradicted = CONTRADICTS[type];
      if (contradicted && has(contradicted)) {
        throw new ConcordError(
          "invalid-input",
          `Concord already records that ${describeRelation(term.name, contradicted, other.name)}, so it cannot also record that ${describeRelation(term.name, type, other.name)}. ` +
            `Remove the first with \`unrelate ${term.name} ${phraseFor(contradicted)} ${other.name}\` if it is wrong.`,
          { term: term.slug, other: other.slug },
        );
      }
      await repos.terms.addRelation(term.id, type, other.id, now);
    } else {
      if (!has(type)) {
        await explainMissingRelation(repos, term, type, other);
        return { term, type, other, action, changed: false, relations: before };
      }
      await repos.terms.removeRelation(term.id, type, other.id);
    }
    const after = (await repos.terms.details(term.id)).relations;
    await repos.audit.record({
      at: now,
      actorRef: actor.ref,
      action: action === "relate" ? "term.related" : "term.unrelated",
      subjectType: "term",
      subjectId: term.slug,
      before: { relations: before.map(relationJson) },
      after: { relations: after.map(relationJson) },
    });
    return { term, type, other, action, changed: true, relations: after };
  });
}

/** One spelling of a relation of the first term's side, as the chat commands take it. */
export function phraseFor(type: RelationType): string {
  switch (type) {
    case "broader":
      return "narrower than";
    case "narrower":
      return "broader than";
    case "part-of":
      return "part of";
    case "has-part":
      return "has part";
    case "see-also":
      return "see also";
    case "synonym":
      return "synonym of";
    case "antonym":
      return "antonym of";
    case "related":
      return "related to";
  }
}

function relationJson(relation: TermRelation): { type: RelationType; term: string } {
  return { type: relation.type, term: relation.term.slug };
}

/** Where `other` sits relative to `term` through parents: above it, below it, or neither. */
async function placeInHierarchy(repos: Repositories, term: Term, other: Term): Promise<"above" | "below" | undefined> {
  if ((await repos.terms.ancestorIds(term.id)).includes(other.id)) return "above";
  if ((await repos.terms.ancestorIds(other.id)).includes(term.id)) return "below";
  return undefined;
}

/**
 * A broader or narrower relation agrees with the hierarchy or says nothing of it: one the parents already imply
 * is refused as said already, one against them as a cycle; the hierarchy changes only by a proposal.
 */
async function assertFitsHierarchy(repos: Repositories, term: Term, type: RelationType, other: Term): Promise<void> {
  if (type !== "broader" && type !== "narrower") return;
  const place = await placeInHierarchy(repos, term, other);
  if (!place) return;
  // A term's broader terms are above it.
  const implied = (type === "broader") === (place === "above");
  const [upper, lower] = place === "above" ? [other, term] : [term, other];
  if (implied) {
    throw new ConcordError(
      "invalid-input",
      `The hierarchy already says so: ${lower.name} sits under ${upper.name}, so ${upper.name} is broader than ${lower.name}. Nothing changed.`,
      { term: term.slug, other: other.slug },
    );
  }
  throw new ConcordError(
    "invalid-input",
    `That would make a cycle: ${lower.name} sits under ${upper.name} in the hierarchy, so ${lower.name} cannot also be broader than ${upper.name}. ` +
      "A term's place in the hierarchy changes only through a proposal.",
    { term: term.slug, other: other.slug },
  );
}

/** An unrelate of a broader or narrower relation that only the hierarchy holds gets told so, not "no such relation". */
async function explainMissingRelation(repos: Repositories, term: Term, type: RelationType, other: Term): Promise<void> {
  if (type !== "broader" && type !== "narrower") return;
  const place = await placeInHierarchy(repos, term, other);
  if (!place || (type === "broader") !== (place === "above")) return;
  const [upper, lower] = place === "above" ? [other, term] : [term, other];
  throw new ConcordError(
    "invalid-input",
    `${lower.name} sits under ${upper.name} in the hierarchy, which no relation can undo: a term's place in the hierarchy changes only through a proposal.`,
    { term: term.slug, other: other.slug },
  );
}
