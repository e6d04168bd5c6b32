/**
 * One rule file: YAML text → validated data, with every problem reported at once as a located
 * diagnostic. Nothing here throws on bad input.
 */
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import {
  closest,
  describeExpected,
  describeFound,
  dottedPath,
  locate,
  valueAt,
  type Diagnostic,
  type RulePath,
  type SourceFile,
} from "./diagnostics.ts";
import { toPlainValue } from "./read-yaml-value.ts";
import { replacesWhole } from "./merge-rule-data.ts";
import { DurationText, PercentText, type RuleFileInput, type RuleFileSchema } from "./schema.ts";

export interface ParsedRuleFile {
  source: SourceFile;
  /**
   * The file's settings as written, once the schema accepts them: without the schema's defaults,
   * which apply to the merged files only (a default here would override the extended file).
   */
  data?: RuleFileInput;
  /**
   * When the file has schema errors: its valid top-level sections only, so that later checks
   * (references, regular expressions, time zones) can still report their problems in one go.
   */
  partial?: RuleFileInput;
  /** Top-level sections left out of `partial`. */
  invalidSections?: string[];
  /**
   * Settings this file sets to `null`: removed from what it extends. Taken out of `data` and
   * `partial` (only from sections kept there).
   */
  removals?: string[][];
  diagnostics: Diagnostic[];
}

/** Internal zod definition fields used to find the keys a strict object accepts. */
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  getter?: () => { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
}

function unwrap(def: Def): Def[] {
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
      return def.innerType ? unwrap(def.innerType._zod.def) : [];
    case "lazy":
      return def.getter ? unwrap(def.getter()._zod.def) : [];
    case "pipe":
      return def.in ? unwrap(def.in._zod.def) : [];
    case "union":
      return (def.options ?? []).flatMap((o) => unwrap(o._zod.def));
    default:
      return [def];
  }
}

/** The schema definitions that may apply at `path`. */
function defsAt(schema: z.ZodType, path: RulePath): Def[] {
  let defs = unwrap((schema as unknown as { _zod: { def: Def } })._zod.def);
  for (const part of path) {
    const next: Def[] = [];
    for (const def of defs) {
      if (def.type === "object" && typeof part === "string" && def.shape !== undefined && Object.hasOwn(def.shape, part)) next.push(...unwrap((def.shape[part] as { _zod: { def: Def } })._zod.def));
      else if (def.type === "array" && typeof part === "number" && def.element) next.push(...unwrap(def.element._zod.def));
      else if (def.type === "record" && def.valueType) next.push(...unwrap(def.valueType._zod.def));
    }
    defs = next;
  }
  return defs;
}

/** The keys a strict object at `path` of the schema accepts. */
export function allowedKeysAt(schema: z.ZodType, path: RulePath): string[] {
  return [...new Set(defsAt(schema, path).flatMap((d) => (d.type === "object" && d.shape ? Object.keys(d.shape) : [])))];
}

/** What to call the value expected at `path` when it has a special text form. */
const HINTS = new Map<unknown, string>([
  [(DurationText as unknown as { _zod: { def: Def } })._zod.def, "a duration like 15m, 4h, 1d or 3bd"],
  [(PercentText as unknown as { _zod: { def: Def } })._zod.def, "a percentage like 75%"],
]);

function hintAt(schema: z.ZodType, path: RulePath): string | undefined {
  for (const def of defsAt(schema, path)) {
    const hint = HINTS.get(def);
    if (hint) return hint;
  }
  return undefined;
}

type Issue = z.core.$ZodIssue;

/** Turn zod issues into messages that say what was expected and what was found. */
function explainIssues(schema: z.ZodType, issues: readonly Issue[], base: RulePath, data: unknown): { path: RulePath; message: string; atKey?: boolean }[] {
  const out: { path: RulePath; message: string; atKey?: boolean }[] = [];
  const unknownAt = new Set(
    issues.filter((i) => i.code === "unrecognized_keys").map((i) => JSON.stringify([...base, ...(i.path as (string | number)[])])),
  );
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    // An unknown key already explains why "exactly one key" failed.
    if (issue.code === "custom" && unknownAt.has(JSON.stringify(path))) continue;
    const found = describeFound(valueAt(data, path));
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const allowed = allowedKeysAt(schema, path);
          const hint = closest(key, allowed);
          out.push({
            path: [...path, key],
            atKey: true,
            message:
              `unknown key "${key}"` +
              (hint ? ` — did you mean "${hint}"?` : ".") +
              (allowed.length > 0 ? ` Expected one of: ${allowed.join(", ")}.` : ""),
          });
        }
        break;
      case "invalid_type":
        out.push({ path, message: `expected ${hintAt(schema, path) ?? describeExpected(issue.expected)}, found ${found}` });
        break;
      case "invalid_value":
        out.push({
          path,
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${found}`,
        });
        break;
      case "invalid_union": {
        // Prefer the branch that got furthest: its errors are about the user's actual intent.
        // A branch that failed at the value itself (another type, another literal) got nowhere.
        const branches = issue.errors.filter((errs) => errs.some((e) => e.path.length > 0 || (e.code !== "invalid_type" && e.code !== "invalid_value")));
        if (branches.length === 1 && branches[0]) {
          out.push(...explainIssues(schema, branches[0], path, data));
        } else {
          const expected = [
            ...new Set(issue.errors.flatMap((errs) => errs.filter((e) => e.code === "invalid_type").map((e) => describeExpected(e.expected)))),
          ];
          out.push({ path, message: `expected ${expected.join(" or ") || "a different value"}, found ${found}` });
        }
        break;
      }
      case "too_small":
        out.push({
          path,
          message:
            issue.origin === "array"
              ? `expected at least ${String(issue.minimum)} item(s), found ${found}`
              : `${issue.message}, found ${found}`,
        });
        break;
      default:
        out.push({ path, message: `${issue.message}, found ${found}` });
    }
  }
  return out;
}


/**
 * Take the settings set to `null` out of `data` (they remove what an extended file sets) and
 * return their paths. Not inside lists (own rules, where `set-field.value: null` is a value),
 * not inside settings that replace as a whole (conditions, hours), and not for keys the schema
 * does not know, which stay to be reported as unknown.
 */
function takeRemovals(schema: z.ZodType, data: Record<string, unknown>, path: string[] = []): string[][] {
  const removals: string[][] = [];
  for (const [key, value] of Object.entries(data)) {
    const at = [...path, key];
    if (value === null) {
      if (at.length === 1 && key === "extends") continue;
      const known = defsAt(schema, path).some((d) => d.type === "record" || (d.type === "object" && d.shape !== undefined && Object.hasOwn(d.shape, key)));
      if (!known) continue;
      removals.push(at);
      delete data[key];
    } else if (typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !replacesWhole(at)) {
      removals.push(...takeRemovals(schema, value as Record<string, unknown>, at));
    }
  }
  return removals;
}

/** A rule name used twice in one file: the later would silently replace the earlier. */
function duplicateRuleNames(source: SourceFile, rules: unknown): Diagnostic[] {
  if (!Array.isArray(rules)) return [];
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  rules.forEach((rule: unknown, i) => {
    const name = (rule as { name?: unknown } | null)?.name;
    if (typeof name !== "string") return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    const pos = locate(source, ["rules", i, "name"]);
    const line = locate(source, ["rules", earlier, "name"]).line;
    out.push({
      file: source.file,
      line: pos.line,
      col: pos.col,
      path: dottedPath(["rules", i, "name"]),
      message: `expected a name no other rule of this file has, found ${JSON.stringify(name)} again (rules[${earlier}], line ${line}); a rule replaces an extended rule of the same name`,
    });
  });
  return out;
}

/** Parse and validate one rule file's text against `schema` (the rule file's, with the registered trackers' keys). */
export function parseRuleFile(file: string, text: string, schema: RuleFileSchema): ParsedRuleFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: SourceFile = { file, doc, lines };
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    // `assign: @li-wei`: YAML reserves @ at the start of a plain value; say how to write a person.
    const word = error.code === "BAD_SCALAR_START" && text[error.pos[0]] === "@" ? /^@[^\s,\]}#]*/.exec(text.slice(error.pos[0]))?.[0] : undefined;
    diagnostics.push({
      file,
      line: pos.line,
      col: pos.col,
      path: "",
      message:
        word !== undefined
          ? `expected a quoted text, found ${word} unquoted (YAML reserves @ at the start of a value); write "${word}"`
          : `${error.message.split("\n")[0] ?? "invalid YAML"} (fix the YAML syntax here)`,
    });
  }
  if (diagnostics.length > 0) return { source, diagnostics };

  const plain = toPlainValue(source);
  if ("diagnostics" in plain) return { source, diagnostics: plain.diagnostics };
  const data: unknown = plain.value ?? {};
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      path: "",
      message: `expected a mapping of sections (extends, priority, intake, sla, …), found ${describeFound(data)}`,
    });
    return { source, diagnostics };
  }
  const removals = takeRemovals(schema, data as Record<string, unknown>);
  diagnostics.push(...duplicateRuleNames(source, (data as { rules?: unknown }).rules));
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const problem of explainIssues(schema, result.error.issues, [], data)) {
      const pos = locate(source, problem.path, problem.atKey ?? false);
      diagnostics.push({ file, line: pos.line, col: pos.col, path: dottedPath(problem.path), message: problem.message });
    }
    diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
    // Sections with errors, and unknown top-level keys, are left out of `partial`.
    const invalid = new Set(
      result.error.issues.flatMap((i) => (i.path.length === 0 && i.code === "unrecognized_keys" ? i.keys : [String(i.path[0])])),
    );
    // Own rules are checked one by one: a broken rule is swapped for a placeholder so that the
    // others keep their positions (their problems are located by index).
    const badRules = new Set(result.error.issues.filter((i) => i.path[0] === "rules" && typeof i.path[1] === "number").map((i) => i.path[1]));
    const rulesList = (data as { rules?: unknown }).rules;
    if (Array.isArray(rulesList) && badRules.size > 0 && result.error.issues.every((i) => i.path[0] !== "rules" || typeof i.path[1] === "number")) {
      invalid.delete("rules");
      (data as { rules?: unknown }).rules = (rulesList as unknown[]).map((rule, i): unknown => (badRules.has(i) ? { name: `invalid-${i}`, then: [{ label: "-" }] } : rule));
    }
    const kept = Object.fromEntries(Object.entries(data).filter(([key]) => !invalid.has(key)));
    const partial = schema.safeParse(kept);
    return {
      source,
      diagnostics,
      invalidSections: [...invalid],
      removals: removals.filter((r) => !invalid.has(r[0] as string)),
      ...(partial.success ? { partial: kept } : {}),
    };
  }
  return { source, data, removals, diagnostics };
}
