/**
 * The clocks of one issue that stopped in a span of time, each judged as it stood at the
 * instant it stopped: the issue rebuilt as of then and evaluated at then, so the priority, the
 * pauses and the calendar are those in force, and a later reopen or priority change does not
 * rewrite the past. The business-time arithmetic is the core's own (`evaluate`).
 */
import { evaluate } from "../core/evaluate.ts";
import type { Issue } from "../core/model.ts";
import type { ClockReport, Plan } from "../core/plan.ts";
import type { ClockKind, Rules } from "../core/rules/rules.ts";
import { issueAt } from "./issue-at.ts";

/** One clock that stopped: met or breached. */
export interface ClockOutcome {
  issue: string;
  clock: string;
  kind: ClockKind;
  cycle: number;
  /** The issue's priority level when the clock stopped. */
  priority: string;
  category: string | undefined;
  /** Assignees when it stopped (ids). */
  assignees: string[];
  state: "met" | "breached";
  stoppedAt: number;
  elapsedMs: number;
  /** Wall-clock milliseconds from the clock's start to its stop. */
  wallMs: number;
  /** A first-response clock the close stopped, with no team response: not an acknowledgement. */
  stoppedByClose: boolean;
}

/**
 * The rules a review judges history by: the closure checklist's reopen is an action the tool
 * takes, not history, so a close counts as it happened — also for issues closed before the
 * tool was adopted.
 */
export function reviewRules(rules: Rules): Rules {
  return rules.closure === undefined ? rules : { ...rules, closure: undefined };
}

const stopped = (report: ClockReport): boolean => report.stoppedAt !== undefined && (report.state === "met" || report.state === "breached");

/** An issue's clocks that stopped in a span, and its plan at the end of the span. */
export interface IssueOutcomes {
  outcomes: ClockOutcome[];
  /** The evaluation at `until`: priority, category and scope as they stood then. */
  atEnd: Plan;
}

/**
 * The clocks of `issue` that stopped in [start, until], final as of `until`. Candidates are read
 * at each instant right before a reopen (when a cycle's clocks are last reported) and at
 * `until`; each one found stopped is then evaluated again at the instant it stopped.
 */
export function clockOutcomes(issue: Issue, rules: Rules, start: number, until: number): IssueOutcomes {
  const kinds = new Map(rules.sla.clocks.map((c) => [c.name, c.kind]));
  const instants: number[] = [];
  for (const event of issue.history) if (event.kind === "reopened" && event.at > start && event.at <= until) instants.push(event.at - 1);
  instants.push(until);
  // Per clock and cycle, the last report seen: a later one decides (a quick reopen that
  // continued the cycle makes its earlier stop no stop at all).
  const last = new Map<string, ClockReport>();
  let atEnd: Plan | undefined;
  for (const t of instants) {
    if (t < issue.createdAt) continue;
    atEnd = evaluate(issueAt(issue, t), rules, t);
    for (const report of atEnd.clocks) last.set(`${report.clock}\u0000${report.cycle}`, report);
  }
  atEnd ??= evaluate(issueAt(issue, until), rules, until);
  if (atEnd.scope === "ignored") return { outcomes: [], atEnd };
  const outcomes: ClockOutcome[] = [];
  for (const candidate of last.values()) {
    if (!stopped(candidate)) continue;
    const at = candidate.stoppedAt as number;
    if (at < start || at > until) continue;
    const then = issueAt(issue, at);
    const plan = evaluate(then, rules, at);
    const report = plan.clocks.find((c) => c.clock === candidate.clock && c.cycle === candidate.cycle && stopped(c)) ?? candidate;
    const kind = kinds.get(report.clock) ?? "resolution";
    outcomes.push({
      issue: issue.id,
      clock: report.clock,
      kind,
      cycle: report.cycle,
      priority: plan.priority,
      category: plan.category,
      assignees: then.assignees.map((p) => p.id),
      state: report.state === "breached" ? "breached" : "met",
      stoppedAt: report.stoppedAt ?? at,
      elapsedMs: report.elapsedMs ?? 0,
      wallMs: Math.max(0, (report.stoppedAt ?? at) - (report.startedAt ?? issue.createdAt)),
      stoppedByClose: kind === "response" && then.state === "closed" && then.closedAt === at,
    });
  }
  outcomes.sort((a, b) => a.stoppedAt - b.stoppedAt || a.clock.localeCompare(b.clock));
  return { outcomes, atEnd };
}
