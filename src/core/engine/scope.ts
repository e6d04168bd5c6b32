/**
 * Scope: which issues the rules govern (`scope:`), so that a team can adopt the tool on a tracker
 * that already holds hundreds of issues. An issue is outside when it was created before `since`,
 * carries none of `labels`, carries one of `exclude-labels`, or is of none of `types`. Outside
 * issues get an empty plan (`outside: ignore`), or labels and priority only (`outside: quiet`):
 * never a comment, an assignment, a reopen, a close, a field or a transition, and no clock that
 * started before `since` — a clock of a cycle or update period that starts later (a reopen after
 * adoption) counts as on any issue.
 *
 * The scope is judged on the issue as it is: a label added later brings an issue in from then
 * on, and its clocks count from its creation as for any issue created after `since`.
 */
import type { Issue } from "../model.ts";
import { moduleOf } from "../operations/registry.ts";
import type { Operation } from "../plan.ts";
import { isReviewIssue } from "../review/review-issue.ts";
import { isBareDate, sinceInstant } from "../rules/compile-scope.ts";
import type { Rules, ScopeRule } from "../rules/rules.ts";
import { displayZone, formatInstant } from "../text/format-instant.ts";
import type { ClockDetail } from "./sla.ts";

/** Where an issue stands: in the scope, outside and left alone, or outside and treated quietly. */
export type ScopeVerdict = "in" | "ignored" | "quiet";

const sinceCache = new WeakMap<ScopeRule, { zone: string; at: number | undefined }>();

/** The zone a bare `since` date is read in: the one reports show times in. */
export const scopeZone = (rules: Rules): string => displayZone(rules);

/** `scope.since` as an instant (a bare date from midnight in the reports' zone); undefined: none. */
export function scopeSince(rules: Rules): number | undefined {
  const scope = rules.scope;
  if (scope?.since === undefined) return undefined;
  const zone = scopeZone(rules);
  const cached = sinceCache.get(scope);
  if (cached?.zone === zone) return cached.at;
  const at = sinceInstant(scope.since, zone);
  sinceCache.set(scope, { zone, at });
  return at;
}

/** `scope.since` as reports show it: `2026-12-01 00:00 +08:00`. */
export function describeSince(rules: Rules): string | undefined {
  const at = scopeSince(rules);
  if (at === undefined || rules.scope?.since === undefined) return undefined;
  return `${formatInstant(at, scopeZone(rules))}${isBareDate(rules.scope.since) ? "" : ` (${rules.scope.since})`}`;
}

const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));

/** Is the issue in the scope, and if not, why (one line, for `explain`)? */
export function scopeOf(issue: Issue, rules: Rules): { verdict: ScopeVerdict; why: string } {
  // The tool's own periodic review is no support case, whatever the rules' scope says.
  if (isReviewIssue(issue)) return { verdict: "ignored", why: "it is the tool's own periodic review, not a support case" };
  const scope = rules.scope;
  if (scope === undefined) return { verdict: "in", why: "the rules set no scope" };
  const outside = scope.outside === "quiet" ? "quiet" : "ignored";
  const since = scopeSince(rules);
  if (since !== undefined) {
    // An issue whose creation is unknown cannot be shown to be new: it is not written to.
    if (!(issue.createdAt > 0)) return { verdict: outside, why: "its creation time is unknown, so it cannot be shown to be created after scope.since" };
    if (issue.createdAt < since) {
      const zone = scopeZone(rules);
      return { verdict: outside, why: `created ${formatInstant(issue.createdAt, zone)}, before scope.since (${formatInstant(since, zone)})` };
    }
  }
  const labels = lower(issue.labels);
  if (scope.labels.length > 0 && !scope.labels.some((l) => labels.has(l.toLowerCase()))) {
    return { verdict: outside, why: `it carries none of scope.labels (${scope.labels.join(", ")})` };
  }
  const excluded = scope.excludeLabels.find((l) => labels.has(l.toLowerCase()));
  if (excluded !== undefined) return { verdict: outside, why: `it carries ${excluded}, one of scope.exclude-labels` };
  if (scope.types.length > 0 && (issue.type === undefined || !lower(scope.types).has(issue.type.toLowerCase()))) {
    return { verdict: outside, why: `its type (${issue.type ?? "none"}) is none of scope.types (${scope.types.join(", ")})` };
  }
  return { verdict: "in", why: "in the scope" };
}

/** Under `outside: quiet`, only the clocks that started on or after `since` count. */
export function quietClocks(details: ClockDetail[], rules: Rules): ClockDetail[] {
  const since = scopeSince(rules);
  return since === undefined ? details : details.filter((d) => d.startedAt >= since);
}

/**
 * Under `outside: quiet`: labels and priority only. A label that would bring the issue into the
 * scope (one of `labels`) or keep it out (one of `exclude-labels`) is not touched either, so the
 * quiet treatment never changes the issue's own scope.
 */
export function quietOperations(operations: readonly Operation[], rules: Rules): Operation[] {
  const scope = rules.scope;
  const wanted = lower(scope?.labels ?? []);
  const excluded = lower(scope?.excludeLabels ?? []);
  const labels = { add: (label: string) => !wanted.has(label.toLowerCase()), remove: (label: string) => !excluded.has(label.toLowerCase()) };
  const out: Operation[] = [];
  for (const op of operations) {
    // The module of the operation's kind keeps it, or a part of it: an operation of that kind.
    const kept = moduleOf(op).quiet?.(op, labels) as Operation | undefined;
    if (kept !== undefined) out.push(kept);
  }
  return out;
}
