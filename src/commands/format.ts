/** Wording shared by every platform's renderers: counts, lists, percentages and relative times. */

/** "in 2 days", "in 5 hours", "3 minutes ago": how far `date` is from `now`. */
export function formatRelative(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  const minutes = Math.abs(ms) / 60_000;
  let span: string;
  if (minutes < 1) span = "less than a minute";
  else if (minutes < 90) span = plural(Math.round(minutes), "minute");
  else if (minutes < 36 * 60) span = plural(Math.round(minutes / 60), "hour");
  else span = plural(Math.round(minutes / (24 * 60)), "day");
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

/** "1 domain", "3 domains". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** "A", "A and B", "A, B and C". */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A 0–1 score as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
