/** HTML built from tagged templates: every interpolated value is escaped unless it is already `Html`. */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Markup that is safe to insert as it is: built by `html`, or escaped text. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Anything a template may interpolate: text (escaped), numbers, markup, lists of these; null, undefined and false vanish. */
export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

/** Escapes text for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A template whose interpolations are escaped: html`<p>${userText}</p>`. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** Markup known to be safe (constants written here, never user text). */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Joins pieces of markup with a separator (escaped like any text). */
export function join(items: readonly Interpolation[], separator: Interpolation = ""): Html {
  const sep = render(separator);
  return new Html(items.map(render).join(sep));
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false || value === true) return "";
  if (value instanceof Html) return value.value;
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeHtml(value);
  return value.map(render).join("");
}

/** A query string from parameters, leaving out empty ones: "?q=churn&page=2" or "". */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** A <time> element: "2 Mar 2026, 09:00 UTC", with the ISO instant for machines. */
export function time(date: Date, options: { dateOnly?: boolean } = {}): Html {
  const text = options.dateOnly ? DATE.format(date) : `${DATE_TIME.format(date)} UTC`;
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

/** A word diff as markup: removed words in <del>, added words in <ins>, all text escaped. */
export function renderDiff(parts: readonly { readonly kind: "same" | "added" | "removed"; readonly text: string }[]): Html {
  return join(
    parts.map((part) =>
      part.kind === "added" ? html`<ins>${part.text}</ins>` : part.kind === "removed" ? html`<del>${part.text}</del>` : part.text,
    ),
  );
}

/** The first line of a text, cut to about `max` characters on a word boundary. */
export function oneLine(text: string, max = 160): string {
  const line = text.trim().split(/\r?\n/u)[0] ?? "";
  const flat = line.replace(/\s+/gu, " ");
  const cut = flat.length > max || line !== text.trim();
  if (flat.length <= max) return cut ? `${flat} …` : flat;
  const slice = flat.slice(0, max);
  const space = slice.lastIndexOf(" ");
  return `${(space > max / 2 ? slice.slice(0, space) : slice).trimEnd()}…`;
}
