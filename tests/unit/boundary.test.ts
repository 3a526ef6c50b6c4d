import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

/** Packages the core must never import: platforms, database drivers, the scheduler, HTTP. */
const FORBIDDEN = [/^@slack\//, /^botbuilder/, /^drizzle-orm/, /^postgres$/, /^@electric-sql\//, /^node-cron$/, /^(node:)?https?$/, /^express$/];

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The forbidden imports of each file under a folder. */
function violations(folder: string): string[] {
  return filesUnder(folder).flatMap((file) =>
    importsOf(readFileSync(file, "utf8"))
      .filter((specifier) => FORBIDDEN.some((rule) => rule.test(specifier)))
      .map((specifier) => `${relative(root, file)} imports ${specifier}`),
  );
}

describe("the core's boundary", () => {
  it("finds the import forms it checks for", () => {
    const sample = [
      'import { App } from "@slack/bolt";',
      "import type { TurnContext } from 'botbuilder';",
      'export { sql } from "drizzle-orm";',
      'const cron = await import("node-cron");',
      'import "postgres";',
      'import { createServer } from "node:http";',
    ].join("\n");
    expect(importsOf(sample).filter((s) => FORBIDDEN.some((rule) => rule.test(s)))).toEqual([
      "@slack/bolt",
      "botbuilder",
      "drizzle-orm",
      "node-cron",
      "postgres",
      "node:http",
    ]);
  });

  it("src/core imports no platform, database, scheduler or HTTP package", () => {
    expect(filesUnder(join(root, "src/core")).length).toBeGreaterThan(5);
    expect(violations(join(root, "src/core"))).toEqual([]);
  });

  it("src/commands imports none of them either", () => {
    expect(violations(join(root, "src/commands"))).toEqual([]);
  });
});
