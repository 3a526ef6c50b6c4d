import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { ingestDbt, isConcordError, type IngestSummary } from "../../core/index.js";
import { recordTokenUse } from "../../core/tokens.js";
import { DbtFileError, readDbtManifestStream, type DbtReadOptions } from "../../formats/dbt/index.js";
import { answerUnreadableBodies } from "../server.js";
import { securityHeaders, sendJsonError, type PageContext } from "./context.js";
import { acceptBearer, refuseWrite, WRITE_LISTED, writeRequest } from "./write-api.js";

/*
 * A domain's dbt project in over HTTP: the CI step after `dbt docs generate`, by the same rules as the command line.
 *
 * POST /api/ingest/dbt?domain=<slug>[&dry_run=true]   Authorization: Bearer <that domain's token, or an admin's>
 *   body: target/manifest.json (schema v12)
 *   200 { dryRun, ingestId, repeated, domain, project, source, generatedAt, counts: { items, usages, new, changed,
 *         drifting, removed, suggestions, problems }, changed: { term, kind, path, previous, description,
 *         drift: { score, level, reasons } | null, pastThreshold }[], problems: { where, message }[], problemsTotal }
 *       (changed and problems: the first 1,000 of each; ingestId is null in a dry run; repeated: the same manifest
 *       as the domain's last ingest of the project, and nothing was written but when it came again)
 *   400 { error: "bad_request" | "invalid_file", message, problems }   no domain, an unknown one, a body not a v12 manifest
 *   401 { error: "unauthorized", message }   no token, or one unknown, mistyped or revoked
 *   403 { error: "forbidden", message }      another domain's token, or one whose maker no longer owns the domain
 *   413 { error: "too_large", message }      a body over 200 MB
 *
 * A domain's token ingests only that domain's project; an admin token may ingest for any domain (an admin could make
 * that domain's token anyway). A refused request writes nothing.
 */

/** The largest manifest one request ingests; a larger one is ingested from the command line. */
const INGEST_BODY_LIMIT = "200mb";

const ingestQuery = z.object({
  domain: z
    .string({ error: "Name the domain whose dbt project this is, once, as ?domain=support." })
    .trim()
    .toLowerCase()
    .min(1, { error: "Name the domain whose dbt project this is, as ?domain=support." })
    .max(100, { error: "A domain slug is at most 100 characters." }),
  dry_run: z
    .enum(["true", "false"], { error: "dry_run is true or false, as in ?dry_run=true." })
    .optional()
    .transform((v) => v === "true"),
});


/** Hangs POST /api/ingest/dbt on the app. */
export function registerIngest(app: Express, ctx: PageContext, options: DbtReadOptions): void {
  app.post(
    "/api/ingest/dbt",
    securityHeaders,
    // The token, the domain and the address are checked before a byte of the body is read.
    acceptIngest(ctx),
    express.raw({ type: () => true, limit: INGEST_BODY_LIMIT }),
    (req: Request, res: Response, next: NextFunction) => runIngest(ctx, options, req, res).catch(next),
    answerUnreadableBodies({
      tooLarge: "That manifest is larger than 200 MB, the most one request ingests. Ingest it with the command line instead: `npm run concord -- ingest dbt <manifest.json> --domain <slug>`.",
      unreadable: "That request's body could not be read: send target/manifest.json itself as the body.",
    }),
  );
}

/** A domain's token ingests its own domain's project only; an admin's any domain's. */
function acceptIngest(ctx: PageContext): RequestHandler {
  return acceptBearer(ctx, {
    query: ingestQuery,
    missing: "Ingesting needs the domain's token: send it as Authorization: Bearer <token>. A domain's owner makes one in chat with `token new <domain>`.",
    unknown: "That token is not one Concord accepts: it is mistyped, unknown or revoked. A domain's owner makes a new one with `token new <domain>`.",
    forbids: (bearer, query) =>
      bearer.kind === "domain" && bearer.domain?.slug !== query.domain
        ? `That is a token of the ${bearer.domain?.slug ?? "?"} domain: it ingests only ${bearer.domain?.slug ?? "that domain"}'s dbt project, not ${query.domain}'s.`
        : undefined,
  });
}

async function runIngest(ctx: PageContext, options: DbtReadOptions, req: Request, res: Response): Promise<void> {
  const { bearer, query } = writeRequest<z.infer<typeof ingestQuery>>(res);
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    return refuseWrite(res, "bad_request", "Nothing was ingested: send target/manifest.json as the request's body.", []);
  }
  let project;
  try {
    // Read as a stream from the body's bytes: a large manifest is never assembled whole.
    project = await readDbtManifestStream(body, options);
  } catch (error) {
    if (!(error instanceof DbtFileError)) throw error;
    const [first] = error.problems;
    const message = error.problems.length === 1 && first ? `Nothing was ingested: the body ${first.message}.` : "Nothing was ingested: the body is not a dbt manifest Concord reads.";
    return refuseWrite(res, "invalid_file", message, error.problems);
  }
  let summary: IngestSummary;
  try {
    summary = await ingestDbt(ctx.deps, bearer.actor, { domain: query.domain, project, dryRun: query.dry_run });
  } catch (error) {
    if (!isConcordError(error)) throw error;
    if (error.code === "forbidden") return sendJsonError(res, 403, "forbidden", error.message);
    return refuseWrite(res, "bad_request", error.message, []);
  }
  if (!summary.dryRun) await recordTokenUse(ctx.deps, bearer.id);
  ctx.logger.info("ingested a dbt project through the API", {
    token: bearer.id,
    actor: bearer.actor.ref,
    domain: summary.domain.slug,
    project: summary.project,
    dryRun: summary.dryRun,
    ingestId: summary.ingestId,
    repeated: summary.repeated,
    counts: summary.counts,
  });
  res.status(200).json({
    dryRun: summary.dryRun,
    ingestId: summary.ingestId,
    repeated: summary.repeated,
    domain: summary.domain.slug,
    project: summary.project,
    source: summary.source,
    generatedAt: summary.generatedAt?.toISOString() ?? null,
    counts: summary.counts,
    changed: summary.changed.slice(0, WRITE_LISTED).map((change) => ({
      term: change.term.slug,
      kind: change.kind,
      path: change.path,
      previous: change.previous,
      description: change.description,
      drift: change.drift && { score: change.drift.score, level: change.drift.level, reasons: change.drift.reasons.map((r) => ({ kind: r.kind, from: r.from ?? null, to: r.to ?? null, text: r.text })) },
      pastThreshold: change.pastThreshold,
    })),
    problems: summary.problems.slice(0, WRITE_LISTED),
    problemsTotal: summary.problems.length,
  });
}

