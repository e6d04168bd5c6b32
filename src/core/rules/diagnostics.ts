/**
 * Rule diagnostics: values, never thrown. Each says where (file:line:col and the dotted path),
 * what was expected and what was found.
 */
import { editDistance } from "../text/edit-distance.ts";
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";

/** The kinds of names a rule file declares in one section and refers to elsewhere. */
export type RefKind = "field" | "clock" | "category" | "priority" | "calendar" | "group";

export type RulePath = readonly (string | number)[];

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  /** Dotted path inside the rule file, e.g. `sla.clocks.resolution.targets.P2`. */
  path: string;
  message: string;
  /**
   * A warning: the rules load and run as written, but probably not as meant (a time zone left
   * to the preset). Never changes an exit code. Absent for errors, which stop the rules loading.
   */
  severity?: "warning";
}

/**
 * `rules.yml:12:5: sla.warn-at: expected a percentage like 75%, found "75"`; a warning reads
 * `rules.yml:1:10: warning: calendars.business.timezone: …`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path === "" ? "" : `${d.path}: `;
  return `${d.file}:${d.line}:${d.col}: ${d.severity === "warning" ? "warning: " : ""}${where}${d.message}`;
}

/** Render a path as users write it: `rules[2].when.all[0].label`. */
export function dottedPath(path: RulePath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/** A parsed YAML source, kept to locate diagnostics. */
export interface SourceFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

function childNode(node: unknown, key: string | number, wantKey: boolean): Node | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(key)) return (wantKey ? pair.key : pair.value) as Node | undefined;
    }
    return undefined;
  }
  if (isSeq(node) && typeof key === "number") return node.items[key] as Node | undefined;
  return undefined;
}

/**
 * Find the node at `path` (or its deepest existing ancestor) and return its position and how
 * much of the path exists. With `atKey`, point at the key of the last segment that exists
 * (unknown keys; a setting that lacks a key it needs).
 */
export function locate(source: SourceFile, path: RulePath, atKey = false): { line: number; col: number; depth: number } {
  let node: unknown = source.doc.contents;
  let best: unknown = node;
  let key: unknown;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    const next = childNode(node, segment, false);
    const nextKey = childNode(node, segment, true);
    if (next === undefined || next === null) {
      // `? key` with no value: the key is all there is to point at.
      if (nextKey !== undefined && nextKey !== null) key = nextKey;
      break;
    }
    key = nextKey;
    node = next;
    best = next;
    depth = i + 1;
  }
  if (atKey && key !== undefined && key !== null) best = key;
  const range = (best as { range?: [number, number, number] } | null)?.range;
  if (isPair(best) || !range) return { line: 1, col: 1, depth };
  const pos = source.lines.linePos(range[0]);
  return { line: pos.line, col: pos.col, depth };
}

/** Describe a YAML/JSON value for "found …" in messages. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length === 0 ? "an empty mapping" : `a mapping with ${keys.map((k) => JSON.stringify(k)).join(", ")}`;
  }
  return typeof value;
}

/** Name a zod type the way rule authors think of it: "a list", "a mapping", "a text". */
export function describeExpected(expected: string): string {
  switch (expected) {
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    case "string":
      return "a text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}

/** Read the value at `path` in plain data. */
export function valueAt(data: unknown, path: RulePath): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}


/** The `count` candidates closest to `word`, closest first (ties in the candidates' order). */
export function nearest(word: string, candidates: readonly string[], count: number): string[] {
  const lower = word.toLowerCase();
  return candidates
    .map((candidate, i) => ({ candidate, i, d: editDistance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((c) => c.candidate);
}

/** The closest candidate to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Where each kind of name is declared, as users write it. */
const DECLARED_UNDER: Readonly<Record<RefKind, string>> = {
  field: "fields",
  clock: "sla.clocks",
  category: "categories",
  priority: "priority.levels",
  calendar: "calendars",
  group: "groups",
};

/**
 * The message for a name that is not declared: `expected a declared group (on-call, team-lead),
 * found "team-laed" — did you mean "team-lead"?`; with no likely typo, where to declare it.
 * Priority names get no hint: P7 is one letter away from every level.
 */
export function undeclaredName(kind: RefKind, name: string, known: readonly string[], what = `a declared ${kind}`): string {
  const hint = kind === "priority" ? undefined : closest(name, known);
  const listed = known.length > 0 ? ` (${known.join(", ")})` : " (none is declared)";
  const advice = hint !== undefined ? ` — did you mean ${JSON.stringify(hint)}?` : `; declare it under ${DECLARED_UNDER[kind]}`;
  return `expected ${what}${listed}, found ${JSON.stringify(name)}${advice}`;
}
