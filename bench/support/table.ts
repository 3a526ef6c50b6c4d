/** One line of a database's summary: what was measured, the bar from PRODUCT.md (if any) and whether it holds. */
export interface BarRow {
  readonly what: string;
  /** "—" when PRODUCT.md sets no bar for it. */
  readonly bar: string;
  readonly measured: string;
  /** null for no bar. */
  readonly holds: boolean | null;
}

/** A plain-text table with the columns `what | bar | measured | holds?`. */
export function formatBarTable(rows: readonly BarRow[]): string {
  const cells = rows.map((row) => [row.what, row.bar, row.measured, row.holds === null ? "—" : row.holds ? "✓" : "✗"]);
  const header = ["what", "bar", "measured", "holds?"];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: readonly string[]) => `  ${cell.map((text, column) => text.padEnd(widths[column]!)).join(" | ")}`.trimEnd();
  return [line(header), `  ${widths.map((width) => "-".repeat(width)).join("-|-")}`, ...cells.map(line)].join("\n");
}
