import type { DbtNote } from "../../core/usages/types.js";

/** Artifacts that are not dbt's (or not of a version Concord reads), with where each problem is. */
export class DbtFileError extends Error {
  override readonly name = "DbtFileError";
  constructor(readonly problems: readonly DbtNote[]) {
    super(problems.map((p) => `${p.where} ${p.message}`).join("\n"));
  }
}
