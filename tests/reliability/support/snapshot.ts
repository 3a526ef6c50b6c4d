import { sql } from "drizzle-orm";
import type { Database } from "../../../src/db/database.js";
import { rowsOf } from "../../../src/db/rows.js";

/** One table's row count and a checksum of its rows. */
export interface TableState {
  readonly rows: number;
  readonly checksum: string | null;
}

/** Every table of Concord's schema, by name, with its row count and an md5 of its rows in a stable order. */
export async function snapshotTables(db: Database, except: readonly string[] = []): Promise<Record<string, TableState>> {
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  )
    .map((r) => r.tablename)
    .filter((name) => !except.includes(name));
  const state: Record<string, TableState> = {};
  for (const table of tables) {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const [row] = rowsOf<{ rows: string | number; checksum: string | null }>(
      await db.execute(
        sql.raw(`select count(*) as rows, md5(string_agg(t::text, ',' order by t::text)) as checksum from ${quoted} t`),
      ),
    );
    state[table] = { rows: Number(row!.rows), checksum: row!.checksum };
  }
  return state;
}

/** The tables whose rows differ between two snapshots, with their counts before and after. */
export function changedTables(before: Record<string, TableState>, after: Record<string, TableState>) {
  const changed: Record<string, { before: number; after: number }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[table];
    const b = after[table];
    if (a?.rows !== b?.rows || a?.checksum !== b?.checksum) changed[table] = { before: a?.rows ?? 0, after: b?.rows ?? 0 };
  }
  return changed;
}
