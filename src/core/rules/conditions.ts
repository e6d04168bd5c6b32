/**
 * Structured conditions, compiled from rule files into a small tree that evaluation walks.
 * No expression language: each node is one test on the issue.
 */
import type { ConditionInput } from "./schema.ts";
import { parseDuration } from "./duration.ts";
import { compileMatcher } from "./matcher.ts";
import { undeclaredName, type RefKind } from "./diagnostics.ts";
import type { TextMatcher } from "./matcher.ts";
import type { Condition } from "./condition.ts";

// Declared on its own, so that the compiled rules need not import the rule file's schema.
export type { Condition };

// Declared beside the diagnostics that name it, so that they need not import the conditions back.
export type { RefKind };

/** A problem found while compiling, with its path relative to the condition. */
export interface CompileProblem {
  path: (string | number)[];
  message: string;
  /**
   * Set on a reference to a name that is not declared: when the declaring section had errors,
   * the name may only be missing because of them, so the loader leaves the problem out; when a
   * file removed the name (`null`), the loader says where.
   */
  ref?: { kind: RefKind; name?: string };
  /** Point at the key of the last path segment rather than at its value. */
  atKey?: boolean;
}

/** What a condition may refer to, for reference checks. */
export interface ConditionScope {
  fields: ReadonlySet<string>;
  clocks: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  priorities: ReadonlySet<string>;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

function refProblem(kind: "field" | "clock" | "category" | "priority", name: string, known: ReadonlySet<string>): string {
  return undeclaredName(kind, name, [...known]);
}

/** Compile a validated condition; problems are collected, never thrown. */
export function compileCondition(input: ConditionInput, scope: ConditionScope, problems: CompileProblem[], path: (string | number)[] = []): Condition {
  const [key] = Object.keys(input) as (keyof ConditionInput)[];
  const at = (...more: (string | number)[]) => [...path, ...more];
  switch (key) {
    case "all":
    case "any":
      return { kind: key, items: (input[key] ?? []).map((c, i) => compileCondition(c, scope, problems, at(key, i))) };
    case "not":
      return { kind: "not", item: compileCondition(input.not as ConditionInput, scope, problems, at("not")) };
    case "label":
      return { kind: "label", labels: list(input.label as string | string[]) };
    case "text":
    case "title":
    case "body": {
      const matcher = compileMatcher(input[key] as string);
      if (typeof matcher === "string") problems.push({ path: at(key), message: matcher });
      return { kind: key, matcher: typeof matcher === "string" ? NEVER : matcher };
    }
    case "field": {
      const field = input.field as NonNullable<ConditionInput["field"]>;
      if (!scope.fields.has(field.name)) problems.push({ path: at("field", "name"), message: refProblem("field", field.name, scope.fields), ref: { kind: "field", name: field.name } });
      let matches: TextMatcher | undefined;
      if (field.matches !== undefined) {
        const compiled = compileMatcher(field.matches);
        if (typeof compiled === "string") problems.push({ path: at("field", "matches"), message: compiled });
        else matches = compiled;
      }
      return { kind: "field", name: field.name, present: field.present, equals: field.equals, matches };
    }
    case "state":
      return { kind: "state", state: input.state as "open" | "closed" };
    case "close-reason":
    case "status":
    case "type":
      return { kind: key, values: list(input[key] as string | string[]) };
    case "priority":
    case "category": {
      const values = list(input[key] as string | string[]);
      const known = key === "priority" ? scope.priorities : scope.categories;
      values.forEach((v, i) => {
        if (!known.has(v)) problems.push({ path: Array.isArray(input[key]) ? at(key, i) : at(key), message: refProblem(key, v, known), ref: { kind: key, name: v } });
      });
      return { kind: key, values };
    }
    case "age":
    case "idle": {
      const range = input[key] as { over?: string | undefined; under?: string | undefined };
      return {
        kind: key,
        over: range.over === undefined ? undefined : parseDuration(range.over),
        under: range.under === undefined ? undefined : parseDuration(range.under),
      };
    }
    case "author":
      return { kind: "author", role: input.author as "team" | "reporter" | "bot" | "other" };
    case "assigned":
      return { kind: "assigned", value: input.assigned as boolean };
    case "clock": {
      const clock = input.clock as NonNullable<ConditionInput["clock"]>;
      if (!scope.clocks.has(clock.name)) problems.push({ path: at("clock", "name"), message: refProblem("clock", clock.name, scope.clocks), ref: { kind: "clock", name: clock.name } });
      return { kind: "clock", name: clock.name, states: list(clock.state) };
    }
    case "pull-request":
      return { kind: "pull-request", value: input["pull-request"] as boolean };
    default:
      problems.push({ path, message: "expected exactly one condition key" });
      return { kind: "all", items: [] };
  }
}

/** Why a condition cannot be judged at a past instant, by condition key. */
const NOT_IN_HISTORY: Partial<Record<keyof ConditionInput, string>> = {
  text: "the history does not record past titles and bodies",
  title: "the history does not record past titles",
  body: "the history does not record past bodies",
  age: "a pause cannot depend on the time itself",
  idle: "a pause cannot depend on the time itself",
  clock: "the clocks are counted from the pauses",
};

/**
 * Problems for the parts of `sla.pause-when` that cannot be judged at past instants. Pauses are
 * read from the history, instant by instant: labels, status, state, close reason, assignees,
 * type and tracker fields as they were then; author and pull-request never change; priority and
 * category are the current ones (as for its targets). Text, time and clocks have no past
 * the tool can know, so they are refused rather than judged by today.
 */
export function pastProblems(input: ConditionInput, path: (string | number)[], problems: CompileProblem[]): void {
  const [key] = Object.keys(input) as (keyof ConditionInput)[];
  if (key === undefined) return;
  if (key === "all" || key === "any") (input[key] ?? []).forEach((c, i) => pastProblems(c, [...path, key, i], problems));
  else if (key === "not" && input.not) pastProblems(input.not, [...path, "not"], problems);
  const why = NOT_IN_HISTORY[key];
  if (why !== undefined) {
    problems.push({
      path: [...path, key],
      atKey: true,
      message: `expected a condition the issue's history records (label, status, state, close-reason, assigned, type, field, author), found ${key}: ${why}, so the pause could not be judged at each past instant; pause on a label instead (e.g. label: waiting-for-customer)`,
    });
  }
}

const NEVER: TextMatcher = { source: "", test: () => false };

/** Does a condition ask for GitHub pull requests (`pull-request: true` anywhere inside)? */
export function asksForPullRequests(condition: Condition): boolean {
  switch (condition.kind) {
    case "all":
    case "any":
      return condition.items.some(asksForPullRequests);
    case "not":
      return asksForPullRequests(condition.item);
    case "pull-request":
      return condition.value;
    default:
      return false;
  }
}
