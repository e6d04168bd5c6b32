/**
 * The knowledge base's front page (`README.md` of the archive folder): every case by category,
 * by month (newest first) and by keyword, linked to its file. Only the generated block is the
 * tool's; a person's introduction above it or notes below it are kept.
 */
import type { ArchivedCase } from "./archived-case.ts";
import { joinFile, NEW_FILE, splitFile } from "./generated-block.ts";
import { inlineText } from "./markdown-text.ts";

const NO_CATEGORY = "(no category)";

const link = (c: ArchivedCase): string => `[${inlineText(c.key)} ${inlineText(c.title)}](${c.path})`;
const item = (c: ArchivedCase): string => `- ${link(c)} — ${c.priority}, ${c.closedAt.slice(0, 10)}`;

function grouped(cases: readonly ArchivedCase[], keys: (c: ArchivedCase) => readonly string[]): Map<string, ArchivedCase[]> {
  const groups = new Map<string, ArchivedCase[]>();
  for (const c of cases) for (const key of new Set(keys(c))) groups.set(key, [...(groups.get(key) ?? []), c]);
  return groups;
}

/** The page's generated block for the cases (sorted newest first). */
function indexBlock(cases: readonly ArchivedCase[]): string {
  const newest = [...cases].sort((a, b) => b.closedAt.localeCompare(a.closedAt) || a.id.localeCompare(b.id));
  const out = ["# Case archive", "", `${cases.length} solved ${cases.length === 1 ? "case" : "cases"}, each with its root cause, solution and verification.`, ""];
  const byCategory = [...grouped(newest, (c) => [c.category ?? NO_CATEGORY])].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  out.push("## By category", "");
  for (const [category, list] of byCategory) out.push(`### ${inlineText(category)} (${list.length})`, "", ...list.map(item), "");
  out.push("## By month", "");
  for (const [month, list] of [...grouped(newest, (c) => [c.month])].sort((a, b) => b[0].localeCompare(a[0]))) out.push(`### ${month} (${list.length})`, "", ...list.map(item), "");
  out.push("## By keyword", "", "| Keyword | Cases |", "| --- | --- |");
  const byKeyword = [...grouped(newest, (c) => c.keywords)].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [keyword, list] of byKeyword) out.push(`| ${inlineText(keyword)} | ${list.map((c) => `[${inlineText(c.key)}](${c.path})`).join(", ")} |`);
  return out.join("\n");
}

/** The index page's text, keeping what a person wrote outside the block of `existing`, if any. */
export function indexPage(cases: readonly ArchivedCase[], existing: string | undefined): string {
  return joinFile(existing === undefined ? NEW_FILE : splitFile(existing, false), indexBlock(cases));
}
