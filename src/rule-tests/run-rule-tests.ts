/**
 * Run a rule-test file: load the rules it names, build each case's issue, evaluate at the case's
 * time and compare with what it expects. Problems in the test file itself are located like rule
 * diagnostics.
 */
import { LineCounter, parseDocument } from "yaml";
import { evaluate } from "../core/evaluate.ts";
import { digestNotices } from "../core/operations/comment.ts";
import { moduleOf } from "../core/operations/registry.ts";
import { closest, dottedPath, locate, type Diagnostic, type SourceFile } from "../core/rules/diagnostics.ts";
import { toPlainValue } from "../core/rules/read-yaml-value.ts";
import type { LoadResult } from "../core/rules/load-rules.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { EvaluationContext } from "../core/model.ts";
import type { Operation, Plan } from "../core/plan.ts";
import { issueFromSpec } from "./issue-from-spec.ts";
import { parseInstant } from "./parse-instant.ts";
import { testFileDiagnostics } from "./test-file-diagnostics.ts";
import { TestFile, type TestCaseInput, type TestFileInput } from "./test-file-schema.ts";

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
    const notices = moduleOf(op).notices;
    const have = key === "keys" && notices !== undefined ? notices.keys(op) : (op as unknown as Record<string, unknown>)[key];
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

/** The context a test case evaluates in: the solved cases it says the search found, if any. */
function contextOf(testCase: TestCaseInput): EvaluationContext {
  const cases = testCase["similar-cases"];
  if (cases === undefined) return {};
  return {
    similarCases: cases.map((c) => ({ id: c.id, key: /#\d+$/.test(c.id) ? c.id.slice(c.id.lastIndexOf("#")) : c.id, url: c.url ?? null, title: c.title, rootCause: c["root-cause"], solution: c.solution })),
  };
}

function check(testCase: TestCaseInput, plan: Plan): string[] {
  const failures: string[] = [];
  const expect = testCase.expect;
  if (expect.priority !== undefined && plan.priority !== expect.priority) failures.push(`priority: expected ${expect.priority}, found ${plan.priority}`);
  if (expect.category !== undefined && plan.category !== expect.category) failures.push(`category: expected ${expect.category}, found ${plan.category ?? "none"}`);
  for (const [clock, state] of Object.entries(expect.clocks ?? {})) {
    // A clock with no target at this priority is not in the plan: not applicable.
    const found = plan.clocks.find((c) => c.clock === clock)?.state ?? "not-applicable";
    if (found !== state) failures.push(`clock ${clock}: expected ${state}, found ${found}`);
  }
  // A digest comment is matched as itself (`keys: [...]`) or notice by notice (`key: X`): what
  // the run says to the issue is what a rule test names, however many comments carry it.
  const noticesOf = new Map<Operation, readonly Operation[]>();
  const digestOf = new Map<Operation, Operation>();
  const candidates = plan.operations.flatMap((op) => {
    const notices = digestNotices(op);
    if (notices === undefined) return [op];
    noticesOf.set(op, notices);
    for (const notice of notices) digestOf.set(notice, op);
    return [...notices, op];
  });
  // A digest is named by its `keys`; `key: X` names the notice X, never the digest that starts with it.
  const matches = (op: Operation, want: Expected): boolean => !(noticesOf.has(op) && "key" in want) && operationMatches(op, want);
  const matched = new Set<Operation>();
  for (const want of (expect.operations ?? []) as Expected[]) {
    const op = candidates.find((o) => !matched.has(o) && matches(o, want));
    if (op) matched.add(op);
    else failures.push(`expected operation ${show(want)}, found ${plan.operations.length === 0 ? "none" : plan.operations.map(show).join(", ")}`);
  }
  for (const unwanted of (expect.absent ?? []) as Expected[]) {
    const op = candidates.find((o) => matches(o, unwanted));
    if (op) failures.push(`expected no operation like ${show(unwanted)}, found ${show(op)}`);
  }
  if (expect.only) {
    for (const op of candidates) {
      if (matched.has(op)) continue;
      const digest = digestOf.get(op);
      // A notice is expected when its digest is; a digest when all its notices are.
      if (digest !== undefined ? matched.has(digest) : noticesOf.get(op)?.every((notice) => matched.has(notice)) === true) continue;
      failures.push(`unexpected operation ${show(op)}`);
    }
  }
  return failures;
}

/** Priorities, categories and clocks a test names must exist in the rules, or it could never pass. */
function unknownNames(source: SourceFile, data: TestFileInput, rules: Rules): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: (string | number)[], atKey: boolean, what: string, found: string, known: readonly string[]) => {
    const pos = locate(source, path, atKey);
    // Level names are too short for a useful "did you mean" (P7 is one letter from every level).
    const hint = what === "priority level" ? undefined : closest(found, known);
    out.push({
      file: source.file,
      line: pos.line,
      col: pos.col,
      path: dottedPath(path),
      message: `expected a ${what} of the rules (${known.join(", ") || "none"}), found ${JSON.stringify(found)}${hint === undefined ? "" : ` — did you mean "${hint}"?`}`,
    });
  };
  const levels = rules.priority.levels.map((l) => l.name);
  const categories = rules.categories.map((c) => c.name);
  const clocks = rules.sla.clocks.map((c) => c.name);
  data.cases.forEach((testCase, i) => {
    const expect = testCase.expect;
    if (expect.priority !== undefined && !levels.includes(expect.priority)) report(["cases", i, "expect", "priority"], false, "priority level", expect.priority, levels);
    if (expect.category !== undefined && !categories.includes(expect.category)) report(["cases", i, "expect", "category"], false, "category", expect.category, categories);
    for (const clock of Object.keys(expect.clocks ?? {})) {
      if (!clocks.includes(clock)) report(["cases", i, "expect", "clocks", clock], true, "clock", clock, clocks);
    }
  });
  return out;
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
    return { file, line: pos.line, col: pos.col, path: "", message: `${e.message.split("\n")[0] ?? "invalid YAML"} (fix the YAML syntax here)` };
  });
  if (diagnostics.length > 0) return { file, diagnostics, cases: [] };
  const plain = toPlainValue(source);
  if ("diagnostics" in plain) return { file, diagnostics: plain.diagnostics, cases: [] };
  const data = plain.value;
  const parsed = TestFile.safeParse(data);
  if (!parsed.success) return { file, diagnostics: testFileDiagnostics(source, data, parsed.error.issues), cases: [] };
  const loaded = loadRules(parsed.data.rules);
  if (!loaded.rules) {
    const pos = locate(source, ["rules"]);
    const problems = loaded.diagnostics.length;
    return {
      file,
      diagnostics: [
        ...loaded.diagnostics,
        { file, line: pos.line, col: pos.col, path: "rules", message: `expected rules that load, found ${problems} problem(s) in ${JSON.stringify(parsed.data.rules)} (listed above); fix them or name other rules` },
      ],
      cases: [],
    };
  }
  const rules = loaded.rules;
  diagnostics.push(...unknownNames(source, parsed.data, rules));
  if (diagnostics.length > 0) return { file, diagnostics, cases: [] };
  const cases = parsed.data.cases.map((testCase, i): CaseResult => {
    const nowText = testCase.now ?? parsed.data.now;
    if (nowText === undefined) {
      const pos = locate(source, ["cases", i]);
      diagnostics.push({ file, line: pos.line, col: pos.col, path: `cases[${i}].now`, message: "expected a time to evaluate at (now:), here or at the top of the file, found none" });
      return { name: testCase.name, ok: false, failures: ["no `now`"] };
    }
    const plan = evaluate(issueFromSpec(testCase.issue, i, rules.botLogins[0]), rules, parseInstant(nowText) ?? Date.parse(nowText), contextOf(testCase));
    const failures = check(testCase, plan);
    return { name: testCase.name, ok: failures.length === 0, failures, plan };
  });
  return { file, diagnostics, cases };
}
