import { percent, plural } from "../commands/format.js";
import type { SuggestionView, TermLinks, UsageKind, UsageView } from "../core/index.js";
import { driftReasons } from "./lookup.js";
import type { Block, MessageView, ViewContext } from "./model.js";
import { bold, code, command, link, rich, text, words } from "./rich.js";

/** Domains whose usages `links` lists; the term page has the rest. */
const DOMAINS_SHOWN = 5;
/** Usages listed per domain, most drifted first. */
const USAGES_SHOWN = 5;
/** Suggestions listed, each with its two buttons (two Slack blocks); the rest come once these are decided. */
const SUGGESTIONS_SHOWN = 6;
/** Characters of a usage's or a suggestion's description shown. */
const DESCRIPTION_SHOWN = 200;

const KIND_WORD: Record<UsageKind, string> = { model: "model", column: "column", metric: "metric", semantic: "semantic model part" };

/**
 * `links <term>`: each domain's usages of the term in its data products (project, model, column or metric, path, the
 * drift figure and its reasons), and the links suggested by items' names with their confidence and Accept / Reject.
 */
export function linksView(view: TermLinks, ctx: ViewContext): MessageView {
  const page = ctx.links.term(view.term.slug);
  const more = { url: page, label: "See the term" };
  const blocks: Block[] = [{ kind: "header", text: rich`Where ${view.term.name} is used` }];
  if (view.matchedBy !== "name") {
    blocks.push({ kind: "note", text: rich`${words(view.matchedBy === "alias" ? "Matched by alias" : "Closest match")}: you typed “${view.query}”.` });
  }
  const domains = byDomain(view.usages);
  const term = bold(link(page, view.term.name));
  if (view.usages.length === 0) {
    blocks.push({ kind: "text", text: rich`No domain's data product is linked to ${term} yet. A dbt model, column or metric is linked through its ${code("meta")} (${code("meta.glossary")}, ${code("meta.concord.term")}), or by accepting a link its name suggests.` });
  } else {
    blocks.push({
      kind: "text",
      text: rich`${words(plural(view.usages.length, "usage"))} of ${term} in ${words(ofDomains(domains.length))} data products, each measured against the agreed definition (version ${words(String(view.agreed.version))}):`,
    });
    for (const [domain, usages] of domains.slice(0, DOMAINS_SHOWN)) {
      const top = usages[0]?.drift;
      blocks.push({
        kind: "list",
        title: rich`${bold(domain.name)}: ${words(plural(usages.length, "usage"))}${top ? rich`, the most drifted ${words(percent(top.score))}` : []}`,
        items: usages.map((usage) => usageItem(usage, more)),
        max: USAGES_SHOWN,
        more: (hidden) => rich`…and ${words(plural(hidden, "more usage"))} on ${link(page, "the term page")}.`,
      });
    }
    if (domains.length > DOMAINS_SHOWN) {
      blocks.push({ kind: "note", text: rich`…and ${words(plural(domains.length - DOMAINS_SHOWN, "more domain"))} on ${link(page, "the term page")}.` });
    }
  }
  blocks.push({ kind: "divider" });
  if (view.suggestions.length === 0) {
    blocks.push({ kind: "note", text: rich`No suggested links wait for a decision.` });
  } else {
    blocks.push({
      kind: "list",
      title: rich`${bold("Suggested links")} (${view.suggestions.length}): items whose names suggest ${text(view.term.name)}. The owning domain's owners, or an admin, accept or reject each; a rejected one is not offered again.`,
      items: view.suggestions.map((suggestion) => suggestionItem(suggestion, view.term.name)),
      max: SUGGESTIONS_SHOWN,
      more: (hidden) => rich`…and ${words(plural(hidden, "more suggestion"))}: ${command(`links ${view.term.name}`)} shows them once these are decided.`,
    });
  }
  blocks.push({ kind: "buttons", buttons: [{ label: "Term page", url: page }] });
  const summary = `${view.term.name}: ${plural(view.usages.length, "usage")} in data products, ${plural(view.suggestions.length, "suggested link")}`;
  return { kind: "message", summary, blocks, page: { url: page, label: `${view.term.name} in the glossary` } };
}

/** "1 domain's", "3 domains'". */
function ofDomains(count: number): string {
  return count === 1 ? "1 domain's" : `${count} domains'`;
}

/** Usages grouped by domain, in the order of their most drifted one. */
function byDomain(usages: readonly UsageView[]): [UsageView["domain"], UsageView[]][] {
  const groups = new Map<string, [UsageView["domain"], UsageView[]]>();
  for (const usage of usages) {
    const group = groups.get(usage.domain.slug) ?? [usage.domain, []];
    group[1].push(usage);
    groups.set(usage.domain.slug, group);
  }
  return [...groups.values()];
}

/** "column model.customers.active_customer in support_analytics: 62% drift (major) — changes the window: 90 → 30 days" over its text. */
function usageItem(usage: UsageView, more: { url: string; label: string }): Block {
  const figure = usage.drift ? rich`${words(percent(usage.drift.score))} drift (${words(usage.drift.level)})${driftReasons(usage.drift.reasons)}` : rich`no description to measure`;
  const accepted = usage.linkSource === "accepted" ? rich` · an accepted suggestion` : [];
  return {
    kind: "text",
    lead: rich`${words(KIND_WORD[usage.kind])} ${code(usage.path)} in ${code(usage.project)}: ${figure}${accepted}`,
    text: usage.description === "" ? rich`(no description)` : text(usage.description),
    style: "quote",
    cut: { max: DESCRIPTION_SHOWN, more },
  };
}

/** One suggested link: where, how confident, the item's description, and Accept / Reject. */
function suggestionItem(suggestion: SuggestionView, termName: string): Block {
  return {
    kind: "group",
    blocks: [
      {
        kind: "text",
        lead: rich`${words(KIND_WORD[suggestion.kind])} ${code(suggestion.path)} in ${bold(suggestion.domain.name)}${words(/s$/i.test(suggestion.domain.name) ? "'" : "'s")} ${code(suggestion.project)}: ${words(percent(suggestion.confidence))} confidence it means ${text(termName)}`,
        text: suggestion.description === "" ? rich`(no description)` : text(suggestion.description),
        style: "quote",
        cut: { max: DESCRIPTION_SHOWN },
      },
      {
        kind: "buttons",
        buttons: [
          { label: "Accept", action: { concord: "suggestion-accept", suggestionId: suggestion.id }, style: "primary" },
          { label: "Reject", action: { concord: "suggestion-reject", suggestionId: suggestion.id }, style: "danger" },
        ],
      },
    ],
  };
}
