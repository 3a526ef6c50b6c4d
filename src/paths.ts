import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's folder (the one holding package.json), whether Concord runs from its TypeScript sources or from the
 * JavaScript that `npm install` compiles them to (dist/server): files that ship beside the code are found from here.
 */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the project, by its path from the project's folder ("drizzle/migrations"). */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: Concord's files are not where it runs from`);
  }
}
