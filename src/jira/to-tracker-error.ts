/**
 * Jira HTTP failures → tracker errors.
 * The message names the request and Jira's own error text, never a credential.
 */
import { TrackerError, type TrackerErrorKind } from "../core/tracker.ts";

/** Which kind of tracker error an HTTP status is. */
export function kindOfStatus(status: number): TrackerErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not-found";
  if (status === 429) return "rate-limit";
  if (status === 408 || status >= 500) return "transient";
  return "invalid";
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`, reduced to one line. */
export function describeJiraErrorBody(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 300);
  if (typeof body !== "object" || body === null) return "";
  const record = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const parts: string[] = [];
  if (Array.isArray(record.errorMessages)) {
    for (const message of record.errorMessages) if (typeof message === "string") parts.push(message);
  }
  if (typeof record.errors === "object" && record.errors !== null) {
    for (const [field, message] of Object.entries(record.errors)) {
      if (typeof message === "string") parts.push(`${field}: ${message}`);
    }
  }
  if (parts.length === 0 && typeof record.message === "string") parts.push(record.message);
  return parts.join("; ").slice(0, 300);
}

export interface HttpFailure {
  method: string;
  /** The path template-free path of the request, without the query (which may hold JQL). */
  path: string;
  status: number;
  body: unknown;
  retryAfter?: number | undefined;
  reason?: string | undefined;
  /** The site and the account asked as (JIRA_BASE_URL, JIRA_EMAIL): a 401 names them. */
  account?: { baseUrl: string; email: string } | undefined;
}

/** What to check when Jira does not accept the credentials: which variables, and how they belong together. */
export function unauthorizedAdvice(account: { baseUrl: string; email: string } | undefined): string {
  const site = account === undefined ? "JIRA_BASE_URL" : `JIRA_BASE_URL (${account.baseUrl})`;
  const email = account === undefined ? "JIRA_EMAIL" : `JIRA_EMAIL (${account.email})`;
  return (
    `Jira did not accept the credentials: check ${site}, ${email} and JIRA_API_TOKEN — the token must be an API token of the Atlassian account of that email ` +
    "(created at https://id.atlassian.com/manage-profile/security/api-tokens, not revoked or expired; not the account's password), and that account a user of the site"
  );
}

/** Build the tracker error for a non-2xx answer. */
export function toTrackerError(failure: HttpFailure): TrackerError {
  const detail = describeJiraErrorBody(failure.body);
  const reason = failure.reason === undefined ? "" : ` (${failure.reason})`;
  const said = `Jira ${failure.method} ${failure.path} answered ${failure.status}${reason}${detail === "" ? "" : `: ${detail}`}`;
  const message = failure.status === 401 ? `${said}${/[.!]$/.test(said) ? "" : "."} ${unauthorizedAdvice(failure.account)}.` : said;
  const options: { cause: unknown; retryAfter?: number } = { cause: failure.body };
  if (failure.retryAfter !== undefined) options.retryAfter = failure.retryAfter;
  return new TrackerError(kindOfStatus(failure.status), message, options);
}
