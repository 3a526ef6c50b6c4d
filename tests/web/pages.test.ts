import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { castVote, runScheduledDigest } from "../../src/core/index.js";
import { describeEachDatabase } from "../support/databases.js";
import { ATTRIBUTE, fiona, NOW, SCRIPT, seedGlossary, startPagesServer, visibleText, type PagesServer } from "./support.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

describeEachDatabase("glossary pages", (database) => {
  let server: PagesServer;
  let proposalId: number;

  beforeEach(async () => {
    server = await startPagesServer(database());
    ({ proposalId } = await seedGlossary(server.deps, server.clock));
  });
  afterEach(async () => {
    await server.close();
  });

  async function page(path: string, status = 200): Promise<string> {
    const res = await server.get(path);
    expect(res.status, path).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/);
    return res.text();
  }

  it("lists the glossary alphabetically with owners, one-line definitions, a search box and the digest link", async () => {
    const html = await page("/");
    const text = visibleText(html);
    expect(text).toContain("Showing 1–3 of 3 terms");
    const names = [...html.matchAll(/<a class="name" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual([
      ["/terms/churn-rate", "Churn Rate"],
      ["/terms/customer", "Customer"],
      ["/terms/evil-script-alert-1-script", "Evil &lt;script&gt;alert(1)&lt;/script&gt;"],
    ]);
    expect(text).toContain("Customer · Sales A person or company that has paid for at least one order.");
    expect(text).toContain("no owning domain");
    expect(html).toMatch(/<form class="search" role="search" method="get" action="\/">/);
    expect(html).toContain('<a href="/digest">');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("prefers-color-scheme:dark");
  });

  it("sends the security headers on every page", async () => {
    for (const path of ["/", "/terms/customer", "/terms/customer/history", `/proposals/${proposalId}`, "/digest", "/terms/nope"]) {
      const res = await server.get(path);
      expect(res.headers.get("content-security-policy"), path).toBe(CSP);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
    }
  });

  it("searches best first with ?q=", async () => {
    const text = visibleText(await page("/?q=customer"));
    expect(text).toContain("Search: “customer”");
    expect(text.indexOf("Customer")).toBeLessThan(text.indexOf("Churn Rate"));
    expect(visibleText(await page("/?q=zzzzqqq"))).toContain("Nothing in the glossary matches “zzzzqqq”");
  });

  it("pages through 100 terms a page and answers a bad page number with 400", async () => {
    const { seedGeneratedTerms } = await import("../fixtures/glossary.js");
    await seedGeneratedTerms(database().db, 150, NOW);
    const first = visibleText(await page("/"));
    expect(first).toContain("Showing 1–100 of 153 terms, page 1 of 2");
    const second = await page("/?page=2");
    expect(visibleText(second)).toContain("Showing 101–153 of 153 terms, page 2 of 2");
    expect(second).toContain('<a rel="prev" href="/">');
    expect(visibleText(await page("/?page=9"))).toContain("Page 9 is past the end: there are 2 pages.");
    expect(visibleText(await page("/?page=abc", 400))).toContain("The page must be a whole number from 1");
    await page("/?page=0", 400);
    await page("/?page=1&page=2", 400);
  });

  it("shows a term: definition, example, version, aliases, owner, consumers, tags, drift and proposals", async () => {
    const html = await page("/terms/customer");
    const text = visibleText(html);
    expect(html).toContain("<h1>Customer</h1>");
    expect(text).toContain("A person or company that has paid for at least one order.");
    expect(text).toContain("Example Acme Ltd after its first paid invoice.");
    expect(text).toContain("Version 1, agreed 27 Feb 2026, 09:00 UTC by Ada · history");
    expect(html).toContain('<a href="/terms/customer/history">history</a>');
    expect(text).toContain("Owner domain Sales");
    expect(text).toContain("Consuming domains Finance and Support");
    expect(text).toContain("Aliases account holder, client");
    expect(text).toContain("Tags core, crm");
    expect(text).toContain("Status active");
    expect(text).toContain("Policy unanimous (the default): every affected domain must approve; one objection blocks it");
    expect(text).toMatch(/How each domain's variant drifts from it \(1\).* Support \d+% drift \((moderate|major)\)/);
    expect(text).toContain("Anyone who has opened a support ticket, paying or not.");
    expect(html).toContain(`<a href="/proposals/${proposalId}">Proposal #${proposalId}: amend Customer</a>`);
    expect(text).toContain("1 open proposal, 0 closed");
    expect(text).toContain("Open: voting closes in 3 days");
  });

  it("shows a formula, and redirects an alias to the term's own address", async () => {
    expect(visibleText(await page("/terms/churn-rate"))).toContain("Formula lost_customers / customers_at_start");
    const res = await server.get("/terms/client");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/terms/customer");
    const history = await server.get("/terms/account-holder/history");
    expect(history.headers.get("location")).toBe("/terms/customer/history");
  });

  it("answers an unknown term with a friendly 404: did you mean, and a search box", async () => {
    const html = await page("/terms/custmer-base", 404);
    const text = visibleText(html);
    expect(text).toContain("There is no term “custmer-base” in the glossary.");
    expect(html).toMatch(/Did you mean <a href="\/terms\/customer">Customer<\/a>/);
    expect(html).toContain('<input id="q-main" type="search" name="q" value="custmer-base"');
    expect(visibleText(await page("/terms/qqqqqq/history", 404))).toContain("There is no term “qqqqqq”");
  });

  it("escapes user text everywhere: names, definitions, rationales, reasons and display names", async () => {
    const pages = [
      await page("/"),
      await page("/terms/evil-script-alert-1-script"),
      await page("/terms/evil-script-alert-1-script/history"),
      await page(`/proposals/${proposalId}`),
      await page(`/?q=${encodeURIComponent(SCRIPT)}`),
      await page(`/terms/${encodeURIComponent(ATTRIBUTE)}`, 404),
    ];
    for (const html of pages) {
      expect(html).not.toContain(SCRIPT);
      expect(html).not.toContain(ATTRIBUTE);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<script/i);
    }
    const evil = await page("/terms/evil-script-alert-1-script");
    expect(evil).toContain("<h1>Evil &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(evil).toContain("Defined as &quot;&gt;&lt;img src=x onerror=alert(1)&gt; on purpose.");
    const proposal = await page(`/proposals/${proposalId}`);
    expect(proposal).toContain("Finance keeps 36 months &quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(proposal).toContain("Mallory &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("shows a term's history with who, when and <ins>/<del> word diffs", async () => {
    const { castVote } = await import("../../src/core/index.js");
    await castVote(server.deps, { ref: "local:sally2" }, { proposalId, position: "abstain" }).catch(() => {});
    // Sales approves too, so the amendment is agreed as version 2.
    const { changeDomainOwner } = await import("../../src/core/index.js");
    await changeDomainOwner(server.deps, { ref: "local:ada" }, { slug: "sales", action: "add", owner: "local:sid" });
    await castVote(server.deps, { ref: "local:sid", displayName: "Sid" }, { proposalId, position: "approve" });
    await castVote(server.deps, { ref: "local:fiona" }, { proposalId, position: "approve" });

    const html = await page("/terms/customer/history");
    const text = visibleText(html);
    expect(text).toContain("History of Customer");
    expect(text).toContain("2 versions, newest first");
    expect(text).toMatch(/Version 2 current Agreed 2 Mar 2026, 09:00 UTC by Sally · proposal #\d+/);
    expect(html).toContain("<ins>in the last 24 months</ins>");
    expect(text).toContain("Changes from version 1");
    expect(text).toContain("Version 1 Agreed 27 Feb 2026, 09:00 UTC by Ada · imported");
    expect(text).toContain("The first agreed version.");
    const term = visibleText(await page("/terms/customer"));
    expect(term).toContain("0 open proposals, 1 closed");
    expect(term).toContain("Approved as version 2 of Customer.");
    expect(term).toMatch(/Support \d+% drift \(\w+\) stale: written against v1, agreed is v2/);
  });

  it("shows a proposal: text, diff, rationale, policy, positions, counted and advisory votes, and a timeline", async () => {
    const html = await page(`/proposals/${proposalId}`);
    const text = visibleText(html);
    expect(html).toContain(`<h1>Proposal #${proposalId}: amend Customer <span class="badge">open</span></h1>`);
    expect(text).toContain("Open: voting closes in 3 days.");
    expect(text).toContain("Kind amend the agreed definition");
    expect(html).toContain('<a href="/terms/customer">Customer</a>');
    expect(text).toContain("Proposed by Sally, 2 Mar 2026, 07:00 UTC");
    expect(text).toContain("Policy unanimous: every affected domain must approve; one objection blocks it");
    expect(text).toContain("Proposed definition A person or company that has paid for at least one order in the last 24 months.");
    expect(html).toContain("<ins>in the last 24 months</ins>");
    expect(text).toContain("Rationale Dormant accounts inflate the count");
    expect(text).toContain("Affected domains (3)");
    expect(text).toContain("Sales owner no position yet 1 owner, none has voted");
    expect(text).toContain("Support consumer approves Sven (approve)");
    expect(text).toContain("Finance consumer objects local:fiona (object)");
    expect(text).toContain("Sven approve counted for Support Fine by Support.");
    expect(text).toContain("local:fiona object counted for Finance Finance keeps 36 months");
    expect(text).toMatch(/Mallory <script>alert\(1\)<\/script> approve advisory \(not counted\)/);
    expect(text).toContain("Timeline");
    expect(text).toContain("2 Mar 2026, 07:00 UTC: Opened by Sally");
    expect(text).toContain("2 Mar 2026, 08:00 UTC: local:fiona voted object");
    expect(text).toContain("5 Mar 2026, 07:00 UTC: Voting closes");
  });

  it("shows an objection later withdrawn as such, and each vote change with its reasons on the timeline", async () => {
    await castVote(server.deps, fiona, { proposalId, position: "approve" });
    const html = await page(`/proposals/${proposalId}`);
    const text = visibleText(html);
    expect(text).toContain("local:fiona approve counted for Finance");
    expect(text).toContain(
      `Objections withdrawn (1) local:fiona objected (reason: Finance keeps 36 months ${ATTRIBUTE}), then approved. Objected 2 Mar 2026, 08:00 UTC; changed 2 Mar 2026, 09:00 UTC.`,
    );
    expect(text).toContain(`2 Mar 2026, 08:00 UTC: local:fiona voted object (reason: Finance keeps 36 months ${ATTRIBUTE})`);
    expect(text).toContain(`2 Mar 2026, 08:00 UTC: Sven voted approve (comment: Fine by Support.)`);
    expect(text).toContain(
      `2 Mar 2026, 09:00 UTC: local:fiona changed their vote from object (reason: Finance keeps 36 months ${ATTRIBUTE}) to approve`,
    );
    expect(html).not.toContain(ATTRIBUTE);
  });

  it("answers an unknown or malformed proposal id with the friendly 404", async () => {
    expect(visibleText(await page("/proposals/999", 404))).toContain("There is no proposal #999.");
    expect(visibleText(await page("/proposals/abc", 404))).toContain("proposals are numbered");
  });

  it("shows a live preview of the digest, labelled, when none is stored yet, with the drift chart", async () => {
    const html = await page("/digest");
    const text = visibleText(html);
    expect(text).toContain("Digest preview, 23 Feb – 2 Mar 2026");
    expect(text).toContain("Live preview.");
    expect(text).toMatch(/Drift index: \d+\.\d of 100 \(\w+\) · first week measured/);
    expect(text).toContain("3 terms · 3 domains · 1 variant · 1 open proposal");
    expect(text).toContain("Agreed this week (3)");
    expect(text).toMatch(/Stuck: cannot pass as things stand \(1\) Proposal #\d+: amend Customer by Sally · Sales' only owner proposed it · closes in 3 days/);
    expect(text).toMatch(/Drift \(1\) Support's Customer — \d+% drift/);
    expect(text).toContain(`Terms with no owning domain (1) Evil ${SCRIPT}`);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain("<title id=\"drift-chart-title\">Drift index this week</title>");
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('aria-current="page">Digest</a>');
  });

  it("shows the latest stored digest when there is one", async () => {
    await runScheduledDigest(server.deps, NOW, { destinations: [], governanceChannels: {} });
    const text = visibleText(await page("/digest"));
    expect(text).toContain("Weekly glossary digest, 23 Feb – 2 Mar 2026");
    expect(text).not.toContain("Live preview");
    expect(text).toContain("Posted 2 Mar 2026, 09:00 UTC");
  });

  it("serves only GET: other methods fall through to the app's 404", async () => {
    const res = await server.get("/terms/customer", { method: "POST" });
    expect(res.status).toBe(404);
  });
});

describeEachDatabase("glossary pages with the fallback catalogue", (database) => {
  it("lists active terms alphabetically without a database-backed catalogue", async () => {
    const server = await startPagesServer(database(), { catalogue: "fallback" });
    try {
      await seedGlossary(server.deps, server.clock);
      const res = await server.get("/");
      const text = visibleText(await res.text());
      expect(text).toContain("Showing 1–3 of 3 terms");
      expect(text.indexOf("Churn Rate")).toBeLessThan(text.indexOf("Customer ·"));
      const all = (await (await server.get("/api/proposals?status=all")).json()) as { total: number; proposals: { kind: string }[] };
      expect(all.total).toBe(1);
      expect(all.proposals[0]?.kind).toBe("amend");
      const open = (await (await server.get("/api/proposals")).json()) as { total: number };
      expect(open.total).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("page paths under a public URL with a path", () => {
  it("keeps the prefix in links", async () => {
    const { createPaths } = await import("../../src/web/pages/layout.js");
    const { createLinks } = await import("../../src/web/links.js");
    const paths = createPaths(createLinks("https://example.com/wiki/"));
    expect(paths.home).toBe("/wiki/");
    expect(paths.term("churn rate")).toBe("/wiki/terms/churn%20rate");
    expect(paths.digest).toBe("/wiki/digest");
    expect(createPaths(createLinks("http://localhost:3000")).home).toBe("/");
  });
});

describeEachDatabase("glossary pages when something breaks", (database) => {
  it("hands the error to the app's error handler: logged, and no stack trace reaches the reader", async () => {
    const { registerPages } = await import("../../src/web/pages/index.js");
    const { createHttpApp, finishHttpApp } = await import("../../src/web/server.js");
    const { createLinks } = await import("../../src/web/links.js");
    const { coreDeps } = await import("../fixtures/glossary.js");
    const { createMemoryLogger, freePort } = await import("../support/eventually.js");
    const logger = createMemoryLogger();
    const app = createHttpApp({ ping: async () => {}, databaseKind: database().kind, logger });
    const broken = {
      terms: async () => {
        throw new Error("catalogue exploded at /secret/path.ts:12");
      },
      proposals: async () => {
        throw new Error("catalogue exploded");
      },
    };
    registerPages(app, { deps: coreDeps(database()), links: createLinks("http://localhost"), logger, catalogue: broken });
    finishHttpApp(app, logger);
    const port = await freePort();
    const server = app.listen(port, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      for (const path of ["/", "/api/terms", "/api/proposals?status=all"]) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(res.status, path).toBe(500);
        const body = await res.text();
        expect(body).not.toContain("exploded");
        expect(body).not.toContain("/secret/path.ts");
      }
      expect(logger.lines.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
        "request failed",
        "request failed",
        "request failed",
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
