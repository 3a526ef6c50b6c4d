import type { GlossaryExport, GlossaryRecord } from "../core/index.js";

/** The glossary as a readable Markdown document: one section per term, by name within the slug order. */
export function writeGlossaryMarkdown(glossary: GlossaryExport, generatedAt: Date): string {
  const names = new Map(glossary.domains.map((d) => [d.slug, d.name]));
  const domain = (slug: string) => `${escapeInline(names.get(slug) ?? slug)} (\`${slug}\`)`;
  const lines = [
    "# Glossary",
    "",
    `${glossary.terms.length} ${glossary.terms.length === 1 ? "term" : "terms"}, exported from Concord on ${generatedAt.toISOString().slice(0, 10)}.`,
  ];
  for (const term of glossary.terms) {
    lines.push("", `## ${escapeInline(term.name)}${term.status === "deprecated" ? " (deprecated)" : ""}`, "");
    lines.push(...paragraph(term.definition), "");
    if (term.example) lines.push(`*Example:* ${oneLine(term.example)}`, "");
    if (term.formula) lines.push("```", ...term.formula.replaceAll("```", "'''").split(/\r?\n/), "```", "");
    lines.push(...facts(term, domain));
    for (const variant of term.variants) {
      lines.push("", `> **${domain(variant.domain)} uses it as:** ${oneLine(variant.text)}`);
    }
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function facts(term: GlossaryRecord, domain: (slug: string) => string): string[] {
  const facts: string[] = [];
  const version = term.versions?.length;
  facts.push(`- **Owner:** ${term.owner ? domain(term.owner) : "none"}`);
  if (term.consumers.length > 0) facts.push(`- **Consumers:** ${term.consumers.map(domain).join(", ")}`);
  if (term.aliases.length > 0) facts.push(`- **Aliases:** ${term.aliases.map(escapeInline).join(", ")}`);
  if (term.tags.length > 0) facts.push(`- **Tags:** ${term.tags.map(escapeInline).join(", ")}`);
  if (term.policy) facts.push(`- **Policy:** ${term.policy}`);
  if (version) facts.push(`- **Version:** ${version}`);
  return facts;
}

/** Keeps a definition's own line breaks as Markdown paragraphs. */
function paragraph(text: string): string[] {
  return text.split(/\r?\n/).map((line) => escapeBlockStart(line));
}

function oneLine(text: string): string {
  return escapeInline(text.replace(/\s*\r?\n\s*/g, " "));
}

/** Escapes what would turn plain text into Markdown markup. */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

/** Escapes inline markup, and a line start that Markdown would read as a heading, list or quote. */
function escapeBlockStart(line: string): string {
  return escapeInline(line)
    .replace(/^(\s*)([#>+-])(?=\s)/, "$1\\$2")
    .replace(/^(\s*)(\d+)\.(?=\s)/, "$1$2\\.");
}
