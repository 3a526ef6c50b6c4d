/**
 * Bad inputs for every entry point: what a careless, curious or hostile user can type or forge. None of them may
 * change the glossary when sent by a member who owns no domain and is no admin (with Customer deprecated and
 * proposal #1 closed, so no line is a valid proposal or vote), and each must get a polite answer.
 * The strings avoid the words the politeness check looks for (stack frames, "undefined", file paths), so an echo of
 * the input in a reply is never mistaken for a leak.
 */

const HUGE = "a".repeat(10_000);
const HUGE_WORDS = "Customer ".repeat(1_200).trim();
const BLOCK_KIT = JSON.stringify({ blocks: [{ type: "section", text: { type: "mrkdwn", text: "<!channel> *urgent* <https://evil.example|verify>" } }] });

/** Arguments that are wrong in one way each: size, characters, injection, forged mentions and refs. */
export const BAD_ARGUMENTS: readonly { readonly name: string; readonly text: string }[] = [
  { name: "empty", text: "" },
  { name: "blank", text: "   " },
  { name: "10,000 characters", text: HUGE },
  { name: "10,000 characters of words", text: HUGE_WORDS },
  { name: "NUL", text: "Cust\u0000omer" },
  { name: "bell and escape", text: "\u0007\u001b[31mred" },
  { name: "DEL and C1 control", text: "Customer\u007f\u0085" },
  { name: "carriage return line feed", text: "Customer\r\nadmin" },
  { name: "vertical tab and form feed", text: "Cus\u000btomer\u000c" },
  { name: "right-to-left override", text: "\u202Eremotsuc" },
  { name: "zero-width characters", text: "Cus\u200Bto\u200Dmer\uFEFF" },
  { name: "emoji", text: "😀🔥💸" },
  { name: "family emoji (ZWJ sequence)", text: "👨‍👩‍👧‍👦" },
  { name: "combining marks", text: "C\u0301\u0301\u0301u\u0308\u0308stomer" },
  { name: "zalgo", text: "Z̷̡̛̺̲͚͓̍̈́a̸͎̒͝l̵̰̈́g̴͈̏o̵̟͑" },
  { name: "lone surrogate", text: "Customer \uD800" },
  { name: "SQL injection", text: "'; drop table terms; --" },
  { name: "SQL tautology", text: "x' or '1'='1" },
  { name: "SQL union", text: "1 union select password from members" },
  { name: "<!channel>", text: "<!channel>" },
  { name: "<!here> and <!everyone>", text: "<!here> <!everyone>" },
  { name: "forged mention with label", text: "<@U123|admin>" },
  { name: "forged enterprise mention", text: "<@W0ADMIN>" },
  { name: "channel link", text: "<#C0GOVERNANCE1|governance>" },
  { name: "mrkdwn and a disguised link", text: "*bold* <https://evil.example|click>" },
  { name: "Block Kit JSON", text: BLOCK_KIT },
  { name: "HTML and script", text: "<script>alert(1)</script><img src=x onerror=alert(1)>" },
  { name: "template and JNDI", text: "${jndi:ldap://evil.example/a}{{7*7}}" },
  { name: "another team's Slack ref", text: "slack:T0OTHER:U0ADMIN" },
  { name: "a Slack ref without a user", text: "slack:T0TEST:" },
  { name: "teams ref with bad GUIDs", text: "teams:not-a-guid:also-not-a-guid" },
  { name: "teams ref with a truncated GUID", text: "teams:72f988bf-86f1-41af-91ab:0b7a2f1e" },
  { name: "unknown ref platform", text: "github:someone" },
  { name: "percent-encoded NUL", text: "%00%0d%0a" },
  { name: "only punctuation", text: "= = = for for" },
];

/** Command words, each followed by every bad argument above (these lines are the core of the corpus). */
export const COMMAND_PREFIXES: readonly string[] = [
  "",
  "define ",
  "search ",
  "history ",
  "propose ",
  "propose Customer = ",
  "propose Churn Rate = ",
  "propose Churn Rate for ",
  "variant Customer = ",
  "variant Customer for ",
  "subscribe Customer ",
  "domain add ",
  "domain owners sales add ",
  "domain channel ",
  "deprecate ",
  "relate Customer related ",
  "move Customer under ",
  "token new ",
  "token revoke ",
  "help ",
];

/** Whole lines that are wrong as a whole rather than in one argument. */
export const BAD_LINES: readonly string[] = [
  "relate Customer related Customer",
  "relate Customer is the cousin of Customer",
  "unrelate Customer see also Nowhere",
  "move Customer under Customer",
  "move Customer to the top",
  "move Nowhere under Customer",
  "token new",
  "token new admin extra",
  "token revoke 0",
  "token revoke 99999999999",
  "token revoke #1; drop table api_tokens",
  "domain",
  "domain frobnicate",
  "domain owners",
  "domain owners sales",
  "domain owners sales promote <@U0EVIL>",
  "domain owners sales remove <@U0SALES>",
  "domain owners sales add <@U0EVIL|admin>",
  "domain add sales Sales Again",
  "domain add Ünïcödé Name",
  "domain add ../.. Parent",
  "domain channel sales",
  "subscribe",
  "subscribe Customer",
  "subscribe Customer sales",
  "variant",
  "variant = text only",
  "variant Customer",
  "variant Customer for sales = A rival definition.",
  "propose",
  "propose = no term",
  "propose Customer for sales = Anyone at all.",
  "propose Churn Rate = Share of customers lost.",
  "deprecate",
  "deprecate Customer",
  "pending now please",
  "digest weekly",
  "propsoe Customer = typo",
  "domian list",
];

/** Every /glossary line (or Teams message, or console command) of the corpus. */
export function commandCorpus(): string[] {
  const lines: string[] = [];
  for (const prefix of COMMAND_PREFIXES) {
    for (const argument of BAD_ARGUMENTS) {
      // A bare argument is a lookup; skip the empty and blank ones there (they are the help, tested once).
      if (prefix === "" && argument.text.trim() === "" && lines.includes(argument.text)) continue;
      lines.push(`${prefix}${argument.text}`);
    }
  }
  lines.push(...BAD_LINES);
  return [...new Set(lines)];
}

/** Values for a button's `value` that do not name an open proposal (#1 exists and is closed). */
export const FORGED_BUTTON_VALUES: readonly string[] = [
  "",
  "0",
  "-1",
  "1",
  "2",
  "999999",
  "99999999999999999999",
  "1.5",
  "NaN",
  "Infinity",
  "1; drop table votes",
  "' or 1=1 --",
  "\u0000",
  HUGE,
  '{"proposalId":1}',
  "😀",
];

/** Interactivity payloads that are forged, stale or malformed, in the `payload` field of a form body. */
export function interactivityCorpus(ids: { approve: string; object: string; abstain: string; share: string; proposeFromLookup: string; homeSearch: string; openLink: string; proposeModal: string; objectModal: string }, fields: { team: string; user: string; channel: string; responseUrl: (id: string) => string }) {
  const user = { id: fields.user, username: "mallory", team_id: fields.team };
  const base = { team: { id: fields.team, domain: "acme" }, user, api_app_id: "A0CONCORD", token: "legacy" };
  const entries: { name: string; payload: string; responseId?: string }[] = [];
  let n = 0;
  const click = (name: string, actionId: unknown, value: unknown, extra: Record<string, unknown> = {}) => {
    const responseId = `ia${++n}`;
    entries.push({
      name,
      responseId,
      payload: JSON.stringify({
        type: "block_actions",
        ...base,
        trigger_id: `trigger.ia${n}`,
        channel: { id: fields.channel, name: "governance" },
        container: { type: "message", message_ts: "1.0", channel_id: fields.channel, is_ephemeral: false },
        message: { ts: "1.0", text: "" },
        response_url: fields.responseUrl(responseId),
        actions: [{ type: "button", action_id: actionId, block_id: "votes", value, action_ts: "1.0" }],
        ...extra,
      }),
    });
  };
  for (const value of FORGED_BUTTON_VALUES) {
    click(`approve with ${JSON.stringify(value).slice(0, 30)}`, ids.approve, value);
    click(`abstain with ${JSON.stringify(value).slice(0, 30)}`, ids.abstain, value);
  }
  for (const value of ["", "0", "1", "999999", "NaN", "\u0000"]) click(`object with ${JSON.stringify(value)}`, ids.object, value);
  for (const value of ["", "no-such-term", "'; drop table terms; --", HUGE, "\u0000", "<!channel>"]) {
    click(`share with ${JSON.stringify(value).slice(0, 30)}`, ids.share, value);
  }
  for (const value of ["", HUGE, "\u0000"]) click(`propose-from-lookup with ${JSON.stringify(value).slice(0, 20)}`, ids.proposeFromLookup, value);
  for (const value of ["", HUGE, "\u0000", "<!channel>"]) click(`home search with ${JSON.stringify(value).slice(0, 20)}`, ids.homeSearch, value);
  click("link button", ids.openLink, "https://evil.example");
  for (const actionId of ["vote_approve_forged", "admin_delete_all", "", "vote_approve\u0000", HUGE]) {
    click(`unknown action_id ${JSON.stringify(actionId).slice(0, 30)}`, actionId, "1");
  }
  click("value as a number", ids.approve, 2);
  click("value as an object", ids.approve, { proposalId: 2 });
  click("value as an array", ids.approve, [2]);
  click("value missing", ids.approve, undefined);
  click("action_id as a number", 42, "2");
  entries.push({ name: "no actions", payload: JSON.stringify({ type: "block_actions", ...base, actions: [] }) });
  entries.push({ name: "actions not an array", payload: JSON.stringify({ type: "block_actions", ...base, actions: "vote_approve" }) });
  entries.push({ name: "no team", payload: JSON.stringify({ type: "block_actions", user, actions: [{ action_id: ids.approve, value: "2", type: "button" }] }) });
  entries.push({ name: "unknown payload type", payload: JSON.stringify({ type: "dialog_submission", ...base, submission: { a: 1 } }) });
  entries.push({ name: "shortcut nobody registered", payload: JSON.stringify({ type: "shortcut", ...base, callback_id: "glossary_admin", trigger_id: "t" }) });

  const submit = (name: string, callbackId: unknown, privateMetadata: unknown, values: unknown) => {
    entries.push({
      name,
      payload: JSON.stringify({
        type: "view_submission",
        ...base,
        trigger_id: "trigger.view",
        view: { id: "V0BAD", type: "modal", callback_id: callbackId, private_metadata: privateMetadata, state: { values }, hash: "1" },
      }),
    });
  };
  const definition = (value: unknown) => ({ propose_definition_block: { propose_definition: { type: "plain_text_input", value } } });
  const proposeMetadata = JSON.stringify({ term: "Churn Rate", domain: "sales", channelId: fields.channel });
  submit("propose: no fields", ids.proposeModal, proposeMetadata, {});
  submit("propose: empty definition", ids.proposeModal, proposeMetadata, definition(""));
  submit("propose: huge definition", ids.proposeModal, proposeMetadata, definition(HUGE));
  submit("propose: NUL in definition", ids.proposeModal, proposeMetadata, definition("Share\u0000 of customers"));
  submit("propose: definition as a number", ids.proposeModal, proposeMetadata, definition(42));
  submit("propose: definition as an object", ids.proposeModal, proposeMetadata, definition({ text: "x" }));
  submit("propose: state values null", ids.proposeModal, proposeMetadata, null);
  submit("propose: missing metadata", ids.proposeModal, "", definition("Share of customers lost in a month."));
  submit("propose: metadata not JSON", ids.proposeModal, "{not json", definition("Share of customers lost in a month."));
  submit("propose: metadata with a huge term", ids.proposeModal, JSON.stringify({ term: HUGE }), definition("Share of customers lost."));
  submit("propose: metadata with a NUL term", ids.proposeModal, JSON.stringify({ term: "Churn\u0000" }), definition("Share of customers lost."));
  submit("propose: metadata naming an unknown domain", ids.proposeModal, JSON.stringify({ term: "Churn Rate", domain: "'; drop table domains; --" }), definition("Share of customers lost."));
  submit("propose: metadata naming no domain", ids.proposeModal, JSON.stringify({ term: "Churn Rate" }), definition("Share of customers lost."));
  submit("propose: metadata as an array", ids.proposeModal, "[1,2,3]", definition("Share of customers lost."));
  submit("propose: consumers malformed", ids.proposeModal, proposeMetadata, {
    ...definition("Share of customers lost."),
    propose_consumers_block: { propose_consumers: { type: "multi_static_select", selected_options: "sales" } },
  });
  submit("propose: huge rationale", ids.proposeModal, proposeMetadata, {
    ...definition("Share of customers lost."),
    propose_rationale_block: { propose_rationale: { type: "plain_text_input", value: HUGE } },
  });
  const reason = (value: unknown) => ({ object_reason_block: { object_reason: { type: "plain_text_input", value } } });
  submit("object: no reason", ids.objectModal, JSON.stringify({ proposalId: 1 }), {});
  submit("object: huge reason", ids.objectModal, JSON.stringify({ proposalId: 1 }), reason(HUGE));
  submit("object: NUL reason", ids.objectModal, JSON.stringify({ proposalId: 1 }), reason("No\u0000"));
  submit("object: closed proposal", ids.objectModal, JSON.stringify({ proposalId: 1 }), reason("Too broad."));
  submit("object: unknown proposal", ids.objectModal, JSON.stringify({ proposalId: 999999 }), reason("Too broad."));
  submit("object: negative proposal", ids.objectModal, JSON.stringify({ proposalId: -1 }), reason("Too broad."));
  submit("object: proposal id as text", ids.objectModal, JSON.stringify({ proposalId: "1; drop table votes" }), reason("Too broad."));
  submit("object: metadata not JSON", ids.objectModal, "proposal=1", reason("Too broad."));
  submit("unknown callback_id", "admin_modal", "{}", reason("x"));
  submit("callback_id as a number", 7, "{}", reason("x"));
  return entries;
}

/** Raw form bodies that are not a well-formed interactivity payload at all. */
export const MALFORMED_BODIES: readonly { readonly name: string; readonly body: string; readonly contentType?: string }[] = [
  { name: "payload not JSON", body: "payload=%7Bnot%20json" },
  { name: "payload empty", body: "payload=" },
  { name: "payload a JSON string", body: `payload=${encodeURIComponent('"hello"')}` },
  { name: "payload a JSON number", body: "payload=42" },
  { name: "payload an array", body: `payload=${encodeURIComponent("[1,2]")}` },
  { name: "payload truncated", body: `payload=${encodeURIComponent('{"type":"block_actions","actions":[')}` },
  { name: "empty body", body: "" },
  { name: "form without command or payload", body: "foo=bar&baz=1" },
  { name: "command other than /glossary", body: "command=%2Fadmin&text=drop&team_id=T0TEST&user_id=U0MALLORY&channel_id=C0DATA&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fx&trigger_id=t" },
  { name: "JSON body that is not JSON", body: "{not json", contentType: "application/json" },
  { name: "JSON event of an unknown type", body: JSON.stringify({ type: "event_callback", team_id: "T0TEST", event_id: "Ev0BAD", event: { type: "member_joined_channel", user: "U0X" } }), contentType: "application/json" },
  { name: "JSON url_verification without challenge", body: JSON.stringify({ type: "url_verification" }), contentType: "application/json" },
  { name: "app_home_opened for a forged user", body: JSON.stringify({ type: "event_callback", team_id: "T0TEST", api_app_id: "A0CONCORD", event_id: "Ev0HOME", event_time: 1, token: "legacy", event: { type: "app_home_opened", user: "U0MALLORY\u0000", channel: "D0", tab: "home", event_ts: "1.0" } }), contentType: "application/json" },
];

/** Teams `value`s on a message that are not Concord card actions, or are but carry bad fields. */
export const TEAMS_VALUES: readonly unknown[] = [
  "vote",
  42,
  null,
  [],
  [{ concord: "vote" }],
  {},
  { concord: "delete-everything" },
  { concord: "vote" },
  { concord: "vote", proposalId: 1, position: "approve" },
  { concord: "vote", proposalId: 999999, position: "approve" },
  { concord: "vote", proposalId: -1, position: "approve" },
  { concord: "vote", proposalId: "1; drop table votes", position: "approve" },
  { concord: "vote", proposalId: 1, position: "veto" },
  { concord: "vote", proposalId: 1, position: "object", reason: "" },
  { concord: "vote", proposalId: 1, position: "object", reason: HUGE },
  { concord: "vote", proposalId: 999999, position: "object", reason: "Too broad." },
  { concord: "vote", proposalId: 1e99, position: "approve" },
  { concord: "propose", term: "" },
  { concord: "propose", term: "Churn Rate" },
  { concord: "propose", term: "Churn Rate", text: "" },
  { concord: "propose", term: "Churn Rate", text: "Share of customers lost.", domain: "'; drop table domains; --" },
  { concord: "propose", term: "Churn Rate", text: "Share of customers lost.", domain: "sales", consumers: 42 },
  { concord: "propose", term: { name: "x" }, text: "y" },
  { concord: "share", slug: "" },
  { concord: "share", slug: "no-such-term" },
  { concord: "share", slug: HUGE },
  { concord: "share", slug: "\u0000" },
  { concord: "propose-form", term: "" },
  { concord: "propose-form", term: HUGE },
  { concord: "propose-form", term: "<!channel>" },
  { concord: ["vote"], proposalId: 1, position: "approve" },
];

/**
 * Card `propose` actions whose fields break the limits the chat commands enforce (4,000 characters, no control
 * characters). Known finding: the card path (Teams and the console) does not check them, so these are stored, or fail
 * inside the database as an internal error. Kept apart so the rest of the corpus stays a passing guard.
 */
export const UNCHECKED_CARD_PROPOSALS: readonly unknown[] = [
  { concord: "propose", term: "Churn Rate", text: HUGE, domain: "sales" },
  { concord: "propose", term: HUGE, text: "Share of customers lost.", domain: "sales" },
  { concord: "propose", term: "Churn Rate", text: "Share of customers lost.", domain: "sales", rationale: HUGE },
  { concord: "propose", term: "Churn\u0000", text: "Share of customers lost.", domain: "sales" },
  { concord: "propose", term: "Churn Rate", text: "Share\u0000 lost.", domain: "sales" },
];

/** Signed bodies Bolt's receiver answered with a 500: a `payload` of JSON null, a click with no user, a form with no view. */
export const BOLT_500_BODIES: readonly { readonly name: string; readonly body: string }[] = [
  { name: "payload JSON null", body: "payload=null" },
  {
    name: "block_actions without a user",
    body: new URLSearchParams({
      payload: JSON.stringify({ type: "block_actions", team: { id: "T0TEST" }, api_app_id: "A0CONCORD", actions: [{ action_id: "vote_approve", value: "2", type: "button" }] }),
    }).toString(),
  },
  {
    name: "view_submission without a view",
    body: new URLSearchParams({
      payload: JSON.stringify({ type: "view_submission", team: { id: "T0TEST" }, user: { id: "U0MALLORY", team_id: "T0TEST" }, api_app_id: "A0CONCORD" }),
    }).toString(),
  },
];

/**
 * Addresses with malformed percent-escapes, as a hand or a scanner types them: each must be answered 400 on every
 * route, before any token is asked for (the address cannot be read, so nothing behind it is reached).
 */
export const MALFORMED_PATHS: readonly string[] = [
  "/api/terms/%ZZ",
  "/api/terms/%E0%A4%A",
  "/api/terms/%",
  "/api/proposals/%ZZ",
  "/terms/%ZZ",
  "/terms/%ZZ/history",
  "/terms/%C0%AF",
  "/proposals/%ZZ",
  "/%ZZ",
  "/console/%ZZ",
  "/console/api/feed/%ZZ",
];

/** Page and API requests carrying a NUL or another control character in a path part or the search: 400. */
export const CONTROL_IN_PAGE_REQUESTS: readonly string[] = [
  "/api/terms?q=%00",
  "/api/terms?q=churn%00rate",
  "/api/terms?q=%1B%5B31m",
  "/?q=%00",
  "/api/terms/%00",
  "/api/terms/a%00b",
  "/terms/a%00b",
  "/terms/a%00b/history",
  "/api/proposals?status=open%00",
];

/** Body bytes labelled `Content-Encoding: gzip` that are not gzip (Teams and the console read bodies alike). */
export const NOT_GZIP: readonly { readonly name: string; readonly encoding: string }[] = [
  { name: "gzip that is plain JSON", encoding: "gzip" },
  { name: "deflate that is plain JSON", encoding: "deflate" },
  { name: "br that is plain JSON", encoding: "br" },
];

/**
 * Teams activities whose shape is not what the Bot Framework sends, each breaking one field Concord reads. Each must
 * be answered 400: no turn, no apology, no stored conversation.
 */
export function malformedTeamsActivities(good: () => Record<string, unknown>): { name: string; activity: unknown }[] {
  const with_ = (changes: Record<string, unknown>) => ({ ...good(), ...changes });
  return [
    { name: "conversation a string", activity: with_({ conversation: "a:personal-string" }) },
    { name: "conversation without an id", activity: with_({ conversation: { conversationType: "personal" } }) },
    { name: "conversation with an empty id", activity: with_({ conversation: { id: "", conversationType: "personal" } }) },
    { name: "conversation id a number", activity: with_({ conversation: { id: 42, conversationType: "personal" } }) },
    { name: "text an object", activity: with_({ text: { toString: "help" } }) },
    { name: "text an array", activity: with_({ text: ["help"] }) },
    { name: "entities a string", activity: with_({ entities: "mention" }) },
    { name: "entities an object", activity: with_({ entities: { type: "mention" } }) },
    { name: "an entity that is not an object", activity: with_({ entities: ["mention"] }) },
    { name: "a mention without mentioned", activity: with_({ text: "<at>Ada</at> help", entities: [{ type: "mention", text: "<at>Ada</at>" }] }) },
    { name: "a mention whose mentioned is a string", activity: with_({ text: "<at>Ada</at> help", entities: [{ type: "mention", text: "<at>Ada</at>", mentioned: "Ada" }] }) },
    { name: "from a string", activity: with_({ from: "29:someone" }) },
    { name: "an invoke with no name", activity: with_({ type: "invoke", text: undefined }) },
    { name: "an invoke whose name is a number", activity: with_({ type: "invoke", name: 7 }) },
    { name: "serviceUrl an object", activity: with_({ serviceUrl: { href: "http://127.0.0.1:9/" } }) },
  ];
}
