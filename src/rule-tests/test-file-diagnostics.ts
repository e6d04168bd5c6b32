/**
 * Problems in a rule-test file, as located diagnostics (`file:line:col: path: expected …, found
 * …`) like those of rule files, instead of zod's own wording.
 */
import type { z } from "zod";
import { closest, describeExpected, describeFound, dottedPath, locate, valueAt, type Diagnostic, type RulePath, type SourceFile } from "../core/rules/diagnostics.ts";
import { allowedKeysAt } from "../core/rules/parse-rule-file.ts";
import { INSTANT_EXAMPLE } from "./parse-instant.ts";
import { OPERATION_KINDS, operationFields, TestFile } from "./test-file-schema.ts";

type Issue = z.core.$ZodIssue;

interface Problem {
  path: RulePath;
  message: string;
  atKey?: boolean;
}

/** Keys whose value is an instant: a wrong type there is best explained by an example. */
const INSTANT_KEYS = new Set(["now", "created", "closed", "at"]);


const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
const suggestion = (found: unknown, candidates: readonly string[]) => (typeof found === "string" ? closest(found, candidates) : undefined);
const didYouMean = (found: unknown, candidates: readonly string[]) => {
  const hint = suggestion(found, candidates);
  return hint === undefined ? "" : ` — did you mean "${hint}"?`;
};

/** An expected operation (under `operations:` or `absent:`) at `path`, if that is what it is. */
function isOperationPath(path: RulePath): boolean {
  const list = path[path.length - 2];
  return path[path.length - 3] === "expect" && (list === "operations" || list === "absent") && typeof path[path.length - 1] === "number";
}

function unknownKey(path: RulePath, key: string, data: unknown): Problem {
  const kind = isOperationPath(path) ? valueAt(data, [...path, "kind"]) : undefined;
  const allowed = typeof kind === "string" ? (operationFields(kind) ?? []) : allowedKeysAt(TestFile, path);
  const what = typeof kind === "string" ? ` for kind ${kind}` : "";
  const hint = suggestion(key, allowed);
  return {
    path: [...path, key],
    atKey: true,
    message:
      `unknown key "${key}"${what}` +
      (hint === undefined ? "." : ` — did you mean "${hint}"?`) +
      (allowed.length > 0 ? ` Expected one of: ${allowed.join(", ")}.` : ""),
  };
}

function explain(issues: readonly Issue[], base: RulePath, data: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    const value = valueAt(data, path);
    const found = describeFound(value);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) out.push(unknownKey(path, key, data));
        break;
      case "invalid_type": {
        const last = path[path.length - 1];
        if (path.length === 0) {
          out.push({ path, message: `expected a mapping with rules, now and cases, found ${found}` });
        } else if (typeof last === "string" && INSTANT_KEYS.has(last)) {
          out.push({ path, message: `expected a date and time with a zone, like ${INSTANT_EXAMPLE}, found ${found}` });
        } else {
          out.push({ path, message: `expected ${describeExpected(issue.expected)}, found ${found}` });
        }
        break;
      }
      case "invalid_value":
        out.push({ path, message: `expected one of ${quoted(issue.values)}, found ${found}${didYouMean(value, issue.values.map(String))}` });
        break;
      case "invalid_union": {
        if (issue.discriminator === "kind") {
          out.push({ path, message: `expected an operation kind (${OPERATION_KINDS.join(", ")}), found ${found}${didYouMean(value, OPERATION_KINDS)}` });
          break;
        }
        // Prefer the branch that got furthest: its errors are about what the user meant.
        const further = issue.errors.filter((errs) => errs.some((e) => e.code !== "invalid_type" || e.path.length > 0));
        if (further.length === 1 && further[0]) {
          out.push(...explain(further[0], path, data));
        } else {
          const expected = [...new Set(issue.errors.flatMap((errs) => errs.filter((e) => e.code === "invalid_type").map((e) => describeExpected(e.expected))))];
          out.push({ path, message: `expected ${expected.join(" or ") || "a different value"}, found ${found}` });
        }
        break;
      }
      case "too_small":
        out.push({ path, message: issue.origin === "array" ? `expected at least ${String(issue.minimum)} item(s), found ${found}` : `${issue.message}, found ${found}` });
        break;
      default:
        // Refinements (instants) carry their own "expected …".
        out.push({ path, message: `${issue.message}, found ${found}` });
    }
  }
  return out;
}

/** One diagnostic per problem, located in the test file, in file order. */
export function testFileDiagnostics(source: SourceFile, data: unknown, issues: readonly Issue[]): Diagnostic[] {
  return explain(issues, [], data)
    .map((problem): Diagnostic => {
      const pos = locate(source, problem.path, problem.atKey ?? false);
      return { file: source.file, line: pos.line, col: pos.col, path: dottedPath(problem.path), message: problem.message };
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
