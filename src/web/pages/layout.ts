import type { Member } from "../../core/index.js";
import type { Links } from "../links.js";
import { html, raw, type Html, type Interpolation } from "./html.js";

/** Where the pages live, as paths on this server: taken from the chat links so a prefix in the public URL is kept. */
export interface Paths {
  readonly home: string;
  term(slug: string): string;
  history(slug: string): string;
  proposal(id: number): string;
  readonly digest: string;
  /** The local console, when it runs. */
  readonly console?: string;
}

/** Root-relative page paths from the links chat messages carry (which name the public host). */
export function createPaths(links: Links, consolePath?: string): Paths {
  const path = (url: string) => {
    const parsed = new URL(url, "http://concord.invalid");
    return `${parsed.pathname}${parsed.search}`;
  };
  const digest = path(links.digest());
  return {
    home: digest.replace(/digest$/u, "") || "/",
    term: (slug) => path(links.term(slug)),
    history: (slug) => path(links.history(slug)),
    proposal: (id) => path(links.proposal(id)),
    digest,
    ...(consolePath ? { console: consolePath } : {}),
  };
}

export interface PageInput {
  readonly title: string;
  readonly paths: Paths;
  /** Which nav entry is current. */
  readonly section?: "glossary" | "digest";
  /** What the header's search box shows. */
  readonly query?: string;
  readonly body: Html;
}

/** A whole page: header with the search box, nav, main content and the one stylesheet. */
export function renderPage(input: PageInput): string {
  const { paths } = input;
  const current = (section: PageInput["section"]) => (input.section === section ? raw(' aria-current="page"') : "");
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${input.title} · Concord</title>
<style>${raw(STYLESHEET)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<div class="bar">
<a class="brand" href="${paths.home}">Concord</a>
<nav aria-label="Main"><ul>
<li><a href="${paths.home}"${current("glossary")}>Glossary</a></li>
<li><a href="${paths.digest}"${current("digest")}>Digest</a></li>
${paths.console ? html`<li><a href="${paths.console}">Console</a></li>` : ""}
</ul></nav>
${searchForm(paths, input.query ?? "", "header")}
</div>
</header>
<main id="main">
${input.body}
</main>
<footer class="site"><p>Concord keeps the shared glossary agreed. These pages are read-only; change things from chat with <code>/glossary</code>.</p></footer>
</body>
</html>
`.value;
}

/** The search box: a GET form to the glossary index. */
export function searchForm(paths: Paths, query: string, where: "header" | "main"): Html {
  const id = `q-${where}`;
  return html`<form class="search" role="search" method="get" action="${paths.home}">
<label for="${id}" class="${where === "header" ? "visually-hidden" : ""}">Search the glossary</label>
<input id="${id}" type="search" name="q" value="${query}" placeholder="Search terms, aliases, definitions" maxlength="200">
<button type="submit">Search</button>
</form>`;
}

/** A member as people read them: display name, else their first user ref. */
export function memberName(member: Member | null | undefined): string {
  if (!member) return "someone";
  return member.displayName ?? member.refs[0] ?? `member ${member.id}`;
}

/** A <dl> of label/value rows, leaving out rows without a value. */
export function facts(rows: readonly (readonly [string, Interpolation])[]): Html {
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== "");
  return html`<dl class="facts">${shown.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

const STYLESHEET = `
:root{--bg:#fdfdfc;--fg:#1d1f21;--muted:#5b6168;--line:#d9dcdf;--card:#f3f4f5;--accent:#0b5cad;--ins:#d9f2dc;--ins-fg:#0f4d1a;--del:#fbe0e0;--del-fg:#7a1616;--warn:#8a5300;--chart:#0b5cad;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#16181a;--fg:#e6e8ea;--muted:#a1a8b0;--line:#33383d;--card:#1f2326;--accent:#7db7ff;--ins:#173d20;--ins-fg:#bff0c8;--del:#4a1c1c;--del-fg:#ffc9c9;--warn:#f0b458;--chart:#7db7ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{border-bottom:1px solid var(--line);background:var(--card)}
.bar{max-width:60rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}
nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:2px}
.search{display:flex;gap:.4rem;flex:1 1 16rem}
.search input{flex:1;min-width:0;padding:.4rem .6rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg);font:inherit}
.search button{padding:.4rem .8rem;border:1px solid var(--accent);border-radius:.4rem;background:var(--accent);color:var(--bg);font:inherit;cursor:pointer}
main{max-width:60rem;margin:0 auto;padding:1rem}
footer.site{max-width:60rem;margin:2rem auto 0;padding:1rem;color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
h1{font-size:1.75rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1.05rem;margin-bottom:.25rem}
.muted,.hint{color:var(--muted)}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;border:1px solid var(--line);font-size:.8rem;vertical-align:middle;background:var(--card)}
.badge.warn{color:var(--warn);border-color:currentColor}
.definition{font-size:1.1rem;white-space:pre-wrap;margin:.5rem 0}
blockquote{margin:.5rem 0;padding:.25rem .9rem;border-left:4px solid var(--line);white-space:pre-wrap}
pre{background:var(--card);padding:.75rem;border-radius:.4rem;overflow-x:auto}
ins{background:var(--ins);color:var(--ins-fg);text-decoration:underline}
del{background:var(--del);color:var(--del-fg)}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.5rem 1.5rem;margin:1rem 0}
.facts dt{font-size:.85rem;color:var(--muted)}.facts dd{margin:0}
ul.terms,ol.hits,ol.timeline,ul.plain{list-style:none;padding:0}
ul.terms li,ol.hits li,ul.plain>li{padding:.6rem 0;border-bottom:1px solid var(--line)}
ul.terms .name,ol.hits .name{font-weight:600}
ol.timeline li{padding:.3rem 0 .3rem 1rem;border-left:2px solid var(--line)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table-wrap{overflow-x:auto}
.pager{display:flex;gap:1rem;justify-content:space-between;margin:1rem 0}
.chart svg{width:100%;height:auto;max-width:40rem}
.chart .axis{stroke:var(--muted);stroke-width:1}.chart .grid{stroke:var(--line);stroke-width:1}
.chart .line{fill:none;stroke:var(--chart);stroke-width:2.5}.chart .dot{fill:var(--chart)}
.chart text{fill:var(--muted);font-size:12px;font-family:inherit}
.notice{border:1px solid var(--warn);color:var(--fg);padding:.6rem .9rem;border-radius:.4rem}
.callout{border:1px solid var(--accent);padding:.6rem .9rem;border-radius:.4rem}
@media (max-width:40rem){h1{font-size:1.4rem}.facts{grid-template-columns:1fr}}
`.replace(/\n/gu, "");
