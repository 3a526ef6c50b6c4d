import { remove as removeConfusables } from "confusables";

// Only the generic combining-diacritics blocks are dropped: marks that are part of a script's spelling
// (Devanagari vowel signs, Japanese voicing marks, …) must survive or non-Latin names would be mangled.
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

// Latin letters that NFD does not decompose, so the mark-stripping above cannot reach them.
const LATIN_LIGATURES: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};
const LIGATURE_PATTERN = new RegExp(`[${Object.keys(LATIN_LIGATURES).join("")}]`, "g");

const APOSTROPHES = "'’‘`ʼ";
const POSSESSIVE = new RegExp(`(?<=[\\p{L}\\p{M}\\p{N}])[${APOSTROPHES}]s(?![\\p{L}\\p{M}\\p{N}])`, "gu");
const INNER_APOSTROPHE = new RegExp(`(?<=[\\p{L}\\p{M}\\p{N}])[${APOSTROPHES}](?=[\\p{L}\\p{M}\\p{N}])`, "gu");
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** NFKC-normalises, trims and collapses whitespace runs to one space, for names as they are displayed. */
export function cleanDisplayText(input: string): string {
  return input.normalize("NFKC").trim().replace(/\s+/gu, " ");
}

/** Lowercases without regard to locale and folds Latin diacritics ("Café" → "cafe"), keeping other scripts intact. */
export function foldText(input: string): string {
  // Plain ASCII has nothing to decompose, strip or unligature: the common case, and much cheaper.
  if (ASCII_ONLY.test(input)) return input.toLowerCase();
  return input
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(DIACRITICS, "")
    .normalize("NFC")
    .replace(LIGATURE_PATTERN, (letter) => LATIN_LIGATURES[letter] ?? letter);
}

/** Splits folded text into words, dropping possessive 's and joining apostrophe-split words ("don't" → "dont"). */
export function splitWords(folded: string): string[] {
  if (ASCII_ONLY.test(folded)) {
    const joined = folded.includes("'") || folded.includes("`") ? folded.replace(POSSESSIVE, "").replace(INNER_APOSTROPHE, "") : folded;
    return joined.match(ASCII_WORD) ?? [];
  }
  return folded.replace(POSSESSIVE, "").replace(INNER_APOSTROPHE, "").match(WORD) ?? [];
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[A-Za-z0-9]+/g;

/**
 * A name with look-alike letters folded to the Latin ones they mimic (a Cyrillic "С" to "C", "ℂ" to "C"), as a
 * slug: what near-duplicate checks compare, so "Сustomer" is warned of as "Customer". Never stored or shown.
 */
export function confusableSlug(name: string): string {
  return termSlug(removeConfusables(name.normalize("NFKC")));
}

/** The key a term is stored, looked up and linked by: folded, singularised words joined with "-"; "" when it has no letters or digits. */
export function termSlug(name: string): string {
  return splitWords(foldText(name)).map(singularise).join("-");
}

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  people: "person",
  men: "man",
  women: "woman",
  children: "child",
  feet: "foot",
  teeth: "tooth",
  geese: "goose",
  mice: "mouse",
  criteria: "criterion",
  phenomena: "phenomenon",
  indices: "index",
  matrices: "matrix",
  vertices: "vertex",
  appendices: "appendix",
  crises: "crisis",
  theses: "thesis",
  hypotheses: "hypothesis",
  diagnoses: "diagnosis",
  syntheses: "synthesis",
  parentheses: "parenthesis",
  emphases: "emphasis",
  halves: "half",
  lives: "life",
  knives: "knife",
  wives: "wife",
  shelves: "shelf",
  thieves: "thief",
  wolves: "wolf",
  heroes: "hero",
  potatoes: "potato",
  tomatoes: "tomato",
  echoes: "echo",
  vetoes: "veto",
  quizzes: "quiz",
  cookies: "cookie",
  movies: "movie",
  calories: "calorie",
  caches: "cache",
  niches: "niche",
  cliches: "cliche",
  headaches: "headache",
  aliases: "alias",
  biases: "bias",
  canvases: "canvas",
  atlases: "atlas",
  lenses: "lens",
  statuses: "status",
  bonuses: "bonus",
  campuses: "campus",
  viruses: "virus",
  censuses: "census",
  buses: "bus",
  surpluses: "surplus",
  consensuses: "consensus",
  focuses: "focus",
  prospectuses: "prospectus",
  syllabuses: "syllabus",
  // Acronym plurals that the ss/us/is rule below would otherwise keep.
  kpis: "kpi",
  apis: "api",
  rois: "roi",
  skus: "sku",
  cpus: "cpu",
  gpus: "gpu",
};

// Words that end in "s" but are already singular, or are mass nouns whose "singular" nobody would type.
const UNINFLECTED = new Set([
  "alias",
  "bias",
  "canvas",
  "atlas",
  "lens",
  "news",
  "series",
  "species",
  "sales",
  "goods",
  "earnings",
  "proceeds",
  "premises",
  "arrears",
  "analytics",
  "logistics",
  "economics",
  "mathematics",
  "physics",
  "ethics",
  "politics",
  "kudos",
  "chaos",
  "ethos",
  "saas",
  "paas",
  "iaas",
  "faas",
  "daas",
  "devops",
  "devsecops",
  "dataops",
  "finops",
  "mlops",
  "aiops",
  "gitops",
  "revops",
  "secops",
  "bizops",
  "salesops",
  "does",
  "always",
  "perhaps",
  "whereas",
  "towards",
  "afterwards",
  "besides",
]);

/** Turns one lowercase English word into its singular ("companies" → "company"); other words are returned unchanged. */
export function singularise(word: string): string {
  let singular = SINGULARS.get(word);
  if (singular === undefined) {
    singular = singulariseUncached(word);
    // Words repeat far more than they vary: remembering them makes slugging and tokenizing a glossary cheap.
    if (SINGULARS.size >= SINGULAR_CACHE_LIMIT) SINGULARS.clear();
    SINGULARS.set(word, singular);
  }
  return singular;
}

const SINGULAR_CACHE_LIMIT = 200_000;
const SINGULARS = new Map<string, string>();

function singulariseUncached(word: string): string {
  // Own keys only: "constructor" or "toString" must not find Object's prototype.
  if (Object.hasOwn(IRREGULAR_PLURALS, word)) return IRREGULAR_PLURALS[word]!;
  // Only plain Latin words follow English plural rules; digits and other scripts are left as written.
  if (!/^[a-z]+$/.test(word) || word.length <= 3 || UNINFLECTED.has(word)) return word;
  if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (!word.endsWith("s")) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("yses")) return `${word.slice(0, -2)}is`;
  if (/(?:sses|xes|zzes|ches|shes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
