/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): one local header and body per entry, then the central directory and
 * its end record. No ZIP64, no encryption, no data descriptors; enough for a Teams app package and other small
 * archives. Each entry is deflated when that makes it smaller, else stored. Timestamps are fixed, so the same
 * entries always give the same bytes.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Path inside the archive, with `/` separators and no leading `/`. */
  name: string;
  data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** "Version needed to extract": 2.0, the first with deflate. */
const VERSION_NEEDED = 20;
/** "Version made by": Unix (3) in the high byte, so `unzip` reads the permission bits below. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 1 << 11;
/** MS-DOS date and time of every entry: 1980-01-01 00:00:00, the earliest the format can say. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the one ZIP and PNG use) of some bytes, continuing from `previous` when given. */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

function checkName(name: string): void {
  const problem =
    name === ""
      ? "is empty"
      : name.startsWith("/")
        ? "starts with /"
        : name.includes("\\")
          ? "contains a backslash"
          : name.split("/").some((part) => part === ".." || part === ".")
            ? "contains a . or .. segment"
            : name.endsWith("/")
              ? "ends with / (directories are not supported)"
              : undefined;
  if (problem) throw new Error(`ZIP entry name ${JSON.stringify(name)} ${problem}`);
}

/** A ZIP archive holding `entries`, in that order. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_16) throw new Error(`A ZIP without ZIP64 holds at most ${MAX_16} entries`);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    checkName(entry.name);
    if (seen.has(entry.name)) throw new Error(`ZIP entry name ${JSON.stringify(entry.name)} appears twice`);
    seen.add(entry.name);
    const name = Buffer.from(entry.name, "utf8");
    if (name.length > MAX_16) throw new Error(`ZIP entry name ${JSON.stringify(entry.name)} is too long`);
    if (entry.data.length > MAX_32) throw new Error(`ZIP entry ${entry.name} is too large without ZIP64`);

    const deflated = deflateRawSync(entry.data, { level: 9 });
    const useDeflate = deflated.length < entry.data.length;
    const body = useDeflate ? deflated : entry.data;
    const method = useDeflate ? DEFLATED : STORED;
    const crc = crc32(entry.data);
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : UTF8_NAMES;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(0, 30); // extra field length
    header.writeUInt16LE(0, 32); // comment length
    header.writeUInt16LE(0, 34); // disk number start
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE(FILE_ATTRIBUTES, 38);
    header.writeUInt32LE(offset, 42); // where the local header starts

    parts.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
    if (offset > MAX_32) throw new Error("ZIP archive is too large without ZIP64");
  }

  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk where the central directory starts
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...parts, directory, end]);
}
