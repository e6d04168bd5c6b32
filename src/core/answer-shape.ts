/**
 * Checks of what a tracker answered, for the adapters: each problem reads
 * `path: expected …, found …`, and a list of problems becomes one `invalid` tracker error that
 * names the answer (endpoint and issue). Pure; no I/O.
 */
import { TrackerError } from "./tracker.ts";

/** A found value, short: `null`, `nothing`, `a list of 3`, `an object`, `"text"`, `42`. */
export function describeAnswerValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value === "" ? "an empty text" : JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "number" || typeof value === "boolean" ? String(value) : typeof value;
}

/** One problem line. */
export const answerProblem = (path: string, expected: string, found: unknown): string =>
  `${path}: expected ${expected}, found ${describeAnswerValue(found)}`;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Push a problem unless `value` is an object; says whether it is. */
export function expectRecord(value: unknown, path: string, problems: string[]): value is Record<string, unknown> {
  if (isRecord(value)) return true;
  problems.push(answerProblem(path, "an object", value));
  return false;
}

/** Push a problem unless `value` is a list; says whether it is. */
export function expectList(value: unknown, path: string, problems: string[]): value is unknown[] {
  if (Array.isArray(value)) return true;
  problems.push(answerProblem(path, "a list", value));
  return false;
}

/** Push a problem unless `value` is a string (or, with `orNull`, null). */
export function expectString(value: unknown, path: string, problems: string[], orNull = false): void {
  if (typeof value === "string" || (orNull && value === null)) return;
  problems.push(answerProblem(path, orNull ? "a text or null" : "a text", value));
}

/** Push a problem unless `value` is an ISO 8601 instant. */
export function expectInstant(value: unknown, path: string, problems: string[]): void {
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return;
  problems.push(answerProblem(path, "a date-time", value));
}

/** At most this many problems are listed in one message; the rest are counted. */
const SHOWN = 5;

/** The problems of one answer as one line: `a; b; c (and 4 more)`. */
export function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, SHOWN).join("; ");
  return problems.length > SHOWN ? `${shown} (and ${problems.length - SHOWN} more)` : shown;
}

/**
 * The error for an answer that is not what the tracker documents. `answer` names it, e.g.
 * `GET /repos/acme/support/issues/12`; the message ends with what the caller does about it.
 */
export function invalidAnswer(answer: string, problems: readonly string[], cause?: unknown): TrackerError {
  return new TrackerError("invalid", `unexpected answer to ${answer}: ${listProblems(problems)}`, cause === undefined ? {} : { cause });
}
