import { describe, expect, it } from "vitest";
import { toSlackMessage } from "../../src/slack/blocks/convert.js";
import { toTeamsText } from "../../src/teams/cards/convert.js";
import { decisionView, withdrawnView, type MessageView } from "../../src/views/index.js";
import { toConsoleHtml } from "../../src/web/console/render.js";
import { affected, links, member, NOW, proposalView, sales, vote } from "../fixtures/chat-views.js";
import { visibleText } from "../web/support.js";

/** Undoes one level of HTML-style entities, as Slack, Teams and a browser each do once. */
function decodeOnce(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

/** What a reader sees of a thread reply on each face: Slack's mrkdwn, Teams' message text, the console's page. */
const faces: Record<string, (view: MessageView) => string> = {
  slack: (view) => {
    const message = toSlackMessage(view);
    return decodeOnce([message.text, ...message.blocks.map((b) => JSON.stringify(b))].join("\n").replace(/\\"/g, '"'));
  },
  teams: (view) => decodeOnce(toTeamsText(view).replace(/\\([\\[\]()*_~<`>#+=.-])/g, "$1")),
  console: (view) => visibleText(toConsoleHtml(view)),
};

const mal = member(9, "<b>Mal</b>", "local:mal");
const objection = [vote(mal, "object", "Not <i>this</i> way")];
const named = (status: "approved" | "rejected" | "withdrawn") =>
  proposalView({ status, termName: "<b>Bold</b> Term", resultVersion: 4 }, { votes: objection, domains: [affected(sales, [mal], true, objection)] });

describe("a decision's thread reply with markup in a name", () => {
  for (const [face, see] of Object.entries(faces)) {
    it(`reads as typed on ${face}, escaped once and never twice`, () => {
      for (const view of [
        decisionView(named("approved"), { links, now: NOW }),
        decisionView(named("rejected"), { links, now: NOW }),
        withdrawnView(named("withdrawn"), "local:mal"),
      ]) {
        const seen = see(view);
        expect(seen).toContain("<b>Bold</b> Term");
        expect(seen).not.toMatch(/&lt;|&gt;|&amp;/);
      }
      const rejected = see(decisionView(named("rejected"), { links, now: NOW }));
      expect(rejected).toContain("<b>Mal</b>");
      expect(rejected).toContain("Not <i>this</i> way");
      expect(see(withdrawnView(named("withdrawn"), "local:mal"))).toContain("withdrawn by <b>Mal</b>");
    });
  }
});
