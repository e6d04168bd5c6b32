/**
 * Issues the tool opens itself (monitoring alerts) and finds again by a hidden identity: created
 * with `POST /repos/{o}/{r}/issues`, the identity as the marker that ends the body (text copied
 * into the body is defused, so no one can forge it), and found by listing the issues with one of
 * its labels that the tool's own login opened, newest first — a listing, never the search API,
 * which indexes new issues with a delay that a crash-and-retry would fall into.
 */
import type { Issue } from "../core/model.ts";
import type { NewIssue } from "../core/tracker.ts";
import { readMarkerKeys, withMarker } from "../core/text/hidden-key.ts";
import { type FetchContext, fetchIssue } from "./fetch-issue.ts";
import { toTrackerError } from "./to-tracker-error.ts";

/** Pages of 100 looked through for an identity: the group's issue is among the newest. */
const MAX_PAGES = 3;

/** Open the issue as the token's identity; answers it as read back. */
export async function createIdentifiedIssue(context: FetchContext, issue: NewIssue): Promise<Issue> {
  const { octokit, owner, repo } = context;
  const what = `opening an issue in ${owner}/${repo}`;
  let number: number;
  try {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: issue.title,
      body: withMarker(issue.body, issue.identity),
      labels: [...issue.labels],
      // Not idempotent: after a server error the issue may exist; the next run finds it by identity.
      request: { retries: 0 },
    });
    number = (data as { number: number }).number;
  } catch (error) {
    throw toTrackerError(error, what);
  }
  return fetchIssue(context, number);
}

interface ListedIssue {
  number?: unknown;
  body?: unknown;
  user?: { login?: unknown } | null;
  pull_request?: unknown;
}

/**
 * The newest issue with this identity that the tool's own login opened, if any: looked for among
 * those with the first of `labels`, then — a person may have removed that label — among all the
 * issues the tool's login opened.
 */
export async function findIdentifiedIssue(context: FetchContext, identity: string, labels: readonly string[]): Promise<Issue | undefined> {
  const [label] = labels;
  if (label === undefined) return undefined;
  const what = `looking for the issue of ${identity} in ${context.owner}/${context.repo}`;
  try {
    const self = await context.selfLogin();
    return (await findAmong(context, identity, self, label)) ?? (await findAmong(context, identity, self, undefined));
  } catch (error) {
    throw toTrackerError(error, what);
  }
}

/** The newest issue with the identity among the login's issues (with `label`, when given). */
async function findAmong(context: FetchContext, identity: string, self: string, label: string | undefined): Promise<Issue | undefined> {
  const { octokit, owner, repo } = context;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      ...(label === undefined ? {} : { labels: label }),
      creator: self,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: 100,
      page,
    });
    const items = Array.isArray(data) ? (data as ListedIssue[]) : [];
    for (const item of items) {
      if (item.pull_request !== undefined && item.pull_request !== null) continue;
      if (typeof item.user?.login !== "string" || item.user.login.toLowerCase() !== self.toLowerCase()) continue;
      if (typeof item.body !== "string" || typeof item.number !== "number") continue;
      if (readMarkerKeys(item.body)?.includes(identity) === true) return await fetchIssue(context, item.number);
    }
    if (items.length < 100) return undefined;
  }
  return undefined;
}
