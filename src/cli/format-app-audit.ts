/**
 * The human report of `shepherd audit --tracker github-app`: a heading per repository (where
 * its rules came from) above that repository's usual report, a line for each repository that
 * was skipped or failed, and the totals of the whole run.
 */
import { displayTitle, formatReport } from "./format-report.ts";
import type { Colours } from "./io.ts";
import { type AppAuditReport, isAudited } from "./app-audit-report.ts";

const FROM = { repository: "its own", organisation: "the organisation's", "--rules": "--rules, since it has none of its own nor the organisation's" } as const;

export function formatAppAudit(report: AppAuditReport, c: Colours, verb: "audit" | "plan"): string {
  const out: string[] = [];
  for (const section of report.repositories) {
    out.push(c.bold(`━━ ${section.repository} `.padEnd(72, "━")));
    if (isAudited(section)) {
      out.push(c.dim(`rules: ${section.rules} (${FROM[section.rulesFrom]})`), "");
      out.push(formatReport(section, c, verb));
    } else if (section.status === "no-rules") {
      out.push(c.yellow(`skipped: ${displayTitle(section.reason)}`), "");
    } else {
      out.push(c.red(`not audited: ${displayTitle(section.reason)}`));
      for (const line of section.diagnostics ?? []) out.push(`  ${displayTitle(line)}`);
      out.push("");
    }
  }
  const t = report.totals;
  const changes = report.dryRun ? `${t.changes} change(s) planned` : `${t.changes} change(s) applied`;
  out.push(
    c.bold(`${t.repositories} repositor${t.repositories === 1 ? "y" : "ies"}: ${t.audited} audited`) +
      `${t.skipped > 0 ? c.yellow(`, ${t.skipped} skipped (no rules)`) : ""}${t.failedRepositories > 0 ? c.red(`, ${t.failedRepositories} not audited (rules with errors or unreadable)`) : ""}; ` +
      `${t.issues} issue(s); ${changes}${t.failed > 0 ? c.red(`, ${t.failed} failed`) : ""}` +
      `${t.deferred > 0 ? c.yellow(`, ${t.deferred} deferred to the next run (write budget ${report.budget.max} for the whole run reached)`) : ""}; ` +
      `${t.breached > 0 ? c.red(`${t.breached} breached`) : "0 breached"}, ${t.atRisk > 0 ? c.yellow(`${t.atRisk} at risk`) : "0 at risk"}.`,
  );
  return `${out.join("\n")}\n`;
}
