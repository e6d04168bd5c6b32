/** `shepherd plan` and `shepherd audit`: evaluate every issue in scope; audit also applies. */
import { writeFileSync } from "node:fs";
import { runAudit, toIssueReport, type AuditReport } from "../../audit/run-audit.ts";
import { evaluate } from "../../core/evaluate.ts";
import { formatReport } from "../format-report.ts";
import { coloursFor, UsageError, type CliIO } from "../io.ts";
import { parseNow, type CliOptions } from "../main.ts";
import { openTracker } from "../open-tracker.ts";
import { loadRulesFor } from "./load.ts";

/** Issues closed in the last 7 days are audited too, for the closure checklist (as the Action does). */
const CLOSED_WINDOW_MS = 7 * 86_400_000;

function maxWrites(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-writes: expected a whole number, found ${JSON.stringify(text)}`);
  return Number(text);
}

function emit(report: AuditReport, options: CliOptions, io: CliIO, verb: "audit" | "plan"): void {
  if (options.report !== undefined) writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatReport(report, coloursFor(io.stdout, io.env), verb));
}

export async function runAuditCommand(options: CliOptions, io: CliIO): Promise<number> {
  const now = parseNow(options.now, Date.now);
  const limit = maxWrites(options["max-writes"]);
  const rules = loadRulesFor(options.rules, io);
  if (!rules) return 2;
  const tracker = await openTracker(options.tracker, rules, io, now);
  const report = await runAudit({
    tracker,
    rules,
    now,
    dryRun: options["dry-run"] ?? false,
    maxWrites: limit,
    scope: { closedSince: now - CLOSED_WINDOW_MS, ...(options.jql === undefined ? {} : { jql: options.jql }) },
  });
  emit(report, options, io, "audit");
  return report.totals.failed > 0 ? 1 : 0;
}

export async function runPlanCommand(options: CliOptions, positionals: readonly string[], io: CliIO): Promise<number> {
  const now = parseNow(options.now, Date.now);
  const rules = loadRulesFor(options.rules, io);
  if (!rules) return 2;
  const tracker = await openTracker(options.tracker, rules, io, now);
  if (positionals.length > 0) {
    // Plan named issues only.
    const plans = [];
    for (const id of positionals) {
      const issue = await tracker.getIssue(id);
      plans.push({ issue, plan: evaluate(issue, rules, now) });
    }
    const report: AuditReport = {
      tracker: tracker.name,
      now: new Date(now).toISOString(),
      dryRun: true,
      issues: plans.map(({ issue, plan }) =>
        toIssueReport(
          issue,
          plan,
          plan.operations.map((operation) => ({ operation, status: "planned" as const })),
        ),
      ),
      totals: {
        issues: plans.length,
        changes: plans.reduce((n, p) => n + p.plan.operations.length, 0),
        failed: 0,
        deferred: 0,
        breached: plans.filter((p) => p.issue.state === "open" && p.plan.clocks.some((c) => c.state === "breached")).length,
        atRisk: plans.filter((p) => p.issue.state === "open" && p.plan.clocks.some((c) => c.state === "at-risk")).length,
      },
      budget: { max: null, used: 0, exhausted: false },
    };
    emit(report, options, io, "plan");
    return 0;
  }
  const report = await runAudit({ tracker, rules, now, dryRun: true, scope: { closedSince: now - CLOSED_WINDOW_MS, ...(options.jql === undefined ? {} : { jql: options.jql }) } });
  emit(report, options, io, "plan");
  return 0;
}
