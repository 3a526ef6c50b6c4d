import { afterEach, beforeEach, expect, it } from "vitest";
import { addDomain, changeDomainOwner, importTerm, relateTerms } from "../../src/core/index.js";
import { termSlug } from "../../src/core/text/index.js";
import { generatedTermNames, seedGeneratedTerms } from "../fixtures/glossary.js";
import { describeEachDatabase } from "../support/databases.js";
import { admin, fiona, NOW, SCRIPT, startPagesServer, visibleText, type PagesServer } from "./support.js";

describeEachDatabase("the hierarchy and relations on term pages and in the API", (database) => {
  let server: PagesServer;
  const id = async (slug: string) => (await server.deps.store.repos.terms.findBySlug(slug))!.id;

  beforeEach(async () => {
    server = await startPagesServer(database());
    const { deps } = server;
    await addDomain(deps, admin, { slug: "finance", name: "Finance" });
    await changeDomainOwner(deps, admin, { slug: "finance", action: "add", owner: fiona.ref });
    for (const name of ["Revenue", "Net Revenue", "Recurring Net Revenue", "Turnover", "Cost", `Odd ${SCRIPT}`]) {
      await importTerm(deps, admin, { name, text: `What ${name} means here.`, ownerDomain: "finance" });
    }
    const repos = deps.store.repos;
    await repos.terms.setParent(await id("net-revenue"), await id("revenue"), NOW);
    await repos.terms.setParent(await id("recurring-net-revenue"), await id("net-revenue"), NOW);
    await repos.terms.setParent(await id("odd-script-alert-1-script"), await id("net-revenue"), NOW);
    await relateTerms(deps, fiona, { term: "Net Revenue", relation: "part of", other: "Turnover" });
    await relateTerms(deps, fiona, { term: "Net Revenue", relation: "broader than", other: "Cost" });
    await relateTerms(deps, fiona, { term: "Net Revenue", relation: "see also", other: "Revenue" });
    await repos.terms.setReferences(await id("net-revenue"), [
      { label: "Revenue policy", url: "https://wiki.example.com/revenue?x=1&y=2" },
      { label: "Old share", url: "javascript:alert(1)" },
    ]);
  });
  afterEach(async () => {
    await server.close();
  });

  it("the term page shows the breadcrumb at the top, the children, the relations by type and the references", async () => {
    const res = await server.get("/terms/net-revenue");
    expect(res.status).toBe(200);
    const html = await res.text();
    const article = html.slice(html.indexOf("<article>"));
    // The breadcrumb comes before the title.
    expect(article.indexOf('aria-label="Where this term sits"')).toBeLessThan(article.indexOf("<h1>"));
    expect(article).toContain('<a href="/terms/revenue">Revenue</a> › <span aria-current="page">Net Revenue</span>');
    const text = visibleText(html);
    expect(text).toContain("2 narrower terms");
    expect(html).toContain('<a href="/terms/recurring-net-revenue">Recurring Net Revenue</a>');
    // A hostile name is text, never markup.
    expect(html).toContain("Odd &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(SCRIPT);
    expect(text).toContain("Related terms Narrower terms Cost Part of Turnover See also Revenue");
    expect(html).toContain('<a href="https://wiki.example.com/revenue?x=1&amp;y=2" rel="noopener noreferrer">Revenue policy</a>');
    // An address that is not a web one is shown, not linked.
    expect(html).not.toContain('href="javascript:');
    expect(text).toContain("Old share javascript:alert(1)");
    // The other side reads the relation from its own side.
    const cost = visibleText(await (await server.get("/terms/cost")).text());
    expect(cost).toContain("Related terms Broader terms Net Revenue");
    // A top-level term has no breadcrumb.
    expect(await (await server.get("/terms/revenue")).text()).not.toContain("Where this term sits");
  });

  it("a term with more children than the page lists says how many more there are", async () => {
    await seedGeneratedTerms(database().db, 53, NOW);
    for (const name of generatedTermNames(53)) {
      await server.deps.store.repos.terms.setParent(await id(termSlug(name)), await id("cost"), NOW);
    }
    const text = visibleText(await (await server.get("/terms/cost")).text());
    expect(text).toContain("53 narrower terms");
    expect(text).toContain("and 3 more narrower terms, the first 50 by name shown here.");
  });

  it("the API's term carries parent, ancestors, children with their count, typed relations and references", async () => {
    const res = await server.get("/api/terms/recurring-net-revenue");
    expect(res.status).toBe(200);
    const leaf = (await res.json()) as Record<string, unknown>;
    const ref = (slug: string, name: string) => ({ slug, name, url: `https://concord.example.com/terms/${slug}` });
    expect(leaf.parent).toEqual(ref("net-revenue", "Net Revenue"));
    expect(leaf.ancestors).toEqual([ref("revenue", "Revenue"), ref("net-revenue", "Net Revenue")]);
    expect(leaf.children).toEqual([]);
    expect(leaf.childCount).toBe(0);

    const middle = (await (await server.get("/api/terms/net-revenue")).json()) as Record<string, unknown>;
    expect(middle.parent).toEqual(ref("revenue", "Revenue"));
    expect(middle.ancestors).toEqual([ref("revenue", "Revenue")]);
    expect(middle.children).toEqual([ref("odd-script-alert-1-script", `Odd ${SCRIPT}`), ref("recurring-net-revenue", "Recurring Net Revenue")]);
    expect(middle.childCount).toBe(2);
    expect(middle.relations).toEqual([
      { type: "narrower", ...ref("cost", "Cost") },
      { type: "part-of", ...ref("turnover", "Turnover") },
      { type: "see-also", ...ref("revenue", "Revenue") },
    ]);
    expect(middle.references).toEqual([
      { label: "Revenue policy", url: "https://wiki.example.com/revenue?x=1&y=2" },
      { label: "Old share", url: "javascript:alert(1)" },
    ]);

    const top = (await (await server.get("/api/terms/revenue")).json()) as Record<string, unknown>;
    expect(top.parent).toBeNull();
    expect(top.ancestors).toEqual([]);
    expect(top.childCount).toBe(1);
    expect(top.relations).toEqual([{ type: "see-also", ...ref("net-revenue", "Net Revenue") }]);
  });
});
