import type { TokenMade, TokenRevoked } from "../core/tokens.js";
import type { MessageView } from "./model.js";
import { plainText } from "./plain.js";
import { bold, code, command, icon, rich, text, words } from "./rich.js";

/**
 * A token just made, with its secret in a code block to copy. The notification line leaves the secret out: it is in
 * the message alone, which only its maker sees.
 */
export function tokenCreatedView(made: TokenMade): MessageView {
  const what = made.domain
    ? rich`the ${bold(text(made.domain.name))} (${code(made.domain.slug)}) domain's token #${made.id}, for its dbt ingest`
    : rich`an admin token #${made.id}, for imports`;
  const use = made.domain
    ? rich`Send it as ${code("Authorization: Bearer <token>")} to ${code(`POST /api/ingest/dbt?domain=${made.domain.slug}`)}, for example from CI after ${code("dbt docs generate")}.`
    : rich`Send it as ${code("Authorization: Bearer <token>")} to ${code("POST /api/import?format=<format>")}, with the file as the body; add ${code("&dry_run=true")} to see what would happen first.`;
  const line = rich`${icon("approve")} Here is ${what}. Copy it now: it is shown only this once, and Concord keeps only a digest of it.`;
  return {
    kind: "message",
    summary: plainText(rich`Your new token #${made.id} (shown once).`),
    blocks: [
      { kind: "text", text: line },
      { kind: "text", text: text(made.secret), style: "code" },
      { kind: "note", text: rich`${use} Revoke it with ${command(`token revoke ${made.id}`)}.` },
    ],
  };
}

/** A token revoked: the write API refuses it from now on. */
export function tokenRevokedView(revoked: TokenRevoked): MessageView {
  const what = revoked.domain ? rich`the ${bold(text(revoked.domain.name))} domain's token #${revoked.id}` : words(`admin token #${revoked.id}`);
  const line = rich`${icon("approve")} Revoked ${what}: the write API refuses it from now on.`;
  return { kind: "message", summary: plainText(line), blocks: [{ kind: "text", text: line }] };
}
