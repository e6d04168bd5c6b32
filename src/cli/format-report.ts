/** Human-readable audit and plan reports for the terminal. */
import type { AuditReport, IssueReport, ReportedOperation } from "../audit/run-audit.ts";
import type { RunSummary, SummaryLine } from "../audit/summarise-run.ts";
import { formatDuration } from "../core/rules/duration.ts";
import type { ClockReport } from "../core/plan.ts";
import { describeTimeSettings, formatDue, formatInstant, type TimeSettings } from "../core/text/format-instant.ts";
import { describeOperation } from "../audit/describe-operation.ts";
import { moduleNamed, OPERATION_KINDS, OPERATIONS } from "../core/operations/registry.ts";
import type { Colours } from "./io.ts";


/**
 * Business time counted, as shown: in whole minutes (formatDuration drops the seconds of
 * anything over a minute), so that "counted", "left" and "over" come from the same figure and add up.
 */
const shownElapsed = (elapsedMs: number): number => Math.floor(elapsedMs / 60_000) * 60_000;

/** How one issue's clocks are shown: durations in the business days of their calendar, due instants in the report's zone. */
export interface ClockDisplay {
  time: TimeSettings;
  now: number;
}

function clockText(clock: ClockReport, c: Colours, display?: ClockDisplay): string {
  const label = `${clock.clock} ${clock.state}`;
  const calendar = display?.time.calendars.find((k) => k.name === clock.calendar);
  const on = calendar === undefined ? undefined : { dayMs: calendar.businessDayMs };
  const minutes = (ms: number): string => (ms === 0 ? "0m" : formatDuration(ms, on));
  const due = (word: string): string => (display === undefined || clock.dueAt === undefined ? "" : `, ${word} ${formatDue(clock.dueAt, display.now, display.time.zone)}`);
  let detail = "";
  if (clock.elapsedMs !== undefined && clock.targetMs !== undefined) {
    const elapsed = shownElapsed(clock.elapsedMs);
    const of = `${minutes(elapsed)} of ${clock.target ?? formatDuration(clock.targetMs, on)}`;
    // A clock that stopped (met, or breached and then answered) has nothing left to count down.
    const counting = clock.stoppedAt === undefined && (clock.state === "running" || clock.state === "at-risk");
    if (clock.state === "breached") detail = ` +${minutes(Math.max(0, elapsed - clock.targetMs))}${due("was due")}`;
    else if (counting) detail = ` ${of}, ${minutes(Math.max(0, clock.targetMs - elapsed))} left${due("due")}`;
  }
  const text = label + detail;
  if (clock.state === "breached") return c.red(text);
  if (clock.state === "at-risk") return c.yellow(text);
  if (clock.state === "met") return c.green(text);
  return c.dim(text);
}

function statusMark(op: ReportedOperation, c: Colours): string {
  switch (op.status) {
    case "applied":
      return c.green("✓");
    case "failed":
      return c.red("✗");
    case "deferred":
      return c.yellow("…");
    default:
      return " ";
  }
}

/** Longest title shown, in characters; the report names the issue, it does not reprint it. */
const TITLE_MAX = 200;

/**
 * A title as one terminal line: control characters (escape sequences, line breaks) become spaces
 * so that a title cannot redraw the terminal or fake report lines, and a huge one is cut.
 */
export function displayTitle(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  if (line.length <= TITLE_MAX) return line;
  // 2 code units per character at most: when these hold TITLE_MAX characters or fewer, they are all of it.
  const chars = Array.from(line.slice(0, 2 * TITLE_MAX + 2));
  return chars.length <= TITLE_MAX ? line : `${chars.slice(0, TITLE_MAX - 1).join("")}…`;
}

/** An issue's lines; with `display`, clocks show business days and due instants. */
export function formatIssue(issue: IssueReport, c: Colours, display?: ClockDisplay): string[] {
  const clocks = issue.clocks.filter((k) => k.state !== "not-applicable");
  const head = `${c.bold(issue.id)}  ${issue.priority}${issue.priorityInferred ? "*" : " "} ${issue.state === "closed" ? c.dim("[closed] ") : ""}${displayTitle(issue.title)}`;
  const lines = [head];
  if (clocks.length > 0) lines.push(`    ${clocks.map((k) => clockText(k, c, display)).join(c.dim(" · "))}`);
  for (const op of issue.operations) {
    lines.push(`    ${statusMark(op, c)} ${describeOperation(op.operation)}  ${c.dim(op.operation.reason)}${op.error ? c.red(`  (${op.error})`) : ""}`);
  }
  return lines;
}

const STATES = ["running", "at-risk", "breached", "paused", "met"] as const;

/** An audit report whose issues may be any iterable (a packed report's lines), read once in order. */
export type ReportView = Omit<AuditReport, "issues"> & { issues: Iterable<IssueReport> };

/** The SLA table's counts, one issue at a time (see `slaTable`). */
function slaFold(): { add(issue: IssueReport): void; table(): string[][] } {
  const byPriority = new Map<string, { open: number; states: number[]; closed: number }>();
  return {
    add(issue) {
      // Issues the scope leaves alone have no clocks: they are counted apart, not as open issues here.
      if (issue.scope === "ignored") return;
      let row = byPriority.get(issue.priority);
      if (row === undefined) byPriority.set(issue.priority, (row = { open: 0, states: STATES.map(() => 0), closed: 0 }));
      if (issue.state === "closed") row.closed++;
      else if (issue.state === "open") {
        row.open++;
        STATES.forEach((s, i) => {
          if (issue.clocks.some((k) => k.state === s)) (row.states[i] as number)++;
        });
      }
    },
    table() {
      const rows = [...byPriority.keys()].sort().map((p) => {
        const row = byPriority.get(p) as { open: number; states: number[]; closed: number };
        return [p, String(row.open), ...row.states.map(String), String(row.closed)];
      });
      // Each issue has one priority, so every column adds up down the rows.
      const total = ["total", ...rows[0]?.slice(1).map((_, i) => String(rows.reduce((n, row) => n + Number(row[i + 1]), 0))) ?? []];
      return rows.length > 1 ? [...rows, total] : rows;
    },
  };
}

/**
 * Table of SLA states by priority: how many open issues have a clock in each state, and how many
 * closed ones the run read (for the closure checklist; their clocks are not counted); a total row
 * when there are several priorities.
 */
export function slaTable(report: Pick<ReportView, "issues">): string[][] {
  const fold = slaFold();
  for (const issue of report.issues) fold.add(issue);
  return fold.table();
}

/** Why a row of the SLA table need not add up across, said only when it does not. */
function tableNotes(table: readonly string[][]): string[] {
  const notes: string[] = [];
  const states = (row: readonly string[]) => row.slice(2, 2 + STATES.length).reduce((n, cell) => n + Number(cell), 0);
  if (table.some((row) => states(row) > Number(row[1]))) {
    notes.push("An open issue counts once in each state one of its clocks is in: P0 with a breached and a running clock is in both columns.");
  }
  if (table.some((row) => Number(row.at(-1)) > 0)) notes.push("closed: issues closed recently, read for the closure checklist; their clocks are not counted.");
  return notes;
}

/** What each mark means, in the order they are listed: operations, then their outcome. */
const MARKS: ReadonlyArray<readonly [string, string]> = [
  ["+", "add"],
  ["-", "remove"],
  ["~", "edit the tool's comment in place"],
  ["★", "set priority"],
  ["=", "set field"],
  ["→", "transition"],
  ["↺", "reopen"],
  ["✕", "close"],
  ["✓", "done"],
  ["✗", "failed"],
  ["…", "deferred to the next run"],
];

const STATUS_MARKS: Readonly<Partial<Record<ReportedOperation["status"], string>>> = { applied: "✓", failed: "✗", deferred: "…" };

/** The legend of the marks the listed issues use (added one at a time), or undefined when they use none. */
function legendFold(): { add(issue: IssueReport): void; legend(): string | undefined } {
  const used = new Set<string>();
  let breached = false;
  return {
    add(issue) {
      for (const op of issue.operations) {
        used.add(describeOperation(op.operation).charAt(0));
        const status = STATUS_MARKS[op.status];
        if (status !== undefined) used.add(status);
      }
      breached ||= issue.clocks.some((k) => k.state === "breached");
    },
    legend() {
      const parts = MARKS.filter(([mark]) => used.has(mark)).map(([mark, meaning]) => `${mark} ${meaning}`);
      if (breached) parts.push("breached +25m: that long over the target");
      return parts.length === 0 ? undefined : `legend: ${parts.join(" · ")}`;
    },
  };
}

/**
 * The whole report. Instants are shown in the zone the report names (`report.time`), else in
 * `timeZone`; the line under the title names the zone and the calendars the clocks count on.
 */
export function formatReport(report: ReportView, c: Colours, verb: "audit" | "plan", timeZone?: string): string {
  return [...formatReportLines(report, c, verb, timeZone)].join("");
}

/**
 * The report of `formatReport`, one line at a time (each with its newline), reading the issues
 * once in order: a report of 100,000 issues is printed without being held as one text.
 */
export function* formatReportLines(report: ReportView, c: Colours, verb: "audit" | "plan", timeZone?: string): Generator<string> {
  const line = (text: string): string => `${text}\n`;
  const zone = report.time?.zone ?? timeZone;
  const at = zone === undefined ? report.now : formatInstant(Date.parse(report.now), zone);
  yield line(c.bold(`issue-shepherd ${verb} — ${report.tracker} at ${at}${report.dryRun ? " (dry run: nothing written)" : ""}`));
  if (report.time !== undefined) yield line(c.dim(describeTimeSettings(report.time)));
  yield line("");
  const display = report.time === undefined ? undefined : { time: report.time, now: Date.parse(report.now) };
  const table = slaFold();
  const legend = legendFold();
  let issues = 0;
  let interesting = 0;
  let inferred = false;
  for (const issue of report.issues) {
    issues++;
    table.add(issue);
    if (!(issue.operations.length > 0 || issue.clocks.some((k) => k.state === "breached" || k.state === "at-risk"))) continue;
    interesting++;
    legend.add(issue);
    inferred ||= issue.priorityInferred;
    for (const text of formatIssue(issue, c, display)) yield line(text);
    yield line("");
  }
  const out: string[] = [];
  const ignored = report.totals.outside?.ignored ?? 0;
  const unchanged = issues - interesting - ignored;
  if (unchanged > 0) out.push(c.dim(`${unchanged} other issue(s) need nothing.`), "");
  if (ignored > 0) out.push(c.dim(`${ignored} issue(s) outside the scope, left alone.`), "");
  out.push(c.bold("SLA by priority (open issues with a clock in each state)"));
  const header = ["priority", "open", ...STATES, "closed"];
  const rows = [header, ...table.table()];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const row of rows) out.push(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
  out.push(...tableNotes(rows.slice(1)).map((note) => c.dim(note)));
  out.push("");
  const t = report.totals;
  const changes = report.dryRun ? `${t.changes} change(s) planned` : `${t.changes} change(s) applied`;
  out.push(
    `${t.issues} issue(s); ${changes}${t.failed > 0 ? c.red(`, ${t.failed} failed`) : ""}${t.deferred > 0 ? c.yellow(`, ${t.deferred} deferred to the next run (write budget ${report.budget.max} reached)`) : ""}; ` +
      `${t.breached > 0 ? c.red(`${t.breached} breached`) : "0 breached"}, ${t.atRisk > 0 ? c.yellow(`${t.atRisk} at risk`) : "0 at risk"}` +
      `${t.outside === undefined ? "" : `; outside the scope: ${t.outside.ignored} left alone, ${t.outside.quiet} quiet (labels and priority only)`}.`,
  );
  if (report.summary !== undefined) out.push("", ...formatSummary(report.summary, c));
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    out.push(c.yellow(`${skipped.length} issue(s) skipped (left unchanged, read again next run):`));
    for (const entry of skipped) out.push(`  ${c.yellow("!")} ${c.bold(displayTitle(entry.id))}  ${displayTitle(entry.reason)}`);
  }
  const marks = legend.legend();
  if (marks !== undefined) out.push("", c.dim(marks));
  if (inferred) out.push(c.dim("* priority inferred by the rules"));
  for (const text of out) yield line(text);
}

/** What a kind of change is called in the summary. */
const CHANGE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(OPERATION_KINDS.map((kind) => [kind, OPERATIONS[kind].summaryName]));

const NOTICE_NAMES: Readonly<Record<string, string>> = {
  intake: "missing information",
  "similar-cases": "similar past cases",
  breach: "SLA breach",
  "update-due": "update due",
  escalation: "escalation",
  closure: "closure checklist",
  priority: "priority labels",
  rule: "own rules",
};

/** Longest title in the summary's examples: one line each. */
const EXAMPLE_TITLE_MAX = 48;

/** Labels shown by name on a summary line; the rest are counted. */
const LABELS_SHOWN = 6;

function summaryLines(lines: readonly SummaryLine[], names: Readonly<Record<string, string>>, c: Colours, examples: boolean, width: number): string[] {
  const label = (line: SummaryLine) => displayTitle(names[line.kind] ?? line.kind);
  const idWidth = Math.max(0, ...lines.flatMap((l) => l.examples.map((e) => displayTitle(e.id).length)));
  const out: string[] = [];
  for (const line of lines) {
    const times = line.count > line.issues ? ` (${line.count} in all)` : "";
    const labels = Object.entries(line.labels ?? {});
    const which =
      labels.length === 0
        ? ""
        : `: ${labels.slice(0, LABELS_SHOWN).map(([l, n]) => `${displayTitle(l)} ${n}`).join(", ")}${labels.length > LABELS_SHOWN ? `, ${labels.length - LABELS_SHOWN} more` : ""}`;
    out.push(`  ${label(line).padEnd(width)}  ${String(line.issues).padStart(4)} issue(s)${times}${which}`);
    if (!examples) continue;
    for (const e of line.examples) {
      const title = displayTitle(e.title);
      const short = title.length > EXAMPLE_TITLE_MAX ? `${Array.from(title).slice(0, EXAMPLE_TITLE_MAX - 1).join("")}…` : title;
      out.push(`      ${c.bold(displayTitle(e.id).padEnd(idWidth))}  ${short}  ${c.dim("→")} ${displayTitle(e.change)}`);
    }
  }
  return out;
}

/**
 * The first-run summary of a dry run: how many issues would get which kind of change, and the
 * comments by kind of notice, with up to three examples each.
 */
export function formatSummary(summary: RunSummary, c: Colours): string[] {
  const out = [c.bold("Summary of what this run would write (nothing is written on a dry run)")];
  const outside = summary.outside.ignored + summary.outside.quiet;
  out.push(
    `  ${summary.changed} of ${summary.issues} issue(s) would change` +
      (outside > 0 ? `; ${outside} outside the scope: ${summary.outside.ignored} left alone, ${summary.outside.quiet} quiet (labels and priority only)` : "") +
      ".",
  );
  if (summary.changes.length === 0) return out;
  const width = Math.max(
    ...summary.changes.map((l) => (CHANGE_NAMES[l.kind] ?? l.kind).length),
    ...summary.notices.map((l) => (NOTICE_NAMES[l.kind] ?? l.kind).length),
  );
  // Comments are shown by notice below, with their examples; other changes with theirs here.
  const comments = (l: SummaryLine) => moduleNamed(l.kind)?.notices !== undefined;
  out.push(...summaryLines(summary.changes.filter(comments), CHANGE_NAMES, c, false, width));
  out.push(...summaryLines(summary.changes.filter((l) => !comments(l)), CHANGE_NAMES, c, true, width));
  if (summary.notices.length > 0) {
    out.push(c.bold("  Notices in those comments"));
    out.push(...summaryLines(summary.notices, NOTICE_NAMES, c, true, width));
  }
  return out;
}
