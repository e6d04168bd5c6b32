/**
 * The job summary: totals, the issues that changed, SLA states by priority as a table
 * and as a mermaid chart, and whether the write budget ran out. Pure: report in, Markdown out.
 */
import { moduleNamed, moduleOf } from "../core/operations/registry.ts";
import type { Operation } from "../core/plan.ts";
import type { AuditReport, IssueReport, ReportedOperation } from "../audit/run-audit.ts";
import type { SummaryLine } from "../audit/summarise-run.ts";
import { describeTimeSettings } from "../core/text/format-instant.ts";

export interface SummaryContext {
  /** "audit" or the event that was handled, e.g. `issues.opened on #12`. */
  title: string;
  reportPath: string;
}

/** The SLA columns, worst first. */
const STATES = ["breached", "at-risk", "paused", "on track", "no clock"] as const;
type SlaState = (typeof STATES)[number];

/** One state per open issue: its worst clock. */
export function slaStateOf(issue: IssueReport): SlaState {
  const states = new Set(issue.clocks.map((c) => c.state));
  if (states.has("breached")) return "breached";
  if (states.has("at-risk")) return "at-risk";
  if (states.has("paused")) return "paused";
  if (states.has("running") || states.has("met")) return "on track";
  return "no clock";
}

/**
 * Text for a table cell: no pipes, no line breaks, no HTML, no mentions that would notify, and
 * backslashes and brackets escaped so that a title cannot undo the pipe escape or end its link.
 */
const cell = (text: string): string =>
  text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[\\[\]]/g, "\\$&")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/@(?=\w)/g, "@\u200b");

/** The first `max` characters (code points, so no emoji is cut in half) of a possibly huge text. */
const head = (text: string, max: number): string => (text.length <= max ? text : Array.from(text.slice(0, 2 * max)).slice(0, max).join(""));

/** An operation in the job summary: ``+`needs-info` ``, `close (completed)`. */
const markdownOf = (op: Operation): string => moduleOf(op).markdown(op);

function describe(entry: ReportedOperation): string {
  const op = entry.operation;
  const what = markdownOf(op);
  return entry.status === "applied" || entry.status === "planned" ? what : `${what} (${entry.status.replace("-", " ")})`;
}

function issueLink(issue: IssueReport): string {
  const number = issue.id.replace(/^.*#/, "#");
  const text = cell(head(`${number} ${issue.title}`, 80));
  return issue.url === undefined ? text : `[${text}](${issue.url})`;
}

function priorities(report: AuditReport): string[] {
  return [...new Set(report.issues.map((i) => i.priority))].sort();
}

function countsByPriority(report: AuditReport): Map<string, Record<SlaState, number>> {
  const table = new Map<string, Record<SlaState, number>>();
  for (const priority of priorities(report)) table.set(priority, { breached: 0, "at-risk": 0, paused: 0, "on track": 0, "no clock": 0 });
  for (const issue of report.issues) {
    // Issues the scope leaves alone are not governed: they have no SLA state.
    if (issue.state !== "open" || issue.scope === "ignored") continue;
    const row = table.get(issue.priority);
    if (row !== undefined) row[slaStateOf(issue)]++;
  }
  return table;
}

/**
 * Mermaid has no stacked bars, so the chart draws cumulative bars over each other: all open
 * issues (green), then breached + at risk (amber), then breached (red).
 */
function chart(counts: Map<string, Record<SlaState, number>>): string {
  const names = [...counts.keys()];
  const rows = [...counts.values()];
  const total = rows.map((r) => STATES.reduce((n, s) => n + r[s], 0));
  const risky = rows.map((r) => r.breached + r["at-risk"]);
  const breached = rows.map((r) => r.breached);
  const max = Math.max(1, ...total);
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#2da44e, #d29922, #cf222e"}}}}%%`,
    "xychart-beta",
    `  title "Open issues by priority: breached (red), at risk (amber), others (green)"`,
    `  x-axis [${names.map((n) => JSON.stringify(n)).join(", ")}]`,
    `  y-axis "open issues" 0 --> ${max}`,
    `  bar [${total.join(", ")}]`,
    `  bar [${risky.join(", ")}]`,
    `  bar [${breached.join(", ")}]`,
    "```",
  ].join("\n");
}

export function renderSummary(report: AuditReport, context: SummaryContext): string {
  const { totals, budget } = report;
  const lines: string[] = [`## issue-shepherd · ${cell(report.tracker)} · ${cell(context.title)}`, ""];
  const verb = report.dryRun ? "planned (dry run, nothing written)" : "applied";
  lines.push(
    `**${totals.issues}** issue(s) evaluated · **${totals.changes}** change(s) ${verb} · **${totals.failed}** failed · ` +
      `**${totals.breached}** breached · **${totals.atRisk}** at risk` +
      (totals.outside === undefined ? "" : ` · outside the scope: **${totals.outside.ignored}** left alone, **${totals.outside.quiet}** quiet (labels and priority only)`),
    "",
  );
  if (report.time !== undefined) {
    // The zone and calendars the clocks count on, so that nobody reads UTC as local time.
    const time = describeTimeSettings(report.time);
    lines.push(cell(`${time.charAt(0).toUpperCase()}${time.slice(1)}.`), "");
  }
  if (report.stopped !== undefined) {
    lines.push(
      `> [!CAUTION]`,
      `> The run stopped: GitHub refused the token (${cell(report.stopped)}). ${totals.notAttempted ?? 0} change(s) were not attempted; the next run plans them again from the issues as they are.`,
      "",
    );
  }
  if (budget.exhausted) {
    lines.push(
      `> [!WARNING]`,
      `> The write budget (${budget.max ?? "∞"} writes) ran out: the run stopped at the first issue whose changes did not fit, and ${totals.deferred} change(s) were left for the next run, which continues there — most urgent issues were served first.`,
      "",
    );
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    lines.push(
      `> [!WARNING]`,
      `> ${skipped.length} issue(s) skipped: the tracker's answer lacked what their plans depend on. They were left unchanged and are read again by the next run.`,
      ...skipped.map((entry) => `> - ${cell(entry.id)}: ${cell(entry.reason)}`),
      "",
    );
  }
  const changed = report.issues.filter((i) => i.operations.length > 0);
  if (changed.length > 0) {
    lines.push("### Issues with changes", "", "| Issue | Priority | SLA | Changes |", "|---|---|---|---|");
    for (const issue of changed) {
      const priority = `${issue.priority}${issue.priorityInferred ? " (inferred)" : ""}`;
      lines.push(`| ${issueLink(issue)} | ${priority} | ${slaStateOf(issue)} | ${cell(issue.operations.map(describe).join("; "))} |`);
    }
    lines.push("");
  } else {
    lines.push("No changes: every issue is as the rules want it.", "");
  }
  if (report.summary !== undefined && report.summary.changes.length > 0) {
    // The first-run summary: what a real run would write, by kind, with examples.
    lines.push("### What a real run would write", "", "| Change | Issues | Examples |", "|---|---:|---|");
    const row = (name: string, line: SummaryLine) =>
      lines.push(`| ${cell(name)} | ${line.issues} | ${line.examples.map((e) => cell(head(`${e.id.replace(/^.*#/, "#")} ${e.change}`, 90))).join("<br>")} |`);
    for (const line of report.summary.changes) if (moduleNamed(line.kind)?.notices === undefined) row(line.kind, line);
    for (const line of report.summary.notices) row(`comment: ${line.kind}`, line);
    lines.push("");
  }
  const counts = countsByPriority(report);
  if (counts.size > 0) {
    lines.push("### SLA states of open issues by priority", "", `| Priority | ${STATES.join(" | ")} |`, `|---|${STATES.map(() => "---:").join("|")}|`);
    for (const [priority, row] of counts) lines.push(`| ${cell(priority)} | ${STATES.map((s) => row[s]).join(" | ")} |`);
    lines.push("", chart(counts), "");
  }
  lines.push(`Full report: \`${cell(context.reportPath)}\``, "");
  return lines.join("\n");
}
