/**
 * One issue through REST, as event mode reads it: the issue, all its comments and its whole
 * timeline (paginated), converted by the REST converter.
 */
import type { Issue } from "../core/model.ts";
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

export async function fetchIssue(context: FetchContext, number: number): Promise<Issue> {
  const { octokit, owner, repo } = context;
  const where = `${owner}/${repo}#${number}`;
  try {
    const params = { owner, repo, issue_number: number, per_page: 100 };
    const [{ data: issue }, comments, timeline, selfLogin] = await Promise.all([
      octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: number }),
      octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", params),
      octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/timeline", params),
      context.selfLogin(),
    ]);
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
