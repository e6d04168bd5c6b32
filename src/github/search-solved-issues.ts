/**
 * Candidates for similar past cases through GitHub's issue search:
 * `GET /search/issues?q=repo:O/R is:issue is:closed reason:completed (t1 OR t2 …)`, best match
 * first, then each candidate read whole (its closing comments hold the root cause). The search
 * API allows 30 requests a minute: the Octokit's throttling keeps searches two seconds apart, and
 * a rate-limit answer it does not sit out is a TrackerError of kind rate-limit for the caller.
 */
import { invalidAnswer, isRecord } from "../core/answer-shape.ts";
import type { CaseSearchQuery } from "../core/case-search.ts";
import type { Issue } from "../core/model.ts";
import { type FetchContext, fetchIssue, parseIssueNumber } from "./fetch-issue.ts";
import { toTrackerError } from "./to-tracker-error.ts";

/** Search results asked for at most: GitHub gives up to 100 per page. */
const MAX_RESULTS = 100;

/** A term as GitHub's search reads it literally: quoted, with no quotes of its own. */
const quoted = (term: string): string => `"${term.replace(/["\\]/g, " ").trim()}"`;

/** The query sent: the repository's closed, completed issues matching any of the terms. */
export function solvedIssuesQuery(owner: string, repo: string, terms: readonly string[]): string {
  const words = terms.map(quoted).filter((t) => t !== '""');
  return `repo:${owner}/${repo} is:issue is:closed reason:completed (${words.join(" OR ")})`;
}

/** The numbers of the answer's closed, completed issues, in its order; a malformed answer is an error. */
function numbersOf(data: unknown, answer: string): number[] {
  if (!isRecord(data) || !Array.isArray(data.items)) throw invalidAnswer(answer, ["items: expected a list of issues"]);
  const numbers: number[] = [];
  for (const [i, item] of data.items.entries()) {
    if (!isRecord(item) || typeof item.number !== "number") throw invalidAnswer(answer, [`items[${i}].number: expected a number`]);
    // GitHub applied the qualifiers; an item that is still open, not completed or a pull request is not a case.
    if (item.state === "closed" && (item.state_reason ?? "completed") === "completed" && item.pull_request === undefined) numbers.push(item.number);
  }
  return numbers;
}

/** Closed, completed issues of the repository matching the query's terms, read whole, best match first. */
export async function searchSolvedIssues(context: FetchContext, query: CaseSearchQuery): Promise<Issue[]> {
  const { octokit, owner, repo } = context;
  if (query.terms.length === 0 || query.limit <= 0) return [];
  const q = solvedIssuesQuery(owner, repo, query.terms);
  const answer = "GET /search/issues";
  let numbers: number[];
  try {
    const { data } = await octokit.request("GET /search/issues", { q, per_page: Math.min(query.limit + 1, MAX_RESULTS), advanced_search: "true" });
    numbers = numbersOf(data, answer);
  } catch (error) {
    throw toTrackerError(error, `searching ${owner}/${repo} for similar solved issues`);
  }
  const own = parseIssueNumber(query.issue, `${owner}/${repo}`);
  const issues: Issue[] = [];
  for (const number of numbers) {
    if (number === own) continue;
    if (issues.length >= query.limit) break;
    issues.push(await fetchIssue(context, number));
  }
  return issues;
}
