/** The review as Markdown, for a person: the figures in tables, the previous period beside. */
import { formatInstant } from "../core/text/format-instant.ts";
import { formatMinutes, formatPeriod, formatShare } from "./format-figures.ts";
import type { BreachRow, PeriodFigures, Review } from "./review.ts";

/** Text from the tracker (assignee ids, category names) made safe inside a table cell. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

function table(head: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const align = head.map((_, i) => (right.includes(i) ? "---:" : "---"));
  return [`| ${head.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const count = (n: number, previous: number | undefined): string => (previous === undefined ? String(n) : `${n} (${previous})`);

/** A breach table of named rows (categories, assignees), with the previous period's rate. */
function breachTable(head: string, rows: readonly (BreachRow & { name: string })[], previous: readonly (BreachRow & { name: string })[]): string[] {
  if (rows.length === 0) return ["No clock stopped in the period."];
  const before = new Map(previous.map((r) => [r.name, r]));
  return table(
    [head, "Clocks", "Breached", "Breach rate", "Before"],
    rows.map((r) => [cell(r.name), String(r.count), String(r.breached), formatShare(r.breachRate), formatShare(before.get(r.name)?.breachRate ?? null)]),
    [1, 2, 3, 4],
  );
}

/** The review as Markdown. */
export function formatMarkdown(review: Review): string {
  const prev: PeriodFigures = review.previous;
  const zone = review.period.timezone;
  const out: string[] = [];
  out.push(`# Support review ${formatPeriod(review.period)}`);
  out.push("");
  out.push(
    `${cell(review.tracker)} · days in ${zone} · figures as of ${formatInstant(Date.parse(review.asOf), zone)} · ` +
      `previous period ${formatPeriod(prev.period)} in brackets · times are business time on each clock's calendar`,
  );
  out.push("");
  out.push("## Issues");
  out.push("");
  const i = review.issues;
  const p = prev.issues;
  out.push(
    ...table(
      ["Created", "Closed", "Open at the end", "Reopened", "Reopen rate", "MTTA", "MTTR"],
      [[count(i.created, p.created), count(i.closed, p.closed), count(i.open, p.open), count(i.reopened, p.reopened), `${formatShare(review.reopenRate)} (${formatShare(prev.reopenRate)})`, `${formatMinutes(review.mtta.meanBusinessMinutes)} (${formatMinutes(prev.mtta.meanBusinessMinutes)})`, `${formatMinutes(review.mttr.meanBusinessMinutes)} (${formatMinutes(prev.mttr.meanBusinessMinutes)})`]],
      [0, 1, 2, 3, 4, 5, 6],
    ),
  );
  out.push("");
  out.push("## SLA clocks");
  out.push("");
  out.push("Clocks that stopped in the period (met or breached).");
  out.push("");
  const before = new Map(prev.clocks.map((r) => [`${r.clock}/${r.priority}`, r]));
  out.push(
    ...table(
      ["Clock", "Priority", "Count", "Met", "Breached", "Met rate", "Median", "p90", "Met rate before"],
      review.clocks.map((r) => [cell(r.clock), cell(r.priority), String(r.count), String(r.met), String(r.breached), formatShare(r.metRate), formatMinutes(r.medianBusinessMinutes), formatMinutes(r.p90BusinessMinutes), formatShare(before.get(`${r.clock}/${r.priority}`)?.metRate ?? null)]),
      [2, 3, 4, 5, 6, 7, 8],
    ),
  );
  out.push("");
  out.push("## Breaches by priority");
  out.push("");
  const prevPriority = new Map(prev.byPriority.map((r) => [r.priority, r]));
  out.push(...table(["Priority", "Clocks", "Breached", "Breach rate", "Before"], review.byPriority.map((r) => [cell(r.priority), String(r.count), String(r.breached), formatShare(r.breachRate), formatShare(prevPriority.get(r.priority)?.breachRate ?? null)]), [1, 2, 3, 4]));
  const named = <R extends BreachRow>(rows: readonly R[], name: (r: R) => string) => rows.map((r) => ({ ...r, name: name(r) }));
  out.push("", "## Breaches by category", "");
  out.push(...breachTable("Category", named(review.byCategory, (r) => r.category), named(prev.byCategory, (r) => r.category)));
  out.push("", "## Breaches by assignee", "");
  out.push(...breachTable("Assignee", named(review.byAssignee, (r) => r.assignee), named(prev.byAssignee, (r) => r.assignee)));
  out.push("");
  out.push("## Resolution times");
  out.push("");
  out.push(...table(["Business time", "Resolved", "Before"], review.resolutionTimes.map((bar, n) => [bar.label, String(bar.count), String(prev.resolutionTimes[n]?.count ?? 0)]), [1, 2]));
  out.push("");
  out.push("## Backlog at the end");
  out.push("");
  const levels = review.backlog.byPriority.map((r) => r.priority);
  out.push(
    ...table(
      ["Age", ...levels.map(cell), "Total", "Before"],
      [
        ...review.backlog.byAge.map((band, n) => [band.age, ...levels.map((l) => String(band.byPriority[l] ?? 0)), String(band.count), String(prev.backlog.byAge[n]?.count ?? 0)]),
        ["**All**", ...review.backlog.byPriority.map((r) => `**${r.count}**`), `**${review.backlog.total}**`, `**${prev.backlog.total}**`],
      ],
      levels.map((_, n) => n + 1).concat([levels.length + 1, levels.length + 2]),
    ),
  );
  out.push("");
  out.push("## Satisfaction");
  out.push("");
  const f = review.feedback;
  out.push(
    f.asked === 0
      ? `No satisfaction survey was asked in the period${prev.feedback.asked > 0 ? ` (${prev.feedback.asked} the period before)` : ""}.`
      : `${f.asked} asked, ${f.answered} answered (${formatShare(f.responseRate)}), ${f.positive} positive (${formatShare(f.positiveShare)} of answers), ${f.negative} negative; before: ${prev.feedback.asked} asked, ${formatShare(prev.feedback.positiveShare)} positive.`,
  );
  out.push("");
  out.push("## Repeat problems");
  out.push("");
  out.push(...repeatsSection(review.repeats));
  return `${out.join("\n")}\n`;
}

/** The period's repeats in a sentence, and their largest clusters in a table. */
function repeatsSection(r: Review["repeats"]): string[] {
  if (r.rate === null) return ["No case was closed in the period."];
  if (r.count === 0) return ["No case closed in the period repeats a problem solved before."];
  const lines = [`${r.count === 1 ? "1 case" : `${r.count} cases`} closed in the period (${formatShare(r.rate)}) ${r.count === 1 ? "repeats" : "repeat"} a problem solved before. The largest groups of similar cases:`, ""];
  return lines.concat(
    table(
      ["Cases", "Category", "Root cause (earliest case)", "Priority", "Share of the priority"],
      r.clusters.map((c) => [`${c.size}: ${cell(c.caseIds.join(", "))}`, cell(c.category ?? "–"), cell(c.rootCause), cell(c.priority), formatShare(c.shareOfPriority)]),
      [4],
    ),
  );
}
