import { z } from "zod";
import { findFormatCharacter } from "../core/glossary/names.js";
import {
  countCharacters,
  findControlCharacter,
  formatCount,
  LINE_BREAK_OR_TAB,
  LONE_SURROGATE,
  normaliseLine,
  normaliseMultiline,
  normaliseNewlines,
  preview,
} from "./text.js";

export const TERM_NAME_MAX_LENGTH = 120;
export const DEFINITION_TEXT_MAX_LENGTH = 4000;
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const DOMAIN_NAME_MAX_LENGTH = 80;
export const DOMAIN_SLUG_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
/** Longest command line read at all; generous so a too-long definition still gets its own message. */
export const COMMAND_TEXT_MAX_LENGTH = 10_000;
export const LOCAL_USER_NAME_MAX_LENGTH = 40;

export const COMMAND_NAMES = [
  "help",
  "define",
  "search",
  "propose",
  "history",
  "variant",
  "pending",
  "governance",
  "subscribe",
  "domain",
  "deprecate",
  "withdraw",
  "alias",
  "relate",
  "unrelate",
  "move",
  "policy",
  "links",
  "token",
  "digest",
] as const;
export const commandNameSchema = z.enum(COMMAND_NAMES);
export type CommandName = z.infer<typeof commandNameSchema>;

export type ParseErrorCode =
  | "too-long"
  | "control-characters"
  | "format-characters"
  | "invalid-characters"
  | "invalid-term"
  | "invalid-domain-slug"
  | "missing-text"
  | "missing-argument"
  | "unexpected-argument"
  | "unknown-subcommand"
  | "unknown-command"
  | "invalid-owner"
  | "invalid-input";

/** What is wrong with a value, as a code for programs and a polite sentence for people. */
export interface FieldProblem {
  code: ParseErrorCode;
  message: string;
}

type Check = (raw: string) => FieldProblem | undefined;

function fieldSchema(check: Check, normalise: (raw: string) => string) {
  return z
    .string()
    .superRefine((raw, ctx) => {
      const problem = check(raw);
      if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
    })
    .overwrite(normalise);
}

/** What a field may hold: definitions keep line breaks; names refuse invisible format characters too. */
type FieldShape = "line" | "multiline" | "name";

function checkCharacters(raw: string, label: string, shape: FieldShape): FieldProblem | undefined {
  const multiline = shape === "multiline";
  if (LONE_SURROGATE.test(raw)) {
    return {
      code: "invalid-characters",
      message: `${label} contains a broken character (half of an emoji or symbol). Please retype it.`,
    };
  }
  const control = findControlCharacter(normaliseNewlines(raw));
  if (control) {
    return {
      code: "control-characters",
      message: `${label} contains an invisible control character (${control}) that cannot be stored. Please retype it without it.`,
    };
  }
  if (!multiline && LINE_BREAK_OR_TAB.test(raw.trim())) {
    return { code: "control-characters", message: `${label} must fit on one line, without line breaks or tabs.` };
  }
  const format = shape === "name" ? findFormatCharacter(raw) : undefined;
  if (format) {
    return {
      code: "format-characters",
      message: `${label} contains an invisible formatting character (${format}), which can make it display differently from what it says. Please retype it without it.`,
    };
  }
  return undefined;
}

function checkLength(value: string, max: number, label: string): FieldProblem | undefined {
  const length = countCharacters(value);
  if (length <= max) return undefined;
  const message = `${label} is at most ${formatCount(max)} characters; this one has ${formatCount(length)}.`;
  return { code: "too-long", message };
}

/** Problems with a term name (or, with its label, an alias), first one only; undefined when it is fine. */
export function checkTermName(raw: string, label = "A term name"): FieldProblem | undefined {
  const value = normaliseLine(raw);
  return (
    checkCharacters(raw, label, "name") ??
    (value === "" ? { code: "missing-argument", message: "Which term? Please name it." } : undefined) ??
    (/[\p{L}\p{N}]/u.test(value)
      ? undefined
      : { code: "invalid-term", message: `“${preview(value)}” is not ${label === "A term name" ? "a term name" : "an alias"}: it needs at least one letter or digit.` }) ??
    checkLength(value, TERM_NAME_MAX_LENGTH, label)
  );
}

/** Problems with definition text (an agreed definition or a domain's variant). */
export function checkDefinitionText(raw: string, label = "A definition"): FieldProblem | undefined {
  const value = normaliseMultiline(raw);
  return (
    checkCharacters(raw, label, "multiline") ??
    (value === "" ? { code: "missing-text", message: `${label} needs some text after “=”.` } : undefined) ??
    checkLength(value, DEFINITION_TEXT_MAX_LENGTH, label)
  );
}

/** Problems with a search query. */
export function checkSearchQuery(raw: string): FieldProblem | undefined {
  const value = normaliseLine(raw);
  return (
    checkCharacters(raw, "A search", "line") ??
    (value === "" ? { code: "missing-argument", message: "What should I search for? Please add some words." } : undefined) ??
    checkLength(value, SEARCH_QUERY_MAX_LENGTH, "A search")
  );
}

/** Problems with a domain slug such as `sales` or `customer-success`. */
export function checkDomainSlug(raw: string): FieldProblem | undefined {
  if (raw === "") return { code: "missing-argument", message: "Which domain? Please give its slug, such as `sales`." };
  if (DOMAIN_SLUG_PATTERN.test(raw)) return undefined;
  const format = findFormatCharacter(raw);
  if (format) {
    return {
      code: "format-characters",
      message: `“${preview(raw)}” is not a domain slug: it holds an invisible formatting character (${format}). Please retype it without it.`,
    };
  }
  return {
    code: "invalid-domain-slug",
    message:
      `“${preview(raw)}” is not a domain slug. A slug starts with a lowercase letter, followed by 1 to 39 lowercase ` +
      "letters, digits or hyphens, such as `sales` or `customer-success`.",
  };
}

/** Problems with a domain's display name. */
export function checkDomainName(raw: string): FieldProblem | undefined {
  const value = normaliseLine(raw);
  return (
    checkCharacters(raw, "A domain name", "name") ??
    (value === "" ? { code: "missing-argument", message: "What is the domain called? Please add its name after its slug." } : undefined) ??
    checkLength(value, DOMAIN_NAME_MAX_LENGTH, "A domain name")
  );
}

const PARSE_ERROR_CODES: ReadonlySet<string> = new Set<ParseErrorCode>([
  "too-long",
  "control-characters",
  "format-characters",
  "invalid-characters",
  "invalid-term",
  "invalid-domain-slug",
  "missing-text",
  "missing-argument",
  "unexpected-argument",
  "unknown-subcommand",
  "unknown-command",
  "invalid-owner",
  "invalid-input",
]);

/** The first problem a field schema reported, with its code; `invalid-input` for issues raised by plain zod checks. */
export function problemFromZodError(error: z.ZodError): FieldProblem {
  const issue = error.issues[0];
  const code: unknown = issue?.code === "custom" ? issue.params?.["code"] : undefined;
  if (issue && typeof code === "string" && PARSE_ERROR_CODES.has(code)) {
    return { code: code as ParseErrorCode, message: issue.message };
  }
  return { code: "invalid-input", message: "Sorry, I could not read that." };
}

export const termNameSchema = fieldSchema((raw) => checkTermName(raw), normaliseLine);
export const aliasNameSchema = fieldSchema((raw) => checkTermName(raw, "An alias"), normaliseLine);
export const definitionTextSchema = fieldSchema((raw) => checkDefinitionText(raw), normaliseMultiline);
export const variantTextSchema = fieldSchema(
  (raw) => checkDefinitionText(raw, "A variant definition"),
  normaliseMultiline,
);
export const searchQuerySchema = fieldSchema(checkSearchQuery, normaliseLine);
export const domainSlugSchema = fieldSchema(checkDomainSlug, (raw) => raw);
export const domainNameSchema = fieldSchema(checkDomainName, normaliseLine);

const SLACK_REF = /^slack:([TE][A-Z0-9]{1,31}):([UW][A-Z0-9]{1,31})$/;
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const TEAMS_REF = new RegExp(`^teams:(${GUID}):(${GUID})$`);
const LOCAL_REF = new RegExp(`^local:([\\p{L}\\p{Nd}._-]{1,${LOCAL_USER_NAME_MAX_LENGTH}})$`, "u");

export type UserPlatform = "slack" | "teams" | "local";

/** A user ref taken apart; `tenant` is the Slack team id or the Microsoft tenant id. */
export interface ParsedUserRef {
  platform: UserPlatform;
  tenant?: string;
  user: string;
}

/** Splits `slack:<team>:<user>`, `teams:<tenant>:<object id>` or `local:<name>`; undefined when malformed. */
export function parseUserRef(ref: string): ParsedUserRef | undefined {
  const slack = SLACK_REF.exec(ref);
  if (slack?.[1] && slack[2]) return { platform: "slack", tenant: slack[1], user: slack[2] };
  const teams = TEAMS_REF.exec(ref);
  // GUIDs are case-insensitive; one spelling keeps one identity per person.
  if (teams?.[1] && teams[2]) {
    return { platform: "teams", tenant: teams[1].toLowerCase(), user: teams[2].toLowerCase() };
  }
  const local = LOCAL_REF.exec(ref);
  if (local?.[1]) return { platform: "local", user: local[1] };
  return undefined;
}

/** Writes a parsed ref back in its canonical spelling. */
export function formatUserRef(ref: ParsedUserRef): string {
  return ref.tenant === undefined ? `${ref.platform}:${ref.user}` : `${ref.platform}:${ref.tenant}:${ref.user}`;
}

export const USER_REF_EXAMPLES = "`slack:T0123ABCD:U0456EFGH`, `teams:<tenant id>:<user object id>` or `local:jane`";

export const userRefSchema = z
  .string()
  .refine((ref) => parseUserRef(ref) !== undefined, { message: `A user ref looks like ${USER_REF_EXAMPLES}.` })
  .overwrite((ref) => {
    const parsed = parseUserRef(ref);
    return parsed ? formatUserRef(parsed) : ref;
  });
export type UserRef = z.infer<typeof userRefSchema>;

export const ownerRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("slack-mention"), userId: z.string().regex(/^[UW][A-Z0-9]{1,31}$/) }),
  z.object({ kind: z.literal("ref"), ref: userRefSchema }),
]);
export type OwnerRef = z.infer<typeof ownerRefSchema>;

export const helpIntentSchema = z.object({
  kind: z.literal("help"),
  topic: commandNameSchema.optional(),
  /** `help <word>` where the word is no command: answered as no such topic, unless the whole line names a term. */
  unknownTopic: z.object({ word: z.string(), term: termNameSchema }).optional(),
});
export const lookupIntentSchema = z.object({
  kind: z.literal("lookup"),
  term: termNameSchema,
  didYouMean: z.string().optional(),
});
export const searchIntentSchema = z.object({ kind: z.literal("search"), query: searchQuerySchema });
export const proposeIntentSchema = z.object({
  kind: z.literal("propose"),
  term: termNameSchema,
  domain: domainSlugSchema.optional(),
  text: definitionTextSchema.optional(),
});
export const historyIntentSchema = z.object({ kind: z.literal("history"), term: termNameSchema });
/** `links <term>`: where the domains' data products use the term, and the links suggested for it. */
export const linksIntentSchema = z.object({ kind: z.literal("links"), term: termNameSchema });
export const variantIntentSchema = z.object({
  kind: z.literal("variant"),
  term: termNameSchema,
  domain: domainSlugSchema.optional(),
  text: variantTextSchema,
});
export const pendingIntentSchema = z.object({ kind: z.literal("pending") });
export const governanceChannelIntentSchema = z.object({ kind: z.literal("governance-channel") });
export const subscribeIntentSchema = z.object({
  kind: z.literal("subscribe"),
  term: termNameSchema,
  domain: domainSlugSchema,
});
export const domainListIntentSchema = z.object({ kind: z.literal("domain-list") });
export const domainAddIntentSchema = z.object({
  kind: z.literal("domain-add"),
  slug: domainSlugSchema,
  name: domainNameSchema,
});
export const domainOwnersIntentSchema = z.object({
  kind: z.literal("domain-owners"),
  slug: domainSlugSchema,
  action: z.enum(["add", "remove"]),
  owner: ownerRefSchema,
});
export const domainChannelIntentSchema = z.object({ kind: z.literal("domain-channel"), slug: domainSlugSchema });
export const domainOwnersListIntentSchema = z.object({ kind: z.literal("domain-owners-list"), slug: domainSlugSchema });
export const deprecateIntentSchema = z.object({
  kind: z.literal("deprecate"),
  term: termNameSchema,
  /** `in favour of <term>`: the term lookups point to once it is deprecated. */
  replacement: termNameSchema.optional(),
});
export const withdrawIntentSchema = z.object({ kind: z.literal("withdraw"), proposalId: z.number().int().positive().max(2_147_483_647) });
export const aliasIntentSchema = z.object({
  kind: z.literal("alias"),
  term: termNameSchema,
  action: z.enum(["add", "remove"]),
  alias: aliasNameSchema,
});
/** Words that name a relation ("part of", "broader than"), kept as written: the core reads them. */
export const RELATION_PHRASE_MAX_LENGTH = 40;
export const relationIntentSchema = z.object({
  kind: z.enum(["relate", "unrelate"]),
  term: termNameSchema,
  relation: z.string().min(1).max(RELATION_PHRASE_MAX_LENGTH),
  other: termNameSchema,
});
/** `move <term> under <term>` or `move <term> to the top`: a proposal to place a term (parent null: top level). */
export const moveIntentSchema = z.object({ kind: z.literal("move"), term: termNameSchema, parent: termNameSchema.nullable() });
export const policyIntentSchema = z.object({ kind: z.literal("policy"), term: termNameSchema, policy: z.enum(["unanimous", "majority", "owner", "lazy"]) });
export const digestIntentSchema = z.object({ kind: z.literal("digest") });
/** `token new admin` (an admin's token, for imports) or `token new <domain>` (the domain's, for its ingest). */
export const tokenNewIntentSchema = z.object({ kind: z.literal("token-new"), scope: z.union([z.literal("admin"), domainSlugSchema]) });
export const tokenRevokeIntentSchema = z.object({ kind: z.literal("token-revoke"), tokenId: z.number().int().positive().max(2_147_483_647) });

export const intentSchema = z.discriminatedUnion("kind", [
  helpIntentSchema,
  lookupIntentSchema,
  searchIntentSchema,
  proposeIntentSchema,
  historyIntentSchema,
  linksIntentSchema,
  variantIntentSchema,
  pendingIntentSchema,
  governanceChannelIntentSchema,
  subscribeIntentSchema,
  domainListIntentSchema,
  domainAddIntentSchema,
  domainOwnersIntentSchema,
  domainChannelIntentSchema,
  domainOwnersListIntentSchema,
  deprecateIntentSchema,
  withdrawIntentSchema,
  aliasIntentSchema,
  relationIntentSchema,
  moveIntentSchema,
  policyIntentSchema,
  tokenNewIntentSchema,
  tokenRevokeIntentSchema,
  digestIntentSchema,
]);
export type Intent = z.infer<typeof intentSchema>;
export type IntentKind = Intent["kind"];
