/**
 * The tool's own identity on GitHub: the account its token acts as, read from GraphQL `viewer`
 * (a personal token's user, `github-actions[bot]` for the Actions job token, `<slug>[bot]` for a
 * GitHub App installation). Only comments by this account can carry a hidden key: a configured
 * login or any `[bot]` is never enough, since anyone can register one.
 */
import { TrackerError } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { graphqlRequest } from "./graphql-request.ts";

/** The query that reads the token's own login; the audit asks for the same field in its first page. */
export const VIEWER_QUERY = "query ShepherdViewer { viewer { login } }";

const BOT_SUFFIX = "[bot]";

/**
 * A login as identities are compared: case-insensitive and without the `[bot]` suffix, which
 * GraphQL leaves off Bot actors while REST, webhooks and `viewer` keep it.
 */
export function loginIdentity(login: string): string {
  const lower = login.trim().toLowerCase();
  return lower.endsWith(BOT_SUFFIX) ? lower.slice(0, -BOT_SUFFIX.length) : lower;
}

/** Do these two logins name the same account? */
export const sameLogin = (a: string, b: string): boolean => loginIdentity(a) === loginIdentity(b);

const HINT =
  "issue-shepherd recognises its own comments by the account its token acts as; check that the token " +
  "(GITHUB_TOKEN, a personal token or the App installation token) is valid and can read this repository";

/** The login in a `{ viewer: { login } }` answer; an answer without one is an auth error. */
export function readViewerLogin(answer: unknown, what: string): string {
  const viewer = typeof answer === "object" && answer !== null ? (answer as { viewer?: unknown }).viewer : undefined;
  const login = typeof viewer === "object" && viewer !== null ? (viewer as { login?: unknown }).login : undefined;
  if (typeof login === "string" && login.trim() !== "") return login.trim();
  throw new TrackerError("auth", `${what}: GitHub did not say which account the token acts as (viewer.login is ${JSON.stringify(login ?? null)}); ${HINT}`);
}

/**
 * Read the token's login (one GraphQL request). A failure keeps its kind (a rate limit can be
 * retried) and says why the identity matters.
 */
export async function fetchViewerLogin(octokit: GitHubClient, graphqlUrl: string): Promise<string> {
  const what = "reading the token's own account (GraphQL viewer)";
  try {
    return readViewerLogin(await graphqlRequest<unknown>(octokit, graphqlUrl, VIEWER_QUERY, {}, what), what);
  } catch (error) {
    if (error instanceof TrackerError && !error.message.includes(HINT)) {
      throw new TrackerError(error.kind, `${error.message}; ${HINT}`, { cause: error, ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }) });
    }
    throw error;
  }
}
