import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { exportGlossary, importGlossary, isConcordError, type ImportProblem, type ImportSummary } from "../../core/index.js";
import { recordTokenUse } from "../../core/tokens.js";
import {
  FORMAT_FILE_NAMES,
  FORMAT_MEDIA_TYPES,
  FORMAT_NAMES,
  GLOSSARY_FORMATS,
  GlossaryFileError,
  IMPORT_FORMATS,
  readGlossaryFile,
  writeGlossaryFile,
  type GlossaryFormat,
} from "../../formats/index.js";
import { answerUnreadableBodies } from "../server.js";
import { apiHandler, parseQuery, securityHeaders, sendJsonError, type PageContext } from "./context.js";
import { acceptBearer, refuseWrite, WRITE_LISTED, writeRequest } from "./write-api.js";

/*
 * The glossary in and out over HTTP, by the same rules as the command line.
 *
 * POST /api/import?format=<f>[&dry_run=true][&file_name=<name>]   Authorization: Bearer <admin token>; body: the file
 *   200 { dryRun, importId, counts: { created, proposed, unchanged, refused }, newDomains: string[],
 *         items: { where, name, action, detail, proposalId }[], itemsTotal, notes: { where, message }[], notesTotal }
 *       (items and notes: the first 1,000 of each, in file order; proposalId is null in a dry run)
 *   400 { error: "bad_request" | "invalid_file" | "invalid_records", message, problems: { where, message }[] }
 *   401 { error: "unauthorized", message }   no token, or one unknown, mistyped or revoked
 *   403 { error: "forbidden", message }      a domain's token, or one whose maker is no longer an admin
 *   413 { error: "too_large", message }      a body over 50 MB
 * GET /api/export?format=<f>   the file, as an attachment (the pages' token rules apply)
 *
 * A refused request writes nothing.
 */

/** The largest file one request imports; a larger one is imported from the command line. */
const IMPORT_BODY_LIMIT = "50mb";

const importFormats = IMPORT_FORMATS.map((f) => `\`${f}\``).join(", ");
const exportFormats = GLOSSARY_FORMATS.map((f) => `\`${f}\``).join(", ");

const formatParameter = (formats: readonly GlossaryFormat[], listed: string, example: string) =>
  z
    .string({ error: `Name the format once, as ?format=${example}; one of ${listed}.` })
    .refine((f) => (formats as readonly string[]).includes(f), {
      error: (issue) =>
        issue.input === "md"
          ? `Markdown is for people to read and cannot be imported; import one of ${listed}.`
          : `“${String(issue.input).slice(0, 40)}” is not a format Concord knows; use one of ${listed}.`,
    })
    .transform((f) => f as GlossaryFormat);

const importQuery = z.object({
  format: formatParameter(IMPORT_FORMATS, importFormats, "openmetadata-csv"),
  dry_run: z
    .enum(["true", "false"], { error: "dry_run is true or false, as in ?dry_run=true." })
    .optional()
    .transform((v) => v === "true"),
  file_name: z
    .string({ error: "Give the file name once, as ?file_name=glossary.csv." })
    .trim()
    .min(1, { error: "The file name is empty." })
    .max(200, { error: "The file name is at most 200 characters." })
    .optional(),
});

const exportQuery = z.object({ format: formatParameter(GLOSSARY_FORMATS, exportFormats, "json") });

/** Hangs POST /api/import (an admin token) and GET /api/export (behind the pages' guard) on the app. */
/** POST /api/import: token-checked itself, so it is mounted whether or not the read-only pages are. */
export function registerImport(app: Express, ctx: PageContext): void {
  app.post(
    "/api/import",
    securityHeaders,
    // The token and the address are checked before a byte of the body is read.
    acceptImport(ctx),
    express.raw({ type: () => true, limit: IMPORT_BODY_LIMIT }),
    (req: Request, res: Response, next: NextFunction) => runImport(ctx, req, res).catch(next),
    answerUnreadableBodies({
      tooLarge: "That file is larger than 50 MB, the most one request imports. Import it with the command line instead: `npm run concord -- import <file>`.",
      unreadable: "That request's body could not be read: send the file itself as the body.",
    }),
  );
}

/** GET /api/export, behind the pages' token rules, with the pages. */
export function registerExport(app: Express, ctx: PageContext, guard: RequestHandler): void {
  app.get("/api/export", securityHeaders, guard, apiHandler((req, res) => runExport(ctx, req, res)));
}

/** Importing takes an admin's token. */
function acceptImport(ctx: PageContext): RequestHandler {
  return acceptBearer(ctx, {
    query: importQuery,
    missing: "Importing needs an admin token: send it as Authorization: Bearer <token>. An admin makes one in chat with `token new admin`.",
    unknown: "That token is not one Concord accepts: it is mistyped, unknown or revoked. An admin makes a new one with `token new admin`.",
    forbids: (bearer) =>
      bearer.kind !== "admin"
        ? `That is a token of the ${bearer.domain?.slug ?? "?"} domain, for its dbt ingest; importing a glossary needs an admin token (\`token new admin\`).`
        : undefined,
  });
}

async function runImport(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const { bearer, query } = writeRequest<z.infer<typeof importQuery>>(res);
  const format = query.format as Exclude<GlossaryFormat, "md">;
  const text = bodyText(req.body);
  if (text === undefined) {
    return refuseWrite(res, "bad_request", `Nothing was imported: send the file as the request's body (${FORMAT_NAMES[format]}).`, []);
  }
  if (text === null) {
    return refuseWrite(res, "invalid_file", "Nothing was imported: the body is not UTF-8 text.", [{ where: "body", message: "not valid UTF-8" }]);
  }
  let read;
  try {
    read = readGlossaryFile(format, text);
  } catch (error) {
    if (!(error instanceof GlossaryFileError)) throw error;
    return refuseWrite(res, "invalid_file", `Nothing was imported: the body is not ${FORMAT_NAMES[format]}.`, error.problems);
  }
  let summary: ImportSummary;
  try {
    summary = await importGlossary(ctx.deps, bearer.actor, read.records, {
      domains: read.domains,
      fileName: query.file_name ?? FORMAT_FILE_NAMES[format],
      format,
      dryRun: query.dry_run,
      notes: read.notes,
      ...(read.extras ? { extras: read.extras } : {}),
    });
  } catch (error) {
    if (!isConcordError(error)) throw error;
    if (error.code === "forbidden") return sendJsonError(res, 403, "forbidden", error.message);
    const problems = (error.details.problems as ImportProblem[] | undefined) ?? [];
    return refuseWrite(res, problems.length > 0 ? "invalid_records" : "bad_request", error.message, problems);
  }
  if (!summary.dryRun) await recordTokenUse(ctx.deps, bearer.id);
  ctx.logger.info("imported a glossary through the API", {
    token: bearer.id,
    actor: bearer.actor.ref,
    format,
    dryRun: summary.dryRun,
    importId: summary.importId,
    counts: summary.counts,
  });
  res.status(200).json({
    dryRun: summary.dryRun,
    importId: summary.importId,
    counts: summary.counts,
    newDomains: summary.newDomains,
    items: summary.items.slice(0, WRITE_LISTED).map((item) => ({
      where: item.where,
      name: item.name,
      action: item.action,
      detail: item.detail,
      // A dry run's proposals were rolled back with it: their numbers name nothing.
      proposalId: summary.dryRun ? null : (item.proposalId ?? null),
    })),
    itemsTotal: summary.items.length,
    notes: summary.notes.slice(0, WRITE_LISTED),
    notesTotal: summary.notes.length,
  });
}

async function runExport(ctx: PageContext, req: Request, res: Response): Promise<void> {
  const { format } = parseQuery(exportQuery, req.query);
  const glossary = await exportGlossary(ctx.deps);
  const text = writeGlossaryFile(format, glossary, ctx.deps.clock.now());
  res
    .status(200)
    .set("Content-Type", FORMAT_MEDIA_TYPES[format])
    .set("Content-Disposition", `attachment; filename="${FORMAT_FILE_NAMES[format]}"`)
    .send(text);
}

/** A 400 that says what was wrong, with where (the first 1,000 problems). */

/** The body as text: undefined when there is none, null when it is not UTF-8. */
function bodyText(body: unknown): string | undefined | null {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  try {
    // A leading byte-order mark is dropped.
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return null;
  }
}
