/**
 * The figures of one period from the issues and the rules: what moved, how the clocks that
 * stopped in it went, and what was left open at its end.
 */
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import { clockOutcomes, reviewRules, type ClockOutcome } from "./clock-outcomes.ts";
import { countFeedback, surveysOf, type FeedbackReader } from "./feedback.ts";
import { issueAt } from "./issue-at.ts";
import type { Period } from "./period.ts";
import type { Backlog, BreachRow, ClockRow, DistributionBar, IssueCounts, PeriodFigures } from "./review.ts";
import { mean, median, percentile, share, wholeMinutes } from "./stats.ts";

/** What a period's figures are computed from. */
export interface FiguresInput {
  issues: readonly Issue[];
  rules: Rules;
  period: Period;
  /** The report's instant: nothing after it is known (a period that has not ended yet). */
  now: number;
  feedback?: FeedbackReader;
}

/** Label of issues without a category, and of clocks on issues nobody was assigned. */
export const NO_CATEGORY = "(none)";
export const UNASSIGNED = "(unassigned)";

const HOUR = 60;
/** Resolution-time bars, in business minutes. */
const RESOLUTION_BARS: readonly [string, number | null][] = [
  ["≤ 1 h", HOUR],
  ["1–4 h", 4 * HOUR],
  ["4–8 h", 8 * HOUR],
  ["8–24 h", 24 * HOUR],
  ["24–40 h", 40 * HOUR],
  ["> 40 h", null],
];
const DAY_MS = 86_400_000;
/** Backlog age bands, in wall-clock days since creation. */
const AGE_BANDS: readonly [string, number][] = [
  ["< 1 d", 1],
  ["1–3 d", 3],
  ["3–7 d", 7],
  ["7–30 d", 30],
  ["≥ 30 d", Infinity],
];

const inSpan = (t: number, start: number, until: number): boolean => t >= start && t <= until;

/** Did the issue take part in the period: created in it, open during it, or closed or reopened in it? */
function takesPart(issue: Issue, start: number, until: number): boolean {
  if (issue.pullRequest || issue.createdAt > until) return false;
  if (issue.createdAt >= start) return true;
  if (issueAt(issue, start).state === "open") return true;
  return issue.history.some((e) => (e.kind === "closed" || e.kind === "reopened") && inSpan(e.at, start, until));
}

function closedIn(issue: Issue, start: number, until: number): boolean {
  const closes = issue.history.filter((e) => e.kind === "closed");
  if (closes.length > 0) return closes.some((e) => inSpan(e.at, start, until));
  return issue.state === "closed" && issue.closedAt !== undefined && inSpan(issue.closedAt, start, until);
}

function breachRow(outcomes: readonly ClockOutcome[]): BreachRow {
  const breached = outcomes.filter((o) => o.state === "breached").length;
  return { count: outcomes.length, breached, breachRate: share(breached, outcomes.length) };
}

function groupBy(outcomes: readonly ClockOutcome[], keys: (o: ClockOutcome) => readonly string[]): Map<string, ClockOutcome[]> {
  const groups = new Map<string, ClockOutcome[]>();
  for (const o of outcomes) for (const key of keys(o)) groups.set(key, [...(groups.get(key) ?? []), o]);
  return groups;
}

/** Rows for the groups, most breached first, then by count, then by name. */
function rankedRows<K extends string>(groups: Map<string, ClockOutcome[]>, key: K): (BreachRow & Record<K, string>)[] {
  return [...groups]
    .map(([name, list]) => ({ [key]: name, ...breachRow(list) }) as BreachRow & Record<K, string>)
    .sort((a, b) => b.breached - a.breached || b.count - a.count || a[key].localeCompare(b[key]));
}

function clockRows(outcomes: readonly ClockOutcome[], rules: Rules): ClockRow[] {
  const rows: ClockRow[] = [];
  for (const clock of rules.sla.clocks) {
    const ofClock = outcomes.filter((o) => o.clock === clock.name);
    // Progress updates never stop: they are owed again after each one, so no row unless one did.
    if (clock.kind === "update" && ofClock.length === 0) continue;
    for (const level of rules.priority.levels) {
      const list = ofClock.filter((o) => o.priority === level.name);
      if (!clock.targets.has(level.name) && list.length === 0) continue;
      const met = list.filter((o) => o.state === "met").length;
      const minutes = list.map((o) => wholeMinutes(o.elapsedMs));
      const wall = list.map((o) => wholeMinutes(o.wallMs));
      rows.push({
        clock: clock.name,
        priority: level.name,
        count: list.length,
        met,
        breached: list.length - met,
        metRate: share(met, list.length),
        medianBusinessMinutes: median(minutes),
        p90BusinessMinutes: percentile(minutes, 0.9),
        medianWallMinutes: median(wall),
        p90WallMinutes: percentile(wall, 0.9),
      });
    }
  }
  return rows;
}

function resolutionBars(outcomes: readonly ClockOutcome[]): DistributionBar[] {
  const minutes = outcomes.filter((o) => o.kind === "resolution").map((o) => wholeMinutes(o.elapsedMs));
  let previous = -1;
  return RESOLUTION_BARS.map(([label, upTo]) => {
    const count = minutes.filter((m) => m > previous && (upTo === null || m <= upTo)).length;
    previous = upTo ?? Infinity;
    return { label, upToBusinessMinutes: upTo, count };
  });
}

function backlogOf(open: readonly { issue: Issue; priority: string }[], rules: Rules, until: number): Backlog {
  const levels = rules.priority.levels.map((l) => l.name);
  const byAge = AGE_BANDS.map(([age]) => ({ age, count: 0, byPriority: Object.fromEntries(levels.map((l) => [l, 0])) }));
  const byPriority = new Map(levels.map((l) => [l, 0]));
  for (const { issue, priority } of open) {
    const days = (until - issue.createdAt) / DAY_MS;
    const band = byAge[AGE_BANDS.findIndex(([, limit]) => days < limit)] ?? byAge[byAge.length - 1];
    if (!band) continue;
    band.count++;
    band.byPriority[priority] = (band.byPriority[priority] ?? 0) + 1;
    byPriority.set(priority, (byPriority.get(priority) ?? 0) + 1);
  }
  return { total: open.length, byAge, byPriority: [...byPriority].map(([priority, count]) => ({ priority, count })) };
}

/** The figures of `input.period` as they stood at its end (or at `now`, if that is earlier). */
export function computeFigures(input: FiguresInput): PeriodFigures {
  const { period } = input;
  const rules = reviewRules(input.rules);
  const start = period.start;
  const until = Math.min(period.end - 1, input.now);
  const counts: IssueCounts = { created: 0, closed: 0, open: 0, reopened: 0 };
  const outcomes: ClockOutcome[] = [];
  const open: { issue: Issue; priority: string }[] = [];
  const taking: Issue[] = [];
  for (const issue of input.issues) {
    if (until < start || !takesPart(issue, start, until)) continue;
    const { outcomes: stopped, atEnd } = clockOutcomes(issue, rules, start, until);
    if (atEnd.scope === "ignored") continue;
    taking.push(issue);
    outcomes.push(...stopped);
    if (inSpan(issue.createdAt, start, until)) counts.created++;
    if (closedIn(issue, start, until)) counts.closed++;
    if (issue.history.some((e) => e.kind === "reopened" && inSpan(e.at, start, until))) counts.reopened++;
    if (issueAt(issue, until).state === "open") {
      counts.open++;
      open.push({ issue, priority: atEnd.priority });
    }
  }
  const responses = outcomes.filter((o) => o.kind === "response" && !o.stoppedByClose);
  const resolutions = outcomes.filter((o) => o.kind === "resolution");
  const levels = rules.priority.levels.map((l) => l.name);
  const byPriority = groupBy(outcomes, (o) => [o.priority]);
  return {
    period: { from: period.from, to: period.to, timezone: period.timezone },
    asOf: new Date(Math.max(until, start)).toISOString(),
    issues: counts,
    reopenRate: share(counts.reopened, counts.closed),
    clocks: clockRows(outcomes, rules),
    mtta: { count: responses.length, meanBusinessMinutes: mean(responses.map((o) => wholeMinutes(o.elapsedMs))) },
    mttr: { count: resolutions.length, meanBusinessMinutes: mean(resolutions.map((o) => wholeMinutes(o.elapsedMs))) },
    byPriority: levels.map((priority) => ({ priority, ...breachRow(byPriority.get(priority) ?? []) })),
    byCategory: rankedRows(groupBy(outcomes, (o) => [o.category ?? NO_CATEGORY]), "category"),
    byAssignee: rankedRows(groupBy(outcomes, (o) => (o.assignees.length > 0 ? o.assignees : [UNASSIGNED])), "assignee"),
    resolutionTimes: resolutionBars(outcomes),
    backlog: backlogOf(open, rules, until),
    feedback: countFeedback(taking, input.feedback ?? surveysOf(input.rules), start, until),
  };
}
