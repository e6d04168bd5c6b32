/**
 * Octokit failures → TrackerError kinds (auth, not-found, rate-limit, transient, invalid), with a
 * message that names the request and what GitHub said.
 */
import { TrackerError } from "../core/tracker.ts";
import { readRetryAfter } from "./create-octokit.ts";

interface RequestErrorLike {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** What GitHub said, from the response body's `message` (and validation `errors`). */
function githubMessage(error: RequestErrorLike): string {
  const data = error.response?.data;
  if (typeof data === "object" && data !== null) {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    const details = Array.isArray(errors)
      ? errors.map((e) => (typeof e === "object" && e !== null && "message" in e ? String((e as { message: unknown }).message) : JSON.stringify(e)))
      : [];
    if (typeof message === "string") return [message, ...details].join("; ");
  }
  return error.message ?? "request failed";
}

/** Classify any error thrown by a GitHub call. TrackerErrors pass through unchanged. */
export function toTrackerError(error: unknown, what: string): TrackerError {
  if (error instanceof TrackerError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as RequestErrorLike;
  const status = typeof e.status === "number" ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const said = githubMessage(e);
  const message = `${what}: ${status === undefined ? "" : `${status} `}${said}`;
  const retryAfter = readRetryAfter(headers["retry-after"]);
  const options = retryAfter === undefined ? { cause: error } : { cause: error, retryAfter };
  if (status === undefined) return new TrackerError("transient", message, options);
  const rateLimited = status === 429 || /rate limit/i.test(said) || headers["x-ratelimit-remaining"] === "0";
  if (rateLimited) return new TrackerError("rate-limit", message, options);
  if (status === 401 || status === 403) return new TrackerError("auth", message, options);
  if (status === 404 || status === 410) return new TrackerError("not-found", message, options);
  if (status === 400 || status === 409 || status === 422) return new TrackerError("invalid", message, options);
  return new TrackerError("transient", message, options);
}
