/**
 * Compiles Concord's TypeScript sources (src) to JavaScript in dist/server, file by file with esbuild, so `npm start`
 * runs plain JavaScript instead of compiling on every start. Run by `npm install` (the prepare script) and by
 * scripts/start.mjs when a source is newer than the last build; type checking stays with `npm run typecheck`.
 *
 *   node scripts/build.mjs
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const OUT = join(ROOT, "dist", "server");
/** Written last by a build that succeeded: its time is the build's. */
export const STAMP = join(OUT, ".built");
const SOURCES = join(ROOT, "src");
/** Folders of src holding files other than code that the code finds relative to itself. */
const RESOURCE_FOLDERS = ["core/text/resources"];

/** Every TypeScript source under src, and the time of the newest file there (sources and resources). */
export function sources() {
  const files = [];
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        if (entry.name.endsWith(".ts")) files.push(path);
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  walk(SOURCES);
  return { files, newest };
}

/** True when dist/server is missing or older than a source. */
export function stale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return sources().newest > built;
}

/**
 * Compiles when a source is newer than the last build, one process at a time (two replicas started together wait
 * for each other's build rather than write the same files at once). True when it compiled.
 */
export async function buildIfStale() {
  if (!stale()) return false;
  const lock = `${OUT}.lock`;
  mkdirSync(dirname(OUT), { recursive: true });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error?.code !== "EEXIST") throw error;
      // A build that died holding the lock leaves it behind: one older than a minute is taken over.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another start has been compiling for a minute (${relative(ROOT, lock)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    if (!stale()) return false;
    await build({ clean: false });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Compiles every source (into an emptied dist/server unless `clean` is false); throws with esbuild's messages. */
export async function build({ clean = true } = {}) {
  const { build: esbuild } = await import("esbuild");
  const { files } = sources();
  if (clean) rmSync(OUT, { recursive: true, force: true });
  await esbuild({
    entryPoints: files,
    outdir: OUT,
    outbase: SOURCES,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    logLevel: "silent",
  });
  // Files the code reads beside itself (the drift measure's tables) go where it looks for them.
  for (const folder of RESOURCE_FOLDERS) cpSync(join(SOURCES, folder), join(OUT, folder), { recursive: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return { files: files.length, out: relative(ROOT, OUT) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  build().then(
    ({ files, out }) => console.log(`compiled ${files} sources to ${out} in ${Date.now() - started} ms`),
    (error) => {
      console.error(`Concord could not be compiled: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
