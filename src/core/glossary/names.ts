import { FORMAT_CHARACTER_NAMES } from "./format-character-names.js";

const FORMAT_CHARACTER = /\p{Cf}/u;

/**
 * The first invisible format character (Unicode category Cf: bidirectional controls such as U+202E, zero-width
 * spaces and joiners, soft hyphens, tag characters) in `value`, written "U+202E RIGHT-TO-LEFT OVERRIDE"; undefined
 * when there is none. Names refuse them: they make a name display differently from what it is stored and
 * matched as ("\u202eremotsuC" shows as "Customer").
 */
export function findFormatCharacter(value: string): string | undefined {
  const match = FORMAT_CHARACTER.exec(value);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const label = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = FORMAT_CHARACTER_NAMES.get(code);
  return name ? `${label} ${name}` : label;
}
