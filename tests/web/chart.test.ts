import { describe, expect, it } from "vitest";
import { renderDriftChart } from "../../src/web/pages/chart.js";

const WEEK = 7 * 24 * 60 * 60 * 1000;
const start = new Date("2026-01-05T00:00:00Z");

function weeks(values: readonly number[]) {
  return values.map((value, i) => ({ weekStart: new Date(start.getTime() + i * WEEK), value }));
}

function attr(svg: string, element: string, name: string): string[] {
  return [...svg.matchAll(new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`, "g"))].map((m) => m[1]!);
}

describe("drift index chart", () => {
  it("draws one week as a single dot with accessible title and description", () => {
    const svg = renderDriftChart(weeks([42.5])).value;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="drift-chart-title drift-chart-desc"');
    expect(svg).toContain('<title id="drift-chart-title">Drift index this week</title>');
    expect(svg).toContain('<desc id="drift-chart-desc">Week of 5 Jan 2026: 42.5 of 100.</desc>');
    expect(svg).not.toContain("<polyline");
    expect(attr(svg, "circle", "cx")).toEqual(["332"]);
    // y: top 16, plot height 200 → 42.5 sits at 16 + 0.575 * 200.
    expect(attr(svg, "circle", "cy")).toEqual(["131"]);
    expect(svg).toContain(">5 Jan</text>");
  });

  it("draws twelve weeks as a line across the plot with every value in the description", () => {
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 55.5];
    const svg = renderDriftChart(weeks(values)).value;
    expect(svg).toContain("Drift index over the last 12 weeks</title>");
    expect(svg).toContain("From 0.0 in the week of 5 Jan 2026 to 55.5 in the week of 23 Mar 2026.");
    expect(svg).toContain("Weekly values: 5 Jan 0.0, 12 Jan 10.0,");
    const points = (attr(svg, "polyline", "points")[0] ?? "").split(" ").map((p) => p.split(",").map(Number));
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual([48, 216]);
    expect(points[10]).toEqual([564.4, 16]);
    expect(points[11]).toEqual([616, 105]);
    const xs = points.map((p) => p[0]!);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(attr(svg, "circle", "cx")).toHaveLength(12);
    // Week labels are thinned so they do not collide; the first and last are always there.
    const labels = [...svg.matchAll(/text-anchor="middle">(\d+ \w{3})<\/text>/g)].map((m) => m[1]);
    expect(labels[0]).toBe("5 Jan");
    expect(labels.at(-1)).toBe("23 Mar");
    expect(labels.length).toBeLessThanOrEqual(7);
  });

  it("labels both axes on a fixed 0–100 scale", () => {
    const svg = renderDriftChart(weeks([5, 6])).value;
    for (const tick of [0, 25, 50, 75, 100]) expect(svg).toContain(`text-anchor="end">${tick}</text>`);
    expect(svg).toContain("Drift index (0–100)</text>");
    expect(svg).toContain("Week starting</text>");
  });

  it("keeps out-of-range values inside the plot", () => {
    const svg = renderDriftChart(weeks([-5, 140])).value;
    expect(attr(svg, "circle", "cy")).toEqual(["216", "16"]);
  });

  it("says so when no week has been measured", () => {
    expect(renderDriftChart([]).value).toContain("No week has been measured yet.");
  });
});
