import { describe, expect, it } from "vitest";
import {
  countsFor,
  tallyVotes,
  type DomainPosition,
  type Outcome,
  type Tally,
  type TallyInput,
  type VotePosition,
} from "../../../src/core/consensus/tally.js";
import type { Policy } from "../../../src/core/types.js";

// Members. PAT owns no domain and proposes by default.
const ANN = 1;
const BEN = 2;
const CAT = 3;
const DAN = 4;
const EVE = 5;
const FAY = 6;
const GUS = 7;
const PAT = 99;
const ZOE = 98; // owns no affected domain either

// Domains. The owning domain is SALES unless a row says otherwise.
const SALES = 10;
const BILLING = 20;
const SUPPORT = 30;
const LEGAL = 40;

type Owners = Record<number, readonly number[]>;
type Votes = Record<number, VotePosition>;

interface Scenario {
  readonly policy: Policy;
  /** Affected domains → their owners, in ascending domain id order. */
  readonly domains: Owners;
  /** The owning domain; defaults to SALES. */
  readonly owning?: number;
  /** One (latest) position per member. */
  readonly votes: Votes;
  /** Defaults to PAT, who owns nothing. */
  readonly proposer?: number;
  readonly allowSelfApproval?: boolean;
  readonly atDeadline?: boolean;
}

interface Expected {
  readonly decision: Outcome | undefined;
  /** Each affected domain's position; every domain must be listed. */
  readonly positions?: Record<number, DomainPosition>;
  /** The advisory voters, in any order. */
  readonly advisory?: readonly number[];
}

interface Row extends Scenario, Expected {
  readonly name: string;
}

function inputOf(s: Scenario): TallyInput {
  const owning = s.owning ?? SALES;
  return {
    policy: s.policy,
    domains: Object.entries(s.domains).map(([id, ownerIds]) => ({
      domainId: Number(id),
      owning: Number(id) === owning,
      ownerIds,
    })),
    votes: Object.entries(s.votes).map(([id, position]) => ({ memberId: Number(id), position })),
    proposerId: s.proposer ?? PAT,
    allowSelfApproval: s.allowSelfApproval ?? false,
  };
}

function run(s: Scenario): Tally {
  return tallyVotes(inputOf(s), s.atDeadline ?? false);
}

function positions(tally: Tally): Record<number, DomainPosition> {
  return Object.fromEntries(tally.domains.map((d) => [d.domainId, d.position]));
}

function check(row: Row): void {
  const tally = run(row);
  if (row.positions) expect(positions(tally)).toEqual(row.positions);
  if (row.advisory) expect([...tally.advisory].sort((a, b) => a - b)).toEqual([...row.advisory].sort((a, b) => a - b));
  expect(tally.decision).toBe(row.decision);
}

const TWO = { [SALES]: [ANN], [BILLING]: [BEN] } as const;
const THREE = { [SALES]: [ANN], [BILLING]: [BEN], [SUPPORT]: [CAT] } as const;
const FOUR = { [SALES]: [ANN], [BILLING]: [BEN], [SUPPORT]: [CAT], [LEGAL]: [DAN] } as const;

describe("unanimous", () => {
  const rows: Row[] = [
    {
      name: "every domain approves → approved",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "approve" },
      advisory: [],
    },
    {
      name: "one domain has not voted → open",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      decision: undefined,
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "none" },
    },
    {
      name: "one domain objects, the others approve → blocked, still open before the deadline",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      decision: undefined,
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "object" },
    },
    {
      name: "at the deadline a standing objection → rejected",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      atDeadline: true,
      decision: "rejected",
    },
    {
      name: "at the deadline, no objection but a silent domain → expired",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "at the deadline with no votes at all → expired",
      policy: "unanimous",
      domains: THREE,
      votes: {},
      atDeadline: true,
      decision: "expired",
      positions: { [SALES]: "none", [BILLING]: "none", [SUPPORT]: "none" },
    },
    {
      name: "at the deadline every domain approves → approved",
      policy: "unanimous",
      domains: TWO,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      atDeadline: true,
      decision: "approved",
    },
    {
      name: "an abstaining domain stands aside (tally.ts doc comment) → approved",
      policy: "unanimous",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "abstain", [CAT]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "abstain", [SUPPORT]: "approve" },
    },
    {
      name: "every domain abstains → nobody approved, open",
      policy: "unanimous",
      domains: TWO,
      votes: { [ANN]: "abstain", [BEN]: "abstain" },
      decision: undefined,
    },
    {
      name: "every domain abstains, at the deadline → expired",
      policy: "unanimous",
      domains: TWO,
      votes: { [ANN]: "abstain", [BEN]: "abstain" },
      atDeadline: true,
      decision: "expired",
    },
  ];
  it.each(rows)("$name", check);
});

describe("majority", () => {
  const rows: Row[] = [
    {
      name: "2 of 3 domains approve → approved",
      policy: "majority",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "none" },
    },
    {
      name: "2 of 3 approve despite one objecting → approved",
      policy: "majority",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      decision: "approved",
    },
    {
      name: "1 of 3 approves, nobody objects → open",
      policy: "majority",
      domains: THREE,
      votes: { [ANN]: "approve" },
      decision: undefined,
    },
    {
      name: "1 of 3 objects → open (less than half)",
      policy: "majority",
      domains: THREE,
      votes: { [CAT]: "object" },
      decision: undefined,
    },
    {
      name: "2 of 3 object → rejected",
      policy: "majority",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "object" },
      decision: "rejected",
    },
    {
      name: "4 domains, exactly half object (the others approve) → rejected",
      policy: "majority",
      domains: FOUR,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object", [DAN]: "object" },
      decision: "rejected",
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "object", [LEGAL]: "object" },
    },
    {
      name: "2 domains, one objects → rejected (half)",
      policy: "majority",
      domains: TWO,
      votes: { [ANN]: "approve", [BEN]: "object" },
      decision: "rejected",
    },
    {
      name: "4 domains, exactly half approve and nobody objects → open (not more than half)",
      policy: "majority",
      domains: FOUR,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      decision: undefined,
    },
    {
      name: "4 domains, 3 approve, 1 objects → approved",
      policy: "majority",
      domains: FOUR,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "approve", [DAN]: "object" },
      decision: "approved",
    },
    {
      name: "abstaining domains do not count towards a majority → open",
      policy: "majority",
      domains: FOUR,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "abstain", [DAN]: "abstain" },
      decision: undefined,
    },
    {
      name: "at the deadline with 2 of 4 approving and 1 objecting → expired",
      policy: "majority",
      domains: FOUR,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "at the deadline with no votes → expired",
      policy: "majority",
      domains: THREE,
      votes: {},
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "at the deadline with a majority approving → approved",
      policy: "majority",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      atDeadline: true,
      decision: "approved",
    },
    {
      name: "at the deadline with half objecting → rejected",
      policy: "majority",
      domains: FOUR,
      votes: { [CAT]: "object", [DAN]: "object" },
      atDeadline: true,
      decision: "rejected",
    },
  ];
  it.each(rows)("$name", check);
});

describe("owner", () => {
  const rows: Row[] = [
    {
      name: "the owning domain approves while every consumer objects → approved",
      policy: "owner",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "object" },
      decision: "approved",
    },
    {
      name: "the owning domain objects while every consumer approves → rejected",
      policy: "owner",
      domains: THREE,
      votes: { [ANN]: "object", [BEN]: "approve", [CAT]: "approve" },
      decision: "rejected",
    },
    {
      name: "the owning domain is silent, every consumer approves → open",
      policy: "owner",
      domains: THREE,
      votes: { [BEN]: "approve", [CAT]: "approve" },
      decision: undefined,
    },
    {
      name: "the owning domain is silent, every consumer objects → open (non-owning domains are ignored)",
      policy: "owner",
      domains: THREE,
      votes: { [BEN]: "object", [CAT]: "object" },
      decision: undefined,
    },
    {
      name: "at the deadline, owning domain silent, consumers object → expired, not rejected",
      policy: "owner",
      domains: THREE,
      votes: { [BEN]: "object", [CAT]: "object" },
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "at the deadline, owning domain silent, consumers approve → expired",
      policy: "owner",
      domains: THREE,
      votes: { [BEN]: "approve", [CAT]: "approve" },
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "the owning domain abstains → open",
      policy: "owner",
      domains: TWO,
      votes: { [ANN]: "abstain", [BEN]: "approve" },
      decision: undefined,
    },
    {
      name: "at the deadline the owning domain's approval → approved",
      policy: "owner",
      domains: TWO,
      votes: { [ANN]: "approve" },
      atDeadline: true,
      decision: "approved",
    },
    {
      name: "at the deadline the owning domain's objection → rejected",
      policy: "owner",
      domains: TWO,
      votes: { [ANN]: "object" },
      atDeadline: true,
      decision: "rejected",
    },
    {
      name: "the owning flag, not the list order, picks the deciding domain",
      policy: "owner",
      domains: THREE,
      owning: SUPPORT,
      votes: { [ANN]: "object", [BEN]: "object", [CAT]: "approve" },
      decision: "approved",
    },
    {
      name: "the owning domain tied (approve vs object) → open",
      policy: "owner",
      domains: { [SALES]: [ANN, DAN], [BILLING]: [BEN] },
      votes: { [ANN]: "approve", [DAN]: "object", [BEN]: "approve" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "approve" },
    },
  ];
  it.each(rows)("$name", check);
});

describe("lazy", () => {
  const rows: Row[] = [
    {
      name: "every domain approves → approved before the deadline",
      policy: "lazy",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "approve" },
      decision: "approved",
    },
    {
      name: "some domains silent, no objection → open before the deadline",
      policy: "lazy",
      domains: THREE,
      votes: { [ANN]: "approve" },
      decision: undefined,
    },
    {
      name: "some domains silent, no objection, at the deadline → approved",
      policy: "lazy",
      domains: THREE,
      votes: { [ANN]: "approve" },
      atDeadline: true,
      decision: "approved",
    },
    {
      name: "no votes at all, at the deadline → approved (silence is consent)",
      policy: "lazy",
      domains: THREE,
      votes: {},
      atDeadline: true,
      decision: "approved",
      positions: { [SALES]: "none", [BILLING]: "none", [SUPPORT]: "none" },
      advisory: [],
    },
    {
      name: "no votes at all, before the deadline → open",
      policy: "lazy",
      domains: THREE,
      votes: {},
      decision: undefined,
    },
    {
      name: "an objection blocks → open before the deadline",
      policy: "lazy",
      domains: THREE,
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      decision: undefined,
    },
    {
      name: "an objection standing at the deadline → rejected",
      policy: "lazy",
      domains: THREE,
      votes: { [CAT]: "object" },
      atDeadline: true,
      decision: "rejected",
    },
    {
      name: "an abstaining domain stands aside, the others approve → approved early",
      policy: "lazy",
      domains: TWO,
      votes: { [ANN]: "approve", [BEN]: "abstain" },
      decision: "approved",
    },
    {
      name: "a domain tied approve/object has no position, so at the deadline nothing objects → approved",
      policy: "lazy",
      domains: { [SALES]: [ANN, DAN], [BILLING]: [BEN] },
      votes: { [ANN]: "approve", [DAN]: "object" },
      atDeadline: true,
      decision: "approved",
      positions: { [SALES]: "none", [BILLING]: "none" },
    },
    {
      name: "an advisory objection does not block, at the deadline → approved",
      policy: "lazy",
      domains: TWO,
      votes: { [ZOE]: "object" },
      atDeadline: true,
      decision: "approved",
      advisory: [ZOE],
    },
  ];
  it.each(rows)("$name", check);
});

describe("a domain's position: the majority of its owners' counted votes", () => {
  const rows: Row[] = [
    {
      name: "approve vs object, 1–1 → tie, no position",
      policy: "unanimous",
      domains: { [SALES]: [ANN, BEN] },
      votes: { [ANN]: "approve", [BEN]: "object" },
      decision: undefined,
      positions: { [SALES]: "none" },
    },
    {
      name: "approve vs abstain, 1–1 → the abstention stands aside, approve",
      policy: "unanimous",
      domains: { [SALES]: [ANN, BEN] },
      votes: { [ANN]: "approve", [BEN]: "abstain" },
      decision: "approved",
      positions: { [SALES]: "approve" },
    },
    {
      name: "approve, object, abstain, 1–1–1 → tie, no position",
      policy: "majority",
      domains: { [SALES]: [ANN, BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "abstain" },
      decision: undefined,
      positions: { [SALES]: "none" },
    },
    {
      name: "2 approve vs 2 object → tie; majority with that single domain stays open",
      policy: "majority",
      domains: { [SALES]: [ANN, BEN, CAT, DAN] },
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object", [DAN]: "object" },
      decision: undefined,
      positions: { [SALES]: "none" },
    },
    {
      name: "2 approve vs 1 object → approve",
      policy: "unanimous",
      domains: { [SALES]: [ANN, BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "approve", [CAT]: "object" },
      decision: "approved",
      positions: { [SALES]: "approve" },
    },
    {
      name: "2 object vs 1 approve → object",
      policy: "owner",
      domains: { [SALES]: [ANN, BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "object" },
      decision: "rejected",
      positions: { [SALES]: "object" },
    },
    {
      name: "2 abstain vs 1 approve → abstentions stand aside, approve",
      policy: "owner",
      domains: { [SALES]: [ANN, BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "abstain", [CAT]: "abstain" },
      decision: "approved",
      positions: { [SALES]: "approve" },
    },
    {
      name: "owners who have not voted do not count: 1 approve of 3 owners → approve",
      policy: "unanimous",
      domains: { [SALES]: [ANN, BEN, CAT] },
      votes: { [ANN]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve" },
    },
    {
      name: "a domain with no owners has no position",
      policy: "unanimous",
      domains: { [SALES]: [ANN], [BILLING]: [] },
      votes: { [ANN]: "approve" },
      decision: undefined,
      positions: { [SALES]: "approve", [BILLING]: "none" },
    },
  ];
  it.each(rows)("$name", check);
});

describe("a member owning several affected domains counts for each", () => {
  const rows: Row[] = [
    {
      name: "ANN owns SALES and BILLING and approves → both approve, unanimous approved",
      policy: "unanimous",
      domains: { [SALES]: [ANN], [BILLING]: [ANN] },
      votes: { [ANN]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve" },
      advisory: [],
    },
    {
      name: "ANN owns 2 of 3 domains and approves → majority approved",
      policy: "majority",
      domains: { [SALES]: [ANN], [BILLING]: [ANN], [SUPPORT]: [CAT] },
      votes: { [ANN]: "approve", [CAT]: "object" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "object" },
    },
    {
      name: "ANN owns 2 of 4 domains and objects → majority rejected",
      policy: "majority",
      domains: { [SALES]: [ANN], [BILLING]: [ANN], [SUPPORT]: [CAT], [LEGAL]: [DAN] },
      votes: { [ANN]: "object", [CAT]: "approve", [DAN]: "approve" },
      decision: "rejected",
    },
    {
      name: "ANN's vote ties one domain and decides another",
      policy: "unanimous",
      domains: { [SALES]: [ANN, BEN], [BILLING]: [ANN] },
      votes: { [ANN]: "approve", [BEN]: "object" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "approve" },
    },
    {
      name: "listed twice among one domain's owners, ANN still counts once there",
      policy: "unanimous",
      domains: { [SALES]: [ANN, ANN, BEN] },
      votes: { [ANN]: "approve", [BEN]: "object" },
      decision: undefined,
      positions: { [SALES]: "none" },
    },
  ];
  it.each(rows)("$name", check);

  it("records the counted member in each of their domains", () => {
    const tally = run({ policy: "unanimous", domains: { [SALES]: [ANN], [BILLING]: [ANN, BEN] }, votes: { [ANN]: "approve" } });
    expect(tally.domains.map((d) => [d.domainId, d.counted, d.approve])).toEqual([
      [SALES, [ANN], 1],
      [BILLING, [ANN], 1],
    ]);
  });
});

describe("advisory votes from members who own no affected domain", () => {
  const rows: Row[] = [
    {
      name: "a non-owner's approval is advisory and does not approve",
      policy: "unanimous",
      domains: TWO,
      votes: { [ANN]: "approve", [ZOE]: "approve" },
      decision: undefined,
      positions: { [SALES]: "approve", [BILLING]: "none" },
      advisory: [ZOE],
    },
    {
      name: "a non-owner's objection is advisory and does not block",
      policy: "unanimous",
      domains: TWO,
      votes: { [ANN]: "approve", [BEN]: "approve", [ZOE]: "object" },
      decision: "approved",
      advisory: [ZOE],
    },
    {
      name: "several non-owners objecting do not reject under majority",
      policy: "majority",
      domains: TWO,
      votes: { [EVE]: "object", [FAY]: "object", [GUS]: "object", [ZOE]: "object" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "none" },
      advisory: [EVE, FAY, GUS, ZOE],
    },
    {
      name: "a non-owner's approval does not decide under owner policy",
      policy: "owner",
      domains: TWO,
      votes: { [ZOE]: "approve" },
      atDeadline: true,
      decision: "expired",
      advisory: [ZOE],
    },
    {
      name: "owners of an unaffected domain are advisory (only affected domains are listed)",
      policy: "unanimous",
      domains: { [SALES]: [ANN] },
      votes: { [ANN]: "approve", [BEN]: "object" },
      decision: "approved",
      positions: { [SALES]: "approve" },
      advisory: [BEN],
    },
  ];
  it.each(rows)("$name", check);

  it("never counts an advisory vote in any domain's numbers", () => {
    const tally = run({ policy: "unanimous", domains: TWO, votes: { [ANN]: "approve", [ZOE]: "object", [EVE]: "abstain" } });
    for (const domain of tally.domains) {
      expect(domain.counted).not.toContain(ZOE);
      expect(domain.counted).not.toContain(EVE);
    }
    expect(tally.domains.map((d) => d.object + d.abstain)).toEqual([0, 0]);
  });
});

describe("self-approval", () => {
  const rows: Row[] = [
    {
      name: "off: the proposer owning SALES approves → advisory, SALES has no position, open",
      policy: "unanimous",
      domains: TWO,
      proposer: ANN,
      allowSelfApproval: false,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "approve" },
      advisory: [ANN],
    },
    {
      name: "on: the proposer owning SALES approves → counts, approved",
      policy: "unanimous",
      domains: TWO,
      proposer: ANN,
      allowSelfApproval: true,
      votes: { [ANN]: "approve", [BEN]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve" },
      advisory: [],
    },
    {
      name: "off, owner policy: the sole owner of the owning domain proposes and approves → open",
      policy: "owner",
      domains: TWO,
      proposer: ANN,
      votes: { [ANN]: "approve" },
      decision: undefined,
      advisory: [ANN],
    },
    {
      name: "off, owner policy at the deadline → expired, not approved",
      policy: "owner",
      domains: TWO,
      proposer: ANN,
      votes: { [ANN]: "approve" },
      atDeadline: true,
      decision: "expired",
    },
    {
      name: "on, owner policy: the owning domain's sole owner approves their own proposal → approved",
      policy: "owner",
      domains: TWO,
      proposer: ANN,
      allowSelfApproval: true,
      votes: { [ANN]: "approve" },
      decision: "approved",
    },
    {
      name: "off: the proposer's approval does not outvote a co-owner's objection",
      policy: "owner",
      domains: { [SALES]: [ANN, DAN], [BILLING]: [BEN] },
      proposer: ANN,
      votes: { [ANN]: "approve", [DAN]: "object" },
      decision: "rejected",
      positions: { [SALES]: "object", [BILLING]: "none" },
      advisory: [ANN],
    },
    {
      name: "on: the proposer's approval ties a co-owner's objection",
      policy: "owner",
      domains: { [SALES]: [ANN, DAN], [BILLING]: [BEN] },
      proposer: ANN,
      allowSelfApproval: true,
      votes: { [ANN]: "approve", [DAN]: "object" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "none" },
      advisory: [],
    },
    {
      name: "off: a proposer owning two domains counts for neither",
      policy: "majority",
      domains: { [SALES]: [ANN], [BILLING]: [ANN], [SUPPORT]: [CAT] },
      proposer: ANN,
      votes: { [ANN]: "approve" },
      decision: undefined,
      positions: { [SALES]: "none", [BILLING]: "none", [SUPPORT]: "none" },
      advisory: [ANN],
    },
    {
      name: "on: a proposer owning two domains counts for both",
      policy: "majority",
      domains: { [SALES]: [ANN], [BILLING]: [ANN], [SUPPORT]: [CAT] },
      proposer: ANN,
      allowSelfApproval: true,
      votes: { [ANN]: "approve" },
      decision: "approved",
      positions: { [SALES]: "approve", [BILLING]: "approve", [SUPPORT]: "none" },
    },
    {
      name: "off, lazy: the proposer's own objection is advisory and does not block",
      policy: "lazy",
      domains: TWO,
      proposer: ANN,
      votes: { [ANN]: "object" },
      atDeadline: true,
      decision: "approved",
      advisory: [ANN],
    },
    {
      name: "on or off makes no difference to a proposer who owns nothing",
      policy: "unanimous",
      domains: TWO,
      proposer: PAT,
      allowSelfApproval: true,
      votes: { [PAT]: "approve", [ANN]: "approve" },
      decision: undefined,
      advisory: [PAT],
    },
  ];
  it.each(rows)("$name", check);

  it("countsFor agrees: the proposer counts nowhere when off, in each owned domain when on", () => {
    const base = inputOf({ policy: "unanimous", domains: { [SALES]: [ANN], [BILLING]: [ANN, BEN] }, votes: {}, proposer: ANN });
    expect(countsFor(base, ANN)).toEqual([]);
    expect(countsFor({ ...base, allowSelfApproval: true }, ANN)).toEqual([SALES, BILLING]);
    expect(countsFor(base, BEN)).toEqual([BILLING]);
    expect(countsFor(base, ZOE)).toEqual([]);
  });
});

describe("a changed vote: only the member's latest position counts", () => {
  interface Change {
    readonly name: string;
    readonly scenario: Scenario;
    readonly member: number;
    readonly to: VotePosition;
    readonly before: Outcome | undefined;
    readonly after: Outcome | undefined;
  }
  const rows: Change[] = [
    {
      name: "unanimous: BEN approve → object turns approved into blocked",
      scenario: { policy: "unanimous", domains: TWO, votes: { [ANN]: "approve", [BEN]: "approve" } },
      member: BEN,
      to: "object",
      before: "approved",
      after: undefined,
    },
    {
      name: "unanimous: BEN object → approve unblocks",
      scenario: { policy: "unanimous", domains: TWO, votes: { [ANN]: "approve", [BEN]: "object" } },
      member: BEN,
      to: "approve",
      before: undefined,
      after: "approved",
    },
    {
      name: "majority: BEN object → approve turns rejected into approved",
      scenario: { policy: "majority", domains: THREE, votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "object" } },
      member: BEN,
      to: "approve",
      before: "rejected",
      after: "approved",
    },
    {
      name: "owner: ANN approve → object turns approved into rejected",
      scenario: { policy: "owner", domains: TWO, votes: { [ANN]: "approve" } },
      member: ANN,
      to: "object",
      before: "approved",
      after: "rejected",
    },
    {
      name: "lazy at the deadline: CAT object → abstain turns rejected into approved",
      scenario: { policy: "lazy", domains: THREE, votes: { [CAT]: "object" }, atDeadline: true },
      member: CAT,
      to: "abstain",
      before: "rejected",
      after: "approved",
    },
    {
      name: "a member owning two domains changes both: ANN approve → object under majority",
      scenario: { policy: "majority", domains: { [SALES]: [ANN], [BILLING]: [ANN], [SUPPORT]: [CAT] }, votes: { [ANN]: "approve" } },
      member: ANN,
      to: "object",
      before: "approved",
      after: "rejected",
    },
  ];

  it.each(rows)("$name", ({ scenario, member, to, before, after }) => {
    const first = run(scenario);
    const second = run({ ...scenario, votes: { ...scenario.votes, [member]: to } });
    expect(first.decision).toBe(before);
    expect(second.decision).toBe(after);
    // The member is counted once per owned domain, with the new position only.
    for (const domain of second.domains) {
      const times = domain.counted.filter((id) => id === member).length;
      expect(times).toBeLessThanOrEqual(1);
      expect(domain.approve + domain.object + domain.abstain).toBe(domain.counted.length);
    }
  });
});

describe("an objection and its withdrawal (the objecting vote removed)", () => {
  interface Withdrawal {
    readonly name: string;
    readonly scenario: Scenario;
    readonly objector: number;
    readonly withObjection: Outcome | undefined;
    readonly withdrawn: Outcome | undefined;
  }
  const blocked = { domains: TWO, votes: { [ANN]: "approve", [BEN]: "object" } } as const;
  const tiedBilling = { domains: { [SALES]: [ANN], [BILLING]: [BEN, CAT] }, votes: { [ANN]: "approve", [BEN]: "object", [CAT]: "approve" } } as const;
  const rows: Withdrawal[] = [
    {
      name: "unanimous, before the deadline: blocked → still open (BILLING now silent)",
      scenario: { policy: "unanimous", ...blocked },
      objector: BEN,
      withObjection: undefined,
      withdrawn: undefined,
    },
    {
      name: "unanimous, at the deadline: rejected → expired",
      scenario: { policy: "unanimous", ...blocked, atDeadline: true },
      objector: BEN,
      withObjection: "rejected",
      withdrawn: "expired",
    },
    {
      name: "unanimous: withdrawing a tying objection lets the co-owner's approval stand → approved",
      scenario: { policy: "unanimous", ...tiedBilling },
      objector: BEN,
      withObjection: undefined,
      withdrawn: "approved",
    },
    {
      name: "lazy, before the deadline: blocked → open",
      scenario: { policy: "lazy", ...blocked },
      objector: BEN,
      withObjection: undefined,
      withdrawn: undefined,
    },
    {
      name: "lazy, at the deadline: rejected → approved",
      scenario: { policy: "lazy", ...blocked, atDeadline: true },
      objector: BEN,
      withObjection: "rejected",
      withdrawn: "approved",
    },
    {
      name: "lazy: withdrawing the only vote at the deadline → approved by silence",
      scenario: { policy: "lazy", domains: TWO, votes: { [BEN]: "object" }, atDeadline: true },
      objector: BEN,
      withObjection: "rejected",
      withdrawn: "approved",
    },
  ];

  it.each(rows)("$name", ({ scenario, objector, withObjection, withdrawn }) => {
    const votes = Object.fromEntries(Object.entries(scenario.votes).filter(([id]) => Number(id) !== objector)) as Votes;
    const before = run(scenario);
    const after = run({ ...scenario, votes });
    expect(before.decision).toBe(withObjection);
    expect(after.decision).toBe(withdrawn);
    expect(after.domains.every((d) => !d.counted.includes(objector))).toBe(true);
  });
});

describe("no affected domains: never approved", () => {
  const rows: Row[] = (["unanimous", "majority", "owner", "lazy"] as const).flatMap((policy): Row[] => [
    {
      name: `${policy}, before the deadline → open`,
      policy,
      domains: {},
      votes: { [ANN]: "approve" },
      decision: undefined,
      positions: {},
      advisory: [ANN],
    },
    {
      name: `${policy}, at the deadline → expired`,
      policy,
      domains: {},
      votes: { [ANN]: "approve" },
      atDeadline: true,
      decision: "expired",
      advisory: [ANN],
    },
    {
      name: `${policy}, at the deadline with no votes → expired`,
      policy,
      domains: {},
      votes: {},
      atDeadline: true,
      decision: "expired",
      advisory: [],
    },
  ]);
  it.each(rows)("$name", check);
});

describe("an extra approving vote never withdraws an approval", () => {
  // SALES approves; BILLING's only vote so far is BEN's abstention, so BILLING stands aside and the proposal
  // is approved. CAT, BILLING's other owner, then approves as well: BILLING becomes a 1–1 tie (approve vs
  // abstain), i.e. no position, and the approval disappears. Under "decided exactly once" this makes the
  // outcome depend on the order in which the same three votes arrive.
  const rows: (Row & { readonly extra: number })[] = [
    {
      name: "unanimous",
      policy: "unanimous",
      domains: { [SALES]: [ANN], [BILLING]: [BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "abstain" },
      extra: CAT,
      decision: "approved",
    },
    {
      name: "lazy, before the deadline",
      policy: "lazy",
      domains: { [SALES]: [ANN], [BILLING]: [BEN, CAT] },
      votes: { [ANN]: "approve", [BEN]: "abstain" },
      extra: CAT,
      decision: "approved",
    },
  ];
  it.each(rows)("$name", (row) => {
    expect(run(row).decision).toBe("approved");
    const after = run({ ...row, votes: { ...row.votes, [row.extra]: "approve" } });
    expect(after.decision).toBe(row.decision);
  });
});
