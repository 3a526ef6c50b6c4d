import type { CoreDeps } from "../deps.js";
import type { DigestPost, Repositories } from "../ports.js";
import type { Domain, Platform } from "../types.js";
import { buildDigest, weekStartOf } from "./build.js";
import { focusDigest } from "./focus.js";
import type { Digest } from "./types.js";

/** The job name scheduled digests are claimed under in the job ledger. */
export const DIGEST_JOB = "digest";

/** Where digests go: the platforms that deliver, and each one's governance channel (which gets the whole digest). */
export interface DigestTargets {
  readonly destinations: readonly Platform[];
  readonly governanceChannels: Partial<Record<Platform, string>>;
}

export type DigestRun =
  | { readonly ran: false }
  | { readonly ran: true; readonly digestId: number; readonly digest: Digest; readonly posts: number };

/**
 * Runs the digest for one schedule slot, once however many replicas fire it: the slot is claimed in the same
 * transaction that stores the digest, its weekly snapshot and one outbox delivery per channel. A replica that
 * crashes before committing leaves the slot unclaimed, so another (or the next start) still runs it. The digest is
 * built before that transaction, not in it: on the embedded database a transaction holds the only connection, and
 * every lookup would wait for the whole build. A slot already claimed is not built again.
 */
export async function runScheduledDigest(deps: CoreDeps, slot: Date, targets: DigestTargets): Promise<DigestRun> {
  const now = deps.clock.now();
  if (await deps.store.repos.jobs.claimed(DIGEST_JOB, slot)) return { ran: false };
  const digest = await buildDigest(deps.store.repos, now);
  return deps.store.transaction(async (repos) => {
    if (!(await repos.jobs.claim(DIGEST_JOB, slot, now))) return { ran: false };
    const digestId = await repos.digests.save(slot, digest);
    await repos.digests.saveSnapshot({
      weekStart: weekStartOf(now),
      value: digest.index.value,
      variants: digest.totals.variants,
      takenAt: now,
    });
    const posts = await planDigestPosts(repos, digestId, targets);
    for (const { platform, post } of posts) {
      await repos.outbox.enqueue({ kind: "digest.post", payload: post }, now, [platform]);
    }
    return { ran: true, digestId, digest, posts: posts.length };
  });
}

/** This week's digest as it stands, built on demand and stored nowhere: what the `digest` command shows. */
export async function previewDigest(deps: CoreDeps): Promise<Digest> {
  return buildDigest(deps.store.repos, deps.clock.now());
}

/** One post per channel: the whole digest to each platform's governance channel, the short one to domain homes. */
async function planDigestPosts(
  repos: Repositories,
  digestId: number,
  targets: DigestTargets,
): Promise<{ platform: Platform; post: DigestPost }[]> {
  const posts: { platform: Platform; post: DigestPost }[] = [];
  // A setting names a platform's governance channel (Slack's GLOSSARY_CHANNEL); else an admin chose one by command.
  const governanceChannels: Partial<Record<Platform, string>> = {};
  for (const platform of targets.destinations) {
    const governance = targets.governanceChannels[platform] ?? (await repos.governanceChannels.get(platform))?.channelId;
    if (governance) governanceChannels[platform] = governance;
    if (governance) posts.push({ platform, post: { digestId, channelId: governance, scope: "governance" } });
  }
  for (const domain of await repos.domains.list()) {
    for (const channel of domain.channels) {
      if (!targets.destinations.includes(channel.platform)) continue;
      // A domain whose home is the governance channel already gets the whole digest there.
      if (channel.channelId === governanceChannels[channel.platform]) continue;
      posts.push({
        platform: channel.platform,
        post: { digestId, channelId: channel.channelId, scope: "domain", domainId: domain.id },
      });
    }
  }
  return posts;
}

/** What one digest post shows: the stored digest, narrowed to the domain for a domain's home channel. */
export async function loadDigestPost(
  deps: CoreDeps,
  post: DigestPost,
): Promise<{ readonly digest: Digest; readonly domain?: Domain } | undefined> {
  const stored = await deps.store.repos.digests.get(post.digestId);
  if (!stored) return undefined;
  if (post.scope === "governance") return { digest: stored.digest };
  const domain = (await deps.store.repos.domains.list()).find((d) => d.id === post.domainId);
  if (!domain) return undefined;
  const plain: Domain = { id: domain.id, slug: domain.slug, name: domain.name };
  return { digest: focusDigest(stored.digest, plain).digest, domain: plain };
}
