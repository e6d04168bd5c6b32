/**
 * The one retry policy of every call to a tracker and of the server's re-runs: how many retries,
 * exponential back-off with jitter from an injected random, its cap, the tracker's `Retry-After`
 * honoured (`retry-after.ts`), the longest wait sat out, and which failures are retried for which
 * requests. Refusals (429: nothing was done) are retried for every request; server errors and
 * dropped connections only for requests that are safe to repeat, since the first attempt may
 * have been carried out. Pure: the caller sends, sleeps and says what is safe to repeat.
 */
import { retryAfterMs } from "./retry-after.ts";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** The first back-off when the tracker says nothing; doubled per retry. */
  readonly initialBackoffMs: number;
  /** The longest a computed back-off grows to. */
  readonly maxBackoffMs: number;
  /** A single wait longer than this — an advised one too — is not sat out: the call fails. */
  readonly maxWaitMs: number;
  /** Back-offs vary by up to this fraction either way (0.2: 80 % to 120 %). */
  readonly jitter: number;
  /** Statuses that refuse a request without doing it: retried for every request. */
  readonly refusals: readonly number[];
  /** Statuses of a failure on the tracker's side: retried only for requests safe to repeat. */
  readonly transient: readonly number[];
}

/** The defaults: four retries, 1 s doubling to at most 30 s, ±20 %, no single wait over a minute. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  initialBackoffMs: 1000,
  maxBackoffMs: 30_000,
  maxWaitMs: 60_000,
  jitter: 0.2,
  refusals: [429],
  transient: [502, 503, 504],
};

/** The policy with some numbers changed (unset ones keep the base's). */
export function retryPolicy(changes: { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined } = {}, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}

/** How one attempt failed: an answer with a status (and its `Retry-After`), or no answer at all. */
export type AttemptFailure = { readonly status: number; readonly retryAfter?: string | null | undefined } | { readonly status: "network" };

export interface RetryQuestion {
  /** Retries already made (0 after the first attempt). */
  readonly attempt: number;
  readonly failure: AttemptFailure;
  /** Whether doing the request twice does no harm (a read, an idempotent write). */
  readonly safeToRepeat: boolean;
  /** Epoch ms, for a `Retry-After` given as an HTTP date. */
  readonly now: number;
  /** In [0, 1), for the jitter. */
  readonly random: () => number;
}

/** Why a failure is not retried. */
export type NoRetry = "not-retryable" | "unsafe-to-repeat" | "retries-used" | "wait-too-long";

export type RetryDecision =
  | { readonly retry: true; readonly waitMs: number; readonly advised: boolean }
  | { readonly retry: false; readonly why: NoRetry; readonly retryAfterMs?: number | undefined };

/** The back-off before retry number `attempt + 1`: doubled per retry, capped, with jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ms = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** attempt);
  return Math.round(ms * (1 - policy.jitter + 2 * policy.jitter * random()));
}

/** Whether a failure is of a kind that is retried at all, and for which requests. */
export function retryableFor(policy: RetryPolicy, failure: AttemptFailure): "any-request" | "safe-to-repeat" | "never" {
  if (failure.status === "network") return "safe-to-repeat";
  if (policy.refusals.includes(failure.status)) return "any-request";
  return policy.transient.includes(failure.status) ? "safe-to-repeat" : "never";
}

/**
 * For a failure already known to be retried: whether retries are left and the wait fits, waiting
 * what the tracker advised (ms) when it did, else the back-off.
 */
export function retryWait(policy: RetryPolicy, attempt: number, advisedMs: number | undefined, random: () => number): RetryDecision {
  if (attempt >= policy.maxRetries) return { retry: false, why: "retries-used", retryAfterMs: advisedMs };
  const waitMs = advisedMs ?? backoffMs(policy, attempt, random);
  if (waitMs > policy.maxWaitMs) return { retry: false, why: "wait-too-long", retryAfterMs: advisedMs };
  return { retry: true, waitMs, advised: advisedMs !== undefined };
}

/** Retry or not, and after how long: the tracker's `Retry-After` when it gave one, else the back-off. */
export function decideRetry(policy: RetryPolicy, question: RetryQuestion): RetryDecision {
  const { failure } = question;
  const advisedMs = failure.status === "network" ? undefined : retryAfterMs(failure.retryAfter, question.now);
  const kind = retryableFor(policy, failure);
  if (kind === "never") return { retry: false, why: "not-retryable", retryAfterMs: advisedMs };
  if (kind === "safe-to-repeat" && !question.safeToRepeat) return { retry: false, why: "unsafe-to-repeat", retryAfterMs: advisedMs };
  return retryWait(policy, question.attempt, advisedMs, question.random);
}
