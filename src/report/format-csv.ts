/**
 * The review as one CSV table for a spreadsheet, one figure per row (long form, ready for a
 * pivot table), the current period's rows first, then the previous period's:
 *
 * `period_from,period_to,timezone,section,item,priority,metric,value`
 *
 * - `issues`: item created / closed / open / reopened, metric `count`; item reopen, metric `rate`
 * - `clock`: item the clock, priority the level; metrics count, met, breached, met_rate,
 *   median_business_minutes, p90_business_minutes
 * - `mtta`, `mttr`: metrics count, mean_business_minutes
 * - `priority`, `category`, `assignee`: item the name (priority in `priority`); metrics count,
 *   breached, breach_rate
 * - `resolution_time`: item the bar (`1–4 h`), metric count
 * - `backlog`: item the age band, priority the level (empty for all levels); metric count
 * - `feedback`: metrics asked, answered, positive, negative, response_rate, positive_share
 * - `repeats` (the current period only): metrics count, rate; then per cluster of similar cases,
 *   largest first, item the cluster's earliest case, priority its most common level; metrics
 *   size, share_of_priority
 *
 * Rates are shares in [0, 1]; a value with nothing to measure is empty.
 */
import type { PeriodFigures, Review } from "./review.ts";
import type { RepeatFigures } from "./repeats.ts";

/** The CSV header row. */
export const CSV_COLUMNS = ["period_from", "period_to", "timezone", "section", "item", "priority", "metric", "value"] as const;

/** One field, quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
function field(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rowsOf(f: PeriodFigures): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const add = (section: string, item: string, priority: string, metric: string, value: number | null) => rows.push([f.period.from, f.period.to, f.period.timezone, section, item, priority, metric, value]);
  for (const item of ["created", "closed", "open", "reopened"] as const) add("issues", item, "", "count", f.issues[item]);
  add("issues", "reopen", "", "rate", f.reopenRate);
  for (const r of f.clocks) {
    add("clock", r.clock, r.priority, "count", r.count);
    add("clock", r.clock, r.priority, "met", r.met);
    add("clock", r.clock, r.priority, "breached", r.breached);
    add("clock", r.clock, r.priority, "met_rate", r.metRate);
    add("clock", r.clock, r.priority, "median_business_minutes", r.medianBusinessMinutes);
    add("clock", r.clock, r.priority, "p90_business_minutes", r.p90BusinessMinutes);
    add("clock", r.clock, r.priority, "median_wall_minutes", r.medianWallMinutes);
    add("clock", r.clock, r.priority, "p90_wall_minutes", r.p90WallMinutes);
  }
  for (const [section, mean] of [["mtta", f.mtta], ["mttr", f.mttr]] as const) {
    add(section, "", "", "count", mean.count);
    add(section, "", "", "mean_business_minutes", mean.meanBusinessMinutes);
  }
  const breaches = (section: string, item: string, priority: string, r: { count: number; breached: number; breachRate: number | null }) => {
    add(section, item, priority, "count", r.count);
    add(section, item, priority, "breached", r.breached);
    add(section, item, priority, "breach_rate", r.breachRate);
  };
  for (const r of f.byPriority) breaches("priority", "", r.priority, r);
  for (const r of f.byCategory) breaches("category", r.category, "", r);
  for (const r of f.byAssignee) breaches("assignee", r.assignee, "", r);
  for (const bar of f.resolutionTimes) add("resolution_time", bar.label, "", "count", bar.count);
  for (const band of f.backlog.byAge) {
    add("backlog", band.age, "", "count", band.count);
    for (const [priority, count] of Object.entries(band.byPriority)) add("backlog", band.age, priority, "count", count);
  }
  const fb = f.feedback;
  for (const [metric, value] of [["asked", fb.asked], ["answered", fb.answered], ["positive", fb.positive], ["negative", fb.negative], ["response_rate", fb.responseRate], ["positive_share", fb.positiveShare]] as const) add("feedback", "", "", metric, value);
  return rows;
}

function repeatRows(f: PeriodFigures, r: RepeatFigures): (string | number | null)[][] {
  const row = (item: string, priority: string, metric: string, value: number | null) => [f.period.from, f.period.to, f.period.timezone, "repeats", item, priority, metric, value];
  const rows = [row("", "", "count", r.count), row("", "", "rate", r.rate)];
  for (const c of r.clusters) rows.push(row(c.caseIds[0] ?? "", c.priority, "size", c.size), row(c.caseIds[0] ?? "", c.priority, "share_of_priority", c.shareOfPriority));
  return rows;
}

/** The review as CSV (RFC 4180, CRLF line ends). */
export function formatCsv(review: Review): string {
  const rows = [...rowsOf(review), ...repeatRows(review, review.repeats), ...rowsOf(review.previous)];
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => r.map(field).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
