import type { IFlattenedRuleSet } from "dependency-cruiser";

/** A package, by its name: resolved into node_modules, or as a bare name. */
const PACKAGE = (names: string) => `(^|node_modules/)(${names})`;
/** Chat platforms' packages: only their own folder may use them. */
const PLATFORM_PACKAGES = PACKAGE("@slack/|botbuilder");
/** What the core must never reach for: platforms, database drivers, the scheduler, HTTP. */
const OUTER_PACKAGES = `${PACKAGE("@slack/|botbuilder|drizzle-orm|postgres/|@electric-sql/|node-cron/|express/")}|^(node:)?https?$`;

/**
 * The layering of Concord's folders, as dependency-cruiser rules: the core is the centre and imports nothing
 * outside it; each chat platform is a face of its own that the shared layers never import; only Teams uses
 * botbuilder.
 */
export const layeringRules: IFlattenedRuleSet = {
  forbidden: [
    {
      name: "core-imports-nothing-outside-it",
      comment: "src/core is the product: it reaches the rest through the ports in src/core/ports.ts.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "core-imports-no-outer-package",
      comment: "src/core never imports a platform, database, scheduler or HTTP package.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: OUTER_PACKAGES },
    },
    {
      name: "slack-does-not-import-teams",
      severity: "error",
      from: { path: "^src/slack/" },
      to: { path: "^src/teams/" },
    },
    {
      name: "teams-does-not-import-slack",
      severity: "error",
      from: { path: "^src/teams/" },
      to: { path: "^src/slack/" },
    },
    {
      name: "shared-layers-import-no-platform",
      comment: "The commands, the view model, the web server and console, and the database serve every platform alike.",
      severity: "error",
      from: { path: "^src/(commands|views|web|db)/" },
      to: { path: "^src/(slack|teams)/" },
    },
    {
      name: "shared-layers-import-no-platform-package",
      severity: "error",
      from: { path: "^src/(commands|views|web|db)/" },
      to: { path: PLATFORM_PACKAGES },
    },
    {
      name: "formats-read-and-write-files-only",
      comment: "src/formats turns files into records and back: it knows the core's types, never the database or a face.",
      severity: "error",
      from: { path: "^src/formats/" },
      to: { path: "^src/", pathNot: "^src/(core|formats)/" },
    },
    {
      name: "only-teams-imports-botbuilder",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/teams/" },
      to: { path: PACKAGE("botbuilder") },
    },
    {
      name: "no-unresolvable-import",
      comment: "An import of our own files that the cruise cannot resolve would slip past every rule above.",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, path: "^\\.\\.?/" },
    },
  ],
};
