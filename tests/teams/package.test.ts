import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 as zlibCrc32, inflateRawSync } from "node:zlib";
import Ajv04 from "ajv-draft-04";
import formats from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PackagingError, PLACEHOLDER_APP_ID, packageTeamsApp } from "../../scripts/package-teams.js";
import { createZip, crc32 } from "../../scripts/zip.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const manifestFolder = join(root, "manifest/teams");
const APP_ID = "6f1d3a2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

interface PackagedManifest {
  manifestVersion: string;
  id: string;
  bots: { botId: string }[];
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  validDomains: string[];
}

// --- a small ZIP reader: end record, central directory, local headers, inflate-raw, CRC check ----------------

interface ReadEntry {
  name: string;
  method: number;
  data: Buffer;
}

function readZip(zip: Buffer): ReadEntry[] {
  // The end-of-central-directory record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error("No end-of-central-directory record");
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  expect(at + size).toBe(end);
  const entries: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at), `central header ${i}`).toBe(0x02014b50);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const uncompressedSize = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & (1 << 11) ? "utf8" : "latin1", at + 46, at + 46 + nameLength);

    expect(zip.readUInt32LE(localOffset), `local header of ${name}`).toBe(0x04034b50);
    expect(zip.readUInt16LE(localOffset + 8), `method of ${name} in both headers`).toBe(method);
    expect(zip.readUInt32LE(localOffset + 14), `CRC of ${name} in both headers`).toBe(crc);
    const localName = zip.readUInt16LE(localOffset + 26);
    const localExtra = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localName + localExtra;
    const body = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : undefined;
    if (!data) throw new Error(`${name}: unsupported method ${method}`);
    expect(data.length, `size of ${name}`).toBe(uncompressedSize);
    expect(zlibCrc32(data), `CRC of ${name}`).toBe(crc);
    entries.push({ name, method, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function validateAgainstSchema(manifest: PackagedManifest): string[] {
  const packageJson = createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json");
  const file = join(dirname(packageJson), "build/json-schemas/teams", `v${manifest.manifestVersion}`, "MicrosoftTeams.schema.json");
  const ajv = new Ajv04.default({ strict: false, allErrors: true });
  formats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")) as object);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
}

const hasUnzip = spawnSync("unzip", ["-v"], { stdio: "ignore" }).error === undefined;

describe("Teams app package", () => {
  let temp: string;

  beforeEach(() => {
    temp = mkdtempSync(join(tmpdir(), "concord-teams-package-"));
  });

  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  function build(options: { appId?: string; publicUrl?: string } = {}) {
    const outFile = join(temp, "nested", "concord-teams.zip");
    const result = packageTeamsApp({ ...options, outFile });
    expect(result.outFile).toBe(outFile);
    const entries = readZip(readFileSync(outFile));
    const manifestEntry = entries.find((entry) => entry.name === "manifest.json");
    if (!manifestEntry) throw new Error("manifest.json missing from the package");
    return { outFile, entries, manifest: JSON.parse(manifestEntry.data.toString("utf8")) as PackagedManifest };
  }

  it("holds manifest.json, color.png and outline.png at its root, the icons byte for byte", () => {
    const { entries } = build({ appId: APP_ID });
    expect(entries.map((entry) => entry.name).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    for (const icon of ["color.png", "outline.png"]) {
      const entry = entries.find((candidate) => candidate.name === icon)!;
      expect(entry.data.equals(readFileSync(join(manifestFolder, icon))), icon).toBe(true);
    }
  });

  it("substitutes MICROSOFT_APP_ID for the placeholder app id and bot id, and stays valid", () => {
    const { manifest } = build({ appId: APP_ID });
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain(PLACEHOLDER_APP_ID);
    expect(validateAgainstSchema(manifest)).toEqual([]);
  });

  it("substitutes PUBLIC_URL's host into validDomains and the developer URLs", () => {
    const { manifest } = build({ appId: APP_ID, publicUrl: "https://glossary.acme.com/concord/" });
    expect(manifest.validDomains).toEqual(["glossary.acme.com"]);
    expect(manifest.developer).toMatchObject({
      websiteUrl: "https://glossary.acme.com/concord/",
      privacyUrl: "https://glossary.acme.com/concord/privacy",
      termsOfUseUrl: "https://glossary.acme.com/concord/terms",
    });
    expect(JSON.stringify(manifest)).not.toContain("concord.example.com");
    expect(validateAgainstSchema(manifest)).toEqual([]);
  });

  it("keeps the placeholders when neither setting is given", () => {
    const { manifest } = build();
    expect(manifest.id).toBe(PLACEHOLDER_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(PLACEHOLDER_APP_ID);
    expect(manifest.validDomains).toEqual(["concord.example.com"]);
  });

  it("refuses a MICROSOFT_APP_ID that is not a GUID, or a PUBLIC_URL that is not an http(s) URL, writing nothing", () => {
    const outFile = join(temp, "refused.zip");
    expect(() => packageTeamsApp({ appId: "my-bot", outFile })).toThrow(PackagingError);
    expect(() => packageTeamsApp({ appId: "my-bot", outFile })).toThrow(/^MICROSOFT_APP_ID must be a GUID/);
    expect(() => packageTeamsApp({ appId: APP_ID, publicUrl: "ftp://files.acme.com", outFile })).toThrow(/^PUBLIC_URL must be/);
    expect(existsSync(outFile)).toBe(false);
  });

  it.skipIf(!hasUnzip)("is listed and tested clean by unzip", () => {
    const { outFile } = build({ appId: APP_ID });
    const listing = spawnSync("unzip", ["-l", outFile], { encoding: "utf8" });
    expect(listing.status).toBe(0);
    const names = listing.stdout
      .split("\n")
      .map((line) => /^\s*\d+\s+\S+\s+\S+\s+(\S+)\s*$/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(names.sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const check = spawnSync("unzip", ["-t", outFile], { encoding: "utf8" });
    expect(check.status, check.stdout).toBe(0);
  });

  it("the package:teams script exits 1 with one line for a MICROSOFT_APP_ID that is not a GUID", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/package-teams.ts")], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, MICROSOFT_APP_ID: "not-a-guid", PUBLIC_URL: "" },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      'MICROSOFT_APP_ID must be a GUID such as 00000000-0000-0000-0000-000000000000 (got "not-a-guid")',
    ]);
  });
});

describe("createZip", () => {
  it("stores what deflate would not shrink, deflates the rest, and reads back exactly", () => {
    const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 2654435761) >>> 24));
    const text = Buffer.from("glossary ".repeat(200));
    const entries = readZip(
      createZip([
        { name: "noise.bin", data: noise },
        { name: "docs/readme.txt", data: text },
        { name: "définition.txt", data: Buffer.from("é") },
        { name: "empty", data: Buffer.alloc(0) },
      ]),
    );
    expect(entries.map((entry) => [entry.name, entry.method])).toEqual([
      ["noise.bin", 0],
      ["docs/readme.txt", 8],
      ["définition.txt", 0],
      ["empty", 0],
    ]);
    expect(entries[0]!.data.equals(noise)).toBe(true);
    expect(entries[1]!.data.equals(text)).toBe(true);
    expect(entries[2]!.data.toString("utf8")).toBe("é");
    expect(entries[3]!.data.length).toBe(0);
  });

  it("gives the same bytes for the same entries", () => {
    const entries = [{ name: "a.txt", data: Buffer.from("agreed") }];
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });

  it("refuses names that would escape the root, repeat, or be empty", () => {
    const data = Buffer.from("x");
    for (const name of ["", "/abs.txt", "../up.txt", "a/../b.txt", "a\\b.txt", "dir/"]) {
      expect(() => createZip([{ name, data }]), JSON.stringify(name)).toThrow(/ZIP entry name/);
    }
    expect(() => createZip([{ name: "a", data }, { name: "a", data }])).toThrow(/appears twice/);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.from("hello world"))).toBe(zlibCrc32(Buffer.from("hello world")));
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});
