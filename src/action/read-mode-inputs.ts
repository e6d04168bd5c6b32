/**
 * The Action's mode and the report mode's inputs: `mode` (`process`, the default, or `report`),
 * `period` (`week` or `month`), `which-period` (`last`, the default, or `current`) and
 * `report-label`. Problems are messages that name the input, what it takes and what was found.
 */
import type { ReviewSpan, ReviewWhich } from "../report/review-period.ts";
import { type ActionHost, getInput } from "./action-host.ts";

/** The label review issues carry unless `report-label` says otherwise. */
export const DEFAULT_REVIEW_LABEL = "support-review";

/** What the run does: apply the process to issues, or keep the period's review issue. */
export type ActionMode = { kind: "process" } | { kind: "report"; span: ReviewSpan; which: ReviewWhich; label: string };

/** One of `allowed` (any case), the default when empty, or a problem. */
function choice<T extends string>(env: ActionHost["env"], name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const text = getInput(env, name).toLowerCase();
  if (text === "") return fallback;
  const found = allowed.find((value) => value === text);
  if (found === undefined) problems.push(`input ${name}: expected ${allowed.join(" or ")}, found "${getInput(env, name)}"`);
  return found ?? fallback;
}

/** Read the mode; report inputs are read (and checked) only in report mode. */
export function readModeInputs(env: ActionHost["env"]): { mode?: ActionMode; problems: string[] } {
  const problems: string[] = [];
  const kind = choice(env, "mode", ["process", "report"] as const, "process", problems);
  if (problems.length > 0) return { problems };
  if (kind === "process") return { mode: { kind }, problems };
  const span = choice(env, "period", ["week", "month"] as const, "week", problems);
  const which = choice(env, "which-period", ["last", "current"] as const, "last", problems);
  const label = getInput(env, "report-label") || DEFAULT_REVIEW_LABEL;
  if (label.includes(",")) problems.push(`input report-label: expected one label name without commas, found "${label}"`);
  if (label.length > 50) problems.push(`input report-label: expected a label name of at most 50 characters (GitHub's limit), found ${label.length}`);
  return problems.length > 0 ? { problems } : { mode: { kind, span, which, label }, problems };
}
