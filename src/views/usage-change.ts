import { percent } from "../commands/format.js";
import type { UsageChangeView } from "../core/index.js";
import { driftReasons } from "./lookup.js";
import type { Block, MessageView, ViewContext } from "./model.js";
import { bold, code, icon, link, rich, words } from "./rich.js";

/** How many characters of each diff a notice shows; the term's page has the rest. */
const DIFF_SHOWN = 600;

const KIND_WORD: Record<UsageChangeView["kind"], string> = { model: "model", column: "column", metric: "metric", semantic: "semantic model part" };

/**
 * The notice a domain's home channel and the governance channel get when an ingest changed a linked data product's
 * description so that it now says something else than the agreed definition: which product, what changed since the
 * last ingest, how it differs from the agreed text, the drift and its reasons, and what the domain's owners can do.
 */
export function usageChangeView(view: UsageChangeView, ctx: ViewContext): MessageView {
  const page = ctx.links.term(view.term.slug);
  const term = link(page, view.term.name);
  const blocks: Block[] = [
    { kind: "header", text: rich`${view.domain.name}'s data product changed what ${view.term.name} means` },
    {
      kind: "text",
      tone: "warning",
      text: rich`${icon("warning")} The ${words(KIND_WORD[view.kind])} ${code(view.path)} in ${bold(view.domain.name)}'s dbt project ${code(view.project)}, linked to ${bold(term)}, has a new description that drifts ${bold(percent(view.drift.score))} (${words(view.drift.level)}) from the agreed definition (version ${words(String(view.agreed.version))})${driftReasons(view.drift.reasons)}.`,
    },
    {
      kind: "group",
      blocks: [
        { kind: "text", text: bold("Since the last ingest") },
        { kind: "diff", parts: view.sincePrevious, cut: { max: DIFF_SHOWN, more: { url: page, label: "See the term" } } },
        { kind: "text", text: bold("Against the agreed definition") },
        { kind: "diff", parts: view.fromAgreed, cut: { max: DIFF_SHOWN, more: { url: page, label: "See the term" } } },
        { kind: "legend" },
      ],
    },
  ];
  if (view.removed) {
    blocks.push({ kind: "text", text: rich`This link is no longer in use: it was marked wrong, or the project no longer has ${code(view.path)}.` });
  } else {
    blocks.push(
      { kind: "text", text: rich`${bold(view.domain.name)}'s owners (or an admin) decide what it is:` },
      {
        kind: "buttons",
        buttons: [
          { label: "Propose this as the shared definition", action: { concord: "usage-propose", usageId: view.usageId }, style: "primary" },
          { label: "Record as our variant", action: { concord: "usage-variant", usageId: view.usageId } },
          { label: "The link is wrong", action: { concord: "usage-unlink", usageId: view.usageId }, style: "danger" },
        ],
      },
    );
  }
  const summary = `${view.domain.name}'s ${view.path} (${view.project}) now drifts ${percent(view.drift.score)} from ${view.term.name}`;
  return { kind: "message", summary, blocks, page: { url: page, label: `${view.term.name} in the glossary` } };
}
