import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import Ajv04 from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../../src/commands/intents.js";
import {
  ACCENT,
  COLOR_ICON_SIZE,
  OUTLINE_ICON_SIZE,
  renderColorIcon,
  renderOutlineIcon,
} from "../../scripts/make-teams-icons.js";

const folder = fileURLToPath(new URL("../../manifest/teams/", import.meta.url));
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";

interface Command {
  title: string;
  description: string;
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full?: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists: { scopes: string[]; commands: Command[] }[];
  }[];
  permissions?: string[];
  validDomains: string[];
}

const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8")) as Manifest;

/** The official schema of the manifest's own version, as shipped in @microsoft/app-manifest. */
function schemaPath(version: string): string {
  const packageJson = createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json");
  return join(dirname(packageJson), "build/json-schemas/teams", `v${version}`, "MicrosoftTeams.schema.json");
}

const schema = JSON.parse(readFileSync(schemaPath(manifest.manifestVersion), "utf8")) as {
  properties: Record<string, unknown>;
};

function compile(): ValidateFunction {
  const ajv = new Ajv04.default({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; its module object's `default` is the plugin itself.
  formats.default(ajv);
  return ajv.compile(schema);
}

function errorsOf(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : (validate.errors ?? []);
}

const describeErrors = (errors: ErrorObject[]) => errors.map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);

/** A deep copy to break, so no test changes the manifest another test reads. */
const copy = (): Manifest => structuredClone(manifest);

// --- a small PNG reader: chunks (with CRC check), IHDR, and IDAT inflated and un-filtered -------------------

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  chunkTypes: string[];
  /** Bytes per pixel, for 8-bit truecolour (2) and truecolour with alpha (6). */
  channels: number;
  pixels: Uint8Array;
}

function readPng(file: string): Png {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(zlibCrc32(bytes.subarray(at + 4, at + 8 + length)));
    chunkTypes.push(type);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  if (!header) throw new Error(`${file} has no IHDR`);
  const png = {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    bitDepth: header.readUInt8(8),
    colorType: header.readUInt8(9),
    interlace: header.readUInt8(12),
    chunkTypes,
  };
  expect(png.bitDepth).toBe(8);
  expect(png.interlace).toBe(0);
  expect([2, 6]).toContain(png.colorType);
  const channels = png.colorType === 6 ? 4 : 3;
  return { ...png, channels, pixels: unfilter(inflateSync(Buffer.concat(idat)), png.width, png.height, channels) };
}

/** Reverses PNG's per-row filters (None, Sub, Up, Average, Paeth) for 8-bit samples. */
function unfilter(data: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  expect(data.length).toBe((stride + 1) * height);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`Unknown PNG filter type ${filter} on row ${y}`);
      }
      out[y * stride + i] = (row[i]! + predictor) & 0xff;
    }
  }
  return out;
}

// --- the tests -------------------------------------------------------------------------------------------------

describe("Teams app manifest", () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    validate = compile();
  });

  it("names the schema of its own manifest version, one the installed package ships", () => {
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(Number(manifest.manifestVersion.split(".")[1])).toBeGreaterThanOrEqual(17);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(existsSync(schemaPath(manifest.manifestVersion))).toBe(true);
  });

  it("validates against the official schema of its version", () => {
    expect(describeErrors(errorsOf(validate, manifest))).toEqual([]);
  });

  it("fails validation with a short name longer than the schema allows", () => {
    const broken = copy();
    broken.name.short = "Concord, the glossary consensus bot";
    expect(broken.name.short.length).toBeGreaterThan(30);
    const errors = errorsOf(validate, broken);
    expect(errors).toContainEqual(expect.objectContaining({ instancePath: "/name/short", keyword: "maxLength" }));
  });

  it("fails validation without a required property, or with a bot id that is not a GUID", () => {
    const withoutDeveloper: Partial<Manifest> = copy();
    delete withoutDeveloper.developer;
    expect(errorsOf(validate, withoutDeveloper)).toContainEqual(
      expect.objectContaining({ keyword: "required", params: { missingProperty: "developer" } }),
    );

    const badBot = copy();
    badBot.bots[0]!.botId = "concord-bot";
    expect(errorsOf(validate, badBot)).toContainEqual(
      expect.objectContaining({ instancePath: "/bots/0/botId", keyword: "pattern" }),
    );
  });

  it("carries the placeholder app id, documented as 'replace with MICROSOFT_APP_ID', as app id and bot id", () => {
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.version).toBe("0.1.0");
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]!.botId).toBe(manifest.id);
  });

  it("is a conversational bot in personal, team and group chat scopes, without files", () => {
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(expect.arrayContaining(["personal", "team", "groupChat"]));
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
  });

  it("lists Concord's commands for each scope, within Teams' display limits", () => {
    const bot = manifest.bots[0]!;
    const listed = new Set(bot.commandLists.flatMap((list) => list.scopes));
    expect([...listed].sort()).toEqual([...bot.scopes].sort());
    // The schema caps a list at 12 (from v1.24): each scope lists the words most used there, and every word is listed
    // somewhere; `governance channel` only works in a channel, so the team scope lists it.
    const everywhere = new Set(bot.commandLists.flatMap((list) => list.commands.map((command) => command.title)));
    expect([...everywhere].sort()).toEqual([...COMMAND_NAMES].sort());
    expect(bot.commandLists.find((list) => list.scopes.includes("team"))!.commands.map((c) => c.title)).toContain("governance");
    for (const list of bot.commandLists) {
      const titles = list.commands.map((command) => command.title);
      expect(new Set(titles).size, `duplicate titles in ${list.scopes.join(",")}`).toBe(titles.length);
      expect(titles.length).toBeLessThanOrEqual(12);
      expect(titles).toEqual(expect.arrayContaining(["define", "propose", "pending", "help"]));
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
        expect(command.description.trim()).not.toBe("");
      }
    }
  });

  it("names Concord as developer and host, with descriptions within their limits", () => {
    expect(manifest.developer.name).toBe("Concord");
    for (const url of [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) {
      expect(url).toMatch(/^https:\/\/concord\.example\.com\//);
    }
    expect(manifest.name.short).toBe("Concord");
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.validDomains).toEqual(["concord.example.com"]);
  });

  it("asks for the identity and messageTeamMembers permissions while its schema version has them", () => {
    if ("permissions" in schema.properties) {
      expect(manifest.permissions).toEqual(["identity", "messageTeamMembers"]);
    } else {
      expect(manifest.permissions).toBeUndefined();
    }
  });
});

describe("Teams app icons", () => {
  const colorFile = () => join(folder, manifest.icons.color);
  const outlineFile = () => join(folder, manifest.icons.outline);

  it("are the files the manifest names, beside it", () => {
    expect(manifest.icons).toEqual({ color: "color.png", outline: "outline.png" });
    expect(existsSync(colorFile())).toBe(true);
    expect(existsSync(outlineFile())).toBe(true);
  });

  it("colour icon: a 192×192 full-colour PNG on the accent colour", () => {
    const png = readPng(colorFile());
    expect([png.width, png.height]).toEqual([COLOR_ICON_SIZE, COLOR_ICON_SIZE]);
    expect(png.chunkTypes[0]).toBe("IHDR");
    expect(png.chunkTypes.at(-1)).toBe("IEND");
    const colours = new Set<string>();
    for (let i = 0; i < png.pixels.length; i += png.channels) {
      colours.add(Array.from(png.pixels.subarray(i, i + 3)).join(","));
      if (png.channels === 4) expect(png.pixels[i + 3]).toBe(255);
    }
    expect(colours.size).toBeGreaterThan(3);
    const corner = Array.from(png.pixels.subarray(0, 3));
    const accent = [1, 3, 5].map((at) => parseInt(manifest.accentColor.slice(at, at + 2), 16));
    expect(corner).toEqual(accent);
  });

  it("outline icon: a 32×32 RGBA PNG whose every pixel is fully transparent or opaque white", () => {
    const png = readPng(outlineFile());
    expect([png.width, png.height]).toEqual([OUTLINE_ICON_SIZE, OUTLINE_ICON_SIZE]);
    expect(png.colorType).toBe(6);
    let white = 0;
    const offending: string[] = [];
    for (let i = 0; i < png.pixels.length; i += 4) {
      const [r, g, b, a] = png.pixels.subarray(i, i + 4);
      if (a === 255 && r === 255 && g === 255 && b === 255) white++;
      else if (a !== 0) offending.push(`(${(i / 4) % png.width},${Math.floor(i / 4 / png.width)}) rgba ${r},${g},${b},${a}`);
    }
    expect(offending).toEqual([]);
    // A mark, not an empty square: some pixels drawn, most left transparent.
    expect(white).toBeGreaterThan(50);
    expect(white).toBeLessThan(png.width * png.height / 2);
  });

  it("are what scripts/make-teams-icons.ts draws today (rerun it after changing the drawing)", () => {
    const color = readPng(colorFile());
    const outline = readPng(outlineFile());
    expect(Buffer.from(color.pixels).equals(Buffer.from(renderColorIcon().pixels))).toBe(true);
    expect(Buffer.from(outline.pixels).equals(Buffer.from(renderOutlineIcon().pixels))).toBe(true);
    expect(ACCENT.map((c) => c.toString(16).padStart(2, "0")).join("")).toBe(manifest.accentColor.slice(1).toLowerCase());
  });
});
