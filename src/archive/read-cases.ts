/**
 * The cases a tracker holds: its issues closed since an instant, read through the Tracker port
 * as the audit reads them, each turned into a case or the reason it is none. Open issues come
 * with the listing (the port yields them too): they are no case, and a case archived earlier
 * that is open again is taken out of the index.
 */
import { caseRecordOf } from "../core/cases/case-record.ts";
import type { CaseRecord, NoCaseRecord } from "../core/cases/case-record.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { AuditScope, Tracker } from "../core/tracker.ts";

export interface ReadCases {
  cases: CaseRecord[];
  /** Issues read that make no case, with why (open ones included). */
  none: NoCaseRecord[];
}

/** Cases of the issues closed at or after `since` (epoch ms; 0: every closed issue the tracker lists). */
export async function readCases(tracker: Tracker, rules: Rules, now: number, since: number, options: Pick<AuditScope, "onSkip" | "jql"> = {}): Promise<ReadCases> {
  const cases: CaseRecord[] = [];
  const none: NoCaseRecord[] = [];
  for await (const issue of tracker.listIssues({ ...options, closedSince: since })) {
    if (issue.pullRequest === true || issue.createdAt > now) continue;
    const result = caseRecordOf(issue, rules, now);
    if (result.ok) cases.push(result.record);
    else none.push(result.why);
  }
  return { cases, none };
}
