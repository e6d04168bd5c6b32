/**
 * Run a rule-test file: load the rules it names, build each case's issue, evaluate at the case's
 * time and compare with what it expects. Problems in the test file itself are located like rule
 * diagnostics.
 */
import { LineCounter, parseDocument } from "yaml";
import { evaluate } from "../core/evaluate.ts";
import { describeFound, dottedPath, locate, valueAt, type Diagnostic, type SourceFile } from "../core/rules/diagnostics.ts";
import type { LoadResult } from "../core/rules/load-rules.ts";
import type { Operation, Plan } from "../core/plan.ts";
import { issueFromSpec } from "./issue-from-spec.ts";
import { TestFile, type TestCaseInput } from "./test-file-schema.ts";

export interface CaseResult {
  name: string;
  ok: boolean;
  /** What differed: one line each. */
  failures: string[];
  plan?: Plan;
}

export interface TestFileResult {
  file: string;
  diagnostics: Diagnostic[];
  cases: CaseResult[];
}

type Expected = Record<string, unknown> & { kind: string; "body-contains"?: string | undefined };

const sameSet = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x) => b.includes(x));

/** Does the operation have every field the expectation names? */
export function operationMatches(op: Operation, expected: Expected): boolean {
  for (const [key, want] of Object.entries(expected)) {
    if (key === "body-contains") {
      const body = "body" in op ? op.body : undefined;
      if (typeof want !== "string" || body === undefined || !body.includes(want)) return false;
      continue;
    }
    const have = (op as unknown as Record<string, unknown>)[key];
    if (Array.isArray(want)) {
      if (!sameSet(have, want)) return false;
    } else if (want !== null && typeof want === "object") {
      if (JSON.stringify(have) !== JSON.stringify(want)) return false;
    } else if (have !== want) {
      return false;
    }
  }
  return true;
}

const show = (op: Operation | Expected) => {
  const { rule: _r, reason: _why, body, ...rest } = op as Record<string, unknown>;
  return JSON.stringify(typeof body === "string" ? { ...rest, body: `${body.slice(0, 40)}…` } : rest);
};

function check(testCase: TestCaseInput, plan: Plan): string[] {
  const failures: string[] = [];
  const expect = testCase.expect;
  if (expect.priority !== undefined && plan.priority !== expect.priority) failures.push(`priority: expected ${expect.priority}, found ${plan.priority}`);
  if (expect.category !== undefined && plan.category !== expect.category) failures.push(`category: expected ${expect.category}, found ${plan.category ?? "none"}`);
  for (const [clock, state] of Object.entries(expect.clocks ?? {})) {
    const found = plan.clocks.find((c) => c.clock === clock)?.state ?? "absent";
    if (found !== state) failures.push(`clock ${clock}: expected ${state}, found ${found}`);
  }
  const matched = new Set<Operation>();
  for (const want of (expect.operations ?? []) as Expected[]) {
    const op = plan.operations.find((o) => !matched.has(o) && operationMatches(o, want));
    if (op) matched.add(op);
    else failures.push(`expected operation ${show(want)}, found ${plan.operations.length === 0 ? "none" : plan.operations.map(show).join(", ")}`);
  }
  for (const unwanted of (expect.absent ?? []) as Expected[]) {
    const op = plan.operations.find((o) => operationMatches(o, unwanted));
    if (op) failures.push(`expected no operation like ${show(unwanted)}, found ${show(op)}`);
  }
  if (expect.only) {
    for (const op of plan.operations) if (!matched.has(op)) failures.push(`unexpected operation ${show(op)}`);
  }
  return failures;
}

/**
 * Run one test file. `loadRules(ref)` loads the rules the file names (a preset or a path
 * relative to the test file).
 */
export function runRuleTests(file: string, text: string, loadRules: (ref: string) => LoadResult): TestFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const source: SourceFile = { file, doc, lines };
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { file, line: pos.line, col: pos.col, path: "", message: e.message.split("\n")[0] ?? "invalid YAML" };
  });
  if (diagnostics.length > 0) return { file, diagnostics, cases: [] };
  const data: unknown = doc.toJS();
  const parsed = TestFile.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      const atKey = issue.code === "unrecognized_keys";
      const fullPath = atKey ? [...path, issue.keys[0] ?? ""] : path;
      const pos = locate(source, fullPath, atKey);
      const message = atKey ? `unknown key "${issue.keys.join('", "')}"` : `${issue.message}, found ${describeFound(valueAt(data, path))}`;
      diagnostics.push({ file, line: pos.line, col: pos.col, path: dottedPath(fullPath), message });
    }
    return { file, diagnostics, cases: [] };
  }
  const loaded = loadRules(parsed.data.rules);
  if (!loaded.rules) return { file, diagnostics: loaded.diagnostics, cases: [] };
  const rules = loaded.rules;
  const cases = parsed.data.cases.map((testCase, i): CaseResult => {
    const nowText = testCase.now ?? parsed.data.now;
    if (nowText === undefined) {
      const pos = locate(source, ["cases", i]);
      diagnostics.push({ file, line: pos.line, col: pos.col, path: `cases[${i}].now`, message: "expected a time to evaluate at (now:), here or at the top of the file, found none" });
      return { name: testCase.name, ok: false, failures: ["no `now`"] };
    }
    const plan = evaluate(issueFromSpec(testCase.issue, i), rules, Date.parse(nowText));
    const failures = check(testCase, plan);
    return { name: testCase.name, ok: failures.length === 0, failures, plan };
  });
  return { file, diagnostics, cases };
}
