import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, describe, expect, it } from "vitest";
import { layeringRules } from "../layering/rules.js";

const root = new URL("../..", import.meta.url).pathname;

/** The rules each import under `baseDir/src` breaks, as "from → to (rule)". */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(
    ["src"],
    { baseDir, validate: true, ruleSet: layeringRules, tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" } },
    { extensionAlias: { ".js": [".ts", ".js"] }, conditionNames: ["import", "node", "default"] },
    { tsConfig: extractTSConfig(join(root, "tsconfig.json")) },
  );
  const output = result.output as ICruiseResult;
  // A package is named as it is imported, wherever node_modules is.
  const name = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1");
  return output.summary.violations.map((v) => `${v.from} → ${name(v.to)} (${v.rule.name})`);
}

describe("the layering of Concord's folders", () => {
  const scratch = mkdtempSync(join(tmpdir(), "concord-layering-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function write(files: Record<string, string>): string {
    const dir = mkdtempSync(join(scratch, "case-"));
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), source);
    }
    return dir;
  }

  it("holds in src: the core imports nothing outside it, platforms never import each other or reach the shared layers", async () => {
    expect(await violations(root)).toEqual([]);
  }, 60_000);

  it("reads every import of src", async () => {
    const result = await cruise(["src"], { baseDir: root, tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" } }, {}, { tsConfig: extractTSConfig(join(root, "tsconfig.json")) });
    const modules = (result.output as ICruiseResult).modules.filter((m) => m.source.startsWith("src/"));
    const files = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).filter((file) => /\.[jt]s$/.test(file));
    expect(modules.length).toBe(files.length);
    expect(modules.find((m) => m.source === "src/web/console/index.ts")?.dependencies.map((d) => d.resolved)).toContain("src/views/index.ts");
  }, 60_000);

  it("catches the console importing Teams, a platform importing the other, the core importing a driver and botbuilder elsewhere", async () => {
    const dir = write({
      "src/teams/cards/index.ts": "export const card = 1;\n",
      "src/slack/blocks/index.ts": 'import { card } from "../../teams/cards/index.js";\nexport const block = card;\n',
      "src/web/console/index.ts": 'import type { card } from "../../teams/cards/index.js";\nexport type Page = typeof card;\n',
      "src/core/glossary.ts": 'import { sql } from "drizzle-orm";\nimport { block } from "../slack/blocks/index.js";\nexport const core = [sql, block];\n',
      "src/views/model.ts": 'import { TurnContext } from "botbuilder";\nexport const view = TurnContext;\n',
    });
    expect((await violations(dir)).sort()).toEqual(
      [
        "src/core/glossary.ts → drizzle-orm (core-imports-no-outer-package)",
        "src/core/glossary.ts → src/slack/blocks/index.ts (core-imports-nothing-outside-it)",
        "src/slack/blocks/index.ts → src/teams/cards/index.ts (slack-does-not-import-teams)",
        "src/views/model.ts → botbuilder (only-teams-imports-botbuilder)",
        "src/views/model.ts → botbuilder (shared-layers-import-no-platform-package)",
        "src/web/console/index.ts → src/teams/cards/index.ts (shared-layers-import-no-platform)",
      ].sort(),
    );
  }, 60_000);
});
