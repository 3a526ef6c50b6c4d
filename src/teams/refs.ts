import type { Activity } from "botbuilder";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user ref of a Teams user: tenant id + AAD object id. */
export function teamsRef(tenantId: string, aadObjectId: string): string {
  return `teams:${tenantId.toLowerCase()}:${aadObjectId.toLowerCase()}`;
}

/** The tenant of an activity, from the conversation or Teams' channel data. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? fromChannelData;
}

/**
 * Who sent an activity, as a ref: `teams:<tenant>:<aad object id>` in Teams; a local emulator, which has neither,
 * speaks as `local:<its user id>`.
 */
export function senderRef(activity: Partial<Activity>): string {
  const tenant = tenantOf(activity);
  const aad = activity.from?.aadObjectId;
  if (tenant && aad && GUID.test(tenant) && GUID.test(aad)) return teamsRef(tenant, aad);
  const local = (activity.from?.id ?? "emulator").replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 40);
  return `local:${local || "emulator"}`;
}

/** The AAD object id and tenant of a `teams:` ref. */
export function parseTeamsRef(ref: string): { tenantId: string; aadObjectId: string } | undefined {
  const [platform, tenantId, aadObjectId] = ref.split(":");
  if (platform !== "teams" || !tenantId || !aadObjectId) return undefined;
  return { tenantId, aadObjectId };
}
