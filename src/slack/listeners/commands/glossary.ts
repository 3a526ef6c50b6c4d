import type { AckFn, AllMiddlewareArgs, RespondArguments, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommandText } from "../../../commands/execute.js";
import { heavyWorkRunning } from "../../../core/turns.js";
import { unescapeSlackText } from "../../../commands/parse.js";
import { APOLOGY, replyView } from "../../../views/index.js";
import { toSlackMessage } from "../../blocks/convert.js";
import { toSlackModal } from "../../blocks/modal.js";
import { viewContext, type SlackContext } from "../../context.js";
import { slackRef } from "../../refs.js";

/** The most people one command's mentions are named for (each may cost a users.info). */
const MENTIONS_NAMED = 5;

/**
 * How long an answer may hold the command's acknowledgement. Slack shows a message in the acknowledgement as it
 * shows one posted to the response_url, so a quick answer (a lookup: milliseconds) comes with it, sooner and
 * without a second request; a slower one is posted to the response_url after an empty acknowledgement, well
 * inside Slack's three seconds.
 */
const ANSWER_WITH_ACK_MS = 1_000;

/** `/glossary …`: run the words, answer privately (or open the propose form), acknowledged within a second. */
export function glossaryCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    // While heavy work runs (a digest, an import) an answer waits for turns of the event loop and for the embedded
    // database: acknowledged at once, and answered at the response_url.
    const answer = answerOnce(ack, respond, heavyWorkRunning() ? 0 : ANSWER_WITH_ACK_MS);
    const team = command.team_id;
    try {
      const text = unescapeSlackText(command.text ?? "");
      const reply = await runCommandText(
        ctx.deps,
        {
          actor: await ctx.names.actor(team, command.user_id),
          platform: "slack",
          // A direct message is no channel: `domain channel` and `governance channel` ask for one, as in a Teams chat.
          ...(isDirectMessage(command.channel_id) ? {} : { channelId: command.channel_id }),
          ...(ctx.governanceChannel ? { governanceChannelSetting: ctx.governanceChannel } : {}),
          // Every reply to the slash command is ephemeral: only the caller sees it.
          repliesPrivately: true,
          resolveMention: (userId) => slackRef(team, userId),
          mentionedNames: await mentionedNames(ctx, team, text),
        },
        text,
      );
      const view = replyView(reply, viewContext(ctx));
      if (view.kind === "form") {
        await answer.empty();
        await client.views.open({ trigger_id: command.trigger_id, view: toSlackModal(view, { channelId: command.channel_id }) });
        return;
      }
      await answer.with({ response_type: "ephemeral", ...toSlackMessage(view) });
    } catch (error) {
      await answer.with({ response_type: "ephemeral", text: APOLOGY }).catch(() => {});
      throw error;
    }
  };
}

/**
 * The command's one acknowledgement: with the answer when it is ready within `withinMs`, else empty at that
 * moment (at once for 0), the answer then posted to the response_url.
 */
function answerOnce(ack: AckFn<string | RespondArguments>, respond: RespondFn, withinMs: number) {
  let acked: Promise<void> | undefined;
  const acknowledge = () => {
    acked = ack();
    // Not left unhandled meanwhile: `empty` or `with`, which always follow, await it and fail the request with it.
    acked.catch(() => {});
  };
  const timer = withinMs > 0 ? setTimeout(acknowledge, withinMs) : undefined;
  if (!timer) acknowledge();
  return {
    async empty(): Promise<void> {
      clearTimeout(timer);
      await (acked ??= ack());
    },
    async with(message: RespondArguments): Promise<void> {
      clearTimeout(timer);
      if (acked) {
        await acked;
        await respond(message);
        return;
      }
      await (acked = ack(message));
    },
  };
}

/** Slack's direct-message conversations have ids starting with D. */
function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

/** The names Slack shows for the people the words mention (an owner to add), by ref, so they are kept with the member. */
async function mentionedNames(ctx: SlackContext, team: string, text: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const userIds = new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!));
  for (const userId of [...userIds].slice(0, MENTIONS_NAMED)) {
    const { ref, displayName } = await ctx.names.actor(team, userId);
    if (displayName) names.set(ref, displayName);
  }
  return names;
}
