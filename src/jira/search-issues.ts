/**
 * The JQL audit's reads (DESIGN §7): the enhanced search `POST /rest/api/3/search/jql`, paged
 * with `nextPageToken`, every field, the changelog and the ledger property in the same answer.
 * The user's JQL picks the issues; the audit narrows it to open issues and those resolved since
 * `closedSince` (for the closure checklist), as the tracker port promises.
 */
import type { CloudClient } from "jira.js";
import { TrackerError } from "../core/tracker.ts";
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

/** Page through a search; yields each issue as Jira sent it. */
export async function* searchIssues(jira: CloudClient, jql: string): AsyncGenerator<JiraIssue> {
  let nextPageToken: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql,
      maxResults: PAGE_SIZE,
      ...ISSUE_READ,
      ...(nextPageToken === undefined ? {} : { nextPageToken }),
    });
    if (typeof answer !== "object" || answer === null) throw new TrackerError("invalid", "Jira's search answer is not an object");
    const { issues, nextPageToken: next, isLast } = answer as { issues?: unknown; nextPageToken?: unknown; isLast?: unknown };
    for (const issue of Array.isArray(issues) ? issues : []) {
      if (typeof issue !== "object" || issue === null) continue;
      const id = String((issue as JiraIssue).key ?? (issue as JiraIssue).id);
      if (seen.has(id)) continue; // an issue that moved between pages is read once
      seen.add(id);
      yield issue as JiraIssue;
    }
    if (isLast === true || typeof next !== "string" || next === "" || next === nextPageToken) return;
    nextPageToken = next;
  }
}
