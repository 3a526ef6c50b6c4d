import type { z } from "zod";
import { normaliseRelationPhrase, RELATION_CHOICES, RELATION_PHRASES } from "../core/glossary/relations.js";
import { editDistance } from "../core/text/edit-distance.js";
import { helpFor, SUGGESTION_MAX_DISTANCE, suggestCommand } from "./help.js";
import {
  COMMAND_NAMES,
  COMMAND_TEXT_MAX_LENGTH,
  DEFINITION_TEXT_MAX_LENGTH,
  DOMAIN_SLUG_PATTERN,
  USER_REF_EXAMPLES,
  aliasIntentSchema,
  deprecateIntentSchema,
  moveIntentSchema,
  domainAddIntentSchema,
  domainChannelIntentSchema,
  domainOwnersIntentSchema,
  domainSlugSchema,
  historyIntentSchema,
  linksIntentSchema,
  lookupIntentSchema,
  parseUserRef,
  policyIntentSchema,
  problemFromZodError,
  relationIntentSchema,
  proposeIntentSchema,
  searchIntentSchema,
  subscribeIntentSchema,
  tokenNewIntentSchema,
  variantIntentSchema,
  type CommandName,
  type Intent,
  type OwnerRef,
  type ParseErrorCode,
} from "./intents.js";
import {
  countCharacters,
  findControlCharacter,
  formatCount,
  LINE_BREAK_OR_TAB,
  LONE_SURROGATE,
  normaliseMultiline,
  normaliseNewlines,
  preview,
} from "./text.js";

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  usage?: string;
}

export type ParseResult = { ok: true; intent: Intent } | { ok: false; error: ParseError };

const LINE_BREAK_MESSAGE =
  "Line breaks and tabs are only allowed in definition text, after “=”. " +
  "Please write the command and the term on one line.";

const DOMAIN_SUBCOMMANDS = ["list", "add", "owners", "channel"] as const;
const DOMAIN_CHOICES = "Use `domain list`, `domain add`, `domain owners` or `domain channel`.";

const QUOTE_PAIRS: Readonly<Record<string, readonly string[]>> = {
  '"': ['"'],
  "'": ["'"],
  "`": ["`"],
  "“": ["”", "“"],
  "”": ["”"],
  "‘": ["’"],
  "«": ["»"],
  "„": ["“", "”"],
};

const SLACK_MENTION = /^<@([UW][A-Z0-9]{1,31})(?:\|[^<>]*)?>$/;

/** Reads one chat message (Slack `/glossary` text, a Teams message without its @mention, a console line) as an intent. */
export function parseCommand(text: string): ParseResult {
  const length = countCharacters(text);
  if (length > COMMAND_TEXT_MAX_LENGTH) {
    return fail(
      "too-long",
      `That is too long for one command: at most ${formatCount(COMMAND_TEXT_MAX_LENGTH)} characters, and this one has ` +
        `${formatCount(length)}. A definition itself is at most ${formatCount(DEFINITION_TEXT_MAX_LENGTH)} characters.`,
    );
  }
  const input = normaliseNewlines(text).normalize("NFKC").trim();
  if (input === "" || input === "?") return ok({ kind: "help" });
  if (LONE_SURROGATE.test(input)) {
    return fail(
      "invalid-characters",
      "Your message contains a broken character (half of an emoji or symbol). Please retype it.",
    );
  }
  const control = findControlCharacter(input);
  if (control) {
    return fail(
      "control-characters",
      `Your message contains an invisible control character (${control}) that cannot be stored. Please retype it without it.`,
    );
  }

  const firstWord = /^\S+/.exec(input)?.[0] ?? input;
  const rest = input.slice(firstWord.length).trim();
  const command = COMMAND_NAMES.find((name) => name === firstWord.toLowerCase());
  switch (command) {
    case undefined:
      return parseUnknownWord(input, firstWord, rest);
    case "propose":
    case "variant":
      return parseDefinitionCommand(command, rest);
    case "help":
      return parseHelp(input, rest);
    case "governance":
      // Only `governance channel` is the command; "Governance Board" is a term to look up.
      return /^channel$/i.test(rest) ? ok({ kind: "governance-channel" }) : parseLookup(input);
    case "pending":
    case "digest":
      // A term may be called "Pending Order": extra words make the whole line a lookup.
      return rest === "" ? ok({ kind: command }) : parseLookup(input);
  }

  if (LINE_BREAK_OR_TAB.test(rest)) return fail("control-characters", LINE_BREAK_MESSAGE, command);
  const args = rest.replace(/\s+/g, " ");
  switch (command) {
    case "define":
      if (args === "") return missing("Which term should I look up? For example `define Churn Rate`.", "define");
      return parseLookup(args);
    case "search":
      return validate(searchIntentSchema, { kind: "search", query: args }, "search");
    case "history":
    case "links":
      return parseTermCommand(command, args);
    case "deprecate":
      return parseDeprecate(args);
    case "withdraw":
      return parseWithdraw(args);
    case "alias":
      return parseAlias(args);
    case "relate":
    case "unrelate":
      return parseRelation(command, args);
    case "policy":
      return parsePolicy(args);
    case "subscribe":
      return parseSubscribe(args);
    case "domain":
      return parseDomain(args);
    case "token":
      return parseToken(input, args);
    case "move":
      return parseMove(input, args);
  }
}

/** Undoes Slack's escaping of `&`, `<` and `>` in message text; adapters call it before `parseCommand`. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, entity: string) => (entity === "amp" ? "&" : entity === "lt" ? "<" : ">"));
}

function parseUnknownWord(input: string, firstWord: string, rest: string): ParseResult {
  const letters = firstWord.match(/\p{L}/gu)?.length ?? 0;
  const suggestion = rest !== "" && letters >= 4 ? suggestCommand(firstWord) : undefined;
  if (!suggestion) return parseLookup(input);

  const corrected = `${suggestion} ${rest}`;
  const correctedResult = parseCommand(corrected);
  // Suggesting a line that would itself only be a lookup ("pending orders") helps nobody.
  if (correctedResult.ok && correctedResult.intent.kind === "lookup") return parseLookup(input);

  const lookup = parseLookup(input);
  if (lookup.ok && lookup.intent.kind === "lookup") return ok({ ...lookup.intent, didYouMean: corrected });
  return fail("unknown-command", `“${preview(firstWord)}” is not a command. Did you mean \`${suggestion}\`?`, suggestion);
}

function parseLookup(termText: string): ParseResult {
  const result = validate(lookupIntentSchema, { kind: "lookup", term: unquote(termText) }, "define");
  if (result.ok || !termText.includes("=")) return result;
  const hint = "To propose a definition, write `propose <term> = <definition>`.";
  return { ok: false, error: { ...result.error, message: `${result.error.message} ${hint}` } };
}

function parseHelp(input: string, rest: string): ParseResult {
  if (rest === "") return ok({ kind: "help" });
  if (/^\S+$/.test(rest)) {
    const word = rest.toLowerCase();
    const exact = COMMAND_NAMES.find((name) => name === word);
    const topic = exact ?? (countCharacters(word) >= 4 ? suggestCommand(word) : undefined);
    if (topic) return ok({ kind: "help", topic });
    // "Help Desk" may be a term: the answer looks it up first, and says there is no such topic when it is none.
    const lookup = parseLookup(input);
    if (lookup.ok && lookup.intent.kind === "lookup") return ok({ kind: "help", unknownTopic: { word: rest, term: lookup.intent.term } });
  }
  // "help desk ticket" is a term, not a request for help on "desk ticket".
  return parseLookup(input);
}

function parseTermCommand(command: "history" | "links", args: string): ParseResult {
  if (args === "") return missing(`Which term? For example \`${helpFor(command).example}\`.`, command);
  return validate(command === "history" ? historyIntentSchema : linksIntentSchema, { kind: command, term: unquote(args) }, command);
}

/** `deprecate <term> [in favour of <term>]`. */
function parseDeprecate(args: string): ParseResult {
  if (args === "") return missing(`Which term? For example \`${helpFor("deprecate").example}\`.`, "deprecate");
  const favour = /^(.+?)\s+in\s+favou?r\s+of(?:\s+(.*))?$/i.exec(args);
  if (!favour) return validate(deprecateIntentSchema, { kind: "deprecate", term: unquote(args) }, "deprecate");
  const replacement = favour[2]?.trim() ?? "";
  if (replacement === "") {
    return missing("In favour of which term? For example `deprecate Client in favour of Customer`.", "deprecate");
  }
  return validate(deprecateIntentSchema, { kind: "deprecate", term: unquote(favour[1]!), replacement: unquote(replacement) }, "deprecate");
}

/** `withdraw #12` (or `withdraw 12`). */
function parseWithdraw(args: string): ParseResult {
  if (args === "") return missing("Which proposal? Give its number, for example `withdraw #12`.", "withdraw");
  const number = /^#?(\d{1,10})$/.exec(args)?.[1];
  const proposalId = number === undefined ? Number.NaN : Number(number);
  if (!Number.isSafeInteger(proposalId) || proposalId < 1 || proposalId > 2_147_483_647) {
    return fail("invalid-input", `“${preview(args)}” is not a proposal number. Give its number, for example \`withdraw #12\`.`, "withdraw");
  }
  return ok({ kind: "withdraw", proposalId });
}

/** The term written first, quoted or not, and the words after it. */
function splitQuotedTerm(args: string): { term: string; rest: string[] } | undefined {
  const first = args[0];
  const closers = first === undefined ? undefined : QUOTE_PAIRS[first];
  if (!closers) return undefined;
  for (let i = 1; i < args.length; i++) {
    if (closers.includes(args[i]!) && (i + 1 === args.length || args[i + 1] === " ")) {
      const rest = args.slice(i + 1).trim();
      return { term: args.slice(1, i).trim(), rest: rest === "" ? [] : rest.split(" ") };
    }
  }
  return undefined;
}

/** `alias <term> add|remove <alias>`; a term whose name holds "add" or "remove" is written in quotes. */
function parseAlias(args: string): ParseResult {
  const example = "For example `alias Customer add client`.";
  if (args === "") return missing(`Which term, and which alias? ${example}`, "alias");
  const quoted = splitQuotedTerm(args);
  const words = args.split(" ");
  const at = quoted ? 0 : words.findIndex((word, i) => i > 0 && /^(add|remove)$/i.test(word));
  const termText = quoted ? quoted.term : words.slice(0, at).join(" ");
  const after = quoted ? quoted.rest : words.slice(at);
  const action = after[0]?.toLowerCase();
  if (at < 0 || (action !== "add" && action !== "remove")) {
    return fail("unknown-subcommand", `After the term, write \`add\` or \`remove\`, then the alias. ${example}`, "alias");
  }
  const alias = after.slice(1).join(" ");
  if (alias === "") return missing(`Which alias should I ${action}? ${example}`, "alias");
  return validate(aliasIntentSchema, { kind: "alias", term: termText, action, alias: unquote(alias) }, "alias");
}

/** Most words a relation phrase has ("is a synonym of"). */
const RELATION_PHRASE_WORDS = 4;

/**
 * `relate <term> <relation> <term>` (and `unrelate`): term names have spaces, so the relation is the first phrase
 * after the first word that names one ("part of", "broader than"), its longest reading; a term whose name holds
 * such words is written in quotes.
 */
function parseRelation(command: "relate" | "unrelate", args: string): ParseResult {
  const example = `For example \`${helpFor(command).example}\`.`;
  const choices = `Write the relation between the two terms: ${RELATION_CHOICES.join(", ")}.`;
  if (args === "") return missing(`Which terms, and how are they related? ${example}`, command);
  const quoted = splitQuotedTerm(args);
  const words = quoted ? quoted.rest : args.split(" ");
  const from = quoted ? 0 : 1;
  for (let at = from; at < words.length; at++) {
    for (let length = Math.min(RELATION_PHRASE_WORDS, words.length - at); length >= 1; length--) {
      const phrase = normaliseRelationPhrase(words.slice(at, at + length).join(" "));
      if (RELATION_PHRASES[phrase] === undefined) continue;
      const other = words.slice(at + length).join(" ");
      if (other === "") return missing(`Which term is ${quoted ? quoted.term : words.slice(0, at).join(" ")} ${phrase}? ${example}`, command);
      const term = quoted ? quoted.term : words.slice(0, at).join(" ");
      return validate(relationIntentSchema, { kind: command, term: unquote(term), relation: phrase, other: unquote(other) }, command);
    }
  }
  if (words.length + (quoted ? 1 : 0) < 2) return missing(`Which other term, and how are they related? ${choices} ${example}`, command);
  return fail("unknown-subcommand", `I could not find how the terms are related. ${choices} ${example}`, command);
}

/**
 * `move <term> under <term>` and `move <term> to the top`: a proposal to place a term. Other words after "move"
 * ("Move Order") are a lookup.
 */
function parseMove(input: string, args: string): ParseResult {
  const example = "For example `move Net Revenue under Revenue`, or `move Net Revenue to the top`.";
  if (args === "") return missing(`Which term, and where to? ${example}`, "move");
  const top = /^(.+?)\s+to\s+(?:the\s+)?top(?:\s+level)?$/i.exec(args);
  if (top) return validate(moveIntentSchema, { kind: "move", term: unquote(top[1]!), parent: null }, "move");
  const under = /^(.+?)\s+under(?:\s+(.*))?$/i.exec(args);
  if (!under) return parseLookup(input);
  const parent = under[2]?.trim() ?? "";
  if (parent === "") return missing(`Under which term? ${example}`, "move");
  return validate(moveIntentSchema, { kind: "move", term: unquote(under[1]!), parent: unquote(parent) }, "move");
}

/** `token new admin|<domain>` and `token revoke <id>`; other words after "token" ("Token Count") are a lookup. */
function parseToken(input: string, args: string): ParseResult {
  const words = args === "" ? [] : args.split(" ");
  const subcommand = words[0]?.toLowerCase();
  if (subcommand === "new") {
    if (words.length === 1) {
      return missing("A token for what? `token new admin` makes an admin's token for imports, `token new <domain>` a domain's for its dbt ingest.", "token");
    }
    if (words.length > 2) return fail("unexpected-argument", "`token new` takes one word: `admin`, or a domain's slug such as `sales`.", "token");
    return validate(tokenNewIntentSchema, { kind: "token-new", scope: words[1]!.toLowerCase() }, "token");
  }
  if (subcommand === "revoke") {
    const rest = words.slice(1).join(" ");
    if (rest === "") return missing("Which token? Give its number, for example `token revoke 3`.", "token");
    const number = /^#?(\d{1,10})$/.exec(rest)?.[1];
    const tokenId = number === undefined ? Number.NaN : Number(number);
    if (!Number.isSafeInteger(tokenId) || tokenId < 1 || tokenId > 2_147_483_647) {
      return fail("invalid-input", `“${preview(rest)}” is not a token number. Give its number, for example \`token revoke 3\`.`, "token");
    }
    return ok({ kind: "token-revoke", tokenId });
  }
  return parseLookup(input);
}

/** `policy <term> <unanimous|majority|owner|lazy>`: the last word is the policy. */
function parsePolicy(args: string): ParseResult {
  const choices = "Choose `unanimous`, `majority`, `owner` or `lazy`, for example `policy Churn Rate majority`.";
  if (args === "") return missing(`Which term, and which policy? ${choices}`, "policy");
  const words = args.split(" ");
  const last = words.at(-1)!.toLowerCase();
  if (!(POLICY_WORDS as readonly string[]).includes(last)) {
    if (words.length === 1) return missing(`Which policy should ${preview(unquote(args))} have? ${choices}`, "policy");
    return fail("invalid-input", `“${preview(words.at(-1)!)}” is not a policy. ${choices}`, "policy");
  }
  if (words.length === 1) return missing(`Which term should be decided by ${last}? For example \`policy Churn Rate ${last}\`.`, "policy");
  return validate(policyIntentSchema, { kind: "policy", term: unquote(words.slice(0, -1).join(" ")), policy: last }, "policy");
}

const POLICY_WORDS = ["unanimous", "majority", "owner", "lazy"] as const;

function parseDefinitionCommand(command: "propose" | "variant", rest: string): ParseResult {
  const equals = rest.indexOf("=");
  const head = (equals < 0 ? rest : rest.slice(0, equals)).trim();
  const text = equals < 0 ? undefined : rest.slice(equals + 1);
  if (LINE_BREAK_OR_TAB.test(head)) return fail("control-characters", LINE_BREAK_MESSAGE, command);

  const words = head === "" ? [] : head.split(/\s+/);
  let termWords = words;
  let domain: string | undefined;
  const last = words.at(-1);
  // Only a lowercase slug after "for" names a domain, so "Cost for Acquisition" stays one term name.
  const afterFor = words.at(-2)?.toLowerCase() === "for";
  if (last !== undefined && words.length >= 2 && afterFor && DOMAIN_SLUG_PATTERN.test(last)) {
    termWords = words.slice(0, -2);
    domain = last;
  }
  if (termWords.length === 0) {
    return missing(`Which term? For example \`${helpFor(command).example}\`.`, command);
  }
  if (text === undefined && command === "variant") {
    const message = "A variant needs its definition after “=”, for example `variant Customer for support = …`.";
    return fail("missing-text", message, command);
  }
  if (text !== undefined && normaliseMultiline(text) === "" && command === "propose") {
    const message = "Please write the definition after “=”, or leave “=” out to open the proposal form.";
    return fail("missing-text", message, command);
  }
  const candidate = {
    kind: command,
    term: unquote(termWords.join(" ")),
    ...(domain === undefined ? {} : { domain }),
    ...(text === undefined ? {} : { text }),
  };
  return validate(command === "propose" ? proposeIntentSchema : variantIntentSchema, candidate, command);
}

function parseSubscribe(args: string): ParseResult {
  const words = args === "" ? [] : args.split(" ");
  if (words.length < 2) {
    const message = "Which term, and which domain? The last word is the domain, for example `subscribe Churn Rate support`.";
    return missing(message, "subscribe");
  }
  const domain = (words.at(-1) ?? "").toLowerCase();
  let termWords = words.slice(0, -1);
  // "subscribe Churn Rate for support" reads naturally; "for" is not part of the term.
  if (termWords.length >= 2 && termWords.at(-1)?.toLowerCase() === "for") termWords = termWords.slice(0, -1);
  return validate(subscribeIntentSchema, { kind: "subscribe", term: unquote(termWords.join(" ")), domain }, "subscribe");
}

function parseDomain(args: string): ParseResult {
  const words = args === "" ? [] : args.split(" ");
  const subcommand = words[0]?.toLowerCase();
  const slug = words[1]?.toLowerCase();
  switch (subcommand) {
    case undefined:
      return missing(`What should I do with domains? ${DOMAIN_CHOICES}`, "domain");
    case "list":
      return words.length > 1 ? unexpected("`domain list` takes no more words.") : ok({ kind: "domain-list" });
    case "add":
      if (slug === undefined) {
        return missing("Which domain? Give its slug and name, for example `domain add support Customer Support`.", "domain");
      }
      return validate(domainAddIntentSchema, { kind: "domain-add", slug, name: words.slice(2).join(" ") }, "domain");
    case "channel":
      if (slug === undefined) {
        return missing("Which domain should this channel belong to? For example `domain channel sales`.", "domain");
      }
      if (words.length > 2) {
        return unexpected("`domain channel` takes only the domain's slug, for example `domain channel sales`.");
      }
      return validate(domainChannelIntentSchema, { kind: "domain-channel", slug }, "domain");
    case "owners":
    case "owner":
      return parseDomainOwners(slug, words.slice(2));
  }
  const near =
    subcommand.length < 3
      ? undefined
      : DOMAIN_SUBCOMMANDS.find((name) => editDistance(subcommand, name, SUGGESTION_MAX_DISTANCE) <= SUGGESTION_MAX_DISTANCE);
  const hint = near
    ? `Did you mean \`domain ${near}\`?`
    : `${DOMAIN_CHOICES} To look up a term called “Domain ${preview(args)}”, write \`define Domain ${preview(args)}\`.`;
  return fail("unknown-subcommand", `“${preview(words[0] ?? "")}” is not a domain command. ${hint}`, "domain");
}

function parseDomainOwners(slug: string | undefined, words: string[]): ParseResult {
  if (slug === undefined) return missing("Which domain? For example `domain owners sales add <@U024BE7LH>`.", "domain");
  const slugCheck = domainSlugSchema.safeParse(slug);
  if (!slugCheck.success) return fromZodError(slugCheck.error, "domain");
  const action = words[0]?.toLowerCase();
  if (action === undefined) return ok({ kind: "domain-owners-list", slug });
  if (action !== "add" && action !== "remove") {
    return fail("unknown-subcommand", `After \`domain owners ${slug}\`, write \`add\` or \`remove\`, then the owner.`, "domain");
  }
  const ownerText = words.slice(1).join(" ");
  if (ownerText === "") {
    return missing(`Who should I ${action}? Mention them, or give a user ref such as ${USER_REF_EXAMPLES}.`, "domain");
  }
  const owner = readOwner(ownerText);
  if (owner) return validate(domainOwnersIntentSchema, { kind: "domain-owners", slug, action, owner }, "domain");
  if (words.length > 2 && readOwner(words[1] ?? "")) {
    return unexpected("One owner at a time, please: run the command again for each person.");
  }
  const why = ownerText.startsWith("@")
    ? `“${preview(ownerText)}” arrived as plain text, so I can't tell who it is. Pick the person from the @ list`
    : `I can't tell who “${preview(ownerText)}” is. Mention them`;
  return fail("invalid-owner", `${why}, or give a user ref such as ${USER_REF_EXAMPLES}.`, "domain");
}

function readOwner(text: string): OwnerRef | undefined {
  const mention = SLACK_MENTION.exec(text);
  if (mention?.[1]) return { kind: "slack-mention", userId: mention[1] };
  return parseUserRef(text) ? { kind: "ref", ref: text } : undefined;
}

function unquote(term: string): string {
  const trimmed = term.trim();
  const first = trimmed[0];
  const last = trimmed.at(-1);
  if (trimmed.length < 2 || first === undefined || last === undefined) return trimmed;
  return QUOTE_PAIRS[first]?.includes(last) ? trimmed.slice(1, -1).trim() : trimmed;
}

function validate(schema: z.ZodType<Intent>, candidate: unknown, command: CommandName): ParseResult {
  const result = schema.safeParse(candidate);
  return result.success ? ok(result.data) : fromZodError(result.error, command);
}

function fromZodError(error: z.ZodError, command: CommandName): ParseResult {
  const problem = problemFromZodError(error);
  return fail(problem.code, problem.message, command);
}

function ok(intent: Intent): ParseResult {
  return { ok: true, intent };
}

function fail(code: ParseErrorCode, message: string, command?: CommandName): ParseResult {
  if (command === undefined) return { ok: false, error: { code, message } };
  return { ok: false, error: { code, message, usage: helpFor(command).usage } };
}

function missing(message: string, command: CommandName): ParseResult {
  return fail("missing-argument", message, command);
}

function unexpected(message: string): ParseResult {
  return fail("unexpected-argument", message, "domain");
}
