/**
 * The JQL audit's reads: the enhanced search `POST /rest/api/3/search/jql`, paged
 * with `nextPageToken`, every field, the changelog and the ledger property in the same answer.
 * The user's JQL picks the issues; the audit narrows it to open issues and those resolved since
 * `closedSince` (for the closure checklist), as the tracker port promises.
 */
import type { CloudClient } from "jira.js";
import { invalidAnswer, isRecord, listProblems } from "../core/answer-shape.ts";
import { isTrackerError, type SkippedIssue, TrackerError } from "../core/tracker.ts";
import { jiraIssueProblems, jiraSearchProblems } from "./check-answers.ts";
import { ISSUE_READ } from "./read-issue.ts";
import type { JiraIssue } from "./to-core-issue.ts";
import { describeJiraErrorBody } from "./to-tracker-error.ts";

/** Issues per page: Jira may answer with fewer when many fields are asked for. */
const PAGE_SIZE = 50;

/** Safety bound on pages (100,000 issues at 50 a page). */
const MAX_PAGES = 2000;

/**
 * Split `… ORDER BY …` off a JQL query; the ORDER BY must be outside quotes. `whereAt` and
 * `orderByAt` are where each part starts in `jql`.
 */
export function splitOrderBy(jql: string): { where: string; orderBy: string; whereAt: number; orderByAt: number } {
  const whereAt = jql.length - jql.trimStart().length;
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
      return { where: jql.slice(0, index).trim(), orderBy: rest.trim(), whereAt, orderByAt: index };
    }
  }
  return { where: jql.trim(), orderBy: "", whereAt, orderByAt: jql.length };
}

/** JQL date-time in UTC, `yyyy-MM-dd HH:mm`. */
const jqlInstant = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/**
 * The JQL actually sent: `(user JQL) AND (statusCategory != Done OR resolved >= "…") ORDER BY …`.
 * JQL dates are read in the API user's time zone, so the window starts a day early; evaluating a
 * few more closed issues changes nothing.
 */
export function auditJql(userJql: string, closedSince?: number): string {
  return auditQuery(userJql, closedSince).jql;
}

/** The JQL sent for an audit, with where the user's `--jql` sits in it. */
export interface AuditQuery {
  /** The JQL sent (see `auditJql`). */
  jql: string;
  /** The user's `--jql`, as given. */
  user: string;
  /** Stretches of `jql` copied from `user`: `length` characters from `sent` in jql, from `at` in user. */
  parts: ReadonlyArray<{ sent: number; at: number; length: number }>;
}

/** `auditJql`, keeping track of the user's parts, so that Jira's error positions can be told in them. */
export function auditQuery(userJql: string, closedSince?: number): AuditQuery {
  const { where, orderBy, whereAt, orderByAt } = splitOrderBy(userJql);
  const open = closedSince === undefined ? "statusCategory != Done" : `(statusCategory != Done OR resolved >= "${jqlInstant(closedSince - 86_400_000)}")`;
  const filter = where === "" ? open : `(${where}) AND ${open}`;
  const parts: Array<{ sent: number; at: number; length: number }> = [];
  if (where !== "") parts.push({ sent: 1, at: whereAt, length: where.length });
  if (orderBy !== "") parts.push({ sent: filter.length + 1, at: orderByAt, length: orderBy.length });
  return { jql: `${filter} ${orderBy === "" ? "ORDER BY key ASC" : orderBy}`, user: userJql, parts };
}

/** Index in `text` of Jira's `(line L, character C)`, both counted from 1. */
function indexOf(text: string, line: number, character: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return -1;
    start = next + 1;
  }
  return start + character - 1;
}

/** `(line L, character C)` of an index in `text`. */
function lineAndCharacter(text: string, index: number): string {
  const before = text.slice(0, index);
  return `line ${before.split("\n").length}, character ${index - before.lastIndexOf("\n")}`;
}

/**
 * A search Jira refused (400: the JQL does not parse, names a field or value the site lacks): the
 * message names the user's `--jql`, quoted, and tells Jira's positions in it, since Jira counts
 * them in the query the tool built around it.
 */
export function refusedQuery(query: AuditQuery, error: TrackerError): TrackerError {
  const said = describeJiraErrorBody(error.cause) || error.message;
  const located = said.replace(/\(line (\d+), character (\d+)\)/g, (whole, line: string, character: string) => {
    const at = indexOf(query.jql, Number(line), Number(character));
    const part = query.parts.find((p) => at >= p.sent && at < p.sent + p.length);
    if (part !== undefined) return `(${lineAndCharacter(query.user, part.at + at - part.sent)} of --jql)`;
    // The parenthesis the tool closes the user's query with: the query ended where more was expected.
    const where = query.parts[0];
    if (where !== undefined && where.sent === 1 && at === where.sent + where.length) return "(at the end of --jql)";
    return `${whole.slice(0, -1)} of the query sent)`;
  });
  const message =
    `Jira refused --jql ${JSON.stringify(query.user)}: ${located}\n` +
    `  sent as: ${query.jql.replace(/\s*\n\s*/g, " ")} (your query, narrowed to open and recently resolved issues)\n` +
    "  Correct the --jql (Jira's advanced issue search checks a query as you type it) and run it again.";
  return new TrackerError(error.kind, message, { cause: error.cause });
}

/**
 * Page through a search; yields each issue as Jira sent it. An issue that lacks what a plan
 * depends on is not yielded but told to `onSkip`; a page that is not a search answer is an error.
 */
export async function* searchIssues(jira: CloudClient, query: string | AuditQuery, onSkip?: (skipped: SkippedIssue) => void): AsyncGenerator<JiraIssue> {
  const jql = typeof query === "string" ? query : query.jql;
  let nextPageToken: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    let answer: unknown;
    try {
      answer = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql,
        maxResults: PAGE_SIZE,
        ...ISSUE_READ,
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
      });
    } catch (error) {
      if (typeof query !== "string" && isTrackerError(error) && error.kind === "invalid") throw refusedQuery(query, error);
      throw error;
    }
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
