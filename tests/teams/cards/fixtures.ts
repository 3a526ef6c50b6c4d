import { expect } from "vitest";
import type { Reply } from "../../../src/commands/execute.js";
import type {
  AffectedDomain,
  DefinitionVersion,
  Domain,
  DomainPosition,
  DomainTally,
  Member,
  PendingProposal,
  Proposal,
  ProposalView,
  SearchHit,
  Term,
  TermDetails,
  Vote,
} from "../../../src/core/index.js";
import { diffWords } from "../../../src/core/text/index.js";
import type { AdaptiveCard } from "../../../src/teams/cards/index.js";
import { createLinks } from "../../../src/web/links.js";
import { validateCard } from "./validate.js";

export const NOW = new Date("2026-03-02T09:00:00Z");
const HOUR = 60 * 60 * 1000;
export const links = createLinks("https://concord.example.com/");

/** Text a user could type to make a card show a disguised link, bold text and a heading. */
export const EVIL = "[click](https://evil.example) then **bold** and _italic_ ~strike~ \\ back";
/** The same, as the escaped Markdown a TextBlock must carry. */
export const ESCAPED_EVIL = "\\[click\\]\\(https://evil.example\\) then \\*\\*bold\\*\\* and \\_italic\\_ \\~strike\\~ \\\\ back";

export function member(id: number, displayName: string | null, ...refs: string[]): Member {
  return { id, displayName, refs };
}

export const ada = member(1, "Ada", "slack:T0001:U0ADA");
export const bob = member(2, "Bob", "slack:T0001:U0BOB", "teams:tenant-1:aad-bob");
export const carol = member(3, "Carol", "teams:tenant-1:aad-carol");
export const dave = member(4, null, "local:dave");
export const erin = member(5, "Erin", "slack:T0001:U0ERIN");

export const sales: Domain = { id: 1, slug: "sales", name: "Sales" };
export const support: Domain = { id: 2, slug: "support", name: "Support" };
export const finance: Domain = { id: 3, slug: "finance", name: "Finance" };

export function term(overrides: Partial<Term> = {}): Term {
  return {
    id: 10,
    slug: "customer",
    name: "Customer",
    status: "active",
    ownerDomain: sales,
    policy: null,
    currentVersion: 3,
    tags: [],
    createdAt: new Date("2025-06-01T10:00:00Z"),
    updatedAt: new Date("2026-02-20T10:00:00Z"),
    ...overrides,
  };
}

export function version(overrides: Partial<DefinitionVersion> = {}): DefinitionVersion {
  return {
    version: 3,
    text: "A person or company that has paid for at least one order in the last 24 months.",
    example: null,
    formula: null,
    proposedBy: ada,
    proposalId: 7,
    agreedAt: new Date("2026-02-20T10:00:00Z"),
    ...overrides,
  };
}

export function details(overrides: Partial<TermDetails> = {}): TermDetails {
  return {
    term: term(),
    current: version(),
    aliases: ["client", "account holder"],
    consumers: [support, finance],
    related: [],
    variants: [],
    ...overrides,
  };
}

/** A lookup that found Customer, with two domains' variants (one stale). */
export function lookupFound(overrides: { details?: TermDetails; matchedBy?: "name" | "alias" | "fuzzy"; query?: string } = {}): Reply {
  const d = overrides.details ?? details();
  return {
    kind: "lookup",
    result: {
      kind: "found",
      query: overrides.query ?? d.term.name,
      matchedBy: overrides.matchedBy ?? "name",
      details: d,
      drift: [
        {
          variant: { domain: support, text: "Anyone who opened a support ticket.", baseVersion: 2, updatedBy: bob, updatedAt: NOW },
          score: 0.7312,
          level: "major",
          stale: true,
        },
        {
          variant: { domain: finance, text: "A paying person or company in the last 24 months.", baseVersion: 3, updatedBy: ada, updatedAt: NOW },
          score: 0.2049,
          level: "minor",
          stale: false,
        },
      ],
    },
  };
}

export function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 12,
    kind: "amend",
    termId: 10,
    termSlug: "customer",
    termName: "Customer",
    baseVersion: 3,
    text: "A person or company that has paid for at least one order in the last 12 months.",
    example: null,
    formula: null,
    rationale: "Finance reports churn over 12 months; 24 overstates the base.",
    proposerId: ada.id,
    proposerRef: "slack:T0001:U0ADA",
    policy: "unanimous",
    allowSelfApproval: false,
    status: "open",
    deadline: new Date(NOW.getTime() + 48 * HOUR),
    remindedAt: null,
    decidedAt: null,
    resultVersion: null,
    supersededBy: null,
    createdAt: new Date(NOW.getTime() - 24 * HOUR),
    ...overrides,
  };
}

type ViewDomain = ProposalView["domains"][number];
type ViewVote = ProposalView["votes"][number];

export function affected(domain: Domain, owners: readonly Member[], owning: boolean, votes: readonly Vote[]): ViewDomain {
  const counted = votes.filter((v) => owners.some((o) => o.id === v.member.id));
  const count = (p: Vote["position"]) => counted.filter((v) => v.position === p).length;
  const approve = count("approve");
  const object = count("object");
  const abstain = count("abstain");
  const position: DomainPosition =
    approve > object ? "approve" : object > approve ? "object" : approve === 0 && abstain > 0 ? "abstain" : "none";
  const tally: DomainTally = { domainId: domain.id, owning, position, approve, object, abstain, counted: counted.map((v) => v.member.id) };
  const base: AffectedDomain = { ...domain, owning, owners };
  return { ...base, tally };
}

export function vote(who: Member, position: Vote["position"], reason: string | null = null): Vote {
  return { member: who, position, reason, comment: null, castAt: NOW, updatedAt: NOW };
}

/**
 * A proposal view: Sales (owner; Bob approves), Support (Erin objects), Finance (no owners' votes);
 * Dave votes without owning anything (advisory).
 */
export function proposalView(overrides: Partial<Proposal> = {}, options: { votes?: Vote[]; domains?: ViewDomain[] } = {}): ProposalView {
  const p = proposal(overrides);
  const votes = options.votes ?? [vote(bob, "approve"), vote(erin, "object", "Support counts trial users as customers."), vote(dave, "approve")];
  const domains = options.domains ?? [
    affected(sales, [ada, bob], true, votes),
    affected(support, [erin], false, votes),
    affected(finance, [carol], false, votes),
  ];
  const countedIds = new Set(domains.flatMap((d) => d.tally.counted));
  const base = version();
  return {
    proposal: p,
    base: p.kind === "create" ? undefined : base,
    diff: p.text === null ? [] : diffWords(p.kind === "create" ? "" : base.text, p.text),
    domains,
    votes: votes.map((v): ViewVote => ({ ...v, counted: countedIds.has(v.member.id) })),
    tally: { domains: domains.map((d) => d.tally), advisory: votes.filter((v) => !countedIds.has(v.member.id)).map((v) => v.member.id), decision: undefined },
  };
}

export function pendingList(count: number): PendingProposal[] {
  return Array.from({ length: count }, (_, i) => ({
    proposal: proposal({
      id: 100 + i,
      termName: `Term ${i}`,
      termSlug: `term-${i}`,
      deadline: new Date(NOW.getTime() + (i + 1) * HOUR),
    }),
    yourDomains: [
      { slug: "sales", name: "Sales", position: "none" },
      { slug: "finance", name: "Finance", position: "approve" },
    ],
    voted: i % 2 === 0,
  }));
}

export function searchHits(count: number, definition = "Customers who cancelled this month divided by customers at the start of it."): SearchHit[] {
  return Array.from({ length: count }, (_, i) => ({
    term: { id: i + 1, slug: `churn-rate-${i}`, name: `Churn Rate ${i}`, status: i === 1 ? "deprecated" : "active" },
    score: 1 - i / (count + 1),
    matchedOn: (["name", "alias", "definition"] as const)[i % 3]!,
    definition,
  }));
}


/** Every string a user could read on a card: TextBlocks, facts, TextRuns, labels, placeholders, button titles. */
export function visibleText(card: { body: readonly unknown[]; actions?: readonly unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of ["text", "title", "value", "label", "placeholder"]) {
      if (typeof record[key] === "string") out.push(record[key]);
    }
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return out.join("\n");
}

/** The Markdown a card shows (TextBlocks and facts): where an injection would work. */
export function markdownText(card: { body: readonly unknown[]; actions?: readonly unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === "TextBlock" && typeof record.text === "string") out.push(record.text);
    if (record.type === "FactSet" && Array.isArray(record.facts)) {
      for (const fact of record.facts as { title: string; value: string }[]) out.push(fact.title, fact.value);
    }
    Object.values(record).forEach(walk);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return out.join("\n");
}

export interface FoundAction {
  readonly type: string;
  readonly title: string;
  readonly data?: unknown;
  readonly url?: string;
  readonly style?: string;
  readonly card?: { body: unknown[]; actions?: unknown[] };
}

/** Every action on a card, in order, including those in ActionSets and inside Action.ShowCard cards. */
export function actionsOf(card: { body: readonly unknown[]; actions?: readonly unknown[] }): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === "string" && record.type.startsWith("Action.")) found.push(record as unknown as FoundAction);
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return found;
}

/** Every element of a type on a card (inputs, RichTextBlocks, …), however deeply nested. */
export function elementsOfType(card: { body: readonly unknown[]; actions?: readonly unknown[] }, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === type) found.push(record);
    for (const [key, value] of Object.entries(record)) if (key !== "data") walk(value);
  };
  walk(card.body);
  walk(card.actions ?? []);
  return found;
}

/** A string of `length` characters made of words. */
export function words(length: number, word = "revenue"): string {
  let text = "";
  while (text.length < length) text += (text ? " " : "") + word;
  return text.slice(0, length);
}

/** Teams refuses a message over 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

/** Asserts the official library finds nothing wrong with the card and that it fits in a Teams message. */
export function expectSoundCard(card: AdaptiveCard): AdaptiveCard {
  expect(validateCard(card)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  return card;
}

/** Markdown with every backslash escape removed: a formatting character left here would format. */
export function unescapedMarkdown(markdown: string): string {
  return markdown.replace(/\\[\s\S]/g, "");
}
