import { formatRelative, plural } from "../commands/format.js";
import type { Domain, ImportChange, ImportedProposalEntry, ImportView, ProposalStatus } from "../core/index.js";
import type { Block, MessageView, Rich, ViewContext } from "./model.js";
import { bold, command, date, icon, join, link, listOf, ref, rich, text, words } from "./rich.js";

/** How many of an import's proposals (or agreed terms) a notice lists; the rest are counted. */
export const IMPORT_LISTED = 10;

const CHANGE_NOUN: Record<ImportChange, readonly [string, string]> = {
  "new-term": ["new term", "new terms"],
  definition: ["changed definition", "changed definitions"],
  deprecation: ["deprecation", "deprecations"],
  parent: ["parent move", "parent moves"],
};

const CHANGE_WORD: Record<ImportChange, string> = {
  "new-term": "new term",
  definition: "changed definition",
  deprecation: "deprecation",
  parent: "parent move",
};

const CLOSED_STATUSES: readonly Exclude<ProposalStatus, "open">[] = ["approved", "rejected", "expired", "withdrawn", "superseded"];

/**
 * The one notice an import's proposals get, in place of a message each: who imported which file, what its
 * proposals change, until when owners vote, the first of them, and how to vote. With `focus`, a domain's home
 * channel's notice: only the proposals its owners vote on.
 */
export function importOpenedView(view: ImportView, ctx: ViewContext, focus?: Domain): MessageView {
  const entries = concerning(view, focus);
  const counts = changeCounts(entries);
  const total = entries.length;
  const file = bold(view.record.fileName);
  const who = importer(view);
  const what = focus
    ? rich`${who} imported ${file} (${words(view.record.format)}) on ${date(view.record.at)}: ${words(total === 1 ? "1 of its proposals affects" : `${total} of its proposals affect`)} ${bold(focus.name)}${counts}.`
    : rich`${who} imported ${file} (${words(view.record.format)}) on ${date(view.record.at)}: it opened ${words(plural(total, "proposal"))}${counts}.`;
  const deadline = openDeadline(entries);
  const blocks: Block[] = [
    { kind: "header", text: focus ? rich`${focus.name}: ${words(plural(total, "proposal"))} from a glossary import` : words(`Glossary import: ${plural(total, "proposal")} to vote on`) },
    { kind: "text", text: rich`${icon("ballot")} ${what}` },
  ];
  if (deadline) {
    const voters = focus ? rich`${bold(focus.name)}'s owners vote` : rich`The owners of each proposal's affected domains vote`;
    blocks.push({ kind: "text", text: rich`${voters} on them as on any proposal, until ${date(deadline)} (${words(formatRelative(deadline, ctx.now))}).` });
  }
  if (total > 0) {
    blocks.push({
      kind: "list",
      marker: "bullet",
      items: entries.slice(0, IMPORT_LISTED).map((entry): Block => ({ kind: "text", text: describeEntry(entry, ctx, focus) })),
      max: IMPORT_LISTED,
      total,
      more: (hidden) => rich`…and ${hidden} more.`,
    });
  }
  blocks.push({
    kind: "text",
    text: rich`To vote, send ${command("pending")}: it lists the proposals waiting on your domains, each with its Approve, Object and Abstain buttons. Each proposal's page shows it in full.`,
  });
  const summary = focus
    ? `${focus.name}: ${plural(total, "proposal")} from the import of ${view.record.fileName} to vote on`
    : `The import of ${view.record.fileName} opened ${plural(total, "proposal")} to vote on`;
  return { kind: "message", summary, blocks };
}

/**
 * What an import came to once the last of its proposals closed: how many were approved, rejected, expired,
 * withdrawn or superseded, and the terms agreed. With `focus`, only the proposals a domain voted on.
 */
export function importClosedView(view: ImportView, ctx: ViewContext, focus?: Domain): MessageView {
  const entries = concerning(view, focus);
  const total = entries.length;
  const statuses = CLOSED_STATUSES.map((status) => ({ status, count: entries.filter((e) => e.proposal.status === status).length })).filter((s) => s.count > 0);
  const outcome = statuses.length > 0 ? listOf(statuses.map((s) => rich`${bold(String(s.count))} ${words(s.status)}`)) : words("none closed");
  const whose = focus ? rich` affecting ${bold(focus.name)}` : [];
  const agreed = entries.filter((e) => e.proposal.status === "approved");
  const blocks: Block[] = [
    { kind: "header", text: focus ? rich`${focus.name}: the glossary import is decided` : words("Glossary import decided") },
    {
      kind: "text",
      tone: agreed.length > 0 ? "good" : "warning",
      text: rich`${icon(agreed.length > 0 ? "approve" : "expired")} Every proposal from ${importer(view)}'s import of ${bold(view.record.fileName)}${whose} is closed: of ${words(plural(total, "proposal"))}, ${outcome}.`,
    },
  ];
  if (agreed.length > 0) {
    blocks.push({
      kind: "list",
      title: rich`${bold("Agreed")} (${agreed.length})`,
      marker: "bullet",
      items: agreed.slice(0, IMPORT_LISTED).map((entry): Block => ({ kind: "text", text: describeAgreed(entry, ctx) })),
      max: IMPORT_LISTED,
      total: agreed.length,
      more: (hidden) => rich`…and ${hidden} more.`,
    });
  } else {
    blocks.push({ kind: "text", text: rich`Nothing from this import was agreed; the glossary is as it was.` });
  }
  const summary = focus
    ? `${focus.name}: the import of ${view.record.fileName} is decided (${agreed.length} agreed of ${total})`
    : `The import of ${view.record.fileName} is decided: ${agreed.length} of ${plural(total, "proposal")} agreed`;
  return { kind: "message", summary, blocks };
}

/** The proposals a notice is about: all of them, or those a domain votes on. */
function concerning(view: ImportView, focus: Domain | undefined): readonly ImportedProposalEntry[] {
  return focus ? view.proposals.filter((entry) => entry.domains.some((d) => d.id === focus.id)) : view.proposals;
}

/** " (12 new terms, 3 changed definitions and 1 deprecation)", or nothing when it opened none. */
function changeCounts(entries: readonly ImportedProposalEntry[]): Rich {
  const parts = (Object.keys(CHANGE_NOUN) as ImportChange[]).flatMap((change) => {
    const count = entries.filter((e) => e.change === change).length;
    const [one, many] = CHANGE_NOUN[change];
    return count > 0 ? [words(plural(count, one, many))] : [];
  });
  return parts.length > 0 ? rich` (${listOf(parts)})` : [];
}

function importer(view: ImportView): Rich {
  return ref(view.record.actorRef, view.importer ? [view.importer] : []);
}

/** When voting on the open ones closes: the latest deadline among them. */
function openDeadline(entries: readonly ImportedProposalEntry[]): Date | undefined {
  let latest: Date | undefined;
  for (const { proposal } of entries) {
    if (proposal.status === "open" && (!latest || proposal.deadline.getTime() > latest.getTime())) latest = proposal.deadline;
  }
  return latest;
}

/** "#12 Customer: new term · Sales, Finance", linked to the proposal's page. */
function describeEntry(entry: ImportedProposalEntry, ctx: ViewContext, focus: Domain | undefined): Rich {
  const { proposal } = entry;
  const title = link(ctx.links.proposal(proposal.id), `#${proposal.id} ${proposal.termName}`);
  const others = focus ? entry.domains.filter((d) => d.id !== focus.id) : entry.domains;
  const domains = others.length > 0 ? rich` · ${words(focus ? "also " : "")}${join(others.map((d) => text(d.name)), ", ")}` : [];
  const status = proposal.status === "open" ? [] : rich` (${words(proposal.status)})`;
  return rich`${bold(title)}: ${words(CHANGE_WORD[entry.change])}${domains}${status}`;
}

/** "Customer → version 2", linked to the term's page. */
function describeAgreed(entry: ImportedProposalEntry, ctx: ViewContext): Rich {
  const { proposal } = entry;
  const term = link(ctx.links.term(proposal.termSlug), proposal.termName);
  if (proposal.kind === "deprecate") return rich`${bold(term)}: deprecated`;
  if (entry.change === "parent") return rich`${bold(term)}: moved under another parent`;
  return proposal.resultVersion === null ? rich`${bold(term)}: ${words(CHANGE_WORD[entry.change])}` : rich`${bold(term)} → version ${proposal.resultVersion}`;
}
