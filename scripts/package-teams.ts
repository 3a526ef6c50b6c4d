/**
 * Builds the Teams app package: `npm run package:teams` writes dist/concord-teams.zip holding manifest.json,
 * color.png and outline.png at its root, ready for Teams' "Upload a custom app" or the Teams admin centre.
 *
 * manifest/teams/manifest.json carries placeholders that this script replaces:
 * - `id` and `bots[0].botId` are 00000000-0000-0000-0000-000000000000: replace with MICROSOFT_APP_ID. Set
 *   MICROSOFT_APP_ID (the bot's Microsoft app id, a GUID) when packaging and both become that id; without it the
 *   package keeps the placeholder, which Teams will not connect to any bot.
 * - the host concord.example.com in `validDomains` and in the developer website, privacy and terms URLs: set
 *   PUBLIC_URL (where Concord's pages are served, e.g. https://concord.acme.com) and they point there instead.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createZip } from "./zip.js";

/** The GUID standing for the app id in the committed manifest. */
export const PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000";
/** The host standing for Concord's public address in the committed manifest. */
export const PLACEHOLDER_HOST = "concord.example.com";
export const MANIFEST_DIR = fileURLToPath(new URL("../manifest/teams/", import.meta.url));
export const DEFAULT_OUT_FILE = fileURLToPath(new URL("../dist/concord-teams.zip", import.meta.url));

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const DEVELOPER_URLS = ["websiteUrl", "privacyUrl", "termsOfUseUrl"] as const;

/** The parts of the manifest this script reads or rewrites; everything else passes through untouched. */
interface TeamsManifest {
  id: string;
  developer: Record<(typeof DEVELOPER_URLS)[number], string> & Record<string, unknown>;
  icons: { color: string; outline: string };
  bots?: { botId: string }[];
  validDomains?: string[];
  [key: string]: unknown;
}

export interface PackageOptions {
  /** MICROSOFT_APP_ID: replaces the placeholder app id and bot id. Must be a GUID. */
  appId?: string | undefined;
  /** PUBLIC_URL: its host replaces the placeholder host in validDomains and the developer URLs. */
  publicUrl?: string | undefined;
  /** Where to write the zip; its folder is created when missing. */
  outFile: string;
  /** The folder holding manifest.json and the icons; manifest/teams/ by default. */
  manifestDir?: string;
}

export interface PackageResult {
  outFile: string;
  /** The manifest as written into the package. */
  manifest: TeamsManifest;
}

/** A setting or input the package cannot be built from; its message is one line, fit to show as is. */
export class PackagingError extends Error {
  override name = "PackagingError";
}

/** PUBLIC_URL parsed: an http(s) URL without credentials, query or fragment. */
function parsePublicUrl(raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash) {
    throw new PackagingError(
      `PUBLIC_URL must be an http:// or https:// URL without credentials, query or fragment, such as https://concord.acme.com (got ${JSON.stringify(raw)})`,
    );
  }
  return url;
}

/** `placeholderUrl` moved from the placeholder host to `base`, keeping its path under base's path. */
function rebase(placeholderUrl: string, base: URL): string {
  const url = new URL(placeholderUrl);
  if (url.hostname !== PLACEHOLDER_HOST) return placeholderUrl;
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${url.pathname}${url.search}${url.hash}`;
}

/** The manifest with the app id and public address substituted for their placeholders. */
export function substitute(manifest: TeamsManifest, options: Pick<PackageOptions, "appId" | "publicUrl">): TeamsManifest {
  const result = structuredClone(manifest);
  if (options.appId !== undefined) {
    if (!GUID.test(options.appId)) {
      throw new PackagingError(
        `MICROSOFT_APP_ID must be a GUID such as ${PLACEHOLDER_APP_ID} (got ${JSON.stringify(options.appId)})`,
      );
    }
    // The Teams app and its bot share the one Microsoft app id Concord runs with.
    result.id = options.appId;
    const bot = result.bots?.[0];
    if (bot) bot.botId = options.appId;
  }
  if (options.publicUrl !== undefined) {
    const base = parsePublicUrl(options.publicUrl);
    if (result.validDomains) {
      result.validDomains = [
        ...new Set(result.validDomains.map((domain) => (domain === PLACEHOLDER_HOST ? base.host : domain))),
      ];
    }
    for (const key of DEVELOPER_URLS) result.developer[key] = rebase(result.developer[key], base);
  }
  return result;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new PackagingError(`Cannot read the Teams ${what} ${path} (${reason})`);
  }
}

/** Writes the Teams app package to `options.outFile`. Throws PackagingError on a bad setting or a missing file. */
export function packageTeamsApp(options: PackageOptions): PackageResult {
  const folder = options.manifestDir ?? MANIFEST_DIR;
  const manifestPath = join(folder, "manifest.json");
  let manifest: TeamsManifest;
  try {
    manifest = JSON.parse(readFile(manifestPath, "manifest").toString("utf8")) as TeamsManifest;
  } catch (error) {
    if (error instanceof PackagingError) throw error;
    throw new PackagingError(`The Teams manifest ${manifestPath} is not valid JSON (${(error as Error).message})`);
  }
  const packaged = substitute(manifest, options);
  const icons = [...new Set([packaged.icons.color, packaged.icons.outline])];
  const zip = createZip([
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(packaged, null, 2)}\n`, "utf8") },
    ...icons.map((icon) => ({ name: icon, data: readFile(join(folder, icon), "icon") })),
  ]);
  const outFile = resolve(options.outFile);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, manifest: packaged };
}

/** A setting from the environment; empty counts as unset, surrounding spaces are ignored. */
function setting(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const appId = setting("MICROSOFT_APP_ID");
    const { outFile, manifest } = packageTeamsApp({
      appId,
      publicUrl: setting("PUBLIC_URL"),
      outFile: DEFAULT_OUT_FILE,
    });
    const shown = relative(process.cwd(), outFile) || outFile;
    const note = appId ? `app id ${manifest.id}` : `placeholder app id ${PLACEHOLDER_APP_ID}: set MICROSOFT_APP_ID`;
    console.log(`Teams app package written to ${shown} (${note})`);
  } catch (error) {
    console.error(error instanceof PackagingError ? error.message : `Packaging failed: ${String(error)}`);
    process.exit(1);
  }
}
