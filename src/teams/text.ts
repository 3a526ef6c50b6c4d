/** Teams sends message text with HTML entities and a few tags; the command parser wants the plain words. */
export function unescapeTeamsText(text: string): string {
  return text
    .replace(/<(?!\/?at>)[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}
