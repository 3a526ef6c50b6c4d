import type { CoreDeps } from "../core/deps.js";
import {
  addDomain,
  buildDigest,
  castVote,
  changeDomainOwner,
  importTerm,
  openProposal,
  recordVariant,
  weekStartOf,
  type Actor,
} from "../core/index.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The people of the demo: console personas (`local:<name>`). */
export const DEMO_PEOPLE = {
  admin: { ref: "local:admin", displayName: "admin" },
  sally: { ref: "local:sally", displayName: "sally" },
  sam: { ref: "local:sam", displayName: "sam" },
  sven: { ref: "local:sven", displayName: "sven" },
  sue: { ref: "local:sue", displayName: "sue" },
  fiona: { ref: "local:fiona", displayName: "fiona" },
  mia: { ref: "local:mia", displayName: "mia" },
} as const satisfies Record<string, Actor>;

export type DemoOutcome = { readonly seeded: true; readonly terms: number; readonly proposals: number } | { readonly seeded: false };

/**
 * Seeds a data mesh mid-story: Sales, Support, Finance and Marketing share Customer, Active Customer, Churn Rate,
 * Revenue and ARR; their own variants drift; one change was agreed last week; two proposals are mid-vote. Runs
 * only on an empty glossary. Past events are written at past times, and each past week's drift index is measured
 * from the glossary as it stood then, so the digest's chart has real history.
 */
export async function seedDemo(deps: CoreDeps, admin: Actor = DEMO_PEOPLE.admin): Promise<DemoOutcome> {
  if ((await deps.store.repos.domains.list()).length > 0) return { seeded: false };
  const end = deps.clock.now();
  let at = new Date(end.getTime() - 28 * DAY_MS);
  const past: CoreDeps = { ...deps, clock: { now: () => at } };
  const { sally, sam, sven, sue, fiona, mia } = DEMO_PEOPLE;

  for (const [slug, name, owners] of [
    ["sales", "Sales", [sally, sam]],
    ["support", "Support", [sven, sue]],
    ["finance", "Finance", [fiona]],
    ["marketing", "Marketing", [mia]],
  ] as const) {
    await addDomain(past, admin, { slug, name });
    for (const owner of owners) await changeDomainOwner(past, admin, { slug, action: "add", owner: owner.ref });
  }

  const terms = [
    {
      name: "Customer",
      text: "A person or company that has paid for at least one order.",
      aliases: ["client", "account holder"],
      ownerDomain: "sales",
      consumers: ["support", "finance", "marketing"],
      tags: ["core"],
    },
    {
      name: "Active Customer",
      text: "A customer who has placed at least one order in the last 90 days.",
      ownerDomain: "sales",
      consumers: ["support", "marketing"],
    },
    {
      name: "Churn Rate",
      text: "Customers lost during a month divided by customers at the start of that month.",
      formula: "lost_customers / customers_at_month_start",
      ownerDomain: "support",
      consumers: ["sales", "finance"],
      tags: ["kpi"],
    },
    {
      name: "Revenue",
      text: "Income from orders after discounts and refunds, before tax.",
      ownerDomain: "finance",
      consumers: ["sales", "marketing"],
      tags: ["kpi"],
    },
    {
      name: "ARR",
      text: "Annual recurring revenue: monthly recurring revenue multiplied by twelve.",
      formula: "MRR * 12",
      aliases: ["annual recurring revenue"],
      ownerDomain: "finance",
      consumers: ["sales"],
      tags: ["kpi"],
    },
    {
      name: "MRR",
      text: "Monthly recurring revenue: the sum of active subscription fees normalised to one month.",
      aliases: ["monthly recurring revenue"],
      ownerDomain: "finance",
      consumers: ["sales"],
    },
    {
      name: "Lead",
      text: "A person or company that has shown interest in our product but has not yet been qualified by sales.",
      ownerDomain: "marketing",
      consumers: ["sales"],
    },
    // Nobody owns it, and it shares an alias with Customer: the digest's gaps and overlaps.
    { name: "Account", text: "A billing relationship with a client, identified by an account number.", aliases: ["client"] },
  ];
  for (const term of terms) await importTerm(past, admin, term);

  const snapshot = async () => {
    const digest = await buildDigest(past.store.repos, at);
    await past.store.repos.digests.saveSnapshot({
      weekStart: weekStartOf(at),
      value: digest.index.value,
      variants: digest.totals.variants,
      takenAt: at,
    });
  };

  // Week 1: the first variants.
  at = new Date(at.getTime() + 2 * DAY_MS);
  await recordVariant(past, sven, { term: "Customer", domain: "support", text: "A person or company that has paid for an order or opened a support ticket." });
  await recordVariant(past, fiona, { term: "Revenue", domain: "finance", text: "Income from orders after discounts and refunds, before tax and shipping." });
  at = new Date(at.getTime() + 5 * DAY_MS);
  await snapshot();

  // Week 2: Marketing and Sales write their own.
  at = new Date(at.getTime() + 1 * DAY_MS);
  await recordVariant(past, mia, { term: "Active Customer", domain: "marketing", text: "Anyone who opened one of our emails in the last 30 days." });
  await recordVariant(past, sally, { term: "Revenue", domain: "sales", text: "The total value of orders booked in the period, before discounts." });
  at = new Date(at.getTime() + 6 * DAY_MS);
  await snapshot();

  // Week 3: Churn Rate agreed for subscriptions; Finance's variant of it was written against the old version.
  at = new Date(at.getTime() + 1 * DAY_MS);
  await recordVariant(past, fiona, { term: "Churn Rate", domain: "finance", text: "Revenue lost from cancelled subscriptions in a month divided by revenue at the start of that month." });
  const churn = await openProposal(past, sven, {
    term: "Churn Rate",
    text: "Subscribing customers lost during a month divided by subscribing customers at the start of that month.",
    rationale: "One-off buyers never churn; counting them hides the subscription churn we act on.",
  });
  at = new Date(at.getTime() + 3 * 60 * 60 * 1000);
  await castVote(past, sally, { proposalId: churn.proposal.id, position: "approve" });
  await castVote(past, fiona, { proposalId: churn.proposal.id, position: "approve", comment: "Matches how we book subscription revenue." });
  await castVote(past, sue, { proposalId: churn.proposal.id, position: "approve" });
  await recordVariant(past, sven, { term: "Customer", domain: "support", text: "Anyone who has opened a support ticket, whether or not they have paid." });
  at = new Date(at.getTime() + 6 * DAY_MS);
  await snapshot();

  // This week: two proposals mid-vote.
  at = new Date(end.getTime() - 2 * DAY_MS);
  const customer = await openProposal(past, sally, {
    term: "Customer",
    text: "A person or company that has paid for at least one order in the last 24 months.",
    rationale: "Dormant accounts from 2015 inflate the customer count on every dashboard.",
  });
  at = new Date(at.getTime() + 5 * 60 * 60 * 1000);
  await castVote(past, sven, { proposalId: customer.proposal.id, position: "approve", comment: "Support can live with this if the variant stays." });
  await castVote(past, sam, { proposalId: customer.proposal.id, position: "approve" });
  at = new Date(end.getTime() - 1 * DAY_MS);
  const revenue = await openProposal(past, fiona, {
    term: "Revenue",
    text: "Income from orders after discounts, refunds and chargebacks, before tax.",
    rationale: "Chargebacks are refunds in all but name; the board pack already nets them out.",
  });
  at = new Date(at.getTime() + 2 * 60 * 60 * 1000);
  await castVote(past, mia, {
    proposalId: revenue.proposal.id,
    position: "object",
    reason: "Campaign ROI reports use gross order value; we need a separate term first.",
  });
  return { seeded: true, terms: terms.length, proposals: 3 };
}
