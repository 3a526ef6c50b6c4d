import { and, count, eq, sql } from "drizzle-orm";
import { castVote, importTerm, openProposal } from "../src/core/index.js";
import type { OpenedDatabase } from "../src/db/open.js";
import { auditEvents, definitionVersions, domainOwners, domains, memberIdentities, members, proposals, votes } from "../src/db/schema/index.js";
import { VOTE_APPROVE } from "../src/slack/blocks/ids.js";
import { BENCH_TEAM } from "./seed.js";
import { ADMIN_REF, GOVERNANCE_CHANNEL, SIGNING_SECRET, type BenchConcord } from "./support/concord.js";
import { clock, type PlannedRequest, type SentTiming } from "./support/client.js";
import { buttonClickBody } from "./support/signed.js";
import { ms, percentiles, round, type Percentiles } from "./support/stats.js";
import type { BarRow } from "./support/table.js";

const BAR_VOTES_PER_SECOND = 300;
const CONSUMING_DOMAINS = 4;
const POLL_MS = 10;

export interface VotesResult {
  readonly voters: number;
  /** Clicks sent in all: the voters', then the objector's turn and the repeat clicks while it decides. */
  readonly clicks: number;
  /** First request sent → the last of the votes is a row in `votes` (polled every 10 ms). */
  readonly msToAllStored: number;
  readonly votesPerSecond: number;
  /** First request sent → the last voter's confirmation arrived at its response_url. */
  readonly msToAllConfirmed: number;
  readonly ack: Percentiles;
  /** Per click: request sent → its confirmation posted. */
  readonly confirmation: Percentiles;
  readonly checks: {
    readonly approveRows: number;
    readonly distinctVoters: number;
    readonly voteCastEvents: number;
    readonly confirmationsCounted: number;
    readonly statusWhileBlocked: string;
    readonly decisionsWhileBlocked: number;
    /** After the objector turned to approve, clicking 3 times while 20 voters clicked again. */
    readonly finalStatus: string;
    readonly decisionEvents: number;
    readonly newVersions: number;
    readonly msToDecision: number;
    readonly non200: number;
  };
  readonly everyVoteCountedOnce: boolean;
  readonly decidedOnce: boolean;
  readonly barVotesPerSecond: number;
}

/**
 * 200 owners of the four consuming domains click Approve at once over signed HTTP, on a proposal the owning
 * domain's one owner objected to first (set up through the core), so the proposal stays open under the unanimous
 * policy and every vote must land. Then the objector approves (three clicks at once, while 20 owners click again)
 * and the proposal must be decided exactly once.
 */
export function runVotesBenchmark(bench: BenchConcord, opened: OpenedDatabase, voters: number): Promise<VotesResult> {
  return runVoteBurst(bench, opened, voters, [bench.base]);
}

/**
 * The same, with the clicks sent to the Concord processes at `bases` in turn (replicas on one database): every click
 * at once, the first to the first, the second to the second, and so on.
 */
export async function runVoteBurst(bench: BenchConcord, opened: OpenedDatabase, voters: number, bases: readonly string[]): Promise<VotesResult> {
  const db = opened.db;
  const vote = await prepareVote(bench, opened, voters);
  const { proposal, users, click, approvals, stamp } = vote;
  const send = async (requests: readonly PlannedRequest[]): Promise<SentTiming[]> => {
    const shares = bases.map((base, b) => ({ base, requests: requests.filter((_, k) => k % bases.length === b) }));
    const sent = await Promise.all(shares.map((share) => bench.client.send(share.base, SIGNING_SECRET, share.requests, share.requests.length, 60_000)));
    // Back in the order of `requests`.
    return requests.map((_, k) => sent[k % bases.length]![Math.floor(k / bases.length)]!);
  };

  const started = clock();
  const clicks = send(users.slice(1).map((user, k) => click(user, `vote-${stamp}-${k}`)));
  let storedAt = Number.NaN;
  for (const deadline = started + 60_000; clock() < deadline; ) {
    const [row] = await approvals();
    if (row!.n >= voters) {
      storedAt = clock();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const answers = await clicks;
  // The worker stamps the first send; the poll above started a moment before it.
  const firstSent = Math.min(...answers.map((a) => a.sent));
  const confirmedAt = Math.max(...answers.map((a) => a.answered ?? Number.NaN));
  let non200 = answers.filter((a) => a.status !== 200).length;

  const [approveRows] = await approvals();
  const [distinct] = await db.select({ n: sql<number>`count(distinct ${votes.memberId})::int` }).from(votes).where(eq(votes.proposalId, proposal.id));
  const castEvents = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "vote.cast"), eq(auditEvents.subjectId, String(proposal.id)), sql`${auditEvents.actorRef} <> ${`slack:${BENCH_TEAM}:${users[0]}`}`));
  const decisions = () =>
    db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.subjectId, String(proposal.id)), sql`${auditEvents.action} in ('proposal.approved', 'proposal.rejected', 'proposal.expired')`));
  const status = async () => (await db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, proposal.id)))[0]!.status;
  const statusWhileBlocked = await status();
  const [decisionsWhileBlocked] = await decisions();

  // The objector turns round (a triple click) while twenty owners click Approve again: one decision, one version.
  const again = await send([
    ...[0, 1, 2].map((k) => click(users[0]!, `vote-${stamp}-turn-${k}`)),
    ...users.slice(1, 21).map((user, k) => click(user, `vote-${stamp}-again-${k}`)),
  ]);
  non200 += again.filter((a) => a.status !== 200).length;
  const msToDecision = Math.max(...again.map((a) => a.answered ?? Number.NaN)) - Math.min(...again.map((a) => a.sent));
  const [decisionEvents] = await decisions();
  const [versions] = await db.select({ n: count() }).from(definitionVersions).where(eq(definitionVersions.termId, proposal.termId!));

  const checks = {
    approveRows: approveRows!.n,
    distinctVoters: distinct!.n - 1,
    voteCastEvents: castEvents[0]!.n,
    confirmationsCounted: answers.filter((a) => /counts for/i.test(a.text)).length,
    statusWhileBlocked,
    decisionsWhileBlocked: decisionsWhileBlocked!.n,
    finalStatus: await status(),
    decisionEvents: decisionEvents!.n,
    newVersions: versions!.n - 1,
    msToDecision: round(msToDecision, 0),
    non200,
  };
  const everyVoteCountedOnce =
    checks.approveRows === voters &&
    checks.distinctVoters === voters &&
    checks.voteCastEvents === voters &&
    checks.confirmationsCounted === voters &&
    checks.statusWhileBlocked === "open" &&
    checks.decisionsWhileBlocked === 0 &&
    non200 === 0;
  const decidedOnce = checks.finalStatus === "approved" && checks.decisionEvents === 1 && checks.newVersions === 1;
  const msToAllStored = storedAt - firstSent;
  return {
    voters,
    clicks: answers.length + again.length,
    msToAllStored: round(msToAllStored, 0),
    votesPerSecond: Number.isFinite(msToAllStored) ? Math.round((voters / msToAllStored) * 1000) : 0,
    msToAllConfirmed: round(confirmedAt - firstSent, 0),
    ack: percentiles(answers.map((a) => a.acked - a.sent)),
    confirmation: percentiles(answers.flatMap((a) => (a.answered === null ? [] : [a.answered - a.sent]))),
    checks,
    everyVoteCountedOnce,
    decidedOnce,
    barVotesPerSecond: BAR_VOTES_PER_SECOND,
  };
}

/** A proposal 200 owners can vote on, blocked by its owning domain's objector, and how to click and count. */
export interface PreparedVote {
  readonly proposal: { readonly id: number; readonly termId: number | null };
  /** What makes this vote's users, domains and request ids its own. */
  readonly stamp: string;
  /** The objector first, then the voters (Slack user ids). */
  readonly users: readonly string[];
  click(user: string, id: string): PlannedRequest;
  approvals(): Promise<{ n: number }[]>;
}

/**
 * Four consuming domains with `voters` owners among them, an owning domain with one owner, a term they share and a
 * proposal to change it that the owning domain's owner objected to (through the core), so that it stays open under
 * the unanimous policy until the objector turns round.
 */
export async function prepareVote(bench: BenchConcord, opened: OpenedDatabase, voters: number): Promise<PreparedVote> {
  const db = opened.db;
  const deps = bench.concord.deps;
  const now = new Date();
  const stamp = `${Date.now().toString(36)}${(++prepared).toString(36)}`;
  const slugs = ["owner", ...Array.from({ length: CONSUMING_DOMAINS }, (_, k) => String.fromCharCode(97 + k))].map((s) => `vote-${s}-${stamp}`);
  const domainRows = await db
    .insert(domains)
    .values(slugs.map((slug) => ({ slug, name: slug, createdAt: now, updatedAt: now })))
    .returning({ id: domains.id });
  const users = [`U0VOBJ${stamp}`, ...Array.from({ length: voters }, (_, k) => `U0V${stamp}N${k}`)];
  const created = await db
    .insert(members)
    .values(users.map((user) => ({ displayName: user, createdAt: now })))
    .returning({ id: members.id });
  await db.insert(memberIdentities).values(created.map((m, k) => ({ ref: `slack:${BENCH_TEAM}:${users[k]}`, memberId: m.id, platform: "slack", createdAt: now })));
  await db.insert(domainOwners).values(
    created.map((m, k) => ({ domainId: domainRows[k === 0 ? 0 : 1 + ((k - 1) % CONSUMING_DOMAINS)]!.id, memberId: m.id, addedAt: now })),
  );
  const admin = { ref: ADMIN_REF };
  const termName = `Bench Vote Term ${stamp}`;
  await importTerm(deps, admin, { name: termName, text: "What the owners agree on first.", ownerDomain: slugs[0]!, consumers: slugs.slice(1) });
  const { proposal } = await openProposal(deps, admin, { term: termName, text: `What the owners agree on after ${voters} votes.` });
  await castVote(deps, { ref: `slack:${BENCH_TEAM}:${users[0]}` }, { proposalId: proposal.id, position: "object", reason: "Not yet." });

  return {
    proposal,
    stamp,
    users,
    approvals: () => db.select({ n: count() }).from(votes).where(and(eq(votes.proposalId, proposal.id), eq(votes.position, "approve"))),
    click: (user, id) => ({
      id,
      body: buttonClickBody({
        team: BENCH_TEAM,
        user,
        channel: GOVERNANCE_CHANNEL,
        actionId: VOTE_APPROVE,
        value: String(proposal.id),
        responseUrl: bench.client.responseUrl(id),
      }),
    }),
  };
}
let prepared = 0;

/** The vote rows of a database's summary table. */
export function votesRows(result: VotesResult): BarRow[] {
  const c = result.checks;
  return [
    {
      what: `votes: ${result.voters} Approve clicks at once, first request → all ${result.voters} stored`,
      bar: `≥ ${result.barVotesPerSecond} votes/s`,
      measured: `${result.votesPerSecond} votes/s (${ms(result.msToAllStored)})`,
      holds: result.votesPerSecond >= result.barVotesPerSecond,
    },
    {
      what: "votes: every vote counted once (rows, vote.cast events, \"counts for\" replies; still open)",
      bar: "each = N",
      measured: `${c.approveRows} rows, ${c.distinctVoters} voters, ${c.voteCastEvents} events, ${c.confirmationsCounted} replies, ${c.statusWhileBlocked}`,
      holds: result.everyVoteCountedOnce,
    },
    {
      what: "votes: the decision taken once (objector ×3 + 20 repeat clicks at once)",
      bar: "1 decision",
      measured: `${c.finalStatus}, ${c.decisionEvents} decision event(s), ${c.newVersions} new version(s), in ${ms(c.msToDecision)}`,
      holds: result.decidedOnce,
    },
    {
      what: "votes: HTTP ack p50 / p99 · confirmation p50 / p99 · all confirmed",
      bar: "—",
      measured: `${ms(result.ack.p50)} / ${ms(result.ack.p99)} · ${ms(result.confirmation.p50)} / ${ms(result.confirmation.p99)} · ${ms(result.msToAllConfirmed)}`,
      holds: null,
    },
  ];
}
