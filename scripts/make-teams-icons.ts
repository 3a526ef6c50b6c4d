/**
 * Draws Concord's two Teams app icons and writes them as PNGs into manifest/teams/:
 * - color.png, 192×192 RGB: two overlapping discs (teal and amber: two domains' meanings) on the accent colour,
 *   their overlap white (the agreed definition), drawn in the central 120×120 safe region, anti-aliased.
 * - outline.png, 32×32 RGBA: the same mark as white rings with a filled overlap on transparency. Teams requires an
 *   outline icon's pixels to be white or transparent, so it is drawn without anti-aliasing: alpha is 0 or 255.
 *
 * Run with `npx tsx scripts/make-teams-icons.ts`; the output is deterministic, so the committed files only change
 * when the drawing does. The PNG encoder is the smallest that is correct: 8-bit samples, no interlace, one IDAT
 * chunk, filter type 0 on every row, zlib from node:zlib and CRC-32 from ./zip.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deflateSync } from "node:zlib";
import { crc32 } from "./zip.js";

export interface RasterImage {
  width: number;
  height: number;
  /** 3 = RGB, 4 = RGBA; 8 bits per sample. */
  channels: 3 | 4;
  /** Rows top to bottom, `width * channels` bytes each. */
  pixels: Uint8Array;
}

type Rgb = readonly [number, number, number];

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
/** The manifest's accentColor, #2F4FA8: the colour icon's background. */
export const ACCENT: Rgb = [0x2f, 0x4f, 0xa8];
const TEAL: Rgb = [0x2e, 0xc4, 0xb6];
const AMBER: Rgb = [0xff, 0xb0, 0x20];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A PNG file holding `image`. */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, channels, pixels } = image;
  const stride = width * channels;
  if (pixels.length !== stride * height) throw new Error(`Expected ${stride * height} bytes of pixels, got ${pixels.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(channels === 4 ? 6 : 2, 9); // colour type: 6 truecolour with alpha, 2 truecolour
  header.writeUInt8(0, 10); // compression: deflate
  header.writeUInt8(0, 11); // filter method 0
  header.writeUInt8(0, 12); // no interlace
  const scanlines = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    scanlines[y * (stride + 1)] = 0; // filter type None
    scanlines.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

interface Disc {
  x: number;
  y: number;
  r: number;
}

const inside = (disc: Disc, x: number, y: number) => (x - disc.x) ** 2 + (y - disc.y) ** 2 <= disc.r ** 2;

/** 192×192 RGB: teal and amber discs overlapping in white, on the accent colour; 4×4 supersampled. */
export function renderColorIcon(): RasterImage {
  const size = COLOR_ICON_SIZE;
  // Both discs together span 120×80 px around the centre: inside Teams' 120×120 safe region.
  const left: Disc = { x: 76, y: 96, r: 40 };
  const right: Disc = { x: 116, y: 96, r: 40 };
  const samples = 4;
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          const inLeft = inside(left, px, py);
          const inRight = inside(right, px, py);
          const colour = inLeft && inRight ? WHITE : inLeft ? TEAL : inRight ? AMBER : ACCENT;
          for (let c = 0; c < 3; c++) sum[c]! += colour[c]!;
        }
      }
      for (let c = 0; c < 3; c++) pixels[(y * size + x) * 3 + c] = Math.round(sum[c]! / samples ** 2);
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/**
 * 32×32 RGBA: two white rings and, inside their overlap, a white lens set off from them by a transparent gap;
 * every pixel opaque white or fully transparent.
 */
export function renderOutlineIcon(): RasterImage {
  const size = OUTLINE_ICON_SIZE;
  const ring = 2;
  const gap = 1;
  const left: Disc = { x: 12, y: 16, r: 9.5 };
  const right: Disc = { x: 20, y: 16, r: 9.5 };
  const shrink = (disc: Disc, by: number): Disc => ({ ...disc, r: disc.r - by });
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const onRing = (disc: Disc) => inside(disc, px, py) && !inside(shrink(disc, ring), px, py);
      const inLens = inside(shrink(left, ring + gap), px, py) && inside(shrink(right, ring + gap), px, py);
      if (onRing(left) || onRing(right) || inLens) pixels.set([255, 255, 255, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, channels: 4, pixels };
}

/** Writes color.png and outline.png into `folder`; returns their paths. */
export function writeTeamsIcons(folder: string): string[] {
  const files = [
    [join(folder, "color.png"), encodePng(renderColorIcon())],
    [join(folder, "outline.png"), encodePng(renderOutlineIcon())],
  ] as const;
  for (const [path, png] of files) writeFileSync(path, png);
  return files.map(([path]) => path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const folder = fileURLToPath(new URL("../manifest/teams/", import.meta.url));
  const written = writeTeamsIcons(folder);
  console.log(`Wrote ${written.join(" and ")}`);
}
