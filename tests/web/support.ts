import type { Server } from "node:http";
import {
  addDomain,
  castVote,
  changeDomainOwner,
  importTerm,
  openProposal,
  recordVariant,
  type CatalogueRepository,
  type CoreDeps,
} from "../../src/core/index.js";
import { createCatalogueRepository } from "../../src/db/repositories/catalogue.js";
import { createLinks } from "../../src/web/links.js";
import { registerPages, registerWriteApi } from "../../src/web/pages/index.js";
import { createHttpApp, finishHttpApp } from "../../src/web/server.js";
import { ADMIN, coreDeps, createManualClock } from "../fixtures/glossary.js";
import type { TestDatabase } from "../support/databases.js";
import { createMemoryLogger, freePort } from "../support/eventually.js";

export const SCRIPT = "<script>alert(1)</script>";
export const ATTRIBUTE = '"><img src=x onerror=alert(1)>';
export const NOW = new Date("2026-03-02T09:00:00Z");
const HOUR = 60 * 60 * 1000;

export interface PagesServer {
  readonly base: string;
  readonly deps: CoreDeps;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly logger: ReturnType<typeof createMemoryLogger>;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The shared express app with the pages and the write API on it, as the server mounts them, listening on a free
 * loopback port; `pages: false` leaves the pages off, as PAGES=off does.
 */
export async function startPagesServer(
  database: TestDatabase,
  options: { token?: string; catalogue?: "database" | "fallback"; publicPath?: string; pages?: boolean } = {},
): Promise<PagesServer> {
  const clock = createManualClock(NOW);
  const deps = coreDeps(database, clock);
  const logger = createMemoryLogger();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = createHttpApp({ ping: database.opened.ping, databaseKind: database.kind, logger });
  const catalogue: CatalogueRepository | undefined =
    (options.catalogue ?? "database") === "database" ? createCatalogueRepository(database.db) : undefined;
  const pagesOptions = {
    deps,
    links: createLinks(`https://concord.example.com${options.publicPath ?? ""}`),
    logger,
    ...(options.token !== undefined && { token: options.token }),
    ...(catalogue && { catalogue }),
  };
  registerWriteApi(app, pagesOptions);
  if (options.pages ?? true) registerPages(app, pagesOptions);
  finishHttpApp(app, logger);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    base,
    deps,
    clock,
    logger,
    get: (path, init) => fetch(`${base}${path}`, { redirect: "manual", ...init }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const admin = { ref: ADMIN, displayName: "Ada" };
export const sally = { ref: "local:sally", displayName: "Sally" };
export const sven = { ref: "local:sven", displayName: "Sven" };
export const fiona = { ref: "local:fiona", displayName: "Fiona" };
export const mallory = { ref: "local:mallory", displayName: `Mallory ${SCRIPT}` };

/**
 * A small glossary: Customer (owned by Sales, consumed by Support and Finance, with Support's drifting variant and a
 * proposal to amend it with two counted votes, an objection and an advisory vote), Churn Rate with a formula, and a
 * term whose name and definition are hostile markup.
 */
export async function seedGlossary(deps: CoreDeps, clock: ReturnType<typeof createManualClock>): Promise<{ proposalId: number }> {
  clock.set(new Date(NOW.getTime() - 72 * HOUR));
  for (const [slug, name, owner] of [
    ["sales", "Sales", sally],
    ["support", "Support", sven],
    ["finance", "Finance", fiona],
  ] as const) {
    await addDomain(deps, admin, { slug, name });
    await changeDomainOwner(deps, admin, { slug, action: "add", owner: owner.ref });
  }
  await importTerm(deps, admin, {
    name: "Customer",
    text: "A person or company that has paid for at least one order.",
    example: "Acme Ltd after its first paid invoice.",
    ownerDomain: "sales",
    consumers: ["support", "finance"],
    aliases: ["client", "account holder"],
    tags: ["core", "crm"],
  });
  await importTerm(deps, admin, {
    name: "Churn Rate",
    text: "Customers lost in a month divided by customers at the start of the month.",
    formula: "lost_customers / customers_at_start",
    ownerDomain: "support",
  });
  await importTerm(deps, admin, { name: `Evil ${SCRIPT}`, text: `Defined as ${ATTRIBUTE} on purpose.` });
  await recordVariant(deps, sven, { term: "Customer", domain: "support", text: "Anyone who has opened a support ticket, paying or not." });

  clock.set(new Date(NOW.getTime() - 2 * HOUR));
  const { proposal } = await openProposal(deps, sally, {
    term: "Customer",
    text: "A person or company that has paid for at least one order in the last 24 months.",
    rationale: `Dormant accounts inflate the count ${SCRIPT}`,
  });
  clock.set(new Date(NOW.getTime() - HOUR));
  await castVote(deps, sven, { proposalId: proposal.id, position: "approve", comment: "Fine by Support." });
  await castVote(deps, fiona, { proposalId: proposal.id, position: "object", reason: `Finance keeps 36 months ${ATTRIBUTE}` });
  await castVote(deps, mallory, { proposalId: proposal.id, position: "approve" });
  clock.set(NOW);
  return { proposalId: proposal.id };
}

/** The page's text without tags, whitespace collapsed: what a reader sees. */
export function visibleText(page: string): string {
  return page
    .replace(/<style[\s\S]*?<\/style>/gu, " ")
    .replace(/<\/?(?:a|strong|em|ins|del|time|span|code)\b[^>]*>/gu, "")
    .replace(/<[^>]+>/gu, " ")
    .replace(/&amp;/gu, "&")
    .replace(/&lt;/gu, "<")
    .replace(/&gt;/gu, ">")
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/\s+/gu, " ");
}
