/**
 * One case's file: YAML front matter with every field of the record (for static-site tools and
 * scripts), then the generated block a person reads. Front-matter keys a person added are kept
 * after the tool's own; the tool's keys are rewritten from the tracker.
 */
import { isMap, parseDocument, stringify } from "yaml";
import type { Rules } from "../core/rules/rules.ts";
import { CASE_FIELDS } from "../core/cases/case-record.ts";
import type { ArchivedCase } from "./archived-case.ts";
import { joinFile, NEW_FILE, splitFile } from "./generated-block.ts";
import { blockText, inlineText, minutesText } from "./markdown-text.ts";

/** The front matter's own keys, in the order written. */
const KEYS = [
  "id", "key", "url", "title", "category", "priority", "labels", "rootCause", "solution", "verification",
  "createdAt", "closedAt", "month", "firstResponseBusinessMinutes", "resolutionBusinessMinutes", "keywords", "slug",
] as const satisfies readonly (keyof ArchivedCase)[];

/** Keys a person added to the front matter, if it still parses as a mapping. */
function addedKeys(frontMatter: string | undefined): Record<string, unknown> {
  if (frontMatter === undefined) return {};
  const doc = parseDocument(frontMatter, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return {};
  const value = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  const mine = new Set<string>(KEYS);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !mine.has(key)));
}

function heading(rules: Rules, field: string): string {
  return rules.fields.get(field)?.title[rules.locale] ?? field;
}

/** A web link as a Markdown link target, or undefined for anything else (a `javascript:` URL). */
function linkTarget(url: string | null): string | undefined {
  if (url === null || !/^https?:\/\//i.test(url)) return undefined;
  return encodeURI(decodeURIComponentSafe(url)).replace(/[()]/g, (c) => (c === "(" ? "%28" : "%29"));
}

function decodeURIComponentSafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** The block a person reads. */
function caseBlock(c: ArchivedCase, rules: Rules): string {
  const url = linkTarget(c.url);
  const ref = url === undefined ? inlineText(c.key) : `[${inlineText(c.key)}](${url})`;
  const facts = [ref, c.priority, c.category ?? "no category", `closed ${c.closedAt.slice(0, 10)}`, `first response ${minutesText(c.firstResponseBusinessMinutes)}`, `resolution ${minutesText(c.resolutionBusinessMinutes)} (business time)`];
  return [
    `# ${inlineText(c.title)}`,
    "",
    facts.map((f, i) => (i === 0 ? f : inlineText(f))).join(" · "),
    "",
    `## ${inlineText(heading(rules, CASE_FIELDS.rootCause))}`,
    "",
    blockText(c.rootCause),
    "",
    `## ${inlineText(heading(rules, CASE_FIELDS.solution))}`,
    "",
    blockText(c.solution),
    "",
    `## ${inlineText(heading(rules, CASE_FIELDS.verification))}`,
    "",
    blockText(c.verification),
    "",
    `Keywords: ${c.keywords.map(inlineText).join(", ")}`,
    ...(c.labels.length > 0 ? [`Labels: ${c.labels.map(inlineText).join(", ")}`] : []),
  ].join("\n");
}

/** The case file's text, keeping what a person wrote outside the block of `existing`, if any. */
export function casePage(c: ArchivedCase, rules: Rules, existing: string | undefined): string {
  const parts = existing === undefined ? NEW_FILE : splitFile(existing, true);
  const own = Object.fromEntries(KEYS.map((key) => [key, c[key]]));
  const frontMatter = stringify({ ...own, ...addedKeys(parts.frontMatter) }, { lineWidth: 0 });
  return joinFile(parts, caseBlock(c, rules), frontMatter);
}
