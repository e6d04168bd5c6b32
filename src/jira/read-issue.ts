/**
 * Read one Jira issue completely: fields, the ledger property, and every changelog entry and
 * comment. `GET /issue` (and the search) embed only the first page of each; when Jira says there
 * are more (`total` > what came), the rest is paged in from `/changelog` and `/comment`. Comments
 * by the tool's own account (`/myself`, never a configured id) that the ledger does not name are
 * looked up once more with their properties, so a ledger write that failed never leads to a
 * notice posted twice.
 */
import type { CloudClient } from "jira.js";
import { invalidAnswer } from "../core/answer-shape.ts";
import { jiraIssueProblems, jiraPageProblems } from "./check-answers.ts";
import { commentPropertyKey, PROPERTY_KEY, readLedger } from "./ledger.ts";
import type { JiraComment, JiraHistory, JiraIssue } from "./to-core-issue.ts";

/** Page size for changelog and comment pages (Jira's maximum for both is 100). */
const PAGE = 100;

/** Upper bound on pages per list, so a misbehaving server cannot keep us paging for ever. */
const MAX_PAGES = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The request parameters every issue read uses: all fields, the changelog, the ledger. */
export const ISSUE_READ = { fields: ["*all"], expand: "changelog", properties: [PROPERTY_KEY] };

async function allHistories(jira: CloudClient, key: string): Promise<JiraHistory[]> {
  const histories: JiraHistory[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await jira.issues.getChangeLogs({ issueIdOrKey: key, startAt: histories.length, maxResults: PAGE });
    // A page read as empty would drop history (a label's or a status's time): say so instead.
    const problems = jiraPageProblems(answer, "values");
    if (problems.length > 0) throw invalidAnswer(`Jira GET /rest/api/3/issue/${key}/changelog (from ${histories.length})`, problems);
    const values = isRecord(answer) && Array.isArray(answer.values) ? (answer.values as JiraHistory[]) : [];
    histories.push(...values);
    const total = isRecord(answer) ? num(answer.total) : undefined;
    const isLast = isRecord(answer) && answer.isLast === true;
    if (values.length === 0 || isLast || (total !== undefined && histories.length >= total)) break;
  }
  return histories;
}

async function allComments(jira: CloudClient, key: string, expand?: string): Promise<JiraComment[]> {
  const comments: JiraComment[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await jira.issueComments.getComments({
      issueIdOrKey: key,
      startAt: comments.length,
      maxResults: PAGE,
      orderBy: "created",
      ...(expand === undefined ? {} : { expand }),
    });
    const problems = jiraPageProblems(answer, "comments");
    if (problems.length > 0) throw invalidAnswer(`Jira GET /rest/api/3/issue/${key}/comment (from ${comments.length})`, problems);
    const values = isRecord(answer) && Array.isArray(answer.comments) ? (answer.comments as JiraComment[]) : [];
    comments.push(...values);
    const total = isRecord(answer) ? num(answer.total) : undefined;
    if (values.length === 0 || (total !== undefined && comments.length >= total)) break;
  }
  return comments;
}

/**
 * Fill in what the embedded first pages left out. `issue` is an issue as `GET /issue` or the
 * search returned it; it is completed in place and returned.
 */
export async function completeIssue(jira: CloudClient, issue: JiraIssue, selfAccountId: string): Promise<JiraIssue> {
  const key = typeof issue.key === "string" ? issue.key : String(issue.id);
  const changelog = isRecord(issue.changelog) ? issue.changelog : undefined;
  const histories = Array.isArray(changelog?.histories) ? changelog.histories : [];
  const historyTotal = num(changelog?.total);
  if (changelog === undefined || (historyTotal !== undefined && historyTotal > histories.length)) {
    issue.changelog = { histories: await allHistories(jira, key) };
  }

  issue.fields ??= {};
  const holder = isRecord(issue.fields.comment) ? issue.fields.comment : undefined;
  let comments = Array.isArray(holder?.comments) ? holder.comments : [];
  const commentTotal = num(holder?.total);
  if (holder === undefined || (commentTotal !== undefined && commentTotal > comments.length)) {
    comments = await allComments(jira, key);
  }

  const ledger = readLedger(issue.properties);
  const unknownOwn = comments.some(
    (comment) =>
      typeof comment.id === "string" &&
      ledger.comments[comment.id] === undefined &&
      commentPropertyKey(comment.properties) === undefined &&
      typeof comment.author?.accountId === "string" &&
      comment.author.accountId === selfAccountId,
  );
  if (unknownOwn) comments = await allComments(jira, key, "properties");
  issue.fields.comment = { comments, startAt: 0, maxResults: comments.length, total: comments.length };
  return issue;
}

/** `GET /issue/{key}` with fields, changelog and ledger, then completed. */
export async function readIssue(jira: CloudClient, key: string, selfAccountId: string): Promise<JiraIssue> {
  const issue: unknown = await jira.issues.getIssue({ issueIdOrKey: key, ...ISSUE_READ });
  const problems = jiraIssueProblems(issue);
  if (problems.length > 0) throw invalidAnswer(`Jira GET /rest/api/3/issue/${key}`, problems);
  return completeIssue(jira, issue as JiraIssue, selfAccountId);
}
