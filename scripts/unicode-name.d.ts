// The npm package unicode-name ships no types; this is the one function Concord's script and its test use.
declare module "unicode-name" {
  /** The character's Unicode name (or its alias or label), by the character or its code point. */
  export function unicodeName(character: string | number): string | undefined;
}
