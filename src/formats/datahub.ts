/**
 * DataHub's business glossary YAML (the file its `datahub-business-glossary` ingestion source reads), both ways.
 *
 * How the two models meet:
 * - DataHub's nodes (term groups) and terms are both Concord terms; a node's or term's place under a node is its
 *   parent. A node's description is its definition; a node without one gets a definition saying it groups the terms
 *   under it (a note says so), and an export leaves the description out again while that definition is unchanged
 *   (`datahub.generated-definition`). A Concord term with children is written as a node; a childless node stays a
 *   node (`datahub.node`).
 * - Relations, read from the term's own side: `inherits` ("is a") → broader, `contains` ("has a") → has-part,
 *   `related_terms` → related; written back the same way. Concord's other relation types (synonym, antonym,
 *   narrower, part-of, see-also), and every relation of a term written as a node (nodes hold none), travel in the
 *   custom property `concord.relations` as JSON. `values` (a term's allowed values) has no Concord relation: the terms
 *   it names are kept by name (`datahub.values`) and written back as their name paths. References are name paths
 *   (`Node.Sub.Term`) or a term's `id`; one that names nothing in the file points at a term elsewhere in DataHub: it
 *   is reported and kept (`datahub.unresolved`) for the next export, never made a relation.
 * - `knowledge_links` ↔ references; `owners` (users and groups, or the typed form: one or a list of
 *   `{type, typeUrn, users, groups}`) → stewards "user:<id>" and "group:<id>", or the urn as written; the typed form
 *   is kept whole (`datahub.owners`) while the stewards are unchanged. `domain` (a name or `urn:li:domain:<id>`) → the
 *   owning domain, its slug made from the name or id.
 * - `id`, `term_source`, `source_ref`, `source_url` and other custom properties → extras (`datahub.<field>`); the
 *   file's `source`, `url`, `source_type` and `owners` → the glossary's extras.
 * - Concord's fields DataHub lacks are custom properties, as strings: `concord.status` (deprecated; DataHub's file has
 *   no status), `concord.draft`, `concord.policy`, `concord.example`, `concord.formula`, `concord.aliases`,
 *   `concord.tags`, `concord.consumers` ("; "-separated, `\;` for a literal semicolon), `concord.variants` (JSON; the
 *   current definition only is written, so variants carry no base version), and for a term written as a node
 *   `concord.owner` and `concord.term-fields` (its term-only DataHub fields, as JSON).
 */
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type YAMLMap } from "yaml";
import type { GlossaryExport, GlossaryRecord, GlossaryRelation, ImportProblem, RelationType } from "../core/index.js";
import { termSlug } from "../core/text/index.js";
import { joinList, splitList } from "./csv.js";
import { domainSlugOf, GlossaryFileError, type ReadGlossary } from "./types.js";

/** DataHub's relation fields and the Concord relation type each one is. */
const RELATION_FIELDS = [
  ["inherits", "broader"],
  ["contains", "has-part"],
  ["related_terms", "related"],
] as const satisfies readonly (readonly [string, RelationType])[];
type RelationField = (typeof RELATION_FIELDS)[number][0];
type ReferenceField = RelationField | "values";
const REFERENCE_FIELDS: readonly ReferenceField[] = ["inherits", "contains", "values", "related_terms"];

const TOP_FIELDS = ["version", "source", "owners", "url", "source_type", "nodes", "terms"];
const NODE_FIELDS = ["id", "name", "description", "owners", "terms", "nodes", "knowledge_links", "custom_properties"];
const TERM_FIELDS = [
  "id",
  "name",
  "description",
  "term_source",
  "source_ref",
  "source_url",
  "owners",
  "inherits",
  "contains",
  "values",
  "related_terms",
  "custom_properties",
  "knowledge_links",
  "domain",
];
const OWNER_FIELDS = ["type", "typeUrn", "users", "groups"];
/** Term fields a node cannot hold: a term written as a node keeps them in `concord.term-fields`. */
const TERM_ONLY_EXTRAS = ["datahub.term_source", "datahub.source_ref", "datahub.source_url", "datahub.domain", "datahub.values", "datahub.unresolved"];

const CONCORD_PREFIX = "concord.";
const CONCORD_PROPERTIES = [
  "status",
  "draft",
  "policy",
  "example",
  "formula",
  "aliases",
  "tags",
  "consumers",
  "variants",
  "relations",
  "owner",
  "term-fields",
] as const;
type ConcordProperty = (typeof CONCORD_PROPERTIES)[number];

const DOMAIN_SLUG = /^[a-z][a-z0-9-]{1,39}$/;
const DOMAIN_URN = "urn:li:domain:";
const TERM_URN = "urn:li:glossaryTerm:";
/** Aliases resolved while reading, at most: a file that expands one anchor into thousands is refused, not walked. */
const MAX_ALIASES = 1_000;

/** One owners entry in DataHub's form. */
interface OwnersEntry {
  type?: string;
  typeUrn?: string;
  users?: string[];
  groups?: string[];
}
type Owners = OwnersEntry | OwnersEntry[];

/** A node or term found in the file, before references are resolved. */
interface Entry {
  readonly kind: "node" | "term";
  readonly where: string;
  readonly name: string;
  /** Its name path, as DataHub's references name it. */
  readonly path: string;
  readonly parent: Entry | null;
  readonly fields: ReadonlyMap<string, { node: YamlNode | null; where: string }>;
  childCount: number;
}

/** The slug a term's `domain` (a name or `urn:li:domain:<id>`) names, and the domain's display name. */
function parseDomain(raw: string): { slug: string; name: string } {
  if (raw.startsWith(DOMAIN_URN)) {
    const id = raw.slice(DOMAIN_URN.length);
    return { slug: DOMAIN_SLUG.test(id) ? id : domainSlugOf(id), name: id };
  }
  return { slug: domainSlugOf(raw), name: raw.trim() };
}

function stewardOf(kind: "user" | "group", id: string): string {
  return id.startsWith("urn:li:") ? id : `${kind}:${id}`;
}

function stewardsOf(owners: Owners): string[] {
  return (Array.isArray(owners) ? owners : [owners]).flatMap((entry) => [
    ...(entry.users ?? []).map((u) => stewardOf("user", u)),
    ...(entry.groups ?? []).map((g) => stewardOf("group", g)),
  ]);
}

/** Reads the walk's YAML nodes, collecting problems (the file cannot be read) and notes (something not imported). */
class Walker {
  readonly problems: ImportProblem[] = [];
  readonly notes: ImportProblem[] = [];
  private aliases = 0;

  constructor(
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  where(node: YamlNode | null | undefined, fallback: string): string {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : `line ${this.lines.linePos(offset).line}`;
  }

  problem(where: string, message: string): void {
    this.problems.push({ where, message });
  }

  note(where: string, message: string): void {
    this.notes.push({ where, message });
  }

  /** The node an alias stands for (counted, so an alias bomb stops early); other nodes as they are. */
  resolve(node: unknown, where: string): YamlNode | null {
    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) {
        if (this.aliases === MAX_ALIASES + 1) {
          this.problem(where, `the file uses aliases more than ${MAX_ALIASES.toLocaleString("en-US")} times; write the values out`);
        }
        return null;
      }
      const target = node.resolve(this.doc);
      if (!target) {
        this.problem(where, `the alias *${node.source} names no anchor (&${node.source}) before it`);
        return null;
      }
      return target as YamlNode;
    }
    return (node ?? null) as YamlNode | null;
  }

  /** The fields of a mapping, with where each value is; unknown fields are noted, not imported. */
  fields(map: YAMLMap, known: readonly string[], what: string): Map<string, { node: YamlNode | null; where: string }> {
    const fields = new Map<string, { node: YamlNode | null; where: string }>();
    for (const pair of map.items) {
      const keyNode = this.resolve(pair.key, this.where(map, "file"));
      const where = this.where(keyNode, this.where(map, "file"));
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) {
        this.problem(where, `${what} has a key that is not text`);
        continue;
      }
      if (!known.includes(key)) {
        this.note(where, `${what} has the field "${key}", which DataHub's business glossary does not define; it was not imported`);
        continue;
      }
      const raw = pair.value as YamlNode | null;
      fields.set(key, { node: raw, where: this.where(raw, where) });
    }
    return fields;
  }

  /** A scalar as text (DataHub reads numbers and booleans as their text); null or absent → undefined. */
  text(field: { node: YamlNode | null; where: string } | undefined, what: string): string | undefined {
    if (!field) return undefined;
    const node = this.resolve(field.node, field.where);
    if (node === null) return undefined;
    if (isScalar(node)) {
      if (node.value === null || node.value === undefined) return undefined;
      if (typeof node.value === "string" || typeof node.value === "number" || typeof node.value === "boolean") return String(node.value);
    }
    this.problem(field.where, `${what} must be text, not ${isMap(node) ? "a mapping" : isSeq(node) ? "a list" : "this value"}`);
    return undefined;
  }

  /** A list of texts (term references, user and group ids). */
  textList(field: { node: YamlNode | null; where: string } | undefined, what: string): { value: string; where: string }[] {
    if (!field) return [];
    const node = this.resolve(field.node, field.where);
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.problem(field.where, `${what} must be a list (each item on its own "- " line)`);
      return [];
    }
    return node.items.flatMap((item) => {
      const where = this.where(item as YamlNode, field.where);
      const value = this.text({ node: item as YamlNode, where }, `an item of ${what}`);
      return value === undefined || value.trim() === "" ? [] : [{ value: value.trim(), where }];
    });
  }

  owners(field: { node: YamlNode | null; where: string } | undefined, what: string): Owners | undefined {
    if (!field) return undefined;
    const node = this.resolve(field.node, field.where);
    if (node === null || (isScalar(node) && node.value === null)) return undefined;
    const entry = (item: YamlNode | null, where: string): OwnersEntry | undefined => {
      const resolved = this.resolve(item, where);
      if (!isMap(resolved)) {
        this.problem(where, `${what} must be a mapping of users and groups (or a list of them, each with its type)`);
        return undefined;
      }
      const fields = this.fields(resolved, OWNER_FIELDS, what);
      const out: OwnersEntry = {};
      const type = this.text(fields.get("type"), "an owners type");
      const typeUrn = this.text(fields.get("typeUrn"), "an owners typeUrn");
      const users = this.textList(fields.get("users"), "users").map((u) => u.value);
      const groups = this.textList(fields.get("groups"), "groups").map((g) => g.value);
      if (type !== undefined) out.type = type;
      if (typeUrn !== undefined) out.typeUrn = typeUrn;
      if (users.length > 0) out.users = users;
      if (groups.length > 0) out.groups = groups;
      return out;
    };
    if (isSeq(node)) {
      return node.items.flatMap((item) => entry(item as YamlNode, this.where(item as YamlNode, field.where)) ?? []);
    }
    return entry(node, field.where);
  }

  references(field: { node: YamlNode | null; where: string } | undefined): { label: string; url: string }[] {
    if (!field) return [];
    const node = this.resolve(field.node, field.where);
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.problem(field.where, "knowledge_links must be a list of { label, url }");
      return [];
    }
    return node.items.flatMap((item) => {
      const where = this.where(item as YamlNode, field.where);
      const link = this.resolve(item, where);
      if (!isMap(link)) {
        this.problem(where, "a knowledge link must be a mapping with a label and a url");
        return [];
      }
      const fields = this.fields(link, ["url", "label"], "a knowledge link");
      const url = this.text(fields.get("url"), "a knowledge link's url")?.trim();
      const label = this.text(fields.get("label"), "a knowledge link's label") ?? "";
      if (!url) {
        this.note(where, `the knowledge link "${label}" has no url; it was not imported`);
        return [];
      }
      return [{ label, url }];
    });
  }

  /** Custom properties as key/value pairs in file order: a mapping, or a list of one-key mappings as DataHub's docs show. */
  customProperties(field: { node: YamlNode | null; where: string } | undefined): { key: string; value: string; where: string }[] {
    if (!field) return [];
    const node = this.resolve(field.node, field.where);
    if (node === null || (isScalar(node) && node.value === null)) return [];
    const maps = isMap(node)
      ? [node]
      : isSeq(node)
        ? node.items.flatMap((item) => {
            const resolved = this.resolve(item, field.where);
            if (isMap(resolved)) return [resolved];
            this.problem(this.where(item as YamlNode, field.where), "custom_properties must be a mapping of names to texts");
            return [];
          })
        : undefined;
    if (!maps) {
      this.problem(field.where, "custom_properties must be a mapping of names to texts");
      return [];
    }
    return maps.flatMap((map) =>
      map.items.flatMap((pair) => {
        const keyNode = this.resolve(pair.key, field.where);
        const where = this.where(keyNode, field.where);
        const key = isScalar(keyNode) && keyNode.value !== null ? String(keyNode.value) : undefined;
        if (key === undefined) {
          this.problem(where, "a custom property's name must be text");
          return [];
        }
        const valueNode = this.resolve(pair.value, where);
        const value = isScalar(valueNode) && valueNode.value !== null && typeof valueNode.value !== "object" ? String(valueNode.value) : undefined;
        if (value === undefined) {
          this.note(where, `the custom property "${key}" has no text value; it was not imported`);
          return [];
        }
        return [{ key, value, where }];
      }),
    );
  }
}

/**
 * Reads a DataHub business glossary YAML file: its nodes and terms as records (parents before children, each located
 * by its line), the domains they name, and notes on what was not imported. A file that is not a readable business
 * glossary throws `GlossaryFileError`, naming every problem's line.
 */
export function readDataHubYaml(text: string): ReadGlossary {
  const lines = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new GlossaryFileError(
      doc.errors.map((error) => ({
        where: `line ${lines.linePos(error.pos[0]).line}`,
        message: `the YAML cannot be read: ${yamlProblem(error.code, error.message)}`,
      })),
    );
  }
  const walker = new Walker(doc, lines);
  const top = walker.resolve(doc.contents, "line 1");
  const notGlossary = 'this is not a DataHub business glossary: it needs version: "1" and nodes or terms at the top level';
  if (!isMap(top)) throw new GlossaryFileError([{ where: walker.where(top, "line 1"), message: notGlossary }]);
  const topFields = walker.fields(top, TOP_FIELDS, "the glossary");
  if (!topFields.has("version") || (!topFields.has("nodes") && !topFields.has("terms"))) {
    throw new GlossaryFileError([{ where: walker.where(top, "line 1"), message: notGlossary }]);
  }
  const version = walker.text(topFields.get("version"), "version");
  if (version !== undefined && version !== "1") {
    walker.problem(topFields.get("version")!.where, `version is "${version}", but DataHub's business glossary has only version "1"`);
  }

  const extras: Record<string, string> = {};
  for (const field of ["source", "url", "source_type"]) {
    const value = walker.text(topFields.get(field), field);
    if (value !== undefined) extras[`datahub.${field}`] = value;
  }
  const topOwners = walker.owners(topFields.get("owners"), "owners");
  if (topOwners !== undefined && !isEmptyPlainOwners(topOwners)) extras["datahub.owners"] = JSON.stringify(topOwners);

  const entries = collectEntries(walker, topFields, null);
  if (walker.problems.length > 0) throw new GlossaryFileError(walker.problems);
  const index = indexEntries(walker, entries);
  if (walker.problems.length > 0) throw new GlossaryFileError(walker.problems);

  const domains = new Map<string, string>();
  const records = entries.map((entry) => ({ where: entry.where, data: buildRecord(walker, entry, index, domains) }));
  if (walker.problems.length > 0) throw new GlossaryFileError(walker.problems);
  return {
    records,
    domains: [...domains].map(([slug, name]) => ({ slug, name })),
    notes: walker.notes,
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  };
}

function yamlProblem(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "a key appears twice in one mapping";
  if (code === "MULTIPLE_DOCS") return "the file holds several YAML documents (---); a business glossary is one";
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function isEmptyPlainOwners(owners: Owners): boolean {
  return !Array.isArray(owners) && Object.keys(owners).length === 0;
}

/** Every node and term under a container (the glossary or a node), depth first, a parent before its children. */
function collectEntries(
  walker: Walker,
  container: ReadonlyMap<string, { node: YamlNode | null; where: string }>,
  parent: Entry | null,
  ancestors: readonly YamlNode[] = [],
): Entry[] {
  const out: Entry[] = [];
  for (const [key, field] of container) {
    if (key !== "nodes" && key !== "terms") continue;
    const kind = key === "nodes" ? "node" : "term";
    if (isAlias(field.node)) {
      walker.problem(field.where, `${key} is an alias (*${field.node.source}); write each node and term out once, since Concord's term names are unique`);
      continue;
    }
    const list = field.node;
    if (list === null || (isScalar(list) && list.value === null)) continue;
    if (!isSeq(list)) {
      walker.problem(field.where, `${key} must be a list of ${kind}s, each starting with "- name:"`);
      continue;
    }
    for (const item of list.items as (YamlNode | null)[]) {
      const where = walker.where(item, field.where);
      if (isAlias(item)) {
        const target = item.resolve(walker.doc) as YamlNode | undefined;
        const cycle = target !== undefined && ancestors.includes(target);
        walker.problem(
          where,
          cycle
            ? `the alias *${item.source} puts a node inside itself: a term cannot be its own parent`
            : `the alias *${item.source} repeats the ${kind} at ${walker.where(target, "its anchor")}; a term can be in one place only, since Concord's term names are unique`,
        );
        continue;
      }
      if (!isMap(item)) {
        walker.problem(where, `each of ${key} must be a mapping with a name and a description`);
        continue;
      }
      const fields = walker.fields(item, kind === "node" ? NODE_FIELDS : TERM_FIELDS, `the ${kind} at ${where}`);
      const name = walker.text(fields.get("name"), "name")?.trim();
      if (!name) {
        walker.problem(where, `this ${kind} has no name`);
        continue;
      }
      const entry: Entry = { kind, where, name, path: parent ? `${parent.path}.${name}` : name, parent, fields, childCount: 0 };
      out.push(entry);
      if (parent) parent.childCount++;
      if (kind === "node") out.push(...collectEntries(walker, fields, entry, [...ancestors, item]));
    }
  }
  return out;
}

interface EntryIndex {
  /** By name path, and by id (as written, and without DataHub's term urn prefix). */
  readonly byReference: ReadonlyMap<string, Entry>;
}

/** Indexes entries by path and id, refusing two that Concord would take for one term. */
function indexEntries(walker: Walker, entries: readonly Entry[]): EntryIndex {
  const bySlug = new Map<string, Entry>();
  const byReference = new Map<string, Entry>();
  for (const entry of entries) {
    const slug = termSlug(entry.name);
    const earlier = bySlug.get(slug);
    if (earlier) {
      const same = earlier.name === entry.name ? `"${entry.name}"` : `"${entry.name}" (the same term as "${earlier.name}")`;
      walker.problem(
        entry.where,
        `${same} is also at ${earlier.where} (${earlier.path}); DataHub allows one name under different nodes, but Concord's term names are unique across the glossary: rename one`,
      );
      continue;
    }
    bySlug.set(slug, entry);
    const samePath = byReference.get(entry.path);
    if (samePath) {
      walker.problem(
        entry.where,
        `"${entry.name}" has the name path ${entry.path}, as the term at ${samePath.where} has (a name holding a dot); DataHub's references could not tell them apart: rename one`,
      );
      continue;
    }
    byReference.set(entry.path, entry);
  }
  for (const entry of entries) {
    const id = walker.text(entry.fields.get("id"), "id")?.trim();
    if (!id) continue;
    for (const key of id.startsWith(TERM_URN) ? [id, id.slice(TERM_URN.length)] : [id]) {
      if (!byReference.has(key)) byReference.set(key, entry);
    }
  }
  return { byReference };
}

function buildRecord(walker: Walker, entry: Entry, index: EntryIndex, domains: Map<string, string>): Partial<Record<keyof GlossaryRecord, unknown>> {
  const field = (name: string) => entry.fields.get(name);
  const extras: Record<string, string> = {};
  const setExtra = (key: string, value: string | undefined) => {
    if (value !== undefined) extras[key] = value;
  };

  setExtra("datahub.id", walker.text(field("id"), "id"));
  for (const name of ["term_source", "source_ref", "source_url"]) setExtra(`datahub.${name}`, walker.text(field(name), name));

  let definition = walker.text(field("description"), "description");
  if (entry.kind === "node" && (definition === undefined || definition.trim() === "")) {
    definition = `Groups the glossary terms under ${entry.name}; DataHub holds no description for it.`;
    extras["datahub.generated-definition"] = definition;
    walker.note(
      entry.where,
      `the node "${entry.name}" has no description; Concord gives it a definition saying it groups the terms under it, and a DataHub export leaves the description out again`,
    );
  }
  if (entry.kind === "node" && entry.childCount === 0) extras["datahub.node"] = "true";

  const owners = walker.owners(field("owners"), "owners");
  const stewards = owners === undefined ? [] : stewardsOf(owners);
  if (owners !== undefined && (Array.isArray(owners) || owners.type !== undefined || owners.typeUrn !== undefined || stewards.length === 0)) {
    extras["datahub.owners"] = JSON.stringify(owners);
  }

  const relations: GlossaryRelation[] = [];
  const seen = new Set<string>();
  const unresolved: Partial<Record<ReferenceField, string[]>> = {};
  const values: string[] = [];
  for (const name of REFERENCE_FIELDS) {
    for (const reference of walker.textList(field(name), name)) {
      const target = index.byReference.get(reference.value);
      if (!target) {
        (unresolved[name] ??= []).push(reference.value);
        walker.note(
          reference.where,
          `${name} names "${reference.value}", which is neither a name path nor an id in this file; DataHub takes it for a term elsewhere, so Concord keeps it for the next DataHub export but imports no relation`,
        );
        continue;
      }
      if (name === "values") {
        values.push(target.name);
        continue;
      }
      const type = RELATION_FIELDS.find(([f]) => f === name)![1];
      const key = `${type} ${termSlug(target.name)}`;
      if (seen.has(key)) {
        walker.note(reference.where, `${name} names "${reference.value}" twice; it is imported once`);
        continue;
      }
      seen.add(key);
      relations.push({ type, term: target.name });
    }
  }
  if (values.length > 0) extras["datahub.values"] = JSON.stringify(values);
  if (Object.keys(unresolved).length > 0) extras["datahub.unresolved"] = JSON.stringify(unresolved);

  const concord = new Map<ConcordProperty, { value: string; where: string }>();
  const others: [string, string][] = [];
  for (const property of walker.customProperties(field("custom_properties"))) {
    const name = property.key.startsWith(CONCORD_PREFIX) ? property.key.slice(CONCORD_PREFIX.length) : undefined;
    if (name !== undefined && (CONCORD_PROPERTIES as readonly string[]).includes(name)) {
      concord.set(name as ConcordProperty, property);
    } else {
      if (name !== undefined) walker.note(property.where, `the custom property "${property.key}" is not one Concord writes; it is kept as a custom property`);
      others.push([property.key, property.value]);
    }
  }
  const keepAsCustom = (name: ConcordProperty, why: string) => {
    const property = concord.get(name)!;
    walker.note(property.where, `the custom property "${CONCORD_PREFIX}${name}" ${why}; it is kept as a custom property`);
    others.push([CONCORD_PREFIX + name, property.value]);
    concord.delete(name);
  };
  const concordJson = (name: ConcordProperty, valid: (value: unknown) => boolean): unknown => {
    const property = concord.get(name);
    if (!property) return undefined;
    try {
      const parsed: unknown = JSON.parse(property.value);
      if (valid(parsed)) return parsed;
    } catch {
      // Reported below with the property's line.
    }
    keepAsCustom(name, "is not the JSON Concord writes");
    return undefined;
  };

  let status = "active";
  const statusValue = concord.get("status")?.value.trim();
  if (statusValue === "deprecated" || statusValue === "active") status = statusValue;
  else if (statusValue !== undefined) keepAsCustom("status", "must be active or deprecated");

  const draftValue = concord.get("draft")?.value.trim();
  if (draftValue !== undefined && draftValue !== "true" && draftValue !== "false") keepAsCustom("draft", "must be true or false");

  const variants = concordJson("variants", (v) => Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null)) as unknown[] | undefined;
  const extraRelations = concordJson(
    "relations",
    (v) => Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null && typeof x.type === "string" && typeof x.term === "string"),
  ) as GlossaryRelation[] | undefined;
  for (const relation of extraRelations ?? []) {
    const key = `${relation.type} ${termSlug(relation.term)}`;
    if (seen.has(key)) {
      walker.note(concord.get("relations")!.where, `concord.relations repeats the relation ${relation.type} "${relation.term}"; it is imported once`);
      continue;
    }
    seen.add(key);
    relations.push({ type: relation.type, term: relation.term });
  }
  const termFields = concordJson(
    "term-fields",
    (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, x]) => TERM_ONLY_EXTRAS.includes(k) && typeof x === "string"),
  ) as Record<string, string> | undefined;
  Object.assign(extras, termFields ?? {});
  if (others.length > 0) extras["datahub.custom_properties"] = JSON.stringify(others);

  let owner: string | null = null;
  const domain = walker.text(field("domain"), "domain")?.trim() ?? extras["datahub.domain"];
  if (domain) {
    const parsed = parseDomain(domain);
    owner = parsed.slug;
    if (!domains.has(parsed.slug)) domains.set(parsed.slug, parsed.name);
    if (domain.startsWith(DOMAIN_URN) || domains.get(parsed.slug) !== parsed.name) extras["datahub.domain"] = domain;
    else delete extras["datahub.domain"];
  } else if (concord.has("owner")) {
    owner = concord.get("owner")!.value.trim();
  }

  const list = (name: ConcordProperty) => splitList(concord.get(name)?.value ?? "");
  return {
    name: entry.name,
    definition,
    example: concord.get("example")?.value ?? null,
    formula: concord.get("formula")?.value ?? null,
    aliases: list("aliases"),
    owner,
    consumers: list("consumers"),
    tags: list("tags"),
    policy: concord.get("policy")?.value.trim() ?? null,
    status,
    variants: variants ?? [],
    parent: entry.parent?.name ?? null,
    relations,
    references: walker.references(field("knowledge_links")),
    stewards,
    draft: concord.get("draft")?.value.trim() === "true",
    extras,
  };
}

/**
 * Writes the glossary as DataHub business glossary YAML: a term with children (or kept as a node) becomes a node, the
 * others terms, each under its parent; what DataHub has no field for goes in custom properties (see the module's
 * comment). The text is stable: writing what was read from this writer's output gives the same text.
 */
export function writeDataHubYaml(glossary: GlossaryExport): string {
  const bySlug = new Map(glossary.terms.map((term) => [termSlug(term.name), term]));
  const children = new Map<string, GlossaryRecord[]>();
  const roots: GlossaryRecord[] = [];
  for (const term of glossary.terms) {
    if (!term.parent) {
      roots.push(term);
      continue;
    }
    const parentSlug = termSlug(term.parent);
    if (!bySlug.has(parentSlug)) throw new Error(`The export's term "${term.name}" names a parent "${term.parent}" that the export does not hold`);
    const siblings = children.get(parentSlug);
    if (siblings) siblings.push(term);
    else children.set(parentSlug, [term]);
  }
  const paths = new Map<string, string>();
  const pathOf = (term: GlossaryRecord, seen: readonly string[] = []): string => {
    const slug = termSlug(term.name);
    const known = paths.get(slug);
    if (known !== undefined) return known;
    if (seen.includes(slug)) throw new Error(`The export's parents make a cycle through "${term.name}"`);
    const parent = term.parent ? bySlug.get(termSlug(term.parent)) : undefined;
    const path = parent ? `${pathOf(parent, [...seen, slug])}.${term.name}` : term.name;
    paths.set(slug, path);
    return path;
  };
  for (const term of glossary.terms) pathOf(term);
  const referenceTo = (name: string) => {
    const target = bySlug.get(termSlug(name));
    return target ? pathOf(target) : name;
  };
  const domainNames = new Map(glossary.domains.map((d) => [d.slug, d.name]));
  const isNode = (term: GlossaryRecord) => (children.get(termSlug(term.name))?.length ?? 0) > 0 || term.extras?.["datahub.node"] === "true";

  const write = (term: GlossaryRecord): Record<string, unknown> => {
    const extras = term.extras ?? {};
    const node = isNode(term);
    const out: Record<string, unknown> = {};
    if (extras["datahub.id"] !== undefined) out.id = extras["datahub.id"];
    out.name = term.name;
    if (!node || extras["datahub.generated-definition"] !== term.definition) out.description = term.definition;
    if (!node) {
      for (const name of ["term_source", "source_ref", "source_url"]) {
        if (extras[`datahub.${name}`] !== undefined) out[name] = extras[`datahub.${name}`];
      }
    }
    const owners = ownersFor(term);
    if (owners !== undefined) out.owners = owners;

    const relations = term.relations ?? [];
    const unresolved = parseJson<Partial<Record<ReferenceField, string[]>>>(extras["datahub.unresolved"]) ?? {};
    const kept: GlossaryRelation[] = [];
    if (!node) {
      const byField = new Map<ReferenceField, string[]>();
      for (const relation of relations) {
        const fieldName = RELATION_FIELDS.find(([, type]) => type === relation.type)?.[0];
        if (fieldName) byField.set(fieldName, [...(byField.get(fieldName) ?? []), referenceTo(relation.term)]);
        else kept.push(relation);
      }
      byField.set("values", (parseJson<string[]>(extras["datahub.values"]) ?? []).map(referenceTo));
      for (const name of REFERENCE_FIELDS) {
        const all = [...(byField.get(name) ?? []), ...(unresolved[name] ?? [])];
        if (all.length > 0) out[name] = all;
      }
    } else {
      kept.push(...relations);
    }

    const properties = new Map<string, string>(parseJson<[string, string][]>(extras["datahub.custom_properties"]) ?? []);
    const concord = (name: ConcordProperty, value: string | null | undefined) => {
      if (value !== null && value !== undefined && value !== "") properties.set(CONCORD_PREFIX + name, value);
    };
    concord("status", term.status === "deprecated" ? "deprecated" : undefined);
    concord("draft", term.draft ? "true" : undefined);
    concord("policy", term.policy);
    concord("example", term.example);
    concord("formula", term.formula);
    concord("aliases", joinList(term.aliases));
    concord("tags", joinList(term.tags));
    concord("consumers", joinList(term.consumers));
    // Only the current definition is written, so a variant is read back as written against it.
    concord("variants", term.variants.length > 0 ? JSON.stringify(term.variants.map((v) => ({ domain: v.domain, text: v.text }))) : undefined);
    concord("relations", kept.length > 0 ? JSON.stringify(kept.map((r) => ({ type: r.type, term: r.term }))) : undefined);
    if (node) {
      concord("owner", term.owner);
      const termFields = Object.fromEntries(TERM_ONLY_EXTRAS.flatMap((key) => (extras[key] !== undefined ? [[key, extras[key]]] : [])));
      concord("term-fields", Object.keys(termFields).length > 0 ? JSON.stringify(termFields) : undefined);
    }
    if (properties.size > 0) out.custom_properties = properties;
    if ((term.references ?? []).length > 0) out.knowledge_links = term.references!.map((r) => ({ label: r.label, url: r.url }));
    if (!node) {
      const domain = domainFor(term.owner, extras["datahub.domain"], domainNames);
      if (domain !== undefined) out.domain = domain;
    } else {
      const below = children.get(termSlug(term.name)) ?? [];
      const nodes = below.filter(isNode).map(write);
      const terms = below.filter((t) => !isNode(t)).map(write);
      if (nodes.length > 0) out.nodes = nodes;
      if (terms.length > 0) out.terms = terms;
    }
    return out;
  };

  const extras = glossary.extras ?? {};
  const top: Record<string, unknown> = { version: "1" };
  if (extras["datahub.source"] !== undefined) top.source = extras["datahub.source"];
  top.owners = parseJson<Owners>(extras["datahub.owners"]) ?? {};
  if (extras["datahub.url"] !== undefined) top.url = extras["datahub.url"];
  if (extras["datahub.source_type"] !== undefined) top.source_type = extras["datahub.source_type"];
  const nodes = roots.filter(isNode).map(write);
  const terms = roots.filter((t) => !isNode(t)).map(write);
  if (nodes.length > 0) top.nodes = nodes;
  if (terms.length > 0 || nodes.length === 0) top.terms = terms;
  return new Document(top).toString({ lineWidth: 0 });
}

/** The owners a term is written with: its kept typed form while it names the same stewards, else users and groups. */
function ownersFor(term: GlossaryRecord): Owners | undefined {
  const stewards = term.stewards ?? [];
  const kept = parseJson<Owners>(term.extras?.["datahub.owners"]);
  if (kept !== undefined && JSON.stringify(stewardsOf(kept)) === JSON.stringify(stewards)) return kept;
  if (stewards.length === 0) return undefined;
  const users: string[] = [];
  const groups: string[] = [];
  for (const steward of stewards) {
    const [, kind, id] = /^(user|group|team):(.+)$/.exec(steward) ?? [];
    if (kind && id) (kind === "user" ? users : groups).push(id);
    else if (steward.startsWith("urn:li:corpGroup:")) groups.push(steward);
    else users.push(steward);
  }
  return { ...(users.length > 0 ? { users } : {}), ...(groups.length > 0 ? { groups } : {}) };
}

/** The `domain` a term is written with, so that reading it gives the same owning domain slug. */
function domainFor(owner: string | null, kept: string | undefined, names: ReadonlyMap<string, string>): string | undefined {
  if (kept !== undefined) {
    const slug = parseDomain(kept).slug;
    if (slug === owner) return kept;
  }
  if (owner === null) return undefined;
  const name = names.get(owner);
  if (name !== undefined && parseDomain(name).slug === owner) return name;
  return parseDomain(owner).slug === owner ? owner : DOMAIN_URN + owner;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
