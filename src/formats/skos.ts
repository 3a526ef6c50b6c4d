import N3 from "n3";
import type { BlankNode, Literal, NamedNode, Quad, Quad_Object, Quad_Subject } from "n3";
import { termSlug } from "../core/text/index.js";
import type {
  GlossaryExport,
  GlossaryRecord,
  GlossaryReference,
  GlossaryRelation,
  ImportProblem,
  LocatedRecord,
  RelationType,
} from "../core/index.js";
import { domainSlugOf, GlossaryFileError, type ReadGlossary } from "./types.js";

/*
 * SKOS in Turtle, read with n3's parser and written with its writer.
 *
 * A skos:Concept is a term; the file's first skos:ConceptScheme is the glossary's scheme. Names, aliases, the
 * definition and the example are the prefLabel, altLabels, definition and example in one language: the reader's
 * `language` ("en" by default, or a regional form such as en-GB), else untagged ones, else the first label's. The
 * parent is the one broader concept in the file (stated as broader or as the other's narrower); of several, the one
 * named by concord:parent, else the first by IRI, the others being broader relations (with a note); a top concept
 * (hasTopConcept, topConceptOf) has none. A concept without a prefLabel is named after the end of its IRI (with a
 * note, and no prefLabel written back); a blank-node concept is read (with a note) and exported with a minted IRI,
 * or skipped when it has no label either. Mappings (exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch)
 * and rdfs:seeAlso to IRIs outside the file are references labelled with the property's name, written back as it.
 *
 * What Concord holds and SKOS lacks is written in Concord's own namespace, CONCORD_NS (prefix `concord:`):
 *   concord:owner / concord:consumer   a domain node `<scheme>/domain/<slug> a concord:Domain; concord:slug "sales";
 *                                      rdfs:label "Sales"` (a node without a slug gets one from its label)
 *   concord:policy, concord:tag, concord:formula, concord:steward   plain literals
 *   concord:status "draft"             a draft (imported as an open proposal); deprecated is owl:deprecated true
 *   concord:synonym, concord:antonym, concord:partOf, concord:hasPart   relations SKOS has no word for
 *                                      (see-also is rdfs:seeAlso, related skos:related)
 *   concord:variant [ concord:domain <domain node>; concord:text "…" ]   a domain's variant, mirrored for other tools
 *                                      as a plain skos:scopeNote "sales: …": the node is what Concord reads back; a
 *                                      scopeNote without one is kept as it is, never guessed to be a variant
 *   concord:reference [ rdfs:label "…"; concord:url <…> ]   a named link that is not a SKOS mapping
 *   concord:parent <…>                 which broader concept is the parent, written only where there are several
 *   concord:extra [ concord:key "openmetadata.color"; concord:value "…" ]   another format's kept field
 *
 * Kept in a record's extras, so an export writes them back: "skos.iri" (the concept's IRI), "skos.language" (the
 * chosen language, "" for untagged), "skos.<property>@<language>" (prefLabel, altLabel, definition, example,
 * scopeNote in the other languages: a prefLabel as its text, the others as a JSON list; no "@…" for untagged),
 * "skos.definition.language" / "skos.example.language" (when taken from another language), "skos.prefLabel.missing"
 * and "skos.triples" (every other statement about the concept, as N-Triples). Kept in the glossary's extras:
 * "skos.scheme" (its IRI), "skos.scheme.title" (for display), "skos.scheme.triples" and "skos.domain.<slug>" (a
 * domain node's IRI, where the file gave its own).
 */

/** Concord's namespace for what SKOS has no property for. */
export const CONCORD_NS = "https://concord.dev/ns#";
/** The scheme an export names when the glossary was never read from SKOS; concepts are minted under it. */
export const DEFAULT_SCHEME_IRI = "https://concord.dev/glossary";

const SKOS = "http://www.w3.org/2004/02/skos/core#";
const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS = "http://www.w3.org/2000/01/rdf-schema#";
const OWL = "http://www.w3.org/2002/07/owl#";
const DCT = "http://purl.org/dc/terms/";
const XSD = "http://www.w3.org/2001/XMLSchema#";

const { namedNode, literal, blankNode, quad } = N3.DataFactory;
const iri = {
  type: namedNode(`${RDF}type`),
  Concept: namedNode(`${SKOS}Concept`),
  ConceptScheme: namedNode(`${SKOS}ConceptScheme`),
  inScheme: namedNode(`${SKOS}inScheme`),
  hasTopConcept: namedNode(`${SKOS}hasTopConcept`),
  topConceptOf: namedNode(`${SKOS}topConceptOf`),
  prefLabel: namedNode(`${SKOS}prefLabel`),
  altLabel: namedNode(`${SKOS}altLabel`),
  definition: namedNode(`${SKOS}definition`),
  example: namedNode(`${SKOS}example`),
  scopeNote: namedNode(`${SKOS}scopeNote`),
  broader: namedNode(`${SKOS}broader`),
  narrower: namedNode(`${SKOS}narrower`),
  seeAlso: namedNode(`${RDFS}seeAlso`),
  label: namedNode(`${RDFS}label`),
  deprecated: namedNode(`${OWL}deprecated`),
  title: namedNode(`${DCT}title`),
  Domain: namedNode(`${CONCORD_NS}Domain`),
  slug: namedNode(`${CONCORD_NS}slug`),
  owner: namedNode(`${CONCORD_NS}owner`),
  consumer: namedNode(`${CONCORD_NS}consumer`),
  policy: namedNode(`${CONCORD_NS}policy`),
  tag: namedNode(`${CONCORD_NS}tag`),
  formula: namedNode(`${CONCORD_NS}formula`),
  steward: namedNode(`${CONCORD_NS}steward`),
  status: namedNode(`${CONCORD_NS}status`),
  variant: namedNode(`${CONCORD_NS}variant`),
  domain: namedNode(`${CONCORD_NS}domain`),
  text: namedNode(`${CONCORD_NS}text`),
  reference: namedNode(`${CONCORD_NS}reference`),
  url: namedNode(`${CONCORD_NS}url`),
  parent: namedNode(`${CONCORD_NS}parent`),
  extra: namedNode(`${CONCORD_NS}extra`),
  key: namedNode(`${CONCORD_NS}key`),
  value: namedNode(`${CONCORD_NS}value`),
} as const;

/** Relations other than broader and narrower (which also carry the parent), by the property each is written as. */
const RELATION_PROPERTIES: readonly (readonly [Exclude<RelationType, "broader" | "narrower">, NamedNode])[] = [
  ["related", namedNode(`${SKOS}related`)],
  ["synonym", namedNode(`${CONCORD_NS}synonym`)],
  ["antonym", namedNode(`${CONCORD_NS}antonym`)],
  ["part-of", namedNode(`${CONCORD_NS}partOf`)],
  ["has-part", namedNode(`${CONCORD_NS}hasPart`)],
  ["see-also", iri.seeAlso],
];
const MAPPING_LABELS = ["exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"] as const;
/** The literal properties whose values in the languages not chosen are kept in extras, `skos.<property>@<language>`. */
const LANGUAGE_PROPERTIES = ["prefLabel", "altLabel", "definition", "example", "scopeNote"] as const;
type LanguageProperty = (typeof LANGUAGE_PROPERTIES)[number];
const LANGUAGE_KEY = /^skos\.(prefLabel|altLabel|definition|example|scopeNote)(?:@(.+))?$/;

/** How to read a SKOS file. */
export interface SkosReadOptions {
  /** The language whose labels become term names and aliases ("en" by default); else untagged ones, else the first. */
  readonly language?: string;
}

/** How to write one. */
export interface SkosWriteOptions {
  /** The scheme IRI when the glossary holds none from an earlier import ("skos.scheme"). */
  readonly scheme?: string;
  /** The language tag for terms that were not read from SKOS ("en" by default). */
  readonly language?: string;
}

type Node = NamedNode | BlankNode;

/** A key naming a subject across the file: an IRI as itself, a blank node as `_:label`. */
function keyOf(term: Quad_Object | Quad_Subject): string {
  return term.termType === "BlankNode" ? `_:${term.value}` : term.value;
}

function isNode(term: Quad_Object): term is Node {
  return term.termType === "NamedNode" || term.termType === "BlankNode";
}

const ANONYMOUS = "~";

function show(node: Node): string {
  if (node.termType === "NamedNode") return `<${node.value}>`;
  return node.value.startsWith(ANONYMOUS) ? "a blank node ([ … ])" : `the blank node _:${node.value}`;
}

interface ParsedFile {
  readonly quads: readonly Quad[];
  readonly lineOf: Map<Quad, number>;
}

/** Parses Turtle, remembering for each statement the line n3 was reading when it completed it. */
function parseTurtle(text: string): ParsedFile {
  let line = 1;
  const lineOf = new Map<Quad, number>();
  let anonymous = 0;
  const factory = {
    ...N3.DataFactory,
    // A `[ … ]` node gets a label no file can write, so messages can tell it from a labelled one.
    blankNode: (name?: string) => blankNode(name ?? `${ANONYMOUS}${anonymous++}`),
    quad: (subject: Quad_Subject, predicate: Quad["predicate"], object: Quad_Object, graph?: Quad["graph"]) => {
      const made = quad(subject, predicate, object, graph);
      lineOf.set(made, line);
      return made;
    },
  };
  // Labelled blank nodes keep the file's labels ("_:" leaves them unprefixed), for messages.
  const parser = new N3.Parser({ format: "text/turtle", factory, blankNodePrefix: "_:" });
  // n3 parses synchronously, returning the statements, when given observers but no onQuad; its types omit that form.
  const parse = parser.parse.bind(parser) as unknown as (input: string, observers: { onToken(token: { line: number }): void }) => Quad[];
  try {
    return { quads: parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { onToken: (token) => (line = token.line) }), lineOf };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const at = (error as Error & { context?: { line?: number } }).context?.line;
    const message = error.message.replace(/ on line \d+\.$/, "");
    throw new GlossaryFileError([{ where: at === undefined ? "file" : `line ${at}`, message: `not readable as Turtle: ${message}` }]);
  }
}

/** The statements of a file by subject, in file order, and which of them the reader has used. */
class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  private readonly used = new Set<Quad>();
  constructor(private readonly file: ParsedFile) {
    const index = (map: Map<string, Quad[]>, key: string, q: Quad) => {
      const list = map.get(key);
      if (list) list.push(q);
      else map.set(key, [q]);
    };
    for (const q of file.quads) {
      index(this.bySubject, keyOf(q.subject), q);
      if (isNode(q.object)) index(this.byObject, keyOf(q.object), q);
    }
  }
  get quads(): readonly Quad[] {
    return this.file.quads;
  }
  about(subject: Node): readonly Quad[] {
    return this.bySubject.get(keyOf(subject)) ?? [];
  }
  /** The statements `? predicate object`. */
  pointingAt(object: Node, predicate: NamedNode): readonly Quad[] {
    return (this.byObject.get(keyOf(object)) ?? []).filter((q) => q.predicate.equals(predicate));
  }
  subjects(): Node[] {
    return [...this.bySubject.values()].map((quads) => quads[0]!.subject as Node);
  }
  use(...quads: readonly Quad[]): void {
    for (const q of quads) this.used.add(q);
  }
  isUsed(q: Quad): boolean {
    return this.used.has(q);
  }
  /** The first line a subject's statements were completed on. */
  lineOf(subject: Node): number | undefined {
    let first: number | undefined;
    for (const q of this.about(subject)) {
      const line = this.file.lineOf.get(q);
      if (line !== undefined && (first === undefined || line < first)) first = line;
    }
    if (first !== undefined) return first;
    const mention = this.byObject.get(keyOf(subject))?.[0];
    return mention && this.file.lineOf.get(mention);
  }
  /** The first literal of `subject predicate ?`, marked as used. */
  literal(subject: Node, predicate: NamedNode): Literal | undefined {
    const found = this.about(subject).find((q) => q.predicate.equals(predicate) && q.object.termType === "Literal");
    if (found) this.used.add(found);
    return found?.object as Literal | undefined;
  }
}

/** The subject's unused statements, and those of the blank nodes they lead to, as N-Triples with stable labels. */
function keepUnused(graph: Graph, subject: Node, as: NamedNode): string | undefined {
  const kept: Quad[] = [];
  const labels = new Map<string, BlankNode>();
  const relabel = <T extends Quad_Object>(term: T): T | BlankNode => {
    if (term.termType !== "BlankNode") return term;
    let label = labels.get(term.value);
    if (!label) labels.set(term.value, (label = blankNode(`b${labels.size}`)));
    return label;
  };
  const visit = (node: Node) => {
    for (const q of graph.about(node)) {
      if (graph.isUsed(q)) continue;
      graph.use(q);
      kept.push(quad(node === subject ? as : relabel(node as BlankNode), q.predicate, relabel(q.object)));
      if (q.object.termType === "BlankNode") visit(q.object);
    }
  };
  visit(subject);
  return kept.length === 0 ? undefined : new N3.Writer({ format: "N-Triples" }).quadsToString(kept);
}

/** Statements kept by `keepUnused`, about `as`, with blank node labels unique to `scope`. */
function restoreKept(text: string | undefined, as: NamedNode, scope: string): Quad[] {
  if (!text) return [];
  let parsed: Quad[];
  try {
    parsed = new N3.Parser({ format: "N-Triples", blankNodePrefix: `_:${scope}_` }).parse(text);
  } catch (error) {
    throw new Error(`The SKOS statements kept for ${as.value} are not N-Triples`, { cause: error });
  }
  return parsed.map((q) => (q.subject.termType === "NamedNode" ? quad(as, q.predicate, q.object) : q));
}

function isTrue(term: Quad_Object): boolean {
  return term.termType === "Literal" && (term.value === "true" || term.value === "1");
}

/** The last path or fragment segment of an IRI, percent-decoded: `…/Churn%20Rate` → "Churn Rate". */
function lastSegment(value: string): string {
  const segment = value.replace(/[/#]+$/, "").split(/[/#:]/).at(-1) ?? value;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A concept IRI minted under the scheme: `<scheme>/<slug>`. */
function mintIri(scheme: string, name: string): string {
  return `${baseOf(scheme)}${termSlug(name)}`;
}

/** A domain's IRI when the file gave it none of its own: `<scheme>/domain/<slug>`. */
function domainIri(scheme: string, slug: string): string {
  return `${baseOf(scheme)}domain/${slug}`;
}

/** The scheme IRI as a namespace for what is minted under it. */
function baseOf(scheme: string): string {
  return /[/#]$/.test(scheme) ? scheme : `${scheme}/`;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueNodes(nodes: readonly Node[]): Node[] {
  const seen = new Set<string>();
  return nodes.filter((node) => !seen.has(keyOf(node)) && seen.add(keyOf(node)));
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareCodePoints(a, b)));
}

/** The language chosen among literals: the wanted one (or a regional form of it), else untagged (""), else the first one's. */
function chooseLanguage(literals: readonly Literal[], wanted: string): string {
  if (literals.some((l) => l.language.toLowerCase() === wanted)) return wanted;
  const regional = literals.find((l) => l.language.toLowerCase().startsWith(`${wanted}-`));
  if (regional) return regional.language.toLowerCase();
  if (literals.length === 0 || literals.some((l) => l.language === "")) return literals.length === 0 ? wanted : "";
  return literals[0]!.language.toLowerCase();
}

/** A text in a language: tagged, or plain when the language is "". */
function textIn(value: string, language: string): Literal {
  return language === "" ? literal(value) : literal(value, language);
}

/** One concept as the reader gathers it, before its parent and relations are resolved. */
interface ConceptDraft {
  readonly node: Node;
  readonly where: string;
  readonly name: string;
  readonly fields: Record<string, unknown>;
  readonly extras: Record<string, string>;
  /** The concepts of the file it is narrower than, stated from either side. */
  readonly broader: Node[];
  readonly parentHint: Node | undefined;
}

interface ReadContext {
  readonly graph: Graph;
  readonly wanted: string;
  readonly notes: ImportProblem[];
  readonly isConcept: (term: Quad_Object) => boolean;
  readonly domainOf: (term: Quad_Object, where: string) => string | undefined;
}

/**
 * Reads a SKOS Turtle file: each skos:Concept becomes a record located by its line and IRI, the first
 * skos:ConceptScheme the glossary's scheme. A file that cannot be read as a glossary (broken Turtle, no concept,
 * two concepts with one name, a cycle of broader concepts) is refused with a GlossaryFileError naming each problem.
 */
export function readSkosTurtle(text: string, options: SkosReadOptions = {}): ReadGlossary {
  const wanted = (options.language ?? "en").toLowerCase();
  const graph = new Graph(parseTurtle(text));
  const notes: ImportProblem[] = [];
  const whereOf = (node: Node) => {
    const line = graph.lineOf(node);
    return line === undefined ? show(node) : `line ${line} (${show(node)})`;
  };

  const typed = (type: NamedNode) => graph.quads.filter((q) => q.predicate.equals(iri.type) && q.object.equals(type));
  const schemes = uniqueNodes(typed(iri.ConceptScheme).map((q) => q.subject as Node));
  const isScheme = (node: Node) => schemes.some((s) => s.equals(node));
  const conceptNodes = uniqueNodes([
    ...typed(iri.Concept).map((q) => q.subject as Node),
    ...graph.quads.filter((q) => q.predicate.equals(iri.inScheme) || q.predicate.equals(iri.topConceptOf)).map((q) => q.subject as Node),
    ...graph.quads.filter((q) => q.predicate.equals(iri.hasTopConcept) && isNode(q.object)).map((q) => q.object as Node),
  ]).filter((node) => !isScheme(node));
  if (conceptNodes.length === 0) {
    throw new GlossaryFileError([
      { where: "file", message: "it holds no skos:Concept, so it is not a SKOS glossary (each term is a subject with `a skos:Concept`)" },
    ]);
  }
  conceptNodes.sort((a, b) => (graph.lineOf(a) ?? Infinity) - (graph.lineOf(b) ?? Infinity));
  const concepts = new Set(conceptNodes.map(keyOf));
  const isConcept = (term: Quad_Object) => isNode(term) && concepts.has(keyOf(term));

  const [scheme, ...otherSchemes] = schemes;
  for (const other of otherSchemes) {
    notes.push({
      where: whereOf(other),
      message: `a second concept scheme: Concord holds one glossary, so its concepts are read into ${show(scheme!)}, and an export writes that scheme alone`,
    });
  }
  for (const s of schemes) {
    graph.use(...graph.about(s).filter((q) => (q.predicate.equals(iri.type) && q.object.equals(iri.ConceptScheme)) || q.predicate.equals(iri.hasTopConcept)));
  }
  const schemeIri = scheme?.termType === "NamedNode" ? scheme.value : DEFAULT_SCHEME_IRI;

  const domainNames = new Map<string, string>();
  const domainIris = new Map<string, string>();
  const domainOf = (term: Quad_Object, where: string): string | undefined => {
    if (term.termType === "Literal") return term.value.trim();
    if (!isNode(term)) return undefined;
    graph.use(...graph.about(term).filter((q) => q.predicate.equals(iri.type) && q.object.equals(iri.Domain)));
    const slug = graph.literal(term, iri.slug);
    const label = graph.literal(term, iri.label);
    const value = slug?.value.trim() || domainSlugOf(label?.value ?? lastSegment(term.value));
    if (label) domainNames.set(value, label.value.trim());
    if (term.termType === "NamedNode" && term.value !== domainIri(schemeIri, value)) domainIris.set(value, term.value);
    if (!slug && !label) notes.push({ where, message: `the domain ${show(term)} has no concord:slug or rdfs:label; it is read as "${value}"` });
    return value;
  };

  const context: ReadContext = { graph, wanted, notes, isConcept, domainOf };
  const drafts = conceptNodes.flatMap((node) => readConcept(context, node, whereOf(node), schemeIri) ?? []);

  const bySlug = new Map<string, ConceptDraft>();
  const sameNames: ImportProblem[] = [];
  for (const draft of drafts) {
    const slug = termSlug(draft.name);
    const earlier = bySlug.get(slug);
    if (earlier) {
      sameNames.push({
        where: draft.where,
        message: `its label "${draft.name}" names the same term as ${show(earlier.node)} ("${earlier.name}", ${earlier.where}); Concord's term names are unique, so give one of them another prefLabel`,
      });
    } else if (slug !== "") bySlug.set(slug, draft);
  }
  if (sameNames.length > 0) throw new GlossaryFileError(sameNames);

  const byKey = new Map(drafts.map((d) => [keyOf(d.node), d]));
  const isTopConcept = (node: Node) =>
    graph.pointingAt(node, iri.hasTopConcept).some((q) => isScheme(q.subject as Node)) ||
    graph.about(node).some((q) => q.predicate.equals(iri.topConceptOf));
  const parentOf = new Map<ConceptDraft, ConceptDraft>();
  for (const draft of drafts) {
    const candidates = uniqueNodes(draft.broader)
      .filter((node) => byKey.has(keyOf(node)))
      .sort((a, b) => compareCodePoints(keyOf(a), keyOf(b)));
    if (candidates.length > 0 && isTopConcept(draft.node)) {
      notes.push({ where: draft.where, message: "a top concept of the scheme, so a top-level term: its broader concepts are read as relations" });
      continue;
    }
    const hinted = draft.parentHint && candidates.find((c) => c.equals(draft.parentHint!));
    const parent = hinted ?? candidates[0];
    if (parent) parentOf.set(draft, byKey.get(keyOf(parent))!);
    if (candidates.length > 1 && !hinted) {
      notes.push({
        where: draft.where,
        message: `it has ${candidates.length} broader concepts in the file; the first by IRI, ${show(parent!)}, is read as its parent and the others as broader relations`,
      });
    }
  }

  const cycles = findCycles(drafts, (d) => parentOf.get(d));
  if (cycles.length > 0) {
    throw new GlossaryFileError(
      cycles.map((cycle) => ({
        where: cycle[0]!.where,
        message: `its broader concepts lead back to it (${[...cycle, cycle[0]!].map((d) => `"${d.name}"`).join(" → ")}); a term cannot be its own ancestor`,
      })),
    );
  }

  // A broader or narrower statement to a concept other than the parent is a relation of the concept that states it;
  // one stated from both sides is kept once, as the narrower concept's broader.
  const relationsOf = (draft: ConceptDraft): GlossaryRelation[] => {
    const relations: GlossaryRelation[] = [];
    const seen = new Set<string>();
    const add = (type: RelationType, other: ConceptDraft) => {
      const key = `${type} ${keyOf(other.node)}`;
      if (!seen.has(key)) relations.push({ type, term: other.name });
      seen.add(key);
    };
    for (const q of graph.about(draft.node)) {
      const other = isNode(q.object) ? byKey.get(keyOf(q.object)) : undefined;
      if (!other) {
        if (isConcept(q.object) && graph.isUsed(q)) {
          notes.push({ where: draft.where, message: `its ${shortName(q.predicate.value)} names a concept that was skipped (${show(q.object as Node)}), so it is left out` });
        }
        continue;
      }
      if (q.predicate.equals(iri.broader) && parentOf.get(draft) !== other) add("broader", other);
      if (q.predicate.equals(iri.narrower) && parentOf.get(other) !== draft) {
        const statedBack = graph.about(other.node).some((back) => back.predicate.equals(iri.broader) && back.object.equals(draft.node));
        if (!statedBack) add("narrower", other);
      }
      const typedRelation = RELATION_PROPERTIES.find(([, property]) => property.equals(q.predicate));
      if (typedRelation) add(typedRelation[0], other);
    }
    return relations;
  };

  const children = new Map<ConceptDraft | undefined, ConceptDraft[]>();
  for (const draft of drafts) {
    const parent = parentOf.get(draft);
    children.set(parent, [...(children.get(parent) ?? []), draft]);
  }
  const records: LocatedRecord[] = [];
  const emit = (draft: ConceptDraft) => {
    const extras = { ...draft.extras };
    const as = namedNode(draft.node.termType === "NamedNode" ? draft.node.value : mintIri(schemeIri, draft.name));
    const kept = keepUnused(graph, draft.node, as);
    if (kept) extras["skos.triples"] = kept;
    records.push({
      where: draft.where,
      data: { ...draft.fields, name: draft.name, parent: parentOf.get(draft)?.name ?? null, relations: relationsOf(draft), extras: sortKeys(extras) },
    });
    for (const child of children.get(draft) ?? []) emit(child);
  };
  for (const root of children.get(undefined) ?? []) emit(root);

  const extras: Record<string, string> = {};
  if (scheme) {
    if (scheme.termType === "NamedNode") extras["skos.scheme"] = scheme.value;
    const titles = graph
      .about(scheme)
      .filter((q) => q.predicate.equals(iri.title) || q.predicate.equals(iri.prefLabel) || q.predicate.equals(iri.label))
      .map((q) => q.object)
      .filter((o): o is Literal => o.termType === "Literal");
    const language = chooseLanguage(titles, wanted);
    const title = titles.find((t) => t.language.toLowerCase() === language);
    // For display only: the title statements themselves are kept with the scheme's others.
    if (title) extras["skos.scheme.title"] = title.value;
    const kept = keepUnused(graph, scheme, namedNode(schemeIri));
    if (kept) extras["skos.scheme.triples"] = kept;
  }
  for (const [slug, domain] of domainIris) extras[`skos.domain.${slug}`] = domain;
  for (const other of otherSchemes) keepUnused(graph, other, namedNode(schemeIri));

  for (const subject of graph.subjects()) {
    if (subject.termType === "BlankNode" || concepts.has(keyOf(subject)) || isScheme(subject)) continue;
    if (graph.about(subject).some((q) => !graph.isUsed(q))) {
      notes.push({ where: whereOf(subject), message: "neither a concept, the concept scheme nor a Concord domain: not imported" });
    }
  }
  return {
    records,
    domains: [...domainNames].sort(([a], [b]) => compareCodePoints(a, b)).map(([slug, name]) => ({ slug, name })),
    notes,
    extras: sortKeys(extras),
  };
}

/** Gathers one concept's fields in one pass over its statements; undefined (with a note) when it cannot be named. */
function readConcept(context: ReadContext, node: Node, where: string, schemeIri: string): ConceptDraft | undefined {
  const { graph, wanted, notes, isConcept, domainOf } = context;
  const note = (message: string) => notes.push({ where, message });
  const texts = new Map<LanguageProperty, Quad[]>(LANGUAGE_PROPERTIES.map((p) => [p, []]));
  const broader: Node[] = [];
  const references: GlossaryReference[] = [];
  const variants: { domain: string; text: string }[] = [];
  const consumers: string[] = [];
  const tags: string[] = [];
  const stewards: string[] = [];
  const extras: Record<string, string> = {};
  let owner: string | undefined;
  let policy: string | undefined;
  let formula: string | undefined;
  let deprecated = false;
  let draft = false;
  let parentHint: Node | undefined;

  for (const q of graph.about(node)) {
    const { predicate, object } = q;
    const property = predicate.value;
    const local = property.startsWith(SKOS) ? property.slice(SKOS.length) : undefined;
    if (predicate.equals(iri.type)) {
      if (object.equals(iri.Concept)) graph.use(q);
    } else if (predicate.equals(iri.inScheme) || predicate.equals(iri.topConceptOf)) {
      graph.use(q);
    } else if (local && (LANGUAGE_PROPERTIES as readonly string[]).includes(local) && object.termType === "Literal") {
      texts.get(local as LanguageProperty)!.push(q);
    } else if (predicate.equals(iri.broader) || predicate.equals(iri.narrower) || RELATION_PROPERTIES.some(([, p]) => p.equals(predicate))) {
      if (isConcept(object)) {
        if (predicate.equals(iri.broader)) broader.push(object as Node);
        graph.use(q);
      } else if (predicate.equals(iri.seeAlso) && object.termType === "NamedNode") {
        references.push({ label: "seeAlso", url: object.value });
        graph.use(q);
      } else {
        note(`its ${shortName(property)} ${object.termType === "Literal" ? `"${object.value}"` : show(object as Node)} is not a concept of this file; it is kept for export, but is not a relation in Concord`);
      }
    } else if (local && (MAPPING_LABELS as readonly string[]).includes(local) && object.termType === "NamedNode") {
      references.push({ label: local, url: object.value });
      graph.use(q);
    } else if (predicate.equals(iri.reference) && isNode(object)) {
      const label = graph.literal(object, iri.label);
      const url = graph.about(object).find((r) => r.predicate.equals(iri.url));
      if (url) {
        graph.use(q, url);
        references.push({ label: label?.value ?? "", url: url.object.value });
      }
    } else if (predicate.equals(iri.deprecated) && object.termType === "Literal") {
      deprecated = isTrue(object);
      graph.use(q);
    } else if (predicate.equals(iri.status) && object.termType === "Literal" && object.value === "draft") {
      draft = true;
      graph.use(q);
    } else if (predicate.equals(iri.owner) && owner === undefined) {
      owner = domainOf(object, where);
      graph.use(q);
    } else if (predicate.equals(iri.consumer)) {
      const slug = domainOf(object, where);
      if (slug) consumers.push(slug);
      graph.use(q);
    } else if (predicate.equals(iri.variant) && isNode(object)) {
      const domain = graph.about(object).find((r) => r.predicate.equals(iri.domain));
      const variantText = graph.about(object).find((r) => r.predicate.equals(iri.text) && r.object.termType === "Literal");
      const slug = domain && domainOf(domain.object, where);
      if (slug && variantText) {
        graph.use(q, domain, variantText);
        variants.push({ domain: slug, text: variantText.object.value });
      } else note("a concord:variant without concord:domain or concord:text; it is kept for export, but is not a variant in Concord");
    } else if (predicate.equals(iri.parent) && isNode(object)) {
      parentHint = object;
      graph.use(q);
    } else if (predicate.equals(iri.extra) && isNode(object)) {
      const key = graph.literal(object, iri.key);
      const value = graph.literal(object, iri.value);
      if (key && value) {
        extras[key.value] = value.value;
        graph.use(q);
      }
    } else if (object.termType === "Literal" && !graph.isUsed(q)) {
      if (predicate.equals(iri.policy) && policy === undefined) policy = object.value;
      else if (predicate.equals(iri.formula) && formula === undefined) formula = object.value;
      else if (predicate.equals(iri.tag)) tags.push(object.value);
      else if (predicate.equals(iri.steward)) stewards.push(object.value);
      else continue;
      graph.use(q);
    }
  }
  for (const q of graph.pointingAt(node, iri.narrower)) if (isConcept(q.subject)) broader.push(q.subject as Node);

  const labels = texts.get("prefLabel")!.map((q) => q.object as Literal);
  const language = chooseLanguage(labels.length > 0 ? labels : texts.get("definition")!.map((q) => q.object as Literal), wanted);
  const inLanguage = (p: LanguageProperty) => texts.get(p)!.filter((q) => (q.object as Literal).language.toLowerCase() === language);
  const take = (quads: readonly Quad[]) => {
    graph.use(...quads);
    return quads.map((q) => q.object.value);
  };

  const [nameQuad, ...morePrefLabels] = inLanguage("prefLabel");
  let name: string;
  if (nameQuad) {
    name = take([nameQuad])[0]!;
  } else if (node.termType === "NamedNode") {
    name = lastSegment(node.value);
    extras["skos.prefLabel.missing"] = "true";
    note(`it has no skos:prefLabel${labels.length > 0 ? ` in "${language}"` : ""}, so it is read as "${name}", the end of its IRI`);
  } else {
    note("a blank-node concept without a skos:prefLabel: Concord cannot name it, so it is skipped");
    return undefined;
  }
  if (morePrefLabels.length > 0) note(`it has ${morePrefLabels.length + 1} prefLabels in "${language}"; the first names it and the others are read as aliases`);
  if (node.termType === "BlankNode") {
    note(`a blank-node concept (no IRI); an export gives it the IRI <${mintIri(schemeIri, name)}>`);
  } else {
    extras["skos.iri"] = node.value;
  }
  extras["skos.language"] = language;

  /** The value of a one-value text: in the chosen language, else untagged, else the first; its language kept if other. */
  const single = (p: "definition" | "example"): string | null => {
    const all = texts.get(p)!;
    const chosen = inLanguage(p)[0] ?? all.find((q) => (q.object as Literal).language === "") ?? all[0];
    if (!chosen) return null;
    const tag = (chosen.object as Literal).language.toLowerCase();
    if (tag !== language) extras[`skos.${p}.language`] = tag;
    return take([chosen])[0]!;
  };
  const definition = single("definition");
  const example = single("example");
  const aliases = [...take(morePrefLabels), ...take(inLanguage("altLabel"))];
  for (const variant of variants) {
    const mirror = inLanguage("scopeNote").find((q) => q.object.value === `${variant.domain}: ${variant.text}` && !graph.isUsed(q));
    if (mirror) graph.use(mirror);
  }
  for (const p of LANGUAGE_PROPERTIES) {
    const byTag = new Map<string, string[]>();
    for (const q of texts.get(p)!) {
      if (graph.isUsed(q)) continue;
      const tag = (q.object as Literal).language.toLowerCase();
      if (p === "prefLabel" && byTag.has(tag)) continue; // a second one in a language stays with the kept statements
      graph.use(q);
      byTag.set(tag, [...(byTag.get(tag) ?? []), q.object.value]);
    }
    for (const [tag, values] of byTag) {
      extras[`skos.${p}${tag === "" ? "" : `@${tag}`}`] = p === "prefLabel" ? values[0]! : JSON.stringify(values);
    }
  }

  return {
    node,
    where,
    name,
    broader,
    parentHint,
    extras,
    fields: {
      definition,
      example,
      formula: formula ?? null,
      aliases,
      owner: owner ?? null,
      consumers,
      tags,
      policy: policy ?? null,
      status: deprecated ? "deprecated" : "active",
      variants,
      references,
      stewards,
      draft,
    },
  };
}

/** "http://www.w3.org/2004/02/skos/core#related" → "skos:related", for messages. */
function shortName(property: string): string {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (property.startsWith(namespace)) return `${prefix}:${property.slice(namespace.length)}`;
  }
  return `<${property}>`;
}

const PREFIXES = { skos: SKOS, rdfs: RDFS, owl: OWL, dct: DCT, xsd: XSD, concord: CONCORD_NS } as const;

/** Every cycle of parents, each once, as the drafts along it. */
function findCycles<T>(items: readonly T[], parentOf: (item: T) => T | undefined): T[][] {
  const state = new Map<T, "visiting" | "done">();
  const cycles: T[][] = [];
  for (const start of items) {
    const path: T[] = [];
    let current: T | undefined = start;
    while (current !== undefined && state.get(current) === undefined) {
      state.set(current, "visiting");
      path.push(current);
      current = parentOf(current);
    }
    if (current !== undefined && state.get(current) === "visiting") cycles.push(path.slice(path.indexOf(current)));
    for (const item of path) state.set(item, "done");
  }
  return cycles;
}

type Predicate = Quad["predicate"];
type Pair = { predicate: Predicate; object: Quad_Object };

/**
 * Writes the glossary as SKOS Turtle: one skos:ConceptScheme (the one it was read from, else `options.scheme`) and
 * a skos:Concept per term, parents before children, with the IRIs it was read with (new terms get
 * `<scheme>/<slug>`). Writing what `readSkosTurtle` read gives the same text again.
 */
export function writeSkosTurtle(glossary: GlossaryExport, options: SkosWriteOptions = {}): string {
  const extras = glossary.extras ?? {};
  const schemeIri = extras["skos.scheme"] ?? options.scheme ?? DEFAULT_SCHEME_IRI;
  const scheme = namedNode(schemeIri);
  const base = baseOf(schemeIri);
  const defaultLanguage = (options.language ?? "en").toLowerCase();

  const iriBySlug = new Map<string, string>();
  const taken = new Set<string>();
  for (const term of glossary.terms) {
    const kept = term.extras?.["skos.iri"];
    if (kept && !taken.has(kept)) {
      iriBySlug.set(termSlug(term.name), kept);
      taken.add(kept);
    }
  }
  const mint = (name: string) => {
    const first = mintIri(schemeIri, name);
    let minted = first;
    for (let n = 2; taken.has(minted); n++) minted = `${first}-${n}`;
    taken.add(minted);
    return minted;
  };
  for (const term of glossary.terms) {
    const slug = termSlug(term.name);
    if (!iriBySlug.has(slug)) iriBySlug.set(slug, mint(term.name));
  }
  const conceptOf = (name: string) => namedNode(iriBySlug.get(termSlug(name)) ?? mintIri(schemeIri, name));
  const domainOf = (slug: string) => namedNode(extras[`skos.domain.${slug}`] ?? domainIri(schemeIri, slug));

  // A parent is marked as such where a concept has other broader concepts, so it is read back as the parent.
  const broaderCount = new Map<string, number>();
  const count = (name: string) => broaderCount.set(termSlug(name), (broaderCount.get(termSlug(name)) ?? 0) + 1);
  const children = new Map<string, GlossaryRecord[]>();
  for (const term of glossary.terms) {
    if (term.parent) {
      count(term.name);
      children.set(termSlug(term.parent), [...(children.get(termSlug(term.parent)) ?? []), term]);
    }
    for (const relation of term.relations ?? []) {
      if (relation.type === "broader") count(term.name);
      if (relation.type === "narrower") count(relation.term);
    }
  }

  const writer = new N3.Writer({ prefixes: { "": base, ...PREFIXES } });
  const add = (subject: Quad_Subject, pairs: readonly Pair[]) => {
    for (const { predicate, object } of pairs) writer.addQuad(subject, predicate, object);
  };
  const schemePairs: Pair[] = [{ predicate: iri.type, object: iri.ConceptScheme }];
  const schemeKept = restoreKept(extras["skos.scheme.triples"], scheme, "s");
  if (schemeKept.length === 0 && extras["skos.scheme.title"]) {
    schemePairs.push({ predicate: iri.title, object: textIn(extras["skos.scheme.title"], defaultLanguage) });
  }
  schemePairs.push(...schemeKept.filter((q) => q.subject.equals(scheme)));
  for (const term of glossary.terms) if (!term.parent) schemePairs.push({ predicate: iri.hasTopConcept, object: conceptOf(term.name) });
  add(scheme, schemePairs);
  for (const q of schemeKept.filter((q) => !q.subject.equals(scheme))) writer.addQuad(q);

  glossary.terms.forEach((term, index) => {
    const subject = conceptOf(term.name);
    const kept = term.extras ?? {};
    const language = (kept["skos.language"] ?? defaultLanguage).toLowerCase();
    const pairs: Pair[] = [
      { predicate: iri.type, object: iri.Concept },
      { predicate: iri.inScheme, object: scheme },
    ];
    if (!term.parent) pairs.push({ predicate: iri.topConceptOf, object: scheme });
    const texts = (p: LanguageProperty, values: readonly string[], tag = language) => {
      const predicate = namedNode(`${SKOS}${p}`);
      for (const value of values) pairs.push({ predicate, object: textIn(value, tag) });
      for (const key of Object.keys(kept).sort(compareCodePoints)) {
        const match = LANGUAGE_KEY.exec(key);
        if (match?.[1] !== p) continue;
        const values = p === "prefLabel" ? [kept[key]!] : parseList(kept[key]!);
        for (const value of values) pairs.push({ predicate, object: textIn(value, match[2] ?? "") });
      }
    };
    const iriName = kept["skos.prefLabel.missing"] === "true" && term.name === lastSegment(subject.value);
    texts("prefLabel", iriName ? [] : [term.name]);
    texts("altLabel", term.aliases);
    texts("definition", [term.definition], kept["skos.definition.language"] ?? language);
    texts("example", term.example === null ? [] : [term.example], kept["skos.example.language"] ?? language);
    texts(
      "scopeNote",
      term.variants.map((v) => `${v.domain}: ${v.text}`),
    );
    if (term.parent) pairs.push({ predicate: iri.broader, object: conceptOf(term.parent) });
    if (term.parent && (broaderCount.get(termSlug(term.name)) ?? 0) > 1) pairs.push({ predicate: iri.parent, object: conceptOf(term.parent) });
    for (const child of children.get(termSlug(term.name)) ?? []) pairs.push({ predicate: iri.narrower, object: conceptOf(child.name) });
    for (const relation of term.relations ?? []) {
      const predicate =
        relation.type === "broader" ? iri.broader : relation.type === "narrower" ? iri.narrower : RELATION_PROPERTIES.find(([t]) => t === relation.type)![1];
      pairs.push({ predicate, object: conceptOf(relation.term) });
    }
    for (const reference of term.references ?? []) {
      const mapping = (MAPPING_LABELS as readonly string[]).includes(reference.label) ? namedNode(`${SKOS}${reference.label}`) : undefined;
      if (mapping) pairs.push({ predicate: mapping, object: namedNode(reference.url) });
      else if (reference.label === "seeAlso") pairs.push({ predicate: iri.seeAlso, object: namedNode(reference.url) });
      else {
        const node = writer.blank([
          { predicate: iri.label, object: literal(reference.label) },
          { predicate: iri.url, object: namedNode(reference.url) },
        ]);
        pairs.push({ predicate: iri.reference, object: node });
      }
    }
    if (term.status === "deprecated") pairs.push({ predicate: iri.deprecated, object: literal("true", namedNode(`${XSD}boolean`)) });
    if (term.draft) pairs.push({ predicate: iri.status, object: literal("draft") });
    if (term.owner) pairs.push({ predicate: iri.owner, object: domainOf(term.owner) });
    for (const consumer of term.consumers) pairs.push({ predicate: iri.consumer, object: domainOf(consumer) });
    if (term.policy) pairs.push({ predicate: iri.policy, object: literal(term.policy) });
    for (const tag of term.tags) pairs.push({ predicate: iri.tag, object: literal(tag) });
    if (term.formula !== null) pairs.push({ predicate: iri.formula, object: literal(term.formula) });
    for (const steward of term.stewards ?? []) pairs.push({ predicate: iri.steward, object: literal(steward) });
    for (const variant of term.variants) {
      const node = writer.blank([
        { predicate: iri.domain, object: domainOf(variant.domain) },
        { predicate: iri.text, object: literal(variant.text) },
      ]);
      pairs.push({ predicate: iri.variant, object: node });
    }
    for (const key of Object.keys(kept).sort(compareCodePoints)) {
      if (key.startsWith("skos.")) continue;
      const node = writer.blank([
        { predicate: iri.key, object: literal(key) },
        { predicate: iri.value, object: literal(kept[key]!) },
      ]);
      pairs.push({ predicate: iri.extra, object: node });
    }
    const restored = restoreKept(kept["skos.triples"], subject, `t${index}`);
    pairs.push(...restored.filter((q) => q.subject.equals(subject)));
    add(subject, pairs);
    for (const q of restored.filter((q) => !q.subject.equals(subject))) writer.addQuad(q);
  });

  const named = new Map(glossary.domains.map((d) => [d.slug, d.name]));
  const slugs = new Set<string>(named.keys());
  for (const term of glossary.terms) {
    for (const slug of [...(term.owner ? [term.owner] : []), ...term.consumers, ...term.variants.map((v) => v.domain)]) slugs.add(slug);
  }
  for (const slug of [...slugs].sort(compareCodePoints)) {
    const pairs: Pair[] = [
      { predicate: iri.type, object: iri.Domain },
      { predicate: iri.slug, object: literal(slug) },
    ];
    const name = named.get(slug);
    if (name !== undefined) pairs.push({ predicate: iri.label, object: literal(name) });
    add(domainOf(slug), pairs);
  }

  let written = "";
  writer.end((error, result: string) => {
    if (error) throw error;
    written = result;
  });
  return written;
}

/** A kept list of texts (a JSON array of strings); a lone string is one text. */
function parseList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
  } catch {
    // Not a list: one text.
  }
  return [value];
}
