/**
 * Load rules: follow `extends:` through presets and files, merge them (later files win), check
 * references and compile. Reading is injected, so this stays pure; every problem in every file
 * is reported, and no rules are returned when there is any.
 */
import { compileRules } from "./compile-rules.ts";
import { dottedPath, formatDiagnostic, locate, type Diagnostic, type RulePath, type SourceFile } from "./diagnostics.ts";
import { parseRuleFile } from "./parse-rule-file.ts";
import type { Rules } from "./rules.ts";
import type { RefKind } from "./conditions.ts";
import type { RuleFileOutput } from "./schema.ts";

export interface RuleSourceIO {
  /** The text of a file, or undefined when there is none. */
  read(path: string): string | undefined;
  /**
   * Resolve an `extends:` entry or an `ics:` path named in `from`: a preset name (`support`)
   * or a path relative to `from`. Undefined when a preset of that name does not exist.
   */
  resolve(ref: string, from: string): string | undefined;
}

export interface LoadResult {
  rules?: Rules;
  diagnostics: Diagnostic[];
}

type Plain = Record<string, unknown>;

/** Where each kind of name that other settings refer to is declared (its section first). */
const DECLARED_AT: Readonly<Record<RefKind, readonly string[]>> = {
  field: ["fields"],
  clock: ["sla", "clocks"],
  category: ["categories"],
  priority: ["priority", "levels"],
  calendar: ["calendars"],
  group: ["groups"],
};

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/** Deep merge: mappings merge key by key, lists replace, except `rules` which merge by name. */
export function mergeRuleData(base: Plain, over: Plain, path: string[] = []): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    if (path.length === 0 && key === "rules" && Array.isArray(prev) && Array.isArray(value)) {
      const byName = new Map<string, unknown>();
      for (const rule of [...(prev as unknown[]), ...(value as unknown[])]) byName.set(String((rule as Plain)["name"]), rule);
      out[key] = [...byName.values()];
    } else if (isPlain(prev) && isPlain(value)) {
      out[key] = mergeRuleData(prev, value, [...path, key]);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Load the rule file at `entry` with everything it extends. */
export function loadRules(entry: string, io: RuleSourceIO): LoadResult {
  const sources: SourceFile[] = [];
  const files: { data: RuleFileOutput }[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  // Sections left out of some file for their errors: names they declare may be missing.
  const invalidSections = new Set<string>();
  // A file that could not be read at all: what is left would only produce follow-on problems.
  let incomplete = false;

  const visit = (path: string, chain: string[]): void => {
    if (chain.includes(path)) {
      incomplete = true;
      diagnostics.push({
        file: chain[chain.length - 1] ?? path,
        line: 1,
        col: 1,
        path: "extends",
        message: `expected no cycle of extends, found ${[...chain, path].join(" → ")}`,
      });
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    const text = io.read(path);
    if (text === undefined) {
      incomplete = true;
      diagnostics.push({ file: path, line: 1, col: 1, path: "", message: "expected a rule file here, found no such file" });
      return;
    }
    const parsed = parseRuleFile(path, text);
    diagnostics.push(...parsed.diagnostics);
    for (const section of parsed.invalidSections ?? []) invalidSections.add(section);
    const data = parsed.data ?? parsed.partial;
    if (!data) {
      incomplete = true;
      return;
    }
    const refs = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
    refs.forEach((ref, i) => {
      const resolved = io.resolve(ref, path);
      if (resolved === undefined) {
        incomplete = true;
        const pos = locate(parsed.source, Array.isArray(data.extends) ? ["extends", i] : ["extends"]);
        diagnostics.push({
          file: path,
          line: pos.line,
          col: pos.col,
          path: "extends",
          message: `expected a preset name (support) or a path to a rule file, found ${JSON.stringify(ref)}`,
        });
        return;
      }
      visit(resolved, [...chain, path]);
    });
    sources.push(parsed.source);
    files.push({ data });
  };

  visit(entry, []);
  // Go on past problems in the files' sections, to report every problem at once, but never
  // return rules when there is any problem.
  if (incomplete && diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics, sources) };

  let merged: Plain = {};
  for (const { data } of files) {
    const { extends: _ignored, ...rest } = data;
    merged = mergeRuleData(merged, rest);
  }

  /** Locate a path of the merged rules in the file that last set it. */
  const where = (path: RulePath, atKey = false): { file: string; line: number; col: number } => {
    let best: { file: string; line: number; col: number; depth: number } | undefined;
    for (const source of sources) {
      const pos = locate(source, path, atKey);
      if (!best || pos.depth >= best.depth) best = { file: source.file, ...pos };
    }
    return best ?? { file: entry, line: 1, col: 1 };
  };

  const compiled = compileRules(merged, {
    files: sources.map((s) => s.file),
    readRelative: (ref, path) => {
      const file = where(path).file;
      const resolved = io.resolve(ref, file);
      return resolved === undefined ? undefined : io.read(resolved);
    },
  });
  const reported = new Set(diagnostics.map((d) => formatDiagnostic(d)));
  for (const problem of compiled.problems) {
    // A name declared in a section that had errors may only be missing because of them.
    if (problem.ref !== undefined && invalidSections.has(DECLARED_AT[problem.ref.kind][0] as string)) continue;
    const pos = where(problem.path, problem.atKey ?? false);
    const diagnostic = { file: pos.file, line: pos.line, col: pos.col, path: dottedPath(problem.path), message: problem.message };
    const key = formatDiagnostic(diagnostic);
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push(diagnostic);
  }
  if (diagnostics.length > 0 || !compiled.rules) return { diagnostics: sortDiagnostics(diagnostics, sources) };
  return { rules: compiled.rules, diagnostics };
}

/** By file (in the order they were read), then by position. */
function sortDiagnostics(diagnostics: Diagnostic[], sources: readonly SourceFile[]): Diagnostic[] {
  const order = new Map(sources.map((s, i) => [s.file, i]));
  return diagnostics.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
}
