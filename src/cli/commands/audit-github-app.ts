/**
 * `shepherd audit --tracker github-app`: the audit of every repository a GitHub App is installed
 * on (or those `--repos` lists), each with its own rules — the repository's
 * `.github/shepherd.yml`, else the organisation's `.github` repository's, else `--rules` when
 * given, else it is skipped and reported. Each repository is audited by the same adapter and
 * with the same reads as `--tracker github:OWNER/REPO`, through its installation's token, one
 * after the other. `--max-writes` is one budget for the whole run. Exit 1 when an operation
 * failed, a repository's rules had errors or could not be read, or credentials were refused.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runAudit } from "../../audit/run-audit.ts";
import { createChannelSender } from "../../notify/create-channel-sender.ts";
import { readRulesText } from "../../config/read-rules.ts";
import type { Rules } from "../../core/rules/rules.ts";
import { isTrackerError } from "../../core/tracker.ts";
import { createGitHubAppClient } from "../../github/app-client.ts";
import { readGitHubAppEnv } from "../../github/app-env.ts";
import { createAppRules } from "../../github/app-rules.ts";
import { appAuditReport, type AppAuditReport, type RepositorySection } from "../app-audit-report.ts";
import { appTargets, parseRepos } from "../app-audit-targets.ts";
import { formatAppAudit } from "../format-app-audit.ts";
import { coloursFor, UsageError, type CliIO } from "../io.ts";
import type { CliOptions } from "../options.ts";
import { loadRulesFor } from "./load.ts";

export interface AppAuditRun {
  now: number;
  /** `--max-writes` for the whole run; null for no limit. */
  maxWrites: number | null;
  /** `--report FILE`, already checked to be writable. */
  reportPath: string | undefined;
  /** Issues closed since then are audited too (the closure checklist). */
  closedSince: number;
}

const message = (error: unknown): string => (isTrackerError(error) ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error));

/** Print the report, then write the JSON file; false when the file could not be written. */
function emit(report: AppAuditReport, options: CliOptions, io: CliIO, reportPath: string | undefined): boolean {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  io.stdout.write(options.json === true ? json : formatAppAudit(report, coloursFor(io.stdout, io.env), "audit"));
  if (reportPath === undefined) return true;
  try {
    writeFileSync(reportPath, json);
    return true;
  } catch (error) {
    const done = report.dryRun ? "Nothing was written to GitHub" : `The ${report.totals.changes} change(s) listed above were applied`;
    io.stderr.write(`shepherd: could not write the report to ${reportPath} (${(error as Error).message}). ${done}; the output above is the report. Check the path and the free space before the next run.\n`);
    return false;
  }
}

export async function runGitHubAppAudit(options: CliOptions, io: CliIO, run: AppAuditRun): Promise<number> {
  if (options.jql !== undefined) throw new UsageError("--jql is a Jira query: --tracker github-app audits the open issues (and those closed in the last 7 days) of each repository; leave --jql out");
  const env = readGitHubAppEnv(io.env, (path) => readFileSync(path, "utf8"));
  if (!env.ok) throw new UsageError(`--tracker github-app: ${env.error}`);
  const listed = parseRepos(options.repos);
  // The last fallback, for a repository with no rules of its own nor the organisation's.
  let fallback: Rules | undefined;
  if (options.rules !== undefined) {
    fallback = loadRulesFor(options.rules, io, run.now);
    if (fallback === undefined) return 2;
  }
  const dryRun = options["dry-run"] ?? false;
  const client = createGitHubAppClient({ appId: env.env.appId, privateKey: env.env.privateKey, baseUrl: env.env.apiUrl, graphqlUrl: env.env.graphqlUrl, channelSender: createChannelSender({ env: io.env }) });
  const targets = await appTargets(client, listed);
  const appRules = createAppRules({ client, load: (file, text) => readRulesText(file, text, run.now), now: () => run.now });

  const sections: RepositorySection[] = [];
  let used = 0;
  let exhausted = false;
  for (const { installation, repository } of targets) {
    let found;
    try {
      found = await appRules.rulesFor(installation, repository);
    } catch (error) {
      sections.push({ repository, installation, status: "failed", reason: `could not read its rules (${message(error)}); run the audit again later` });
      continue;
    }
    if (found.kind === "invalid") {
      sections.push({ repository, installation, status: "failed", reason: `${found.file} has errors: fix them, then run the audit again`, diagnostics: found.diagnostics });
      for (const line of found.diagnostics) io.stderr.write(`${line}\n`);
      continue;
    }
    if (found.kind === "none" && fallback === undefined) {
      const owner = repository.split("/")[0] ?? "";
      sections.push({ repository, installation, status: "no-rules", reason: `no .github/shepherd.yml in ${repository} nor in ${owner}/.github; add one, or pass --rules for such repositories` });
      continue;
    }
    const rules = found.kind === "rules" ? found.rules : (fallback as Rules);
    const rulesFile = found.kind === "rules" ? found.file : (options.rules as string);
    const rulesFrom = found.kind === "none" ? "--rules" : found.file.toLowerCase().startsWith(`${repository.toLowerCase()}:`) ? "repository" : "organisation";
    // One budget for the run: once a plan did not fit, later repositories write nothing either.
    const left = run.maxWrites === null ? null : exhausted ? 0 : run.maxWrites - used;
    const report = await runAudit({
      tracker: client.tracker(installation, repository, rules),
      rules,
      now: run.now,
      dryRun,
      maxWrites: left,
      scope: { closedSince: run.closedSince },
      onProblem: (problem) => io.stderr.write(`shepherd: ${repository}: ${problem}\n`),
    });
    used += report.budget.used;
    exhausted ||= report.budget.exhausted;
    if (report.stopped !== undefined) {
      io.stderr.write(
        `shepherd: the audit of ${repository} stopped: GitHub refused installation ${installation}'s token (${report.stopped}). ` +
          `${report.totals.notAttempted ?? 0} change(s) there were not attempted. Check the App's permissions on ${repository} (Issues: read and write), then run the audit again.\n`,
      );
    }
    sections.push({ repository, installation, status: "audited", rules: rulesFile, rulesFrom, ...report });
  }
  const report = appAuditReport(sections, run.now, dryRun, run.maxWrites);
  const written = emit(report, options, io, run.reportPath);
  const stopped = sections.some((s) => s.status === "audited" && s.stopped !== undefined);
  return report.totals.failed > 0 || report.totals.failedRepositories > 0 || stopped || !written ? 1 : 0;
}
