import { plural, POLICY_MEANING } from "../commands/format.js";
import type { AliasChanged, DomainOwners, PolicySet, Proposal } from "../core/index.js";
import type { MessageView, Rich, ViewContext } from "./model.js";
import { plainText } from "./plain.js";
import { bold, code, command, icon, join, link, listOf, member, rich, text, words } from "./rich.js";
import { addOwnerCommand } from "./stuck.js";

function simpleView(line: Rich): MessageView {
  return { kind: "message", summary: plainText(line), blocks: [{ kind: "text", text: line }] };
}

/** A domain's owners, and how to change them. */
export function domainOwnersView(result: DomainOwners): MessageView {
  const { domain, owners } = result;
  const name = rich`${bold(text(domain.name))} (${code(domain.slug)})`;
  if (owners.length === 0) {
    return simpleView(
      rich`${name} has no owners yet, so no vote can count for it. An admin can add one with ${command(addOwnerCommand(domain.slug))}.`,
    );
  }
  return simpleView(
    rich`${words(owners.length === 1 ? "The owner" : "The owners")} of ${name}: ${listOf(owners.map(member))}.\nAn admin or an owner can change them with ${command(`domain owners ${domain.slug} add|remove @someone`)}.`,
  );
}

/** The answer to whoever withdrew a proposal. */
export function withdrewView(proposal: Proposal, ctx: ViewContext): MessageView {
  const title = link(ctx.links.proposal(proposal.id), `Proposal #${proposal.id}`);
  return simpleView(rich`${icon("withdrawn")} Withdrew ${title} on ${bold(proposal.termName)}: voting is closed, and its thread says so.`);
}

/** An alias added or removed, or why nothing changed, with the term's aliases now. */
export function aliasChangedView(result: AliasChanged, ctx: ViewContext): MessageView {
  const term = bold(link(ctx.links.term(result.term.slug), result.term.name));
  const alias = rich`“${text(result.alias)}”`;
  let line: Rich;
  if (result.action === "add") {
    line = result.changed ? rich`${icon("approve")} ${alias} is now an alias of ${term}.` : rich`${alias} is already an alias of ${term}; nothing changed.`;
  } else {
    line = result.changed ? rich`${icon("approve")} ${alias} is no longer an alias of ${term}.` : rich`${term} has no alias ${alias}; nothing changed.`;
  }
  const aliases = result.aliases.length > 0 ? text(result.aliases.join(", ")) : words("none");
  return simpleView(rich`${line}\nAliases: ${aliases}`);
}

/** A term's policy set, or why nothing changed; open proposals keep the policy they opened with. */
export function policySetView(result: PolicySet, ctx: ViewContext): MessageView {
  const term = bold(link(ctx.links.term(result.term.slug), result.term.name));
  const policy = rich`${bold(result.policy)} (${words(POLICY_MEANING[result.policy])})`;
  const line = result.changed
    ? rich`${icon("approve")} Future proposals on ${term} are decided by ${policy}.`
    : rich`${term} is already decided by ${policy}; nothing changed.`;
  if (result.open.length === 0) return simpleView(line);
  const open = result.open.map((p) => rich`${link(ctx.links.proposal(p.id), `#${p.id}`)} (${words(p.policy)})`);
  const keep = result.open.length === 1 ? "keeps the policy it was opened with" : "keep the policies they were opened with";
  return simpleView(rich`${line}\n${words(plural(result.open.length, "open proposal"))} ${join(open, ", ")} ${words(keep)}.`);
}
