import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { projectPath } from "../paths.js";

/*
 * Creating a PGlite database folder runs PostgreSQL's initdb inside WebAssembly: 3–6 seconds, most of a first start.
 * `npm run db:template` stores a freshly created and migrated folder once, as PGlite's own dump (a gzipped tar);
 * a new folder is unpacked from it in a fraction of that, and the migrator then applies whatever the template
 * lacks. tests/db/pglite-template.test.ts fails when the template is missing a migration.
 */

/** The dump of a new, fully migrated PGlite folder. */
export const pgliteTemplateFile = projectPath("drizzle/pglite/template.tar.gz");

const BLOCK = 512;

/** Left in a folder while the template is unpacked into it: a folder holding it was interrupted half-way. */
const UNPACKING_MARKER = ".concord-unpacking";

/**
 * Unpacks the template into `dataDir` when that folder does not exist yet or holds nothing but the entries `keep`
 * names (its lock); true when it did. Unpacks in place under a marker file, so a start interrupted half-way leaves a
 * folder that the next start unpacks again rather than half a database.
 */
export function seedPgliteFolder(dataDir: string, template = pgliteTemplateFile, keep: (name: string) => boolean = () => false): boolean {
  const target = resolve(dataDir);
  const marker = join(target, UNPACKING_MARKER);
  const entries = existsSync(target) ? readdirSync(target).filter((name) => !keep(name)) : [];
  const interrupted = entries.includes(UNPACKING_MARKER);
  if (entries.length > 0 && !interrupted) return false;
  if (!existsSync(template)) return false;
  const archive = gunzipSync(readFileSync(template));
  mkdirSync(target, { recursive: true });
  for (const name of entries) rmSync(join(target, name), { recursive: true, force: true });
  writeFileSync(marker, "");
  untar(archive, target);
  rmSync(marker);
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
