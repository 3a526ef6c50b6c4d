import type { CoreDeps } from "../deps.js";
import { measureDrift } from "../glossary/drift.js";
import { readDefinition } from "../text/index.js";
import type { DefinitionVersion } from "../types.js";
import type { UsageView } from "./types.js";

/**
 * Where a term is used in the domains' data products, each usage measured against the agreed definition now (so an
 * agreed change shows at once), with the same drift figure as variants; most drifted first, then by domain and path.
 */
export async function termUsages(deps: CoreDeps, termId: number, current: DefinitionVersion): Promise<UsageView[]> {
  const stored = await deps.store.repos.usages.usagesOfTerm(termId);
  if (stored.length === 0) return [];
  const agreed = readDefinition(current.text);
  return stored
    .map(
      (usage): UsageView => ({
        domain: usage.domain,
        project: usage.project,
        path: usage.path,
        kind: usage.kind,
        description: usage.description,
        linkSource: usage.linkSource,
        drift: usage.description === "" ? null : measureDrift(agreed, usage.description),
        lastSeenAt: usage.lastSeenAt,
      }),
    )
    .sort((a, b) => (b.drift?.score ?? -1) - (a.drift?.score ?? -1) || a.domain.slug.localeCompare(b.domain.slug) || a.path.localeCompare(b.path));
}
