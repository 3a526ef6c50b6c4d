import type { Passability, VoicelessDomain } from "../core/index.js";
import type { Block, Rich } from "./model.js";
import { bold, command, icon, rich, text } from "./rich.js";

/** Who reads the explanation: the proposer is told "you"; anyone else reads the proposer's name. */
export type Reader = { readonly proposer: Rich } | "proposer";

/** The command that fixes a domain nobody can vote for. */
export function addOwnerCommand(slug: string): string {
  return `domain owners ${slug} add @someone`;
}

/** Why one affected domain cannot reach a position, and who fixes it with which command. */
export function describeVoiceless(entry: VoicelessDomain, reader: Reader): Rich {
  const name = bold(text(entry.domain.name));
  const fix = command(addOwnerCommand(entry.domain.slug));
  if (entry.reason === "no-owners") {
    return rich`${name} has no owners, so no vote can count for it. An admin can add one with ${fix}.`;
  }
  if (reader === "proposer") {
    return rich`${name}: you are its only owner, and a proposer's own vote does not count. You or an admin can add another owner with ${fix}.`;
  }
  return rich`${name}: its only owner, ${reader.proposer}, proposed this, and a proposer's own vote does not count. ${reader.proposer} or an admin can add another owner with ${fix}.`;
}

/** The warning a proposal carries while an affected domain cannot reach a position: stuck, or only some voices missing. */
export function voicelessBlocks(passability: Passability, reader: Reader): Block[] {
  if (passability.voiceless.length === 0) return [];
  const title = passability.stuck
    ? rich`${icon("warning")} ${bold("Stuck")}: this proposal cannot pass as things stand.`
    : rich`${icon("warning")} Not every affected domain can take a position yet.`;
  return [
    {
      kind: "group",
      tone: "attention",
      blocks: [
        { kind: "text", tone: "warning", text: title },
        {
          kind: "list",
          marker: "bullet",
          items: passability.voiceless.map((entry): Block => ({ kind: "text", text: describeVoiceless(entry, reader) })),
          max: passability.voiceless.length,
          more: () => [],
        },
      ],
    },
  ];
}
