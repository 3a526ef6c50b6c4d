import { editDistance } from "../core/text/edit-distance.js";
import { COMMAND_NAMES, type CommandName } from "./intents.js";

export interface CommandHelp {
  command: CommandName;
  usage: string;
  example: string;
  summary: string;
}

export const SUGGESTION_MAX_DISTANCE = 2;

export const commandHelp: readonly CommandHelp[] = [
  {
    command: "define",
    usage: "define <term>   (or just <term>)",
    example: "define Churn Rate",
    summary:
      "The agreed definition of a term: version, owner domain, aliases, last change, and how far each domain's variant drifts.",
  },
  {
    command: "search",
    usage: "search <words>",
    example: "search cancelled subscription",
    summary: "Terms whose name, alias or definition match your words, best first.",
  },
  {
    command: "propose",
    usage: "propose <term> [for <domain>] [= <definition>]",
    example: "propose Churn Rate for finance = Customers who cancelled this month divided by customers at the start of it.",
    summary:
      "Propose a new term or a change to one; without “=” a form opens. Put a term in quotes when it ends in “for <word>”.",
  },
  {
    command: "history",
    usage: "history <term>",
    example: "history Customer",
    summary: "Every agreed version of a term, who proposed it and when, and what changed between versions.",
  },
  {
    command: "variant",
    usage: "variant <term> [for <domain>] = <definition>",
    example: "variant Customer for support = Anyone who opened a support ticket in the last 12 months.",
    summary: "Record your domain's working definition of a term; Concord replies with how far it drifts from the agreed one.",
  },
  {
    command: "pending",
    usage: "pending",
    example: "pending",
    summary: "Proposals waiting on your domains' votes, with their deadlines.",
  },
  {
    command: "subscribe",
    usage: "subscribe <term> <domain>",
    example: "subscribe Churn Rate support",
    summary: "Mark a domain as consuming a term, so its owners vote on future changes to it.",
  },
  {
    command: "governance",
    usage: "governance channel",
    example: "governance channel",
    summary:
      "Run it in a Teams channel, or a Slack channel when the GLOSSARY_CHANNEL setting names none, to make that channel " +
      "the governance channel: every proposal is posted there as a card to vote on, updated as votes arrive. For admins.",
  },
  {
    command: "domain",
    usage: [
      "domain list",
      "domain add <slug> <name>",
      "domain owners <slug>",
      "domain owners <slug> add|remove <@mention or user ref>",
      "domain channel <slug>",
    ].join("\n"),
    example: "domain owners sales add <@U024BE7LH>",
    summary:
      "List domains, add one, list or change its owners (a mention, or a ref such as teams:<tenant>:<user id>), " +
      "or make this channel its home. Changes are for admins and the domain's owners.",
  },
  {
    command: "deprecate",
    usage: "deprecate <term> [in favour of <term>]",
    example: "deprecate Legacy Customer ID in favour of Customer ID",
    summary: "Open a proposal to deprecate a term; the affected domains vote on it. Once agreed, lookups point to the term named after “in favour of”.",
  },
  {
    command: "withdraw",
    usage: "withdraw <#proposal>",
    example: "withdraw #12",
    summary: "Withdraw an open proposal: its proposer or an admin can; voting closes and its thread says so.",
  },
  {
    command: "alias",
    usage: "alias <term> add|remove <alias>",
    example: "alias Customer add client",
    summary:
      "Add or remove another name a term is found by. For the owning domain's owners and admins; an alias that is another " +
      "term's name or alias is refused. Put a term in quotes when its name holds “add” or “remove”.",
  },
  {
    command: "relate",
    usage: "relate <term> <relation> <term>",
    example: "relate Net Revenue part of Revenue",
    summary:
      "Relate two terms, read as a sentence: related, synonym of, antonym of, broader than, narrower than, part of, has part " +
      "or see also. Both terms show it, each from its own side. For the first term's owning domain's owners and admins; " +
      "the hierarchy (a term's parent) changes only through a proposal. Put a term in quotes when its name holds such words.",
  },
  {
    command: "unrelate",
    usage: "unrelate <term> <relation> <term>",
    example: "unrelate Customer see also Client",
    summary: "Remove a relation between two terms, written as it was made. For the first term's owning domain's owners and admins.",
  },
  {
    command: "move",
    usage: "move <term> under <term> | move <term> to the top",
    example: "move Net Revenue under Revenue",
    summary:
      "Propose placing a term under another (or at the top level): its affected domains vote on it as on a change of " +
      "definition, and the agreed words stay as they are. Put a term in quotes when its name holds “under”.",
  },
  {
    command: "policy",
    usage: "policy <term> unanimous|majority|owner|lazy",
    example: "policy Churn Rate majority",
    summary: "Set how future proposals on a term are decided (owning domain's owners and admins); open proposals keep theirs.",
  },
  {
    command: "links",
    usage: "links <term>",
    example: "links Active Customer",
    summary:
      "Where the domains' data products (dbt models, columns and metrics) use a term, each with its drift from the agreed " +
      "definition, and the links suggested by their names: the owning domain's owners or an admin accept or reject each.",
  },
  {
    command: "token",
    usage: ["token new admin", "token new <domain>", "token revoke <id>"].join("\n"),
    example: "token new sales",
    summary:
      "Make a token for the write API: an admin's, to import a glossary (POST /api/import), or a domain's, for its dbt " +
      "ingest in CI, by its owners. The token is shown once, only to you (on Teams, in a personal chat with Concord), " +
      "and kept only as a digest; its maker, an admin or the domain's owners revoke it.",
  },
  {
    command: "digest",
    usage: "digest",
    example: "digest",
    summary: "A preview of this week's drift digest, shown only to you.",
  },
  {
    command: "help",
    usage: "help [command]",
    example: "help propose",
    summary: "Every command with an example, or the details of one command.",
  },
];

/** The help entry of one command. */
export function helpFor(command: CommandName): CommandHelp {
  const entry = commandHelp.find((candidate) => candidate.command === command);
  if (!entry) throw new Error(`No help entry for command "${command}"`);
  return entry;
}

/** The command a (possibly mistyped) word most likely means, within edit distance 2; undefined when none is close. */
export function suggestCommand(word: string): CommandName | undefined {
  const typed = word.normalize("NFKC").toLowerCase();
  let best: { command: CommandName; distance: number } | undefined;
  for (const command of COMMAND_NAMES) {
    const distance = editDistance(typed, command, SUGGESTION_MAX_DISTANCE);
    if (distance <= SUGGESTION_MAX_DISTANCE && (!best || distance < best.distance)) best = { command, distance };
  }
  return best?.command;
}
