/** `shepherd plan` and `shepherd audit`: evaluate every issue in scope; audit also applies. */
import { createSimilarCaseFinder } from "../../audit/find-similar-cases.ts";
import { runAuditPacked, toIssueReport, type AuditReport } from "../../audit/run-audit.ts";
import { summariseRun } from "../../audit/summarise-run.ts";
import { evaluate } from "../../core/evaluate.ts";
import { SpillFile } from "../../file/spill-file.ts";
import type { Rules } from "../../core/rules/rules.ts";
import { displayZone, timeSettings } from "../../core/text/format-instant.ts";
import { checkOutputPath } from "../check-output-path.ts";
import { formatReportLines, type ReportView } from "../format-report.ts";
import { coloursFor, UsageError, type CliIO } from "../io.ts";
import { parseNow, type CliOptions } from "../options.ts";
import { GITHUB_APP_TRACKER, openTracker } from "../open-tracker.ts";
import { readNamedIssue } from "../read-named-issue.ts";
import { runGitHubAppAudit } from "./audit-github-app.ts";
import { reportJson, writePieces, writePiecesToFile } from "./audit-output.ts";
import { loadRulesFor } from "./load.ts";

/** Issues closed in the last 7 days are audited too, for the closure checklist (as the Action does). */
const CLOSED_WINDOW_MS = 7 * 86_400_000;
/** What `--report FILE` holds, for the messages about its path. */
const REPORT_FILE = { writes: "the JSON report", example: "report.json" };

function maxWrites(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-writes: expected a whole number, found ${JSON.stringify(text)}`);
  return Number(text);
}

/** Print the report, then write the JSON file; a file that cannot be written is said plainly (exit 1). */
function emit(report: ReportView, rules: Rules, options: CliOptions, io: CliIO, verb: "audit" | "plan", reportPath: string | undefined): boolean {
  const print = (text: string) => io.stdout.write(text);
  if (options.json) writePieces(reportJson(report), print);
  else writePieces(formatReportLines(report, coloursFor(io.stdout, io.env), verb, displayZone(rules)), print);
  if (reportPath === undefined) return true;
  try {
    writePiecesToFile(reportPath, reportJson(report));
    return true;
  } catch (error) {
    const done = report.dryRun ? "Nothing was written to the tracker" : `The ${report.totals.changes} change(s) listed above were applied`;
    io.stderr.write(
      `shepherd: could not write the report to ${reportPath} (${(error as Error).message}). ` +
        `${done}; the output above is the report. Check the path and the free space before the next run.\n`,
    );
    return false;
  }
}

/**
 * Run with the audit's packed records in a temporary file (TMPDIR), removed when `run` ends,
 * however it ends: the report is printed inside `run`, while the records can still be read.
 */
async function withRecordsFile<T>(run: (spill: SpillFile) => Promise<T>): Promise<T> {
  const spill = new SpillFile();
  try {
    return await run(spill);
  } finally {
    spill.close();
  }
}

export async function runAuditCommand(options: CliOptions, io: CliIO): Promise<number> {
  const now = parseNow(options.now, Date.now);
  const limit = maxWrites(options["max-writes"]);
  const reportPath = checkOutputPath("--report", options.report, io, REPORT_FILE);
  // Every repository of a GitHub App, each with its own rules: --rules is only their fallback.
  if (options.tracker === GITHUB_APP_TRACKER) return runGitHubAppAudit(options, io, { now, maxWrites: limit, reportPath, closedSince: now - CLOSED_WINDOW_MS });
  const rules = loadRulesFor(options.rules, io, now);
  if (!rules) return 2;
  const tracker = await openTracker(options.tracker, rules, io, now);
  const { report, written } = await withRecordsFile(async (spill) => {
    const report = await runAuditPacked({
      tracker,
      rules,
      now,
      dryRun: options["dry-run"] ?? false,
      maxWrites: limit,
      scope: { closedSince: now - CLOSED_WINDOW_MS, ...(options.jql === undefined ? {} : { jql: options.jql }) },
      onProblem: (problem) => io.stderr.write(`shepherd: ${problem}\n`),
      spill,
    });
    return { report, written: emit(report, rules, options, io, "audit", reportPath) };
  });
  if (report.stopped !== undefined) {
    io.stderr.write(
      `shepherd: the audit stopped: ${report.tracker} refused the credentials (${report.stopped}). ` +
        `${report.totals.notAttempted ?? 0} change(s) were not attempted; the ${report.totals.changes} listed as applied were made before that. ` +
        "Check the token (GITHUB_TOKEN, or JIRA_EMAIL and JIRA_API_TOKEN) and its permissions, then run the audit again: it plans from the issues as they are.\n",
    );
  }
  return report.totals.failed > 0 || report.stopped !== undefined || !written ? 1 : 0;
}

export async function runPlanCommand(options: CliOptions, positionals: readonly string[], io: CliIO): Promise<number> {
  const now = parseNow(options.now, Date.now);
  const reportPath = checkOutputPath("--report", options.report, io, REPORT_FILE);
  const rules = loadRulesFor(options.rules, io, now);
  if (!rules) return 2;
  const tracker = await openTracker(options.tracker, rules, io, now);
  if (positionals.length > 0) {
    // Plan named issues only, each offered the similar past cases an audit would offer it.
    const finder = createSimilarCaseFinder({ tracker, rules, now, onProblem: (problem) => io.stderr.write(`shepherd: ${problem}\n`) });
    const plans = [];
    for (const id of positionals) {
      const issue = await readNamedIssue(tracker, id, rules, now);
      const similarCases = await finder.find(issue);
      plans.push({ issue, plan: evaluate(issue, rules, now, similarCases === undefined ? {} : { similarCases }) });
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
        ...(rules.scope === undefined
          ? {}
          : { outside: { ignored: plans.filter((p) => p.plan.scope === "ignored").length, quiet: plans.filter((p) => p.plan.scope === "quiet").length } }),
      },
      budget: { max: null, used: 0, exhausted: false },
      time: timeSettings(rules),
    };
    report.summary = summariseRun(report.issues);
    return emit(report, rules, options, io, "plan", reportPath) ? 0 : 1;
  }
  return withRecordsFile(async (spill) => {
    const report = await runAuditPacked({
      tracker,
      rules,
      now,
      dryRun: true,
      scope: { closedSince: now - CLOSED_WINDOW_MS, ...(options.jql === undefined ? {} : { jql: options.jql }) },
      onProblem: (problem) => io.stderr.write(`shepherd: ${problem}\n`),
      spill,
    });
    return emit(report, rules, options, io, "plan", reportPath) ? 0 : 1;
  });
}
