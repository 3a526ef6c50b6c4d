import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createPglite, migrateDatabase, openDatabase } from "../../src/db/open.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

/**
 * Compiles the sources if they changed since the last build, once, before tests that run the compiled command line
 * or server (as `npm run concord` and `npm start` do) start several at a time. Then migrates one PGlite and (when
 * TEST_DATABASE_URL is set) one PostgreSQL template that every test file copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { buildIfStale } = (await import("../../scripts/build.mjs" as string)) as { buildIfStale(): Promise<void> };
  await buildIfStale();
  const folder = mkdtempSync(join(tmpdir(), "concord-test-"));
  const pglite = createPglite();
  const opened = openDatabase({ pglite });
  await migrateDatabase(opened);
  const dump = await pglite.dumpDataDir("none");
  const templatePath = join(folder, "pglite-template.tar");
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await opened.close();
  project.provide("pgliteTemplate", templatePath);

  const url = process.env.TEST_DATABASE_URL;
  let templateName: string | null = null;
  if (url) {
    templateName = `concord_template_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${templateName}`);
    await admin.unsafe(`create database ${templateName}`);
    await admin.end();
    const template = openDatabase({ url: withDatabase(url, templateName) });
    await migrateDatabase(template);
    await template.close();
    console.log(`PostgreSQL tests run against ${new URL(url).host} (template database ${templateName}).`);
  } else {
    console.log("PostgreSQL tests skipped: TEST_DATABASE_URL is not set; only the embedded PGlite half runs.");
  }
  project.provide("postgresTemplate", templateName);

  return async () => {
    rmSync(folder, { recursive: true, force: true });
    if (url && templateName) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${templateName}`);
      await admin.end();
    }
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
