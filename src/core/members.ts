import type { CoreDeps } from "./deps.js";
import type { UserRef } from "./types.js";

/** The longest display name kept; a platform's longer one is cut, as no face shows more. */
const MAX_NAME_LENGTH = 200;

/** A platform's display name as Concord keeps it: trimmed, without control or invisible format characters; undefined when nothing is left. */
export function cleanDisplayName(name: string | null | undefined): string | undefined {
  const cleaned = (name ?? "").replace(/[\p{Cc}\p{Cf}]/gu, "").replace(/\s+/g, " ").trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === "" ? undefined : cleaned;
}

/** The display name Concord keeps for a ref; null when it knows the person only by ref, or not at all. */
export async function knownName(deps: CoreDeps, ref: UserRef): Promise<string | null> {
  return (await deps.store.repos.members.findByRef(ref))?.displayName ?? null;
}

/**
 * Records the name a platform shows for a person Concord knows only by ref (an owner an admin added, someone
 * mentioned); nobody new is created, and a name already known is kept.
 */
export async function learnName(deps: CoreDeps, ref: UserRef, name: string | null | undefined): Promise<void> {
  const cleaned = cleanDisplayName(name);
  if (cleaned) await deps.store.repos.members.learnName(ref, cleaned);
}
