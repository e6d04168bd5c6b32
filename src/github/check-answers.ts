/**
 * What the GitHub adapter needs from an answer before it plans on it. A field the plan depends on
 * (labels, assignees, comments, history, state, creation time) that is missing, null or of
 * another shape is a problem: treating it as empty would plan on a guess (a second priority label
 * beside the one a person set). Each check returns `path: expected …, found …` lines.
 */
import { answerProblem, expectInstant, expectList, expectRecord, expectString, isRecord } from "../core/answer-shape.ts";

const isInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** The nodes of a connection, every one an object, and its page info when `paged`. */
function connectionProblems(value: unknown, path: string, problems: string[], paged: boolean, itemCheck?: (item: Record<string, unknown>, at: string) => void): void {
  if (!expectRecord(value, path, problems)) return;
  if (paged) pageInfoProblems(value.pageInfo, `${path}.pageInfo`, problems);
  if (!expectList(value.nodes, `${path}.nodes`, problems)) return;
  value.nodes.forEach((node, i) => {
    const at = `${path}.nodes[${i}]`;
    if (expectRecord(node, at, problems)) itemCheck?.(node, at);
  });
}

/** `{ hasNextPage, endCursor }`. */
export function pageInfoProblems(value: unknown, path: string, problems: string[]): void {
  if (!expectRecord(value, path, problems)) return;
  if (typeof value.hasNextPage !== "boolean") problems.push(answerProblem(`${path}.hasNextPage`, "true or false", value.hasNextPage));
  if (value.hasNextPage === true) expectString(value.endCursor, `${path}.endCursor`, problems);
}

/** An issue node of the audit query. */
export function graphqlIssueProblems(node: Record<string, unknown>): string[] {
  const problems: string[] = [];
  expectString(node.id, "id", problems);
  if (!isInteger(node.number)) problems.push(answerProblem("number", "an issue number", node.number));
  expectString(node.state, "state", problems);
  expectString(node.title, "title", problems);
  // GitHub answers null for an issue opened without a description; absent is not that.
  expectString(node.body, "body", problems, true);
  expectInstant(node.createdAt, "createdAt", problems);
  connectionProblems(node.labels, "labels", problems, false, (label, at) => expectString(label.name, `${at}.name`, problems));
  connectionProblems(node.assignees, "assignees", problems, false, (actor, at) => expectString(actor.login, `${at}.login`, problems));
  connectionProblems(node.comments, "comments", problems, true, commentCheck(problems));
  connectionProblems(node.timelineItems, "timelineItems", problems, true, itemCheck(problems));
  return problems;
}

/** A comment's time says when first response happened; without it clocks would be guessed. */
const commentCheck = (problems: string[]) => (comment: Record<string, unknown>, at: string) => expectInstant(comment.createdAt, `${at}.createdAt`, problems);

const itemCheck = (problems: string[]) => (item: Record<string, unknown>, at: string) => {
  expectString(item.__typename, `${at}.__typename`, problems);
  expectInstant(item.createdAt, `${at}.createdAt`, problems);
};

/** A follow-up page (`comments` or `timelineItems` of one issue). */
export function graphqlPageProblems(page: unknown, path: string): string[] {
  const problems: string[] = [];
  connectionProblems(page, path, problems, true, path.endsWith("comments") ? commentCheck(problems) : itemCheck(problems));
  return problems;
}

/** One page of issues (`repository.open` or `repository.closed`). */
export function graphqlIssuePageProblems(page: unknown, path: string): string[] {
  const problems: string[] = [];
  if (!expectRecord(page, path, problems)) return problems;
  pageInfoProblems(page.pageInfo, `${path}.pageInfo`, problems);
  expectList(page.nodes, `${path}.nodes`, problems);
  return problems;
}

/** A REST issue (`GET /repos/{owner}/{repo}/issues/{number}`). */
export function restIssueProblems(issue: unknown): string[] {
  const problems: string[] = [];
  if (!expectRecord(issue, "the issue", problems)) return problems;
  if (!isInteger(issue.number)) problems.push(answerProblem("number", "an issue number", issue.number));
  expectString(issue.state, "state", problems);
  expectString(issue.title, "title", problems);
  expectString(issue.body, "body", problems, true);
  expectInstant(issue.created_at, "created_at", problems);
  if (expectList(issue.labels, "labels", problems)) {
    issue.labels.forEach((label, i) => {
      if (typeof label !== "string" && !(isRecord(label) && typeof label.name === "string")) {
        problems.push(answerProblem(`labels[${i}]`, "a label", label));
      }
    });
  }
  if (expectList(issue.assignees, "assignees", problems)) {
    issue.assignees.forEach((user, i) => {
      if (!(isRecord(user) && typeof user.login === "string")) problems.push(answerProblem(`assignees[${i}]`, "a user", user));
    });
  }
  return problems;
}

/** A REST list answer (comments, timeline): a list of objects; comments with an id and a time. */
export function restListProblems(list: unknown, name: "comments" | "timeline"): string[] {
  const problems: string[] = [];
  if (!expectList(list, name, problems)) return problems;
  list.forEach((item, i) => {
    const at = `${name}[${i}]`;
    if (!expectRecord(item, at, problems) || name !== "comments") return;
    if (!isInteger(item.id)) problems.push(answerProblem(`${at}.id`, "a comment id", item.id));
    expectInstant(item.created_at, `${at}.created_at`, problems);
  });
  return problems;
}
