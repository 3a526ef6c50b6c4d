import { and, asc, eq, like } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { castVote, changeDomainOwner, runScheduledDigest, sweepProposals } from "../../src/core/index.js";
import { auditEvents } from "../../src/db/schema/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { ADMIN } from "../fixtures/glossary.js";
import { ATTRIBUTE, fiona, NOW, SCRIPT, seedGlossary, startPagesServer, type PagesServer } from "./support.js";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describeEachDatabase("glossary JSON API", (database) => {
  let server: PagesServer;
  let proposalId: number;

  beforeEach(async () => {
    server = await startPagesServer(database());
    ({ proposalId } = await seedGlossary(server.deps, server.clock));
  });
  afterEach(async () => {
    await server.close();
  });

  async function json(path: string, status = 200): Promise<any> {
    const res = await server.get(path);
    expect(res.status, path).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    return res.json();
  }

  it("lists terms alphabetically with paging facts", async () => {
    const body = await json("/api/terms");
    expect(body).toMatchObject({ kind: "list", page: 1, perPage: 100, pages: 1, total: 3 });
    expect(body.terms.map((t: { slug: string }) => t.slug)).toEqual(["churn-rate", "customer", "evil-script-alert-1-script"]);
    expect(body.terms[1]).toEqual({
      slug: "customer",
      name: "Customer",
      status: "active",
      ownerDomain: { slug: "sales", name: "Sales" },
      version: 1,
      definition: "A person or company that has paid for at least one order.",
      url: "https://concord.example.com/terms/customer",
    });
    expect(body.terms[2]).toMatchObject({ name: `Evil ${SCRIPT}`, ownerDomain: null, definition: `Defined as ${ATTRIBUTE} on purpose.` });
    expect((await json("/api/terms?page=2")).terms).toEqual([]);
  });

  it("searches with ?q=, best first", async () => {
    const body = await json("/api/terms?q=customer");
    expect(body.kind).toBe("search");
    expect(body.query).toBe("customer");
    expect(body.terms[0]).toMatchObject({ slug: "customer", matchedOn: "name", url: "https://concord.example.com/terms/customer" });
    expect(typeof body.terms[0].score).toBe("number");
  });

  it("answers bad query parameters with 400 and a polite message", async () => {
    expect(await json("/api/terms?page=-1", 400)).toEqual({
      error: "bad_request",
      message: "The page must be a whole number from 1, such as ?page=2.",
    });
    expect((await json(`/api/terms?q=${"x".repeat(201)}`, 400)).message).toBe("The search is too long: use at most 200 characters.");
    expect((await json("/api/terms?q=a&q=b", 400)).message).toBe("Give the search words once, as ?q=…");
    expect(await json("/api/proposals?status=closed", 400)).toEqual({
      error: "bad_request",
      message: "The status must be open or all, as in ?status=open.",
    });
  });

  it("gives one term with its definition, aliases, consumers, variants with drift and history", async () => {
    const body = await json("/api/terms/customer");
    expect(body.term).toEqual({
      slug: "customer",
      name: "Customer",
      status: "active",
      ownerDomain: { slug: "sales", name: "Sales" },
      policy: "unanimous",
      policyIsDefault: true,
      tags: ["core", "crm"],
      version: 1,
      createdAt: "2026-02-27T09:00:00.000Z",
      updatedAt: "2026-02-27T09:00:00.000Z",
      url: "https://concord.example.com/terms/customer",
      historyUrl: "https://concord.example.com/terms/customer/history",
    });
    expect(body.definition).toEqual({
      version: 1,
      text: "A person or company that has paid for at least one order.",
      example: "Acme Ltd after its first paid invoice.",
      formula: null,
      agreedAt: "2026-02-27T09:00:00.000Z",
      proposedBy: { name: "Ada", ref: ADMIN },
      proposalId: null,
    });
    expect(body.aliases).toEqual(["account holder", "client"]);
    expect(body.consumers).toEqual([
      { slug: "finance", name: "Finance" },
      { slug: "support", name: "Support" },
    ]);
    expect(body.variants).toHaveLength(1);
    expect(body.variants[0]).toMatchObject({
      domain: { slug: "support", name: "Support" },
      text: "Anyone who has opened a support ticket, paying or not.",
      baseVersion: 1,
      stale: false,
      updatedBy: { ref: "local:sven" },
    });
    expect(body.variants[0].drift.score).toBeGreaterThan(0.5);
    expect(body.variants[0].drift.level).toMatch(/moderate|major/);
    expect(body.variants[0].updatedAt).toMatch(ISO);
    expect(body.history).toEqual([{ ...body.definition, diff: null }]);
  });

  it("finds a term by alias, and answers an unknown one with 404 and suggestions", async () => {
    expect((await json("/api/terms/client")).term.slug).toBe("customer");
    const missing = await json("/api/terms/custmer-base", 404);
    expect(missing.error).toBe("not_found");
    expect(missing.message).toBe("There is no term “custmer-base” in the glossary.");
    expect(missing.suggestions).toContainEqual({ slug: "customer", name: "Customer", url: "https://concord.example.com/terms/customer" });
  });

  it("lists open proposals by default and every proposal with status=all", async () => {
    const open = await json("/api/proposals");
    expect(open).toMatchObject({ status: "open", page: 1, total: 1 });
    expect(open.proposals[0]).toMatchObject({
      id: proposalId,
      kind: "amend",
      status: "open",
      term: { slug: "customer", name: "Customer", exists: true },
      baseVersion: 1,
      policy: "unanimous",
      proposer: "local:sally",
      createdAt: "2026-03-02T07:00:00.000Z",
      deadline: "2026-03-05T07:00:00.000Z",
      decidedAt: null,
      url: `https://concord.example.com/proposals/${proposalId}`,
    });

    // A proposal for a new term that expires without a decision still shows under status=all.
    const { openProposal } = await import("../../src/core/index.js");
    const created = await openProposal(server.deps, { ref: "local:sally" }, { term: "Lead", text: "Someone who might buy.", domain: "sales" });
    server.clock.advance(4 * DAY);
    await sweepProposals(server.deps);
    const all = await json("/api/proposals?status=all");
    expect(all.total).toBe(2);
    expect(all.proposals.map((p: { id: number; status: string }) => [p.id, p.status])).toEqual([
      [created.proposal.id, "expired"],
      [proposalId, "rejected"],
    ]);
    expect(all.proposals[0].term).toEqual({ slug: "lead", name: "Lead", exists: false });
    expect((await json("/api/proposals?status=open")).total).toBe(0);
  });

  it("gives one proposal with its diff, domains' positions, counted and advisory votes", async () => {
    const body = await json(`/api/proposals/${proposalId}`);
    expect(body.proposal).toMatchObject({ id: proposalId, status: "open", rationale: `Dormant accounts inflate the count ${SCRIPT}`, allowSelfApproval: false, remindedAt: null });
    expect(body.base).toMatchObject({ version: 1, text: "A person or company that has paid for at least one order." });
    expect(body.diff).toContainEqual({ kind: "added", text: "in the last 24 months" });
    const domains = Object.fromEntries(body.domains.map((d: { slug: string }) => [d.slug, d]));
    expect(domains.sales).toMatchObject({ owning: true, position: "none", approve: 0, countedVoters: [] });
    expect(domains.support).toMatchObject({ owning: false, position: "approve", approve: 1, countedVoters: [{ ref: "local:sven" }] });
    expect(domains.finance).toMatchObject({ position: "object", object: 1 });
    const votes = Object.fromEntries(body.votes.map((v: { member: { ref: string } }) => [v.member.ref, v]));
    expect(votes["local:fiona"]).toMatchObject({ position: "object", reason: `Finance keeps 36 months ${ATTRIBUTE}`, counted: true, countedFor: ["finance"] });
    expect(votes["local:sven"]).toMatchObject({ comment: "Fine by Support.", counted: true });
    expect(votes["local:mallory"]).toMatchObject({ member: { name: `Mallory ${SCRIPT}` }, counted: false, countedFor: [] });
    expect(votes["local:sven"].castAt).toMatch(ISO);
    expect(body.decision).toBeNull();
  });

  it("keeps a changed vote's history: an owner objects with a reason, then approves; the audit and the timeline hold both", async () => {
    const objectedAt = new Date(NOW.getTime() - HOUR);
    const objection = `Finance keeps 36 months ${ATTRIBUTE}`;
    await castVote(server.deps, fiona, { proposalId, position: "approve", comment: "36 months can wait." });

    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, String(proposalId)), eq(auditEvents.actorRef, fiona.ref), like(auditEvents.action, "vote.%")))
      .orderBy(asc(auditEvents.id));
    expect(audit.map(({ at, action, before, after }) => ({ at, action, before, after }))).toEqual([
      { at: objectedAt, action: "vote.cast", before: null, after: { position: "object", reason: objection, comment: null, counted: ["finance"] } },
      {
        at: NOW,
        action: "vote.changed",
        before: { position: "object", reason: objection, comment: null },
        after: { position: "approve", reason: null, comment: "36 months can wait.", counted: ["finance"] },
      },
    ]);

    const body = await json(`/api/proposals/${proposalId}`);
    const member = { name: null, ref: fiona.ref };
    expect(body.timeline.filter((e: { member: { ref: string } | null }) => e.member?.ref === fiona.ref)).toEqual([
      { at: objectedAt.toISOString(), event: "vote.cast", member, vote: { position: "object", reason: objection, comment: null }, previous: null, status: null },
      {
        at: NOW.toISOString(),
        event: "vote.changed",
        member,
        vote: { position: "approve", reason: null, comment: "36 months can wait." },
        previous: { position: "object", reason: objection, comment: null },
        status: null,
      },
    ]);
    expect(body.timeline.map((e: { event: string }) => e.event)).toEqual(["opened", "vote.cast", "vote.cast", "vote.cast", "vote.changed"]);
    expect(body.timeline[3]).toMatchObject({ event: "vote.cast", member: { name: `Mallory ${SCRIPT}`, ref: "local:mallory" }, vote: { position: "approve" } });
    expect(body.withdrawnObjections).toEqual([
      { member, reason: objection, objectedAt: objectedAt.toISOString(), withdrawnAt: NOW.toISOString(), then: "approve" },
    ]);
    expect(body.votes.find((v: { member: { ref: string } }) => v.member.ref === fiona.ref)).toMatchObject({ position: "approve", reason: null });
  });

  it("answers an unknown proposal with a JSON 404", async () => {
    expect(await json("/api/proposals/999", 404)).toEqual({ error: "not_found", message: "There is no proposal #999." });
    expect((await json("/api/proposals/abc", 404)).error).toBe("not_found");
  });

  it("gives a preview of the digest until one is stored, then the stored one", async () => {
    const preview = await json("/api/digest");
    expect(preview).toMatchObject({ source: "preview", slot: null, url: "https://concord.example.com/digest" });
    expect(preview.digest.generatedAt).toBe(NOW.toISOString());
    expect(preview.digest.totals).toEqual({ terms: 3, domains: 3, variants: 1, openProposals: 1, usages: 0 });
    expect(Object.keys(preview.digest).sort()).toEqual(
      ["agreed", "drift", "driftMeasure", "gaps", "generatedAt", "index", "indexCounts", "overlaps", "period", "stale", "stuck", "totals", "unused", "usageDrift", "waiting"].sort(),
    );
    await runScheduledDigest(server.deps, NOW, { destinations: [], governanceChannels: {} });
    const stored = await json("/api/digest");
    expect(stored).toMatchObject({ source: "stored", slot: NOW.toISOString() });
    expect(stored.digest.index.history).toEqual([{ weekStart: "2026-03-02T00:00:00.000Z", value: stored.digest.index.value }]);
  });

  it("reflects a decided proposal: the new version and its diff in the term's history", async () => {
    await changeDomainOwner(server.deps, { ref: ADMIN }, { slug: "sales", action: "add", owner: "local:sid" });
    await castVote(server.deps, { ref: "local:sid" }, { proposalId, position: "approve" });
    await castVote(server.deps, { ref: "local:fiona" }, { proposalId, position: "approve" });
    const body = await json("/api/terms/customer");
    expect(body.term.version).toBe(2);
    expect(body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(body.history[0].proposalId).toBe(proposalId);
    expect(body.history[0].diff).toContainEqual({ kind: "added", text: "in the last 24 months" });
    expect(body.variants[0].stale).toBe(true);
    expect((await json(`/api/proposals/${proposalId}`)).proposal).toMatchObject({ status: "approved", resultVersion: 2 });
  });
});

describeEachDatabase("pages and API behind a token", (database) => {
  const TOKEN = "s3cret-token-value";
  let server: PagesServer;

  beforeEach(async () => {
    server = await startPagesServer(database(), { token: TOKEN });
    await seedGlossary(server.deps, server.clock);
  });
  afterEach(async () => {
    await server.close();
  });

  it("refuses a page without the token with a short polite 401 page", async () => {
    for (const path of ["/", "/terms/customer", "/digest", "/proposals/1", "/terms/customer/history"]) {
      const res = await server.get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain("Access token needed");
      expect(html).not.toContain("A person or company");
    }
    expect((await server.get("/?token=wrong")).status).toBe(401);
    expect((await server.get("/", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await server.get("/", { headers: { cookie: `concord_pages=${TOKEN}` } })).status).toBe(401);
  });

  it("refuses the API without the token with JSON", async () => {
    const res = await server.get("/api/terms");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Concord"');
    expect(await res.json()).toEqual({
      error: "unauthorized",
      message: "These glossary pages need an access token: send it as Authorization: Bearer <token>.",
    });
  });

  it("accepts a bearer token on pages and the API", async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    expect((await server.get("/api/terms", { headers })).status).toBe(200);
    expect((await server.get("/terms/customer", { headers })).status).toBe(200);
    expect((await server.get(`/api/terms?token=${TOKEN}`)).status).toBe(200);
  });

  it("turns ?token= on a page into an HttpOnly SameSite=Strict cookie and a clean address, so links keep working", async () => {
    const first = await server.get(`/terms/customer?token=${TOKEN}&x=1`);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/terms/customer?x=1");
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^concord_pages=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(";")[0]!;
    for (const path of ["/terms/customer", "/", "/digest", "/api/terms"]) {
      expect((await server.get(path, { headers: { cookie } })).status, path).toBe(200);
    }
  });

  it("leaves the health check open", async () => {
    expect((await server.get("/healthz")).status).toBe(200);
  });
});
