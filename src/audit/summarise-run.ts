/**
 * The first-run summary: before anything is written, how many issues a run would change and how
 * (by operation kind, and the comments by kind of notice), with a few examples of each, and how
 * many issues the scope leaves out. What a team reads before it lets the tool loose on a tracker
 * that already holds hundreds of issues.
 */
import { describeOperation, moduleOf, SUMMARY_ORDER } from "../core/operations/registry.ts";
import type { IssueReport } from "./issue-report.ts";

/** Examples kept per line of the summary. */
export const EXAMPLES = 3;

export interface SummaryExample {
  id: string;
  title: string;
  url?: string;
  /** The change, in one line: `+ label needs-info`, or a notice's first line. */
  change: string;
}

export interface SummaryLine {
  /** An operation kind (`add-labels`), or a kind of notice (`intake`, `breach`, `escalation`, …). */
  kind: string;
  /** Issues that would get it. */
  issues: number;
  /** Operations (or notices) of that kind in all. */
  count: number;
  /** Labels added or removed: issues per label, most frequent first. */
  labels?: Record<string, number>;
  examples: SummaryExample[];
}

export interface RunSummary {
  /** Issues evaluated. */
  issues: number;
  /** Issues with at least one change. */
  changed: number;
  /** Issues outside the rules' scope: left alone, or treated quietly (labels and priority only). */
  outside: { ignored: number; quiet: number };
  /** By operation kind, in the order a reader cares about (comments first). */
  changes: SummaryLine[];
  /** The notices of the new and edited comments, by kind (one comment may carry several). */
  notices: SummaryLine[];
}

/** The kind of notice a hidden key stands for: `sla-breach/resolution/cycle-1` → `breach`. */
export function noticeKind(key: string): string {
  const head = key.split("/")[0] ?? key;
  switch (head) {
    case "intake":
      return key.startsWith("intake/similar-cases/") ? "similar-cases" : "intake";
    case "sla-breach":
      return key.startsWith("sla-breach/update/") ? "update-due" : "breach";
    case "escalation":
      return "escalation";
    case "closure":
      return "closure";
    case "priority":
      return "priority";
    case "rule":
      return "rule";
    default:
      return head;
  }
}

const NOTICE_ORDER = ["intake", "similar-cases", "breach", "update-due", "escalation", "closure", "priority", "rule"];

/** The first line of text of a notice, without Markdown decoration, markers or mentions' @. */
function firstLine(body: string): string {
  const text = body.replace(/<!--[\s\S]*?-->/g, "");
  const line = text.split("\n").map((l) => l.replace(/^[\s>#*\-[\]x]+/, "").replace(/[*_`]/g, "").trim()).find((l) => l.length > 0) ?? "";
  const chars = Array.from(line.slice(0, 200));
  return chars.length > 90 ? `${chars.slice(0, 89).join("")}…` : chars.join("");
}

interface Entry {
  issues: Set<string>;
  count: number;
  labels: Map<string, Set<string>>;
  examples: SummaryExample[];
}

function collect(): { add(kind: string, issue: IssueReport, change: string, labels?: readonly string[]): void; lines(order: readonly string[]): SummaryLine[] } {
  const byKind = new Map<string, Entry>();
  return {
    add(kind, issue, change, labels) {
      let entry = byKind.get(kind);
      if (!entry) byKind.set(kind, (entry = { issues: new Set(), count: 0, labels: new Map(), examples: [] }));
      entry.count++;
      for (const label of labels ?? []) {
        let issues = entry.labels.get(label);
        if (!issues) entry.labels.set(label, (issues = new Set()));
        issues.add(issue.id);
      }
      if (entry.issues.has(issue.id)) return;
      entry.issues.add(issue.id);
      if (entry.examples.length < EXAMPLES) entry.examples.push({ id: issue.id, title: issue.title, ...(issue.url === undefined ? {} : { url: issue.url }), change });
    },
    lines(order) {
      const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
      return [...byKind.entries()]
        .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
        .map(([kind, e]) => ({
          kind,
          issues: e.issues.size,
          count: e.count,
          ...(e.labels.size === 0
            ? {}
            : { labels: Object.fromEntries([...e.labels].map(([l, ids]) => [l, ids.size] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) }),
          examples: e.examples,
        }));
    },
  };
}

/** The summary of a run's plans (a dry run: every operation is still `planned`), in the issues' order. */
export function summariseRun(issues: Iterable<IssueReport>): RunSummary {
  const changes = collect();
  const notices = collect();
  let changed = 0;
  const outside = { ignored: 0, quiet: 0 };
  let count = 0;
  for (const issue of issues) {
    count++;
    if (issue.scope === "ignored") outside.ignored++;
    else if (issue.scope === "quiet") outside.quiet++;
    const ops = issue.operations.filter((o) => o.status === "planned" || o.status === "applied").map((o) => o.operation);
    if (ops.length > 0) changed++;
    for (const op of ops) {
      const module = moduleOf(op);
      changes.add(op.kind, issue, describeOperation(op), module.summaryLabels?.(op));
      const said = module.notices;
      if (said !== undefined) {
        for (const key of said.keys(op)) notices.add(noticeKind(key), issue, `${said.edited ? "(edited) " : ""}${firstLine(said.text(op, key))}`);
      }
    }
  }
  return { issues: count, changed, outside, changes: changes.lines(SUMMARY_ORDER), notices: notices.lines(NOTICE_ORDER) };
}
