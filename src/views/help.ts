import type { CommandHelp } from "../commands/help.js";
import { plural } from "../commands/format.js";
import type { Block, MessageView, Rich } from "./model.js";
import { bold, code, command, icon, listOf, rich, text } from "./rich.js";

/**
 * Every command with its usage and an example; with a topic, only that command's (and how to see the rest); with an
 * unknown topic, that there is no such topic and which there are.
 */
export function helpView(entries: readonly CommandHelp[], topic: CommandHelp | undefined, unknownTopic?: string): MessageView {
  const everyCommand: Block = { kind: "note", text: rich`Send ${command("help")} for every command with an example.` };
  if (topic) {
    return { kind: "message", summary: `${topic.command}: ${topic.summary}`, blocks: [{ kind: "group", tone: "emphasis", blocks: helpEntry(topic) }, everyCommand] };
  }
  if (unknownTopic !== undefined) {
    return {
      kind: "message",
      summary: `There is no help topic “${unknownTopic}”.`,
      blocks: [
        { kind: "text", tone: "attention", text: rich`${icon("warning")} There is no help topic ${bold(unknownTopic)}.` },
        { kind: "text", text: rich`The topics are the commands: ${listOf(entries.map((entry) => code(entry.command)))}. For example ${command("help propose")}.` },
        everyCommand,
      ],
    };
  }
  const blocks: Block[] = [
    { kind: "header", text: rich`Concord keeps the shared glossary agreed` },
    { kind: "text", text: rich`Every command, with an example of how to send it; a bare term is a lookup.` },
    {
      kind: "list",
      items: entries.map((entry): Block => ({ kind: "group", blocks: helpEntry(entry) })),
      max: entries.length,
      more: (hidden) => rich`…and ${plural(hidden, "more command")}.`,
    },
  ];
  return { kind: "message", summary: "Concord commands", blocks };
}

function helpEntry(entry: CommandHelp): Block[] {
  return [
    { kind: "text", text: rich`${bold(code(entry.command))}: ${entry.summary}` },
    { kind: "text", text: text(entry.usage), style: "code" },
    { kind: "note", text: rich`Example: ${command(entry.example)}` },
  ];
}

/** The one sentence shown, once, when something failed on Concord's side; the error itself goes to the log. */
export const APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again in a moment.";

/** What went wrong, politely, with the command's usage when the words were not understood. */
export function errorView(message: string, usage: string | undefined): MessageView {
  const blocks: Block[] = [{ kind: "text", tone: "attention", text: rich`${icon("warning")} ${withCode(message)}` }];
  if (usage) blocks.push({ kind: "text", lead: rich`Usage:`, text: text(usage), style: "code" });
  return { kind: "message", summary: message, blocks };
}

/** A message's `quoted command` spans as inline code, on every face (Slack's mrkdwn would do it alone). */
function withCode(message: string): Rich {
  return message.split(/`([^`\n]+)`/u).flatMap((piece, i) => (i % 2 === 1 ? code(piece) : piece === "" ? [] : text(piece)));
}
