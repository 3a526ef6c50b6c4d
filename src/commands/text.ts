/** C0 and C1 control characters other than tab and newline, which only definition text may hold. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** A line break or tab: allowed in definition text, refused in one-line fields. */
export const LINE_BREAK_OR_TAB = /[\n\t]/;

/** Half of a surrogate pair without its other half; it cannot be stored as UTF-8. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Number of Unicode code points, which is what people count as characters. */
export function countCharacters(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** `5210` → `5,210`, the same whatever the server's locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A value quoted back to the user, shortened so a reply never echoes a whole paragraph. */
export function preview(value: string, max = 40): string {
  const characters = Array.from(value.slice(0, max * 2 + 2));
  return characters.length > max ? `${characters.slice(0, max).join("")}…` : characters.join("");
}

/** The `U+XXXX` name of the first control character in `value`, if any. */
export function findControlCharacter(value: string): string | undefined {
  const match = CONTROL_CHARACTER.exec(value);
  if (!match) return undefined;
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** CRLF and lone CR become LF, so every platform's line breaks look alike. */
export function normaliseNewlines(value: string): string {
  return value.replace(/\r\n?/g, "\n");
}

/** NFKC, trimmed, every whitespace run one space: the shape of a one-line field. */
export function normaliseLine(value: string): string {
  return value.normalize("NFKC").trim().replace(/\s+/g, " ");
}

/** NFKC and trimmed; spaces collapse but line breaks stay (at most one blank line in a row). */
export function normaliseMultiline(value: string): string {
  return normaliseNewlines(value)
    .normalize("NFKC")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
