/** Codes for failures a user can act on; anything else is a bug and reaches the error handler. */
export type ConcordErrorCode =
  | "invalid-input"
  | "not-found"
  | "unknown-domain"
  | "domain-exists"
  | "term-exists"
  | "forbidden"
  | "ambiguous"
  | "needs-domain"
  | "closed";

/** A failure with a polite message meant for the person who asked. */
export class ConcordError extends Error {
  override readonly name = "ConcordError";

  constructor(
    readonly code: ConcordErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** True when an error is one whose message may be shown to a user as it is. */
export function isConcordError(error: unknown): error is ConcordError {
  return error instanceof ConcordError;
}
