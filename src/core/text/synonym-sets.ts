import { readFileSync } from "node:fs";

/**
 * WordNet's synonym sets (derived by scripts/wordnet-synonyms.ts into a small table in this folder): whether two
 * words can name the same thing. Word vectors rate "retail" and "wholesale" as alike; WordNet keeps them apart and
 * joins "coupon" and "voucher". Loaded on first use, never at start.
 */
export interface SynonymSets {
  /** True when some inflection of `a` and some inflection of `b` share a synonym set. */
  synonyms(a: string, b: string): boolean;
  readonly size: number;
}

const TABLE = new URL("./resources/synonym-sets.txt", import.meta.url);

let loaded: SynonymSets | undefined;

/** The shipped table, read once. */
export function synonymSets(): SynonymSets {
  loaded ??= parseSynonymSets(readFileSync(TABLE, "utf8"));
  return loaded;
}

/** Reads one set a line, words separated by spaces; lines starting with "#" are comments. */
export function parseSynonymSets(text: string): SynonymSets {
  const setsOf = new Map<string, number[]>();
  let size = 0;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    for (const word of line.split(" ")) {
      const sets = setsOf.get(word);
      if (sets) sets.push(size);
      else setsOf.set(word, [size]);
    }
    size += 1;
  }
  // Remembered per word: a glossary's vocabulary is small and every comparison asks again.
  const memo = new Map<string, readonly number[]>();
  const setsOfForms = (word: string): readonly number[] => {
    let out = memo.get(word);
    if (out === undefined) {
      const found: number[] = [];
      for (const form of baseForms(word)) for (const set of setsOf.get(form) ?? []) found.push(set);
      out = found;
      if (memo.size >= 100_000) memo.clear();
      memo.set(word, out);
    }
    return out;
  };
  return {
    size,
    synonyms(a, b) {
      if (a === b) return true;
      const left = setsOfForms(a);
      if (left.length === 0) return false;
      const right = setsOfForms(b);
      return right.some((set) => left.includes(set));
    },
  };
}

/** The word and the base forms it may be inflected from ("rejected" → "reject", "lapsed" → "lapse", "stopping" → "stop"). */
export function baseForms(word: string): string[] {
  const forms = [word];
  const irregular = IRREGULAR_VERBS.get(word);
  if (irregular !== undefined) forms.push(irregular);
  const add = (form: string) => {
    if (form.length >= 2 && !forms.includes(form)) forms.push(form);
  };
  for (const [suffix, replacements] of INFLECTIONS) {
    if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
    const stem = word.slice(0, -suffix.length);
    for (const replacement of replacements) add(stem + replacement);
    // "stopped" → "stop": a doubled final consonant.
    if (stem.length >= 3 && stem.at(-1) === stem.at(-2) && !"aeiou".includes(stem.at(-1)!)) add(stem.slice(0, -1));
  }
  return forms;
}

const IRREGULAR_VERBS: ReadonlyMap<string, string> = new Map([
  ["held", "hold"], ["kept", "keep"], ["made", "make"], ["took", "take"], ["taken", "take"], ["broke", "break"],
  ["broken", "break"], ["sold", "sell"], ["bought", "buy"], ["left", "leave"], ["paid", "pay"], ["spent", "spend"],
  ["won", "win"], ["lost", "lose"], ["met", "meet"], ["sent", "send"], ["went", "go"], ["gone", "go"],
  ["gave", "give"], ["given", "give"], ["wrote", "write"], ["written", "write"], ["ran", "run"], ["found", "find"],
  ["told", "tell"], ["brought", "bring"], ["began", "begin"], ["begun", "begin"], ["chose", "choose"],
  ["chosen", "choose"], ["came", "come"], ["drove", "drive"], ["driven", "drive"], ["fell", "fall"], ["fallen", "fall"],
  ["got", "get"], ["gotten", "get"], ["grew", "grow"], ["grown", "grow"], ["knew", "know"], ["known", "know"],
  ["led", "lead"], ["saw", "see"], ["seen", "see"], ["sought", "seek"], ["spoke", "speak"], ["spoken", "speak"],
  ["stood", "stand"], ["struck", "strike"], ["understood", "understand"], ["withdrew", "withdraw"],
  ["withdrawn", "withdraw"], ["hit", "hit"], ["shut", "shut"], ["set", "set"], ["put", "put"], ["cut", "cut"],
]);

const INFLECTIONS: readonly (readonly [string, readonly string[]])[] = [
  ["ied", ["y"]],
  ["ies", ["y"]],
  ["ed", ["", "e"]],
  ["ing", ["", "e"]],
  ["es", ["", "e"]],
  ["s", [""]],
  ["er", ["", "e"]],
  ["ly", [""]],
];
