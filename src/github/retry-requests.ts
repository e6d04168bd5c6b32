/**
 * Retries of GitHub requests by the core's retry policy (`src/core/retry-policy.ts`), as the
 * outermost `request` hook: server errors (and GitHub's "Something went wrong while executing
 * your query", an answer of 200 that is a server error) for requests safe to repeat, and a 429
 * that the throttling plugin did not take as a primary or secondary rate limit, on its
 * `retry-after`, for every request. A request sent with `request: { retries: 0 }` is not safe to
 * repeat (a comment: after a server error it may exist already).
 */
import type { Logger } from "../core/logger.ts";
import { decideRetry, type RetryPolicy } from "../core/retry-policy.ts";

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

export interface RetryRequestsOptions {
  policy: RetryPolicy;
  log: Logger;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

const QUERY_FAILED = /Something went wrong while executing your query/;

/** A GraphQL answer that reports a failure on GitHub's side, as the error a 500 would be. */
function queryFailure(response: unknown): Error | undefined {
  const errors = (response as { data?: { errors?: { message?: unknown }[] } } | null)?.data?.errors;
  const first = Array.isArray(errors) ? errors[0]?.message : undefined;
  return typeof first === "string" && QUERY_FAILED.test(first) ? Object.assign(new Error(first), { status: 500, response }) : undefined;
}

/** Whether the throttling plugin already judged this answer (GitHub's own rate-limit signals). */
function isRateLimitAnswer(error: ErrorLike): boolean {
  return /\bsecondary rate\b/i.test(error.message ?? "") || String(error.response?.headers?.["x-ratelimit-remaining"]) === "0";
}

/** Wrap `send` (Octokit's request) in the policy's retries. */
export function retryRequests<O extends { method?: string; url?: string }, R>(options: RetryRequestsOptions, send: (request: O) => R | Promise<R>): (request: O) => Promise<R> {
  return async (request) => {
    const safeToRepeat = (request as { request?: { retries?: unknown } }).request?.retries !== 0;
    const what = `${String(request.method)} ${String(request.url)}`;
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        const response = await send(request);
        failure = queryFailure(response);
        if (failure === undefined) return response;
      } catch (error) {
        failure = error;
      }
      const e = failure as ErrorLike;
      if (typeof e.status !== "number" || ((e.status === 403 || e.status === 429) && isRateLimitAnswer(e))) throw failure;
      const retryAfter = e.response?.headers?.["retry-after"];
      const decision = decideRetry(options.policy, {
        attempt,
        failure: { status: e.status, retryAfter: retryAfter === undefined ? undefined : String(retryAfter) },
        safeToRepeat,
        now: options.now(),
        random: options.random,
      });
      if (!decision.retry) throw failure;
      const seconds = Math.ceil(decision.waitMs / 1000);
      options.log.log("warn", "github.retry", { message: `${e.status} on ${what}: retrying after ${seconds}s`, status: e.status, attempt: attempt + 1, waitMs: decision.waitMs });
      await options.sleep(decision.waitMs);
    }
  };
}
