/**
 * What the Jira adapter needs from an answer before it plans on it (issue, search page, changelog
 * and comment pages). A field the plan depends on (key, labels, status, assignee, creation time,
 * the changelog and comments) that is missing, null or of another shape is a problem: read as
 * empty it would plan on a guess. Each check returns `path: expected …, found …` lines.
 */
import { answerProblem, expectInstant, expectList, expectRecord, expectString, isRecord } from "../core/answer-shape.ts";

/** Comments and changelog entries: an object with an id and a time (clocks run from it). */
function itemsProblems(items: unknown, path: string, problems: string[]): void {
  if (!expectList(items, path, problems)) return;
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!expectRecord(item, at, problems)) return;
    expectString(item.id, `${at}.id`, problems);
    expectInstant(item.created, `${at}.created`, problems);
  });
}

/** An issue as `GET /issue/{key}` or the search returns it (fields `*all`, changelog expanded). */
export function jiraIssueProblems(issue: unknown): string[] {
  const problems: string[] = [];
  if (!expectRecord(issue, "the issue", problems)) return problems;
  expectString(issue.key, "key", problems);
  if (!expectRecord(issue.fields, "fields", problems)) return problems;
  const fields = issue.fields;
  expectString(fields.summary, "fields.summary", problems);
  expectInstant(fields.created, "fields.created", problems);
  if (expectList(fields.labels, "fields.labels", problems)) {
    fields.labels.forEach((label, i) => {
      if (typeof label !== "string") problems.push(answerProblem(`fields.labels[${i}]`, "a label", label));
    });
  }
  if (expectRecord(fields.status, "fields.status", problems)) expectString(fields.status.name, "fields.status.name", problems);
  // Unassigned is null; a missing assignee says nothing about who has the issue.
  if (fields.assignee !== null && !isRecord(fields.assignee)) problems.push(answerProblem("fields.assignee", "a user or null", fields.assignee));
  if (fields.comment !== undefined && expectRecord(fields.comment, "fields.comment", problems)) {
    if (fields.comment.comments !== undefined) itemsProblems(fields.comment.comments, "fields.comment.comments", problems);
  }
  if (issue.changelog !== undefined && expectRecord(issue.changelog, "changelog", problems)) {
    if (issue.changelog.histories !== undefined) itemsProblems(issue.changelog.histories, "changelog.histories", problems);
  }
  return problems;
}

/** A page of `GET /issue/{key}/changelog` (`values`) or `/comment` (`comments`). */
export function jiraPageProblems(answer: unknown, list: "values" | "comments"): string[] {
  const problems: string[] = [];
  if (!expectRecord(answer, "the answer", problems)) return problems;
  itemsProblems(answer[list], list, problems);
  if (answer.total !== undefined && typeof answer.total !== "number") problems.push(answerProblem("total", "a number", answer.total));
  return problems;
}

/** One answer of the enhanced search: `{ issues: [...], nextPageToken?, isLast? }`. */
export function jiraSearchProblems(answer: unknown): string[] {
  const problems: string[] = [];
  if (!expectRecord(answer, "the answer", problems)) return problems;
  expectList(answer.issues, "issues", problems);
  if (answer.nextPageToken !== undefined && answer.nextPageToken !== null) expectString(answer.nextPageToken, "nextPageToken", problems);
  return problems;
}
