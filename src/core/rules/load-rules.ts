/**
 * Load rules: follow `extends:` through presets and files, merge them (later files win), check
 * references and compile. Reading is injected, so this stays pure; every problem in every file
 * is reported, and no rules are returned when there is any.
 */
import { compileRules } from "./compile-rules.ts";
import { closest, dottedPath, formatDiagnostic, locate, valueAt, type Diagnostic, type RulePath, type SourceFile } from "./diagnostics.ts";
import { parseRuleFile } from "./parse-rule-file.ts";
import type { Rules } from "./rules.ts";
import type { Calendar } from "../calendar/calendar.ts";
import type { CountryHolidayLookup } from "../calendar/country-holidays.ts";
import type { RefKind } from "./conditions.ts";
import { mergeRuleData, removeSetting } from "./merge-rule-data.ts";
import type { RuleFormat } from "./rule-format.ts";
import type { RuleFileInput } from "./schema.ts";

export interface RuleSourceIO {
  /** The text of a file, or undefined when there is none. */
  read(path: string): string | undefined;
  /**
   * Resolve an `extends:` entry or an `ics:` path named in `from`: a preset name (`support`)
   * or a path relative to `from`. Undefined when a preset of that name does not exist.
   */
  resolve(ref: string, from: string): string | undefined;
  /**
   * A country's holidays for `holidays: { country: CN }`, from a holiday data package the caller
   * loads; without it, a calendar that names a country is a diagnostic.
   */
  countryHolidays?: CountryHolidayLookup | undefined;
}

export interface LoadResult {
  rules?: Rules;
  /** Errors: when there is any, there are no rules. */
  diagnostics: Diagnostic[];
  /** Warnings (`severity: "warning"`): the rules load, but probably not as meant. */
  warnings?: Diagnostic[];
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

/** The kind and name a removal (`null`) takes away, when it removes a declared name. */
function removedName(path: readonly string[]): string | undefined {
  for (const [kind, at] of Object.entries(DECLARED_AT)) {
    if (path.length === at.length + 1 && at.every((part, i) => path[i] === part)) return `${kind}:${path[at.length] as string}`;
  }
  return undefined;
}

/** Load the rule file at `entry` with everything it extends, in the format of the registered trackers. */
export function loadRules(entry: string, io: RuleSourceIO, format: RuleFormat): LoadResult {
  const sources: SourceFile[] = [];
  const files: { source: SourceFile; data: RuleFileInput; removals: readonly string[][] }[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  // Files reached by a preset name (`extends: support`) rather than a path, and where the
  // first file that named each one did so.
  const presets = new Map<string, { file: string; line: number; col: number }>();
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
    const parsed = parseRuleFile(path, text, format.schema);
    diagnostics.push(...parsed.diagnostics);
    for (const section of parsed.invalidSections ?? []) invalidSections.add(section);
    const data = parsed.data ?? parsed.partial;
    if (!data) {
      incomplete = true;
      return;
    }
    const refs = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
    refs.forEach((ref, i) => {
      // A blank entry names no file: resolved, it would be the folder itself.
      const resolved = ref.trim() === "" ? undefined : io.resolve(ref, path);
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
      if (/^[\w-]+$/.test(ref) && !presets.has(resolved)) {
        const pos = locate(parsed.source, Array.isArray(data.extends) ? ["extends", i] : ["extends"]);
        presets.set(resolved, { file: path, line: pos.line, col: pos.col });
      }
      visit(resolved, [...chain, path]);
    });
    sources.push(parsed.source);
    files.push({ source: parsed.source, data, removals: parsed.removals ?? [] });
  };

  visit(entry, []);
  // Go on past problems in the files' sections, to report every problem at once, but never
  // return rules when there is any problem.
  if (incomplete && diagnostics.length > 0) return { diagnostics: sortDiagnostics(diagnostics, sources) };

  let merged: Plain = {};
  // Declared names a file removed, and where: references left to them say so.
  const removedNames = new Map<string, string>();
  for (const { source, data, removals } of files) {
    for (const path of removals) {
      const removed = removeSetting(merged, path);
      if (removed !== undefined) {
        merged = removed;
        const name = removedName(path);
        const pos = locate(source, path, true);
        if (name !== undefined) removedNames.set(name, `${source.file}:${pos.line}:${pos.col}`);
        continue;
      }
      const pos = locate(source, path, true);
      const siblings = valueAt(merged, path.slice(0, -1));
      const hint = siblings !== null && typeof siblings === "object" ? closest(path[path.length - 1] as string, Object.keys(siblings)) : undefined;
      diagnostics.push({
        file: source.file,
        line: pos.line,
        col: pos.col,
        path: dottedPath(path),
        message: `expected a setting of the extended files to remove (null removes one), found none there${hint ? ` — did you mean "${hint}"?` : ""}`,
      });
    }
    const { extends: _ignored, ...rest } = data;
    merged = mergeRuleData(merged, rest);
    // Declared again by a later file: no longer removed.
    for (const [kind, at] of Object.entries(DECLARED_AT)) {
      const declared = valueAt(merged, at);
      if (declared !== null && typeof declared === "object") for (const name of Object.keys(declared)) removedNames.delete(`${kind}:${name}`);
    }
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

  // The merged files, parsed once more: the schema's defaults apply to the whole, never to one
  // file, which would override what it extends. Each file passed the schema on its own.
  const settled = format.schema.safeParse(merged);
  if (!settled.success) {
    for (const issue of settled.error.issues) {
      const path = issue.path as (string | number)[];
      const pos = where(path);
      diagnostics.push({ file: pos.file, line: pos.line, col: pos.col, path: dottedPath(path), message: `${issue.message} once the files are merged` });
    }
    return { diagnostics: sortDiagnostics(diagnostics, sources) };
  }
  const compiled = compileRules(settled.data, {
    files: sources.map((s) => s.file),
    readRelative: (ref, path) => {
      const file = where(path).file;
      const resolved = io.resolve(ref, file);
      return resolved === undefined ? undefined : io.read(resolved);
    },
    countryHolidays: io.countryHolidays,
    trackers: format.trackers,
  });
  const reported = new Set(diagnostics.map((d) => formatDiagnostic(d)));
  for (const problem of compiled.problems) {
    // A name declared in a section that had errors may only be missing because of them.
    if (problem.ref !== undefined && invalidSections.has(DECLARED_AT[problem.ref.kind][0] as string)) continue;
    const removedAt = problem.ref?.name === undefined ? undefined : removedNames.get(`${problem.ref.kind}:${problem.ref.name}`);
    const pos = where(problem.path, problem.atKey ?? false);
    const message = removedAt === undefined ? problem.message : `${problem.message} — removed by the null at ${removedAt}`;
    const diagnostic = { file: pos.file, line: pos.line, col: pos.col, path: dottedPath(problem.path), message };
    const key = formatDiagnostic(diagnostic);
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push(diagnostic);
  }
  if (diagnostics.length > 0 || !compiled.rules) return { diagnostics: sortDiagnostics(diagnostics, sources) };
  const locateSetting = (path: readonly (string | number)[]): { at: string; preset: boolean } => {
    const pos = where(path);
    return { at: `${pos.file}:${pos.line}:${pos.col}`, preset: presets.has(pos.file) };
  };
  const rules = { ...compiled.rules, locate: locateSetting };
  const warnings = presetZoneWarnings(rules, (path) => presets.get(where(path).file));
  for (const w of compiled.warnings ?? []) {
    const pos = where(w.path);
    warnings.push({ file: pos.file, line: pos.line, col: pos.col, path: dottedPath(w.path), message: w.message, severity: "warning" });
  }
  return { rules, diagnostics, warnings };
}

const DAY_MS = 86_400_000;

/**
 * A business calendar the clocks count on whose time zone only a preset gives: its hours would
 * be counted, and its instants shown, in a zone nobody on the team chose. Pointed at the
 * `extends:` that brought the preset in, since the file that should say it has no line for it.
 */
function presetZoneWarnings(rules: Rules, presetNaming: (path: RulePath) => { file: string; line: number; col: number } | undefined): Diagnostic[] {
  const used = new Map<string, Calendar>();
  for (const calendar of rules.sla.calendars.values()) used.set(calendar.name, calendar);
  for (const clock of rules.sla.clocks) for (const calendar of clock.calendars.values()) used.set(calendar.name, calendar);
  const warnings: Diagnostic[] = [];
  for (const calendar of used.values()) {
    if (calendar.dayMs >= DAY_MS) continue;
    const path = ["calendars", calendar.name, "timezone"];
    const named = presetNaming(path);
    if (named === undefined) continue;
    warnings.push({
      ...named,
      path: dottedPath(path),
      severity: "warning",
      message:
        `the ${calendar.name} calendar takes its time zone from the preset: working hours are counted and due times shown in ${calendar.timezone}. ` +
        `Set your team's zone in this file, e.g. calendars: { ${calendar.name}: { timezone: Asia/Shanghai } } (or timezone: ${calendar.timezone} to keep it)`,
    });
  }
  return warnings;
}

/** By file (in the order they were read), then by position. */
function sortDiagnostics(diagnostics: Diagnostic[], sources: readonly SourceFile[]): Diagnostic[] {
  const order = new Map(sources.map((s, i) => [s.file, i]));
  return diagnostics.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
}
