import { checkImportRecords, type GlossaryExport, type GlossaryRecord } from "../../../src/core/index.js";
import { GlossaryFileError, type ReadGlossary } from "../../../src/formats/types.js";

/** The problems a GlossaryFileError carries, as "where: message" strings. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof GlossaryFileError) return error.problems.map((p) => `${p.where}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a GlossaryFileError");
}

/** What an import would make of a read file, as a glossary to export again: the checked records and the file's fields. */
export function asExport(read: ReadGlossary): GlossaryExport {
  return {
    domains: read.domains as GlossaryExport["domains"],
    terms: checkImportRecords(read.records, { domains: read.domains }),
    ...(read.extras ? { extras: read.extras } : {}),
  };
}

export function termNamed(glossary: GlossaryExport, name: string): GlossaryRecord {
  const term = glossary.terms.find((t) => t.name === name);
  if (!term) throw new Error(`no term ${name}`);
  return term;
}
