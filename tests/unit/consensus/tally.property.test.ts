import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tallyVotes, type Tally, type TallyInput, type TallyVote, type VotePosition } from "../../../src/core/consensus/tally.js";
import { POLICIES, type Policy } from "../../../src/core/types.js";

/** Members 1–8 may own domains; members 101–106 never own any. */
const OWNER_POOL = [1, 2, 3, 4, 5, 6, 7, 8] as const;
const NON_OWNERS = [101, 102, 103, 104, 105, 106] as const;
const EVERYONE = [...OWNER_POOL, ...NON_OWNERS];

const positionArb = (weights: Record<VotePosition, number>): fc.Arbitrary<VotePosition> =>
  fc.oneof(
    { arbitrary: fc.constant<VotePosition>("approve"), weight: weights.approve },
    { arbitrary: fc.constant<VotePosition>("object"), weight: weights.object },
    { arbitrary: fc.constant<VotePosition>("abstain"), weight: weights.abstain },
  );

interface Options {
  readonly policies?: readonly Policy[];
  /** Which members may vote. */
  readonly voters?: readonly number[];
  readonly weights?: Record<VotePosition, number>;
}

/**
 * A random proposal: 1–8 affected domains (exactly one owning), owners drawn from members 1–8 so that some own
 * several domains and some none, at most one vote per member, and random policy, proposer, self-approval and
 * deadline.
 */
function inputArb(options: Options = {}): fc.Arbitrary<{ input: TallyInput; atDeadline: boolean }> {
  const voters = options.voters ?? EVERYONE;
  const weights = options.weights ?? { approve: 1, object: 1, abstain: 1 };
  return fc.integer({ min: 1, max: 8 }).chain((count) =>
    fc.record({
      owners: fc.array(fc.subarray([...OWNER_POOL], { minLength: 0, maxLength: 3 }), { minLength: count, maxLength: count }),
      owningIndex: fc.integer({ min: 0, max: count - 1 }),
      votes: fc.uniqueArray(fc.record({ memberId: fc.constantFrom(...voters), position: positionArb(weights) }), {
        selector: (v) => v.memberId,
        maxLength: voters.length,
      }),
      policy: fc.constantFrom(...(options.policies ?? POLICIES)),
      proposerId: fc.constantFrom(...EVERYONE),
      allowSelfApproval: fc.boolean(),
      atDeadline: fc.boolean(),
    }).map(({ owners, owningIndex, votes, policy, proposerId, allowSelfApproval, atDeadline }) => ({
      input: {
        policy,
        domains: owners.map((ownerIds, i) => ({ domainId: 10 * (i + 1), owning: i === owningIndex, ownerIds })),
        votes,
        proposerId,
        allowSelfApproval,
      },
      atDeadline,
    })),
  );
}

/** The tally in an order-free form: decision, every domain's numbers (counted members sorted), advisory as a set. */
function normalised(tally: Tally) {
  return {
    decision: tally.decision,
    domains: tally.domains.map((d) => ({ ...d, counted: [...d.counted].sort((a, b) => a - b) })),
    advisory: [...new Set(tally.advisory)].sort((a, b) => a - b),
  };
}

function ownsAffectedDomain(input: TallyInput, memberId: number): boolean {
  return input.domains.some((d) => d.ownerIds.includes(memberId));
}

const RUNS = 500;

describe("tallyVotes properties", () => {
  it("(1) the outcome does not depend on the order of the votes", () => {
    const arb = inputArb().chain(({ input, atDeadline }) =>
      fc.record({
        input: fc.constant(input),
        atDeadline: fc.constant(atDeadline),
        shuffled: fc.shuffledSubarray([...input.votes], { minLength: input.votes.length, maxLength: input.votes.length }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ input, atDeadline, shuffled }) => {
        const original = normalised(tallyVotes(input, atDeadline));
        const reordered = normalised(tallyVotes({ ...input, votes: shuffled }, atDeadline));
        expect(reordered).toEqual(original);
        // Also reversed, the simplest non-trivial reordering.
        expect(normalised(tallyVotes({ ...input, votes: [...input.votes].reverse() }, atDeadline))).toEqual(original);
      }),
      { numRuns: RUNS },
    );
  });

  it("(2) adding an approving counted vote never takes an approval away (unanimous, majority, owner)", () => {
    const arb = inputArb({
      policies: ["unanimous", "majority", "owner"],
      voters: OWNER_POOL,
      weights: { approve: 6, object: 1, abstain: 2 },
    }).chain(({ input, atDeadline }) => {
      const voted = new Set(input.votes.map((v) => v.memberId));
      const candidates = OWNER_POOL.filter(
        (id) =>
          !voted.has(id) && ownsAffectedDomain(input, id) && (id !== input.proposerId || input.allowSelfApproval),
      );
      return fc.record({
        input: fc.constant(input),
        atDeadline: fc.constant(atDeadline),
        extra: candidates.length > 0 ? fc.constantFrom(...candidates) : fc.constant(undefined),
      });
    });
    fc.assert(
      fc.property(arb, ({ input, atDeadline, extra }) => {
        fc.pre(extra !== undefined);
        const before = tallyVotes(input, atDeadline);
        fc.pre(before.decision === "approved");
        const vote: TallyVote = { memberId: extra!, position: "approve" };
        const after = tallyVotes({ ...input, votes: [...input.votes, vote] }, atDeadline);
        // The new vote really counts somewhere …
        expect(after.domains.some((d) => d.counted.includes(extra!))).toBe(true);
        // … and the proposal stays approved.
        expect(after.decision).toBe("approved");
      }),
      { numRuns: RUNS, maxSkipsPerRun: 1000 },
    );
  });

  it("(3) advisory votes from members owning no affected domain never change the outcome", () => {
    const arb = inputArb({ voters: OWNER_POOL }).chain(({ input, atDeadline }) =>
      fc.record({
        input: fc.constant(input),
        atDeadline: fc.constant(atDeadline),
        advisory: fc.uniqueArray(fc.record({ memberId: fc.constantFrom(...NON_OWNERS), position: positionArb({ approve: 1, object: 1, abstain: 1 }) }), {
          selector: (v) => v.memberId,
          minLength: 1,
          maxLength: NON_OWNERS.length,
        }),
        at: fc.nat(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ input, atDeadline, advisory, at }) => {
        const without = tallyVotes(input, atDeadline);
        // Interleave the advisory votes anywhere among the counted ones.
        const cut = input.votes.length === 0 ? 0 : at % (input.votes.length + 1);
        const votes = [...input.votes.slice(0, cut), ...advisory, ...input.votes.slice(cut)];
        const withAdvisory = tallyVotes({ ...input, votes }, atDeadline);
        expect(withAdvisory.decision).toBe(without.decision);
        expect(withAdvisory.domains).toEqual(without.domains);
        const expected = new Set([...without.advisory, ...advisory.map((v) => v.memberId)]);
        expect(new Set(withAdvisory.advisory)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("(3b) with self-approval off, the proposer's own vote never changes the outcome", () => {
    const arb = inputArb().map(({ input, atDeadline }) => ({ input: { ...input, allowSelfApproval: false }, atDeadline }));
    fc.assert(
      fc.property(arb, positionArb({ approve: 1, object: 1, abstain: 1 }), ({ input, atDeadline }, position) => {
        const others = input.votes.filter((v) => v.memberId !== input.proposerId);
        const without = tallyVotes({ ...input, votes: others }, atDeadline);
        const withOwn = tallyVotes({ ...input, votes: [...others, { memberId: input.proposerId, position }] }, atDeadline);
        expect(withOwn.decision).toBe(without.decision);
        expect(withOwn.domains).toEqual(without.domains);
        expect(withOwn.advisory).toContain(input.proposerId);
      }),
      { numRuns: RUNS },
    );
  });

  it("(4) at the deadline there is always a decision", () => {
    const arb = inputArb().map(({ input }) => input);
    fc.assert(
      fc.property(arb, (input) => {
        expect(["approved", "rejected", "expired"]).toContain(tallyVotes(input, true).decision);
      }),
      { numRuns: RUNS },
    );
  });
});
