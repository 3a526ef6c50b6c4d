/** What must never reach a user: a stack frame, an error's name, a path inside the server, a rendering slip. */
const LEAKS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: "a stack frame", pattern: /\bat [\w.<>]+ \(|\bat (?:file:|node:)|:\d+:\d+\)/ },
  { name: "an error name", pattern: /\b(?:Type|Reference|Syntax|Range|Postgres|Zod)?Error:/ },
  { name: "a server path", pattern: /node_modules|\/work\/|\/src\/|\.ts:\d/ },
  { name: "undefined", pattern: /\bundefined\b/ },
  { name: "[object Object]", pattern: /\[object Object\]/ },
  { name: "NaN", pattern: /\bNaN\b/ },
  { name: "a SQL error", pattern: /invalid byte sequence|syntax error at|violates .* constraint|relation ".*" does not exist/i },
];

/** The leak a user-visible answer shows, if any (undefined when it is polite). */
export function impoliteness(answer: unknown): string | undefined {
  const text = typeof answer === "string" ? answer : JSON.stringify(answer);
  for (const leak of LEAKS) {
    const match = leak.pattern.exec(text);
    if (match) return `${leak.name} ("${text.slice(Math.max(0, match.index - 60), match.index + 60)}")`;
  }
  return undefined;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}
