import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, proposals, termAliases, terms } from "../../src/db/schema/index.js";
import type { TestDatabase } from "../support/databases.js";
import { onEveryFace, wordsOf, type Face } from "./support/faces.js";

/*
 * The stewards' commands told through Slack, Teams and the console: the same words typed on each face give the
 * same answer, word for word, and leave the same rows.
 */

/** Runs the story through one face; returns each answer's words and the rows it left. */
async function tell(face: Face, database: TestDatabase): Promise<{ answers: Record<string, string>; rows: unknown }> {
  const answers: Record<string, string> = {};
  const say = async (key: string, person: Parameters<Face["say"]>[0], text: string) => {
    answers[key] = (await face.say(person, text)).join(" ");
  };
  const settle = async () => {
    await face.concord.dispatcher.dispatchOnce();
  };
  await face.say("admin", "domain add sales Sales");
  await say("owners-none", "sally", "domain owners sales");
  await face.say("admin", `domain owners sales add ${face.ownerRef}`);
  await say("owners", "sally", "domain owners sales");
  await say("stuck", "sam", "propose Order = A confirmed purchase of goods.");
  await face.say("sally", "propose Customer for sales = A person or company that has paid for at least one order.");
  await settle();
  await face.approve("sam", 2);
  await face.say("sally", "propose Client for sales = Someone we invoice for services.");
  await settle();
  await face.approve("sam", 3);
  await say("alias", "sam", "alias Customer add account holder");
  await say("alias-taken", "sam", "alias Customer add client");
  await say("alias-refused", "sally", "alias Customer add buyer");
  await say("policy", "sam", "policy Customer majority");
  await say("deprecate", "sally", "deprecate Client in favour of Customer");
  await settle();
  await say("under-vote", "sally", "define Client");
  await say("withdraw-refused", "sam", "withdraw #4");
  await say("withdraw", "sally", "withdraw #4");
  await say("deprecate-again", "sally", "deprecate Client in favour of Customer");
  await settle();
  await face.approve("sam", 5);
  await settle();
  await say("deprecated", "sally", "define Client");
  // The topic asked about, alone: the list of every command is one more `help` away.
  await say("help", "sally", "help alias");
  const db = database.db;
  const rows = {
    terms: await db.select({ slug: terms.slug, status: terms.status, policy: terms.policy, replacedBy: terms.replacedById }).from(terms).orderBy(asc(terms.id)),
    aliases: await db.select({ alias: termAliases.alias }).from(termAliases),
    proposals: await db.select({ id: proposals.id, kind: proposals.kind, status: proposals.status, policy: proposals.policy }).from(proposals).orderBy(asc(proposals.id)),
    audit: (await db.select({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.id))).map((e) => e.action),
  };
  return { answers, rows };
}

describe("the stewards' commands through Slack, Teams and the console", () => {
  it("answer in the same words and leave the same rows on every face", async () => {
    const { slack, teams, console } = await onEveryFace(tell);
    const words = (text: string) => wordsOf(text).join(" ");
    const { answers } = slack;

    expect(answers["owners-none"]).toBe(words("Sales (sales) has no owners yet, so no vote can count for it. An admin can add one with domain owners sales add @someone."));
    expect(answers.owners).toBe(words("The owner of Sales (sales): sam. An admin or an owner can change them with domain owners sales add|remove @someone."));
    expect(answers.stuck).toContain(words("Stuck: this proposal cannot pass as things stand. Sales: you are its only owner, and a proposer's own vote does not count. You or an admin can add another owner with domain owners sales add @someone."));
    expect(answers.alias).toBe(words("“account holder” is now an alias of Customer. Aliases: account holder"));
    expect(answers["alias-taken"]).toBe(words("“client” is already the name of the term Client, so it cannot also be an alias of Customer."));
    expect(answers["alias-refused"]).toBe(words("Only an admin or an owner of Sales (sales), which owns Customer, can add an alias to it."));
    expect(answers.policy).toBe(words("Future proposals on Customer are decided by majority (more than half of the affected domains must approve)."));
    expect(answers.deprecate).toContain(words("Proposal #4 opened: deprecate Client."));
    expect(answers["under-vote"]).toContain(words("A change is being voted on: #4 (deprecate), closes in 3 days"));
    expect(answers["under-vote"]).toContain(words("Stewards: sam"));
    expect(answers["under-vote"]).toContain(words("Proposal #4"));
    expect(answers["withdraw-refused"]).toBe(words("Only the person who opened proposal #4 on Client, or an admin, can withdraw it."));
    expect(answers.withdraw).toBe(words("Withdrew Proposal #4 on Client: voting is closed, and its thread says so."));
    expect(answers.deprecated).toContain(words("This term is deprecated in favour of Customer: use that instead; look it up with define Customer."));
    expect(answers.help).toBe(
      words(
        "alias: Add or remove another name a term is found by. For the owning domain's owners and admins; an alias that is another term's name or alias is refused. " +
          "Put a term in quotes when its name holds “add” or “remove”. alias <term> add|remove <alias> Example: alias Customer add client " +
          "Send help for every command with an example.",
      ),
    );
    expect(teams.answers).toEqual(slack.answers);
    expect(console.answers).toEqual(slack.answers);

    expect(slack.rows).toMatchObject({
      terms: [
        { slug: "customer", status: "active", policy: "majority", replacedBy: null },
        { slug: "client", status: "deprecated", replacedBy: 1 },
      ],
      aliases: [{ alias: "account holder" }],
      proposals: [
        { id: 1, status: "open" },
        { id: 2, status: "approved" },
        { id: 3, status: "approved" },
        { id: 4, kind: "deprecate", status: "withdrawn" },
        { id: 5, kind: "deprecate", status: "approved" },
      ],
    });
    expect((slack.rows as { audit: string[] }).audit).toEqual(expect.arrayContaining(["term.alias-added", "term.policy-set", "proposal.withdrawn"]));
    expect(teams.rows).toEqual(slack.rows);
    expect(console.rows).toEqual(slack.rows);
  }, 120_000);
});
