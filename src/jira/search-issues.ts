/**
 * The JQL audit's reads (DESIGN §7): the enhanced search `POST /rest/api/3/search/jql`, paged
 * with `nextPageToken`, every field, the changelog and the ledger property in the same answer.
 * The user's JQL picks the issues; the audit narrows it to open issues and those resolved since
 * `closedSince` (for the closure checklist), as the tracker port promises.
 */
import type { CloudClient } from "jira.js";
import { invalidAnswer, isRecord, listProblems } from "../core/answer-shape.ts";
import type { SkippedIssue } from "../core/tracker.ts";
import { jiraIssueProblems, jiraSearchProblems } from "./check-answers.ts";
import { ISSUE_READ } from "./read-issue.ts";
import type { JiraIssue } from "./to-core-issue.ts";

/** Issues per page: Jira may answer with fewer when many fields are asked for. */
const PAGE_SIZE = 50;

/** Safety bound on pages (100,000 issues at 50 a page). */
const MAX_PAGES = 2000;

/** Split `… ORDER BY …` off a JQL query; the ORDER BY must be outside quotes. */
export function splitOrderBy(jql: string): { where: string; orderBy: string } {
  let quote: string | undefined;
  for (let index = 0; index < jql.length; index++) {
    const char = jql[index];
    if (quote !== undefined) {
      if (char === "\\") index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      continue;
    }
    const rest = jql.slice(index);
    if (/^order\s+by\b/i.test(rest) && (index === 0 || /\s|\)/.test(jql[index - 1] ?? ""))) {
      return { where: jql.slice(0, index).trim(), orderBy: rest.trim() };
    }
  }
  return { where: jql.trim(), orderBy: "" };
}

/** JQL date-time in UTC, `yyyy-MM-dd HH:mm`. */
const jqlInstant = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/**
 * The JQL actually sent: `(user JQL) AND (statusCategory != Done OR resolved >= "…") ORDER BY …`.
 * JQL dates are read in the API user's time zone, so the window starts a day early; evaluating a
 * few more closed issues changes nothing.
 */
export function auditJql(userJql: string, closedSince?: number): string {
  const { where, orderBy } = splitOrderBy(userJql);
  const open = closedSince === undefined ? "statusCategory != Done" : `(statusCategory != Done OR resolved >= "${jqlInstant(closedSince - 86_400_000)}")`;
  const filter = where === "" ? open : `(${where}) AND ${open}`;
  return `${filter} ${orderBy === "" ? "ORDER BY key ASC" : orderBy}`;
}

/**
 * Page through a search; yields each issue as Jira sent it. An issue that lacks what a plan
 * depends on is not yielded but told to `onSkip`; a page that is not a search answer is an error.
 */
export async function* searchIssues(jira: CloudClient, jql: string, onSkip?: (skipped: SkippedIssue) => void): AsyncGenerator<JiraIssue> {
  let nextPageToken: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      maxResults: PAGE_SIZE,
      ...ISSUE_READ,
      ...(nextPageToken === undefined ? {} : { nextPageToken }),
    });
    const what = `Jira POST /rest/api/3/search/jql (page ${page + 1})`;
    const pageProblems = jiraSearchProblems(answer);
    if (pageProblems.length > 0) throw invalidAnswer(what, pageProblems);
    const { issues, nextPageToken: next, isLast } = answer as { issues: unknown[]; nextPageToken?: unknown; isLast?: unknown };
    for (const [index, issue] of issues.entries()) {
      const problems = jiraIssueProblems(issue);
      if (problems.length > 0) {
        const named = isRecord(issue) ? (typeof issue.key === "string" ? issue.key : typeof issue.id === "string" ? `issue id ${issue.id}` : undefined) : undefined;
        onSkip?.({ id: named ?? `issue ${index + 1} of page ${page + 1}`, reason: `${what}: ${listProblems(problems)}; left unchanged, read again next run` });
        continue;
      }
      const id = String((issue as JiraIssue).key);
      if (seen.has(id)) continue; // an issue that moved between pages is read once
      seen.add(id);
      yield issue as JiraIssue;
    }
    if (isLast === true || typeof next !== "string" || next === "" || next === nextPageToken) return;
    nextPageToken = next;
  }
}
