/**
 * The Action: read the inputs and the rules, then evaluate the one issue of an
 * issue event or audit every open issue, apply within the write budget, and report through the
 * job summary, outputs, annotations and a JSON file. Returns the exit code: 0 done, 1 some
 * operations (or the reads) failed, 2 invalid rules or usage — with nothing written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditReport, runAudit } from "../audit/run-audit.ts";
import { readRules } from "../config/read-rules.ts";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import { type CaseSearchQuery, caseSearchOf } from "../core/case-search.ts";
import type { ActionHost } from "./action-host.ts";
import { asksForPullRequests } from "./asks-for-pull-requests.ts";
import { classifyEvent, type EventDecision, ownChangeReason } from "./classify-event.ts";
import { type ActionSeams, openGitHub } from "./open-github.ts";
export type { ActionSeams } from "./open-github.ts";
import { type ActionInputs, readActionInputs } from "./read-action-inputs.ts";
import { readModeInputs } from "./read-mode-inputs.ts";
import { readWriteBudget } from "./read-write-budget.ts";
import { runReportMode } from "./run-report-mode.ts";
import { renderSummary } from "./render-summary.ts";

/** How far back the audit looks for closed issues (closure checklist); no cursor is stored. */
export const CLOSED_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

function loadRules(host: ActionHost, path: string): Rules | undefined {
  const { rules, diagnostics, warnings = [] } = readRules(path, host.now());
  // Warnings annotate their line and never fail the run.
  for (const d of warnings) {
    host.warning(d.path === "" ? d.message : `${d.path}: ${d.message}`, { file: d.file, startLine: d.line, startColumn: d.col, title: "issue-shepherd rules" });
  }
  for (const d of diagnostics) {
    host.error(d.path === "" ? d.message : `${d.path}: ${d.message}`, { file: d.file, startLine: d.line, startColumn: d.col, title: "issue-shepherd rules" });
  }
  if (rules === undefined || diagnostics.length > 0) {
    host.setFailed(`${diagnostics.length} problem(s) in the rules at ${path}; nothing was changed`);
    return undefined;
  }
  return rules;
}

function readPayload(host: ActionHost, path: string | undefined): unknown {
  if (path === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (error) {
    host.warning(`could not read the event payload at ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

/** A tracker that lists just one issue, so that events and audits share budget and reporting. */
async function oneIssueTracker(tracker: Tracker, number: number): Promise<Tracker> {
  const issue = await tracker.getIssue(String(number));
  const search = caseSearchOf(tracker);
  return {
    // The event's issue is offered similar past cases from the repository's search.
    ...(search === undefined ? {} : { searchSolved: (query: CaseSearchQuery) => search.searchSolved(query) }),
    kind: tracker.kind,
    capabilities: tracker.capabilities,
    name: tracker.name,
    listIssues: () => (async function* () {
      yield await Promise.resolve(issue);
    })(),
    getIssue: (id) => tracker.getIssue(id),
    apply: (target, operations) => tracker.apply(target, operations),
  };
}

function reportPath(host: ActionHost, now: number): string {
  const dir = host.env.RUNNER_TEMP || host.env.GITHUB_WORKSPACE || tmpdir();
  return join(dir, `issue-shepherd-report-${now}.json`);
}

function publish(host: ActionHost, report: AuditReport, path: string): void {
  host.setOutput("breached", String(report.totals.breached));
  host.setOutput("at-risk", String(report.totals.atRisk));
  host.setOutput("changes", String(report.totals.changes));
  host.setOutput("failed", String(report.totals.failed));
  host.setOutput("deferred", String(report.totals.deferred));
  host.setOutput("budget-exhausted", String(report.budget.exhausted));
  host.setOutput("report", path);
}

async function run(host: ActionHost, inputs: ActionInputs, rules: Rules, decision: Exclude<EventDecision, { mode: "skip" }>, seams: ActionSeams): Promise<number> {
  const now = host.now();
  const { octokit, tracker } = openGitHub(host, inputs, rules, seams);
  if (decision.mode === "issue") {
    // A personal token's user or an App's bot is known only now: its own changes start nothing.
    const own = ownChangeReason(decision, await tracker.selfLogin());
    if (own !== undefined) {
      host.notice(`issue-shepherd: nothing to do — ${own}`);
      return 0;
    }
  }
  const target = decision.mode === "issue" ? await oneIssueTracker(tracker, decision.number) : tracker;
  const maxWrites = inputs.dryRun ? null : await readWriteBudget(octokit, inputs.maxWrites, (m) => host.info(m));
  const report = await runAudit({
    tracker: target,
    rules,
    now,
    dryRun: inputs.dryRun,
    maxWrites,
    scope: decision.mode === "audit" ? { closedSince: now - CLOSED_WINDOW_MS } : {},
    // The event's issue was read a moment ago: no second read before a comment (the adapter
    // still checks the key right before posting).
    freshlyRead: decision.mode === "issue",
    onProblem: (problem) => host.warning(problem),
    onIssue: (issue) => {
      for (const entry of issue.operations) {
        const line = `${issue.id}: ${entry.status} ${entry.operation.kind} — ${entry.operation.reason}`;
        if (entry.status === "failed") host.error(`${line}: ${entry.error ?? "failed"}`);
        else host.info(line);
      }
    },
  });
  const path = reportPath(host, now);
  writeFileSync(path, `${JSON.stringify({ event: inputs.eventName, mode: decision.mode, ...report }, null, 2)}\n`);
  publish(host, report, path);
  await host.writeSummary(renderSummary(report, { title: decision.mode === "audit" ? "SLA audit" : decision.reason, reportPath: path }));
  if (report.budget.exhausted) {
    host.warning(`write budget of ${report.budget.max} used up: ${report.totals.deferred} change(s) left for the next run`);
  }
  if (report.stopped !== undefined) {
    const left = report.totals.notAttempted ?? 0;
    host.setFailed(
      `issue-shepherd stopped: GitHub refused the token (${report.stopped}); ${left} change(s) were not attempted and ${report.totals.changes} were applied before it. ` +
        "Check that the token is valid and has `issues: write` (and the job `permissions: issues: write`); the next run plans again from the issues as they are.",
    );
    return 1;
  }
  if (report.totals.failed > 0) {
    host.setFailed(`${report.totals.failed} change(s) failed; the others were applied (see the log and ${path})`);
    return 1;
  }
  host.info(`${report.totals.changes} change(s) ${inputs.dryRun ? "planned" : "applied"} on ${report.totals.issues} issue(s)`);
  return 0;
}

export async function runAction(host: ActionHost, seams: ActionSeams = {}): Promise<number> {
  const read = readActionInputs(host.env);
  const { mode, problems: modeProblems } = readModeInputs(host.env);
  const { inputs } = read;
  if (inputs === undefined || mode === undefined) {
    for (const problem of [...read.problems, ...modeProblems]) host.error(problem);
    host.setFailed("issue-shepherd cannot start: see the errors above");
    return 2;
  }
  const rules = loadRules(host, inputs.rulesPath);
  if (rules === undefined) return 2;
  if (mode.kind === "report") {
    try {
      return await runReportMode(host, inputs, rules, mode, seams);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = isTrackerError(error) && error.kind === "auth" ? " — does the token have `issues: write` (and the job `permissions: issues: write`)?" : "";
      host.setFailed(`issue-shepherd stopped: ${message}${hint}`);
      return 1;
    }
  }
  const decision = classifyEvent(inputs.eventName, readPayload(host, inputs.eventPath), {
    botLogins: rules.botLogins,
    pullRequests: asksForPullRequests(rules),
  });
  if (decision.mode === "skip") {
    host.notice(`issue-shepherd: nothing to do — ${decision.reason}`);
    return 0;
  }
  host.info(`issue-shepherd: ${decision.reason}${inputs.dryRun ? " (dry run)" : ""}`);
  try {
    return await run(host, inputs, rules, decision, seams);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (decision.mode === "issue" && isTrackerError(error) && error.kind === "not-found") {
      // Deleted or transferred between the event and this run: nothing left to look after.
      host.notice(`issue-shepherd: nothing to do — #${decision.number} is gone (${message})`);
      return 0;
    }
    const hint = isTrackerError(error) && error.kind === "auth" ? " — does the token have `issues: write` (and the job `permissions: issues: write`)?" : "";
    host.setFailed(`issue-shepherd stopped: ${message}${hint}`);
    return 1;
  }
}
