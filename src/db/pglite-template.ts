import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/*
 * Creating a PGlite database folder runs PostgreSQL's initdb inside WebAssembly: 3–6 seconds, most of a first start.
 * `npm run db:template` stores a freshly created and migrated folder once, as PGlite's own dump (a gzipped tar);
 * a new folder is unpacked from it in a fraction of that, and the migrator then applies whatever the template
 * lacks. tests/db/pglite-template.test.ts fails when the template is missing a migration.
 */

/** The dump of a new, fully migrated PGlite folder. */
export const pgliteTemplateFile = fileURLToPath(new URL("../../drizzle/pglite/template.tar.gz", import.meta.url));

const BLOCK = 512;

/**
 * Unpacks the template into `dataDir` when that folder does not exist yet or is empty; true when it did. Unpacks
 * beside it and renames into place, so a start interrupted half-way never leaves half a database behind.
 */
export function seedPgliteFolder(dataDir: string, template = pgliteTemplateFile): boolean {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  if (!existsSync(template)) return false;
  const target = resolve(dataDir);
  const staging = `${target}.unpacking-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    untar(gunzipSync(readFileSync(template)), staging);
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return true;
}

/** Extracts a ustar archive of directories and regular files (what PGlite's dump holds) under `folder`. */
export function untar(archive: Buffer, folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header[0] === 0) break;
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isFinite(size) || size < 0) throw new Error(`the template's entry ${name} has no readable size`);
    const path = resolve(folder, `.${sep}${prefix ? `${prefix}/` : ""}${name}`);
    const inside = relative(folder, path);
    if (inside.startsWith("..") || resolve(folder, inside) !== path) throw new Error(`the template's entry ${name} points outside its folder`);
    const body = offset + BLOCK;
    if (type === "5") mkdirSync(path, { recursive: true });
    else if (type === "0" || type === "\0") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, archive.subarray(body, body + size));
    } else throw new Error(`the template's entry ${name} is neither a file nor a folder (type ${type})`);
    offset = body + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString("utf8");
}
