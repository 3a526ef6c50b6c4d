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
