import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, definitionVersions, domains, proposals, terms, votes } from "../../src/db/schema/index.js";
import type { TestDatabase } from "../support/databases.js";
import { onEveryFace, wordsOf, type Face, type Told } from "./support/faces.js";

/*
 * One story — people look around, an admin adds a domain and its owner, the owner makes a channel its home, a
 * member proposes a term, the owner approves it, the member looks it up — told through Slack, Teams and the
 * console. Each face shows the same words (read as words: markup, links, and how each face names a member, aside)
 * and leaves the same rows in the database.
 */

const DEFINITION = "A person or company that has paid for at least one order.";

/** The story, told through one face; returns what it showed and the rows it left. */
async function tell(face: Face, database: TestDatabase): Promise<{ told: Told; rows: unknown }> {
  const answers: Record<string, string[]> = {};
  answers.search = await face.say("sally", "search customer");
  await face.say("sam", "search customer");
  answers.added = await face.say("admin", "domain add sales Sales");
  await face.say("admin", `domain owners sales add ${face.ownerRef}`);
  await face.say("sam", "domain channel sales", true);
  answers.proposed = await face.say("sally", `propose Customer for sales = ${DEFINITION}`);
  await face.concord.dispatcher.dispatchOnce();
  await face.approve("sam");
  await face.concord.dispatcher.dispatchOnce();
  await face.concord.dispatcher.dispatchOnce();
  answers.lookup = await face.say("sally", "define Customer");
  const posted = await face.posted();
  const db = database.db;
  const rows = {
    domains: await db.select({ slug: domains.slug, name: domains.name }).from(domains),
    terms: await db.select({ slug: terms.slug, name: terms.name, status: terms.status, version: terms.currentVersion }).from(terms),
    versions: await db.select({ version: definitionVersions.version, text: definitionVersions.text }).from(definitionVersions),
    proposals: await db
      .select({ id: proposals.id, kind: proposals.kind, status: proposals.status, text: proposals.text, result: proposals.resultVersion, deadline: proposals.deadline })
      .from(proposals),
    votes: await db.select({ position: votes.position, reason: votes.reason }).from(votes),
    audit: (await db.select({ action: auditEvents.action, subject: auditEvents.subjectType, id: auditEvents.subjectId }).from(auditEvents).orderBy(asc(auditEvents.id))).map(
      (e) => `${e.action} ${e.subject}`,
    ),
  };
  return { told: { answers, ...posted }, rows };
}

describe("one story through Slack, Teams and the console", () => {
  it("shows the same words and leaves the same rows on every face", async () => {
    const { slack, teams, console } = await onEveryFace(tell);

    // What a person reads, word for word, on each face.
    expect(slack.told.answers.search!.join(" ")).toBe("nothing in the glossary matches customer try fewer words or propose customer");
    expect(slack.told.answers.lookup).toEqual(expect.arrayContaining(wordsOf(DEFINITION)));
    expect(slack.told.proposal.join(" ")).toContain("sales owner approves sam");
    expect(slack.told.decision.join(" ")).toBe("approved customer is now in the glossary as version 1");
    expect(teams.told).toEqual(slack.told);
    expect(console.told).toEqual(slack.told);

    // What each face wrote.
    expect((slack.rows as { proposals: { status: string }[] }).proposals).toMatchObject([{ status: "approved", result: 1 }]);
    expect(teams.rows).toEqual(slack.rows);
    expect(console.rows).toEqual(slack.rows);
  }, 120_000);
});
