import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, migrationsFolder, openDatabase } from "../../src/db/open.js";
import { rowsOf } from "../../src/db/rows.js";
import { seedPgliteFolder, untar } from "../../src/db/pglite-template.js";
import { sql } from "drizzle-orm";

const scratch = mkdtempSync(join(tmpdir(), "concord-template-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A ustar header for one entry (name, size, type), as PGlite's dump writes them. */
function header(name: string, size: number, type: "0" | "5" | "2"): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, "utf8");
  block.write("0000666\0", 100);
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  block.write(type, 156);
  block.write("ustar\0", 257);
  return block;
}

describe("the PGlite template a new data folder starts from", () => {
  it("holds every migration: a folder unpacked from it needs none applied", async () => {
    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    const folder = join(scratch, "fresh");
    expect(seedPgliteFolder(folder)).toBe(true);
    const opened = openDatabase({ dataDir: folder });
    try {
      const applied = async () =>
        Number(rowsOf<{ n: number }>(await opened.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n);
      // If this fails, run `npm run db:template` after adding a migration.
      expect(await applied()).toBe(journal.entries.length);
      await migrateDatabase(opened);
      expect(await applied()).toBe(journal.entries.length);
      const [answer] = rowsOf<{ similarity: number }>(await opened.db.execute(sql`select similarity('customer', 'custmer') as similarity`));
      expect(Number(answer!.similarity)).toBeGreaterThan(0.4);
    } finally {
      await opened.close();
    }
  });

  it("leaves a folder that already holds anything alone", () => {
    const folder = join(scratch, "used");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "notes.txt"), "mine");
    expect(seedPgliteFolder(folder)).toBe(false);
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(folder, "PG_VERSION"))).toBe(false);
  });

  it("refuses an archive entry that points outside its folder, or is not a file or folder, and leaves nothing", () => {
    const escape = Buffer.concat([header("../escaped", 4, "0"), Buffer.from("evil".padEnd(512, "\0")), Buffer.alloc(1024)]);
    expect(() => untar(escape, join(scratch, "escape"))).toThrow(/outside its folder/);
    expect(existsSync(join(scratch, "escaped"))).toBe(false);
    const link = Buffer.concat([header("/base/link", 0, "2"), Buffer.alloc(1024)]);
    expect(() => untar(link, join(scratch, "link"))).toThrow(/neither a file nor a folder/);
  });
});
