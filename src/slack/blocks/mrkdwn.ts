import type { Icon, Rich } from "../../views/model.js";
import { channelLink, escapeMrkdwn, formatDate, link, mention, mentionMember } from "./text.js";

/** Slack's names for Concord's icons. */
const EMOJI: Record<Icon, string> = {
  warning: ":warning:",
  idea: ":bulb:",
  approve: ":white_check_mark:",
  object: ":x:",
  abstain: ":heavy_minus_sign:",
  waiting: ":hourglass_flowing_sand:",
  ballot: ":ballot_box_with_ballot:",
  reminder: ":alarm_clock:",
  expired: ":zzz:",
  superseded: ":twisted_rightwards_arrows:",
  withdrawn: ":leftwards_arrow_with_hook:",
  celebrate: ":tada:",
};

/** A Slack channel id, which Slack shows as a link to the channel. */
const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,}$/;

const MARK = { bold: "*", italic: "_", code: "`" } as const;

/** Rich text as Slack mrkdwn: every text escaped, members mentioned, dates in each reader's time zone. */
export function toMrkdwn(content: Rich): string {
  return content
    .map((inline) => {
      switch (inline.kind) {
        case "words":
        case "text":
          return escapeMrkdwn(inline.text);
        case "link":
          return link(inline.url, inline.label);
        case "member":
          return mentionMember(inline.member);
        case "ref": {
          if (inline.ref.startsWith("slack:")) return mention(inline.ref);
          const known = inline.known.find((m) => m.refs.includes(inline.ref));
          return known ? mentionMember(known) : mention(inline.ref);
        }
        case "date":
          return formatDate(inline.date);
        case "command":
          return `\`/glossary ${escapeMrkdwn(inline.words)}\``;
        case "channel":
          return inline.platform === "slack" && SLACK_CHANNEL.test(inline.id) ? channelLink(inline.id) : escapeMrkdwn(inline.label);
        case "icon":
          return EMOJI[inline.icon];
        case "marked":
          return `${MARK[inline.mark]}${toMrkdwn(inline.content)}${MARK[inline.mark]}`;
      }
    })
    .join("");
}
