import { describe, expect, it } from "vitest";
import { DRIFT_THRESHOLD, measureTextDrift } from "../../../src/core/text/index.js";

/*
 * The general rules the drift measure judges a change by, each on sentences of its own: what the two texts share
 * decides whether an added word, a negation or a swap is a change of meaning or the same thing said otherwise.
 */

const reasons = (agreed: string, variant: string) => measureTextDrift(agreed, variant).reasons.map((r) => r.text);
const score = (agreed: string, variant: string) => measureTextDrift(agreed, variant).score;

describe("the drift measure's rules", () => {
  it("takes a qualifier added or dropped in an otherwise unchanged text as a change of who is counted", () => {
    const turnover = "Employees who resigned during the year, divided by average headcount.";
    expect(reasons(turnover, `Permanent ${turnover[0]!.toLowerCase()}${turnover.slice(1)}`)).toEqual(["adds a qualifier: permanent"]);
    expect(reasons("Retail customers with at least one loan in repayment.", "Customers with at least one loan in repayment.")).toEqual(["drops a qualifier: retail"]);
    expect(score(turnover, `Permanent ${turnover[0]!.toLowerCase()}${turnover.slice(1)}`)).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    // Inside a paraphrase, or said again where the other text says it once, a word is wording.
    expect(score("A customer who has placed at least one paid order in the last 90 days.", "Any buyer with a paid purchase during the previous 90 days.")).toBeLessThan(DRIFT_THRESHOLD);
    expect(score("Invoices issued without a correction, as a share of all invoices issued.", "The proportion of issued invoices that needed no correction.")).toBeLessThan(DRIFT_THRESHOLD);
  });

  it("reads one negation of two conditions joined by or as two negations joined by and", () => {
    expect(measureTextDrift("Appointments that the patient neither attended nor cancelled.", "Appointments that the patient did not cancel and did not attend.")).toEqual({
      score: 0,
      reasons: [],
    });
  });

  it("weighs a negation in full when it denies what the other text says, and as wording when it denies another word", () => {
    expect(reasons("Users who completed the survey.", "Users who did not complete the survey.")).toEqual(["adds a negation: not complete"]);
    expect(score("Users who completed the survey.", "Users who did not complete the survey.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(score("Emails that bounced.", "Emails that could not be delivered.")).toBeLessThan(DRIFT_THRESHOLD);
    // A denied word whose opposite the other text says is that word: unresolved tickets are open ones.
    const age = "Ticket age: the mean number of days open tickets have been waiting since creation.";
    expect(score(age, "Ticket age: on average, how many days unresolved tickets have waited since they were created.")).toBeLessThan(DRIFT_THRESHOLD);
    expect(score(age, age.replace("open", "closed"))).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("names the event a period is said of when the same words bind it to another", () => {
    expect(reasons("Claims for losses that occurred during the year, whenever they were reported.", "Claims reported during the year, whenever the loss occurred.")).toEqual([
      "changes what the period is counted by: occurred → reported",
    ]);
  });

  it("names a term taken away on one side and left in on the other, and a rolling window made a calendar one", () => {
    expect(reasons("Net profit: revenue minus all expenses, interest and taxes.", "Net profit: revenue minus all expenses and interest, before taxes.")).toEqual([
      "no longer takes away: tax",
    ]);
    const active = "Active users: distinct users who opened the app at least once in the trailing 30 days.";
    expect(reasons(active, active.replace("trailing 30 days", "current calendar month"))[0]).toBe("changes the window: a rolling period → a calendar period");
    expect(score(active, active.replace("trailing", "past"))).toBe(0);
  });

  it("names a ratio made a count, and a time unit that names what is counted", () => {
    expect(reasons("The share of customers who ordered twice.", "The number of customers who ordered twice.")).toEqual(["changes what is measured: a ratio → a count"]);
    expect(reasons("The mean number of minutes an agent spends on a call.", "The mean number of seconds an agent spends on a call.")).toEqual(["changes the unit: minute → second"]);
  });

  it("reads a restated acronym, a short form, a slash, an example set off by commas and a between … and … range as rewordings", () => {
    expect(score("Days sales outstanding (DSO): receivables divided by credit sales.", "DSO: receivables / credit sales.")).toBe(0);
    expect(score("Return on ad spend: revenue attributed to advertising divided by advertising cost.", "ROAS: ad-attributed rev. / ad cost.")).toBeLessThan(0.3);
    expect(score("Doses of scheduled drugs issued by the hospital pharmacy.", "Doses of scheduled drugs, such as morphine or fentanyl, issued by the hospital pharmacy.")).toBe(0);
    expect(reasons("Hours between a ticket being opened and it being closed.", "Hours between the moment a ticket is opened and the moment it is closed.")).not.toContainEqual(
      expect.stringMatching(/counted/u),
    );
    expect(score("Hours between a ticket being opened and it being closed.", "Hours between the moment a ticket is opened and the moment it is closed.")).toBeLessThan(DRIFT_THRESHOLD);
  });

  it("compares a definition without an illustration it ends with, but takes a restriction set off the same way as a change", () => {
    const tickets = "Support tickets are counted by the channel they arrived through.";
    expect(score(tickets, "Support tickets are counted by the channel they arrived through (email, chat, phone and so on).")).toBe(0);
    const savings = "Energy savings are the reduction in metered consumption against the weather-adjusted baseline.";
    expect(score(savings, `${savings.slice(0, -1)}: if the baseline predicts 120 MWh and the meter reads 100 MWh, the saving is 20 MWh.`)).toBeLessThan(DRIFT_THRESHOLD);
    expect(score(tickets, "Support tickets are counted by the channel they arrived through; tickets raised by phone, say, are excluded.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("trusts a change found where the rest of the text is unchanged more than the same change inside a rewrite", () => {
    const churn = "A subscription counts as churned when it was cancelled and not reactivated within the following 14 days.";
    const inPlace = measureTextDrift(churn, churn.replace("14 days", "7 days"));
    const rewritten = measureTextDrift(churn, "We call a subscription churned if, once cancelled, nobody brings it back in the 7 days after.");
    expect(inPlace.reasons.map((r) => r.text)).toEqual(["changes the window: 14 → 7 days"]);
    expect(rewritten.reasons.map((r) => r.text)).toContain("changes the window: 14 → 7 days");
    expect(inPlace.score).toBeGreaterThan(rewritten.score);
    expect(rewritten.score).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("reads an exclusion said with a verb as the same exclusion, and one that leaves out something else as a change", () => {
    const loans = "Loans in forbearance or in default are excluded from the performing loans balance.";
    expect(score(loans, "The performing loans balance excludes loans in default or in forbearance.")).toBeLessThan(DRIFT_THRESHOLD);
    expect(score(loans, "Loans in forbearance are excluded from the performing loans balance.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("reads short forms of units, of words the other text spells out, and re- as again", () => {
    expect(score("A breach is a P1 ticket not resolved within 4 h.", "A breach is a P1 ticket not resolved within four hours.")).toBe(0);
    expect(score("Leads accepted within 30 d.", "Leads accepted within 30 days.")).toBe(0);
    expect(reasons("Leads accepted within 30 d.", "Leads accepted within 14 days.")).toEqual(["changes the window: 30 → 14 days"]);
    expect(score("COGS includes direct labour and manufacturing overhead.", "COGS includes direct labour and mfg. overhead.")).toBe(0);
    expect(score("The share of students who enrol again for a second year.", "The share of students who re-enrol for a second year.")).toBe(0);
  });

  it("reads a bare number as the period the other text gives it, a coded priority as its words, and neither … nor beside a but", () => {
    const overtime = "Overtime is the hours an employee works beyond 40 in a calendar week.";
    expect(score(overtime, "Overtime is the number of hours that an employee works beyond 40 hours in any one calendar week.")).toBe(0);
    expect(reasons(overtime, "Overtime is the hours an employee works beyond 35 in a calendar week.")).toEqual(["changes a number: 40 → 35"]);
    expect(score("The share of P1 tickets not resolved within 4 h.", "The share of priority-one tickets not resolved within four hours.")).toBe(0);
    expect(score("The share of P1 tickets not resolved within 4 h.", "The share of P2 tickets not resolved within 4 h.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(
      score(
        "A no-show is a booked appointment that the patient did not attend and did not cancel in advance.",
        "A no-show is an appointment that was booked but that the patient neither attended nor cancelled in advance.",
      ),
    ).toBe(0);
  });

  it("reads an abbreviation given in brackets as the words before it, and capitals as written before the lexicon's reading", () => {
    const aht = "Average Handle Time (AHT) is talk time plus hold time plus after-call work, divided by calls handled.";
    expect(score(aht, "AHT is talk time plus hold time plus after-call work (ACW), divided by calls handled.")).toBe(0);
    expect(score(aht, "AHT is talk time plus after-call work (ACW), divided by calls handled.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(score("The Loan-to-Value ratio is the loan balance divided by the appraised property value.", "The LTV ratio is the loan balance divided by the appraised property value.")).toBe(0);
  });

  it("reads a formula or steps as the words they stand for", () => {
    const margin = "Operating margin is operating profit divided by revenue.";
    expect(score(margin, "Operating margin = operating profit / revenue.")).toBe(0);
    expect(score("Net sales is gross sales minus returns.", "Net sales = gross sales − returns.")).toBe(0);
    expect(score("Net sales is gross sales minus returns.", "Take gross sales and subtract returns; what remains is net sales.")).toBe(0);
    expect(score("Cost per lead is ad spend plus agency fees, divided by leads.", "Cost per lead = (ad spend + agency fees) / leads.")).toBe(0);
    expect(score("Net sales is gross sales minus returns.", "Net sales = gross sales + returns.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(score("Win rate is deals won divided by deals closed, times 100.", "Win rate % = 100 × deals won / deals closed.")).toBeLessThan(DRIFT_THRESHOLD);
  });

  it("reads a blend of two words' starts as those words", () => {
    expect(score("Maintenance budget is the planned operating expenses of the plant.", "Maintenance budget is the planned opex of the plant.")).toBe(0);
  });

  it("tells a strict bound from an inclusive one, and reads a bound after its number", () => {
    const heavy = "A heavy user logged in on at least 12 days of the month.";
    expect(reasons(heavy, "A heavy user logged in on more than 12 days of the month.")).toEqual(["changes the bound: at least → more than"]);
    expect(score(heavy, "A heavy user logged in on 12 days or more of the month.")).toBe(0);
    expect(score("Large orders are orders of 500 units or more.", "Large orders are orders of more than 500 units.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("reads a run of periods said either way, and a level as a grain", () => {
    expect(score("A site is at risk after four consecutive weeks of losses.", "A site is at risk after four weeks running of losses.")).toBe(0);
    expect(reasons("Retention is measured at the household level.", "Retention is measured at the member level.")).toEqual(["changes the grain: household → member"]);
  });

  it("takes an item dropped from what is counted as a change, and a scale only where both texts state one", () => {
    expect(score("Eligible staff are permanent and temporary employees on payroll.", "Eligible staff are permanent employees on payroll.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(score("Fill rate is the share of order lines shipped complete.", "Fill rate is the percentage of order lines shipped complete.")).toBe(0);
    expect(score("Fill rate is order lines shipped complete divided by order lines.", "Fill rate is order lines shipped complete divided by order lines, as a percentage.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
  });

  it("reads a qualifier said once more than the other text says it as new, and the total number as a count", () => {
    const base = "Repeat rate is the share of all buyers who ordered again within a year.";
    expect(score(base, "Repeat rate is the share of returning buyers who ordered again within a year.")).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    expect(reasons("Gifts is the total amount donated in the campaign.", "Gifts is the total number of donations in the campaign.")).toContain("changes what is measured: an amount → a count");
  });
});
