import { z } from "zod";

/** Bot Framework ids are short; a conversation id past this is not one Teams sends. */
const MAX_ID_LENGTH = 1_000;
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

const account = (what: string) =>
  z.looseObject(
    {
      id: z.string({ error: `its ${what} id must be a string` }).optional(),
      name: z.string({ error: `its ${what} name must be a string` }).optional(),
      aadObjectId: z.string({ error: `its ${what} aadObjectId must be a string` }).optional(),
    },
    { error: `its ${what} must be an object` },
  );

const conversation = z.looseObject(
  {
    id: z
      .string({ error: "its conversation needs an id" })
      .min(1, "its conversation id is empty")
      .max(MAX_ID_LENGTH, `its conversation id is longer than ${MAX_ID_LENGTH} characters`)
      .refine((value) => !CONTROL_CHARACTER.test(value), "its conversation id holds a control character"),
    conversationType: z.string({ error: "its conversationType must be a string" }).optional(),
  },
  { error: "its conversation must be an object with an id" },
);

/** A mention must say whom it mentions and how the text writes it; other kinds of entity are left unread. */
const entity = z.looseObject({ type: z.string({ error: "each of its entities needs a type" }) }, { error: "each of its entities must be an object" }).superRefine((value, ctx) => {
  if (value.type !== "mention") return;
  const mentioned = value.mentioned as { id?: unknown } | undefined;
  if (typeof mentioned !== "object" || mentioned === null || typeof mentioned.id !== "string" || typeof value.text !== "string") {
    ctx.addIssue({ code: "custom", message: "a mention among its entities needs `mentioned` (with an id) and `text`" });
  }
});

/**
 * The parts of an activity Concord reads, in the shapes the Bot Framework sends; the rest is left to botbuilder.
 * Checked at the edge, so a malformed activity is refused with a 400 instead of failing inside its turn (and
 * leaving a conversation stored under an empty id).
 */
const activitySchema = z
  .looseObject({
    type: z.string({ error: "it needs a type" }).min(1, "it needs a type"),
    name: z.string({ error: "its name must be a string" }).optional(),
    conversation,
    from: account("from").optional(),
    recipient: account("recipient").optional(),
    serviceUrl: z.string({ error: "its serviceUrl must be a string" }).optional(),
    text: z.string({ error: "its text must be a string" }).optional(),
    entities: z.array(entity, { error: "its entities must be a list" }).optional(),
  }, { error: "it must be a JSON object" })
  .superRefine((value, ctx) => {
    if (value.type === "invoke" && !value.name) ctx.addIssue({ code: "custom", message: "an invoke needs a name" });
  });

/** Why a request body is not an activity Concord can handle ("its text must be a string"), or undefined. */
export function activityProblem(body: unknown): string | undefined {
  const parsed = activitySchema.safeParse(body);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}
