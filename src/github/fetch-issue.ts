/**
 * One issue through REST, as event mode reads it: the issue, all its comments and its whole
 * timeline (paginated), converted by the REST converter.
 */
import { invalidAnswer } from "../core/answer-shape.ts";
import type { Issue } from "../core/model.ts";
import { restIssueProblems, restListProblems } from "./check-answers.ts";
import type { GitHubClient } from "./create-octokit.ts";
import type { RestComment, RestIssue, RestTimelineEvent } from "./rest-types.ts";
import { toCoreIssueFromRest } from "./to-core-issue.ts";
import { toTrackerError } from "./to-tracker-error.ts";

export interface FetchContext {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  botLogins: readonly string[];
  /** The login the token acts as, read once per tracker (see `viewer.ts`). */
  selfLogin: () => Promise<string>;
}

/** Upper bound on pages of one list, so a misbehaving server cannot keep us paging for ever. */
const MAX_PAGES = 300;

/**
 * Every page of a list, following `Link: rel="next"`. Octokit's paginator reads a null or
 * non-list page as an empty one (no comments, no history); here each page is checked instead.
 */
async function allPages(
  octokit: GitHubClient,
  route: string,
  params: Record<string, unknown>,
  answer: string,
  name: "comments" | "timeline",
): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = next === undefined ? await octokit.request(route, params) : await octokit.request(`GET ${next}`);
    const problems = restListProblems(response.data, name);
    if (problems.length > 0) throw invalidAnswer(page === 1 ? answer : `${answer} (page ${page})`, problems);
    items.push(...(response.data as unknown[]));
    next = /<([^>]+)>;\s*rel="next"/.exec(String(response.headers.link ?? ""))?.[1];
    if (next === undefined) return items;
  }
  throw invalidAnswer(answer, [`Link: expected a last page within ${MAX_PAGES} pages, found more`]);
}

export async function fetchIssue(context: FetchContext, number: number): Promise<Issue> {
  const { octokit, owner, repo } = context;
  const where = `${owner}/${repo}#${number}`;
  try {
    const params = { owner, repo, issue_number: number, per_page: 100 };
    const base = `/repos/${owner}/${repo}/issues/${number}`;
    const [{ data: issue }, comments, timeline, selfLogin] = await Promise.all([
      octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: number }),
      allPages(octokit, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", params, `GET ${base}/comments`, "comments"),
      allPages(octokit, "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", params, `GET ${base}/timeline`, "timeline"),
      context.selfLogin(),
    ]);
    // An answer without what the plan depends on is an error, never read as "no labels".
    const issueProblems = restIssueProblems(issue);
    const answered: unknown = (issue as { number?: unknown }).number;
    if (issueProblems.length === 0 && answered !== number) issueProblems.push(`number: expected ${number}, found ${String(answered)}`);
    if (issueProblems.length > 0) throw invalidAnswer(`GET ${base}`, issueProblems);
    // The converter reads these as untrusted shapes (every field checked), hence `unknown` casts.
    const restIssue = issue as unknown as RestIssue;
    const restComments = comments as unknown as RestComment[];
    const restTimeline = timeline as unknown as RestTimelineEvent[];
    return toCoreIssueFromRest(`${owner}/${repo}`, restIssue, restComments, restTimeline, { botLogins: context.botLogins, selfLogin });
  } catch (error) {
    throw toTrackerError(error, `reading ${where}`);
  }
}

/** The issue number in `owner/repo#12`, `#12` or `12`; undefined when it names another repository. */
export function parseIssueNumber(id: string, repository: string): number | undefined {
  const match = /^(?:([^#\s]+\/[^#\s]+))?#?(\d+)$/.exec(id.trim());
  if (match === null) return undefined;
  if (match[1] !== undefined && match[1].toLowerCase() !== repository.toLowerCase()) return undefined;
  return Number(match[2]);
}
