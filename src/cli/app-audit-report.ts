/**
 * The report of `shepherd audit --tracker github-app`: one section per repository the App
 * reaches — the repository's audit report with where its rules came from, or why it was not
 * audited — and the totals over all of them. A section that was audited carries every field of
 * the single-repository report (`AuditReport`), so whatever reads one report reads each section.
 */
import type { AuditReport } from "../audit/run-audit.ts";

/** Where a repository's rules came from: its own file, the organisation's, or `--rules`. */
export type RulesSource = "repository" | "organisation" | "--rules";

export type RepositorySection =
  | ({ repository: string; installation: number; status: "audited"; rules: string; rulesFrom: RulesSource } & AuditReport)
  /** No rules anywhere: nothing read, nothing written. */
  | { repository: string; installation: number; status: "no-rules"; reason: string }
  /** Rules with errors (`file:line:col: …` each), or GitHub failed while reading them: a failure of the run. */
  | { repository: string; installation: number; status: "failed"; reason: string; diagnostics?: string[] };

export interface AppAuditReport {
  tracker: "github-app";
  now: string;
  dryRun: boolean;
  repositories: RepositorySection[];
  totals: {
    repositories: number;
    audited: number;
    skipped: number;
    /** Repositories whose rules had errors or could not be read. */
    failedRepositories: number;
    issues: number;
    changes: number;
    failed: number;
    deferred: number;
    breached: number;
    atRisk: number;
  };
  /** The write budget (`--max-writes`) is shared by the whole run, repository after repository. */
  budget: { max: number | null; used: number; exhausted: boolean };
}

export const isAudited = (section: RepositorySection): section is Extract<RepositorySection, { status: "audited" }> => section.status === "audited";

/** The whole run's report from its sections. */
export function appAuditReport(sections: RepositorySection[], now: number, dryRun: boolean, max: number | null): AppAuditReport {
  const audited = sections.filter(isAudited);
  const sum = (pick: (report: AuditReport) => number): number => audited.reduce((n, report) => n + pick(report), 0);
  return {
    tracker: "github-app",
    now: new Date(now).toISOString(),
    dryRun,
    repositories: sections,
    totals: {
      repositories: sections.length,
      audited: audited.length,
      skipped: sections.filter((s) => s.status === "no-rules").length,
      failedRepositories: sections.filter((s) => s.status === "failed").length,
      issues: sum((r) => r.totals.issues),
      changes: sum((r) => r.totals.changes),
      failed: sum((r) => r.totals.failed),
      deferred: sum((r) => r.totals.deferred),
      breached: sum((r) => r.totals.breached),
      atRisk: sum((r) => r.totals.atRisk),
    },
    budget: { max, used: sum((r) => r.budget.used), exhausted: audited.some((r) => r.budget.exhausted) },
  };
}
