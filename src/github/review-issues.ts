/**
 * The periodic review's issue on GitHub, behind the ReviewPublisher port: issues found by the
 * review label through REST (`GET /repos/{o}/{r}/issues?labels=…&state=all`, newest first; pull
 * requests left out), created with `POST /repos/{o}/{r}/issues` and edited with `PATCH
 * /repos/{o}/{r}/issues/{n}`. Authors are marked `self` by the token's own login, as comments are.
 * The listing is not narrowed by `creator`: the author is checked here, on every issue, so that the
 * same rule decides for a user's token, `github-actions[bot]` and an App's bot.
 */
import type { Person } from "../core/model.ts";
import type { ReviewContent, ReviewIssue, ReviewPublisher } from "../core/review/review-publisher.ts";
import { TrackerError } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import type { RestIssue } from "./rest-types.ts";
import { toTrackerError } from "./to-tracker-error.ts";
import { sameLogin } from "./viewer.ts";

export interface GitHubReviewOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The token's own login (the tracker's `selfLogin`). */
  selfLogin(): Promise<string>;
}

/** A REST issue as a possible review issue; undefined for a pull request or an issue without a number. */
function toReviewIssue(name: string, issue: RestIssue, self: string): ReviewIssue | undefined {
  if (typeof issue.number !== "number" || (issue.pull_request !== undefined && issue.pull_request !== null)) return undefined;
  const login = typeof issue.user?.login === "string" && issue.user.login !== "" ? issue.user.login : "ghost";
  const author: Person = { id: login };
  if (issue.user?.type === "Bot" || login.endsWith("[bot]")) author.bot = true;
  if (login !== "ghost" && sameLogin(login, self)) author.self = true;
  return {
    id: `${name}#${issue.number}`,
    number: issue.number,
    url: typeof issue.html_url === "string" ? issue.html_url : "",
    title: typeof issue.title === "string" ? issue.title : "",
    body: typeof issue.body === "string" ? issue.body : "",
    author,
    state: issue.state === "closed" ? "closed" : "open",
  };
}

/** The ReviewPublisher of one repository. */
export function createGitHubReviewPublisher(options: GitHubReviewOptions): ReviewPublisher {
  const { octokit, owner, repo } = options;
  const name = `${owner}/${repo}`;
  const converted = async (data: unknown, what: string): Promise<ReviewIssue> => {
    const issue = toReviewIssue(name, data as RestIssue, await options.selfLogin());
    if (issue === undefined) throw new TrackerError("invalid", `${what}: GitHub's answer has no issue number (expected an issue object)`);
    return issue;
  };
  return {
    name,
    async *listLabelled(label: string): AsyncIterable<ReviewIssue> {
      const self = await options.selfLogin();
      const params = { owner, repo, labels: label, state: "all" as const, sort: "created" as const, direction: "desc" as const, per_page: 100 };
      try {
        for await (const { data } of octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues", params)) {
          for (const issue of data as RestIssue[]) {
            const review = toReviewIssue(name, issue, self);
            if (review !== undefined) yield review;
          }
        }
      } catch (error) {
        throw toTrackerError(error, `listing the issues of ${name} labelled ${label}`);
      }
    },
    async create(content: ReviewContent, label: string): Promise<ReviewIssue> {
      const what = `creating the review issue in ${name}`;
      try {
        const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", {
          owner,
          repo,
          title: content.title,
          body: content.body,
          labels: [label],
          // Not idempotent: after a server error the issue may exist, and a retry would make a
          // second one. The next run finds it by its key.
          request: { retries: 0 },
        });
        return await converted(data, what);
      } catch (error) {
        throw toTrackerError(error, what);
      }
    },
    async edit(issue: ReviewIssue, content: ReviewContent): Promise<ReviewIssue> {
      const what = `editing the review issue ${issue.id}`;
      try {
        const { data } = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: issue.number, title: content.title, body: content.body });
        return await converted(data, what);
      } catch (error) {
        throw toTrackerError(error, what);
      }
    },
  };
}
