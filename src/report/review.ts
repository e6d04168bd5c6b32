/**
 * The periodic review as data: the figures `shepherd report` prints in every format. Minutes
 * are whole business minutes on each clock's calendar; rates are shares in [0, 1], null when
 * nothing was counted.
 */
import type { RepeatFigures } from "./repeats.ts";

/** How the issues of the period moved. */
export interface IssueCounts {
  /** Created in the period. */
  created: number;
  /** Closed in the period (at least once). */
  closed: number;
  /** Open at the end of the period (or at the report's instant, if earlier). */
  open: number;
  /** Reopened in the period (at least once). */
  reopened: number;
}

/** One clock at one priority: the clocks that stopped (met or breached) in the period. */
export interface ClockRow {
  clock: string;
  priority: string;
  count: number;
  met: number;
  breached: number;
  /** met / (met + breached); null when no clock stopped. */
  metRate: number | null;
  medianBusinessMinutes: number | null;
  p90BusinessMinutes: number | null;
  /** The same in wall-clock minutes, from the clock's start to its stop. */
  medianWallMinutes: number | null;
  p90WallMinutes: number | null;
}

/** Clocks that stopped in the period, grouped by one property of their issue. */
export interface BreachRow {
  count: number;
  breached: number;
  /** breached / count. */
  breachRate: number | null;
}

/** A mean time in business minutes, over `count` clocks. */
export interface MeanTime {
  count: number;
  meanBusinessMinutes: number | null;
}

/** One bar of the resolution-time distribution: resolutions within (after the previous bar, up to `upToBusinessMinutes`]. */
export interface DistributionBar {
  label: string;
  /** Upper bound in business minutes; null for the last, open-ended bar. */
  upToBusinessMinutes: number | null;
  count: number;
}

/** Issues open at the end of the period, by age (wall-clock time since creation) and priority. */
export interface Backlog {
  total: number;
  byAge: { age: string; count: number; byPriority: Record<string, number> }[];
  byPriority: { priority: string; count: number }[];
}

/** Satisfaction answers to surveys asked in the period. */
export interface FeedbackFigures {
  asked: number;
  answered: number;
  positive: number;
  negative: number;
  /** answered / asked. */
  responseRate: number | null;
  /** positive / answered. */
  positiveShare: number | null;
}

/** The figures of one period. */
export interface PeriodFigures {
  period: { from: string; to: string; timezone: string };
  /** The instant the figures stand at: the end of the period, or the report's instant if earlier. */
  asOf: string;
  issues: IssueCounts;
  /** reopened / closed. */
  reopenRate: number | null;
  clocks: ClockRow[];
  /** Mean time to the first team response (clocks stopped by a response). */
  mtta: MeanTime;
  /** Mean time to resolution (completed closures). */
  mttr: MeanTime;
  byPriority: (BreachRow & { priority: string })[];
  byCategory: (BreachRow & { category: string })[];
  byAssignee: (BreachRow & { assignee: string })[];
  resolutionTimes: DistributionBar[];
  backlog: Backlog;
  feedback: FeedbackFigures;
}

/** The review: the period's figures with the previous period's beside. */
export interface Review extends PeriodFigures {
  /** The source of the issues: `owner/repo`, a Jira site, a snapshot path. */
  tracker: string;
  /** Cases closed in the period whose problem a case solved before had (see repeats.ts). */
  repeats: RepeatFigures;
  previous: PeriodFigures;
}
