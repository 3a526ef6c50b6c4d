import { formatIndexValue } from "../../commands/format.js";
import { html, join, type Html } from "./html.js";

/** One week of the drift index. */
export interface ChartPoint {
  readonly weekStart: Date;
  readonly value: number;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 24, bottom: 44, left: 48 } as const;
const Y_TICKS = [0, 25, 50, 75, 100];
/** Week labels shown under the x axis at most; the first and last week are always labelled. */
const MAX_X_LABELS = 7;

const WEEK = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const WEEK_YEAR = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * The drift index over the weeks as an inline SVG line chart on a fixed 0–100 scale, with axis labels and a
 * <title>/<desc> naming every value for screen readers. One week is drawn as a single dot.
 */
export function renderDriftChart(points: readonly ChartPoint[], options: { id?: string } = {}): Html {
  const id = options.id ?? "drift-chart";
  if (points.length === 0) return html`<p class="muted">No week has been measured yet.</p>`;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) =>
    points.length === 1 ? MARGIN.left + plotWidth / 2 : MARGIN.left + (i / (points.length - 1)) * plotWidth;
  const y = (value: number) => MARGIN.top + (1 - clamp(value) / 100) * plotHeight;
  const coords = points.map((p, i) => ({ x: round(x(i)), y: round(y(p.value)), point: p }));

  const first = points[0]!;
  const last = points.at(-1)!;
  const title = points.length === 1 ? "Drift index this week" : `Drift index over the last ${points.length} weeks`;
  const desc =
    points.length === 1
      ? `Week of ${WEEK_YEAR.format(first.weekStart)}: ${formatIndexValue(first.value)} of 100.`
      : `From ${formatIndexValue(first.value)} in the week of ${WEEK_YEAR.format(first.weekStart)} to ${formatIndexValue(last.value)} in the week of ${WEEK_YEAR.format(last.weekStart)}. Weekly values: ${points.map((p) => `${WEEK.format(p.weekStart)} ${formatIndexValue(p.value)}`).join(", ")}.`;

  const grid = Y_TICKS.map((tick) => {
    const ty = round(y(tick));
    return html`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}"/><text x="${MARGIN.left - 8}" y="${ty + 4}" text-anchor="end">${tick}</text>`;
  });
  const step = Math.max(1, Math.ceil(points.length / MAX_X_LABELS));
  const xLabels = coords
    .filter((_, i) => i === 0 || i === points.length - 1 || (i % step === 0 && points.length - 1 - i >= step / 2))
    .map((c) => html`<text x="${c.x}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${WEEK.format(c.point.weekStart)}</text>`);
  const line =
    coords.length > 1 ? html`<polyline class="line" points="${coords.map((c) => `${c.x},${c.y}`).join(" ")}"/>` : "";
  const dots = coords.map(
    (c) => html`<circle class="dot" cx="${c.x}" cy="${c.y}" r="4"><title>${WEEK_YEAR.format(c.point.weekStart)}: ${formatIndexValue(c.point.value)}</title></circle>`,
  );

  return html`<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">${desc}</desc>
${join(grid)}
<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}"/>
<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom}"/>
${join(xLabels)}
<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle">Week starting</text>
<text transform="rotate(-90)" x="${-(MARGIN.top + plotHeight / 2)}" y="14" text-anchor="middle">Drift index (0–100)</text>
${line}
${join(dots)}
</svg>
<figcaption>0 means every domain's variant says what the agreed definition says; 100 means none shares a word with it.</figcaption>
</figure>`;
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
