/**
 * The review as one self-contained HTML page: figures as tiles, inline SVG charts (SLA
 * compliance by priority, breaches by category, resolution times, backlog by age, each with
 * the previous period beside) and the tables behind them. Styles are inline; the page loads
 * nothing and runs no script.
 */
import { formatInstant } from "../core/text/format-instant.ts";
import { formatMinutes, formatPeriod, formatShare } from "./format-figures.ts";
import type { PeriodFigures, Review } from "./review.ts";
import { countMax, escapeHtml as e, groupedBars, horizontalBars, stackedBars } from "./svg-charts.ts";

const CURRENT = "#2563eb";
const PREVIOUS = "#c3cad5";
const BREACHED = "#dc2626";
/** Colours of priority levels, highest first; further levels take the last. */
const LEVEL_COLOURS = ["#7f1d1d", "#dc2626", "#f59e0b", "#60a5fa", "#94a3b8"];
const MAX_ROWS = 7;

const STYLE = `
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--card:#fff;--bg:#f6f7fb}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
header h1{margin:0;font-size:26px;letter-spacing:-.01em}header p{margin:4px 0 0;color:var(--muted)}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:22px 0}@media (max-width:640px){.tiles{grid-template-columns:repeat(2,1fr)}}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:24px;font-weight:650;margin-top:2px;white-space:nowrap}.tile .before{color:var(--muted);font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
section.card h2{font-size:16px;margin:0 0 2px}section.card p.note{margin:0 0 8px;color:var(--muted);font-size:12px}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin-top:4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg.chart{width:100%;height:auto;display:block}
svg .grid{stroke:var(--line);stroke-width:1}svg .tick,svg .value{font-size:11px;fill:var(--muted)}
svg .group{font-size:12px;fill:var(--ink)}svg .none{font-size:12px;fill:var(--muted)}
svg .whole{fill:#fde2e2}svg .previous{fill:${PREVIOUS}}svg .marker{stroke:var(--ink);stroke-width:2;stroke-dasharray:4 3}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child,th.text,td.text{text-align:left}th{color:var(--muted);font-weight:600;font-size:12px}
.tables{display:grid;gap:16px;margin-top:16px}.bad{color:${BREACHED};font-weight:600}
footer{margin-top:22px;color:var(--muted);font-size:12px}
@media print{body{background:#fff}.tile,section.card{break-inside:avoid}}
`;

const legend = (items: readonly [string, string][]): string => `<div class="legend">${items.map(([name, colour]) => `<span><i style="background:${colour}"></i>${e(name)}</span>`).join("")}</div>`;

function tile(label: string, value: string, detail: string): string {
  return `<div class="tile"><div class="label">${e(label)}</div><div class="value">${e(value)}</div><div class="before">${e(detail)}</div></div>`;
}

/** Met share over every clock that stopped. */
function overallMet(f: PeriodFigures): number | null {
  const count = f.clocks.reduce((n, r) => n + r.count, 0);
  return count === 0 ? null : Math.round((f.clocks.reduce((n, r) => n + r.met, 0) / count) * 10_000) / 10_000;
}

function card(title: string, note: string, body: string): string {
  return `<section class="card"><h2>${e(title)}</h2><p class="note">${e(note)}</p>${body}</section>`;
}

function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const th = head.map((h, i) => `<th${i < textColumns ? ' class="text"' : ""}>${e(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i < textColumns ? ' class="text"' : ""}>${c}</td>`).join("")}</tr>`).join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The review as one HTML page. */
export function formatHtml(review: Review): string {
  const prev = review.previous;
  const zone = review.period.timezone;
  const title = `Support review ${formatPeriod(review.period)}`;
  const current = formatPeriod(review.period);
  const before = formatPeriod(prev.period);
  const share = (v: number) => formatShare(v);
  const levels = review.byPriority.map((r) => r.priority);
  const metOf = (f: PeriodFigures, level: string) => {
    const row = f.byPriority.find((r) => r.priority === level);
    return row === undefined || row.count === 0 ? null : Math.round((1 - (row.breachRate ?? 0)) * 10_000) / 10_000;
  };
  const compliance = groupedBars({
    label: `SLA compliance by priority, ${current} against ${before}`,
    groups: levels,
    series: [
      { name: current, colour: CURRENT, values: levels.map((l) => metOf(review, l)) },
      { name: before, colour: PREVIOUS, values: levels.map((l) => metOf(prev, l)) },
    ],
    max: 1,
    format: share,
  });
  const previousBreaches = new Map(prev.byCategory.map((r) => [r.category, r.breached]));
  const categories = horizontalBars({
    label: `Breaches by category, ${current}`,
    rows: review.byCategory.slice(0, MAX_ROWS).map((r) => ({ label: r.category, part: r.breached, whole: r.count, previous: previousBreaches.get(r.category) })),
    partName: "breached",
    wholeName: "clocks stopped",
    colour: BREACHED,
  });
  const resolution = groupedBars({
    label: `Resolution times in business hours, ${current} against ${before}`,
    groups: review.resolutionTimes.map((b) => b.label),
    series: [
      { name: current, colour: CURRENT, values: review.resolutionTimes.map((b) => b.count) },
      { name: before, colour: PREVIOUS, values: prev.resolutionTimes.map((b) => b.count) },
    ],
    max: countMax(Math.max(0, ...review.resolutionTimes.map((b) => b.count), ...prev.resolutionTimes.map((b) => b.count))),
    format: (v) => String(Math.round(v)),
  });
  const levelColour = (i: number) => LEVEL_COLOURS[Math.min(i, LEVEL_COLOURS.length - 1)] as string;
  const backlog = stackedBars({
    label: `Backlog by age at the end of ${current}, by priority`,
    groups: review.backlog.byAge.map((b) => b.age),
    stacks: levels.map((level, i) => ({ name: level, colour: levelColour(i), values: review.backlog.byAge.map((b) => b.byPriority[level] ?? 0) })),
    marker: { name: `end of ${before}`, values: prev.backlog.byAge.map((b) => b.count) },
  });
  const prevClocks = new Map(prev.clocks.map((r) => [`${r.clock}/${r.priority}`, r]));
  const clockRows = review.clocks.map((r) => [
    e(r.clock),
    e(r.priority),
    String(r.count),
    String(r.met),
    r.breached > 0 ? `<span class="bad">${r.breached}</span>` : "0",
    e(formatShare(r.metRate)),
    e(formatMinutes(r.medianBusinessMinutes)),
    e(formatMinutes(r.p90BusinessMinutes)),
    e(formatShare(prevClocks.get(`${r.clock}/${r.priority}`)?.metRate ?? null)),
  ]);
  const prevAssignees = new Map(prev.byAssignee.map((r) => [r.assignee, r]));
  const assigneeRows = review.byAssignee.map((r) => [e(r.assignee), String(r.count), r.breached > 0 ? `<span class="bad">${r.breached}</span>` : "0", e(formatShare(r.breachRate)), e(formatShare(prevAssignees.get(r.assignee)?.breachRate ?? null))]);
  const r = review.repeats;
  const repeatNote =
    r.rate === null ? "No case was closed in the period." : `${r.count} of the cases closed in the period (${formatShare(r.rate)}) repeat a problem solved before; the largest groups of similar cases.`;
  const repeatRows = r.clusters.map((c) => [`${c.size}: ${e(c.caseIds.join(", "))}`, e(c.category ?? "–"), e(c.rootCause), e(c.priority), e(formatShare(c.shareOfPriority))]);
  const repeats = repeatRows.length === 0 ? "<p>No repeat problem.</p>" : htmlTable(["Cases", "Category", "Root cause (earliest case)", "Priority", "Share of the priority"], repeatRows, 3);
  const f = review.feedback;
  const satisfaction = f.asked === 0 ? "not asked" : `${formatShare(f.positiveShare)} positive`;
  const satisfactionBefore = prev.feedback.asked === 0 ? "not asked" : `${formatShare(prev.feedback.positiveShare)} positive`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${e(title)}</h1>
<p>${e(review.tracker)} · days in ${e(zone)} · figures as of ${e(formatInstant(Date.parse(review.asOf), zone))} · compared with ${e(before)} · times are business time on each clock's calendar</p>
</header>
<div class="tiles">
${tile("Created", String(review.issues.created), `before: ${prev.issues.created}`)}
${tile("Closed", String(review.issues.closed), `before: ${prev.issues.closed}`)}
${tile("Open at the end", String(review.issues.open), `before: ${prev.issues.open}`)}
${tile("Reopened", String(review.issues.reopened), `${formatShare(review.reopenRate)} of closed · before: ${prev.issues.reopened}`)}
${tile("SLA met", formatShare(overallMet(review)), `before: ${formatShare(overallMet(prev))}`)}
${tile("MTTA", formatMinutes(review.mtta.meanBusinessMinutes), `${review.mtta.count} answered · before: ${formatMinutes(prev.mtta.meanBusinessMinutes)}`)}
${tile("MTTR", formatMinutes(review.mttr.meanBusinessMinutes), `${review.mttr.count} resolved · before: ${formatMinutes(prev.mttr.meanBusinessMinutes)}`)}
${tile("Satisfaction", satisfaction, `before: ${satisfactionBefore}`)}
</div>
<div class="charts">
${card("SLA compliance by priority", "Share of the clocks that stopped in the period within their target.", compliance + legend([[current, CURRENT], [before, PREVIOUS]]))}
${card("Breaches by category", "Breached of the clocks that stopped, per category; the grey line is the period before.", categories + legend([["breached", BREACHED], ["clocks stopped", "#fde2e2"], [`breached, ${before}`, PREVIOUS]]))}
${card("Resolution times", "Issues resolved in the period, by business time to resolution.", resolution + legend([[current, CURRENT], [before, PREVIOUS]]))}
${card("Backlog by age", "Issues open at the end of the period, by age and priority; the dashed line is the period before.", backlog + legend([...levels.map((l, i): [string, string] => [l, levelColour(i)]), [`end of ${before}`, "#0f172a"]]))}
</div>
<div class="tables">
${card("SLA clocks", "Clocks that stopped in the period, met or breached, per priority.", htmlTable(["Clock", "Priority", "Count", "Met", "Breached", "Met rate", "Median", "p90", "Met rate before"], clockRows, 2))}
${card("Repeat problems", repeatNote, repeats)}
${card("Breaches by assignee", "Clocks that stopped in the period on issues assigned to each person.", assigneeRows.length === 0 ? "<p>No clock stopped in the period.</p>" : htmlTable(["Assignee", "Clocks", "Breached", "Breach rate", "Before"], assigneeRows))}
</div>
<footer>Made by issue-shepherd from the trackers' history: every clock recomputed at the instant it stopped.</footer>
</main>
</body>
</html>
`;
}
